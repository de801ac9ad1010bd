//! Member search benchmark: seeds N members with realistic Chinese names (default 100,000) into
//! a fresh store and times `members::list` with a search by name, full pinyin, pinyin initials
//! and phone, printing p50 / p95 / max. A plain `name LIKE '%q%'` scan over the members table
//! runs beside it as the baseline a hand-written search would have.
//!
//! `qunzhu-bench import [--rows N]` instead writes N realistic members (default 100,000) as a GBK
//! CSV, as Excel on Chinese Windows saves it, and times Qunzhu's import of it into a fresh store
//! (decoding, validation, pinyin keys, dedupe, one transaction) beside `sqlite3 .import` of the
//! same rows as UTF-8 into a plain table of the same columns, printing both and the ratio.
//!
//! Usage: qunzhu-bench [--members N] [--runs R] [--dir DIR]
//!        qunzhu-bench import [--rows N]
//!        qunzhu-bench certificates [--pages N]
//!        qunzhu-bench engagement [--members N] [--days D] [--runs R]
//!        qunzhu-bench chats [--messages N] [--python PATH]
//!        qunzhu-bench retro [--members N] [--days D] [--runs R]
//!        qunzhu-bench growth [--cohorts C] [--signups N] [--runs R]

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod growth;

use qunzhu_core::members::{self, MemberQuery};
use qunzhu_core::{demo, search, Store};
use std::time::{Duration, Instant};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn report(label: &str, mut times: Vec<Duration>, hits: usize) {
    times.sort();
    println!(
        "{label:<34} p50 {:>7.2} ms   p95 {:>7.2} ms   max {:>7.2} ms   ({} queries, {:.0} hits/query)",
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 1.0),
        times.len(),
        hits as f64 / times.len() as f64
    );
}

