//! Typed errors with a stable code (for scripts and the UI) and a message in Chinese or English.
//!
//! Over 500 lines: the one catalogue of every domain's errors and their messages, until the
//! restructuring (issue 19) gives each domain's problems their own home.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod file;
mod message;
pub use file::FileProblem;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Which kind of record an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Member,
    Cohort,
    Group,
    Role,
    Tag,
    Membership,
    Backup,
    Sop,
    Task,
    Certificate,
    PosterTemplate,
    Export,
    Activity,
    PointRule,
    LedgerEntry,
    Survey,
    RetroAction,
    ChatSender,
    Channel,
    Order,
    Cost,
    Merge,
}

impl Entity {
    fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Entity::Member, Lang::Zh) => "成员",
            (Entity::Cohort, Lang::Zh) => "期",
            (Entity::Group, Lang::Zh) => "群",
            (Entity::Role, Lang::Zh) => "角色",
            (Entity::Tag, Lang::Zh) => "标签",
            (Entity::Membership, Lang::Zh) => "入营记录",
            (Entity::Backup, Lang::Zh) => "备份",
            (Entity::Sop, Lang::Zh) => "SOP 模板",
            (Entity::Task, Lang::Zh) => "任务",
            (Entity::Sop, Lang::En) => "SOP template",
            (Entity::Task, Lang::En) => "task",
            (Entity::Certificate, Lang::Zh) => "证书",
            (Entity::Certificate, Lang::En) => "certificate",
            (Entity::PosterTemplate, Lang::Zh) => "海报模板",
            (Entity::Export, Lang::Zh) => "导出的文件",
            (Entity::Activity, Lang::Zh) => "活动",
            (Entity::Activity, Lang::En) => "activity",
            (Entity::PointRule, Lang::Zh) => "积分规则",
            (Entity::PointRule, Lang::En) => "points rule",
            (Entity::LedgerEntry, Lang::Zh) => "积分记录",
            (Entity::LedgerEntry, Lang::En) => "points entry",
            (Entity::Export, Lang::En) => "exported file",
            (Entity::PosterTemplate, Lang::En) => "poster template",
            (Entity::Member, Lang::En) => "member",
            (Entity::Cohort, Lang::En) => "cohort",
            (Entity::Group, Lang::En) => "group",
            (Entity::Role, Lang::En) => "role",
            (Entity::Tag, Lang::En) => "tag",
            (Entity::Membership, Lang::En) => "cohort membership",
            (Entity::Backup, Lang::En) => "backup",
            (Entity::Survey, Lang::Zh) => "问卷",
            (Entity::Survey, Lang::En) => "survey",
            (Entity::RetroAction, Lang::Zh) => "改进事项",
            (Entity::RetroAction, Lang::En) => "action item",
            (Entity::ChatSender, Lang::Zh) => "聊天发言人",
            (Entity::ChatSender, Lang::En) => "chat sender",
            (Entity::Channel, Lang::Zh) => "渠道",
            (Entity::Channel, Lang::En) => "channel",
            (Entity::Order, Lang::Zh) => "报名记录",
            (Entity::Order, Lang::En) => "sign-up",
            (Entity::Cost, Lang::Zh) => "成本",
            (Entity::Cost, Lang::En) => "cost",
            (Entity::Merge, Lang::Zh) => "合并记录",
            (Entity::Merge, Lang::En) => "merge",
        }
    }
}

/// A field of user input an error points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Nickname,
    Phone,
    Wechat,
    City,
    Channel,
    Notes,
    Birthday,
    StartDate,
    EndDate,
    GroupNameRule,
    CustomField,
    Tag,
    Date,
    Link,
    Time,
    Title,
    Role,
    Serial,
    Cohort,
    Members,
    Days,
    Points,
    Reason,
    Kind,
    Period,
    Anchor,
    Completion,
    Amount,
    Gender,
    Referrer,
    Category,
    Status,
    OrderNo,
}

