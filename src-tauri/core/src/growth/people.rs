//! The members an order sheet's rows are matched against, by phone, WeChat ID (lowercase), name
//! and nickname, kept up to date as the import adds people.

use crate::error::Result;
use rusqlite::Transaction;
use rustc_hash::FxHashMap;

/// Existing members by what a row may match: phone, WeChat ID (lowercase), name, nickname.
#[derive(Default)]
pub(super) struct People {
    phone: FxHashMap<String, i64>,
    wechat: FxHashMap<String, i64>,
    name: FxHashMap<String, Vec<(i64, Option<String>)>>,
    nickname: FxHashMap<String, Vec<i64>>,
}

impl People {
    pub(super) fn load(tx: &Transaction) -> Result<People> {
        let mut p = People::default();
        let mut stmt = tx.prepare("SELECT id, phone, wechat, name, nickname FROM live_members")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            p.add(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        }
        Ok(p)
    }

    /// Forgets a member this import added and then took back (their row failed).
    pub(super) fn remove(&mut self, id: i64) {
        self.phone.retain(|_, v| *v != id);
        self.wechat.retain(|_, v| *v != id);
        self.name.values_mut().for_each(|v| v.retain(|(m, _)| *m != id));
        self.nickname.values_mut().for_each(|v| v.retain(|m| *m != id));
    }

    pub(super) fn add(&mut self, id: i64, phone: Option<String>, wechat: Option<String>, name: String, nickname: String) {
        if let Some(ph) = &phone {
            self.phone.insert(ph.clone(), id);
        }
        if let Some(w) = wechat {
            self.wechat.insert(w.to_lowercase(), id);
        }
        self.name.entry(name).or_default().push((id, phone));
        if !nickname.is_empty() {
            self.nickname.entry(nickname).or_default().push(id);
        }
    }

    /// The member a row names: by phone, else WeChat ID, else a name only one member has (and
    /// whose phone, if any, is the row's). `Err(n)`: n members share the name.
    pub(super) fn find(&self, phone: Option<&str>, wechat: Option<&str>, name: &str) -> std::result::Result<Option<i64>, usize> {
        if let Some(id) = phone.and_then(|p| self.phone.get(p)) {
            return Ok(Some(*id));
        }
        if let Some(id) = wechat.and_then(|w| self.wechat.get(&w.to_lowercase())) {
            return Ok(Some(*id));
        }
        let same: Vec<i64> = self
            .name
            .get(name.trim())
            .map(|v| v.iter().filter(|(_, p)| phone.is_none() || p.is_none()).map(|(id, _)| *id).collect())
            .unwrap_or_default();
        match same.as_slice() {
            [] => Ok(None),
            [id] => Ok(Some(*id)),
            more => Err(more.len()),
        }
    }

    /// The member a referrer cell names: a phone, else a name, else a nickname, each only one member's.
    pub(super) fn referrer(&self, cell: &str) -> std::result::Result<Option<i64>, usize> {
        let cell = cell.trim();
        if let Ok(Some(p)) = crate::import::values::phone(cell) {
            if let Some(id) = self.phone.get(&p) {
                return Ok(Some(*id));
            }
        }
        let names: Vec<i64> = self.name.get(cell).map(|v| v.iter().map(|(id, _)| *id).collect()).unwrap_or_default();
        let ids = if names.is_empty() { self.nickname.get(cell).cloned().unwrap_or_default() } else { names };
        match ids.as_slice() {
            [] => Ok(None),
            [id] => Ok(Some(*id)),
            more => Err(more.len()),
        }
    }
}