fn import_bench(args: &[String]) {
    use qunzhu_core::export::birthday_text;
    let n: usize = arg(args, "--rows").and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("qunzhu-import-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let people = demo::synthetic_members(n, 42);
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let header = ["姓名", "群昵称", "手机号", "微信号", "性别", "城市", "渠道", "生日", "备注"];
    w.write_record(header).expect("csv");
    for m in &people {
        let gender = match m.gender {
            Some(members::Gender::Male) => "男",
            Some(members::Gender::Female) => "女",
            None => "",
        };
        w.write_record([
            m.name.as_str(), &m.nickname, m.phone.as_deref().unwrap_or(""), m.wechat.as_deref().unwrap_or(""), gender,
            &m.city, &m.channel, &birthday_text(m), "2026秋季报名",
        ])
        .expect("csv");
    }
    let utf8 = w.into_inner().expect("csv");
    let gbk_path = dir.join("members-gbk.csv");
    let utf8_path = dir.join("members-utf8.csv");
    std::fs::write(&gbk_path, encoding_rs::GB18030.encode(&String::from_utf8_lossy(&utf8)).0).expect("write");
    std::fs::write(&utf8_path, &utf8).expect("write");
    println!("{n} rows: GBK CSV {:.1} MB", std::fs::metadata(&gbk_path).map(|m| m.len()).unwrap_or(0) as f64 / 1e6);

    let store = Store::open(dir.join("qunzhu")).expect("store");
    let t = Instant::now();
    let report = qunzhu_core::import::run(
        &store,
        &gbk_path,
        &Default::default(),
        &qunzhu_core::jobs::Job::quiet(),
    )
    .expect("import");
    let ours = t.elapsed().as_secs_f64();
    assert_eq!(report.created, n, "{:?}", report.errors.first());
    println!("qunzhu import (GBK, dedupe, pinyin, one transaction): {ours:.2} s");

    // The floor under any import into Qunzhu's schema: the same rows, already parsed and checked,
    // bound into the members and search tables with prepared statements, nothing else.
    let floor_store = Store::open(dir.join("floor")).expect("store");
    let rows: Vec<(members::MemberInput, String)> = people
        .iter()
        .map(|m| (m.clone(), search::haystack(&m.name, &m.nickname, m.phone.as_deref(), m.wechat.as_deref())))
        .collect();
    let t = Instant::now();
    {
        let mut conn = floor_store.conn();
        let tx = conn.transaction().expect("tx");
        let mut ins = tx
            .prepare(
                "INSERT INTO members (name, nickname, phone, wechat, gender, city, channel, birth_calendar, birth_year,
                     birth_month, birth_day, birth_leap, notes, custom_fields, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0, ?12, '{}', ?13, ?13)",
            )
            .expect("prepare");
        let mut hay = tx.prepare("INSERT INTO member_search (member_id, haystack) VALUES (?1, ?2)").expect("prepare");
        for (m, h) in &rows {
            let b = m.birthday.as_ref();
            ins.execute(rusqlite::params![
                m.name, m.nickname, m.phone, m.wechat, m.gender.map(|g| if g == members::Gender::Male { "male" } else { "female" }),
                m.city, m.channel, b.map(|b| if b.calendar == members::Calendar::Solar { "solar" } else { "lunar" }),
                b.and_then(|b| b.year), b.map(|b| b.month), b.map(|b| b.day), "2026秋季报名", "2026-11-24T00:00:00Z"
            ])
            .expect("insert");
            hay.execute(rusqlite::params![tx.last_insert_rowid(), h]).expect("insert");
        }
        drop((ins, hay));
        tx.commit().expect("commit");
    }
    let floor = t.elapsed().as_secs_f64();
    println!("floor: same rows pre-parsed, bare INSERTs into Qunzhu's schema: {floor:.2} s");

    let db = dir.join("sqlite3.db");
    let ddl = "CREATE TABLE members (姓名 TEXT, 群昵称 TEXT, 手机号 TEXT, 微信号 TEXT, 性别 TEXT, 城市 TEXT, 渠道 TEXT, 生日 TEXT, 备注 TEXT);";
    let t = Instant::now();
    let status = std::process::Command::new("sqlite3")
        .arg(&db)
        .arg(ddl)
        .arg(format!(".import --csv --skip 1 {} members", utf8_path.display()))
        .status();
    let theirs = t.elapsed().as_secs_f64();
    match status {
        Ok(s) if s.success() => {
            println!("sqlite3 .import (UTF-8, no checks):                    {theirs:.2} s");
            println!("ratio qunzhu / sqlite3: {:.2}x   (floor / sqlite3: {:.2}x)", ours / theirs, floor / theirs);
        }
        _ => println!("sqlite3 not found: install it (apt-get install sqlite3) for the side-by-side figure"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// 500 (`--pages N`) A4 certificates into one PDF: Qunzhu (krilla, one document, fonts subset
/// once) against `rsvg-convert -f pdf` on the same filled SVGs; times and file sizes side by side.
fn certificates_bench(args: &[String]) {
    use qunzhu_core::render::{self, fill, template, Fonts, Values};
    let n: usize = arg(args, "--pages").and_then(|v| v.parse().ok()).unwrap_or(500);
    let fonts = Fonts::standard().expect("fonts");
    let (_, src) = template::BUNDLED.iter().find(|(f, _)| *f == "completion-certificate.svg").expect("template");
    let people = qunzhu_core::demo::synthetic_members(n, 7);
    let rows: Vec<Values> = people
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut v = Values::new();
            v.insert("name".into(), m.name.clone());
            v.insert("cohort".into(), "21天写作营 第3期".into());
            v.insert("date_cn".into(), "二〇二六年十一月二十四日".into());
            v.insert("issuer".into(), "小周的写作营".into());
            v.insert("serial".into(), format!("QZ-2026-{:06}", i + 1));
            v.insert("qr".into(), format!("QZ1|QZ-2026-{:06}|{}|c2lnbmF0dXJlLXBsYWNlaG9sZGVyLXNpZ25hdHVyZS1wbGFjZWhvbGRlcg", i + 1, m.name));
            v
        })
        .collect();
    let dir = tempfile_dir();
    // The same filled pages for both: Qunzhu's fill step (wrapping, QR) is not part of rsvg's time.
    let t = Instant::now();
    let filled: Vec<String> = rows.iter().map(|v| fill::fill(src, v, &fonts).expect("fill")).collect();
    let fill_time = t.elapsed();
    let mut files = Vec::new();
    for (i, svg) in filled.iter().enumerate() {
        let f = dir.join(format!("{i:04}.svg"));
        std::fs::write(&f, svg).expect("write svg");
        files.push(f);
    }
    let t = Instant::now();
    let pdf = render::pdf(&fonts, src, &rows, |_| true).expect("pdf");
    let ours = t.elapsed();
    let ours_file = dir.join("qunzhu.pdf");
    std::fs::write(&ours_file, &pdf).expect("write pdf");
    let theirs_file = dir.join("rsvg.pdf");
    let t = Instant::now();
    let status = std::process::Command::new("rsvg-convert").arg("-f").arg("pdf").arg("-o").arg(&theirs_file).args(&files).status();
    let theirs = t.elapsed();
    println!("{n} A4 certificates into one PDF (LXGW WenKai, Chinese names, vector QR)");
    println!("  fill (placeholders, fit, wrap, QR) {:>8.2} s   (Qunzhu's own step, before drawing)", fill_time.as_secs_f64());
    println!("  qunzhu (fill + krilla)             {:>8.2} s   {:>7.2} MiB", ours.as_secs_f64(), pdf.len() as f64 / 1048576.0);
    match status {
        Ok(s) if s.success() => {
            let size = std::fs::metadata(&theirs_file).map(|m| m.len()).unwrap_or(0);
            println!("  rsvg-convert -f pdf (filled SVGs)  {:>8.2} s   {:>7.2} MiB", theirs.as_secs_f64(), size as f64 / 1048576.0);
            println!("  ratio: time {:.2}× rsvg-convert's, size {:.2}×", ours.as_secs_f64() / theirs.as_secs_f64(), pdf.len() as f64 / size.max(1) as f64);
        }
        _ => println!("  rsvg-convert not available (apt install librsvg2-bin)"),
    }
    println!("  files in {}", dir.display());
}

/// A 1,000-member × 60-day cohort with realistic marks (most check in, fewer hand in homework,
/// some excellent, many attend lectures) and a few activities; times loading the grid's data and
/// computing the leaderboards, KOC candidates and states, each over `--runs` runs.
fn engagement_bench(args: &[String]) {
    use qunzhu_core::engagement::{self, MarkKind};
    use qunzhu_core::points::{self, Period};
    let runs: usize = arg(args, "--runs").and_then(|v| v.parse().ok()).unwrap_or(30);
    let dir = std::env::temp_dir().join(format!("qunzhu-bench-engagement-{}", std::process::id()));
    let store = Store::open(&dir).expect("store");
    let (c, start, days, _) = seed_cohort(&store, args);
    let time = |label: &str, f: &mut dyn FnMut() -> usize| {
        let mut times = Vec::with_capacity(runs);
        let mut hits = 0;
        for _ in 0..runs {
            let t = Instant::now();
            hits += f();
            times.push(t.elapsed());
        }
        report(label, times, hits);
    };
    let mid = start + chrono::Duration::days(days / 2);
    time("grid data (check-ins)", &mut || engagement::grid(&store, c.id, MarkKind::Checkin).expect("grid").marked.iter().map(Vec::len).sum());
    time("leaderboard (cohort)", &mut || points::leaderboard(&store, c.id, None, Period::Cohort, mid).expect("board").len());
    time("leaderboard (week)", &mut || points::leaderboard(&store, c.id, None, Period::Week, mid).expect("board").len());
    time("leaderboard (all time)", &mut || points::leaderboard(&store, c.id, None, Period::All, mid).expect("board").len());
    time("KOC candidates (top 20)", &mut || points::koc_candidates(&store, c.id, 20).expect("koc").len());
    time("states (active / silent / left)", &mut || engagement::lifecycle(&store, c.id, 7, mid).expect("life").len());
    println!("goal: each ≤ 50 ms in the core (grid data and the cohort leaderboard)");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A `--members` (1,000) × `--days` (60) cohort with check-ins, homework, excellent homework and
/// lectures marked at realistic rates (points earned with them). Returns the cohort, its start, its
/// days and the members.
fn seed_cohort(store: &Store, args: &[String]) -> (qunzhu_core::cohorts::Cohort, chrono::NaiveDate, i64, Vec<i64>) {
    use qunzhu_core::cohorts::{self, CohortInput, MembershipInput};
    use qunzhu_core::engagement::{self, MarkKind, MarkSource};
    let n: usize = arg(args, "--members").and_then(|v| v.parse().ok()).unwrap_or(1000);
    let days: i64 = arg(args, "--days").and_then(|v| v.parse().ok()).unwrap_or(60);
    let start = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    let end = start + chrono::Duration::days(days - 1);
    let c = cohorts::add(store, &CohortInput { name: "基准营 第1期".into(), start_date: start.to_string(), end_date: end.to_string(), ..Default::default() }).expect("cohort");
    let t = Instant::now();
    let mut ids = Vec::with_capacity(n);
    for m in qunzhu_core::demo::synthetic_members(n, 11) {
        let id = members::add(store, &m).expect("member").id;
        cohorts::assign(store, &MembershipInput { member_id: id, cohort_id: c.id, joined_on: start.to_string(), ..Default::default() }).expect("assign");
        ids.push(id);
    }
    let mut rng = fastrand::Rng::with_seed(5);
    let mut marks = 0;
    for d in 0..days {
        let day = (start + chrono::Duration::days(d)).to_string();
        for (kind, p) in [(MarkKind::Checkin, 75), (MarkKind::Homework, 45), (MarkKind::Excellent, 5), (MarkKind::Lecture, 40)] {
            let who: Vec<i64> = ids.iter().copied().filter(|_| rng.u8(..100) < p).collect();
            marks += engagement::mark(store, c.id, &day, kind, &who, true, MarkSource::Import).expect("mark");
        }
    }
    println!("{n} members × {days} days: {marks} marks seeded in {:.1} s", t.elapsed().as_secs_f64());
    (c, start, days, ids)
}

/// Every retrospective metric of a seeded cohort (plus activities with funnels, people who left,
/// KOCs and a 300-answer survey), over `--runs` runs.
fn retro_bench(args: &[String]) {
    use qunzhu_core::cohorts::{self, MembershipInput};
    use qunzhu_core::engagement::{self, ActivityInput, ActivityKind};
    let runs: usize = arg(args, "--runs").and_then(|v| v.parse().ok()).unwrap_or(30);
    let dir = std::env::temp_dir().join(format!("qunzhu-bench-retro-{}", std::process::id()));
    let store = Store::open(&dir).expect("store");
    let (c, start, days, ids) = seed_cohort(&store, args);
    let mut rng = fastrand::Rng::with_seed(8);
    for w in 0..(days / 7) {
        let day = (start + chrono::Duration::days(w * 7 + 3)).to_string();
        let a = engagement::add_activity(&store, &ActivityInput { cohort_id: c.id, title: format!("第{}场分享", w + 1), kind: ActivityKind::Talk, day, reach_cohort: true }).expect("activity");
        for stage in 2..=4u8 {
            let who: Vec<i64> = ids.iter().copied().filter(|_| rng.u8(..100) < 30 / stage).collect();
            engagement::set_stage(&store, a.id, &who, stage).expect("stage");
        }
    }
    for (i, id) in ids.iter().enumerate().filter(|(i, _)| i % 20 == 0) {
        let left = start + chrono::Duration::days((i as i64 * 7) % days);
        cohorts::assign(&store, &MembershipInput { member_id: *id, cohort_id: c.id, joined_on: start.to_string(), left_on: left.to_string(), ..Default::default() }).expect("leave");
    }
    for id in ids.iter().take(10) {
        qunzhu_core::points::assign_role(&store, c.id, *id, "koc").expect("koc");
    }
    let survey = dir.join("survey.csv");
    let mut text = String::from("序号,提交答卷时间,所用时间,1、姓名,2、整体满意度,3、您有多大可能推荐给朋友？\n");
    for i in 0..300 {
        text.push_str(&format!("{},2026/10/30 20:00:00,60秒,学员{i},{},{}\n", i + 1, 3 + rng.u8(..3), rng.u8(..11)));
    }
    std::fs::write(&survey, text).expect("survey");
    qunzhu_core::retro::survey::import(&store, c.id, &survey, qunzhu_core::retro::survey::Audience::Members, &[]).expect("survey import");
    let today = start + chrono::Duration::days(days + 10);
    let mut times = Vec::with_capacity(runs);
    let mut m = None;
    for _ in 0..runs {
        let t = Instant::now();
        m = Some(qunzhu_core::retro::metrics_on(&store, c.id, today).expect("metrics"));
        times.push(t.elapsed());
    }
    let m = m.expect("ran");
    report("retro metrics (all)", times, m.checkin_curve.len() * runs);
    println!(
        "  enrolled {} · completion {:.1}% · check-in {:.1}% · lectures {:.1}% · homework {:.1}% · {} funnels · points mean {:.1} · satisfaction {:.2} · NPS {:+.0}",
        m.enrolled,
        m.completion_rate.unwrap_or(0.0) * 100.0,
        m.checkin_rate.unwrap_or(0.0) * 100.0,
        m.lecture_rate.unwrap_or(0.0) * 100.0,
        m.homework_rate.unwrap_or(0.0) * 100.0,
        m.funnels.len(),
        m.points.mean.unwrap_or(0.0),
        m.satisfaction_members.unwrap_or(0.0),
        m.nps.unwrap_or(0.0)
    );
    println!("goal: ≤ 100 ms in the core");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Peak resident memory of this process so far, in MiB (Linux: VmHWM).
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("VmHWM:").map(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().unwrap_or(0.0))))
        .unwrap_or(0.0)
        / 1024.0
}

