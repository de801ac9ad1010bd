import { describe, expect, it } from 'vitest'
import { i18n } from '../src/i18n'
import { anchorId, blankTask, columns, moveTask, removeTask, titleTaken, withTask } from '../src/screens/templates/sopBoard'
import type { Anchor, Sop } from '../src/bindings'

const t = i18n.global.t as unknown as (k: string) => string
const at = (from: 'start' | 'end', days: number): Anchor => ({ from, days })
function sop(kind: 'cohort' | 'ongoing', ...tasks: [string, Anchor, string][]): Sop {
  return { key: 'k', name: 'n', kind, completion: null, tasks: tasks.map(([title, anchor, time]) => ({ ...blankTask(anchor), key: title, title, time })) }
}

describe('the SOP board', () => {
  it('lays a cohort out from 开营前 3 天 to a day past the last task, then 结营前 1 天 to 结营后 2 天', () => {
    const s = sop('cohort', ['开营仪式', at('start', 0), '20:00'], ['早安', at('start', 0), '07:00'], ['大咖', at('start', 4), '20:00'], ['复盘', at('end', 1), '10:00'])
    const cols = columns(s)
    expect(cols.map((c) => c.id)).toEqual(['D-3', 'D-2', 'D-1', 'D0', 'D+1', 'D+2', 'D+3', 'D+4', 'D+5', 'E-1', 'E0', 'E+1', 'E+2'])
    // A day's tasks by time, each knowing its place in the template.
    expect(cols[3].tasks.map((x) => [x.task.title, x.index])).toEqual([['早安', 1], ['开营仪式', 0]])
    expect(cols.find((c) => c.id === 'E+1')!.tasks.map((x) => x.task.title)).toEqual(['复盘'])
    // Further out days widen it; an ongoing group has no end.
    expect(columns(sop('cohort', ['录取', at('start', -7), '20:00'], ['回访', at('end', 5), '10:00'])).map((c) => c.id)).toEqual(
      ['D-7', 'D-6', 'D-5', 'D-4', 'D-3', 'D-2', 'D-1', 'D0', 'D+1', 'D+2', 'E-1', 'E0', 'E+1', 'E+2', 'E+3', 'E+4', 'E+5'],
    )
    expect(columns(sop('ongoing', ['周会', at('start', 0), '20:00'])).every((c) => c.part === 'start')).toBe(true)
  })

  it('adds, moves, edits and removes tasks without touching the template it was given', () => {
    const s = sop('cohort', ['开营仪式', at('start', 0), '20:00'])
    const added = withTask(s, null, { ...blankTask(at('start', 2)), title: ' 第三天的分享 ', checklist: ['发预告', ' ', '开场'] })
    expect(added.tasks[1]).toMatchObject({ title: '第三天的分享', anchor_text: 'D+2', checklist: ['发预告', '开场'], key: '' })
    const moved = moveTask(added, 1, at('start', 3))
    expect(columns(moved).find((c) => c.id === 'D+3')!.tasks.map((x) => x.task.title)).toEqual(['第三天的分享'])
    expect(columns(moved).find((c) => c.id === 'D+2')!.tasks).toEqual([])
    expect(added.tasks[1].anchor).toEqual(at('start', 2))
    expect(removeTask(moved, 0).tasks.map((x) => x.title)).toEqual(['第三天的分享'])
    expect(s.tasks.length).toBe(1)
  })

  it('a title another task has (or had, kept as its key) is taken; its own is not', () => {
    const s = sop('cohort', ['开营仪式', at('start', 0), '20:00'])
    s.tasks[0].title = '开营仪式（新）'
    expect(titleTaken(s, null, '开营仪式')).toBe(true)
    expect(titleTaken(s, null, ' 开营仪式（新） ')).toBe(true)
    expect(titleTaken(s, 0, '开营仪式（新）')).toBe(false)
    expect(titleTaken(s, null, '结营仪式')).toBe(false)
  })

  it('spells anchors as a template does and names every action and placeholder in Chinese', () => {
    expect([at('start', -3), at('start', 0), at('start', 5), at('end', -1), at('end', 0), at('end', 2)].map(anchorId)).toEqual(['D-3', 'D0', 'D+5', 'E-1', 'E0', 'E+2'])
    for (const a of ['welcome', 'admission_letter', 'opening_ceremony', 'today_star', 'guest_poster', 'completion_certificate']) expect(t(`templates.action.${a}`)).not.toMatch(/[a-z_]{4,}/)
    for (const p of ['营', '期', '群', '第N天', '日期', '时间', '链接', '成员', '班长']) expect(t(`templates.place.${p}`)).not.toContain('templates.')
  })
})
