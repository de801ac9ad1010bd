// The current cohort: chosen once at the top of the sidebar and followed by every screen that
// shows one cohort (日历, 互动积分, 复盘, 海报证书, 增长). The core keeps the choice and, without
// one, proposes the running cohort; this module holds the list and the choice for the window.
import { computed, reactive } from 'vue'
import { call } from '../api'
import type { Cohort } from '../bindings'

const state = reactive({
  cohorts: [] as Cohort[],
  id: null as number | null,
  loaded: false,
})

let loading: Promise<void> | null = null
// Choices made in this window: a reload that began before the latest one does not undo it with
// the current cohort it read from the core a moment too early.
let choices = 0

/** Reads the cohorts and the current one (again after the data changed). */
export function reloadCohorts(): Promise<void> {
  const before = choices
  loading = (async () => {
    const [list, current] = await Promise.all([call('list_cohorts'), call('current_cohort')])
    state.cohorts = list
    if (before === choices) state.id = current?.id ?? null
    state.loaded = true
  })()
  return loading
}

/** Loads the cohorts once; later calls wait for the same load. */
export function ensureCohorts(): Promise<void> {
  return loading ?? reloadCohorts()
}

/** Makes `id` the current cohort (kept by the core for the next start). */
export async function chooseCohort(id: number) {
  if (id === state.id) return
  choices++
  state.id = id
  await call('set_current_cohort', { id })
}

/** How far through its course a cohort is, 0–100 (the progress bars of its card and its page). */
export function coursePercent(c: Cohort): number {
  return Math.max(0, Math.min(100, Math.round((100 * c.day) / Math.max(1, c.days))))
}

export type Phase = { kind: 'running'; day: number; days: number } | { kind: 'upcoming'; in: number } | { kind: 'finished' }

/** Where a cohort is in its course today: day 11 of 21, 3 days before it starts, or ended. */
export function phaseOf(c: Cohort): Phase {
  if (c.status === 'running') return { kind: 'running', day: c.day, days: c.days }
  if (c.status === 'upcoming') return { kind: 'upcoming', in: 1 - c.day }
  return { kind: 'finished' }
}

export function useCurrentCohort() {
  const cohort = computed(() => state.cohorts.find((c) => c.id === state.id) ?? null)
  const cohortId = computed({
    get: () => state.id,
    set: (id: number | null) => {
      if (id !== null) void chooseCohort(id)
    },
  })
  const cohorts = computed(() => state.cohorts)
  const loaded = computed(() => state.loaded)
  return { cohort, cohortId, cohorts, loaded }
}
