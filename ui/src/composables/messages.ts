// The one message queue. Naive UI's messages, with two rules on top: the provider keeps at most
// two on screen (a new one pushes out the oldest, never three deep), and a move to another screen
// ends the messages about the screen left behind. One shown just before the move (a save that
// opens what it saved) stays: it is about where the operator is going.
import { useMessage as naiveMessage, type MessageApi, type MessageReactive } from 'naive-ui'

/** Messages at most on screen at once (App.vue's NMessageProvider). */
export const MAX_MESSAGES = 2
/** A message this recent when the screen changes is about the move itself: it stays. */
export const MOVE_GRACE_MS = 1500

const live: { message: MessageReactive; at: number }[] = []

export function useMessage(): MessageApi {
  const api = naiveMessage()
  const track = <A extends unknown[]>(show: (...args: A) => MessageReactive) => (...args: A) => {
    const message = show(...args)
    const now = Date.now()
    // Messages last seconds: what is older than a minute has long gone.
    while (live.length && now - live[0].at > 60_000) live.shift()
    live.push({ message, at: now })
    return message
  }
  return {
    ...api,
    create: track(api.create),
    info: track(api.info),
    success: track(api.success),
    warning: track(api.warning),
    error: track(api.error),
    loading: track(api.loading),
  }
}

/** The screen changed at `now`: messages shown before the grace end; the recent ones stay. */
export function endMessagesOnMove(now = Date.now()) {
  for (let i = live.length - 1; i >= 0; i--) {
    if (now - live[i].at > MOVE_GRACE_MS) {
      live[i].message.destroy()
      live.splice(i, 1)
    }
  }
}
