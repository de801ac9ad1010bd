import { describe, expect, it } from 'vitest'
import { i18n } from '../src/i18n'
import { paletteEntries } from '../src/components/palette'
import type { Cohort, MemberRow } from '../src/bindings'

const t = i18n.global.t as unknown as (k: string, v?: Record<string, unknown>) => string
const cohorts = [
  { id: 3, name: '21天写作营 第3期', status: 'running' },
  { id: 2, name: '21天写作营 第2期', status: 'finished' },
] as Cohort[]
const found = [{ id: 351, name: '李涛天', nickname: '西安-李涛天-运营', cohort: '21天写作营 第3期', group: '3期2群' }] as MemberRow[]

describe('the command palette', () => {
  it('with nothing typed: every screen and action, no members or cohorts', () => {
    const all = paletteEntries(t, '', cohorts, found)
    expect(all.filter((e) => e.kind === 'screen').map((e) => e.label)).toContain('今日')
    expect(all.filter((e) => e.kind === 'screen')).toHaveLength(13)
    expect(all.some((e) => e.kind === 'member' || e.kind === 'cohort')).toBe(false)
  })

  it('finds screens by name or pinyin initials, and cohorts by name', () => {
    expect(paletteEntries(t, 'jr', cohorts, []).map((e) => e.label)).toEqual(['今日'])
    expect(paletteEntries(t, '生日', cohorts, [])[0].label).toBe('生日')
    const c = paletteEntries(t, '第2期', cohorts, [])
    expect(c.map((e) => [e.kind, e.label, e.cohortId])).toEqual([['cohort', '21天写作营 第2期', 2]])
    expect(paletteEntries(t, 'xjyq', cohorts, []).map((e) => [e.label, e.to])).toEqual([['新建一期', { name: 'cohorts', query: { new: '1' } }]])
  })

  it('the members the core found come first, with their nickname, cohort and group', () => {
    const [m] = paletteEntries(t, 'ltt', cohorts, found)
    expect(m).toMatchObject({ kind: 'member', label: '李涛天（西安-李涛天-运营）', hint: '21天写作营 第3期 · 3期2群', to: { name: 'member', params: { id: 351 } } })
  })
})
