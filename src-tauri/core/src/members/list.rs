//! The members table: the filtered, sorted list the members screen and the export show.

use super::{Gender, MemberQuery, MemberRow};
use crate::search;
use rusqlite::params_from_iter;
use crate::error::Result;
use crate::store::Store;

/// The members table: live members matching every filter, each with the placement in the
/// filtered cohort (or their latest cohort).
pub fn list(store: &Store, q: &MemberQuery) -> Result<Vec<MemberRow>> {
    let conn = store.conn();
    let mut sql = String::from(
        "SELECT m.id, m.name, m.nickname, m.phone, m.wechat, m.gender, m.city, m.channel,
                (SELECT group_concat(t.name, char(31)) FROM member_tags mt JOIN tags t ON t.id = mt.tag_id
                  WHERE mt.member_id = m.id),
                c.name, g.name, r.key, r.name
         FROM live_members m
         LEFT JOIN memberships ms ON ms.id = (
             SELECT x.id FROM memberships x JOIN live_cohorts xc ON xc.id = x.cohort_id
             WHERE x.member_id = m.id AND (?1 IS NULL OR x.cohort_id = ?1)
             ORDER BY xc.start_date DESC, x.id DESC LIMIT 1)
         LEFT JOIN cohorts c ON c.id = ms.cohort_id
         LEFT JOIN live_groups g ON g.id = ms.group_id
         LEFT JOIN roles r ON r.id = ms.role_id
         WHERE true",
    );
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = vec![Box::new(q.cohort_id)];
    let needle = q.search.as_deref().map(search::query).filter(|s| !s.is_empty());
    if let Some(n) = needle {
        let ids = store.search_ids(&conn, &n)?;
        let ids: Vec<rusqlite::types::Value> = ids.into_iter().map(Into::into).collect();
        args.push(Box::new(std::rc::Rc::new(ids)));
        sql += &format!(" AND m.id IN rarray(?{})", args.len());
    }
    // Each filter narrows by member id; a role filter within a cohort means the role held there.
    for (value, clause) in [
        (q.cohort_id, "SELECT member_id FROM memberships WHERE cohort_id = ?"),
        (q.group_id, "SELECT member_id FROM memberships WHERE group_id = ?"),
        (q.role_id, "SELECT member_id FROM memberships WHERE (?1 IS NULL OR cohort_id = ?1) AND role_id = ?"),
        (q.tag_id, "SELECT member_id FROM member_tags WHERE tag_id = ?"),
    ] {
        if let Some(v) = value {
            args.push(Box::new(v));
            sql += &format!(" AND m.id IN ({clause}{})", args.len());
        }
    }
    if let Some(ch) = q.channel.as_ref().filter(|c| !c.trim().is_empty()) {
        args.push(Box::new(ch.trim().to_string()));
        let n = args.len();
        sql += &format!(
            " AND (m.channel = ?{n} OR m.id IN (SELECT o.member_id FROM live_orders o JOIN channels ch ON ch.id = o.channel_id
               WHERE ch.name = ?{n}))"
        );
    }
    if let Some(r) = q.referrer_id {
        args.push(Box::new(r));
        let n = args.len();
        sql += &format!(" AND (m.referrer_id = ?{n} OR m.id IN (SELECT member_id FROM live_orders WHERE referrer_id = ?{n}))");
    }
    sql += " ORDER BY m.id";
    if let Some(limit) = q.limit {
        sql += &format!(" LIMIT {limit}");
    }
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params_from_iter(args.iter().map(|a| a.as_ref())), |r| {
            let tags: Option<String> = r.get(8)?;
            Ok(MemberRow {
                id: r.get(0)?,
                name: r.get(1)?,
                nickname: r.get(2)?,
                phone: r.get(3)?,
                wechat: r.get(4)?,
                gender: r.get::<_, Option<String>>(5)?.as_deref().and_then(Gender::parse),
                city: r.get(6)?,
                channel: r.get(7)?,
                tags: tags.map(|t| t.split('\u{1f}').map(String::from).collect()).unwrap_or_default(),
                cohort: r.get(9)?,
                group: r.get(10)?,
                role_key: r.get(11)?,
                role: r.get(12)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
