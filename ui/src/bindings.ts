// Generated from the Rust types of qunzhu-core: do not edit by hand.
// Regenerate with `UPDATE_BINDINGS=1 cargo test -p qunzhu-core --test core bindings`.

export type Lang = "zh-CN" | "en";

export type Entity = "member" | "cohort" | "group" | "role" | "tag" | "membership" | "backup" | "sop" | "task" | "certificate" | "poster_template" | "export" | "activity" | "point_rule" | "ledger_entry" | "survey" | "retro_action" | "chat_sender" | "channel" | "order" | "cost" | "merge";

export type Field = "name" | "nickname" | "phone" | "wechat" | "city" | "channel" | "notes" | "birthday" | "start_date" | "end_date" | "group_name_rule" | "custom_field" | "tag" | "date" | "link" | "time" | "title" | "role" | "serial" | "cohort" | "members" | "days" | "points" | "reason" | "kind" | "period" | "anchor" | "completion" | "amount" | "gender" | "referrer" | "category" | "status" | "order_no";

export type ErrorReport = { code: string, message: string, field?: Field, 
/**
 * The member the error points at: the one who already has this phone or WeChat ID.
 */
member_id?: number, };

export type Gender = "male" | "female";

export type Calendar = "solar" | "lunar";

export type Birthday = { calendar: Calendar, 
/**
 * Optional: many members give only month and day.
 */
year: number | null, month: number, day: number, 
/**
 * Lunar only: born in the leap month (闰月).
 */
leap_month: boolean, };

export type MemberInput = { name: string, nickname: string, phone: string | null, wechat: string | null, gender: Gender | null, city: string, channel: string, birthday: Birthday | null, notes: string, custom_fields: { [key in string]: string }, 
/**
 * Tag names; unknown ones are created.
 */
tags: Array<string>, };

export type MembershipView = { id: number, cohort_id: number, cohort_name: string, group_id: number | null, group_name: string | null, role_id: number | null, role_key: string | null, role_name: string | null, joined_on: string, left_on: string | null, 
/**
 * When the place ends (会员群, 年卡), if it does.
 */
expires_on: string | null, };

export type Member = { id: number, name: string, nickname: string, phone: string | null, wechat: string | null, gender: Gender | null, city: string, channel: string, birthday: Birthday | null, notes: string, custom_fields: { [key in string]: string }, tags: Array<Tag>, memberships: Array<MembershipView>, 
/**
 * Who brought them (推荐人, the first to), set by an order sheet or by hand.
 */
referrer_id: number | null, referrer: string | null, created_at: string, updated_at: string, };

export type MemberRow = { id: number, name: string, nickname: string, phone: string | null, wechat: string | null, gender: Gender | null, city: string, channel: string, tags: Array<string>, cohort: string | null, group: string | null, role_key: string | null, role: string | null, };

export type MergeReport = { merge_id: number, kept_id: number, kept_name: string, 
/**
 * The name of the record merged away (or typed into the form).
 */
gone_name: string, 
/**
 * Rows that now point at the kept member instead (memberships, marks, points, orders, …).
 */
moved: number, 
/**
 * Rows of the other record the kept member already had (the same mark on the same day).
 */
dropped: number, 
/**
 * The kept member's fields that were empty and were filled from the other.
 */
filled: Array<Field>, };

export type PatternPreview = { group_name: string, serial: string | null, serial_error: string | null, };

export type MemberRecord = { member_id: number, 
/**
 * The ledger's sum over every cohort.
 */
points: number, checkins: number, homework: number, 
/**
 * The last day with a mark or points earned, YYYY-MM-DD.
 */
last_active: string | null, 
/**
 * Newest cohort first.
 */
cohorts: Array<CohortMarks>, 
/**
 * Newest first.
 */
contacts: Array<Contact>, };

export type MemberFigures = { member_id: number, standing: MemberStanding, 
/**
 * The ledger's sum over every cohort.
 */
points: number, 
/**
 * The last day with a mark or points earned, YYYY-MM-DD.
 */
last_active: string | null, };

export type MemberStanding = "active" | "silent" | "left" | "upcoming" | "ended" | "none";

export type CohortMarks = { cohort_id: number, cohort: string, start_date: string, end_date: string, 
/**
 * The days checked in, ascending.
 */
checkin_days: Array<string>, homework: number, excellent: number, lectures: number, 
/**
 * The most days checked in one after another.
 */
longest_run: number, };

export type Contact = { cohort: string, 
/**
 * RFC 3339 UTC.
 */
contacted_at: string, note: string, };

export type MemberQuery = { 
/**
 * Name, nickname, phone, WeChat ID, pinyin or pinyin initials.
 */
search: string | null, cohort_id: number | null, group_id: number | null, role_id: number | null, tag_id: number | null, 
/**
 * Came by this channel: their first channel, or a sign-up's.
 */
channel: string | null, 
/**
 * Brought by this member: as their referrer, or a sign-up's.
 */
referrer_id: number | null, limit: number | null, };

export type Tag = { id: number, name: string, color: string, };

export type TagSummary = { id: number, name: string, color: string, members: number, };

export type Role = { id: number, 
/**
 * Set for built-in roles (monitor, assistant, koc, promoter, curator, guest): the UI translates it.
 */
key: string | null, name: string, builtin: boolean, 
/**
 * People holding the role in live cohorts.
 */
holders: number, };

export type CohortStatus = "upcoming" | "running" | "finished";

export type Cohort = { id: number, name: string, start_date: string, end_date: string, group_name_rule: string, notes: string, 
/**
 * The check-in or live-room link {链接} stands for in 话术.
 */
link: string, 
/**
 * The SOP template its calendar comes from, if any.
 */
sop_key: string | null, 
/**
 * Certificate serials: empty means `{前缀}-{年}-{序号:06}`.
 */
serial_pattern: string, status: CohortStatus, 
/**
 * Today's day of the cohort: 1 on its start date, 0 or less before it, over `days` after it.
 */
day: number, 
/**
 * Its length in days, start and end included.
 */
days: number, groups: number, members: number, };

