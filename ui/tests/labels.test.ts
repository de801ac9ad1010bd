import { describe, expect, it } from 'vitest'
import { backupReason, dateTs, formatTimestamp, isoDate, roleLabel, sizePercent } from '../src/labels'

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
