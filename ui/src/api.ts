// Typed calls into the Rust core. Every command's types come from bindings.ts (generated from
// the Rust types); errors arrive as {code, message} already in the user's language.
import { Channel, invoke } from '@tauri-apps/api/core'
import type {
  AppInfo, BackupInfo, ExportSummary, ImportOptions, ImportReport, TextEncoding, Cohort, CohortInput, DemoSummary, Entity, ErrorReport, Group, GroupInput, Lang,
  Member, MemberInput, MemberQuery, MemberRow, MembershipInput, Role, TagSummary, TrashItem,
  Pick, Save,
  Batch, PosterTemplateInfo, Verdict, Format, Occasion, Poster, CertificateRow, TemplateReport,
  ChatImport, ChatProgress, ChatSettings, ChatStats, Sender,
  Metrics, Comparison, Notes, Action, Audience, QuestionUse, SurveyPreview, SurveyImport, SurveyInfo,
  GrowthReport, GrowthOverview, Order, OrderImportOptions, OrderImportReport, Cost, CostInput, Channel as SalesChannel, CompletionRule, CompletionStanding, RenewalDue, Renewal, GrowthSettings,
  Grid, MarkKind, NameMatch, Activity, ActivityInput, ActivityPerson, Rule, Period, Standing, Ledger, LedgerEntry, Candidate, RoleSuggestion, Awards, Lifecycle, Task, TaskInput, CalendarSettings, Sop, SopInfo, Birthday, BirthdayPreview, BirthdaySettings, LunarDate, Reminder, Roster, Scope, UpcomingBirthday,
} from './bindings'

export class ApiError extends Error {
  code: string
  constructor(report: ErrorReport) {
    super(report.message)
    this.code = report.code
  }
}

