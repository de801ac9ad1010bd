// How a metric moved from one cohort to another: "▲ +3.7 个百分点" for a rate, "▼ -12" for a
// count, green when it moved the good way; and which cohort a 复盘 is compared with by default.
import type { Cohort, CompareRow } from '../../bindings'

type T = (key: string, values?: Record<string, unknown>) => string

export interface Delta {
  text: string
  cls: 'good' | 'bad' | 'flat'
  arrow: string
}

export function delta(t: T, r: Pick<CompareRow, 'rate' | 'higher_is_better' | 'judged'>, d: number | null): Delta {
  if (d === null || Math.abs(d) < 1e-9) return { text: d === null ? '' : '±0', cls: 'flat', arrow: '' }
  const sign = d > 0 ? '+' : ''
  const text = r.rate ? t('retro.points', { n: `${sign}${(d * 100).toFixed(1)}` }) : `${sign}${Math.round(d * 10) / 10}`
  const cls = !r.judged ? 'flat' : d > 0 === r.higher_is_better ? 'good' : 'bad'
  return { text, cls, arrow: d > 0 ? '▲' : '▼' }
}

/** The cohort that started before this one (what a 复盘 is compared with), if any. */
export function previousCohort(cohorts: Cohort[], id: number): Cohort | undefined {
  const sorted = [...cohorts].sort((a, b) => a.start_date.localeCompare(b.start_date) || a.id - b.id)
  const i = sorted.findIndex((c) => c.id === id)
  return i > 0 ? sorted[i - 1] : undefined
}

/** The 复盘 card each compared metric belongs to. */
export const CARD_OF: Record<string, string> = {
  enrolled: 'enrolled', completion_rate: 'completion', quit_rate: 'quit', checkin_rate: 'checkin', lecture_rate: 'lecture',
  homework_rate: 'homework', excellent_rate: 'excellent', points_mean: 'points', satisfaction_members: 'satMembers',
  satisfaction_staff: 'satStaff', nps: 'nps', birthdays_celebrated: 'birthdays',
}
