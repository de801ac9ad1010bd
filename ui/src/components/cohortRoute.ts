// The cohort and tab a cohort screen shows. The cohort is the current one of the sidebar; a link
// with ?cohort=… makes that cohort current (links and reloads land on the same view), and the
// tab is kept in the route (?tab=…). Until the link's cohort is applied the screen is given no
// cohort, so it never shows (or loads) the one it had before for a moment.
import { computed, onMounted, ref, watch, type Ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { useMessage } from '../composables/messages'
import { chooseCohort, ensureCohorts, reloadCohorts, useCurrentCohort } from '../composables/useCurrentCohort'

export function useCohortRoute<T extends string>(defaultTab: T) {
  const route = useRoute()
  const router = useRouter()
  const message = useMessage()
  const { cohorts, cohortId, cohort } = useCurrentCohort()
  const tab = ref((route.query.tab as T) ?? defaultTab) as Ref<T>
  const loaded = ref(false)
  const keep = () => router.replace({ query: { ...route.query, ...(cohortId.value ? { cohort: String(cohortId.value) } : {}), tab: tab.value } })
  // The cohort a link names becomes current (read again if it is newer than the list).
  async function follow() {
    const wanted = route.query.cohort ? Number(route.query.cohort) : null
    if (wanted === null || wanted === cohortId.value) return
    if (!cohorts.value.some((c) => c.id === wanted)) await reloadCohorts()
    if (cohorts.value.some((c) => c.id === wanted)) await chooseCohort(wanted)
  }
  onMounted(async () => {
    try {
      await ensureCohorts()
      await follow()
    } catch (e) {
      message.error((e as Error).message)
    } finally {
      loaded.value = true
      await keep()
    }
  })
  // A link into a tab (?tab=recall) while the screen is open switches to it.
  watch(
    () => route.query.tab,
    (v) => {
      if (typeof v === 'string' && v !== tab.value) tab.value = v as T
    },
  )
  // A link to another cohort while the screen is open.
  watch(
    () => route.query.cohort,
    () => {
      if (loaded.value) void follow().catch((e) => message.error((e as Error).message))
    },
  )
  watch([cohortId, tab], () => {
    if (loaded.value) void keep()
  })
  const shownId = computed({
    get: () => (loaded.value ? cohortId.value : null),
    set: (id: number | null) => (cohortId.value = id),
  })
  const shown = computed(() => (loaded.value ? cohort.value : null))
  return { cohorts, cohortId: shownId, tab, loaded, cohort: shown }
}
