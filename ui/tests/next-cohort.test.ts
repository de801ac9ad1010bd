import { describe, expect, it } from 'vitest'
import { nextCohortName } from '../src/screens/cohorts/nextCohort'

describe('the next cohort\'s name', () => {
  it('counts on the number before 期, in digits or in Chinese numerals', () => {
    expect(nextCohortName('21天写作营 第3期')).toBe('21天写作营 第4期')
    expect(nextCohortName('写作营9期')).toBe('写作营10期')
    expect(nextCohortName('读书会 第三期')).toBe('读书会 第四期')
    expect(nextCohortName('读书会 第九期')).toBe('读书会 第十期')
    expect(nextCohortName('读书会 第十九期')).toBe('读书会 第二十期')
    expect(nextCohortName('2026 春季班')).toBe('2026 春季班')
  })
})
