import { nextTick } from 'vue'
import type { NInput } from 'naive-ui'

/** The text field inside a Naive UI input, single-line or textarea. */
export function fieldOf(input: InstanceType<typeof NInput> | null): HTMLInputElement | HTMLTextAreaElement | null {
  const refs = input as unknown as { inputElRef?: HTMLInputElement | null; textareaElRef?: HTMLTextAreaElement | null } | null
  return refs?.inputElRef ?? refs?.textareaElRef ?? null
}

/** `value` with `text` put where the cursor (or the selection) is in `el`, else at the end. */
export function spliceAt(value: string, text: string, el: { selectionStart: number | null; selectionEnd: number | null } | null): { value: string; cursor: number } {
  const a = el?.selectionStart ?? value.length
  const b = el?.selectionEnd ?? a
  return { value: value.slice(0, a) + text + value.slice(b), cursor: a + text.length }
}

/**
 * Puts `text` at the cursor of a Naive UI input (a placeholder chip's click): `set` stores the
 * new value, then the field gets the focus back with the cursor after what went in.
 */
export async function insertAtCursor(input: InstanceType<typeof NInput> | null, value: string, text: string, set: (v: string) => void) {
  const el = fieldOf(input)
  const next = spliceAt(value, text, el)
  set(next.value)
  await nextTick()
  el?.focus()
  el?.setSelectionRange(next.cursor, next.cursor)
}
