//! Channels (渠道): where people come from. A built-in list the operator's sheets spell many ways
//! ("小红书", "xhs", "红书", "XHS笔记"), each spelling read to one channel; a spelling not known
//! stays as written (the operator maps or merges it later).

/// The built-in channels, each with the spellings read as it (compared without case, spaces or
/// punctuation). The first spelling is the channel's name.
pub const BUILTIN: &[&[&str]] = &[
    &["公众号", "微信公众号", "公号", "gzh", "服务号", "订阅号", "推文"],
    &["朋友圈", "微信朋友圈", "pyq"],
    &["视频号", "微信视频号", "sph", "视频号直播"],
    &["小红书", "红书", "xhs", "xiaohongshu", "小红薯", "rednote"],
    &["抖音", "dy", "douyin", "抖音直播", "tiktok"],
    &["社群", "微信群", "群", "社群分享", "群分享"],
    &["老学员转介绍", "转介绍", "老带新", "老学员推荐", "朋友推荐", "推荐", "邀请", "学员推荐", "朋友介绍"],
    &["投放", "广告", "付费投放", "广告投放", "信息流"],
    &["B站", "b站", "bilibili", "哔哩哔哩"],
    &["知乎", "zhihu"],
    &["微博", "weibo"],
    &["线下", "线下活动", "地推"],
];

/// The channel a spelling names: a built-in one's name, else the spelling tidied (trimmed, inner
/// spaces collapsed); None for an empty cell.
pub fn canonical(raw: &str) -> Option<String> {
    let tidy = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if tidy.is_empty() {
        return None;
    }
    let key = fold(&tidy);
    for spellings in BUILTIN {
        if spellings.iter().any(|s| fold(s) == key) {
            return Some(spellings[0].to_string());
        }
    }
    // A longer spelling that begins with a built-in name or alias of three or more letters:
    // "小红书笔记", "xhs-11月", "公众号推文".
    for spellings in BUILTIN {
        if spellings.iter().any(|s| fold(s).chars().count() >= 3 && key.starts_with(&fold(s))) {
            return Some(spellings[0].to_string());
        }
    }
    Some(tidy)
}

/// A spelling compared: lower case, no spaces or punctuation.
fn fold(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(|c| c.to_lowercase()).collect()
}
