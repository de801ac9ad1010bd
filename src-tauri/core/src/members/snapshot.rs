//! The rows about a few members, read from the schema itself and put back exactly: what lets a
//! merge be undone. A table added later that names `members` in a foreign key is included
//! without a line here.

use crate::error::Result;
use rusqlite::types::Value;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// One table's rows that name the members, with their column names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Rows {
    table: String,
    /// The column that names the member (`id` for `members` itself).
    column: String,
    columns: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

/// A value as JSON can hold it; blobs (photos) as hex.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob { hex: String },
}

impl From<Value> for Cell {
    fn from(v: Value) -> Cell {
        match v {
            Value::Null => Cell::Null,
            Value::Integer(i) => Cell::Int(i),
            Value::Real(f) => Cell::Real(f),
            Value::Text(s) => Cell::Text(s),
            Value::Blob(b) => Cell::Blob { hex: b.iter().map(|x| format!("{x:02x}")).collect() },
        }
    }
}

impl Cell {
    fn value(&self) -> Value {
        match self {
            Cell::Null => Value::Null,
            Cell::Int(i) => Value::Integer(*i),
            Cell::Real(f) => Value::Real(*f),
            Cell::Text(s) => Value::Text(s.clone()),
            Cell::Blob { hex } => {
                Value::Blob((0..hex.len()).step_by(2).filter_map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()).collect())
            }
        }
    }
}

/// Every (table, column) whose foreign key names `members`, and `members.id` itself first.
pub(super) fn references(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT t.name, f.\"from\" FROM sqlite_schema t, pragma_foreign_key_list(t.name) f
         WHERE t.type = 'table' AND f.\"table\" = 'members' ORDER BY t.name, f.\"from\"",
    )?;
    let mut out = vec![("members".to_string(), "id".to_string())];
    out.extend(stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?);
    Ok(out)
}

/// The rows naming any of `ids`, table by table, in a stable order.
pub(super) fn read(conn: &Connection, ids: &[i64]) -> Result<Vec<Rows>> {
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let mut out = Vec::new();
    for (table, column) in references(conn)? {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\" WHERE \"{column}\" IN ({list}) ORDER BY 1, 2"))?;
        let columns: Vec<String> = stmt.column_names().into_iter().map(String::from).collect();
        let n = columns.len();
        let rows = stmt
            .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i).map(Cell::from)).collect::<rusqlite::Result<Vec<_>>>())?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        out.push(Rows { table, column, columns, rows });
    }
    Ok(out)
}

/// Puts `before` back in place of the rows that name `ids` now. Inside the caller's transaction,
/// with foreign keys checked at its commit. A table other rows point at (members, chat senders)
/// is updated in place, never deleted from, so nothing cascades; the others are replaced.
pub(super) fn restore(conn: &Connection, ids: &[i64], before: &[Rows]) -> Result<()> {
    conn.pragma_update(None, "defer_foreign_keys", "ON")?;
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let parents: Vec<String> = conn
        .prepare("SELECT DISTINCT f.\"table\" FROM sqlite_schema t, pragma_foreign_key_list(t.name) f WHERE t.type = 'table'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for rows in before {
        let (table, cols) = (&rows.table, &rows.columns);
        let names = cols.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
        let marks = (1..=cols.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
        if parents.contains(table) {
            // By rowid: the rows still there are rewritten as they were, the gone ones come back.
            // Rewrites first, so a phone the kept member took is free before its owner returns.
            let rowid = cols.iter().position(|c| c == "id").expect("a table others point at has an id");
            let sets = cols.iter().enumerate().map(|(i, c)| format!("\"{c}\" = ?{}", i + 1)).collect::<Vec<_>>().join(", ");
            let mut missing = Vec::new();
            for row in &rows.rows {
                let values: Vec<Value> = row.iter().map(Cell::value).collect();
                let n = conn.execute(&format!("UPDATE \"{table}\" SET {sets} WHERE id = ?{}", rowid + 1), rusqlite::params_from_iter(&values))?;
                if n == 0 {
                    missing.push(values);
                }
            }
            for values in missing {
                conn.execute(&format!("INSERT INTO \"{table}\" ({names}) VALUES ({marks})"), rusqlite::params_from_iter(&values))?;
            }
        } else {
            conn.execute(&format!("DELETE FROM \"{table}\" WHERE \"{}\" IN ({list})", rows.column), [])?;
            for row in &rows.rows {
                let values: Vec<Value> = row.iter().map(Cell::value).collect();
                conn.execute(&format!("INSERT INTO \"{table}\" ({names}) VALUES ({marks})"), rusqlite::params_from_iter(&values))?;
            }
        }
    }
    Ok(())
}
