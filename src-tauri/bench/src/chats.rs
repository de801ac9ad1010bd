//! `qunzhu-bench chats`: a generated 留痕 CSV of `--messages N` (default 1,000,000) group messages
//! from 300 members over 60 days (the seeds' daily peaks, check-ins, images, stickers, system
//! messages): Qunzhu imports it (parse, match senders, dedupe, detect check-ins, store) into a
//! fresh store and computes the per-member stats; then a pandas script reads the same file and
//! groups it by sender. `--runs N` (default 5) alternates the two; prints each run, the medians,
//! their ratio and Qunzhu's peak memory. `--python PATH` picks the interpreter with pandas
//! (scripts/bench-chats.sh makes a venv). `--import-only`: one Qunzhu import, nothing else (for
//! profiling).

use super::arg;
use qunzhu_core::chats::{import, stats};
use qunzhu_core::cohorts::{self, CohortInput, MembershipInput};
use qunzhu_core::jobs::Job;
use qunzhu_core::members::{self, MemberInput};
use qunzhu_core::Store;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// pandas' side: reads the file and groups it by sender; prints its time and the senders.
const PANDAS: &str = "import sys, time\nimport pandas as pd\nt = time.time()\ndf = pd.read_csv(sys.argv[1], encoding='utf-8-sig')\ng = df.groupby('Sender').agg(messages=('localId', 'size'), first=('StrTime', 'min'), last=('StrTime', 'max'))\nprint(f'{time.time() - t:.3f} {len(g)}')\n";

/// The generated export, and the cohort each run's fresh store is seeded with.
struct Setup {
    dir: PathBuf,
    file: PathBuf,
    start: chrono::NaiveDate,
    people: Vec<MemberInput>,
}

impl Setup {
    /// A fresh store with the cohort and its 300 members.
    fn fresh(&self, k: usize) -> (Store, i64) {
        let start = self.start;
        let store = Store::open(self.dir.join(format!("data{k}"))).expect("store");
        let c = cohorts::add(&store, &CohortInput { name: "基准营 第1期".into(), start_date: start.to_string(), end_date: (start + chrono::Duration::days(59)).to_string(), ..Default::default() }).expect("cohort");
        for m in &self.people {
            let id = members::add(&store, m).expect("member").id;
            cohorts::assign(&store, &MembershipInput { member_id: id, cohort_id: c.id, joined_on: start.to_string(), ..Default::default() }).expect("assign");
        }
        (store, c.id)
    }
}

pub fn bench(args: &[String]) {
    let n: usize = arg(args, "--messages").and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let python = arg(args, "--python").unwrap_or_else(|| "python3".into());
    let only_import = args.iter().any(|a| a == "--import-only");
    let runs: usize = if only_import { 1 } else { arg(args, "--runs").and_then(|v| v.parse().ok()).unwrap_or(5).max(1) };
    let dir = std::env::temp_dir().join(format!("qunzhu-bench-chats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let start = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    let people = qunzhu_core::demo::synthetic_members(300, 3);
    let file = dir.join("liuhen.csv");
    write_export(&file, n, start, &people);
    let setup = Setup { dir, file, start, people };
    let size = std::fs::metadata(&setup.file).map(|m| m.len()).unwrap_or(0) as f64 / 1048576.0;
    println!("{n} messages, {size:.0} MiB 留痕 CSV, 300 members, {runs} run(s) each");
    let t = Instant::now();
    let mut read = 0u64;
    qunzhu_core::chats::parse::read(&setup.file, |_| {
        read += 1;
        Ok(true)
    })
    .expect("parse");
    println!("  parse alone {:>6.2} s ({read} messages)", t.elapsed().as_secs_f64());
    let (mut ours, mut theirs, last) = timed_runs(&setup, runs, (!only_import).then_some(python.as_str()));
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
        let _ = std::fs::remove_dir_all(&setup.dir);
        return;
    }
    let (store, c) = last.expect("a run");
    again(&setup, store, c, runs);
    let _ = std::fs::remove_dir_all(&setup.dir);
}

/// Writes `n` messages of the 300 `people` over 60 days from `start` as a 留痕 CSV.
fn write_export(file: &Path, n: usize, start: chrono::NaiveDate, people: &[MemberInput]) {
    use std::io::Write as _;
    let mut w = std::io::BufWriter::new(std::fs::File::create(file).expect("csv"));
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

/// `runs` runs of Qunzhu's import + stats into a fresh store, each followed by pandas on the same
/// file when `python` is given (until it fails); prints each run. Returns both sides' times and
/// the last run's store and cohort.
fn timed_runs(setup: &Setup, runs: usize, mut python: Option<&str>) -> (Vec<f64>, Vec<f64>, Option<(Store, i64)>) {
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let mut last = None;
    for k in 0..runs {
        let (store, c) = setup.fresh(k);
        let t = Instant::now();
        let r = import::import(&store, &setup.file, c, None, &Job::quiet()).expect("import");
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
        if let Some(p) = python {
            match pandas(p, &setup.file) {
                Ok(secs) => {
                    theirs.push(secs);
                    print!("   pandas {secs:>5.2} s");
                }
                Err(why) => {
                    python = None;
                    print!("\n  {why}");
                }
            }
        }
        println!();
        last = Some((store, c));
    }
    (ours, theirs, last)
}

/// pandas' time on the file, in seconds; or why it could not run.
fn pandas(python: &str, file: &Path) -> Result<f64, String> {
    match std::process::Command::new(python).arg("-c").arg(PANDAS).arg(file).output() {
        Ok(o) if o.status.success() => Ok(String::from_utf8_lossy(&o.stdout).split_whitespace().next().and_then(|v| v.parse().ok()).unwrap_or(f64::NAN)),
        Ok(o) => Err(format!("pandas failed ({}): run scripts/bench-chats.sh, which installs pandas in a venv", String::from_utf8_lossy(&o.stderr).lines().last().unwrap_or(""))),
        Err(e) => Err(format!("{python} not runnable: {e}")),
    }
}

/// The same file again into the last run's store (every day merged with what is stored, nothing
/// new), then into a fresh store keeping counts only; prints both times.
fn again(setup: &Setup, store: Store, c: i64, runs: usize) {
    let t = Instant::now();
    let again = import::import(&store, &setup.file, c, None, &Job::quiet()).expect("re-import");
    println!("  re-import (all duplicates) {:>6.2} s ({} new)", t.elapsed().as_secs_f64(), again.new_messages);
    // Counts only (the privacy setting): no message text written.
    drop(store);
    let (store, c) = setup.fresh(runs);
    let mut set = import::settings(&store).expect("settings");
    set.keep_text = false;
    import::set_settings(&store, &set).expect("settings");
    let t = Instant::now();
    import::import(&store, &setup.file, c, None, &Job::quiet()).expect("import");
    stats::stats(&store, c, None).expect("stats");
    println!("  counts only (no text kept): import + stats {:>6.2} s", t.elapsed().as_secs_f64());
}

/// Peak resident memory of this process so far, in MiB (Linux: VmHWM).
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("VmHWM:").map(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().unwrap_or(0.0))))
        .unwrap_or(0.0)
        / 1024.0
}
