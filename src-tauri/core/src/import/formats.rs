//! Which tool wrote the file (问卷星, 腾讯问卷, 金数据, Qunzhu's own export, or a plain sheet) and
//! which member field each column holds, from the header text.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// A spreadsheet of the operator's own.
    Generic,
    /// Qunzhu's own export.
    Qunzhu,
    /// 问卷星
    Wjx,
    /// 腾讯问卷
    Tencent,
    /// 金数据
    Jinshuju,
}

impl SourceFormat {
    pub fn key(self) -> &'static str {
        match self {
            SourceFormat::Generic => "generic",
            SourceFormat::Qunzhu => "qunzhu",
            SourceFormat::Wjx => "wjx",
            SourceFormat::Tencent => "tencent",
            SourceFormat::Jinshuju => "jinshuju",
        }
    }
}

/// Where a column goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "field", rename_all = "snake_case")]
pub enum Target {
    Ignore,
    Name,
    Nickname,
    Phone,
    Wechat,
    Gender,
    City,
    Channel,
    Birthday,
    Notes,
    Tags,
    /// A custom field with this name.
    Custom(String),
}

/// Qunzhu's export header, in order; the import of an export maps it back exactly.
pub const EXPORT_HEADERS: &[(&str, Target)] = &[
    ("姓名", Target::Name),
    ("群昵称", Target::Nickname),
    ("手机号", Target::Phone),
    ("微信号", Target::Wechat),
    ("性别", Target::Gender),
    ("城市", Target::City),
    ("渠道", Target::Channel),
    ("生日", Target::Birthday),
    ("标签", Target::Tags),
    ("备注", Target::Notes),
];

pub fn detect(headers: &[String]) -> SourceFormat {
    let has = |h: &str| headers.iter().any(|x| x == h);
    if headers.len() >= EXPORT_HEADERS.len() && EXPORT_HEADERS.iter().zip(headers).all(|((e, _), h)| e == h) {
        SourceFormat::Qunzhu
    } else if has("提交答卷时间") && has("所用时间") {
        SourceFormat::Wjx
    } else if has("开始答题时间") && has("结束答题时间") {
        SourceFormat::Tencent
    } else if has("提交人") && has("提交时间") || has("微信昵称") && has("微信OpenID") {
        SourceFormat::Jinshuju
    } else {
        SourceFormat::Generic
    }
}

/// The question text without the tools' numbering and marks: "1、您的姓名（必填）" → "您的姓名".
pub fn clean_header(h: &str) -> String {
    let mut s = h.trim();
    // Q1. / 1、 / 1. / 1: / (1)
    let trimmed = s.trim_start_matches(['Q', 'q']);
    let digits = trimmed.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 {
        let rest = &trimmed[digits..];
        if let Some(r) = rest.strip_prefix(['、', '.', '．', ':', '：', ')', '）']) {
            s = r.trim();
        }
    }
    let mut out = s.to_string();
    for mark in ["（必填）", "(必填)", "*", "（选填）", "(选填)", "：", ":", "？", "?"] {
        out = out.replace(mark, "");
    }
    out.trim().to_string()
}

/// Columns the form tools add about the submission itself: not about the member.
const METADATA: &[&str] = &[
    "序号", "编号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "来自ip", "开始答题时间", "结束答题时间",
    "答题时长", "地理位置国家和地区", "地理位置省份", "地理位置城市", "地理位置", "提交人", "提交时间", "微信OpenID",
    "微信openid", "微信头像", "IP", "ip", "填写设备", "操作系统", "浏览器", "总分", "答题序号", "用户ID", "自定义字段",
];

/// The field a header most likely holds.
pub fn guess(header: &str) -> Target {
    let h = clean_header(header);
    let l = h.to_lowercase();
    if h.is_empty() || METADATA.iter().any(|m| h == *m || h.starts_with("地理位置")) {
        return Target::Ignore;
    }
    let any = |words: &[&str]| words.iter().any(|w| l.contains(w));
    if any(&["群昵称", "群名片"]) {
        Target::Nickname
    } else if any(&["微信号", "微信id", "wechat", "weixin"]) || l == "微信" {
        Target::Wechat
    } else if any(&["手机", "电话", "联系方式", "phone", "mobile", "tel"]) {
        Target::Phone
    } else if any(&["姓名", "名字", "称呼", "name"]) && !any(&["昵称"]) {
        Target::Name
    } else if any(&["性别", "gender", "sex"]) {
        Target::Gender
    } else if any(&["生日", "出生", "birthday"]) {
        Target::Birthday
    } else if any(&["城市", "所在地", "省市", "地区", "city"]) {
        Target::City
    } else if any(&["渠道", "从哪里", "如何得知", "怎么知道", "channel"]) {
        Target::Channel
    } else if any(&["备注", "留言", "note"]) {
        Target::Notes
    } else if any(&["标签", "tag"]) {
        Target::Tags
    } else {
        Target::Custom(h)
    }
}

/// A mapping for every column: Qunzhu's export maps exactly, other sources by guessing; no two
/// columns fill the same built-in field (the first wins, later ones become custom fields).
pub fn default_mapping(format: SourceFormat, headers: &[String]) -> Vec<Target> {
    let mut out: Vec<Target> = if format == SourceFormat::Qunzhu {
        headers
            .iter()
            .enumerate()
            .map(|(i, h)| EXPORT_HEADERS.get(i).map(|(_, t)| t.clone()).unwrap_or_else(|| Target::Custom(h.clone())))
            .collect()
    } else {
        headers.iter().map(|h| guess(h)).collect()
    };
    let mut seen = std::collections::HashSet::new();
    for (t, h) in out.iter_mut().zip(headers) {
        if matches!(t, Target::Ignore | Target::Custom(_)) {
            continue;
        }
        if !seen.insert(t.clone()) {
            *t = Target::Custom(clean_header(h));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recognises_the_form_tools() {
        let wjx = h(&["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "1、您的姓名", "2、手机号码", "3、所在城市"]);
        assert_eq!(detect(&wjx), SourceFormat::Wjx);
        assert_eq!(
            default_mapping(SourceFormat::Wjx, &wjx)[3..],
            [Target::Ignore, Target::Ignore, Target::Ignore, Target::Name, Target::Phone, Target::City]
        );
        let tencent = h(&["编号", "开始答题时间", "结束答题时间", "答题时长", "地理位置国家和地区", "1.姓名", "2.微信号"]);
        assert_eq!(detect(&tencent), SourceFormat::Tencent);
        assert_eq!(default_mapping(SourceFormat::Tencent, &tencent)[5..], [Target::Name, Target::Wechat]);
        let jsj = h(&["序号", "提交人", "提交时间", "微信昵称", "微信性别", "微信省市", "姓名", "生日"]);
        assert_eq!(detect(&jsj), SourceFormat::Jinshuju);
        assert_eq!(
            default_mapping(SourceFormat::Jinshuju, &jsj)[3..],
            [Target::Custom("微信昵称".into()), Target::Gender, Target::City, Target::Name, Target::Birthday]
        );
        assert_eq!(clean_header("Q3. 您的生日（必填）"), "您的生日");
        assert_eq!(guess("你最想解决的问题"), Target::Custom("你最想解决的问题".into()));
    }
}
