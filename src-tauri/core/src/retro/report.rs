//! The retrospective as a document: Markdown (to paste anywhere) and a printable A4 PDF with the
//! metrics, the charts (check-in curve, funnels, points spread, when people left) and the
//! operator's findings, drawn as SVG pages with the bundled font.

use super::{actions, metrics, notes, Action, Metrics, Notes};
use crate::error::{Error, FileProblem, Result};
use crate::i18n::Lang;
use crate::store::Store;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{:.1}%", v * 100.0))
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.1}") })
}

/// The metric lines of the report: (label, value).
pub fn lines(m: &Metrics, lang: Lang) -> Vec<(String, String)> {
    let zh = lang == Lang::Zh;
    let l = |zh_text: &str, en: &str| if zh { zh_text.to_string() } else { en.to_string() };
    let sat = |rate: Option<f64>, score: Option<f64>, scale: Option<f64>| match (rate, score, scale) {
        (Some(r), Some(s), Some(top)) => format!("{} / {} ({})", num(Some((s * 10.0).round() / 10.0)), num(Some(top)), pct(Some(r))),
        _ => "—".to_string(),
    };
    let mut out = vec![
        (l("报名人数", "Enrolled"), m.enrolled.to_string()),
        (l("完课", "Completed"), format!("{} ({})", m.completed, pct(m.completion_rate))),
        (l("退出", "Left"), format!("{} ({})", m.quit, pct(m.quit_rate))),
        (
            l("群规模（150–350 人）", "Groups (150-350)"),
            if zh { format!("{} 个群，{} 个在范围内", m.groups.len(), m.groups_in_band) } else { format!("{} groups, {} in range", m.groups.len(), m.groups_in_band) },
        ),
        (l("打卡率", "Check-in rate"), pct(m.checkin_rate)),
        (l("听课率", "Lecture attendance"), if zh { format!("{}（{} 次课）", pct(m.lecture_rate), m.lecture_days) } else { format!("{} ({} lectures)", pct(m.lecture_rate), m.lecture_days) }),
        (l("作业率", "Homework rate"), pct(m.homework_rate)),
        (l("优秀作业率", "Excellent rate"), pct(m.excellent_rate)),
        (
            l("积分（人均 / 中位数 / 最高）", "Points (mean / median / top)"),
            format!("{} / {} / {}", num(m.points.mean.map(|v| (v * 10.0).round() / 10.0)), num(m.points.median), m.points.max),
        ),
        (l("KOC", "KOCs"), if m.kocs.is_empty() { "—".into() } else { m.kocs.join("、") }),
        (l("生日会", "Birthdays celebrated"), m.birthdays_celebrated.to_string()),
        (l("学员满意度", "Member satisfaction"), sat(m.satisfaction_members, m.satisfaction_members_score, m.satisfaction_members_scale)),
        (l("运营官满意度", "Staff satisfaction"), sat(m.satisfaction_staff, m.satisfaction_staff_score, m.satisfaction_staff_scale)),
        (l("NPS", "NPS"), m.nps.map_or_else(|| "—".into(), |v| format!("{v:+.0}"))),
        (l("问卷回收", "Survey responses"), m.survey_responses.to_string()),
    ];
    if m.chat_messages > 0 {
        out.push((l("群消息 / 班长发言占比", "Chat messages / monitor's share"), format!("{} / {}", m.chat_messages, pct(m.monitor_share))));
    }
    let g = &m.growth;
    if g.funnel.signups > 0 {
        let y = |fen: Option<i64>| fen.map_or_else(|| "—".to_string(), |f| format!("¥{}", crate::growth::money::yuan(f)));
        let f = &g.funnel;
        out.push((l("用户规模 / 报名 / 付费人数", "Reached / signed up / paying"), format!("{} / {} / {}", g.reached, f.signups, f.paid)));
        out.push((l("续费人数", "Renewed"), format!("{} ({})", f.renewed, pct(ratio(f.renewed, f.paid)))));
        out.push((l("收入 / 退款 / 净收入", "Revenue / refunds / net"), format!("{} / {} / {}", y(Some(f.revenue)), y(Some(f.refunds)), y(Some(g.net_revenue)))));
        out.push((l("成本 / 获客成本 / 每位结业成本", "Cost / per paying / per graduate"), format!("{} / {} / {}", y(g.cost), y(g.cost_per_paid), y(g.cost_per_completed))));
    }
    for f in &m.funnels {
        out.push((
            format!("{} {}", if zh { "活动" } else { "Activity" }, f.title),
            format!("{} → {} → {} → {} ({})", f.reached, f.replied, f.signed_up, f.attended, pct(f.attend_rate)),
        ));
    }
    out
}

