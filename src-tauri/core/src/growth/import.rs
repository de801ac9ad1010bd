//! Importing an order or sign-up sheet into a cohort, through the member import's reader (CSV in
//! GBK or UTF-8, XLSX). One transaction: people are matched (phone → WeChat ID → name) or
//! added, each person's rows fold into their one sign-up (a later 已退款 row is the refund of
//! the payment before it, not a second payment), referrers are found, sign-ups written and the
//! paid placed in the cohort. A dry run rolls back; a real run commits only when no row failed
//! or bad rows are skipped explicitly. The same sheet imported twice changes nothing.

use super::orders::{self, OrderInput};
use super::people::People;
use super::renewals::{self, Payment};
use super::sheet::{self, OrderColumn, SheetRow};
use super::status::OrderStatus;
use crate::cohorts::{self, MembershipInput};
use crate::error::{Error, FileProblem, Result};
use crate::import::{fitting_mapping, PreviewRow, RowError, RowStatus, ERRORS_LISTED, PREVIEW_ROWS};
use crate::members::{self, MemberInput};
use crate::store::Store;
use crate::Lang;
use rusqlite::{params, OptionalExtension, Transaction};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

/// Rows an order sheet may hold (a year of a large camp's orders is a few tens of thousands).
pub const MAX_ROWS: usize = 200_000;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct OrderImportOptions {
    pub cohort_id: i64,
    /// Spreadsheet sheet; none: the first.
    pub sheet: Option<String>,
    /// A column kind per column; none: guessed from the headers.
    pub mapping: Option<Vec<OrderColumn>>,
    pub skip_bad_rows: bool,
    pub dry_run: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderImportReport {
    pub file: String,
    pub encoding: String,
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    pub headers: Vec<String>,
    pub mapping: Vec<OrderColumn>,
    pub total_rows: usize,
    /// Sign-ups (one per person) new, changed, and already as the sheet says.
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Bad rows left out (only when skipping them).
    pub skipped: usize,
    /// People who were not members yet (buyers, and referrers named only by the sheet).
    pub members_created: usize,
    pub errors: Vec<RowError>,
    pub error_rows: usize,
    pub preview: Vec<PreviewRow>,
    pub committed: bool,
}

/// A row read, kept until it is written.
struct Read {
    line: usize,
    cells: Option<Vec<String>>,
    row: std::result::Result<SheetRow, sheet::RowProblem>,
}

/// Reads `path` and imports its sign-ups into the cohort by `opts`.
pub fn run(store: &Store, path: &Path, opts: &OrderImportOptions) -> Result<OrderImportReport> {
    let lang = store.lang();
    let cohort = cohorts::get(store, opts.cohort_id)?;
    let sniffed = qunzhu_sheets::sniff(path)?;
    let table = qunzhu_sheets::open(path, &sniffed, opts.sheet.as_deref())?;
    let headers: Vec<String> = table.headers.iter().map(|h| qunzhu_sheets::unescape_formula(h).to_string()).collect();
    if headers.len() > crate::import::MAX_COLUMNS {
        return Err(Error::TooManyColumns { path: path.display().to_string(), found: headers.len(), max: crate::import::MAX_COLUMNS });
    }
    let mapping = match &opts.mapping {
        Some(m) => fitting_mapping(path, m, &headers)?,
        None => sheet::default_mapping(&headers),
    };
    let mut read = Vec::new();
    for (line, cells) in (2..).zip(table.rows) {
        let cells = cells?;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if read.len() == MAX_ROWS {
            return Err(Error::TooManyRows { path: path.display().to_string(), max: MAX_ROWS });
        }
        let row = sheet::read_row(&cells, &headers, &mapping, lang);
        read.push(Read { line, cells: (read.len() < PREVIEW_ROWS).then_some(cells), row });
    }
    if read.is_empty() {
        return Err(Error::bad_file(path, FileProblem::HeaderOnly));
    }
    let mut report = OrderImportReport {
        file: path.display().to_string(),
        encoding: sniffed.encoding.to_string(),
        sheet: table.sheet,
        sheets: table.sheets,
        headers: headers.clone(),
        mapping: mapping.clone(),
        total_rows: read.len(),
        created: 0,
        updated: 0,
        unchanged: 0,
        skipped: 0,
        members_created: 0,
        errors: Vec::new(),
        error_rows: 0,
        preview: Vec::new(),
        committed: false,
    };
    let column = |kind: OrderColumn| mapping.iter().position(|c| *c == kind).and_then(|i| headers.get(i).cloned());

    let mut conn = store.conn();
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut w = Writer { tx: &tx, lang, headers: &headers, mapping: &mapping, cohort_id: cohort.id, cohort_start: cohort.start_date.clone(), people: People::load(&tx)?, ts: crate::store::now(), members_created: 0, added: Default::default(), fresh_referrers: Vec::new() };
    // Each row's fate, by index into `read`.
    let mut fate: Vec<std::result::Result<(RowStatus, Option<String>), sheet::RowProblem>> = Vec::with_capacity(read.len());
    // People in the order of their first row, with their rows.
    let mut person_rows: Vec<(i64, Vec<usize>)> = Vec::new();
    let mut person_at: FxHashMap<i64, usize> = FxHashMap::default();
    for (i, r) in read.iter().enumerate() {
        let outcome = match &r.row {
            Err(p) => Err(p.clone()),
            Ok(row) => w.person(row, &column),
        };
        match outcome {
            Ok(id) => {
                let at = *person_at.entry(id).or_insert_with(|| {
                    person_rows.push((id, Vec::new()));
                    person_rows.len() - 1
                });
                person_rows[at].1.push(i);
                fate.push(Ok((RowStatus::New, None)));
            }
            Err(p) => fate.push(Err(p)),
        }
    }
    for (member_id, rows) in &person_rows {
        let sheet_rows: Vec<&SheetRow> = rows.iter().filter_map(|i| read[*i].row.as_ref().ok()).collect();
        let first_line = read[rows[0]].line;
        // A sign-up that fails takes back everything it wrote, and the person if this import added them.
        tx.execute_batch("SAVEPOINT sign_up")?;
        w.fresh_referrers.clear();
        let outcome = w.sign_up(*member_id, &sheet_rows, &column);
        if outcome.is_err() {
            tx.execute_batch("ROLLBACK TO sign_up")?;
            for r in std::mem::take(&mut w.fresh_referrers) {
                w.people.remove(r);
                w.members_created -= 1;
            }
            // Unless a sign-up written already names them as its referrer: then they stay a member.
            let referred: bool = tx
                .prepare_cached("SELECT 1 FROM orders WHERE referrer_id = ?1 AND deleted_at IS NULL UNION SELECT 1 FROM members WHERE referrer_id = ?1")?
                .exists([member_id])?;
            if !referred && w.added.remove(member_id) {
                tx.execute("DELETE FROM members WHERE id = ?1", [member_id])?;
                w.people.remove(*member_id);
                w.members_created -= 1;
            }
        }
        tx.execute_batch("RELEASE sign_up")?;
        match outcome {
            Ok((status, renewing, refunded)) => {
                match status {
                    RowStatus::New => report.created += 1,
                    RowStatus::Update => report.updated += 1,
                    _ => report.unchanged += 1,
                }
                for (k, i) in rows.iter().enumerate() {
                    let end = read[*i].row.as_ref().ok().and_then(|r| r.expires_on.clone()).unwrap_or_default();
                    let msg = if refunded.contains(&k) {
                        Some(match lang {
                            Lang::Zh => "续费订单已退款：这次续费不算，到期日退回".to_string(),
                            Lang::En => "a renewal refunded: it does not count and the end moves back".to_string(),
                        })
                    } else if renewing.contains(&k) {
                        Some(match lang {
                            Lang::Zh => format!("续费：会员到期日延至 {end}"),
                            Lang::En => format!("renewal: the membership now ends on {end}"),
                        })
                    } else {
                        (k > 0).then(|| match lang {
                            Lang::Zh => format!("与第 {first_line} 行是同一人，合并为一条报名"),
                            Lang::En => format!("same person as row {first_line}: one sign-up"),
                        })
                    };
                    fate[*i] = Ok((status, msg));
                }
            }
            Err(p) => {
                // The sign-up fails as a whole: its first row carries the reason, the others point at it.
                for (k, i) in rows.iter().enumerate() {
                    fate[*i] = Err(if k == 0 {
                        p.clone()
                    } else {
                        (None, match lang {
                            Lang::Zh => format!("与第 {first_line} 行是同一人，见第 {first_line} 行"),
                            Lang::En => format!("same person as row {first_line}: see that row"),
                        })
                    });
                }
            }
        }
    }
    report.members_created = w.members_created;
    drop(w);
    for (r, f) in read.into_iter().zip(fate) {
        let (status, message) = match f {
            Ok((s, m)) => (s, m),
            Err((column, message)) => {
                report.error_rows += 1;
                if opts.skip_bad_rows {
                    report.skipped += 1;
                }
                if report.errors.len() < ERRORS_LISTED {
                    report.errors.push(RowError { row: r.line, column, message: message.clone() });
                }
                (RowStatus::Error, Some(message))
            }
        };
        if let Some(cells) = r.cells {
            report.preview.push(PreviewRow { row: r.line, cells, status, message });
        }
    }
    if opts.dry_run || (report.error_rows > 0 && !opts.skip_bad_rows) {
        drop(tx);
        return Ok(report);
    }
    tx.commit()?;
    report.committed = true;
    Ok(report)
}

/// The writing side: finds or adds people, folds their rows into one sign-up and writes it.
struct Writer<'a> {
    tx: &'a Transaction<'a>,
    lang: Lang,
    headers: &'a [String],
    mapping: &'a [OrderColumn],
    cohort_id: i64,
    cohort_start: String,
    people: People,
    ts: String,
    members_created: usize,
    /// Members this import added for the rows' people (taken back when their sign-up fails).
    added: rustc_hash::FxHashSet<i64>,
    /// Referrers the sign-up being written added (taken back with it).
    fresh_referrers: Vec<i64>,
}

