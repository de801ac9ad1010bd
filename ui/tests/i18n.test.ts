import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import zhCN from '../src/i18n/zh-CN'
import en from '../src/i18n/en'

function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  )
}

function params(s: string): string[] {
  return [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
}

function get(o: Record<string, unknown>, path: string): string {
  return path.split('.').reduce<unknown>((acc, k) => (acc as Record<string, unknown>)[k], o) as string
}

describe('locale files', () => {
  it('English has exactly the keys of Chinese', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })

  it('no message is empty and both languages use the same parameters', () => {
    for (const k of keys(zhCN)) {
      const zh = get(zhCN, k)
      const e = get(en, k)
      expect(zh.trim(), k).not.toBe('')
      expect(e.trim(), k).not.toBe('')
      expect(params(e), k).toEqual(params(zh))
    }
  })

  it('every message compiles and a help text shows its placeholders literally', () => {
    const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': zhCN, en } })
    const t = i18n.global.t
    for (const k of keys(zhCN)) expect(() => t(k, { n: 1, name: 'x', min: 1, max: 2 }), k).not.toThrow()
    expect(t('cohorts.form.linkHint')).toContain('{链接}')
    expect(t('cohorts.form.rulePreview', { name: '3期北京1群' })).toBe('第一个群：3期北京1群')
    expect(t('members.count', { n: 520 })).toBe('共 520 人')
    i18n.global.locale.value = 'en'
    expect(t('members.count', { n: 520 })).toBe('520 in all')
  })
})

describe('metric definitions', () => {
  it('every figure on the 复盘 and 增长 cards says how it is counted', () => {
    const zh = zhCN as unknown as Record<string, Record<string, Record<string, string>>>
    for (const screen of ['retro', 'growth']) {
      expect(Object.keys(zh[screen].define).sort(), screen).toEqual(Object.keys(zh[screen].kpi).sort())
    }
  })
})
