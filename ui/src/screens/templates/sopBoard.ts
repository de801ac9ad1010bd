// The visual SOP editor's board: a template's tasks laid out in day columns (开营前 3 天 … 开营日 …
// 结营日 … 结营后 2 天), and the edits it makes (add, change, move to another day, remove), each
// returning a new template for the core to write back as TOML.
import type { Anchor, Sop, SopTask } from '../../bindings'

export interface Column {
  /** "D-3", "D0", "E+2": also the drop target's data-anchor. */
  id: string
  anchor: Anchor
  /** Where it sits: before the start, in the cohort, after the end (a gap is drawn between). */
  part: 'start' | 'end'
  /** The tasks of that day, by time, with their place in the template. */
  tasks: { task: SopTask; index: number }[]
}

export function anchorId(a: Anchor): string {
  const l = a.from === 'start' ? 'D' : 'E'
  return a.days === 0 ? `${l}0` : `${l}${a.days > 0 ? '+' : ''}${a.days}`
}

function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i)
}

/**
 * Every day a task is on, and the days around them a task is often dragged to: from 开营前 3 天
 * to one day past the last start-anchored task (at least 第 3 天), then, for a cohort, 结营前 1 天
 * to 结营后 2 天 (wider if a task is further out).
 */
export function columns(sop: Sop): Column[] {
  const days = (from: 'start' | 'end') => sop.tasks.filter((t) => t.anchor.from === from).map((t) => t.anchor.days)
  const start = days('start')
  const end = days('end')
  const anchors: Anchor[] = range(Math.min(-3, ...start), Math.max(2, ...start.map((d) => d + 1))).map((days) => ({ from: 'start', days }))
  if (sop.kind === 'cohort') anchors.push(...range(Math.min(-1, ...end), Math.max(2, ...end)).map((days) => ({ from: 'end' as const, days })))
  return anchors.map((anchor) => ({
    id: anchorId(anchor),
    anchor,
    part: anchor.from,
    tasks: sop.tasks
      .map((task, index) => ({ task, index }))
      .filter(({ task }) => task.anchor.from === anchor.from && task.anchor.days === anchor.days)
      .sort((a, b) => a.task.time.localeCompare(b.task.time)),
  }))
}

/** A new task on a day: 20:00, owned by the operator, once, nothing to say yet. */
export function blankTask(anchor: Anchor): SopTask {
  return { key: '', title: '', anchor, anchor_text: anchorId(anchor), time: '20:00', repeat: { every: 'once' }, role: '群主', message: '', checklist: [], action: null }
}

export function withTask(sop: Sop, index: number | null, task: SopTask): Sop {
  const tasks = [...sop.tasks]
  const clean = { ...task, title: task.title.trim(), checklist: task.checklist.map((s) => s.trim()).filter(Boolean), anchor_text: anchorId(task.anchor) }
  if (index === null) tasks.push(clean)
  else tasks[index] = clean
  return { ...sop, tasks }
}

export function moveTask(sop: Sop, index: number, anchor: Anchor): Sop {
  return withTask(sop, index, { ...sop.tasks[index], anchor })
}

export function removeTask(sop: Sop, index: number): Sop {
  return { ...sop, tasks: sop.tasks.filter((_, i) => i !== index) }
}

/** Another task of the template already has this title (the template tells tasks apart by it). */
export function titleTaken(sop: Sop, index: number | null, title: string): boolean {
  const name = title.trim()
  return sop.tasks.some((t, i) => i !== index && (t.title === name || t.key === name))
}
