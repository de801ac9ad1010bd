// What the command palette offers for a text: screens and actions matched by their words (and
// their pinyin initials, so "jr" finds 今日), cohorts by name, and the members the core found.
import { ref } from 'vue'
import type { RouteLocationRaw } from 'vue-router'
import type { Cohort, MemberRow } from '../bindings'

/** Whether the palette is open (Ctrl/⌘ K, or the sidebar's search box). */
export const paletteOpen = ref(false)

type T = (key: string, values?: Record<string, unknown>) => string

export interface PaletteEntry {
  key: string
  kind: 'screen' | 'action' | 'cohort' | 'member'
  label: string
  hint?: string
  to: RouteLocationRaw
  /** Opening a cohort makes it the current one. */
  cohortId?: number
}

/** Screens: [nav key, route, initials of the Chinese name]. */
const SCREENS: [string, RouteLocationRaw, string][] = [
  ['today', { name: 'today' }, 'jr'],
  ['engagement', { name: 'engagement' }, 'dkjf'],
  ['calendar', { name: 'calendar' }, 'rl'],
  ['birthdays', { name: 'birthdays' }, 'sr'],
  ['cohorts', { name: 'cohorts' }, 'qyq'],
  ['members', { name: 'members' }, 'cy'],
  ['posters', { name: 'posters' }, 'hbzs'],
  ['templates', { name: 'templates' }, 'sop'],
  ['growth', { name: 'growth' }, 'zz'],
  ['retro', { name: 'retro' }, 'fp'],
  ['chats', { name: 'engagement', query: { tab: 'chats' } }, 'qlfx'],
  ['trash', { name: 'trash' }, 'hsz'],
  ['settings', { name: 'settings' }, 'sz'],
]

/** Actions: [palette.action key, route, initials]. */
const ACTIONS: [string, RouteLocationRaw, string][] = [
  ['addMember', { name: 'member-new' }, 'xzcy'],
  ['addCohort', { name: 'cohorts', query: { new: '1' } }, 'xjyq'],
  ['import', { name: 'import' }, 'drcy'],
  ['backup', { name: 'settings' }, 'bf'],
]

const norm = (s: string) => s.trim().toLowerCase()

function matches(q: string, ...words: string[]) {
  return words.some((w) => w && norm(w).includes(q))
}

export function paletteEntries(t: T, text: string, cohorts: Cohort[], members: MemberRow[]): PaletteEntry[] {
  const q = norm(text)
  const screens: PaletteEntry[] = SCREENS.map(([key, to, initials]) => ({ key: `s:${key}`, kind: 'screen' as const, label: t(`nav.${key}`), to, words: [initials, key] }))
    .filter((e) => !q || matches(q, e.label, ...e.words))
    .map(({ words: _, ...e }) => e)
  const actions: PaletteEntry[] = ACTIONS.map(([key, to, initials]) => ({ key: `a:${key}`, kind: 'action' as const, label: t(`palette.action.${key}`), to, words: [initials, key] }))
    .filter((e) => !q || matches(q, e.label, ...e.words))
    .map(({ words: _, ...e }) => e)
  const found: PaletteEntry[] = q
    ? cohorts
        .filter((c) => matches(q, c.name))
        .slice(0, 6)
        .map((c) => ({ key: `c:${c.id}`, kind: 'cohort' as const, label: c.name, hint: t(`status.${c.status}`), to: { name: 'cohort', params: { id: c.id } }, cohortId: c.id }))
    : []
  const people: PaletteEntry[] = q
    ? members.map((m) => ({
        key: `m:${m.id}`,
        kind: 'member' as const,
        label: m.nickname && m.nickname !== m.name ? `${m.name}（${m.nickname}）` : m.name,
        hint: [m.cohort, m.group].filter(Boolean).join(' · '),
        to: { name: 'member', params: { id: m.id } },
      }))
    : []
  // With nothing typed: the screens and actions, as a map of the app.
  return [...people, ...found, ...screens, ...actions]
}