impl Field {
    pub(crate) fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Field::Name, Lang::Zh) => "名称",
            (Field::Nickname, Lang::Zh) => "群昵称",
            (Field::Phone, Lang::Zh) => "手机号",
            (Field::Wechat, Lang::Zh) => "微信号",
            (Field::City, Lang::Zh) => "城市",
            (Field::Channel, Lang::Zh) => "渠道",
            (Field::Notes, Lang::Zh) => "备注",
            (Field::Birthday, Lang::Zh) => "生日",
            (Field::StartDate, Lang::Zh) => "开始日期",
            (Field::EndDate, Lang::Zh) => "结束日期",
            (Field::GroupNameRule, Lang::Zh) => "群命名规则",
            (Field::CustomField, Lang::Zh) => "自定义字段",
            (Field::Tag, Lang::Zh) => "标签",
            (Field::Date, Lang::Zh) => "日期",
            (Field::Link, Lang::Zh) => "链接",
            (Field::Time, Lang::Zh) => "时间",
            (Field::Title, Lang::Zh) => "标题",
            (Field::Role, Lang::Zh) => "负责角色",
            (Field::Serial, Lang::Zh) => "证书编号规则",
            (Field::Cohort, Lang::Zh) => "期",
            (Field::Members, Lang::Zh) => "成员",
            (Field::Days, Lang::Zh) => "天数",
            (Field::Points, Lang::Zh) => "积分",
            (Field::Reason, Lang::Zh) => "原因",
            (Field::Kind, Lang::Zh) => "类型",
            (Field::Period, Lang::Zh) => "时段",
            (Field::Name, Lang::En) => "name",
            (Field::Nickname, Lang::En) => "group nickname",
            (Field::Phone, Lang::En) => "phone",
            (Field::Wechat, Lang::En) => "WeChat ID",
            (Field::City, Lang::En) => "city",
            (Field::Channel, Lang::En) => "channel",
            (Field::Notes, Lang::En) => "notes",
            (Field::Birthday, Lang::En) => "birthday",
            (Field::StartDate, Lang::En) => "start date",
            (Field::EndDate, Lang::En) => "end date",
            (Field::GroupNameRule, Lang::En) => "group naming rule",
            (Field::CustomField, Lang::En) => "custom field",
            (Field::Tag, Lang::En) => "tag",
            (Field::Date, Lang::En) => "date",
            (Field::Link, Lang::En) => "link",
            (Field::Time, Lang::En) => "time",
            (Field::Title, Lang::En) => "title",
            (Field::Role, Lang::En) => "role",
            (Field::Serial, Lang::En) => "serial pattern",
            (Field::Cohort, Lang::En) => "cohort",
            (Field::Members, Lang::En) => "members",
            (Field::Days, Lang::En) => "days",
            (Field::Points, Lang::En) => "points",
            (Field::Reason, Lang::En) => "reason",
            (Field::Kind, Lang::En) => "kind",
            (Field::Period, Lang::En) => "period",
            (Field::Anchor, Lang::Zh) => "时间点（如 D-3、D0、D+7、E-1）",
            (Field::Anchor, Lang::En) => "when (e.g. D-3, D0, D+7, E-1)",
            (Field::Completion, Lang::Zh) => "结业标准",
            (Field::Completion, Lang::En) => "completion rule",
            (Field::Amount, Lang::Zh) => "金额",
            (Field::Amount, Lang::En) => "amount",
            (Field::Gender, Lang::Zh) => "性别",
            (Field::Gender, Lang::En) => "gender",
            (Field::Referrer, Lang::Zh) => "推荐人",
            (Field::Referrer, Lang::En) => "referrer",
            (Field::Category, Lang::Zh) => "类别",
            (Field::Category, Lang::En) => "category",
            (Field::Status, Lang::Zh) => "订单状态",
            (Field::Status, Lang::En) => "order status",
            (Field::OrderNo, Lang::Zh) => "订单号",
            (Field::OrderNo, Lang::En) => "order number",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{field:?} is empty")]
    Empty { field: Field },
    #[error("{field:?} is longer than {max} characters ({len})")]
    TooLong { field: Field, max: usize, len: usize },
    #[error("{field:?} is not valid: {value:?}")]
    Invalid { field: Field, value: String },
    #[error("{field:?} {value:?} is already used by {owner}")]
    /// `owner_id`: the member who has it, when the owner is a member (the form links to them).
    Duplicate { field: Field, value: String, owner: String, owner_id: Option<i64> },
    #[error("end date {end} is before start date {start}")]
    EndBeforeStart { start: String, end: String },
    #[error("a cohort from {start} to {end} runs longer than {max_days} days")]
    TooLongCohort { start: String, end: String, max_days: i64 },
    #[error("unknown placeholder {placeholder} in {rule:?}")]
    UnknownPlaceholder { rule: String, placeholder: String },
    #[error("{entity:?} {id} not found")]
    NotFound { entity: Entity, id: String },
    #[error("built-in role {name} cannot be deleted")]
    BuiltinRole { name: String },
    #[error("the data folder already holds {members} members")]
    NotEmpty { members: i64 },
    #[error("{path}: {problem:?}")]
    BadFile { path: String, problem: FileProblem },
    #[error("import has {count} bad rows")]
    BadRows { count: usize, first: String },
    #[error("import cancelled")]
    Cancelled,
    #[error("no demo data to clear")]
    NoDemo,
    #[error("database schema version {found} is newer than this Qunzhu ({supported})")]
    DatabaseTooNew { found: i64, supported: i64 },
    #[error("backup {id} cannot be restored: {reason}")]
    BadBackup { id: String, reason: String },
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("lunar date: {0:?}")]
    LunarDate(LunarProblem),
    #[error("{file}:{line}: {problem:?}")]
    BadTemplate { file: String, line: usize, problem: TemplateProblem },
    #[error("task {title} comes from the template")]
    TemplateTask { title: String },
    #[error("rendering failed: {reason}")]
    Render { reason: String },
    #[error("characters no font can draw: {list:?}")]
    Undrawable { list: Vec<String> },
    #[error("{balance} points, {cost} needed")]
    NotEnoughPoints { balance: i64, cost: i64 },
    /// The disk holding `path` is full: nothing of the operation was kept.
    #[error("{path}: disk full")]
    DiskFull { path: String },
    /// Another program holds the database's write lock past the wait (`holders`: who, when known).
    #[error("{path}: locked by {holders:?}")]
    Busy { path: String, holders: Vec<String> },
    /// The data folder cannot be written to.
    #[error("{path}: read-only")]
    ReadOnly { path: String },
    /// A cell beyond Excel's 1,048,576 rows × 16,384 columns (code `bad_file`).
    #[error("{path}: cell {cell} beyond Excel's limits")]
    BeyondSheetLimits { path: String, cell: String },
    /// A byte the file's encoding cannot read, on a line of a text table (code `bad_file`).
    #[error("{path}:{line}: a byte {encoding} cannot read")]
    BrokenBytes { path: String, line: u64, encoding: &'static str },
    /// More columns than a sheet of its kind may have (code `bad_file`).
    #[error("{path}: {found} columns, at most {max}")]
    TooManyColumns { path: String, found: usize, max: usize },
    /// More rows than a sheet of its kind may have (code `bad_file`).
    #[error("{path}: more than {max} rows")]
    TooManyRows { path: String, max: usize },
    /// A cell longer than Excel's 32,767 characters, or a line longer than a table's line may be (code `bad_file`).
    #[error("{path}:{line}: a cell or line too long")]
    TooLongCell { path: String, line: u64 },
    /// A chat export with more of one sender's messages on one day than a real group sends (code `bad_file`).
    #[error("{path}: one sender's messages on {day} exceed what a chat holds")]
    ChatDayTooBig { path: String, day: String },
    /// A spreadsheet whose parts inflate past what a sheet may be: a zip bomb (code `bad_file`).
    #[error("{path}: {part} inflates to {bytes} bytes")]
    ZipBomb { path: String, part: String, bytes: u64 },
    /// A poster template refused by its check: `problems` things reach outside it or exceed a limit (code `bad_file`).
    #[error("{path}: refused ({problems} problems)")]
    TemplateRefused { path: String, problems: usize },
    /// The reader stopped before the end of the file (code `bad_file`).
    #[error("{path}: damaged, could not be read to its end")]
    Damaged { path: String },
    /// A path the window asked for that the user never chose in a picker or dropped (code `not_chosen`).
    #[error("{path}: not chosen by the user")]
    NotChosen { path: String },
    /// A saved name that gained its extension names a file already there (code `save_exists`).
    #[error("{path} already exists")]
    SaveExists { path: String },
    /// A sign-up restored from the trash while the person has another in that cohort (code
    /// `order_taken`).
    #[error("{name} already has a sign-up in {cohort}")]
    OrderTaken { name: String, cohort: String },
    /// Both records of a merge have a live order in one cohort (code `merge_orders`).
    #[error("both have an order in {cohort}")]
    MergeOrders { cohort: String },
    /// A merge's rows changed after it, so undoing it would lose the change (code `merge_changed`).
    #[error("{name} changed since the merge")]
    MergeChanged { name: String },
}