export type CohortInput = { name: string, 
/**
 * YYYY-MM-DD
 */
start_date: string, 
/**
 * YYYY-MM-DD, on or after the start
 */
end_date: string, 
/**
 * Empty: the default `{期}期{城市}{序号}群`.
 */
group_name_rule: string, notes: string, 
/**
 * The check-in or live-room link ({链接} in 话术); empty: none.
 */
link: string, 
/**
 * Certificate serial pattern, e.g. `XZ-{年}-{序号:05}`; empty: `{前缀}-{年}-{序号:06}`.
 */
serial_pattern: string, };

export type SizeBand = "under" | "healthy" | "over";

export type Group = { id: number, cohort_id: number, name: string, city: string, channel: string, opened_on: string, filled_on: string | null, 
/**
 * Members in the group who have not left.
 */
size: number, band: SizeBand, 
/**
 * Days recruitment has run: until it was marked full, or until today.
 */
fill_days: number, 
/**
 * Still filling (or filled) after more than four weeks.
 */
slow_fill: boolean, };

export type GroupInput = { name: string, city: string, channel: string, 
/**
 * YYYY-MM-DD; empty means today.
 */
opened_on: string, 
/**
 * YYYY-MM-DD when the operator marks the group full; empty while still filling.
 */
filled_on: string, };

export type MembershipInput = { member_id: number, cohort_id: number, group_id: number | null, role_id: number | null, 
/**
 * YYYY-MM-DD; empty means today.
 */
joined_on: string, 
/**
 * YYYY-MM-DD when the member left the group; empty while they stay.
 */
left_on: string, };

export type TrashItem = { kind: Entity, id: number, label: string, 
/**
 * Context: a member's phone or city, a group's cohort, a cohort's dates.
 */
detail: string, deleted_at: string, };

export type BackupInfo = { 
/**
 * File name without `.db`: `qunzhu-20261124-081500-daily`.
 */
id: string, 
/**
 * Local time the copy was taken, `YYYY-MM-DD HH:MM:SS`.
 */
created_at: string, 
/**
 * Why it was taken: daily, manual, pre-migration-vN, pre-restore, pre-clear-demo.
 */
reason: string, size_bytes: number, };

export type AppInfo = { version: string, data_dir: string, db_path: string, schema_version: number, members: number, lang: Lang, 
/**
 * Whether the first-launch demo offer should be shown: an empty store never asked before.
 */
offer_demo: boolean, 
/**
 * Demo data is loaded and can be cleared.
 */
demo_loaded: boolean, };

export type DemoSummary = { members: number, cohorts: number, groups: number, };

export type SourceFormat = "generic" | "qunzhu" | "wjx" | "tencent" | "jinshuju";

export type Target = { "kind": "ignore" } | { "kind": "name" } | { "kind": "nickname" } | { "kind": "phone" } | { "kind": "wechat" } | { "kind": "gender" } | { "kind": "city" } | { "kind": "channel" } | { "kind": "birthday" } | { "kind": "notes" } | { "kind": "tags" } | { "kind": "custom", "field": string };

export type MergePolicy = "skip" | "update" | "fill_blanks";

export type ImportOptions = { 
/**
 * Spreadsheet sheet; none: the first.
 */
sheet: string | null, 
/**
 * A target per column; none: remembered for this source format, else guessed.
 */
mapping: Array<Target> | null, policy: MergePolicy, 
/**
 * Put every imported member into this cohort...
 */
cohort_id: number | null, 
/**
 * ...and this group of it,
 */
group_id: number | null, 
/**
 * ...or into the group named after this column's value (its city, channel, age band), made if missing.
 */
group_by_column: number | null, 
/**
 * Tags added to every imported member.
 */
tags: Array<string>, 
/**
 * Write the good rows and report the bad ones as skipped; otherwise one bad row stops all.
 */
skip_bad_rows: boolean, 
/**
 * Work everything out, write nothing: the preview.
 */
dry_run: boolean, };

export type RowStatus = "new" | "update" | "unchanged" | "conflict" | "error";

export type PreviewRow = { 
/**
 * Line in the file, the header being line 1 (as Excel numbers rows).
 */
row: number, cells: Array<string>, status: RowStatus, message: string | null, };

export type RowError = { row: number, 
/**
 * The column's header, when one column is at fault.
 */
column: string | null, message: string, };

export type ImportReport = { file: string, format: SourceFormat, encoding: string, sheet: string | null, sheets: Array<string>, headers: Array<string>, mapping: Array<Target>, total_rows: number, created: number, updated: number, 
/**
 * Rows not written: unchanged or kept by the policy, and bad rows when skipping them.
 */
skipped: number, conflicts: number, errors: Array<RowError>, 
/**
 * Rows with an error (the list above stops at 1,000).
 */
error_rows: number, preview: Array<PreviewRow>, 
/**
 * Whether anything was written.
 */
committed: boolean, };

export type TextEncoding = "utf8" | "gbk";

export type ExportSummary = { path: string, rows: number, };

export type Pick = "member_sheet" | "photo" | "template" | "chat" | "survey" | "order_sheet";

export type Save = "members_csv" | "members_xlsx" | "ics";

export type LunarDate = { lunar_year: number, lunar_month: number, lunar_day: number, is_leap_month: boolean, };

export type Feb29 = "feb28" | "mar1";

export type BirthdaySettings = { feb29: Feb29, 
/**
 * A reminder this many days before (0: only on the day).
 */
remind_days_before: number, 
/**
 * Desktop notifications while the app runs.
 */
notify: boolean, 
/**
 * The 生日会 message; placeholders {月} {名单} {人数}. Empty: the default in the UI language.
 */
roster_template: string, };

export type BirthdayPreview = { text: string, 
/**
 * The next celebration on or after today.
 */
next_date: string | null, age: number | null, 
/**
 * The policy that moved this year's date, in the user's language, if one did.
 */
note: string | null, 
/**
 * For a solar birthday with a year: the lunar date of birth (to offer celebrating that instead).
 */
lunar_of_birth: LunarDate | null, };

export type UpcomingBirthday = { member_id: number, name: string, nickname: string, 
/**
 * The solar date it is celebrated on.
 */
date: string, kind: Calendar, age: number | null, days_until: number, 
/**
 * How the birthday reads (农历腊月初八).
 */
birthday: string, month: number, day: number, leap_month: boolean, };

