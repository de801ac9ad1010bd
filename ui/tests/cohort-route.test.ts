import { describe, expect, it, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { NConfigProvider, NMessageProvider } from 'naive-ui'
import { createRouter, createMemoryHistory } from 'vue-router'

vi.mock('@tauri-apps/api/core', () => ({
  invoke: (cmd: string) =>
    Promise.resolve(
      cmd === 'list_cohorts'
        ? [
            { id: 1, name: '第1期', status: 'finished' },
            { id: 2, name: '第2期', status: 'running' },
          ]
        : [],
    ),
}))

import { useCohortRoute } from '../src/components/cohortRoute'

/** Opens a screen using the composable at `url`; what it picked and where the route went. */
async function open(url: string, prefer: 'running' | 'finished') {
  let picked: ReturnType<typeof useCohortRoute<'grid' | 'chats'>> | undefined
  const Screen = defineComponent({
    setup() {
      picked = useCohortRoute<'grid' | 'chats'>('grid', prefer)
      return () => h('div', picked?.cohort.value?.name ?? '')
    },
  })
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: Screen }] })
  await router.push(url)
  const Wrapper = defineComponent({ render: () => h(NConfigProvider, null, () => h(NMessageProvider, null, () => h(Screen))) })
  const w = mount(Wrapper, { global: { plugins: [router] } })
  await flushPromises()
  return { w, picked: picked!, query: router.currentRoute.value.query }
}

describe('useCohortRoute', () => {
  it('opens the cohort and tab the link names, and keeps them in the route', async () => {
    const { w, picked, query } = await open('/?cohort=1&tab=chats', 'running')
    expect(picked.cohortId.value).toBe(1)
    expect(picked.tab.value).toBe('chats')
    expect(w.text()).toBe('第1期')
    expect(query).toEqual({ cohort: '1', tab: 'chats' })
  })

  it('a cohort that is gone falls back to the one the screen prefers', async () => {
    const daily = await open('/?cohort=999', 'running')
    expect(daily.picked.cohortId.value).toBe(2)
    expect(daily.query).toEqual({ cohort: '2', tab: 'grid' })
    const lookBack = await open('/?cohort=999', 'finished')
    expect(lookBack.picked.cohortId.value).toBe(1)
  })
})
