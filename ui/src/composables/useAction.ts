// The one way a screen runs a command and reports a failure: the error's message (already in
// the user's language) as a toast, the work never throwing past it.
import { useMessage } from './messages'
import { toApiError } from '../api'
import { shownAtField } from './useFieldError'

export interface ActOptions {
  /** How long the error stays, in ms (a long message: longer). */
  duration?: number
}

export function useAction() {
  const message = useMessage()
  /** Runs `work`; on failure shows its message and returns undefined. Never throws. */
  async function act<T>(work: () => Promise<T>, options: ActOptions = {}): Promise<T | undefined> {
    try {
      return await work()
    } catch (e) {
      if (shownAtField(e)) return undefined
      message.error(toApiError(e).message, options.duration ? { duration: options.duration } : undefined)
      return undefined
    }
  }
  return { act, message }
}