export type Scope = { cohort_id: number | null, group_id: number | null, };

export type Roster = { year: number, month: number, entries: Array<UpcomingBirthday>, message: string, 
/**
 * The poster template the roster is drawn with.
 */
poster_template: string | null, };

export type Reminder = { days_before: number, 
/**
 * It fell due while Qunzhu was closed.
 */
missed: boolean, member_id: number, name: string, nickname: string, 
/**
 * The solar date it is celebrated on.
 */
date: string, kind: Calendar, age: number | null, days_until: number, 
/**
 * How the birthday reads (农历腊月初八).
 */
birthday: string, month: number, day: number, leap_month: boolean, };

export type Task = { id: number, cohort_id: number, cohort: string, date: string, time: string, day_number: number | null, title: string, role: string, done: boolean, 
/**
 * The 话术 with the placeholders Qunzhu knows filled in.
 */
message: string, 
/**
 * Placeholders left without a value (shown highlighted, never blank), such as {链接}.
 */
missing: Array<string>, checklist: Array<string>, action: string | null, 
/**
 * Added by hand, not from the template.
 */
one_off: boolean, snoozed: boolean, 
/**
 * A welcome task while a group of the cohort is still being filled: welcome newcomers in
 * batches, every this many minutes (the seeds' advice), rather than one by one.
 */
join_batch_minutes: number | null, };

export type FilledPreview = { text: string, 
/**
 * Placeholders this cohort has no value for (shown highlighted).
 */
missing: Array<string>, 
/**
 * The cohort it was filled from (the current one); none: a sample name.
 */
cohort: string | null, };

export type TaskInput = { cohort_id: number, 
/**
 * YYYY-MM-DD
 */
date: string, 
/**
 * HH:MM
 */
time: string, title: string, 
/**
 * 班长, 助教 … or 群主; empty: 群主.
 */
role: string, message: string, };

export type CalendarSettings = { 
/**
 * While a group is being filled, welcome newcomers in batches every this many minutes (15-30).
 */
join_batch_minutes: number, 
/**
 * A desktop notification when a task falls due.
 */
notify: boolean, };

export type SopInfo = { key: string, name: string, kind: SopKind, 
/**
 * Ships with Qunzhu (read-only: save a copy to change it).
 */
builtin: boolean, tasks: number, 
/**
 * Cohorts whose calendar comes from it.
 */
cohorts: number, };

export type Sop = { key: string, name: string, kind: SopKind, 
/**
 * The 结业标准 a cohort made from the template starts with (none: did not leave).
 */
completion: CompletionRule | null, tasks: Array<SopTask>, };

export type SopTask = { 
/**
 * The task's identity across edits of the template: its `id`, else its title.
 */
key: string, title: string, anchor: Anchor, anchor_text: string, time: string, repeat: Repeat, role: string, message: string, checklist: Array<string>, action: string | null, };

export type Vocabulary = { placeholders: Array<string>, roles: Array<string>, actions: Array<string>, };

export type SopKind = "cohort" | "ongoing";

export type Anchor = { "from": "start", "days": number } | { "from": "end", "days": number };

export type Repeat = { "every": "once" } | { "every": "daily" } | { "every": "weekly", "weekday": number };

export type PosterTemplateInfo = { 
/**
 * Bundled: its kind (completion_certificate …); imported: the key it was saved under.
 */
key: string, name: string, kind: string | null, builtin: boolean, width_mm: number, height_mm: number, };

export type Undrawable = { member_id: number, name: string, field: string, chars: string, };

export type Batch = { pages: number, issued: Array<Issued>, 
/**
 * The PDF, or the folder the PNGs are in.
 */
path: string, format: Format, };

export type BatchRequest = { 
/**
 * The cohort the pages speak of; required for certificates (their serials are per cohort).
 * Without one, each member's first cohort.
 */
cohort_id: number | null, template: string, members: Array<number>, 
/**
 * The PDF file, or the folder for PNGs (created if missing).
 */
out: string, format: Format, 
/**
 * Render even when some characters cannot be drawn (the operator saw the list and agreed).
 */
allow_undrawable: boolean, };

export type Format = "pdf" | "png";

export type GuestTalk = { task_id: number | null, cohort_id: number | null, guest: string, topic: string, intro: string, 
/**
 * Overrides the task's time ("11月26日 周四 20:00").
 */
time: string | null, 
/**
 * An image file for {{photo}}.
 */
photo: string | null, };

export type Occasion = { "kind": "roster", cohort_id: number | null, year: number, month: number, } | { "kind": "guest" } & GuestTalk;

export type Poster = { data_url: string, path: string | null, };

export type CertificateRow = { serial: string, name: string, cohort: string | null, member_id: number | null, template: string, issued_at: string, revoked_at: string | null, 
/**
 * The text its QR code carries.
 */
payload: string, };

export type MarkKind = "checkin" | "homework" | "excellent" | "lecture";

export type MarkSource = "manual" | "paste" | "import";

export type RosterMember = { id: number, name: string, nickname: string, group_id: number | null, group: string | null, left_on: string | null, };

export type Grid = { kind: MarkKind, days: Array<string>, members: Array<RosterMember>, marked: Array<Array<number>>, 
/**
 * Marked members per day (the column totals).
 */
per_day: Array<number>, };

export type NameMatch = { 
/**
 * Each matched member once, in the order pasted.
 */
matched: Array<MatchedName>, 
/**
 * Names no member of the cohort has.
 */
unmatched: Array<string>, 
/**
 * Names more than one member could be: the operator picks.
 */
ambiguous: Array<Ambiguous>, };

export type MatchedName = { text: string, member_id: number, name: string, };

export type Ambiguous = { text: string, candidates: Array<MatchedName>, };

export type ActivityKind = "talk" | "game" | "meetup" | "other";

export type ActivityInput = { cohort_id: number, title: string, kind: ActivityKind, day: string, 
/**
 * The announcement went to the whole cohort: everyone counts as reached.
 */
reach_cohort: boolean, };

