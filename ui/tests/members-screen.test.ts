import { describe, expect, it, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { NConfigProvider, NMessageProvider } from 'naive-ui'
import { createRouter, createMemoryHistory } from 'vue-router'
import { i18n } from '../src/i18n'

const calls: string[] = []
const members = vi.fn()
vi.mock('@tauri-apps/api/core', () => ({
  invoke: (cmd: string, args: Record<string, unknown>) => {
    calls.push(cmd)
    if (cmd === 'list_members') return members(args)
    if (cmd === 'app_info') return Promise.resolve({ members: 0 })
    return Promise.resolve([])
  },
}))

import MembersScreen from '../src/screens/members/MembersScreen.vue'

async function render() {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: MembersScreen }, { path: '/s', name: 'settings', component: MembersScreen }, { path: '/n', name: 'member-new', component: MembersScreen }] })
  const Wrapper = defineComponent({ render: () => h(NConfigProvider, null, () => h(NMessageProvider, null, () => h(MembersScreen))) })
  const w = mount(Wrapper, { global: { plugins: [router, i18n] } })
  await flushPromises()
  return w
}

describe('MembersScreen', () => {
  it('an empty store shows what to do next, not an empty table', async () => {
    sessionStorage.clear()
    members.mockResolvedValue([])
    const w = await render()
    expect(calls).toContain('list_members')
    expect(w.text()).toContain('还没有成员')
    expect(w.text()).toContain('新增成员')
  })

  it('a search sends the query to the core', async () => {
    sessionStorage.clear()
    members.mockResolvedValue([])
    const w = await render()
    await w.find('input').setValue('zs')
    await new Promise((r) => setTimeout(r, 200))
    await flushPromises()
    expect(members).toHaveBeenLastCalledWith({ query: expect.objectContaining({ search: 'zs' }) })
    expect(w.text()).toContain('没有符合条件的成员')
  })

  it('shows the columns the operator chose last time (kept on this computer), 姓名 always first', async () => {
    sessionStorage.clear()
    localStorage.setItem('members.columns', JSON.stringify(['phone', 'channel']))
    members.mockResolvedValue([{ id: 1, name: '张三', nickname: '', phone: '13800000001', wechat: '', city: '杭州', channel: '小红书', tags: [], role: null, role_key: null, cohort: null, group: null }])
    const w = await render()
    const heads = w.findAll('th').map((th) => th.text().trim()).filter(Boolean)
    expect(heads).toEqual(['姓名', '手机号', '渠道'])
    localStorage.removeItem('members.columns')
  })
})