/// What is wrong in an SOP template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateProblem {
    Syntax(String),
    Empty(&'static str),
    NoTasks,
    UnknownKind(String),
    BadAnchor(String),
    EndInOngoing(String),
    BadTime(String),
    BadRepeat(String),
    UnknownRole(String),
    UnknownPlaceholder(String),
    /// Two tasks with the same title (and no distinct `id`).
    DuplicateTask(String),
    /// A template of the operator's own cannot take a bundled template's key.
    BundledKey(String),
    /// More tasks than a template may hold (`sop::MAX_TASKS`).
    TooManyTasks(usize),
    /// A source larger than a template may be (`sop::MAX_SOURCE_BYTES`), in bytes.
    TooBig(usize),
}

/// Why a lunar date does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LunarProblem {
    /// Outside the years the tables cover (1901-2100).
    OutOfRange { year: i32 },
    BadMonth { month: u32 },
    BadDay { day: u32 },
    /// The year has no leap month of that number.
    NoLeapMonth { year: i32, month: u32 },
    /// The month is shorter (29 days).
    ShortMonth { year: i32, month: u32, leap: bool, days: u32 },
}

impl Error {
    /// The field of a form this error is about, if it is about one.
    /// The member an error points at, when it points at one.
    pub fn member_id(&self) -> Option<i64> {
        match self {
            Error::Duplicate { owner_id, .. } => *owner_id,
            _ => None,
        }
    }

