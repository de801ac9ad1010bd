import { describe, expect, it, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { NConfigProvider, NDialogProvider, NMessageProvider } from 'naive-ui'
import { i18n } from '../src/i18n'
import { useAction } from '../src/composables/useAction'
import { useConfirmDelete } from '../src/composables/useConfirmDelete'

vi.mock('@tauri-apps/api/core', () => ({ invoke: () => Promise.resolve(null) }))

/** Mounts `setup` inside the providers the app has; returns what it returned. */
async function within<T>(setup: () => T): Promise<T> {
  let out: T | undefined
  const Probe = defineComponent({ setup() { out = setup(); return () => null } })
  const Wrapper = defineComponent({
    render: () => h(NConfigProvider, null, () => h(NMessageProvider, null, () => h(NDialogProvider, null, () => h(Probe)))),
  })
  mount(Wrapper, { global: { plugins: [i18n] }, attachTo: document.body })
  await flushPromises()
  return out as T
}

describe('useAction', () => {
  it('shows a failed command\'s message and returns nothing, never throwing', async () => {
    const { act } = await within(useAction)
    const r = await act(() => Promise.reject({ code: 'duplicate', message: '手机号已被“张三”使用' }))
    await flushPromises()
    expect(r).toBeUndefined()
    expect(document.body.textContent).toContain('手机号已被“张三”使用')
  })

  it('returns what the work returned', async () => {
    const { act } = await within(useAction)
    expect(await act(async () => 42)).toBe(42)
  })
})

describe('useConfirmDelete', () => {
  it('asks first, deletes only on 删除, and shows a failure of the delete', async () => {
    i18n.global.locale.value = 'zh-CN'
    const confirm = await within(useConfirmDelete)
    const onConfirm = vi.fn(() => Promise.reject({ code: 'not_found', message: '这一期已不存在' }))
    confirm({ title: '删除「第3期」？', content: '可在回收站恢复。', onConfirm })
    await flushPromises()
    expect(document.body.textContent).toContain('删除「第3期」？')
    expect(onConfirm).not.toHaveBeenCalled()
    const buttons = [...document.querySelectorAll('.n-dialog__action button')] as HTMLButtonElement[]
    buttons.find((b) => b.textContent?.includes('删除'))!.click()
    await flushPromises()
    expect(onConfirm).toHaveBeenCalledOnce()
    expect(document.body.textContent).toContain('这一期已不存在')
  })
})
