//! What the ledger computes: the seeds' KPIs (用户规模, 付费人数, 续费人数), the funnel per
//! channel (报名 → 付费 → 入群 → 活跃 → 完课 → 续费), costs per paying member and per graduate,
//! and the referrers. Every figure is counted from the sign-ups, memberships, marks and
//! completion verdicts when asked; nothing here is stored.
//!
//! The funnel's steps, per sign-up: **paid** (a paid status, not refunded in full), **joined**
//! (paid and placed in the cohort), **active** (joined and checked in on at least `active_days`
//! days), **completed** (joined and graduated by the cohort's 结业标准), **renewed** (paid and
//! then paid for a later cohort, by `renewal_days` after this one's end, or renewed their
//! membership of this one by `renewal_days` after the end it had). Revenue counts a membership's
//! renewal payments with its sign-up. A member placed in the
//! cohort without a sign-up counts in `reached` only.

use super::money::{as_yuan, as_yuan_opt};
use super::status::OrderStatus;
use crate::error::Result;
use crate::store::Store;
use chrono::{Duration, NaiveDate};
use rusqlite::Connection;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

/// Settings: check-in days that make a member active, and days after a cohort's end a renewal counts.
pub const ACTIVE_DAYS_KEY: &str = "growth.active_days";
pub const RENEWAL_DAYS_KEY: &str = "growth.renewal_days";
pub const ACTIVE_DAYS: u32 = 3;
pub const RENEWAL_DAYS: i64 = 90;

/// One funnel: a cohort's, or one channel's within it. Amounts in yuan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "GrowthFunnel")]
pub struct Funnel {
    pub signups: u64,
    pub paid: u64,
    pub joined: u64,
    pub active: u64,
    pub completed: u64,
    pub renewed: u64,
    pub refunded: u64,
    #[serde(serialize_with = "as_yuan")]
    #[ts(type = "number")]
    pub revenue: i64,
    #[serde(serialize_with = "as_yuan")]
    #[ts(type = "number")]
    pub refunds: i64,
}