/// A generated 留痕 CSV of `--messages N` (default 1,000,000) group messages from 300 members over
/// 60 days (the seeds' daily peaks, check-ins, images, stickers, system messages): Qunzhu imports it
/// (parse, match senders, dedupe, detect check-ins, store) into a fresh store and computes the
/// per-member stats; then a pandas script reads the same file and groups it by sender. `--runs N`
/// (default 5) alternates the two; prints each run, the medians, their ratio and Qunzhu's peak
/// memory. `--python PATH` picks the interpreter with pandas (scripts/bench-chats.sh makes a venv).
/// `--import-only`: one Qunzhu import, nothing else (for profiling).
fn chats_bench(args: &[String]) {
    use qunzhu_core::chats::{import, stats};
    use qunzhu_core::cohorts::{self, CohortInput, MembershipInput};
    use std::io::Write as _;
    let n: usize = arg(args, "--messages").and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let python = arg(args, "--python").unwrap_or_else(|| "python3".into());
    let only_import = args.iter().any(|a| a == "--import-only");
    let runs: usize = if only_import { 1 } else { arg(args, "--runs").and_then(|v| v.parse().ok()).unwrap_or(5).max(1) };
    let dir = std::env::temp_dir().join(format!("qunzhu-bench-chats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let start = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    let people = qunzhu_core::demo::synthetic_members(300, 3);
    let file = dir.join("liuhen.csv");
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&file).expect("csv"));
        w.write_all("\u{feff}localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\r\n".as_bytes()).unwrap();
        let mut rng = fastrand::Rng::with_seed(9);
        let texts = ["收到", "今天的作业好难，大家都写完了吗？", "谢谢老师的分享，受益匪浅", "[图片]", "哈哈哈", "早上好", "晚安"];
        for i in 0..n {
            let day = start + chrono::Duration::days((i * 60 / n) as i64);
            let hour = if rng.u8(..10) < 6 { [11, 16, 20][rng.usize(..3)] } else { rng.u32(7..24) };
            let at = format!("{day} {hour:02}:{:02}:{:02}", rng.u32(..60), rng.u32(..60));
            let who = rng.usize(..people.len());
            let (kind, text) = match rng.u8(..100) {
                0..=11 => (1, format!("#打卡 第{}天 {}", (i * 60 / n) + 1, texts[rng.usize(..3)])),
                12..=19 => (3, "[图片]".to_string()),
                20..=22 => (47, "[动画表情]".to_string()),
                23 => (10000, "\"新成员\"加入了群聊".to_string()),
                _ => (1, texts[rng.usize(..texts.len())].to_string()),
            };
            let sender = if kind == 10000 { String::new() } else { format!("wxid_m{who:04}") };
            let nick = if kind == 10000 { String::new() } else { people[who].nickname.clone() };
            writeln!(w, "{},1,{kind},0,0,0,2,\"{}\",{at},,{nick},{sender}\r", i + 1, text.replace('"', "\"\"")).unwrap();
        }
    }
    let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0) as f64 / 1048576.0;
    println!("{n} messages, {size:.0} MiB 留痕 CSV, 300 members, {runs} run(s) each");
    let t = Instant::now();
    let mut read = 0u64;
    qunzhu_core::chats::parse::read(&file, |_| {
        read += 1;
        Ok(true)
    })
    .expect("parse");
    println!("  parse alone {:>6.2} s ({read} messages)", t.elapsed().as_secs_f64());
    // A fresh store with the cohort and its 300 members.
    let fresh = |k: usize| {
        let store = Store::open(dir.join(format!("data{k}"))).expect("store");
        let c = cohorts::add(&store, &CohortInput { name: "基准营 第1期".into(), start_date: start.to_string(), end_date: (start + chrono::Duration::days(59)).to_string(), ..Default::default() }).expect("cohort");
        for m in &people {
            let id = members::add(&store, m).expect("member").id;
            cohorts::assign(&store, &MembershipInput { member_id: id, cohort_id: c.id, joined_on: start.to_string(), ..Default::default() }).expect("assign");
        }
        (store, c.id)
    };
    let script = "import sys, time\nimport pandas as pd\nt = time.time()\ndf = pd.read_csv(sys.argv[1], encoding='utf-8-sig')\ng = df.groupby('Sender').agg(messages=('localId', 'size'), first=('StrTime', 'min'), last=('StrTime', 'max'))\nprint(f'{time.time() - t:.3f} {len(g)}')\n";
    let mut pandas_ok = !only_import;
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let mut last = None;
    for k in 0..runs {
        let (store, c) = fresh(k);
        let t = Instant::now();
        let r = import::import(&store, &file, c, None, &qunzhu_core::jobs::Job::quiet()).expect("import");
        let imported = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let st = stats::stats(&store, c, None).expect("stats");
        let summed = t.elapsed().as_secs_f64();
        ours.push(imported + summed);
        // The WAL copy left to the background is done before pandas runs (not counted: the
        // import has returned and its data is committed).
        let t = Instant::now();
        store.settle();
        let settled = t.elapsed().as_secs_f64();
        print!(
            "  run {}: qunzhu import {imported:>5.2} s + stats {summed:>4.2} s = {:>5.2} s (then {settled:.2} s more for the WAL copy; {} new, {} matched of {} senders, {} check-ins, {} members counted; peak so far {:.0} MiB)",
            k + 1,
            imported + summed,
            r.new_messages,
            r.matched,
            r.senders,
            r.checkins_detected,
            st.members.len(),
            peak_mib()
        );
        if pandas_ok {
            match std::process::Command::new(&python).arg("-c").arg(script).arg(&file).output() {
                Ok(o) if o.status.success() => {
                    let secs: f64 = String::from_utf8_lossy(&o.stdout).split_whitespace().next().and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
                    theirs.push(secs);
                    print!("   pandas {secs:>5.2} s");
                }
                Ok(o) => {
                    pandas_ok = false;
                    print!("\n  pandas failed ({}): run scripts/bench-chats.sh, which installs pandas in a venv", String::from_utf8_lossy(&o.stderr).lines().last().unwrap_or(""));
                }
                Err(e) => {
                    pandas_ok = false;
                    print!("\n  {python} not runnable: {e}");
                }
            }
        }
        println!();
        last = Some((store, c));
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let ours_median = median(&mut ours);
    println!("  qunzhu import + stats, median {ours_median:.2} s");
    if !theirs.is_empty() {
        let theirs_median = median(&mut theirs);
        println!("  pandas read_csv + groupby(sender), median {theirs_median:.2} s");
        println!("  ratio: qunzhu {:.2}× pandas' time (goal ≤ 0.5×)", ours_median / theirs_median);
    }
    if only_import {
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    let (store, c) = last.expect("a run");
    // The same file again: every day merged with what is stored, nothing new.
    let t = Instant::now();
    let again = import::import(&store, &file, c, None, &qunzhu_core::jobs::Job::quiet()).expect("re-import");
    println!("  re-import (all duplicates) {:>6.2} s ({} new)", t.elapsed().as_secs_f64(), again.new_messages);
    // Counts only (the privacy setting): no message text written.
    drop(store);
    let (store, c) = fresh(runs);
    let mut set = import::settings(&store).expect("settings");
    set.keep_text = false;
    import::set_settings(&store, &set).expect("settings");
    let t = Instant::now();
    import::import(&store, &file, c, None, &qunzhu_core::jobs::Job::quiet()).expect("import");
    stats::stats(&store, c, None).expect("stats");
    println!("  counts only (no text kept): import + stats {:>6.2} s", t.elapsed().as_secs_f64());
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("qunzhu-bench-certs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("import") {
        return import_bench(&args);
    }
    if args.get(1).map(String::as_str) == Some("certificates") {
        return certificates_bench(&args);
    }
    if args.get(1).map(String::as_str) == Some("engagement") {
        return engagement_bench(&args);
    }
    if args.get(1).map(String::as_str) == Some("retro") {
        return retro_bench(&args);
    }
    if args.get(1).map(String::as_str) == Some("chats") {
        return chats_bench(&args);
    }
    if args.get(1).map(String::as_str) == Some("growth") {
        return growth::bench(&args);
    }
    let n: usize = arg(&args, "--members").and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let runs: usize = arg(&args, "--runs").and_then(|v| v.parse().ok()).unwrap_or(200);
    let tmp;
    let dir = match arg(&args, "--dir") {
        Some(d) => std::path::PathBuf::from(d),
        None => {
            tmp = std::env::temp_dir().join(format!("qunzhu-bench-{}", std::process::id()));
            tmp.clone()
        }
    };
    let _ = std::fs::remove_dir_all(&dir);
    let store = match Store::open(&dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error[{}]: {e}", e.code());
            std::process::exit(1);
        }
    };
    let people = demo::synthetic_members(n, 7);
    let t = Instant::now();
    if let Err((row, e)) = members::add_many(&store, &people) {
        eprintln!("seeding failed at row {row}: {e}");
        std::process::exit(1);
    }
    println!("seeded {n} members in {:.1} s", t.elapsed().as_secs_f64());

    // Queries drawn from the data itself, the way an operator types them.
    let mut rng = fastrand::Rng::with_seed(11);
    let sample: Vec<&members::MemberInput> = (0..runs).map(|_| &people[rng.usize(..people.len())]).collect();
    type Query = Box<dyn Fn(&members::MemberInput) -> String>;
    let kinds: [(&str, Query); 4] = [
        ("name (王静)", Box::new(|m| m.name.clone())),
        ("full pinyin (wangjing)", Box::new(|m| search::pinyin_keys(&m.name).0)),
        ("initials (wj)", Box::new(|m| search::pinyin_keys(&m.name).1)),
        ("phone, first 7 digits", Box::new(|m| m.phone.clone().unwrap_or_default()[..7].to_string())),
    ];
    // Warm the page cache once, as a running app would be.
    let _ = members::list(&store, &MemberQuery { search: Some("zz".into()), ..Default::default() });
    for (label, make) in &kinds {
        let mut times = Vec::with_capacity(runs);
        let mut hits = 0;
        for m in &sample {
            let q = MemberQuery { search: Some(make(m)), ..Default::default() };
            let t = Instant::now();
            let rows = members::list(&store, &q).unwrap_or_default();
            times.push(t.elapsed());
            hits += rows.len();
        }
        report(&format!("search {label}"), times, hits);
    }
    // The whole table, as the members screen loads it with no filter.
    let mut times = Vec::new();
    let mut hits = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let rows = members::list(&store, &MemberQuery::default()).unwrap_or_default();
        times.push(t.elapsed());
        hits += rows.len();
    }
    report("list all members (no filter)", times, hits);
    let t = Instant::now();
    let json = serde_json::to_vec(&members::list(&store, &MemberQuery::default()).unwrap_or_default()).unwrap_or_default();
    println!("list all + JSON for IPC: {:.0} ms, {:.1} MB", t.elapsed().as_secs_f64() * 1000.0, json.len() as f64 / 1e6);

    // Baseline: what a naive search would do, on names only.
    let conn = store.conn();
    let mut times = Vec::with_capacity(runs);
    let mut hits = 0;
    for m in &sample {
        let t = Instant::now();
        let mut stmt = conn.prepare_cached("SELECT id, name, phone FROM members WHERE name LIKE ?1").expect("prepare");
        let count = stmt
            .query_map([format!("%{}%", m.name)], |r| r.get::<_, i64>(0))
            .map(|rows| rows.count())
            .unwrap_or(0);
        times.push(t.elapsed());
        hits += count;
    }
    report("baseline: name LIKE scan (no pinyin)", times, hits);
    drop(conn);
    let _ = std::fs::remove_dir_all(&dir);
}
