import { describe, expect, it } from 'vitest'
import { spliceAt } from '../src/composables/insertAtCursor'

describe('a placeholder chip goes in where the cursor is', () => {
  it('at the cursor, with the cursor after what went in', () => {
    expect(spliceAt('第期', '{期}', { selectionStart: 1, selectionEnd: 1 })).toEqual({ value: '第{期}期', cursor: 4 })
  })
  it('over a selection, replacing it', () => {
    expect(spliceAt('3期北京1群', '{城市}', { selectionStart: 2, selectionEnd: 4 })).toEqual({ value: '3期{城市}1群', cursor: 6 })
  })
  it('at the end when the field was never focused', () => {
    expect(spliceAt('XZ', '{年}', null)).toEqual({ value: 'XZ{年}', cursor: 5 })
    expect(spliceAt('XZ', '{年}', { selectionStart: null, selectionEnd: null })).toEqual({ value: 'XZ{年}', cursor: 5 })
  })
})
