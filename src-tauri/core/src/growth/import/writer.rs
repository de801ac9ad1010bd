//! The writing side of the order import: finding or adding the rows' people, folding each
//! person's rows into their one sign-up, and writing it (with its renewals, referrer and place
//! in the cohort).

use crate::cohorts::{self, MembershipInput};
use crate::error::{Error, Result};
use crate::growth::channels;
use crate::growth::orders::{self, OrderInput};
use crate::growth::people::People;
use crate::growth::renewals::{self, Payment};
use crate::growth::sheet::{self, OrderColumn, SheetRow};
use crate::growth::status::OrderStatus;
use crate::import::RowStatus;
use crate::members::{self, MemberInput};
use crate::Lang;
use rusqlite::{params, OptionalExtension, Transaction};

/// The writing side: finds or adds people, folds their rows into one sign-up and writes it.
pub(super) struct Writer<'a> {
    pub(super) tx: &'a Transaction<'a>,
    pub(super) lang: Lang,
    pub(super) headers: &'a [String],
    pub(super) mapping: &'a [OrderColumn],
    pub(super) cohort_id: i64,
    pub(super) cohort_start: String,
    pub(super) people: People,
    pub(super) ts: String,
    pub(super) members_created: usize,
    /// Members this import added for the rows' people (taken back when their sign-up fails).
    pub(super) added: rustc_hash::FxHashSet<i64>,
    /// Referrers the sign-up being written added (taken back with it).
    pub(super) fresh_referrers: Vec<i64>,
}

/// The header of the column mapped to a kind, if one is.
pub(super) type Column<'c> = dyn Fn(OrderColumn) -> Option<String> + 'c;

impl Writer<'_> {
    /// The member a row is about, added when not a member yet (with the sheet's channel as
    /// their first channel).
    pub(super) fn person(&mut self, row: &SheetRow, column: &Column) -> std::result::Result<i64, sheet::RowProblem> {
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
                    channel: row.channel.as_deref().and_then(channels::canonical).unwrap_or_default(),
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
    pub(super) fn sign_up(&mut self, member_id: i64, all: &[&SheetRow], column: &Column) -> std::result::Result<(RowStatus, Vec<usize>, Vec<usize>), sheet::RowProblem> {
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
            self.order_no_free(no, member_id, column)?;
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
        self.order_no_free(no, member_id, column)?;
        let on = row.time.as_deref().and_then(|t| t.get(..10)).unwrap_or(&self.ts[..10]).to_string();
        let pay = Payment { order_no: Some(no), paid_fen: row.paid.unwrap_or(0) };
        renewals::extend_in(tx, member_id, self.cohort_id, end, &on, &pay, &self.ts).map_err(db)
    }

    /// An order number is one order: refused (at the order-number column) when another member's
    /// or another cohort's sign-up or renewal already carries it.
    fn order_no_free(&self, no: &str, member_id: i64, column: &Column) -> std::result::Result<(), sheet::RowProblem> {
        let holder: Option<String> = self
            .tx
            .query_row(
                "SELECT m.name || ' · ' || c.name FROM membership_renewals r JOIN live_members m ON m.id = r.member_id JOIN cohorts c ON c.id = r.cohort_id
                 WHERE r.order_no = ?1 AND NOT (r.member_id = ?2 AND r.cohort_id = ?3)
                 UNION ALL SELECT m.name || ' · ' || c.name FROM live_orders o JOIN live_members m ON m.id = o.member_id JOIN cohorts c ON c.id = o.cohort_id
                 WHERE o.order_no = ?1 AND NOT (o.member_id = ?2 AND o.cohort_id = ?3)
                 LIMIT 1",
                params![no, member_id, self.cohort_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| (None, Error::from(e).message(self.lang)))?;
        match holder {
            None => Ok(()),
            Some(h) => Err((column(OrderColumn::OrderNo), match self.lang {
                Lang::Zh => format!("订单号“{no}”已是 {h} 的订单"),
                Lang::En => format!("the order number “{no}” already belongs to {h}"),
            })),
        }
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
            o.channel_id = channels::resolve(self.tx, raw).map_err(|e| (column(OrderColumn::Channel), e.message(lang)))?;
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
