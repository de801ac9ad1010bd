//! A member's photo, placed and cropped into a poster's frame (`<image href="{{photo}}"
//! preserveAspectRatio="xMidYMid slice">`). Kept in the database, downscaled on the way in so a
//! phone's 12-megapixel photo does not make every poster slow.

use crate::error::{Error, FileProblem, Result};
use crate::store::{now, Store};
use base64::Engine as _;
use rusqlite::{params, OptionalExtension};
use std::path::Path;

/// The longest side a stored photo keeps: a poster's frame is at most a few hundred pixels wide,
/// drawn at 2× for print.
pub const MAX_SIDE: u32 = 1200;

/// The largest picture file read, and the most pixels decoded (a 48-megapixel phone photo is
/// 8000 × 6000); both checked before anything is decoded.
pub const MAX_FILE_BYTES: u64 = 40 << 20;
pub const MAX_PIXELS: u64 = 64_000_000;

/// A picture file's bytes: a regular file of at most [`MAX_FILE_BYTES`] (never `/dev/zero`).
fn read_capped(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return Err(not_image(&path.display().to_string()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(not_image(&path.display().to_string()));
    }
    Ok(bytes)
}

fn not_image(path: &str) -> Error {
    Error::BadFile { path: path.to_string(), problem: FileProblem::NotImage }
}

/// The image's MIME type and pixel size, from its header; None for anything that is not a PNG,
/// JPEG, GIF or WebP picture.
fn sniff(bytes: &[u8]) -> Option<(&'static str, u32, u32)> {
    let mime = match imagesize::image_type(bytes).ok()? {
        imagesize::ImageType::Png => "image/png",
        imagesize::ImageType::Jpeg => "image/jpeg",
        imagesize::ImageType::Gif => "image/gif",
        imagesize::ImageType::Webp => "image/webp",
        _ => return None,
    };
    let size = imagesize::blob_size(bytes).ok()?;
    let (w, h) = (u32::try_from(size.width).ok()?, u32::try_from(size.height).ok()?);
    (w > 0 && h > 0 && u64::from(w) * u64::from(h) <= MAX_PIXELS).then_some((mime, w, h))
}

/// Draws the picture again at most `MAX_SIDE` on its longest side, as PNG.
fn downscale(mime: &str, bytes: &[u8], w: u32, h: u32) -> Option<Vec<u8>> {
    let scale = MAX_SIDE as f32 / w.max(h) as f32;
    let (tw, th) = (((w as f32) * scale).round().max(1.0) as u32, ((h as f32) * scale).round().max(1.0) as u32);
    crate::render::redraw_image(mime, bytes, tw, th)
}

/// A picture checked and, when larger than `MAX_SIDE`, downscaled: its MIME type and bytes.
fn normalize(bytes: Vec<u8>, source: &str) -> Result<(&'static str, Vec<u8>)> {
    let (mime, w, h) = sniff(&bytes).ok_or_else(|| not_image(source))?;
    if w.max(h) > MAX_SIDE {
        Ok(("image/png", downscale(mime, &bytes, w, h).ok_or_else(|| not_image(source))?))
    } else {
        Ok((mime, bytes))
    }
}

/// Sets a member's photo from an image's bytes (`source`: where it came from, for the error).
pub fn set(store: &Store, member_id: i64, bytes: &[u8], source: &str) -> Result<()> {
    crate::members::get(store, member_id)?;
    let (mime, data) = normalize(bytes.to_vec(), source)?;
    store.conn().execute(
        "INSERT INTO member_photos (member_id, mime, data, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (member_id) DO UPDATE SET mime = excluded.mime, data = excluded.data, updated_at = excluded.updated_at",
        params![member_id, mime, data, now()],
    )?;
    Ok(())
}

/// Sets a member's photo from a file.
pub fn set_from_file(store: &Store, member_id: i64, path: &Path) -> Result<()> {
    let bytes = read_capped(path)?;
    set(store, member_id, &bytes, &path.display().to_string())
}

/// The photo as a `data:` URL (for a template's `{{photo}}` and the member page), if there is one.
/// Sets the photo from a file and returns it as the window shows it.
pub fn replace_from_file(store: &Store, member_id: i64, path: &Path) -> Result<Option<String>> {
    set_from_file(store, member_id, path)?;
    data_url(store, member_id)
}

pub fn data_url(store: &Store, member_id: i64) -> Result<Option<String>> {
    let row: Option<(String, Vec<u8>)> = store
        .conn()
        .query_row("SELECT mime, data FROM member_photos WHERE member_id = ?1", [member_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row.map(|(mime, data)| format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(data))))
}

/// An image file as a `data:` URL, checked to be a picture and downscaled like a member's photo
/// (a guest's photo on a talk poster is not stored).
pub fn file_data_url(path: &Path) -> Result<String> {
    let bytes = read_capped(path)?;
    let (mime, data) = normalize(bytes, &path.display().to_string())?;
    Ok(format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(data)))
}

/// Removes a member's photo (nothing happens if there is none).
pub fn remove(store: &Store, member_id: i64) -> Result<()> {
    store.conn().execute("DELETE FROM member_photos WHERE member_id = ?1", [member_id])?;
    Ok(())
}