impl Funnel {
    fn add(&mut self, o: &Funnel) {
        self.signups += o.signups;
        self.paid += o.paid;
        self.joined += o.joined;
        self.active += o.active;
        self.completed += o.completed;
        self.renewed += o.renewed;
        self.refunded += o.refunded;
        self.revenue += o.revenue;
        self.refunds += o.refunds;
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ChannelRow {
    /// None: sign-ups with no channel written (未填).
    pub channel: Option<String>,
    #[serde(flatten)]
    pub funnel: Funnel,
    /// None when no cost was recorded for the channel ("—", never 0).
    #[serde(serialize_with = "as_yuan_opt")]
    #[ts(type = "number | null")]
    pub cost: Option<i64>,
    #[serde(serialize_with = "as_yuan_opt")]
    #[ts(type = "number | null")]
    pub cost_per_paid: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReferrerRow {
    pub member_id: i64,
    pub name: String,
    pub referred: u64,
    pub paid: u64,
    pub completed: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GrowthReport {
    pub cohort_id: i64,
    pub cohort: String,
    pub start_date: String,
    pub end_date: String,
    /// 用户规模: people with a sign-up for the cohort or a place in it.
    pub reached: u64,
    #[serde(flatten)]
    pub funnel: Funnel,
    #[serde(serialize_with = "as_yuan")]
    #[ts(type = "number")]
    pub net_revenue: i64,
    /// All costs recorded (None: none recorded).
    #[serde(serialize_with = "as_yuan_opt")]
    #[ts(type = "number | null")]
    pub cost: Option<i64>,
    /// Costs recorded for no channel in particular.
    #[serde(serialize_with = "as_yuan_opt")]
    #[ts(type = "number | null")]
    pub cost_unassigned: Option<i64>,
    /// 获客成本: cost per paying member (to the fen).
    #[serde(serialize_with = "as_yuan_opt")]
    #[ts(type = "number | null")]
    pub cost_per_paid: Option<i64>,
    #[serde(serialize_with = "as_yuan_opt")]
    #[ts(type = "number | null")]
    pub cost_per_completed: Option<i64>,
    pub channels: Vec<ChannelRow>,
    pub referrers: Vec<ReferrerRow>,
    pub active_days: u32,
    pub renewal_days: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RepeatBuyer {
    pub member_id: i64,
    pub name: String,
    /// The cohorts they paid for, first to last.
    pub cohorts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Totals {
    /// Different people across the cohorts.
    pub reached: u64,
    /// Different people who paid for at least one cohort (`paid` counts each cohort paid for).
    pub payers: u64,
    #[serde(flatten)]
    pub funnel: Funnel,
    #[serde(serialize_with = "as_yuan")]
    #[ts(type = "number")]
    pub net_revenue: i64,
    #[serde(serialize_with = "as_yuan_opt")]
    #[ts(type = "number | null")]
    pub cost: Option<i64>,
    #[serde(serialize_with = "as_yuan_opt")]
    #[ts(type = "number | null")]
    pub cost_per_paid: Option<i64>,
    #[serde(serialize_with = "as_yuan_opt")]
    #[ts(type = "number | null")]
    pub cost_per_completed: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GrowthOverview {
    /// Every cohort, earliest first: the channels by cohort over time.
    pub cohorts: Vec<GrowthReport>,
    pub totals: Totals,
    pub repeat_buyers: Vec<RepeatBuyer>,
}

/// Cost per head to the fen, None with nothing to divide (or no cost recorded).
fn per(cost: Option<i64>, n: u64) -> Option<i64> {
    let n = i64::try_from(n).ok().filter(|n| *n > 0)?;
    cost.map(|c| (c + n / 2) / n)
}

/// The settings that decide what counts: check-in days for 活跃 and the 续费 window, each its
/// default when unset or out of bounds.
pub(crate) fn counting_settings(conn: &Connection) -> Result<(u32, i64)> {
    let setting = |key: &str| -> Result<Option<i64>> {
        let v: Option<String> = rusqlite::OptionalExtension::optional(conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)))?;
        Ok(v.and_then(|v| v.trim().parse().ok()))
    };
    let active_days = setting(ACTIVE_DAYS_KEY)?.and_then(|v| u32::try_from(v).ok()).unwrap_or(ACTIVE_DAYS);
    let renewal_days = setting(RENEWAL_DAYS_KEY)?.filter(|v| (0..=3650).contains(v)).unwrap_or(RENEWAL_DAYS);
    Ok((active_days, renewal_days))
}

/// A membership renewal as the report reads it: the end before, the day renewed, fen paid.
type RenewalSeen = (NaiveDate, NaiveDate, i64);

/// What every cohort's report reads once.
struct Shared {
    active_days: u32,
    renewal_days: i64,
    /// A spelling's channel name, followed through merges and the operator's mappings.
    channel_names: FxHashMap<i64, String>,
    /// Paid sign-ups: member → (cohort, its start, the day they paid or the cohort's start).
    paid: FxHashMap<i64, Vec<(i64, NaiveDate, NaiveDate)>>,
    names: FxHashMap<i64, String>,
    /// Renewals of memberships: (member, cohort) → (the end before, the day renewed, paid fen).
    renewals: FxHashMap<(i64, i64), Vec<RenewalSeen>>,
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

fn counts_paid(status: OrderStatus, paid_fen: i64, refund_fen: i64) -> bool {
    status.counts_paid(paid_fen, refund_fen)
}

impl Shared {
    /// Reads what the reports need: for one cohort (`scope`), only its people's payments and its
    /// referrers' names; for all, everyone's.
    fn load(conn: &Connection, scope: Option<i64>) -> Result<Shared> {
        let (active_days, renewal_days) = counting_settings(conn)?;
        let mut channel_names = FxHashMap::default();
        let mut stmt = conn.prepare_cached("SELECT id, name FROM channels")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            channel_names.insert(r.get(0)?, r.get(1)?);
        }
        let mut paid: FxHashMap<i64, Vec<(i64, NaiveDate, NaiveDate)>> = FxHashMap::default();
        let mut stmt = conn.prepare_cached(
            "SELECT o.member_id, c.start_date, o.paid_at, o.status, o.paid_fen, o.refund_fen, o.cohort_id FROM live_orders o
             JOIN live_cohorts c ON c.id = o.cohort_id
             WHERE ?1 IS NULL OR o.member_id IN (SELECT member_id FROM live_orders WHERE cohort_id = ?1)",
        )?;
        let mut rows = stmt.query([scope])?;
        while let Some(r) = rows.next()? {
            let status = OrderStatus::stored(r.get_ref(3)?.as_str().unwrap_or(""));
            if !counts_paid(status, r.get(4)?, r.get(5)?) {
                continue;
            }
            let Some(start) = day(r.get_ref(1)?.as_str().unwrap_or("")) else { continue };
            let on = r.get::<_, Option<String>>(2)?.as_deref().and_then(day).unwrap_or(start);
            paid.entry(r.get(0)?).or_default().push((r.get(6)?, start, on));
        }
        let mut names = FxHashMap::default();
        let mut stmt = conn.prepare_cached(
            "SELECT id, name FROM live_members
             WHERE ?1 IS NULL OR id IN (SELECT referrer_id FROM live_orders WHERE cohort_id = ?1)",
        )?;
        let mut rows = stmt.query([scope])?;
        while let Some(r) = rows.next()? {
            names.insert(r.get(0)?, r.get(1)?);
        }
        let mut renewals: FxHashMap<(i64, i64), Vec<RenewalSeen>> = FxHashMap::default();
        let mut stmt = conn.prepare_cached("SELECT member_id, cohort_id, from_on, renewed_on, paid_fen FROM membership_renewals WHERE ?1 IS NULL OR cohort_id = ?1")?;
        let mut rows = stmt.query([scope])?;
        while let Some(r) = rows.next()? {
            let (Some(from), Some(on)) = (day(r.get_ref(2)?.as_str().unwrap_or("")), day(r.get_ref(3)?.as_str().unwrap_or(""))) else { continue };
            renewals.entry((r.get(0)?, r.get(1)?)).or_default().push((from, on, r.get(4)?));
        }
        Ok(Shared { active_days, renewal_days, channel_names, paid, names, renewals })
    }

    /// Whether a member paid for a cohort starting after `start`, by `until`, or renewed their
    /// membership of this one by `renewal_days` after the end it had.
    fn renewed(&self, member: i64, cohort: i64, start: NaiveDate, until: NaiveDate) -> bool {
        self.paid.get(&member).is_some_and(|v| v.iter().any(|(_, s, on)| *s > start && *on <= until))
            || self.renewals.get(&(member, cohort)).is_some_and(|v| v.iter().any(|(from, on, _)| *on <= *from + Duration::days(self.renewal_days)))
    }

    /// What a member paid for renewals of their membership of a cohort.
    fn renewal_fen(&self, member: i64, cohort: i64) -> i64 {
        self.renewals.get(&(member, cohort)).map_or(0, |v| v.iter().map(|(_, _, fen)| fen).sum())
    }
}

struct SignUp {
    member: i64,
    channel: Option<i64>,
    referrer: Option<i64>,
    status: OrderStatus,
    paid_fen: i64,
    refund_fen: i64,
}

/// A cohort's report, and the people it reached (for the totals' count of different people).
fn cohort_report(conn: &Connection, sh: &Shared, c: &crate::cohorts::Cohort) -> Result<(GrowthReport, FxHashSet<i64>)> {
    let verdicts = &super::completion::verdicts_in(conn, c.id)?;
    report_with(conn, sh, c, verdicts)
}

/// `cohort_report` on verdicts already computed: one pass over the sign-ups fills the funnel,
/// the channel rows and the referrers together, then the costs are laid beside them.
fn report_with(conn: &Connection, sh: &Shared, c: &crate::cohorts::Cohort, verdicts: &FxHashMap<i64, super::completion::Verdict>) -> Result<(GrowthReport, FxHashSet<i64>)> {
    let (Some(start), Some(end)) = (day(&c.start_date), day(&c.end_date)) else {
        return Err(crate::error::Error::Invalid { field: crate::error::Field::StartDate, value: c.start_date.clone() });
    };
    let until = end + Duration::days(sh.renewal_days);
    let signups = signups_of(conn, c.id)?;
    let Tally { people, by_channel, by_referrer } = tally(sh, c.id, start, until, verdicts, &signups);
    let cost_by = costs_by_channel(conn, c.id)?;
    let (funnel, channels) = channel_rows(sh, &by_channel, &cost_by);
    let cost = (!cost_by.is_empty()).then(|| cost_by.values().sum::<i64>());
    let mut referrers: Vec<ReferrerRow> = by_referrer.into_values().collect();
    referrers.sort_by(|a, b| (b.completed, b.paid, b.referred).cmp(&(a.completed, a.paid, a.referred)).then_with(|| a.name.cmp(&b.name)));
    let reached = people.len() as u64;
    let report = GrowthReport {
        cohort_id: c.id,
        cohort: c.name.clone(),
        start_date: c.start_date.clone(),
        end_date: c.end_date.clone(),
        reached,
        net_revenue: funnel.revenue - funnel.refunds,
        cost,
        cost_unassigned: cost_by.get(&None).copied(),
        cost_per_paid: per(cost, funnel.paid),
        cost_per_completed: per(cost, funnel.completed),
        funnel,
        channels,
        referrers,
        active_days: sh.active_days,
        renewal_days: sh.renewal_days,
    };
    Ok((report, people))
}

/// A cohort's live sign-ups (of members not in the trash).
fn signups_of(conn: &Connection, cohort_id: i64) -> Result<Vec<SignUp>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.member_id, o.channel_id, o.referrer_id, o.status, o.paid_fen, o.refund_fen FROM live_orders o
         JOIN live_members m ON m.id = o.member_id WHERE o.cohort_id = ?1",
    )?;
    let rows = stmt.query_map([cohort_id], |r| {
        Ok(SignUp {
            member: r.get(0)?,
            channel: r.get(1)?,
            referrer: r.get(2)?,
            status: OrderStatus::stored(r.get_ref(3)?.as_str().unwrap_or("")),
            paid_fen: r.get(4)?,
            refund_fen: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What one pass over a cohort's sign-ups counts.
struct Tally {
    /// The people reached: placed in the cohort (they have a verdict) or signed up.
    people: FxHashSet<i64>,
    by_channel: BTreeMap<Option<i64>, Funnel>,
    by_referrer: FxHashMap<i64, ReferrerRow>,
}

/// Counts each sign-up's funnel steps into its channel's funnel and its referrer's row.
fn tally(sh: &Shared, cohort_id: i64, start: NaiveDate, until: NaiveDate, verdicts: &FxHashMap<i64, super::completion::Verdict>, signups: &[SignUp]) -> Tally {
    let mut people: FxHashSet<i64> = verdicts.keys().copied().collect();
    let mut by_channel: BTreeMap<Option<i64>, Funnel> = BTreeMap::new();
    let mut by_referrer: FxHashMap<i64, ReferrerRow> = FxHashMap::default();
    for s in signups {
        people.insert(s.member);
        let v = verdicts.get(&s.member);
        let paid = counts_paid(s.status, s.paid_fen, s.refund_fen);
        let joined = paid && v.is_some();
        let f = Funnel {
            signups: 1,
            paid: u64::from(paid),
            joined: u64::from(joined),
            active: u64::from(joined && v.is_some_and(|v| v.checkins >= sh.active_days)),
            completed: u64::from(joined && v.is_some_and(|v| v.completed)),
            renewed: u64::from(paid && sh.renewed(s.member, cohort_id, start, until)),
            refunded: u64::from(s.refund_fen > 0),
            // An order never paid (待支付, 已关闭) brings no money, whatever its amount says; a
            // membership's renewals bring theirs.
            revenue: if s.status.paid() { s.paid_fen } else { 0 } + sh.renewal_fen(s.member, cohort_id),
            refunds: s.refund_fen,
        };
        if let Some(r) = s.referrer {
            let row = by_referrer.entry(r).or_insert_with(|| ReferrerRow {
                member_id: r,
                name: sh.names.get(&r).cloned().unwrap_or_default(),
                referred: 0,
                paid: 0,
                completed: 0,
            });
            row.referred += 1;
            row.paid += f.paid;
            row.completed += f.completed;
        }
        by_channel.entry(s.channel).or_default().add(&f);
    }
    Tally { people, by_channel, by_referrer }
}

/// A cohort's live costs, summed by channel (None: no channel in particular).
fn costs_by_channel(conn: &Connection, cohort_id: i64) -> Result<BTreeMap<Option<i64>, i64>> {
    let mut cost_by: BTreeMap<Option<i64>, i64> = BTreeMap::new();
    let mut stmt = conn.prepare_cached("SELECT channel_id, sum(amount_fen) FROM live_costs WHERE cohort_id = ?1 GROUP BY channel_id")?;
    let mut rows = stmt.query([cohort_id])?;
    while let Some(r) = rows.next()? {
        cost_by.insert(r.get(0)?, r.get(1)?);
    }
    Ok(cost_by)
}

/// The cohort's funnel, and a row per channel with a sign-up or a cost, the largest first (未填
/// after the named ones of its size).
fn channel_rows(sh: &Shared, by_channel: &BTreeMap<Option<i64>, Funnel>, cost_by: &BTreeMap<Option<i64>, i64>) -> (Funnel, Vec<ChannelRow>) {
    let mut funnel = Funnel::default();
    let mut channels: Vec<ChannelRow> = Vec::new();
    let mut keys: Vec<Option<i64>> = by_channel.keys().copied().collect();
    keys.extend(cost_by.keys().copied().filter(|k| k.is_some() && !by_channel.contains_key(k)));
    for k in keys {
        let f = by_channel.get(&k).cloned().unwrap_or_default();
        funnel.add(&f);
        // Costs of no channel are the cohort's, not the 未填 row's.
        let cost = k.and_then(|id| cost_by.get(&Some(id)).copied());
        channels.push(ChannelRow { channel: k.map(|id| sh.channel_names.get(&id).cloned().unwrap_or_default()), cost, cost_per_paid: per(cost, f.paid), funnel: f });
    }
    channels.sort_by(|a, b| b.funnel.signups.cmp(&a.funnel.signups).then_with(|| a.channel.is_none().cmp(&b.channel.is_none())).then_with(|| a.channel.cmp(&b.channel)));
    (funnel, channels)
}

/// One cohort's growth report.
pub fn cohort(store: &Store, cohort_id: i64) -> Result<GrowthReport> {
    let c = crate::cohorts::get(store, cohort_id)?;
    let conn = store.conn();
    let sh = Shared::load(&conn, Some(cohort_id))?;
    Ok(cohort_report(&conn, &sh, &c)?.0)
}

/// One cohort's growth report on completion verdicts the caller already has (the 复盘's).
pub(crate) fn cohort_on(store: &Store, cohort_id: i64, verdicts: &FxHashMap<i64, super::completion::Verdict>) -> Result<GrowthReport> {
    let c = crate::cohorts::get(store, cohort_id)?;
    let conn = store.conn();
    let sh = Shared::load(&conn, Some(cohort_id))?;
    Ok(report_with(&conn, &sh, &c, verdicts)?.0)
}

/// Every cohort's report, with totals and the repeat buyers.
pub fn all(store: &Store) -> Result<GrowthOverview> {
    let mut list = crate::cohorts::list(store)?;
    list.sort_by(|a, b| a.start_date.cmp(&b.start_date).then(a.id.cmp(&b.id)));
    let conn = store.conn();
    let sh = Shared::load(&conn, None)?;
    let mut cohorts = Vec::with_capacity(list.len());
    let mut everyone: FxHashSet<i64> = FxHashSet::default();
    for c in &list {
        let (r, people) = cohort_report(&conn, &sh, c)?;
        everyone.extend(people);
        cohorts.push(r);
    }
    let mut funnel = Funnel::default();
    let mut cost: Option<i64> = None;
    for r in &cohorts {
        funnel.add(&r.funnel);
        if let Some(c) = r.cost {
            *cost.get_or_insert(0) += c;
        }
    }
    let order: FxHashMap<i64, usize> = list.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    // Each live member's paid cohorts, as `Shared` read them for the renewals.
    let mut paths: FxHashMap<i64, Vec<usize>> = sh
        .paid
        .iter()
        .map(|(m, v)| (*m, v.iter().filter_map(|(c, _, _)| order.get(c).copied()).collect::<Vec<usize>>()))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    paths.retain(|m, _| sh.names.contains_key(m));
    let totals = Totals {
        reached: everyone.len() as u64,
        payers: paths.len() as u64,
        net_revenue: funnel.revenue - funnel.refunds,
        cost,
        cost_per_paid: per(cost, funnel.paid),
        cost_per_completed: per(cost, funnel.completed),
        funnel,
    };
    let mut repeat_buyers: Vec<RepeatBuyer> = paths
        .into_iter()
        .filter(|(_, p)| p.len() >= 2)
        .map(|(m, mut p)| {
            p.sort_unstable();
            RepeatBuyer { member_id: m, name: sh.names[&m].clone(), cohorts: p.into_iter().map(|i| list[i].name.clone()).collect() }
        })
        .collect();
    repeat_buyers.sort_by(|a, b| b.cohorts.len().cmp(&a.cohorts.len()).then_with(|| a.name.cmp(&b.name)).then(a.member_id.cmp(&b.member_id)));
    Ok(GrowthOverview { cohorts, totals, repeat_buyers })
}
