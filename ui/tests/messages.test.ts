import { describe, expect, it, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { defineComponent, h, nextTick } from 'vue'
import { NConfigProvider, NMessageProvider } from 'naive-ui'
import { MAX_MESSAGES, MOVE_GRACE_MS, endMessagesOnMove, useMessage } from '../src/composables/messages'

async function api() {
  let out: ReturnType<typeof useMessage> | undefined
  const Probe = defineComponent({ setup() { out = useMessage(); return () => null } })
  mount(defineComponent({ render: () => h(NConfigProvider, null, () => h(NMessageProvider, { max: MAX_MESSAGES }, () => h(Probe))) }), { attachTo: document.body })
  await flushPromises()
  return out!
}
const shown = () => [...document.querySelectorAll('.n-message')].map((m) => m.textContent?.trim())

describe('the message queue', () => {
  it('keeps at most two messages; a move to another screen ends the old ones and keeps the one just shown', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const m = await api()
    vi.setSystemTime(new Date(2026, 11, 7, 10, 0, 0))
    m.success('已保存', { duration: 0 })
    m.info('已复制', { duration: 0 })
    m.error('出错了', { duration: 0 })
    await nextTick()
    expect(shown()).toEqual(['已复制', '出错了'])
    // A second on, a save that opens what it saved: its message stays, the others end.
    vi.setSystemTime(new Date(2026, 11, 7, 10, 0, 5))
    m.success('已创建', { duration: 0 })
    endMessagesOnMove(Date.now() + MOVE_GRACE_MS - 100)
    await nextTick()
    await flushPromises()
    expect(shown()).toEqual(['已创建'])
    vi.useRealTimers()
  })
})
