// The one typed call into the Rust core: `call('list_members', { query })`. Every command's
// name, arguments and result come from `Commands` in bindings.ts, generated from the command
// table in qunzhu-core; errors arrive as {code, message} already in the user's language.
import { Channel, invoke } from '@tauri-apps/api/core'
import type { Commands, ErrorReport, Field, ImportOptions, MemberInput, MemberQuery } from './bindings'

export type Command = keyof Commands
export type Args<K extends Command> = Commands[K]['args']
export type Result<K extends Command> = Commands[K]['result']
/** The commands that run as a job: progress on a channel, stopped by `cancelJob`. */
export type JobCommand = { [K in Command]: Commands[K] extends { progress: unknown } ? K : never }[Command]
export type Progress<K extends JobCommand> = Commands[K] extends { progress: infer P } ? P : never

export class ApiError extends Error {
  code: string
  /** The form field the error is about, when it is about one (the form marks it). */
  field?: Field
  /** The member the error points at (who already has this phone). */
  memberId?: number
  constructor(report: ErrorReport) {
    super(report.message)
    this.code = report.code
    this.field = report.field
    this.memberId = report.member_id
  }
}

/** Turns whatever a failed invoke threw into an ApiError with a code. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const r = e as ErrorReport
    return new ApiError({ code: String(r.code), message: String(r.message), field: r.field, member_id: r.member_id })
  }
  return new ApiError({ code: 'internal', message: String(e) })
}

/** Runs a command; a command without arguments takes none. */
export async function call<K extends Command>(
  cmd: K,
  ...args: keyof Args<K> extends never ? [] : [Args<K>]
): Promise<Result<K>> {
  try {
    return (await invoke(cmd, args[0] as Record<string, unknown> | undefined)) as Result<K>
  } catch (e) {
    throw toApiError(e)
  }
}

/** Runs a long command, handing each progress report to `onProgress`. */
export async function job<K extends JobCommand>(cmd: K, args: Args<K>, onProgress: (p: Progress<K>) => void): Promise<Result<K>> {
  const channel = new Channel<Progress<K>>()
  channel.onmessage = onProgress
  try {
    return (await invoke(cmd, { ...(args as Record<string, unknown>), onProgress: channel })) as Result<K>
  } catch (e) {
    throw toApiError(e)
  }
}

/** Stops the running `cmd` at its next check; it then fails with the code `cancelled`. */
export const cancelJob = (cmd: JobCommand) => call('cancel_job', { job: cmd })

export function emptyImportOptions(): ImportOptions {
  return {
    sheet: null, mapping: null, policy: 'skip', cohort_id: null, group_id: null, group_by_column: null,
    tags: [], skip_bad_rows: false, dry_run: false,
  }
}

export function emptyMemberInput(): MemberInput {
  return {
    name: '', nickname: '', phone: null, wechat: null, gender: null, city: '', channel: '',
    birthday: null, notes: '', custom_fields: {}, tags: [],
  }
}

export function emptyQuery(): MemberQuery {
  return { search: null, cohort_id: null, group_id: null, role_id: null, tag_id: null, channel: null, referrer_id: null, limit: null }
}