fn ratio(n: u64, of: u64) -> Option<f64> {
    (of > 0).then(|| n as f64 / of as f64)
}

/// 渠道与转化: a row per channel (报名 → 付费 → 入群 → 活跃 → 完课 → 续费, revenue, cost).
pub fn channel_lines(m: &Metrics, lang: Lang) -> Vec<(String, String)> {
    let zh = lang == Lang::Zh;
    let y = |fen: Option<i64>| fen.map_or_else(|| "—".to_string(), |f| format!("¥{}", crate::growth::money::yuan(f)));
    m.growth
        .channels
        .iter()
        .map(|c| {
            let f = &c.funnel;
            let name = c.channel.clone().unwrap_or_else(|| if zh { "未填渠道".into() } else { "No channel".into() });
            let cost = if zh { "成本" } else { "cost" };
            (name, format!("{} → {} → {} → {} → {} → {} · {} · {cost} {}", f.signups, f.paid, f.joined, f.active, f.completed, f.renewed, y(Some(f.revenue)), y(c.cost)))
        })
        .collect()
}

fn headings(lang: Lang) -> [&'static str; 6] {
    if lang == Lang::Zh {
        ["复盘", "数据", "做得好的", "问题与原因", "下期改进", "改进事项"]
    } else {
        ["Retrospective", "Metrics", "What went well", "Problems and causes", "Changes for next time", "Action items"]
    }
}

fn action_line(a: &Action, lang: Lang) -> String {
    let pushed = match (&a.pushed_to, lang) {
        (Some(k), Lang::Zh) => format!("（已加入 SOP「{k}」）"),
        (Some(k), _) => format!(" (in SOP {k})"),
        _ => String::new(),
    };
    format!("{} · {} · {}{pushed}", a.text, a.anchor, a.role)
}

/// The retrospective in Markdown.
pub fn markdown(store: &Store, cohort_id: i64) -> Result<String> {
    let lang = store.lang();
    let (m, n, acts) = (metrics(store, cohort_id)?, notes(store, cohort_id)?, actions(store, cohort_id)?);
    let h = headings(lang);
    let mut s = String::new();
    let _ = writeln!(s, "# {} {}\n\n{} – {}\n\n## {}\n", m.cohort, h[0], m.start_date, m.end_date, h[1]);
    let _ = writeln!(s, "| | |\n|---|---|");
    for (k, v) in lines(&m, lang) {
        let _ = writeln!(s, "| {} | {} |", k.replace('|', "\\|"), v.replace('|', "\\|"));
    }
    if m.growth.funnel.signups > 0 {
        let (title, head) = if lang == Lang::Zh { ("渠道与转化", "报名 → 付费 → 入群 → 活跃 → 完课 → 续费 · 收入 · 成本") } else { ("Channels and conversion", "signed up → paid → joined → active → completed → renewed · revenue · cost") };
        let _ = writeln!(s, "\n## {title}\n\n| | {head} |\n|---|---|");
        for (k, v) in channel_lines(&m, lang) {
            let _ = writeln!(s, "| {} | {} |", k.replace('|', "\\|"), v.replace('|', "\\|"));
        }
    }
    for (title, body) in [(h[2], &n.went_well), (h[3], &n.problems), (h[4], &n.changes)] {
        let _ = writeln!(s, "\n## {title}\n\n{}", if body.trim().is_empty() { "—" } else { body.trim() });
    }
    if !acts.is_empty() {
        let _ = writeln!(s, "\n## {}\n", h[5]);
        for a in &acts {
            let _ = writeln!(s, "- [{}] {}", if a.pushed_to.is_some() { "x" } else { " " }, action_line(a, lang));
        }
    }
    Ok(s)
}

