import { describe, expect, it } from 'vitest'
import { dayPlan } from '../src/screens/today/day'
import type { Task } from '../src/bindings'

let id = 0
const task = (date: string, time: string, done = false) => ({ id: ++id, date, time, done, title: `${date} ${time}` }) as unknown as Task

describe('dayPlan', () => {
  const list = [
    task('2026-03-10', '20:00'),
    task('2026-03-11', '21:00'),
    task('2026-03-11', '07:30', true),
    task('2026-03-11', '12:00'),
    task('2026-03-11', '09:00'),
    task('2026-03-11', '19:00'),
    task('2026-03-09', '08:00', true),
  ]

  it('splits the day and puts the now-line where the clock is', () => {
    const p = dayPlan(list, '2026-03-11', '10:15')
    expect(p.overdue.map((x) => x.title)).toEqual(['2026-03-10 20:00'])
    expect(p.due.map((x) => `${x.task.time} ${x.tone}`)).toEqual(['09:00 late', '12:00 next', '19:00 later', '21:00 later'])
    expect(p.nowAt).toBe(1)
    expect(p.done.map((x) => x.time)).toEqual(['07:30'])
    expect(p.progress).toEqual({ done: 1, total: 5 })
  })

  it('a task due this very minute is the next one; after the last task nothing is next', () => {
    expect(dayPlan(list, '2026-03-11', '12:00').due[1].tone).toBe('next')
    const evening = dayPlan(list, '2026-03-11', '23:00')
    expect(evening.nowAt).toBe(4)
    expect(evening.due.every((x) => x.tone === 'late')).toBe(true)
    const morning = dayPlan(list, '2026-03-11', '06:00')
    expect(morning.nowAt).toBe(0)
    expect(morning.due.map((x) => x.tone)).toEqual(['next', 'later', 'later', 'later'])
  })
})
