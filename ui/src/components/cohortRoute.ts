// The cohort and tab a cohort screen shows, kept in the route (?cohort=…&tab=…) so links and
// reloads land on the same view. A cohort asked for that no longer exists falls back to the one
// the screen prefers (the running cohort for daily work, the finished one to look back on).
import { computed, onMounted, ref, watch, type Ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { useMessage } from 'naive-ui'
import { call } from '../api'
import type { Cohort } from '../bindings'

export function useCohortRoute<T extends string>(defaultTab: T, prefer: 'running' | 'finished') {
  const route = useRoute()
  const router = useRouter()
  const message = useMessage()
  const cohorts = ref<Cohort[]>([])
  const cohortId = ref<number | null>(null)
  const tab = ref((route.query.tab as T) ?? defaultTab) as Ref<T>
  const loaded = ref(false)
  onMounted(async () => {
    try {
      cohorts.value = await call('list_cohorts')
      const wanted = route.query.cohort ? Number(route.query.cohort) : null
      const known = cohorts.value.some((c) => c.id === wanted) ? wanted : null
      cohortId.value = known ?? cohorts.value.find((c) => c.status === prefer)?.id ?? cohorts.value[0]?.id ?? null
    } catch (e) {
      message.error((e as Error).message)
    } finally {
      loaded.value = true
    }
  })
  // A link into a tab (?tab=recall) while the screen is open switches to it.
  watch(
    () => route.query.tab,
    (v) => {
      if (typeof v === 'string' && v !== tab.value) tab.value = v as T
    },
  )
  watch([cohortId, tab], ([c, tb]) => router.replace({ query: { ...(c ? { cohort: String(c) } : {}), tab: tb } }))
  const cohort = computed(() => cohorts.value.find((c) => c.id === cohortId.value) ?? null)
  const options = computed(() => cohorts.value.map((c) => ({ label: c.name, value: c.id })))
  return { cohorts, cohortId, tab, loaded, cohort, options }
}
