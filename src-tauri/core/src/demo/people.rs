//! The demo's generated people: Chinese names, phones, WeChat IDs, cities, channels, jobs,
//! birthdays (some lunar) and tags, drawn from a seeded random stream.

use crate::members::{Birthday, Calendar, Gender, MemberInput};
use std::collections::HashSet;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡",
    "蒋", "余", "杜", "叶", "程", "魏", "苏", "吕", "丁", "任", "卢", "姚", "沈", "钟", "姜", "崔", "谭", "陆", "范",
    "汪", "廖", "石", "金", "贾", "夏", "方", "邹", "熊", "白", "孟", "秦", "邱", "江", "尹", "薛", "段", "雷", "龙",
    "史", "陶", "贺", "毛", "顾", "龚", "邵", "万", "钱", "严", "欧阳", "上官", "司马",
];
const FEMALE: &[&str] = &[
    "静", "丽", "敏", "燕", "艳", "娟", "霞", "芳", "婷", "雪", "慧", "玲", "洁", "琳", "颖", "欣", "怡", "晶", "倩", "佳",
    "悦", "雨", "思", "梦", "诗", "雅", "晓", "月", "萌", "蕾", "瑶", "璐", "薇", "可", "馨", "涵", "然", "桐", "玥", "妍",
];
const MALE: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "辉", "鹏", "华", "飞", "鑫", "宇", "浩", "凯", "博", "俊", "峰",
    "斌", "阳", "晨", "轩", "睿", "子", "文", "志", "建", "国", "一", "天", "嘉", "泽", "喆", "堃",
];
const CITIES: &[&str] = &[
    "北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "重庆", "长沙", "苏州", "郑州", "天津",
    "厦门", "青岛", "合肥", "昆明",
];
const CHANNELS: &[&str] = &["公众号", "朋友圈", "老学员推荐", "小红书", "视频号", "抖音", "社群裂变"];
const JOBS: &[&str] = &[
    "设计师", "宝妈", "产品经理", "老师", "程序员", "会计", "HR", "自由职业", "学生", "运营", "销售", "医生", "律师", "编辑",
];
const TAGS: &[&str] = &["宝妈", "职场新人", "写作爱好者", "高意向", "已续费"];

fn pick<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

pub(super) fn person(rng: &mut fastrand::Rng, used_phones: &mut HashSet<String>, used_wechat: &mut HashSet<String>) -> MemberInput {
    let female = rng.u8(..100) < 78;
    let surname = pick(rng, SURNAMES);
    let pool = if female { FEMALE } else { MALE };
    let given: String = (0..if rng.u8(..100) < 70 { 2 } else { 1 }).map(|_| pick(rng, pool)).collect();
    let name = format!("{surname}{given}");
    let city = pick(rng, CITIES);
    let job = pick(rng, JOBS);
    let phone = loop {
        let p = format!("1{}{:09}", pick(rng, &["3", "5", "7", "8", "9"]), rng.u64(..1_000_000_000));
        if used_phones.insert(p.clone()) {
            break p;
        }
    };
    let wechat = if rng.u8(..100) < 80 {
        let (py, _) = crate::search::pinyin_keys(&name);
        let w = format!("{py}{}", rng.u32(10..9999));
        used_wechat.insert(w.to_lowercase()).then_some(w)
    } else {
        None
    };
    let birthday = (rng.u8(..100) < 85).then(|| {
        let lunar = rng.u8(..100) < 25;
        Birthday {
            calendar: if lunar { Calendar::Lunar } else { Calendar::Solar },
            year: (rng.u8(..100) < 60).then(|| rng.i32(1972..=2004)),
            month: rng.u32(1..=12),
            day: rng.u32(1..=28),
            leap_month: false,
        }
    });
    let mut tags = Vec::new();
    if female && job == "宝妈" || rng.u8(..100) < 8 {
        tags.push("宝妈".to_string());
    }
    for t in &TAGS[1..4] {
        if rng.u8(..100) < 15 {
            tags.push(t.to_string());
        }
    }
    MemberInput {
        nickname: format!("{city}-{name}-{job}"),
        name,
        phone: Some(phone),
        wechat,
        gender: Some(if female { Gender::Female } else { Gender::Male }),
        city: city.to_string(),
        channel: pick(rng, CHANNELS).to_string(),
        birthday,
        tags,
        ..Default::default()
    }
}

/// `n` synthetic members with realistic Chinese names, unique phones, cities and channels
/// (for benchmarks and load tests).
pub fn synthetic_members(n: usize, seed: u64) -> Vec<MemberInput> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut phones = HashSet::new();
    let mut wechats = HashSet::new();
    (0..n).map(|_| person(&mut rng, &mut phones, &mut wechats)).collect()
}