/** Turns whatever a failed invoke threw into an ApiError with a code. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const r = e as ErrorReport
    return new ApiError({ code: String(r.code), message: String(r.message) })
  }
  return new ApiError({ code: 'internal', message: String(e) })
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args)
  } catch (e) {
    throw toApiError(e)
  }
}

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  setLang: (lang: Lang) => call<void>('set_lang', { lang }),
  dismissDemo: () => call<void>('dismiss_demo'),
  loadDemo: () => call<DemoSummary>('load_demo'),
  clearDemo: () => call<DemoSummary>('clear_demo'),

  listMembers: (query: MemberQuery) => call<MemberRow[]>('list_members', { query }),
  getMember: (id: number) => call<Member>('get_member', { id }),
  addMember: (input: MemberInput) => call<Member>('add_member', { input }),
  updateMember: (id: number, input: MemberInput) => call<Member>('update_member', { id, input }),
  deleteMember: (id: number) => call<void>('delete_member', { id }),
  tagMembers: (tag: string, ids: number[]) => call<number>('tag_members', { tag, ids }),

  listCohorts: () => call<Cohort[]>('list_cohorts'),
  getCohort: (id: number) => call<Cohort>('get_cohort', { id }),
  addCohort: (input: CohortInput, sop: string | null = null) => call<Cohort>('add_cohort', { input, sop }),
  updateCohort: (id: number, input: CohortInput) => call<Cohort>('update_cohort', { id, input }),
  deleteCohort: (id: number) => call<void>('delete_cohort', { id }),

  listGroups: (cohortId: number) => call<Group[]>('list_groups', { cohortId }),
  addGroup: (cohortId: number, input: GroupInput) => call<Group>('add_group', { cohortId, input }),
  updateGroup: (id: number, input: GroupInput) => call<Group>('update_group', { id, input }),
  deleteGroup: (id: number) => call<void>('delete_group', { id }),
  proposeGroupName: (cohortId: number, city: string, channel: string) =>
    call<string>('propose_group_name', { cohortId, city, channel }),

  assignMember: (input: MembershipInput) => call<Member>('assign_member', { input }),
  removeMembership: (id: number) => call<void>('remove_membership', { id }),

  listRoles: () => call<Role[]>('list_roles'),
  addRole: (name: string) => call<Role>('add_role', { name }),
  deleteRole: (id: number) => call<void>('delete_role', { id }),
  listTags: () => call<TagSummary[]>('list_tags'),
  deleteTag: (id: number) => call<void>('delete_tag', { id }),

  listTrash: () => call<TrashItem[]>('list_trash'),
  restoreFromTrash: (kind: Entity, id: number) => call<void>('restore_from_trash', { kind, id }),
  purgeFromTrash: (kind: Entity, id: number) => call<void>('purge_from_trash', { kind, id }),
  emptyTrash: () => call<number>('empty_trash'),

  listBackups: () => call<BackupInfo[]>('list_backups'),
  createBackup: () => call<BackupInfo>('create_backup'),
  restoreBackup: (id: string) => call<BackupInfo>('restore_backup', { id }),

  previewImport: (path: string, options: ImportOptions) => call<ImportReport>('preview_import', { path, options }),
  runImport: (path: string, options: ImportOptions, onProgress: (rows: number) => void) => {
    const channel = new Channel<number>()
    channel.onmessage = onProgress
    return call<ImportReport>('run_import', { path, options, onProgress: channel })
  },
  cancelImport: () => call<void>('cancel_import'),
  exportMembers: (path: string, query: MemberQuery, encoding: TextEncoding) =>
    call<ExportSummary>('export_members', { path, query, encoding }),

  lunarFromSolar: (date: string) => call<LunarDate>('lunar_from_solar', { date }),
  birthdayPreview: (birthday: Birthday) => call<BirthdayPreview>('birthday_preview', { birthday }),
  upcomingBirthdays: (scope: Scope, days: number) => call<UpcomingBirthday[]>('upcoming_birthdays', { scope, days }),
  birthdayRoster: (scope: Scope, year: number, month: number) => call<Roster>('birthday_roster', { scope, year, month }),
  birthdaySettings: () => call<BirthdaySettings>('birthday_settings'),
  setBirthdaySettings: (settings: BirthdaySettings) => call<BirthdaySettings>('set_birthday_settings', { settings }),
  dueReminders: () => call<Reminder[]>('due_reminders'),
  listSops: () => call<SopInfo[]>('list_sops'),
  attachSop: (cohortId: number, key: string) => call<number>('attach_sop', { cohortId, key }),
  checkSop: (source: string) => call<Sop>('check_sop', { source }),
  sopSource: (key: string) => call<string>('sop_source', { key }),
  saveSop: (source: string, previous: string | null) => call<Sop>('save_sop', { source, previous }),
  deleteSop: (key: string) => call<void>('delete_sop', { key }),
  cohortsUsingSop: (key: string) => call<Cohort[]>('cohorts_using_sop', { key }),
  reapplySop: (key: string, cohortIds: number[]) => call<number>('reapply_sop', { key, cohortIds }),
  listTasks: (cohortId: number | null, from: string | null, to: string | null) => call<Task[]>('list_tasks', { cohortId, from, to }),
  setTaskDone: (id: number, done: boolean) => call<void>('set_task_done', { id, done }),
  snoozeTask: (id: number, date: string, time: string) => call<Task>('snooze_task', { id, date, time }),
  reassignTask: (id: number, role: string) => call<Task>('reassign_task', { id, role }),
  addTask: (input: TaskInput) => call<Task>('add_task', { input }),
  deleteTask: (id: number) => call<void>('delete_task', { id }),
  calendarSettings: () => call<CalendarSettings>('calendar_settings'),
  setCalendarSettings: (settings: CalendarSettings) => call<CalendarSettings>('set_calendar_settings', { settings }),
  dueTasks: () => call<Task[]>('due_tasks'),
  listPosterTemplates: () => call<PosterTemplateInfo[]>('list_poster_templates'),
  previewPoster: (template: string, memberId: number, cohortId: number | null, width: number) => call<string>('preview_poster', { template, memberId, cohortId, width }),
  renderCertificates: (req: { cohortId: number | null; template: string; members: number[] | null; graduates: boolean; format: Format; allowUndrawable: boolean }, onProgress: Channel<number>) =>
    call<Batch>('render_certificates', { ...req, onProgress }),
  cancelRender: () => call<void>('cancel_render'),
  verifyCertificate: (payload: string) => call<Verdict>('verify_certificate', { payload }),
  importPosterTemplate: (path: string) => call<{ report: TemplateReport; key: string | null }>('import_poster_template', { path }),
  deletePosterTemplate: (key: string) => call<void>('delete_poster_template', { key }),
  occasionPoster: (template: string, occasion: Occasion, save: boolean, allowUndrawable: boolean) =>
    call<Poster>('occasion_poster', { template, occasion, save, allowUndrawable }),
  memberPoster: (template: string, memberId: number, cohortId: number | null) => call<Poster>('member_poster', { template, memberId, cohortId }),
  listCertificates: (cohortId: number | null, search: string) => call<CertificateRow[]>('list_certificates', { cohortId, search }),
  revokeCertificate: (serial: string) => call<void>('revoke_certificate', { serial }),
  memberPhoto: (memberId: number) => call<string | null>('member_photo', { memberId }),
  setMemberPhoto: (memberId: number, path: string) => call<string | null>('set_member_photo', { memberId, path }),
  removeMemberPhoto: (memberId: number) => call<void>('remove_member_photo', { memberId }),
  openExport: (path: string) => call<void>('open_export', { path }),
  cohortMemberIds: (cohortId: number, graduates: boolean) => call<number[]>('cohort_member_ids', { cohortId, graduates }),
  engagementGrid: (cohortId: number, kind: MarkKind) => call<Grid>('engagement_grid', { cohortId, kind }),
  markMembers: (cohortId: number, day: string, kind: MarkKind, memberIds: number[], on: boolean) => call<number>('mark_members', { cohortId, day, kind, memberIds, on }),
  matchNames: (cohortId: number, text: string) => call<NameMatch>('match_names', { cohortId, text }),
  markPasted: (cohortId: number, day: string, kind: MarkKind, text: string) => call<[NameMatch, number]>('mark_pasted', { cohortId, day, kind, text }),
  markGroup: (cohortId: number, groupId: number, day: string, kind: MarkKind, on: boolean) => call<number>('mark_group', { cohortId, groupId, day, kind, on }),
  listActivities: (cohortId: number) => call<Activity[]>('list_activities', { cohortId }),
  addActivity: (input: ActivityInput) => call<Activity>('add_activity', { input }),
  activityPeople: (id: number) => call<ActivityPerson[]>('activity_people', { id }),
  setActivityStage: (id: number, memberIds: number[], stage: number) => call<Activity>('set_activity_stage', { id, memberIds, stage }),
  deleteActivity: (id: number) => call<void>('delete_activity', { id }),
  pointRules: () => call<Rule[]>('point_rules'),
  setPointRule: (key: string, points: number) => call<Rule>('set_point_rule', { key, points }),
  recomputePoints: (cohortId: number) => call<number>('recompute_points', { cohortId }),
  leaderboard: (cohortId: number, groupId: number | null, period: Period, date: string) => call<Standing[]>('leaderboard', { cohortId, groupId, period, date }),
  memberLedger: (memberId: number, cohortId: number | null) => call<Ledger>('member_ledger', { memberId, cohortId }),
  adjustPoints: (memberId: number, cohortId: number | null, points: number, reason: string) => call<LedgerEntry>('adjust_points', { memberId, cohortId, points, reason }),
  redeemPoints: (memberId: number, cohortId: number | null, reward: string, cost: number) => call<LedgerEntry>('redeem_points', { memberId, cohortId, reward, cost }),
  awardPoints: (memberId: number, cohortId: number, day: string, rule: string) => call<LedgerEntry>('award_points', { memberId, cohortId, day, rule }),
  deleteLedgerEntry: (id: number) => call<void>('delete_ledger_entry', { id }),
  kocCandidates: (cohortId: number) => call<Candidate[]>('koc_candidates', { cohortId }),
  roleSuggestions: (cohortId: number) => call<RoleSuggestion[]>('role_suggestions', { cohortId }),
  awardSuggestions: (cohortId: number, day: string) => call<Awards>('award_suggestions', { cohortId, day }),
  assignRoleKey: (cohortId: number, memberId: number, role: string) => call<void>('assign_role_key', { cohortId, memberId, role }),
  lifecycle: (cohortId: number) => call<Lifecycle[]>('lifecycle', { cohortId }),
  silentMembers: (cohortId: number) => call<Lifecycle[]>('silent_members', { cohortId }),
  noteContact: (cohortId: number, memberId: number, note: string) => call<void>('note_contact', { cohortId, memberId, note }),
  importChat: (cohortId: number, groupId: number | null, path: string, onProgress: Channel<ChatProgress>) => call<ChatImport>('import_chat', { cohortId, groupId, path, onProgress }),
  cancelChatImport: () => call<void>('cancel_chat_import'),
  chatStats: (cohortId: number, groupId: number | null) => call<ChatStats>('chat_stats', { cohortId, groupId }),
  chatUnmatched: (cohortId: number) => call<Sender[]>('chat_unmatched', { cohortId }),
  linkChatSender: (cohortId: number, senderId: number, memberId: number) => call<number>('link_chat_sender', { cohortId, senderId, memberId }),
  chatSettings: () => call<ChatSettings>('chat_settings'),
  setChatSettings: (settings: ChatSettings) => call<ChatSettings>('set_chat_settings', { settings }),
  redetectChats: (cohortId: number) => call<number>('redetect_chats', { cohortId }),
  forgetChatText: () => call<number>('forget_chat_text'),
  retroMetrics: (cohortId: number) => call<Metrics>('retro_metrics', { cohortId }),
  retroCompare: (cohortIds: number[]) => call<Comparison>('retro_compare', { cohortIds }),
  retroNotes: (cohortId: number) => call<Notes>('retro_notes', { cohortId }),
  saveRetroNotes: (cohortId: number, notes: Notes) => call<Notes>('save_retro_notes', { cohortId, notes }),
  retroActions: (cohortId: number) => call<Action[]>('retro_actions', { cohortId }),
  addRetroAction: (cohortId: number, text: string, anchor: string, role: string) => call<Action>('add_retro_action', { cohortId, text, anchor, role }),
  deleteRetroAction: (id: number) => call<void>('delete_retro_action', { id }),
  pushRetroAction: (id: number, sopKey: string) => call<string>('push_retro_action', { id, sopKey }),
  previewSurvey: (path: string) => call<SurveyPreview>('preview_survey', { path }),
  importSurvey: (cohortId: number, path: string, audience: Audience, uses: [number, QuestionUse][]) => call<SurveyImport>('import_survey', { cohortId, path, audience, uses }),
  listSurveys: (cohortId: number) => call<SurveyInfo[]>('list_surveys', { cohortId }),
  deleteSurvey: (id: number) => call<void>('delete_survey', { id }),
  exportRetro: (cohortId: number, format: 'pdf' | 'md') => call<string>('export_retro', { cohortId, format }),
  engagementSettings: () => call<{ silent_days: number; recall_message: string }>('engagement_settings'),
  setEngagementSettings: (settings: { silent_days: number; recall_message: string }) => call<void>('set_engagement_settings', { settings }),
  exportCohortIcs: (path: string, cohortId: number) => call<number>('export_cohort_ics', { path, cohortId }),
  exportBirthdaysIcs: (path: string, scope: Scope, years: number) => call<number>('export_birthdays_ics', { path, scope, years }),
  growthReport: (cohortId: number) => call<GrowthReport>('growth_report', { cohortId }),
  growthOverview: () => call<GrowthOverview>('growth_overview'),
  listOrders: (cohortId: number) => call<Order[]>('list_orders', { cohortId }),
  memberOrders: (memberId: number) => call<Order[]>('member_orders', { memberId }),
  memberReferred: (memberId: number) => call<Order[]>('member_referred', { memberId }),
  memberRenewals: (memberId: number) => call<Renewal[]>('member_renewals', { memberId }),
  deleteOrder: (id: number) => call<void>('delete_order', { id }),
  previewOrders: (path: string, opts: OrderImportOptions) => call<OrderImportReport>('preview_orders', { path, opts }),
  importOrders: (path: string, opts: OrderImportOptions) => call<OrderImportReport>('import_orders', { path, opts }),
  listCosts: (cohortId: number) => call<Cost[]>('list_costs', { cohortId }),
  addCost: (cohortId: number, input: CostInput) => call<Cost>('add_cost', { cohortId, input }),
  updateCost: (id: number, input: CostInput) => call<Cost>('update_cost', { id, input }),
  deleteCost: (id: number) => call<void>('delete_cost', { id }),
  listChannels: () => call<SalesChannel[]>('list_channels'),
  mergeChannels: (from: number, into: number) => call<void>('merge_channels', { from, into }),
  completionRule: (cohortId: number) => call<CompletionRule>('completion_rule', { cohortId }),
  setCompletionRule: (cohortId: number, rule: CompletionRule) => call<CompletionRule>('set_completion_rule', { cohortId, rule }),
  memberStandings: (memberId: number) => call<CompletionStanding[]>('member_standings', { memberId }),
  setReferrer: (memberId: number, referrerId: number | null) => call<void>('set_referrer', { memberId, referrerId }),
  growthSettings: () => call<GrowthSettings>('growth_settings'),
  setGrowthSettings: (settings: GrowthSettings) => call<GrowthSettings>('set_growth_settings', { settings }),
  renewalsDue: (days: number) => call<RenewalDue[]>('renewals_due', { days }),
  renewalMessage: () => call<string>('renewal_message'),
  setRenewalMessage: (text: string) => call<void>('set_renewal_message', { text }),
  setMembershipExpiry: (memberId: number, cohortId: number, expiresOn: string | null) => call<void>('set_membership_expiry', { memberId, cohortId, expiresOn }),
  creditReferrals: (cohortId: number) => call<[number, number]>('credit_referrals', { cohortId }),
  /** The system's file picker, opened by the shell: the file commands take only its answers
   *  (and files dropped on the window). Null: cancelled. */
  chooseFile: (pick: Pick) => call<string | null>('choose_file', { pick }),
  /** The system's save dialog, proposing `name`; the answer keeps the file's extension. */
  chooseSave: (save: Save, name: string) => call<string | null>('choose_save', { save, name }),
}

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
