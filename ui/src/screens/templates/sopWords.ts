// SOP words as the operator says them: "开营前 3 天", "第 2 天", "结营后 2 天"; "每天", "每周四",
// "一次"; and the template's tasks in the order they happen.
import type { Anchor, Repeat, SopTask } from '../../bindings'

type T = (key: string, values?: Record<string, unknown>) => string

export function anchorLabel(t: T, a: Anchor): string {
  if (a.from === 'start') {
    if (a.days < 0) return t('sop.beforeStart', { n: -a.days })
    if (a.days === 0) return t('sop.startDay')
    return t('sop.dayN', { n: a.days + 1 })
  }
  if (a.days < 0) return t('sop.beforeEnd', { n: -a.days })
  if (a.days === 0) return t('sop.endDay')
  return t('sop.afterEnd', { n: a.days })
}

export function repeatLabel(t: T, r: Repeat): string {
  if (r.every === 'once') return t('sop.once')
  if (r.every === 'daily') return t('sop.daily')
  return t('sop.weekly', { day: t(`sop.weekdays.${(r.weekday ?? 1) - 1}`) })
}

/** Start-anchored days first (before, during), then the end-anchored ones; then by time. */
export function anchorOrder(a: Anchor): number {
  return a.from === 'start' ? a.days : 100_000 + a.days
}

export function chronological(tasks: SopTask[]): SopTask[] {
  return [...tasks].sort((x, y) => anchorOrder(x.anchor) - anchorOrder(y.anchor) || x.time.localeCompare(y.time))
}
