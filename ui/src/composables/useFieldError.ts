// The field a failed save is about. The core names it (`ApiError.field`); the form marks that
// item (red, the message under it) until the user edits the form, saves again or reopens it.
import { shallowRef, watch, type WatchSource } from 'vue'
import { toApiError, type ApiError } from '../api'
import type { Field } from '../bindings'

/** What `v-bind` puts on an n-form-item: nothing, or the error status and the message. */
export interface FieldMark {
  validationStatus?: 'error'
  feedback?: string
  showFeedback?: boolean
}

// Failures a form shows at its field: useAction leaves them out of the toasts.
const claimed = new WeakSet<object>()
export function shownAtField(e: unknown): boolean {
  return typeof e === 'object' && e !== null && claimed.has(e)
}

/** `edits`: what the form edits; any change to it (deep) clears the mark. `fields`: the fields
 *  the form has, whose failures it shows at the field instead of in a toast. */
export function useFieldError(edits?: WatchSource<unknown>, fields: Field[] = []) {
  /** The last failure (with or without a field); null once cleared. */
  const error = shallowRef<ApiError | null>(null)

  /** The mark for the form item that edits `fields` (a date range: both ends). */
  function mark(...fields: Field[]): FieldMark {
    const e = error.value
    return e?.field && fields.includes(e.field) ? { validationStatus: 'error', feedback: e.message, showFeedback: true } : {}
  }

  function clear() {
    error.value = null
  }

  /** Runs `work`, keeping its failure (then rethrowing it, for useAction to show). */
  async function watching<T>(work: () => Promise<T>): Promise<T> {
    clear()
    try {
      return await work()
    } catch (e) {
      const err = toApiError(e)
      error.value = err
      if (err.field && fields.includes(err.field) && typeof e === 'object' && e !== null) claimed.add(e)
      throw e
    }
  }

  if (edits) watch(edits, clear, { deep: true })
  return { error, mark, clear, watching }
}
