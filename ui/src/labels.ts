// Display helpers shared by screens: role names, statuses, sizes. Pure functions, unit-tested.
import type { CohortStatus, SizeBand } from './bindings'

type T = (key: string, named?: Record<string, unknown>) => string

const BUILTIN_ROLES = ['monitor', 'assistant', 'koc', 'promoter', 'curator', 'guest']

/** A built-in role shows in the UI language; an operator's own role shows as they named it. */
export function roleLabel(t: T, key: string | null | undefined, name: string | null | undefined): string {
  if (key && BUILTIN_ROLES.includes(key)) return t(`roles.${key}`)
  return name ?? ''
}

export function statusType(s: CohortStatus): 'success' | 'info' | 'default' {
  return s === 'running' ? 'success' : s === 'upcoming' ? 'info' : 'default'
}

export function bandType(b: SizeBand): 'success' | 'warning' | 'error' {
  return b === 'healthy' ? 'success' : b === 'under' ? 'warning' : 'error'
}

/** Percent of the bar filled for a group size, with 350 (the top of the healthy band) at 100. */
export function sizePercent(size: number, max = 350): number {
  return Math.max(0, Math.min(100, Math.round((size / max) * 100)))
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** The reason part of a backup id, translated when known ("pre-migration-v3" → migration). */
export function backupReason(t: T, reason: string): string {
  if (reason.startsWith('pre-migration')) return t('settings.reasons.migration')
  if (reason.startsWith('pre-restore')) return t('settings.reasons.pre-restore')
  if (['daily', 'manual', 'pre-restore', 'pre-clear-demo'].includes(reason)) return t(`settings.reasons.${reason}`)
  return reason
}

/** Local date as YYYY-MM-DD from a date picker timestamp. */
export function isoDate(ts: number | null | undefined): string {
  if (ts === null || ts === undefined) return ''
  const d = new Date(ts)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/** Timestamp (local midnight) from YYYY-MM-DD, for date pickers. */
export function dateTs(iso: string | null | undefined): number | null {
  if (!iso) return null
  const [y, m, d] = iso.split('-').map(Number)
  if (!y || !m || !d) return null
  return new Date(y, m - 1, d).getTime()
}

/** An RFC 3339 timestamp as local `YYYY-MM-DD HH:mm`, the same in both languages. */
export function formatTimestamp(ts: string): string {
  const d = new Date(ts)
  if (isNaN(d.getTime())) return ts
  const p = (n: number) => String(n).padStart(2, '0')
  return `${isoDate(d.getTime())} ${p(d.getHours())}:${p(d.getMinutes())}`
}

/** What a ledger entry is for: its rule (打卡, 作业 …), else its kind (手动调整, 兑换). */
export function entryLabel(t: T, rule: string | null, kind: string): string {
  return rule ? t(`engagement.rule.${rule}`) : t(`engagement.entry.${kind}`)
}

/** Roles a calendar task can be given to, as the core names them (sop::ROLES). */
export const TASK_ROLES = ['班长', '助教', 'KOC', '宣传官', '整理官', '嘉宾', '群主']
const TASK_ROLE_KEYS: Record<string, string> = { 班长: 'monitor', 助教: 'assistant', KOC: 'koc', 宣传官: 'promoter', 整理官: 'curator', 嘉宾: 'guest', 群主: 'owner' }

/** A task's owner role in the UI language. */
export function taskRoleLabel(t: T, role: string): string {
  const key = TASK_ROLE_KEYS[role]
  return key ? t(`roles.${key}`) : role
}

/** Splits a 话术 into text and the placeholders left unfilled, for highlighting. */
export function messageParts(message: string, missing: string[]): { text: string; missing: boolean }[] {
  return message
    .split(/(\{[^}]+\})/)
    .filter((p) => p !== '')
    .map((p) => ({ text: p, missing: missing.includes(p) }))
}

/** Monday-first weeks covering a month: the dates (YYYY-MM-DD) of each visible cell. */
export function monthGrid(year: number, month: number): string[] {
  const first = new Date(year, month - 1, 1)
  const lead = (first.getDay() + 6) % 7
  const start = new Date(year, month - 1, 1 - lead)
  const days = new Date(year, month, 0).getDate()
  const cells = Math.ceil((lead + days) / 7) * 7
  return Array.from({ length: cells }, (_, i) => localIso(new Date(start.getFullYear(), start.getMonth(), start.getDate() + i)))
}

/** The Monday-to-Sunday week holding a date. */
export function weekOf(date: string): string[] {
  const [y, m, d] = date.split('-').map(Number)
  const day = new Date(y, m - 1, d)
  const lead = (day.getDay() + 6) % 7
  return Array.from({ length: 7 }, (_, i) => localIso(new Date(y, m - 1, d - lead + i)))
}

/** A local date as YYYY-MM-DD. */
export function localIso(d: Date): string {
  return isoDate(d.getTime())
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number)
  return localIso(new Date(y, m - 1, d + n))
}

/** `day` (YYYY-MM-DD) moved by whole months, kept inside the month it lands in (1月31日 + 1 month is 2月28日/29日). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number)
  const total = y * 12 + (m - 1) + months
  const ny = Math.floor(total / 12)
  const nm = (total % 12) + 1
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate()
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}