// ---- PDF ---------------------------------------------------------------------------------------

const W: f64 = 794.0;
const H: f64 = 1123.0;
const MARGIN: f64 = 64.0;
const INK: &str = "#3b2f2b";
const ACCENT: &str = "#c8553d";
const MUTED: &str = "#8a7a74";

fn esc(s: &str) -> String {
    // Control characters (pasted from elsewhere) have no place in XML: they would spoil the page.
    let s: String = s.chars().filter(|c| !c.is_control() || *c == '\t').collect();
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Width of text in the font at `size`: CJK a full em, the rest about half.
fn width(s: &str, size: f64) -> f64 {
    s.chars().map(|c| if c.is_ascii() { 0.55 } else { 1.0 }).sum::<f64>() * size
}

/// Lines of at most `max` wide, breaking anywhere (Chinese has no spaces to break at).
fn wrap(text: &str, size: f64, max: f64) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        for c in para.chars() {
            line.push(c);
            if width(&line, size) > max {
                let last = line.pop().unwrap_or(' ');
                out.push(std::mem::take(&mut line));
                line.push(last);
            }
        }
        out.push(line);
    }
    out
}

struct Pages {
    done: Vec<String>,
    body: String,
    y: f64,
}

impl Pages {
    fn new() -> Pages {
        Pages { done: Vec::new(), body: String::new(), y: MARGIN }
    }

