import { describe, expect, it } from 'vitest'
import { addMonths } from '../src/labels'

describe('addMonths', () => {
  it('moves a membership end a year on', () => {
    expect(addMonths('2026-12-10', 12)).toBe('2027-12-10')
  })
  it('keeps a month end inside the month it lands in', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28')
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29')
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28')
  })
  it('crosses the year both ways', () => {
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15')
    expect(addMonths('2027-01-15', -1)).toBe('2026-12-15')
  })
})
