//! Certificates: serial numbers from a pattern (unique, stored, never reused) and a QR payload
//! signed with this installation's own Ed25519 key, so Qunzhu can tell from a scanned code alone
//! whether a certificate is valid, revoked, or forged.

use crate::error::{Entity, Error, FileProblem, Result};
use crate::settings;
use crate::store::{now, Store};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

pub use crate::serials::{validate_pattern, DEFAULT_PATTERN, DEFAULT_PREFIX};
use crate::serials::expand;
const KEY_SETTING: &str = "certificates.signing_key";
const PAYLOAD_TAG: &str = "QZ1";

/// Takes the next serial for a cohort inside the caller's transaction.
fn next_serial(conn: &Connection, pattern: &str, year: i32, cohort_number: &str) -> Result<String> {
    let (before, width, after) = expand(pattern, DEFAULT_PREFIX, year, cohort_number)?;
    let stem = format!("{before}\u{1}{after}");
    loop {
        let n: i64 = conn.query_row(
            "INSERT INTO serial_counters (stem, next) VALUES (?1, 2)
             ON CONFLICT (stem) DO UPDATE SET next = next + 1 RETURNING next - 1",
            [&stem],
            |r| r.get(0),
        )?;
        let serial = format!("{before}{n:0width$}{after}");
        // A serial typed by hand elsewhere, or a pattern changed back and forth: skip it, never reuse.
        let taken: Option<i64> = conn.query_row("SELECT id FROM certificates WHERE serial = ?1", [&serial], |r| r.get(0)).optional()?;
        if taken.is_none() {
            return Ok(serial);
        }
    }
}

/// Where this installation's signing key lives: a file of its own in the data folder, readable
/// by the user only, never in the database (so never in a backup).
pub fn key_path(data_dir: &Path) -> PathBuf {
    data_dir.join("keys").join("certificate-signing.key")
}

fn decode_seed(text: &str) -> Option<[u8; 32]> {
    URL_SAFE_NO_PAD.decode(text.trim()).ok().and_then(|b| <[u8; 32]>::try_from(b).ok())
}