export type Activity = { id: number, cohort_id: number, title: string, kind: ActivityKind, day: string, reach_cohort: boolean, 
/**
 * People at each stage or further: reached, replied, signed up, attended.
 */
funnel: [number, number, number, number], 
/**
 * Conversion from each stage to the next (replied/reached, signed up/replied, attended/signed
 * up), and attended/reached overall; 0 when the earlier stage is empty.
 */
rates: [number, number, number, number], };

export type ActivityPerson = { member_id: number, name: string, group: string | null, 
/**
 * 0: not reached (or not recorded), 1 reached … 4 attended.
 */
stage: number, };

export type State = "active" | "silent" | "left";

export type Lifecycle = { member_id: number, name: string, group: string | null, state: State, 
/**
 * The day the state began: joined or first active; silent from the Nth day without activity;
 * the left-group date.
 */
since: string, 
/**
 * The last day with any mark, point or activity reply; none yet: null.
 */
last_active: string | null, 
/**
 * Days since the last activity (or since joining), as of today or the cohort's last day.
 */
days_silent: number, 
/**
 * The last time the operator contacted them to come back, with the note.
 */
contacted_at: string | null, contact_note: string | null, };

export type Rule = { key: string, points: number, 
/**
 * When this version took effect.
 */
valid_from: string, 
/**
 * The version's id, recorded on each ledger entry it set.
 */
id: number, };

export type LedgerEntry = { id: number, member_id: number, cohort_id: number | null, cohort: string | null, day: string, points: number, 
/**
 * rule, adjust or redeem.
 */
kind: string, 
/**
 * The rule's key (checkin …) for rule entries.
 */
rule: string | null, 
/**
 * The rule version's points at the time, when they differ from today's rule (history kept).
 */
rule_points_now: number | null, reason: string, 
/**
 * What earned it: mark:checkin, activity:7 (with the activity's title in `reason`).
 */
source: string | null, created_at: string, };

export type Ledger = { member_id: number, total: number, entries: Array<LedgerEntry>, };

export type Period = "day" | "week" | "cohort" | "all";

export type Standing = { member_id: number, name: string, group: string | null, points: number, 
/**
 * 1 for the most points; equal points share a rank (1, 1, 3).
 */
rank: number, };

export type Deed = { 
/**
 * checkin, homework, excellent, lecture, answered, responded, attended, replied (activities).
 */
kind: string, count: number, first: string, last: string, };

export type Candidate = { member_id: number, name: string, group: string | null, 
/**
 * Their role in the cohort now, if any.
 */
role: string | null, score: number, points: number, breadth: number, active_days: number, deeds: Array<Deed>, };

export type RoleSuggestion = { 
/**
 * The built-in role's key: monitor, assistant, promoter, curator.
 */
role: string, member_id: number, name: string, 
/**
 * The deed it rests on (responded, answered, replied, excellent) and how often.
 */
because: string, count: number, };

export type Awards = { day: string, homework_stars: Array<Standing>, today_stars: Array<Standing>, };

export type ChatFormat = "liuhen_csv" | "liuhen_csv_new" | "liuhen_txt" | "py_wx_dump" | "qq_txt";

export type MsgKind = "text" | "image" | "voice" | "video" | "sticker" | "link" | "system" | "other";

export type ChatImport = { format: string, messages: number, new_messages: number, senders: number, matched: number, unmatched: number, checkins_detected: number, homework_detected: number, };

export type Sender = { id: number, name: string, 
/**
 * Every name they used, oldest first.
 */
names: Array<string>, messages: number, member_id: number | null, };

export type ChatProgress = { messages: number, 
/**
 * 0-1, by the bytes of the file read.
 */
done: number, };

export type ChatSettings = { 
/**
 * One pattern a line; `*` is a day number.
 */
checkin_patterns: string, homework_patterns: string, 
/**
 * False: only counts are kept, message text is dropped after analysis.
 */
keep_text: boolean, };

export type WeekShare = { 
/**
 * The week's Monday.
 */
week: string, monitor: number, total: number, 
/**
 * monitor / total; 0 for a week without messages.
 */
share: number, };

export type MemberChat = { member_id: number, name: string, messages: number, active_days: number, checkins: number, 
/**
 * Homework posts detected (`#作业` …).
 */
homework: number, first: string | null, last: string | null, };

export type ChatStats = { messages: number, 
/**
 * Messages by hour of the day, 0-23.
 */
by_hour: Array<number>, 
/**
 * Messages by weekday (Monday first) × hour: the heat map.
 */
heat: Array<Array<number>>, 
/**
 * People who spoke, per day.
 */
active_per_day: Array<[string, number]>, monitor_share_by_week: Array<WeekShare>, 
/**
 * Every member of the cohort (or group), most messages first: the talkative at the top, the
 * lurkers (潜水) at the bottom.
 */
members: Array<MemberChat>, };

export type CohortRate = { cohort_id: number, 
/**
 * Check-ins / members present over the days so far; none before the first day.
 */
checkin_rate: number | null, };

export type GroupMetric = { name: string, 
/**
 * Members in it who did not leave.
 */
size: number, 
/**
 * Within 150-350.
 */
in_band: boolean, 
/**
 * Days from its first member joining to its last.
 */
fill_days: number | null, };

export type DayRate = { day: string, 
/**
 * Members in the cohort that day (joined, not yet left).
 */
present: number, marked: number, rate: number | null, };

export type Funnel = { title: string, day: string, reached: number, replied: number, signed_up: number, attended: number, 
/**
 * replied / reached
 */
reply_rate: number | null, 
/**
 * signed up / reached
 */
signup_rate: number | null, 
/**
 * attended / reached
 */
attend_rate: number | null, };

export type Bucket = { from: number, to: number, count: number, };

export type PointsSpread = { total: number, mean: number | null, median: number | null, max: number, 
/**
 * Members by points, five equal ranges from 0 to the most.
 */
buckets: Array<Bucket>, };