    pub fn field(&self) -> Option<Field> {
        match self {
            Error::Empty { field } | Error::TooLong { field, .. } | Error::Invalid { field, .. } | Error::Duplicate { field, .. } => Some(*field),
            Error::EndBeforeStart { .. } | Error::TooLongCohort { .. } => Some(Field::EndDate),
            _ => None,
        }
    }

    /// A stable machine-readable code; scripts and the UI rely on it, never rename one.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Empty { .. } => "empty",
            Error::TooLong { .. } => "too_long",
            Error::Invalid { .. } => "invalid",
            Error::Duplicate { .. } => "duplicate",
            Error::EndBeforeStart { .. } => "end_before_start",
            Error::TooLongCohort { .. } => "too_long_cohort",
            Error::UnknownPlaceholder { .. } => "unknown_placeholder",
            Error::NotFound { .. } => "not_found",
            Error::BuiltinRole { .. } => "builtin_role",
            Error::NotEmpty { .. } => "not_empty",
            Error::NoDemo => "no_demo",
            Error::BadFile { .. } => "bad_file",
            Error::BadRows { .. } => "bad_rows",
            Error::Cancelled => "cancelled",
            Error::DatabaseTooNew { .. } => "database_too_new",
            Error::BadBackup { .. } => "bad_backup",
            Error::Io { .. } => "io",
            Error::Db(_) => "database",
            Error::Migration(_) => "migration",
            Error::LunarDate(_) => "bad_lunar_date",
            Error::BadTemplate { .. } => "bad_template",
            Error::TemplateTask { .. } => "template_task",
            Error::NotEnoughPoints { .. } => "not_enough_points",
            Error::Render { .. } => "render",
            Error::Undrawable { .. } => "undrawable",
            Error::DiskFull { .. } => "disk_full",
            Error::Busy { .. } => "busy",
            Error::ReadOnly { .. } => "read_only",
            Error::NotChosen { .. } => "not_chosen",
            Error::SaveExists { .. } => "save_exists",
            Error::MergeOrders { .. } => "merge_orders",
            Error::OrderTaken { .. } => "order_taken",
            Error::MergeChanged { .. } => "merge_changed",
            Error::BeyondSheetLimits { .. }
            | Error::Damaged { .. }
            | Error::BrokenBytes { .. }
            | Error::TooManyColumns { .. }
            | Error::TooManyRows { .. }
            | Error::TooLongCell { .. }
            | Error::ChatDayTooBig { .. }
            | Error::ZipBomb { .. }
            | Error::TemplateRefused { .. } => "bad_file",
        }
    }

    pub fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        if source.kind() == std::io::ErrorKind::StorageFull {
            return Error::DiskFull { path: path.display().to_string() };
        }
        Error::Io { path: path.display().to_string(), source }
    }
}


/// What crosses IPC and what the CLI prints: `{code, message}`, and `field` when the error is
/// about one field of a form (the form marks it).
#[derive(Debug, Clone, Serialize, TS)]
pub struct ErrorReport {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<Field>,
    /// The member the error points at: the one who already has this phone or WeChat ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub member_id: Option<i64>,
}

impl ErrorReport {
    pub fn new(err: &Error, lang: Lang) -> Self {
        ErrorReport { code: err.code().to_string(), message: err.message(lang), field: err.field(), member_id: err.member_id() }
    }

    /// A failure that is not a core error (a task that panicked, an opener that failed).
    pub fn other(code: &str, message: impl Into<String>) -> Self {
        ErrorReport { code: code.to_string(), message: message.into(), field: None, member_id: None }
    }
}