type Column<'c> = dyn Fn(OrderColumn) -> Option<String> + 'c;

impl Writer<'_> {
    /// The member a row is about, added when not a member yet (with the sheet's channel as
    /// their first channel).
    fn person(&mut self, row: &SheetRow, column: &Column) -> std::result::Result<i64, sheet::RowProblem> {
        let lang = self.lang;
        match self.people.find(row.phone.as_deref(), row.wechat.as_deref(), &row.name) {
            Ok(Some(id)) => Ok(id),
            Err(n) => Err((column(OrderColumn::Name).or(column(OrderColumn::Nickname)), match lang {
                Lang::Zh => format!("有 {n} 位成员叫“{}”：请在表中加上手机号或微信号以区分", row.name),
                Lang::En => format!("{n} members are called “{}”: add a phone or WeChat ID to tell them apart", row.name),
            })),
            Ok(None) if row.name.trim().is_empty() => Err(sheet::no_name(self.headers, self.mapping, lang)),
            Ok(None) => {
                let input = MemberInput {
                    name: row.name.clone(),
                    nickname: if row.nickname != row.name { row.nickname.clone() } else { String::new() },
                    phone: row.phone.clone(),
                    wechat: row.wechat.clone(),
                    channel: row.channel.as_deref().and_then(super::channels::canonical).unwrap_or_default(),
                    ..Default::default()
                };
                let id = members::insert(self.tx, &input).map_err(|e| (None, e.message(lang)))?;
                self.members_created += 1;
                self.added.insert(id);
                self.people.add(id, input.phone, input.wechat, input.name.trim().to_string(), input.nickname);
                Ok(id)
            }
        }
    }

    /// Writes a member's sign-up from their rows (in the sheet's order); the status says whether
    /// it was new, changed or already so.
    /// With it, the positions in `all` of the rows that renewed a membership instead, and of
    /// those that refunded a renewal.
    fn sign_up(&mut self, member_id: i64, all: &[&SheetRow], column: &Column) -> std::result::Result<(RowStatus, Vec<usize>, Vec<usize>), sheet::RowProblem> {
        let (tx, lang) = (self.tx, self.lang);
        let db = |e: Error| (None, e.message(lang));
        let existing = orders::find_in(tx, member_id, self.cohort_id).map_err(db)?;
        let mut o = existing.as_ref().map(|(_, o)| o.clone()).unwrap_or_default();
        let recorded_renewals = renewals::order_numbers_in(tx, member_id, self.cohort_id).map_err(db)?;
        let Parts { kept, renewing, refunded } = split_renewals(existing.as_ref().and_then(|(_, o)| o.order_no.as_deref()), &recorded_renewals, all);
        let rows: Vec<&SheetRow> = kept.iter().map(|&i| all[i]).collect();
        for row in &rows {
            self.fold(&mut o, row, member_id, column)?;
        }
        // No row says where it stands: an amount paid is a payment (a sign-up form, then a
        // payments sheet without a status column, moves the sign-up on to 已付款).
        let stated = rows.iter().any(|r| r.status.is_some());
        if o.status.is_none() || (!stated && o.status == Some(OrderStatus::SignedUp) && o.paid_fen > 0) {
            o.status = Some(if o.paid_fen > 0 { OrderStatus::Paid } else { OrderStatus::SignedUp });
        }
        if o.refund_fen > o.paid_fen {
            return Err((column(OrderColumn::Refund), sheet::refund_over_paid(o.refund_fen, o.paid_fen, lang)));
        }
        if let Some(no) = &o.order_no {
            let holder: Option<String> = tx
                .query_row(
                    "SELECT m.name || ' · ' || c.name FROM orders o JOIN members m ON m.id = o.member_id AND m.deleted_at IS NULL JOIN cohorts c ON c.id = o.cohort_id
                     WHERE o.order_no = ?1 AND o.deleted_at IS NULL AND NOT (o.member_id = ?2 AND o.cohort_id = ?3)",
                    params![no, member_id, self.cohort_id],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| db(e.into()))?;
            if let Some(h) = holder {
                return Err((column(OrderColumn::OrderNo), match lang {
                    Lang::Zh => format!("订单号“{no}”已是 {h} 的报名"),
                    Lang::En => format!("the order number “{no}” already belongs to {h}"),
                }));
            }
        }
        let status = match &existing {
            None => RowStatus::New,
            Some((_, before)) if *before == o => RowStatus::Unchanged,
            Some(_) => RowStatus::Update,
        };
        if status != RowStatus::Unchanged {
            orders::upsert_in(tx, member_id, self.cohort_id, &o, &self.ts).map_err(db)?;
        }
        // First touch: the member's own channel and referrer are set once, never overwritten.
        if let Some(ch) = o.channel_id {
            tx.execute("UPDATE members SET channel = (SELECT name FROM channels WHERE id = ?2) WHERE id = ?1 AND channel = ''", params![member_id, ch])
                .map_err(|e| db(e.into()))?;
        }
        if let Some(r) = o.referrer_id {
            // Never a loop among members' first referrers, whatever the sign-up says.
            if !orders::closes_loop(tx, member_id, r).map_err(db)? {
                tx.execute("UPDATE members SET referrer_id = ?2 WHERE id = ?1 AND referrer_id IS NULL", params![member_id, r]).map_err(|e| db(e.into()))?;
            }
        }
        self.place(member_id, &o).map_err(db)?;
        // A membership's end (年卡): the latest the sign-up's rows give, never moved earlier;
        // then each renewal order moves it on.
        let mut moved = false;
        if let Some(end) = rows.iter().filter_map(|r| r.expires_on.as_deref()).max() {
            let on = o.paid_at.as_deref().and_then(|t| t.get(..10)).unwrap_or(&self.ts[..10]);
            moved |= renewals::extend_in(tx, member_id, self.cohort_id, end, on, &Payment::default(), &self.ts).map_err(db)?;
        }
        for &i in &renewing {
            moved |= self.renew(member_id, all[i], column)?;
        }
        for &i in &refunded {
            if let Some(no) = all[i].order_no.as_deref().filter(|_| all[i].status == Some(OrderStatus::Refunded)) {
                moved |= renewals::take_back_in(tx, member_id, self.cohort_id, no).map_err(db)?;
            }
        }
        Ok((if moved && status == RowStatus::Unchanged { RowStatus::Update } else { status }, renewing, refunded))
    }

    /// A renewal order of a membership (a second 年卡 order with a later 到期时间): the end moves
    /// on and the payment is kept with the renewal, not with the sign-up.
    fn renew(&mut self, member_id: i64, row: &SheetRow, column: &Column) -> std::result::Result<bool, sheet::RowProblem> {
        let (tx, lang) = (self.tx, self.lang);
        let db = |e: Error| (None, e.message(lang));
        let (Some(no), Some(end)) = (row.order_no.as_deref(), row.expires_on.as_deref()) else { return Ok(false) };
        let holder: Option<String> = tx
            .query_row(
                "SELECT m.name || ' · ' || c.name FROM membership_renewals r JOIN members m ON m.id = r.member_id JOIN cohorts c ON c.id = r.cohort_id
                 WHERE r.order_no = ?1 AND NOT (r.member_id = ?2 AND r.cohort_id = ?3)
                 UNION ALL SELECT m.name || ' · ' || c.name FROM orders o JOIN members m ON m.id = o.member_id JOIN cohorts c ON c.id = o.cohort_id
                 WHERE o.order_no = ?1 AND o.deleted_at IS NULL AND NOT (o.member_id = ?2 AND o.cohort_id = ?3)",
                params![no, member_id, self.cohort_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| db(e.into()))?;
        if let Some(h) = holder {
            return Err((column(OrderColumn::OrderNo), match lang {
                Lang::Zh => format!("订单号“{no}”已是 {h} 的订单"),
                Lang::En => format!("the order number “{no}” already belongs to {h}"),
            }));
        }
        let on = row.time.as_deref().and_then(|t| t.get(..10)).unwrap_or(&self.ts[..10]).to_string();
        let pay = Payment { order_no: Some(no), paid_fen: row.paid.unwrap_or(0) };
        renewals::extend_in(tx, member_id, self.cohort_id, end, &on, &pay, &self.ts).map_err(db)
    }

    /// Applies one row to the sign-up: what the row has replaces what was there, except that a
    /// refund row after a payment refunds it (its amount is the refund, not a new payment).
    fn fold(&mut self, o: &mut OrderInput, row: &SheetRow, member_id: i64, column: &Column) -> std::result::Result<(), sheet::RowProblem> {
        let lang = self.lang;
        // A refund row for a paid order (or one refunded already: the same refund export again).
        let refund_of_paid = row.status == Some(OrderStatus::Refunded) && o.status.is_some_and(OrderStatus::paid);
        if refund_of_paid {
            o.refund_fen = row.refund.or(row.paid).unwrap_or(o.paid_fen);
            // The row's time is the refund's when it refunds a payment; for an order refunded
            // already (the same export again) only a 退款时间 column says when.
            let first_refund = o.status != Some(OrderStatus::Refunded);
            o.refunded_on = row.refunded_on.clone().or(row.time.clone().filter(|_| first_refund)).or(o.refunded_on.take());
            o.status = Some(OrderStatus::Refunded);
            return Ok(());
        }
        if let Some(raw) = &row.channel {
            o.channel_id = super::channels::resolve(self.tx, raw).map_err(|e| (column(OrderColumn::Channel), e.message(lang)))?;
        }
        if let Some(cell) = &row.referrer {
            o.referrer_id = Some(self.referrer(cell, member_id, column)?);
        }
        if row.order_no.is_some() {
            o.order_no = row.order_no.clone();
        }
        if !row.product.is_empty() {
            o.product = row.product.clone();
        }
        if let Some(p) = row.paid {
            o.paid_fen = p;
        }
        if let Some(d) = row.discount {
            o.discount_fen = d;
        }
        if !row.coupon.is_empty() {
            o.coupon = row.coupon.clone();
        }
        if row.time.is_some() {
            o.paid_at = row.time.clone();
        }
        if !row.note.is_empty() {
            o.note = row.note.clone();
        }
        if let Some(s) = row.status {
            // A payment row never takes back a refund already recorded (exports list newest first).
            let refunded = o.status == Some(OrderStatus::Refunded) && o.refund_fen > 0;
            if !(refunded && s.paid()) {
                o.status = Some(s);
            }
        }
        if row.status == Some(OrderStatus::Refunded) {
            // A refunded order on its own row: all of it, unless the sheet says how much.
            o.refund_fen = row.refund.unwrap_or(o.paid_fen);
            o.refunded_on = row.refunded_on.clone().or(o.refunded_on.take());
        } else if let Some(r) = row.refund {
            o.refund_fen = r;
            if r > 0 && row.status.is_none() {
                o.status = Some(OrderStatus::Refunded);
            }
        }
        Ok(())
    }

    /// The member a 推荐人 cell names (added when the sheet is the first to name them); never the
    /// member themself, never someone they brought (a loop).
    fn referrer(&mut self, cell: &str, member_id: i64, column: &Column) -> std::result::Result<i64, sheet::RowProblem> {
        let lang = self.lang;
        let at = || column(OrderColumn::Referrer);
        let id = match self.people.referrer(cell) {
            Ok(Some(id)) => id,
            Err(n) => {
                return Err((at(), match lang {
                    Lang::Zh => format!("有 {n} 位成员叫“{cell}”：推荐人请写手机号"),
                    Lang::En => format!("{n} members are called “{cell}”: give the referrer's phone"),
                }))
            }
            Ok(None) => {
                // A referrer given by phone becomes a member with that phone (named by it until renamed).
                let phone = crate::import::values::phone(cell).ok().flatten();
                let input = MemberInput {
                    name: cell.trim().to_string(),
                    phone: phone.clone(),
                    notes: match lang {
                        Lang::Zh => "由订单表的推荐人一栏添加".into(),
                        Lang::En => "added as a referrer named by an order sheet".into(),
                    },
                    ..Default::default()
                };
                let id = members::insert(self.tx, &input).map_err(|e| (at(), e.message(lang)))?;
                self.members_created += 1;
                self.fresh_referrers.push(id);
                self.people.add(id, phone, None, input.name, String::new());
                id
            }
        };
        if id == member_id {
            return Err((at(), match lang {
                Lang::Zh => format!("推荐人“{cell}”就是报名者本人"),
                Lang::En => format!("the referrer “{cell}” is the member themself"),
            }));
        }
        if orders::closes_loop(self.tx, member_id, id).map_err(|e| (at(), e.message(lang)))? {
            return Err((at(), match lang {
                Lang::Zh => format!("推荐关系成环：“{cell}”本身是由这位报名者（或其推荐的人）带来的"),
                Lang::En => format!("a referral loop: “{cell}” was brought by this member (or someone they brought)"),
            }));
        }
        Ok(id)
    }

    /// A paid sign-up (not refunded in full, not marked 未入群) places the member in the cohort, joined
    /// on the day they paid (else the cohort's first day); a member already placed stays as is.
    fn place(&self, member_id: i64, o: &OrderInput) -> Result<()> {
        let placing = o.status.is_some_and(|s| s != OrderStatus::NotJoined && s.counts_paid(o.paid_fen, o.refund_fen));
        if !placing {
            return Ok(());
        }
        let placed: bool = self
            .tx
            .prepare_cached("SELECT 1 FROM memberships WHERE member_id = ?1 AND cohort_id = ?2")?
            .exists(params![member_id, self.cohort_id])?;
        if placed {
            return Ok(());
        }
        let joined = o.paid_at.as_deref().and_then(|t| t.get(..10)).unwrap_or(&self.cohort_start).to_string();
        cohorts::upsert_membership(
            self.tx,
            &MembershipInput { member_id, cohort_id: self.cohort_id, group_id: None, role_id: None, joined_on: joined, left_on: String::new() },
        )?;
        Ok(())
    }
}

