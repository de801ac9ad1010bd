// Where the day is: Today's tasks split into overdue (earlier days), still to do today, and done
// today; the tasks to do in time order with where "now" falls among them and which one is next.
import type { Task } from '../../bindings'

export type Tone = 'late' | 'next' | 'later'

export interface DayPlan {
  overdue: Task[]
  /** Today's tasks not done, by time, each with how it stands against the clock. */
  due: { task: Task; tone: Tone }[]
  /** The index in `due` before which the now-line is drawn (due.length: after the last). */
  nowAt: number
  done: Task[]
  progress: { done: number; total: number }
}

const byTime = (a: Task, b: Task) => (a.date + a.time).localeCompare(b.date + b.time) || a.id - b.id

/** `now` is the local time of day as HH:MM. */
export function dayPlan(tasks: Task[], today: string, now: string): DayPlan {
  const overdue = tasks.filter((x) => x.date < today && !x.done).sort(byTime)
  const todays = tasks.filter((x) => x.date === today)
  const open = todays.filter((x) => !x.done).sort(byTime)
  const done = todays.filter((x) => x.done).sort(byTime)
  const nowAt = open.findIndex((x) => x.time >= now)
  const at = nowAt === -1 ? open.length : nowAt
  const due = open.map((task, i) => ({ task, tone: (i < at ? 'late' : i === at ? 'next' : 'later') as Tone }))
  return { overdue, due, nowAt: at, done, progress: { done: done.length, total: todays.length } }
}