export type Metrics = { cohort_id: number, cohort: string, start_date: string, end_date: string, 
/**
 * Days counted: the whole cohort once it ended, up to today while it runs.
 */
days: number, enrolled: number, 
/**
 * Graduated by the cohort's 结业标准 (by default: enrolled and did not leave).
 */
completed: number, 
/**
 * The 结业标准, in the user's words.
 */
completion_rule: string, 
/**
 * 渠道与转化: the cohort's growth report (sign-ups, payments, channels, costs, referrers).
 */
growth: GrowthReport, completion_rate: number | null, quit: number, quit_rate: number | null, 
/**
 * Members who left, by week of the cohort: [before it started, week 1, week 2, …].
 */
quit_by_week: Array<number>, groups: Array<GroupMetric>, groups_in_band: number, 
/**
 * Check-ins / members present, over the days counted (打卡率).
 */
checkin_rate: number | null, checkin_curve: Array<DayRate>, 
/**
 * Lecture marks / members present, over the days that had a lecture (听课率).
 */
lecture_rate: number | null, lecture_days: number, 
/**
 * Homework marks / members present, over the days homework was marked.
 */
homework_rate: number | null, 
/**
 * Excellent / homework.
 */
excellent_rate: number | null, funnels: Array<Funnel>, points: PointsSpread, kocs: Array<string>, 
/**
 * Members whose birthday (solar or lunar) fell within the cohort.
 */
birthdays_celebrated: number, 
/**
 * Members' mean satisfaction score over the scale's top (4.6 of 5 → 0.92).
 */
satisfaction_members: number | null, 
/**
 * The mean on the survey's own scale, and that scale's top.
 */
satisfaction_members_score: number | null, satisfaction_members_scale: number | null, satisfaction_staff: number | null, satisfaction_staff_score: number | null, satisfaction_staff_scale: number | null, 
/**
 * Net Promoter Score, -100..100: % answering 9-10 minus % answering 0-6 to the 0-10 question.
 */
nps: number | null, survey_responses: number, chat_messages: number, 
/**
 * The 班长's share of the chat messages (the seeds call ~5% healthy).
 */
monitor_share: number | null, };

export type Notes = { went_well: string, problems: string, changes: string, updated_at: string | null, };

export type Action = { id: number, cohort_id: number, text: string, 
/**
 * When in the next cohort: D-3, D0, D+7, E-1 …
 */
anchor: string, role: string, 
/**
 * The template it became a task of.
 */
pushed_to: string | null, };

export type CompareRow = { key: string, 
/**
 * A rate (0-1, shown as %) or a count.
 */
rate: boolean, 
/**
 * Whether more is better (quit rate: no).
 */
higher_is_better: boolean, 
/**
 * Whether a change is good or bad at all (the monitor's share should stay near 5%: neither).
 */
judged: boolean, values: Array<number | null>, 
/**
 * Each cohort against the first: value - first (none when either is missing).
 */
deltas: Array<number | null>, };

export type Comparison = { cohorts: Array<Metrics>, rows: Array<CompareRow>, };

export type Audience = "members" | "staff";

export type QuestionUse = "satisfaction" | "nps" | "score" | "text";

export type Question = { 
/**
 * Its column.
 */
idx: number, text: string, use_as: QuestionUse, 
/**
 * Numeric answers' scale (1-5, 0-10 …), when the answers are scores.
 */
scale_min: number | null, scale_max: number | null, 
/**
 * A few answers, for the operator to recognise the question.
 */
samples: Array<string>, };

export type SurveyPreview = { 
/**
 * wjx, tencent, jinshuju or generic.
 */
format: string, respondents: number, 
/**
 * The columns that say who answered (name, phone, WeChat ID).
 */
identity: Array<string>, 
/**
 * The questions that are not about the submission or the respondent.
 */
questions: Array<Question>, };

export type SurveyImport = { survey_id: number, respondents: number, 
/**
 * Respondents found among the cohort's members.
 */
linked: number, questions: Array<Question>, };

export type SurveyInfo = { id: number, audience: Audience, title: string, format: string, respondents: number, linked: number, imported_at: string, };

export type Issued = { serial: string, member_id: number, name: string, 
/**
 * The text of its QR code.
 */
payload: string, 
/**
 * Issued before (the same template, cohort and member): the same serial again, not a new one.
 */
reissued: boolean, };

export type Verdict = { "status": "valid", serial: string, name: string, } | { "status": "revoked", serial: string, name: string, revoked_at: string, } | { "status": "forged" };

export type TemplateReport = { 
/**
 * `data-qunzhu-template` on the root: the template's kind (completion_certificate, today_star …).
 */
kind: string | null, 
/**
 * `data-name` on the root, else the file name.
 */
name: string, 
/**
 * Page size in millimetres (from width/height, or the viewBox at 96 dpi).
 */
width_mm: number, height_mm: number, 
/**
 * Placeholders it uses, in order of first use.
 */
placeholders: Array<string>, 
/**
 * Placeholders that are neither built in nor a custom field: they stay empty.
 */
unknown_placeholders: Array<string>, 
/**
 * Font families it names that are not installed (the bundled font is drawn instead).
 */
missing_fonts: Array<string>, 
/**
 * Refused: the template cannot be used until these are removed.
 */
refused: Array<Refusal>, 
/**
 * The XML could not be read at all: the parser's message with its line.
 */
syntax: string | null, };

export type Refusal = { line: number, 
/**
 * What it is, as written: `<script>`, `href="https://…"`, `onload`.
 */
what: string, };

export type OrderStatus = "signed_up" | "paid" | "joined" | "completed" | "refunded" | "not_joined";

export type OrderColumn = "ignore" | "order_no" | "product" | "name" | "nickname" | "phone" | "wechat" | "paid" | "discount" | "coupon" | "time" | "status" | "channel" | "referrer" | "refund" | "refunded_on" | "expires_on" | "note";

export type Order = { id: number, member_id: number, name: string, cohort_id: number, cohort: string, channel: string | null, referrer_id: number | null, referrer: string | null, order_no: string | null, product: string, 
/**
 * Paid, in yuan.
 */
amount: number, discount: number, refund: number, status: OrderStatus, 
/**
 * As the sheet wrote it, the operator's local time: "2026-11-02 20:15:00" or a date.
 */
paid_at: string | null, refunded_on: string | null, note: string, };

