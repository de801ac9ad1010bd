import { describe, expect, it } from 'vitest'
import { addDays, backupReason, dateTs, formatTimestamp, isoDate, messageParts, monthGrid, roleLabel, sizePercent, taskRoleLabel, weekOf } from '../src/labels'

const t = (k: string) => `T(${k})`

describe('labels', () => {
  it('translates built-in roles and keeps operator roles as named', () => {
    expect(roleLabel(t, 'monitor', '班长')).toBe('T(roles.monitor)')
    expect(roleLabel(t, null, '读书会主持')).toBe('读书会主持')
    expect(roleLabel(t, 'unknown', '自定义')).toBe('自定义')
  })

  it('dates round-trip between pickers and YYYY-MM-DD without a timezone shift', () => {
    expect(isoDate(dateTs('2026-03-09'))).toBe('2026-03-09')
    expect(isoDate(dateTs('2026-12-31'))).toBe('2026-12-31')
    expect(dateTs('')).toBeNull()
    expect(isoDate(null)).toBe('')
  })

  it('timestamps read the same in both languages', () => {
    const local = new Date(2026, 10, 24, 9, 5).toISOString()
    expect(formatTimestamp(local)).toBe('2026-11-24 09:05')
    expect(formatTimestamp('not a date')).toBe('not a date')
  })

  it('group size bar and backup reasons', () => {
    expect(sizePercent(175)).toBe(50)
    expect(sizePercent(1000)).toBe(100)
    expect(backupReason(t, 'pre-migration-v2')).toBe('T(settings.reasons.migration)')
    expect(backupReason(t, 'daily')).toBe('T(settings.reasons.daily)')
  })
})

describe('calendar helpers', () => {
  it('lays a month out in Monday-first weeks', () => {
    // November 2026 starts on a Sunday and has 30 days: 6 leading days, 6 weeks.
    const g = monthGrid(2026, 11)
    expect(g.length).toBe(42)
    expect(g[0]).toBe('2026-10-26')
    expect(g[6]).toBe('2026-11-01')
    expect(g[g.length - 1]).toBe('2026-12-06')
    // February 2027 starts on a Monday: exactly four weeks.
    expect(monthGrid(2027, 2)).toHaveLength(28)
    expect(monthGrid(2027, 2)[0]).toBe('2027-02-01')
  })
  it('finds the week of a date and adds days across months', () => {
    expect(weekOf('2026-11-24')).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'])
    expect(weekOf('2026-11-29')[0]).toBe('2026-11-23')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
  })
  it('marks unfilled placeholders in a message and names roles in the UI language', () => {
    expect(messageParts('打卡入口：{链接}，加油', ['{链接}'])).toEqual([
      { text: '打卡入口：', missing: false },
      { text: '{链接}', missing: true },
      { text: '，加油', missing: false },
    ])
    const t = (k: string) => ({ 'roles.monitor': 'Monitor', 'roles.owner': 'Owner' })[k] ?? k
    expect(taskRoleLabel(t, '班长')).toBe('Monitor')
    expect(taskRoleLabel(t, '群主')).toBe('Owner')
    expect(taskRoleLabel(t, '校长')).toBe('校长')
  })
})
