//! Every error's words, in both languages: what is wrong and what to do.
//!
//! `message` is one arm per error and language, over 80 lines on purpose: a table, kept whole
//! so the words of all errors sit side by side and a missing translation shows.

use super::{Error, Field};
use crate::i18n::Lang;

impl Error {
    /// The message a user reads, in their language: what is wrong and what to do.
    pub fn message(&self, lang: Lang) -> String {
        use Lang::*;
        match (self, lang) {
            (Error::Empty { field }, Zh) => format!("请填写{}。", field.label(Zh)),
            (Error::Empty { field }, En) => format!("Please enter a {}.", field.label(En)),
            (Error::TooLong { field, max, len }, Zh) => {
                format!("{}太长：最多 {max} 个字符，现在是 {len} 个。", field.label(Zh))
            }
            (Error::TooLong { field, max, len }, En) => {
                format!("The {} is too long: at most {max} characters, this one has {len}.", field.label(En))
            }
            (Error::Invalid { field, value }, Zh) => {
                format!("{}格式不对：“{}”。{}", field.label(Zh), clip(value), hint(*field, Zh))
            }
            (Error::Invalid { field, value }, En) => {
                format!("The {} “{}” is not valid. {}", field.label(En), clip(value), hint(*field, En))
            }
            (Error::Duplicate { field, value, owner, .. }, Zh) => {
                format!("{}“{}”已被“{}”使用，请检查是否重复录入。", field.label(Zh), clip(value), owner)
            }
            (Error::Duplicate { field, value, owner, .. }, En) => {
                format!("The {} “{}” already belongs to “{}”. Is this the same person?", field.label(En), clip(value), owner)
            }
            (Error::TooLongCohort { start, end, max_days }, Zh) => format!("从 {start} 到 {end} 太长了：一期最长 {max_days} 天（三年）。请检查结束日期。"),
            (Error::TooLongCohort { start, end, max_days }, En) => format!("From {start} to {end} is too long: a cohort runs at most {max_days} days (three years). Please check the end date."),
            (Error::EndBeforeStart { start, end }, Zh) => {
                format!("结束日期 {end} 早于开始日期 {start}，请调整日期。")
            }
            (Error::EndBeforeStart { start, end }, En) => {
                format!("The end date {end} is before the start date {start}. Please fix the dates.")
            }
            (Error::UnknownPlaceholder { rule, placeholder }, Zh) => format!(
                "命名规则“{rule}”中的占位符 {placeholder} 无法识别。可用：{{期}} {{营}} {{城市}} {{渠道}} {{序号}}。"
            ),
            (Error::UnknownPlaceholder { rule, placeholder }, En) => format!(
                "The naming rule “{rule}” uses an unknown placeholder {placeholder}. Available: {{期}} {{营}} {{城市}} {{渠道}} {{序号}}."
            ),
            (Error::NotFound { entity, id }, Zh) => format!("找不到{} {id}，它可能已被删除。", entity.label(Zh)),
            (Error::NotFound { entity, id }, En) => format!("No {} {id}: it may have been deleted.", entity.label(En)),
            (Error::BuiltinRole { name }, Zh) => format!("“{name}”是内置角色，不能删除。"),
            (Error::BuiltinRole { name }, En) => format!("“{name}” is a built-in role and cannot be deleted."),
            (Error::NotEmpty { members }, Zh) => {
                format!("数据目录中已有 {members} 位成员；示例数据只能载入到空的数据目录。")
            }
            (Error::NotEmpty { members }, En) => {
                format!("The data folder already holds {members} members; demo data loads only into an empty one.")
            }
            (Error::BadFile { path, problem }, Zh) => format!("无法读取 {path}：{}", problem.message(Zh)),
            (Error::BadFile { path, problem }, En) => format!("Cannot read {path}: {}", problem.message(En)),
            (Error::BadRows { count, first }, Zh) => {
                format!("有 {count} 行数据有问题，未导入任何内容。第一处：{first}。可修正文件后重试，或选择跳过这些行。")
            }
            (Error::BadRows { count, first }, En) => {
                format!("{count} rows have problems, so nothing was imported. First: {first}. Fix the file and retry, or choose to skip those rows.")
            }
            (Error::Cancelled, Zh) => "导入已取消，没有写入任何数据。".to_string(),
            (Error::Cancelled, En) => "Import cancelled; nothing was written.".to_string(),
            (Error::NoDemo, Zh) => "没有可清除的示例数据。".to_string(),
            (Error::NoDemo, En) => "There is no demo data to clear.".to_string(),
            (Error::DatabaseTooNew { found, supported }, Zh) => format!(
                "这个数据库由更新版本的群主写入（结构版本 {found}，本程序支持到 {supported}）。请升级群主后再打开；数据库未做任何改动。"
            ),
            (Error::DatabaseTooNew { found, supported }, En) => format!(
                "This database was written by a newer Qunzhu (schema {found}, this one supports up to {supported}). Please update Qunzhu; the database was left untouched."
            ),
            (Error::BadBackup { id, reason }, Zh) => format!("备份 {id} 无法恢复：{reason}。当前数据未做任何改动。"),
            (Error::BadBackup { id, reason }, En) => {
                format!("Backup {id} cannot be restored: {reason}. Your current data was not changed.")
            }
            (Error::DiskFull { path }, Zh) => format!("磁盘空间不足：{path} 所在的磁盘已满，这次操作什么也没有保存，数据仍和之前一样。请清理出一些空间后再试。"),
            (Error::DiskFull { path }, En) => format!("The disk is full: the disk holding {path} has no space left. Nothing of this was saved; your data is as it was. Free some space and try again."),
            (Error::Busy { path, holders }, Zh) => match holders.as_slice() {
                [] => format!("数据库 {path} 正被另一个程序占用，等了 5 秒仍未释放。请关闭正在使用它的群主窗口或 qunzhu-cli 后重试。"),
                who => format!("数据库 {path} 正被另一个程序占用（{}），等了 5 秒仍未释放。请先关闭它，再重试。", who.join("、")),
            },
            (Error::Busy { path, holders }, En) => match holders.as_slice() {
                [] => format!("The database {path} is held by another program and was not released within 5 seconds. Close the other Qunzhu window or qunzhu-cli and try again."),
                who => format!("The database {path} is held by another program ({}) and was not released within 5 seconds. Close it, then try again.", who.join(", ")),
            },
            (Error::ReadOnly { path }, Zh) => format!("数据文件夹 {path} 是只读的，无法保存。请检查它的权限，或用 --data-dir 换一个可写的文件夹。"),
            (Error::ReadOnly { path }, En) => format!("The data folder {path} is read-only, so nothing can be saved. Check its permissions, or choose a writable folder with --data-dir."),
            (Error::Io { path, source }, Zh) => format!("无法读写 {path}：{source}"),
            (Error::Io { path, source }, En) => format!("Cannot read or write {path}: {source}"),
            (Error::BeyondSheetLimits { path, cell }, Zh) => format!(
                "无法读取 {path}：单元格 {cell} 超出了 Excel 表格的范围（最多 1,048,576 行、16,384 列），文件已损坏或不是 Excel 保存的。请用 Excel 或 WPS 打开后另存为 XLSX 再导入。"
            ),
            (Error::BeyondSheetLimits { path, cell }, En) => format!(
                "Cannot read {path}: cell {cell} lies beyond an Excel sheet (at most 1,048,576 rows and 16,384 columns); the file is damaged or was not saved by Excel. Open it in Excel or WPS, save it as XLSX again and import that."
            ),
            (Error::BrokenBytes { path, line, encoding }, Zh) => format!(
                "无法读取 {path}：第 {line} 行有无法识别的字节（文件按 {encoding} 读取），可能已损坏或混用了编码，没有导入任何内容。请用 Excel 或 WPS 打开后另存为「CSV UTF-8」再导入。"
            ),
            (Error::BrokenBytes { path, line, encoding }, En) => format!(
                "Cannot read {path}: line {line} holds a byte that is not {encoding} (the file is damaged or mixes encodings); nothing was imported. Open it in Excel or WPS, save it as \"CSV UTF-8\" and import that."
            ),
            (Error::TooManyColumns { path, found, max }, Zh) => format!("无法读取 {path}：表头有 {found} 列，这种表格最多 {max} 列。请确认选对了文件，或删掉多余的列再导入。"),
            (Error::TooManyColumns { path, found, max }, En) => format!("Cannot read {path}: its header has {found} columns, at most {max} for this kind of sheet. Check it is the right file, or delete the extra columns and import again."),
            (Error::TooManyRows { path, max }, Zh) => format!("无法读取 {path}：超过 {max} 行，这种表格不会这么长。请确认选对了文件。"),
            (Error::TooManyRows { path, max }, En) => format!("Cannot read {path}: more than {max} rows, more than this kind of sheet holds. Check it is the right file."),
            (Error::TooLongCell { path, line }, Zh) => format!("无法读取 {path}：第 {line} 行太长（一格超过 32,767 个字，或一行超过 8 MB），文件可能已损坏，没有导入任何内容。"),
            (Error::TooLongCell { path, line }, En) => format!("Cannot read {path}: line {line} is too long (a cell over 32,767 characters, or a line over 8 MB); the file may be damaged. Nothing was imported."),
            (Error::ChatDayTooBig { path, day }, Zh) => format!("无法导入 {path}：{day} 这一天同一个人的消息超过了 16 MB（数十万条），这不像真实的群聊导出，文件可能有误。没有导入任何内容。"),
            (Error::ChatDayTooBig { path, day }, En) => format!("Cannot import {path}: one sender's messages on {day} exceed 16 MB (hundreds of thousands), which no real group export holds; the file may be wrong. Nothing was imported."),
            (Error::ZipBomb { path, part, bytes }, Zh) => format!("无法读取 {path}：其中的 {part} 解压后有 {} MB，远超任何真实表格，文件已损坏或是恶意构造的。没有导入任何内容。", bytes >> 20),
            (Error::ZipBomb { path, part, bytes }, En) => format!("Cannot read {path}: its part {part} unpacks to {} MB, far more than any real sheet; the file is damaged or made to attack. Nothing was imported.", bytes >> 20),
            (Error::TemplateRefused { path, problems }, Zh) => format!("模板 {path} 不能使用：有 {problems} 处会读取模板以外的内容（网址、文件、脚本）或超出限制（页面尺寸、实体展开），见上面的列表。请在设计软件里删掉它们后再导入。"),
            (Error::TemplateRefused { path, problems }, En) => format!("The template {path} cannot be used: {problems} things in it reach outside it (URLs, files, scripts) or exceed a limit (page size, entity expansion), listed above. Remove them in the design tool and import it again."),
            (Error::Damaged { path }, Zh) => format!("无法读取 {path}：文件已损坏，没能读到结尾，没有导入任何内容。请用 Excel 或 WPS 打开后另存一份再导入。"),
            (Error::Damaged { path }, En) => format!("Cannot read {path}: the file is damaged and could not be read to its end; nothing was imported. Open it in Excel or WPS, save a new copy and import that."),
            (Error::NotChosen { path }, Zh) => format!("群主只打开你亲自选择的文件，{path} 不是。请点「选择文件」在对话框里选它，或把它拖进窗口。"),
            (Error::NotChosen { path }, En) => format!("Qunzhu opens only files you chose yourself, and {path} is not one. Click Choose file and pick it in the dialog, or drop it on the window."),
            (Error::SaveExists { path }, Zh) => format!("已有文件 {path}，没有覆盖它。请重新导出：换一个名字，或在对话框里直接选中它来覆盖。"),
            (Error::SaveExists { path }, En) => format!("{path} already exists and was left alone. Export again and pick another name, or select that file in the dialog to replace it."),
            (Error::Db(e), Zh) => format!("数据库出错：{e}"),
            (Error::Db(e), En) => format!("Database error: {e}"),
            (Error::BadTemplate { file, line, problem }, Zh) => format!("模板 {file} 第 {line} 行：{}", problem.message(Zh)),
            (Error::BadTemplate { file, line, problem }, En) => format!("Template {file}, line {line}: {}", problem.message(En)),
            (Error::Undrawable { list }, Zh) => format!("这些字没有字体能显示，生成后会缺字：{}。请改用常见写法，或确认后仍然生成。", list.join("、")),
            (Error::Undrawable { list }, En) => format!("No font can draw these characters; they would be missing: {}. Use a common form, or confirm to render anyway.", list.join(", ")),
            (Error::Render { reason }, Zh) => format!("无法生成图片或 PDF：{reason}"),
            (Error::Render { reason }, En) => format!("Could not draw the page: {reason}"),
            (Error::MergeOrders { cohort }, Zh) => format!("两人在「{cohort}」各有一笔订单，合并会丢掉其中一笔，所以没有合并。请先在两人的成员页「报名与结业」里核对这两笔订单，删掉重复的那一笔再合并。"),
            (Error::MergeOrders { cohort }, En) => format!("Both have an order in {cohort}; merging would drop one, so nothing was merged. Compare the two orders on their member pages (Sign-ups and completion) and delete the duplicate first."),
            (Error::OrderTaken { name, cohort }, Zh) => format!("「{name}」在「{cohort}」已有一条报名记录，恢复会重复，所以没有恢复。需要这一条时，请先删除现有的那条。"),
            (Error::OrderTaken { name, cohort }, En) => format!("{name} already has a sign-up in {cohort}; restoring this one would make two, so nothing was restored. Delete the current one first if this one is right."),
            (Error::MergeChanged { name }, Zh) => format!("合并之后「{name}」的记录又有改动，撤销会丢掉这些改动，所以没有撤销。需要分开时，请新建成员再把期次和资料移过去。"),
            (Error::MergeChanged { name }, En) => format!("{name}'s records changed after the merge; undoing it would lose those changes, so nothing was undone."),
            (Error::NotEnoughPoints { balance, cost }, Zh) => format!("积分不够：现有 {balance} 分，兑换需要 {cost} 分。"),
            (Error::NotEnoughPoints { balance, cost }, En) => format!("Not enough points: {balance} now, {cost} needed."),
            (Error::TemplateTask { title }, Zh) => format!("“{title}”来自 SOP 模板，不能删除（模板更新时会回来）。不需要做的话，勾选完成即可。"),
            (Error::TemplateTask { title }, En) => format!("“{title}” comes from the SOP template and cannot be deleted (an update would bring it back). Tick it done instead."),
            (Error::LunarDate(p), Zh) => p.message(Zh),
            (Error::LunarDate(p), En) => p.message(En),
            (Error::Migration(e), Zh) => format!("数据无法升级到这个版本的群主，已回滚，数据没有改动（{e}）。可以从备份恢复，或换回之前版本的群主打开。"),
            (Error::Migration(e), En) => format!("The data could not be upgraded to this version of Qunzhu; the upgrade was rolled back and nothing changed ({e}). Restore a backup, or open it with the earlier version of Qunzhu."),
        }
    }
}