export type OrderImportOptions = { cohort_id: number, 
/**
 * Spreadsheet sheet; none: the first.
 */
sheet: string | null, 
/**
 * A column kind per column; none: guessed from the headers.
 */
mapping: Array<OrderColumn> | null, skip_bad_rows: boolean, dry_run: boolean, };

export type OrderImportReport = { file: string, encoding: string, sheet: string | null, sheets: Array<string>, headers: Array<string>, mapping: Array<OrderColumn>, total_rows: number, 
/**
 * Sign-ups (one per person) new, changed, and already as the sheet says.
 */
created: number, updated: number, unchanged: number, 
/**
 * Bad rows left out (only when skipping them).
 */
skipped: number, 
/**
 * People who were not members yet (buyers, and referrers named only by the sheet).
 */
members_created: number, errors: Array<RowError>, error_rows: number, preview: Array<PreviewRow>, committed: boolean, };

export type CostCategory = "ads" | "red_packets" | "prizes" | "guests" | "tools" | "other";

export type Cost = { id: number, cohort_id: number, amount: number, category: CostCategory, channel_id: number | null, channel: string | null, spent_on: string, note: string, };

export type CostInput = { 
/**
 * Yuan as typed ("500", "¥1,299.50").
 */
amount: string, category: CostCategory | null, 
/**
 * A channel name or spelling; empty for the cohort as a whole.
 */
channel: string, 
/**
 * YYYY-MM-DD; empty: the cohort's first day.
 */
spent_on: string, note: string, };

export type Channel = { id: number, name: string, builtin: boolean, 
/**
 * Merged into that channel: its sign-ups and costs are counted there.
 */
merged_into: number | null, };

export type CompletionRule = { 
/**
 * At least this many check-in days (打卡).
 */
checkins: number | null, 
/**
 * At least this many homework handed in (作业).
 */
homework: number | null, 
/**
 * At least this many lectures attended (听课).
 */
lectures: number | null, };

export type CompletionStanding = { cohort_id: number, cohort: string, completed: boolean, 
/**
 * "已结业：打卡 15/14" in the user's language.
 */
reason: string, };

export type GrowthFunnel = { signups: number, paid: number, joined: number, active: number, completed: number, renewed: number, refunded: number, revenue: number, refunds: number, };

export type ChannelRow = { 
/**
 * None: sign-ups with no channel written (未填).
 */
channel: string | null, 
/**
 * None when no cost was recorded for the channel ("—", never 0).
 */
cost: number | null, cost_per_paid: number | null, signups: number, paid: number, joined: number, active: number, completed: number, renewed: number, refunded: number, revenue: number, refunds: number, };

export type ReferrerRow = { member_id: number, name: string, referred: number, paid: number, completed: number, };

export type GrowthReport = { cohort_id: number, cohort: string, start_date: string, end_date: string, 
/**
 * 用户规模: people with a sign-up for the cohort or a place in it.
 */
reached: number, net_revenue: number, 
/**
 * All costs recorded (None: none recorded).
 */
cost: number | null, 
/**
 * Costs recorded for no channel in particular.
 */
cost_unassigned: number | null, 
/**
 * 获客成本: cost per paying member (to the fen).
 */
cost_per_paid: number | null, cost_per_completed: number | null, channels: Array<ChannelRow>, referrers: Array<ReferrerRow>, active_days: number, renewal_days: number, signups: number, paid: number, joined: number, active: number, completed: number, renewed: number, refunded: number, revenue: number, refunds: number, };

export type RepeatBuyer = { member_id: number, name: string, 
/**
 * The cohorts they paid for, first to last.
 */
cohorts: Array<string>, };

export type Totals = { 
/**
 * Different people across the cohorts.
 */
reached: number, 
/**
 * Different people who paid for at least one cohort (`paid` counts each cohort paid for).
 */
payers: number, net_revenue: number, cost: number | null, cost_per_paid: number | null, cost_per_completed: number | null, signups: number, paid: number, joined: number, active: number, completed: number, renewed: number, refunded: number, revenue: number, refunds: number, };

export type GrowthOverview = { 
/**
 * Every cohort, earliest first: the channels by cohort over time.
 */
cohorts: Array<GrowthReport>, totals: Totals, repeat_buyers: Array<RepeatBuyer>, };

export type RenewalDue = { member_id: number, name: string, cohort_id: number, cohort: string, expires_on: string, 
/**
 * Days until the end (negative: lapsed that many days ago).
 */
days_left: number, 
/**
 * The 续费话术, filled in.
 */
message: string, };

export type Renewal = { cohort_id: number, cohort: string, from_on: string, to_on: string, 
/**
 * The day it was paid, or set by hand.
 */
renewed_on: string, order_no: string | null, 
/**
 * Paid, in yuan (0 when the end was moved by hand).
 */
amount: number, };

export type GrowthSettings = { 
/**
 * Check-in days that make a member 活跃.
 */
active_days: number, 
/**
 * Days after a cohort's end a later payment still counts as 续费.
 */
renewal_days: number, 
/**
 * The 续费话术, with {姓名}, {期} and {到期日}.
 */
renewal_message: string, };

export type RecallSettings = { silent_days: number, recall_message: string, };

export type TemplateImport = { report: TemplateReport, key: string | null, };

export type PagesRequest = { cohort_id: number | null, template: string, 
/**
 * These members; none: the cohort's (its graduates with `graduates`).
 */
members: Array<number> | null, graduates: boolean, format: Format, allow_undrawable: boolean, };