fn read_key(path: &Path) -> Result<Option<SigningKey>> {
    match std::fs::read_to_string(path) {
        Ok(text) => decode_seed(&text)
            .map(|seed| Some(SigningKey::from_bytes(&seed)))
            .ok_or_else(|| Error::bad_file(path, FileProblem::NotSigningKey)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Writes a key file unless one is there already (another process may have made one first:
/// then that one is the key). Returns the key in force.
fn write_key(path: &Path, seed: [u8; 32]) -> Result<SigningKey> {
    let tmp = staged_seed(path, seed)?;
    // A hard link never replaces an existing key.
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(SigningKey::from_bytes(&seed)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read_key(path)?.ok_or_else(|| Error::io(path, e)),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// A seed written whole to a temporary file of its own beside `path` (its folder made
/// owner-only), ready to be linked or renamed into place.
fn staged_seed(path: &Path, seed: [u8; 32]) -> Result<PathBuf> {
    let dir = path.parent().expect("the key file has a folder");
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    crate::store::private(dir, 0o700);
    let tmp = dir.join(format!(".key-{}-{}.partial", std::process::id(), fastrand::u64(..)));
    write_seed(&tmp, seed)?;
    Ok(tmp)
}

/// A key file: the seed in URL-safe base64, only the user may read it, on disk before it returns.
fn write_seed(path: &Path, seed: [u8; 32]) -> Result<()> {
    use std::io::Write as _;
    let mut f = private_file(path)?;
    f.write_all(format!("{}\n", URL_SAFE_NO_PAD.encode(seed)).as_bytes()).map_err(|e| Error::io(path, e))?;
    f.sync_all().map_err(|e| Error::io(path, e))
}

/// A new file only the user can read.
fn private_file(path: &Path) -> Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path).map_err(|e| Error::io(path, e))
}

/// This installation's key: from its file; made on first use. A key kept in the settings by
/// an earlier version moves to the file and leaves the database.
fn signing_key(store: &Store) -> Result<SigningKey> {
    let path = key_path(store.data_dir());
    let legacy = settings::get(store, KEY_SETTING)?;
    let key = match read_key(&path)? {
        Some(key) => key,
        None => {
            let seed = match legacy.as_deref().and_then(decode_seed) {
                Some(seed) => seed,
                None => {
                    let mut seed = [0u8; 32];
                    getrandom::fill(&mut seed).map_err(|e| Error::Render { reason: format!("no randomness for the signing key: {e}") })?;
                    seed
                }
            };
            write_key(&path, seed)?
        }
    };
    if let Some(text) = legacy {
        // A different key in the settings (a database of an older version restored here): it
        // signed certificates too, so it is kept as a retired key before it leaves the database.
        if let Some(seed) = decode_seed(&text).filter(|seed| *seed != key.to_bytes()) {
            retire(&path, &SigningKey::from_bytes(&seed))?;
        }
        store.conn().execute("DELETE FROM settings WHERE key = ?1", [KEY_SETTING])?;
    }
    Ok(key)
}

/// Keeps a key this installation signed with as a retired key (what it signed still verifies).
fn retire(path: &Path, key: &SigningKey) -> Result<()> {
    let dir = path.parent().expect("the key file has a folder");
    let fingerprint: String = key.verifying_key().to_bytes()[..6].iter().map(|b| format!("{b:02x}")).collect();
    let retired = dir.join(format!("retired-{fingerprint}.key"));
    if retired.exists() {
        return Ok(());
    }
    replace_key(&retired, key.to_bytes())
}

/// Writes a key file in one step: a temporary file of its own, then renamed over the target
/// (there is never a moment without a key file, and never half of one).
fn replace_key(path: &Path, seed: [u8; 32]) -> Result<()> {
    let tmp = staged_seed(path, seed)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// Writes this installation's signing key to `out`, for moving Qunzhu to a new computer.
/// Whoever holds the file can sign certificates in this installation's name.
pub fn export_key(store: &Store, out: &Path) -> Result<()> {
    write_seed(out, signing_key(store)?.to_bytes())
}

/// Takes the signing key of another installation (its `export_key` file) as this one's, so the
/// certificates it issued verify here. This installation's own key, if it had one, is kept as a
/// retired key: what it signed still verifies.
pub fn import_key(store: &Store, file: &Path) -> Result<()> {
    let incoming = read_key(file)?.ok_or_else(|| Error::io(file, std::io::ErrorKind::NotFound.into()))?;
    // The key in force (an older version's moved out of the settings first), kept as retired.
    let current = signing_key(store)?;
    if current.to_bytes() == incoming.to_bytes() {
        return Ok(());
    }
    let path = key_path(store.data_dir());
    retire(&path, &current)?;
    replace_key(&path, incoming.to_bytes())
}

/// The keys this installation signed with before its current one (see `import_key`).
fn retired_keys(data_dir: &Path) -> Vec<SigningKey> {
    let Ok(entries) = std::fs::read_dir(key_path(data_dir).parent().expect("the key file has a folder")) else { return Vec::new() };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("retired-"))
        .filter_map(|e| read_key(&e.path()).ok().flatten())
        .collect()
}

fn signed_text(serial: &str, name: &str) -> String {
    format!("{PAYLOAD_TAG}|{serial}|{name}")
}

/// What the QR code carries: `QZ1|serial|name|signature`.
pub fn payload(key: &SigningKey, serial: &str, name: &str) -> String {
    let text = signed_text(serial, name);
    let sig = key.sign(text.as_bytes());
    format!("{text}|{}", URL_SAFE_NO_PAD.encode(sig.to_bytes()))
}

/// A certificate issued to a member.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Issued {
    pub serial: String,
    pub member_id: i64,
    pub name: String,
    /// The text of its QR code.
    pub payload: String,
    /// Issued before (the same template, cohort and member): the same serial again, not a new one.
    pub reissued: bool,
}

/// Issues (or finds) a certificate of `template` for each member in a cohort, in one transaction.
pub fn issue(store: &Store, cohort_id: i64, member_ids: &[i64], template: &str) -> Result<Vec<Issued>> {
    Ok(issue_then(store, cohort_id, member_ids, template, |_| Ok(()))?.0)
}

/// Issues like `issue`, then runs `then` (drawing and writing the pages) before the transaction
/// commits: if it fails or is cancelled, no serial is used up and no certificate is recorded.
/// `then` runs while the store is locked: it must not use the store.
pub fn issue_then<T>(
    store: &Store,
    cohort_id: i64,
    member_ids: &[i64],
    template: &str,
    then: impl FnOnce(&[Issued]) -> Result<T>,
) -> Result<(Vec<Issued>, T)> {
    let cohort = crate::cohorts::get(store, cohort_id)?;
    let pattern: String = {
        let conn = store.conn();
        conn.query_row("SELECT serial_pattern FROM cohorts WHERE id = ?1", [cohort_id], |r| r.get(0))?
    };
    let pattern = if pattern.trim().is_empty() { DEFAULT_PATTERN.to_string() } else { pattern };
    let year: i32 = cohort.end_date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026);
    let number = crate::cohorts::cohort_number(&cohort.name);
    let key = signing_key(store)?;
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let mut out = Vec::with_capacity(member_ids.len());
    for &member_id in member_ids {
        let name: String = tx
            .query_row("SELECT name FROM live_members WHERE id = ?1", [member_id], |r| r.get(0))
            .optional()?
            .ok_or(Error::NotFound { entity: Entity::Member, id: member_id.to_string() })?;
        let earlier: Option<(String, String)> = tx
            .query_row(
                "SELECT serial, name FROM certificates WHERE member_id = ?1 AND cohort_id = ?2 AND template = ?3 AND revoked_at IS NULL
                 ORDER BY id LIMIT 1",
                params![member_id, cohort_id, template],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (serial, printed, reissued) = match earlier {
            Some((serial, printed)) if printed == name => (serial, printed, true),
            _ => {
                let serial = next_serial(&tx, &pattern, year, &number)?;
                tx.execute(
                    "INSERT INTO certificates (serial, cohort_id, member_id, name, template, issued_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![serial, cohort_id, member_id, name, template, now()],
                )?;
                (serial, name, false)
            }
        };
        out.push(Issued { payload: payload(&key, &serial, &printed), serial, member_id, name: printed, reissued });
    }
    let done = then(&out)?;
    tx.commit()?;
    Ok((out, done))
}

/// What verifying a scanned code says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Verdict {
    Valid { serial: String, name: String },
    Revoked { serial: String, name: String, revoked_at: String },
    /// Not signed by this installation, or altered since.
    Forged,
}

/// Verifies a QR payload offline against this installation's key and its record of what it
/// issued: a valid signature on a serial never issued, or on another name than the one the
/// serial was issued to, is not a certificate of this installation.
pub fn verify(store: &Store, scanned: &str) -> Result<Verdict> {
    let key = signing_key(store)?;
    let scanned = scanned.trim();
    let Some((text, sig)) = scanned.rsplit_once('|') else { return Ok(Verdict::Forged) };
    let mut parts = text.splitn(3, '|');
    let (Some(PAYLOAD_TAG), Some(serial), Some(name)) = (parts.next(), parts.next(), parts.next()) else { return Ok(Verdict::Forged) };
    let Some(sig) = URL_SAFE_NO_PAD.decode(sig).ok().and_then(|b| Signature::from_slice(&b).ok()) else { return Ok(Verdict::Forged) };
    let text = signed_text(serial, name);
    let signed_here = |k: &SigningKey| k.verifying_key().verify(text.as_bytes(), &sig).is_ok();
    if !signed_here(&key) && !retired_keys(store.data_dir()).iter().any(signed_here) {
        return Ok(Verdict::Forged);
    }
    let record: Option<(String, Option<String>)> = store
        .conn()
        .query_row("SELECT name, revoked_at FROM certificates WHERE serial = ?1", [serial], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match record {
        None => Verdict::Forged,
        Some((issued_to, _)) if issued_to != name => Verdict::Forged,
        Some((_, Some(at))) => Verdict::Revoked { serial: serial.to_string(), name: name.to_string(), revoked_at: at },
        Some((_, None)) => Verdict::Valid { serial: serial.to_string(), name: name.to_string() },
    })
}

/// Revokes a certificate by serial (its number stays used).
pub fn revoke(store: &Store, serial: &str) -> Result<()> {
    let n = store.conn().execute(
        "UPDATE certificates SET revoked_at = coalesce(revoked_at, ?2) WHERE serial = ?1",
        params![serial.trim(), now()],
    )?;
    if n == 0 {
        return Err(Error::NotFound { entity: Entity::Certificate, id: serial.to_string() });
    }
    Ok(())
}

/// A certificate on record, for the list the operator revokes from.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CertificateRow {
    pub serial: String,
    pub name: String,
    pub cohort: Option<String>,
    pub member_id: Option<i64>,
    pub template: String,
    pub issued_at: String,
    pub revoked_at: Option<String>,
    /// The text its QR code carries.
    pub payload: String,
}

/// Certificates issued (newest first), all or a cohort's; `search` matches a serial or a name.
pub fn list(store: &Store, cohort_id: Option<i64>, search: &str) -> Result<Vec<CertificateRow>> {
    list_where(store, cohort_id, None, search)
}

/// A member's certificates, newest first (the 证书 tab of their page).
pub fn of_member(store: &Store, member_id: i64) -> Result<Vec<CertificateRow>> {
    list_where(store, None, Some(member_id), "")
}

fn list_where(store: &Store, cohort_id: Option<i64>, member_id: Option<i64>, search: &str) -> Result<Vec<CertificateRow>> {
    let key = signing_key(store)?;
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT c.serial, c.name, co.name, c.member_id, c.template, c.issued_at, c.revoked_at
         FROM certificates c LEFT JOIN cohorts co ON co.id = c.cohort_id
         WHERE (?1 IS NULL OR c.cohort_id = ?1) AND (?3 IS NULL OR c.member_id = ?3)
           AND (?2 = '' OR instr(c.serial, ?2) > 0 OR instr(c.name, ?2) > 0)
         ORDER BY c.id DESC LIMIT 5000",
    )?;
    let rows = stmt.query_map(params![cohort_id, search.trim(), member_id], |r| {
        let (serial, name): (String, String) = (r.get(0)?, r.get(1)?);
        Ok(CertificateRow {
            payload: payload(&key, &serial, &name),
            serial,
            name,
            cohort: r.get(2)?,
            member_id: r.get(3)?,
            template: r.get(4)?,
            issued_at: r.get(5)?,
            revoked_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