    fn need(&mut self, h: f64) {
        if self.y + h > H - MARGIN {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let n = self.done.len() + 1;
        let body = std::mem::take(&mut self.body);
        self.done.push(format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}"><rect width="{W}" height="{H}" fill="#fff"/>{body}<text x="{}" y="{}" font-size="10" fill="{MUTED}" text-anchor="end">{n}</text></svg>"##,
            W - MARGIN,
            H - 30.0
        ));
        self.y = MARGIN;
    }

    fn text(&mut self, s: &str, size: f64, color: &str, bold: bool) {
        for line in wrap(s, size, W - 2.0 * MARGIN) {
            self.need(size * 1.6);
            self.y += size * 1.3;
            let _ = write!(
                self.body,
                r#"<text x="{MARGIN}" y="{:.1}" font-size="{size}" fill="{color}"{}>{}</text>"#,
                self.y,
                if bold { r#" font-weight="bold""# } else { "" },
                esc(&line)
            );
            self.y += size * 0.3;
        }
    }

    fn gap(&mut self, h: f64) {
        self.y += h;
    }

    fn rows(&mut self, rows: &[(String, String)]) {
        for (i, (k, v)) in rows.iter().enumerate() {
            let labels = wrap(k, 12.0, 230.0);
            let lines = wrap(v, 12.0, W - 2.0 * MARGIN - 250.0);
            let h = 22.0 + (lines.len().max(labels.len()).saturating_sub(1)) as f64 * 16.0;
            self.need(h);
            if i % 2 == 0 {
                let _ = write!(self.body, r##"<rect x="{MARGIN}" y="{:.1}" width="{}" height="{h}" fill="#faf5f2"/>"##, self.y, W - 2.0 * MARGIN);
            }
            for (j, l) in labels.iter().enumerate() {
                let _ = write!(self.body, r#"<text x="{}" y="{:.1}" font-size="12" fill="{MUTED}">{}</text>"#, MARGIN + 10.0, self.y + 15.0 + j as f64 * 16.0, esc(l));
            }
            for (j, l) in lines.iter().enumerate() {
                let _ = write!(self.body, r#"<text x="{}" y="{:.1}" font-size="12" fill="{INK}">{}</text>"#, MARGIN + 250.0, self.y + 15.0 + j as f64 * 16.0, esc(l));
            }
            self.y += h;
        }
    }

    /// A chart: a title and bars or a line over labelled points.
    fn chart(&mut self, title: &str, labels: &[String], values: &[f64], line: bool, unit: &str) {
        let h = 190.0;
        self.need(h + 30.0);
        self.text(title, 13.0, INK, true);
        let (x0, y0, cw, ch) = (MARGIN + 36.0, self.y + 20.0, W - 2.0 * MARGIN - 46.0, h - 60.0);
        let top = values.iter().cloned().fold(0.0, f64::max).max(1.0);
        let fmt = |v: f64| if unit == "%" { format!("{:.0}%", v * 100.0) } else { format!("{v:.0}") };
        let _ = write!(self.body, r##"<line x1="{x0}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#d9cbc5"/>"##, y0 + ch, x0 + cw, y0 + ch);
        let _ = write!(self.body, r#"<text x="{:.1}" y="{:.1}" font-size="9" fill="{MUTED}" text-anchor="end">{}</text>"#, x0 - 4.0, y0 + 8.0, fmt(top));
        let _ = write!(self.body, r#"<text x="{:.1}" y="{:.1}" font-size="9" fill="{MUTED}" text-anchor="end">0</text>"#, x0 - 4.0, y0 + ch);
        let n = values.len().max(1) as f64;
        let step = cw / n;
        let every = labels.len().div_ceil(10).max(1);
        if line {
            let pts: Vec<String> = values.iter().enumerate().map(|(i, v)| format!("{:.1},{:.1}", x0 + step * (i as f64 + 0.5), y0 + ch - ch * v / top)).collect();
            let _ = write!(self.body, r#"<polyline points="{}" fill="none" stroke="{ACCENT}" stroke-width="2"/>"#, pts.join(" "));
        } else {
            for (i, v) in values.iter().enumerate() {
                let bh = ch * v / top;
                let _ = write!(self.body, r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{bh:.1}" fill="{ACCENT}" opacity="0.85"/>"#, x0 + step * i as f64 + step * 0.15, y0 + ch - bh, step * 0.7);
                if *v > 0.0 && values.len() <= 16 {
                    let _ = write!(self.body, r#"<text x="{:.1}" y="{:.1}" font-size="9" fill="{INK}" text-anchor="middle">{}</text>"#, x0 + step * (i as f64 + 0.5), y0 + ch - bh - 3.0, fmt(*v));
                }
            }
        }
        for (i, l) in labels.iter().enumerate().filter(|(i, _)| i % every == 0) {
            let _ = write!(self.body, r#"<text x="{:.1}" y="{:.1}" font-size="9" fill="{MUTED}" text-anchor="middle">{}</text>"#, x0 + step * (i as f64 + 0.5), y0 + ch + 14.0, esc(l));
        }
        self.y += h - 20.0;
    }
}

/// The retrospective as a printable PDF.
pub fn pdf(store: &Store, cohort_id: i64) -> Result<Vec<u8>> {
    let lang = store.lang();
    let zh = lang == Lang::Zh;
    let (m, n, acts) = (metrics(store, cohort_id)?, notes(store, cohort_id)?, actions(store, cohort_id)?);
    let h = headings(lang);
    let mut p = Pages::new();
    p.text(&format!("{} · {}", m.cohort, h[0]), 24.0, INK, true);
    p.text(&format!("{} – {}", m.start_date, m.end_date), 12.0, MUTED, false);
    p.gap(14.0);
    p.text(h[1], 16.0, ACCENT, true);
    p.gap(4.0);
    p.rows(&lines(&m, lang));
    p.gap(16.0);
    if m.growth.funnel.signups > 0 {
        p.text(if zh { "渠道与转化" } else { "Channels and conversion" }, 16.0, ACCENT, true);
        p.text(if zh { "报名 → 付费 → 入群 → 活跃 → 完课 → 续费 · 收入 · 成本" } else { "signed up → paid → joined → active → completed → renewed · revenue · cost" }, 11.0, MUTED, false);
        p.gap(4.0);
        p.rows(&channel_lines(&m, lang));
        let f = &m.growth.funnel;
        let labels: Vec<String> = if zh { ["报名", "付费", "入群", "活跃", "完课", "续费"] } else { ["signed up", "paid", "joined", "active", "completed", "renewed"] }.map(String::from).to_vec();
        let values = [f.signups, f.paid, f.joined, f.active, f.completed, f.renewed].map(|v| v as f64);
        p.chart(if zh { "转化漏斗（人数）" } else { "Conversion funnel (people)" }, &labels, &values, false, "");
        p.gap(16.0);
    }
    if !m.checkin_curve.is_empty() {
        let labels: Vec<String> = m.checkin_curve.iter().map(|d| d.day[5..].to_string()).collect();
        let values: Vec<f64> = m.checkin_curve.iter().map(|d| d.rate.unwrap_or(0.0)).collect();
        p.chart(if zh { "每日打卡率" } else { "Daily check-in rate" }, &labels, &values, true, "%");
    }
    for f in m.funnels.iter().take(4) {
        let labels: Vec<String> = if zh { ["触达", "回复", "报名", "参加"] } else { ["reached", "replied", "signed up", "attended"] }.map(String::from).to_vec();
        let values = [f.reached, f.replied, f.signed_up, f.attended].map(|v| v as f64);
        p.chart(&format!("{} {}", if zh { "活动漏斗：" } else { "Funnel:" }, f.title), &labels, &values, false, "");
    }
    if m.enrolled > 0 {
        let labels: Vec<String> = m.points.buckets.iter().map(|b| format!("{}–{}", b.from, b.to)).collect();
        let values: Vec<f64> = m.points.buckets.iter().map(|b| b.count as f64).collect();
        p.chart(if zh { "积分分布（人数）" } else { "Points spread (members)" }, &labels, &values, false, "");
    }
    if m.quit > 0 {
        let labels: Vec<String> = (0..m.quit_by_week.len()).map(|w| if w == 0 { if zh { "开营前".into() } else { "before".into() } } else if zh { format!("第{w}周") } else { format!("wk {w}") }).collect();
        let values: Vec<f64> = m.quit_by_week.iter().map(|v| *v as f64).collect();
        p.chart(if zh { "退出时间（人数）" } else { "When people left" }, &labels, &values, false, "");
    }
    let Notes { went_well, problems, changes, .. } = n;
    for (title, body) in [(h[2], went_well), (h[3], problems), (h[4], changes)] {
        p.gap(10.0);
        p.text(title, 16.0, ACCENT, true);
        p.text(if body.trim().is_empty() { "—" } else { body.trim() }, 12.5, INK, false);
    }
    if !acts.is_empty() {
        p.gap(10.0);
        p.text(h[5], 16.0, ACCENT, true);
        for a in &acts {
            p.text(&format!("{} {}", if a.pushed_to.is_some() { "☑" } else { "☐" }, action_line(a, lang)), 12.5, INK, false);
        }
    }
    p.flush();
    let fonts = crate::render::Fonts::shared()?;
    Ok(crate::render::pdf_pages(fonts, &p.done)?)
}

/// Writes the retrospective to `out`: `.md` as Markdown, `.pdf` as PDF.
pub fn export(store: &Store, cohort_id: i64, out: &Path) -> Result<PathBuf> {
    let ext = out.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let bytes = match ext.as_str() {
        "md" | "markdown" => markdown(store, cohort_id)?.into_bytes(),
        "pdf" => pdf(store, cohort_id)?,
        _ => return Err(Error::bad_file(out, FileProblem::ReportType)),
    };
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    std::fs::write(out, bytes).map_err(|e| Error::io(out, e))?;
    Ok(out.to_path_buf())
}

/// Where the app writes a report: the data folder's exports, named after the cohort and the time.
/// The report in the exports folder as `md`, else PDF; returns the file's path.
pub fn export_named(store: &Store, cohort_id: i64, format: &str) -> Result<String> {
    let ext = if format == "md" { "md" } else { "pdf" };
    export_to_exports(store, cohort_id, ext).map(|p| p.display().to_string())
}

pub fn export_to_exports(store: &Store, cohort_id: i64, ext: &str) -> Result<PathBuf> {
    let cohort = crate::cohorts::get(store, cohort_id)?;
    let out = crate::posters::export_path(store, &cohort.name, if store.lang() == Lang::Zh { "复盘" } else { "retro" }, ext)?;
    export(store, cohort_id, &out)
}