/** Every command: its arguments, result and (a job) progress. */
export type Commands = {
  app_info: { args: {}, result: AppInfo },
  set_lang: { args: { lang: Lang }, result: void },
  dismiss_demo: { args: {}, result: void },
  load_demo: { args: {}, result: DemoSummary },
  clear_demo: { args: {}, result: DemoSummary },
  list_members: { args: { query: MemberQuery }, result: Array<MemberRow> },
  get_member: { args: { id: number }, result: Member },
  add_member: { args: { input: MemberInput }, result: Member },
  update_member: { args: { id: number, input: MemberInput }, result: Member },
  delete_member: { args: { id: number }, result: void },
  merge_members: { args: { keptId: number, goneId: number }, result: MergeReport },
  merge_into_member: { args: { keptId: number, input: MemberInput }, result: MergeReport },
  unmerge_members: { args: { mergeId: number }, result: void },
  tag_members: { args: { tag: string, ids: Array<number> }, result: number },
  list_cohorts: { args: {}, result: Array<Cohort> },
  current_cohort: { args: {}, result: Cohort | null },
  set_current_cohort: { args: { id: number }, result: Cohort },
  get_cohort: { args: { id: number }, result: Cohort },
  add_cohort: { args: { input: CohortInput, sop: string | null }, result: Cohort },
  update_cohort: { args: { id: number, input: CohortInput }, result: Cohort },
  delete_cohort: { args: { id: number }, result: void },
  list_groups: { args: { cohortId: number }, result: Array<Group> },
  add_group: { args: { cohortId: number, input: GroupInput }, result: Group },
  update_group: { args: { id: number, input: GroupInput }, result: Group },
  delete_group: { args: { id: number }, result: void },
  propose_group_name: { args: { cohortId: number, city: string, channel: string }, result: string },
  preview_cohort_patterns: { args: { name: string, rule: string, serial: string, year: number }, result: PatternPreview },
  assign_member: { args: { input: MembershipInput }, result: Member },
  remove_membership: { args: { id: number }, result: void },
  list_roles: { args: {}, result: Array<Role> },
  add_role: { args: { name: string }, result: Role },
  delete_role: { args: { id: number }, result: void },
  list_tags: { args: {}, result: Array<TagSummary> },
  delete_tag: { args: { id: number }, result: void },
  list_trash: { args: {}, result: Array<TrashItem> },
  restore_from_trash: { args: { kind: Entity, id: number }, result: void },
  purge_from_trash: { args: { kind: Entity, id: number }, result: void },
  empty_trash: { args: {}, result: number },
  create_backup: { args: {}, result: BackupInfo },
  list_backups: { args: {}, result: Array<BackupInfo> },
  restore_backup: { args: { id: string }, result: BackupInfo },
  preview_import: { args: { path: string, options: ImportOptions }, result: ImportReport },
  run_import: { args: { path: string, options: ImportOptions }, result: ImportReport, progress: number },
  export_members: { args: { path: string, query: MemberQuery, encoding: TextEncoding }, result: ExportSummary },
  lunar_from_solar: { args: { date: string }, result: LunarDate },
  lunar_to_solar: { args: { year: number, month: number, day: number, leap: boolean }, result: string },
  birthday_preview: { args: { birthday: Birthday }, result: BirthdayPreview },
  upcoming_birthdays: { args: { scope: Scope, days: number }, result: Array<UpcomingBirthday> },
  birthday_roster: { args: { scope: Scope, year: number, month: number }, result: Roster },
  birthday_settings: { args: {}, result: BirthdaySettings },
  set_birthday_settings: { args: { settings: BirthdaySettings }, result: BirthdaySettings },
  due_reminders: { args: {}, result: Array<Reminder> },
  export_birthdays_ics: { args: { path: string, scope: Scope, years: number }, result: number },
  list_sops: { args: {}, result: Array<SopInfo> },
  attach_sop: { args: { cohortId: number, key: string }, result: number },
  check_sop: { args: { source: string }, result: Sop },
  sop_source: { args: { key: string }, result: string },
  save_sop: { args: { source: string, previous: string | null }, result: Sop },
  write_sop: { args: { sop: Sop }, result: string },
  sop_vocabulary: { args: {}, result: Vocabulary },
  preview_message: { args: { message: string, time: string, anchor: Anchor }, result: FilledPreview },
  delete_sop: { args: { key: string }, result: void },
  cohorts_using_sop: { args: { key: string }, result: Array<Cohort> },
  reapply_sop: { args: { key: string, cohortIds: Array<number> }, result: number },
  list_tasks: { args: { cohortId: number | null, from: string | null, to: string | null }, result: Array<Task> },
  set_task_done: { args: { id: number, done: boolean }, result: void },
  snooze_task: { args: { id: number, date: string, time: string }, result: Task },
  reassign_task: { args: { id: number, role: string }, result: Task },
  add_task: { args: { input: TaskInput }, result: Task },
  delete_task: { args: { id: number }, result: void },
  calendar_settings: { args: {}, result: CalendarSettings },
  set_calendar_settings: { args: { settings: CalendarSettings }, result: CalendarSettings },
  due_tasks: { args: {}, result: Array<Task> },
  export_cohort_ics: { args: { path: string, cohortId: number }, result: number },
  list_poster_templates: { args: {}, result: Array<PosterTemplateInfo> },
  preview_poster: { args: { template: string, memberId: number, cohortId: number | null, width: number }, result: string },
  poster_thumbnail: { args: { template: string, width: number }, result: string },
  render_certificates: { args: { request: PagesRequest }, result: Batch, progress: number },
  verify_certificate: { args: { payload: string }, result: Verdict },
  import_poster_template: { args: { path: string }, result: TemplateImport },
  delete_poster_template: { args: { key: string }, result: void },
  occasion_poster: { args: { template: string, occasion: Occasion, save: boolean, allowUndrawable: boolean }, result: Poster },
  member_poster: { args: { template: string, memberId: number, cohortId: number | null }, result: Poster },
  list_certificates: { args: { cohortId: number | null, search: string }, result: Array<CertificateRow> },
  revoke_certificate: { args: { serial: string }, result: void },
  member_photo: { args: { memberId: number }, result: string | null },
  set_member_photo: { args: { path: string, memberId: number }, result: string | null },
  remove_member_photo: { args: { memberId: number }, result: void },
  open_export: { args: { path: string }, result: void },
  reveal_export: { args: { path: string }, result: void },
  copy_export_image: { args: { path: string }, result: void },
  cohort_member_ids: { args: { cohortId: number, graduates: boolean }, result: Array<number> },
  engagement_grid: { args: { cohortId: number, kind: MarkKind }, result: Grid },
  mark_members: { args: { cohortId: number, day: string, kind: MarkKind, memberIds: Array<number>, on: boolean }, result: number },
  match_names: { args: { cohortId: number, text: string }, result: NameMatch },
  mark_pasted: { args: { cohortId: number, day: string, kind: MarkKind, text: string }, result: [NameMatch, number] },
  mark_group: { args: { cohortId: number, groupId: number, day: string, kind: MarkKind, on: boolean }, result: number },
  list_activities: { args: { cohortId: number }, result: Array<Activity> },
  add_activity: { args: { input: ActivityInput }, result: Activity },
  activity_people: { args: { id: number }, result: Array<ActivityPerson> },
  set_activity_stage: { args: { id: number, memberIds: Array<number>, stage: number }, result: Activity },
  delete_activity: { args: { id: number }, result: void },
  point_rules: { args: {}, result: Array<Rule> },
  set_point_rule: { args: { key: string, points: number }, result: Rule },
  recompute_points: { args: { cohortId: number }, result: number },
  leaderboard: { args: { cohortId: number, groupId: number | null, period: Period, date: string }, result: Array<Standing> },
  member_ledger: { args: { memberId: number, cohortId: number | null }, result: Ledger },
  member_record: { args: { memberId: number }, result: MemberRecord },
  member_figures: { args: {}, result: Array<MemberFigures> },
  member_certificates: { args: { memberId: number }, result: Array<CertificateRow> },
  adjust_points: { args: { memberId: number, cohortId: number | null, points: number, reason: string }, result: LedgerEntry },
  redeem_points: { args: { memberId: number, cohortId: number | null, reward: string, cost: number }, result: LedgerEntry },
  award_points: { args: { memberId: number, cohortId: number, day: string, rule: string }, result: LedgerEntry },
  delete_ledger_entry: { args: { id: number }, result: void },
  koc_candidates: { args: { cohortId: number }, result: Array<Candidate> },
  role_suggestions: { args: { cohortId: number }, result: Array<RoleSuggestion> },
  award_suggestions: { args: { cohortId: number, day: string }, result: Awards },
  assign_role_key: { args: { cohortId: number, memberId: number, role: string }, result: void },
  lifecycle: { args: { cohortId: number }, result: Array<Lifecycle> },
  silent_members: { args: { cohortId: number }, result: Array<Lifecycle> },
  note_contact: { args: { cohortId: number, memberId: number, note: string }, result: void },
  note_contacts: { args: { cohortId: number, memberIds: Array<number>, note: string }, result: number },
  engagement_settings: { args: {}, result: RecallSettings },
  set_engagement_settings: { args: { settings: RecallSettings }, result: void },
  import_chat: { args: { path: string, cohortId: number, groupId: number | null }, result: ChatImport, progress: ChatProgress },
  chat_stats: { args: { cohortId: number, groupId: number | null }, result: ChatStats },
  chat_unmatched: { args: { cohortId: number }, result: Array<Sender> },
  link_chat_sender: { args: { cohortId: number, senderId: number, memberId: number }, result: number },
  chat_settings: { args: {}, result: ChatSettings },
  set_chat_settings: { args: { settings: ChatSettings }, result: ChatSettings },
  redetect_chats: { args: { cohortId: number }, result: number },
  forget_chat_text: { args: {}, result: number },
  retro_metrics: { args: { cohortId: number }, result: Metrics },
  retro_compare: { args: { cohortIds: Array<number> }, result: Comparison },
  retro_notes: { args: { cohortId: number }, result: Notes },
  save_retro_notes: { args: { cohortId: number, notes: Notes }, result: Notes },
  retro_actions: { args: { cohortId: number }, result: Array<Action> },
  add_retro_action: { args: { cohortId: number, text: string, anchor: string, role: string }, result: Action },
  delete_retro_action: { args: { id: number }, result: void },
  cohort_checkin_rates: { args: { cohortId: number | null }, result: Array<CohortRate> },
  push_retro_action: { args: { id: number, sopKey: string }, result: string },
  preview_survey: { args: { path: string }, result: SurveyPreview },
  import_survey: { args: { path: string, cohortId: number, audience: Audience, uses: Array<[number, QuestionUse]> }, result: SurveyImport },
  list_surveys: { args: { cohortId: number }, result: Array<SurveyInfo> },
  delete_survey: { args: { id: number }, result: void },
  export_retro: { args: { cohortId: number, format: string }, result: string },
  growth_report: { args: { cohortId: number }, result: GrowthReport },
  growth_overview: { args: {}, result: GrowthOverview },
  list_orders: { args: { cohortId: number }, result: Array<Order> },
  member_orders: { args: { memberId: number }, result: Array<Order> },
  member_referred: { args: { memberId: number }, result: Array<Order> },
  member_renewals: { args: { memberId: number }, result: Array<Renewal> },
  delete_order: { args: { id: number }, result: void },
  preview_orders: { args: { path: string, opts: OrderImportOptions }, result: OrderImportReport },
  import_orders: { args: { path: string, opts: OrderImportOptions }, result: OrderImportReport },
  list_costs: { args: { cohortId: number }, result: Array<Cost> },
  add_cost: { args: { cohortId: number, input: CostInput }, result: Cost },
  update_cost: { args: { id: number, input: CostInput }, result: Cost },
  delete_cost: { args: { id: number }, result: void },
  list_channels: { args: {}, result: Array<Channel> },
  merge_channels: { args: { from: number, into: number }, result: void },
  completion_rule: { args: { cohortId: number }, result: CompletionRule },
  set_completion_rule: { args: { cohortId: number, rule: CompletionRule }, result: CompletionRule },
  member_standings: { args: { memberId: number }, result: Array<CompletionStanding> },
  set_referrer: { args: { memberId: number, referrerId: number | null }, result: void },
  credit_referrals: { args: { cohortId: number }, result: [number, number] },
  renewals_due: { args: { days: number }, result: Array<RenewalDue> },
  renewal_message: { args: {}, result: string },
  set_renewal_message: { args: { text: string }, result: void },
  set_membership_expiry: { args: { memberId: number, cohortId: number, expiresOn: string | null }, result: void },
  growth_settings: { args: {}, result: GrowthSettings },
  set_growth_settings: { args: { settings: GrowthSettings }, result: GrowthSettings },
  choose_file: { args: { pick: Pick }, result: string | null },
  choose_save: { args: { save: Save, name: string }, result: string | null },
  cancel_job: { args: { job: string }, result: void },
}
