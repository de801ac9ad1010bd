import { beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { defineComponent, h, watch } from 'vue'
import { NConfigProvider, NMessageProvider } from 'naive-ui'
import { createRouter, createMemoryHistory } from 'vue-router'

// The core's side: two cohorts, the running one current until the operator picks another.
const core = { current: 2, chosen: [] as number[] }
vi.mock('@tauri-apps/api/core', () => ({
  invoke: (cmd: string, args?: { id?: number }) => {
    const cohorts = [
      { id: 1, name: '第1期', status: 'finished', day: 40, days: 21 },
      { id: 2, name: '第2期', status: 'running', day: 11, days: 21 },
    ]
    if (cmd === 'list_cohorts') return Promise.resolve(cohorts)
    if (cmd === 'current_cohort') return Promise.resolve(cohorts.find((c) => c.id === core.current) ?? null)
    if (cmd === 'set_current_cohort') {
      core.current = args!.id!
      core.chosen.push(args!.id!)
      return Promise.resolve(cohorts.find((c) => c.id === args!.id))
    }
    return Promise.resolve([])
  },
}))

import { useCohortRoute } from '../src/components/cohortRoute'
import { chooseCohort, phaseOf, reloadCohorts } from '../src/composables/useCurrentCohort'

/** Opens a screen using the composable at `url`; what it shows and where the route went. */
async function open(url: string) {
  let picked: ReturnType<typeof useCohortRoute<'grid' | 'chats'>> | undefined
  // Every cohort the screen was given, from the first moment (what it would have loaded).
  const seen: (number | null)[] = []
  const Screen = defineComponent({
    setup() {
      picked = useCohortRoute<'grid' | 'chats'>('grid')
      watch(picked.cohortId, (id) => seen.push(id), { immediate: true })
      return () => h('div', picked?.cohort.value?.name ?? '')
    },
  })
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: Screen }] })
  await router.push(url)
  const Wrapper = defineComponent({ render: () => h(NConfigProvider, null, () => h(NMessageProvider, null, () => h(Screen))) })
  const w = mount(Wrapper, { global: { plugins: [router] } })
  await flushPromises()
  return { w, picked: picked!, router, seen }
}

beforeEach(async () => {
  core.current = 2
  core.chosen = []
  await reloadCohorts()
})

describe('the current cohort', () => {
  it('a screen shows the current cohort and keeps it and its tab in the route', async () => {
    const { w, picked, router } = await open('/?tab=chats')
    expect(picked.cohortId.value).toBe(2)
    expect(picked.tab.value).toBe('chats')
    expect(w.text()).toBe('第2期')
    expect(router.currentRoute.value.query).toEqual({ cohort: '2', tab: 'chats' })
    expect(core.chosen).toEqual([])
  })

  it('a link naming a cohort makes it the current one, for the next start too', async () => {
    const { w, picked, seen } = await open('/?cohort=1&tab=chats')
    expect(picked.cohortId.value).toBe(1)
    expect(w.text()).toBe('第1期')
    expect(core.chosen).toEqual([1])
    // The screen never had the cohort that was current before the link for a moment.
    expect(seen.filter((id) => id !== null)).toEqual([1])
  })

  it('a link to another cohort while the screen is open switches it', async () => {
    const { w, router } = await open('/')
    expect(w.text()).toBe('第2期')
    await router.push('/?cohort=1')
    await flushPromises()
    expect(w.text()).toBe('第1期')
    expect(core.chosen).toEqual([1])
  })

  it('a cohort that is gone leaves the current one', async () => {
    const { picked, router } = await open('/?cohort=999')
    expect(picked.cohortId.value).toBe(2)
    expect(router.currentRoute.value.query).toEqual({ cohort: '2', tab: 'grid' })
    expect(core.chosen).toEqual([])
  })

  it('every open screen follows one choice', async () => {
    const a = await open('/')
    const b = await open('/?tab=chats')
    await chooseCohort(1)
    await flushPromises()
    expect([a.w.text(), b.w.text()]).toEqual(['第1期', '第1期'])
    expect(a.router.currentRoute.value.query.cohort).toBe('1')
    expect(core.chosen).toEqual([1])
  })

  it('tells where a cohort is in its course', () => {
    expect(phaseOf({ status: 'running', day: 11, days: 21 } as never)).toEqual({ kind: 'running', day: 11, days: 21 })
    expect(phaseOf({ status: 'upcoming', day: -2, days: 21 } as never)).toEqual({ kind: 'upcoming', in: 3 })
    expect(phaseOf({ status: 'finished', day: 30, days: 21 } as never)).toEqual({ kind: 'finished' })
  })
})
