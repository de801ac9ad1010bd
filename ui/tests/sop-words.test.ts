import { describe, expect, it } from 'vitest'
import { i18n } from '../src/i18n'
import { anchorLabel, chronological, repeatLabel } from '../src/screens/templates/sopWords'
import type { SopTask } from '../src/bindings'

const t = i18n.global.t as unknown as (k: string, v?: Record<string, unknown>) => string

describe('SOP words', () => {
  it('anchors and repeats read as the operator says them', () => {
    expect(anchorLabel(t, { from: 'start', days: -3 })).toBe('开营前 3 天')
    expect(anchorLabel(t, { from: 'start', days: 0 })).toBe('开营日')
    expect(anchorLabel(t, { from: 'start', days: 1 })).toBe('第 2 天')
    expect(anchorLabel(t, { from: 'end', days: -1 })).toBe('结营前 1 天')
    expect(anchorLabel(t, { from: 'end', days: 0 })).toBe('结营日')
    expect(anchorLabel(t, { from: 'end', days: 2 })).toBe('结营后 2 天')
    expect(repeatLabel(t, { every: 'once' })).toBe('一次')
    expect(repeatLabel(t, { every: 'daily' })).toBe('每天')
    expect(repeatLabel(t, { every: 'weekly', weekday: 4 })).toBe('每周四')
  })

  it('tasks come in the order they happen', () => {
    const task = (title: string, from: 'start' | 'end', days: number, time: string) => ({ title, anchor: { from, days }, time }) as unknown as SopTask
    const list = [task('结营', 'end', 0, '20:00'), task('早安', 'start', 0, '07:00'), task('录取', 'start', -3, '20:00'), task('复盘', 'end', 2, '10:00'), task('开营', 'start', 0, '06:30')]
    expect(chronological(list).map((x) => x.title)).toEqual(['录取', '开营', '早安', '结营', '复盘'])
  })
})