/// A person's rows parted into the sign-up's, the renewals of a membership, and the refunds of
/// renewals. A renewal row has its own order number and a 到期时间 and is not a refund; the
/// sign-up's order is the one already recorded, or else the one that ends first. A 已退款 row
/// whose order number is a renewal's (in this sheet, or `recorded_renewals`) takes that renewal
/// back, with its payment row.
struct Parts {
    kept: Vec<usize>,
    renewing: Vec<usize>,
    refunded: Vec<usize>,
}

fn split_renewals(recorded: Option<&str>, recorded_renewals: &[String], rows: &[&SheetRow]) -> Parts {
    let dated = |r: &SheetRow| r.order_no.is_some() && r.expires_on.is_some() && r.status != Some(OrderStatus::Refunded);
    let first = rows.iter().filter(|r| dated(r)).min_by(|a, b| a.expires_on.cmp(&b.expires_on)).and_then(|r| r.order_no.as_deref());
    let Some(base) = recorded.or(first) else { return Parts { kept: (0..rows.len()).collect(), renewing: Vec::new(), refunded: Vec::new() } };
    let renewal_no = |no: &str| no != base && (rows.iter().any(|r| dated(r) && r.order_no.as_deref() == Some(no)) || recorded_renewals.iter().any(|x| x == no));
    let taken_back: Vec<&str> = rows
        .iter()
        .filter(|r| r.status == Some(OrderStatus::Refunded))
        .filter_map(|r| r.order_no.as_deref())
        .filter(|no| renewal_no(no))
        .collect();
    let mut parts = Parts { kept: Vec::new(), renewing: Vec::new(), refunded: Vec::new() };
    for (i, r) in rows.iter().enumerate() {
        let no = r.order_no.as_deref();
        if no.is_some_and(|no| taken_back.contains(&no)) {
            parts.refunded.push(i);
        } else if dated(r) && no != Some(base) {
            parts.renewing.push(i);
        } else {
            parts.kept.push(i);
        }
    }
    parts.renewing.sort_by(|&a, &b| rows[a].expires_on.cmp(&rows[b].expires_on));
    parts
}

/// What an import would do, writing nothing: the preview.
pub fn preview(store: &Store, path: &Path, opts: &OrderImportOptions) -> Result<OrderImportReport> {
    run(store, path, &OrderImportOptions { dry_run: true, ..opts.clone() })
}