fn clip(value: &str) -> String {
    const MAX: usize = 40;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        let head: String = value.chars().take(MAX).collect();
        format!("{head}…")
    }
}

fn hint(field: Field, lang: Lang) -> &'static str {
    match (field, lang) {
        (Field::Phone, Lang::Zh) => "手机号应为 5-20 位数字，可带 +86、空格或短横线。",
        (Field::Phone, Lang::En) => "Use 5-20 digits; +86, spaces and dashes are fine.",
        (Field::Wechat, Lang::Zh) => "微信号不能包含空格。",
        (Field::Wechat, Lang::En) => "A WeChat ID has no spaces.",
        (Field::Birthday, Lang::Zh) => "请检查月份和日期。",
        (Field::Birthday, Lang::En) => "Check the month and day.",
        (Field::StartDate | Field::EndDate | Field::Date, Lang::Zh) => "日期格式为 YYYY-MM-DD。",
        (Field::StartDate | Field::EndDate | Field::Date, Lang::En) => "Dates are written YYYY-MM-DD.",
        (Field::Serial, Lang::Zh) => "规则里要有 {序号}（或 {序号:06} 补零到 6 位），可用 {前缀} {年} {期}。",
        (Field::Serial, Lang::En) => "The pattern needs {序号} (or {序号:06}, zero-padded to 6); {前缀} {年} {期} may be used (or {seq}, {prefix}, {year}, {cohort}).",
        (Field::Time, Lang::Zh) => "时间为 24 小时制 HH:MM，如 08:30。",
        (Field::Time, Lang::En) => "Times are 24-hour HH:MM, such as 08:30.",
        (_, Lang::Zh) => "",
        (_, Lang::En) => "",
    }
}
