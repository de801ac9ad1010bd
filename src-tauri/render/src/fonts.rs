//! Fonts for posters and certificates: the bundled OFL font (LXGW WenKai, in assets/fonts) first so
//! every computer draws the same pages, the system's fonts only as a fallback (emoji, rare
//! characters). Also answers "can this text be drawn at all?" and "how wide is it?", which usvg
//! cannot: it drops a glyph no font has without a word, and it does not wrap text.

use crate::{Error, Result};
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use usvg::fontdb;

/// The family templates are drawn in unless they name another.
pub const DEFAULT_FAMILY: &str = "LXGW WenKai";
const BUNDLED_FILES: &[&str] = &["LXGWWenKai-Regular.ttf", "LXGWWenKai-Bold.ttf"];

/// Where the bundled data lives: `QUNZHU_ASSETS_DIR`, else `assets` beside the executable (an
/// installed app), else the source tree's (development and tests).
pub fn assets_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("QUNZHU_ASSETS_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::current_exe().ok().and_then(|e| e.parent().map(|p| p.join("assets"))) {
        if dir.join("fonts").is_dir() {
            return dir;
        }
    }
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets"))
}

pub struct Fonts {
    db: Arc<fontdb::Database>,
    /// The bundled regular face, for measuring text.
    main: Arc<Vec<u8>>,
    /// Characters already looked up: can some font draw it?
    drawable: Mutex<FxHashMap<char, bool>>,
}

impl Fonts {
    /// The bundled fonts from `dir` (assets/fonts), then, with `system`, the computer's own.
    pub fn load(dir: &Path, system: bool) -> Result<Fonts> {
        let mut db = fontdb::Database::new();
        let mut main = None;
        for file in BUNDLED_FILES {
            let path = dir.join(file);
            let bytes = Arc::new(std::fs::read(&path).map_err(|source| Error::Io { path: path.clone(), source })?);
            if main.is_none() {
                main = Some(bytes.clone());
            }
            // As bytes, not a file source: the PDF writer copies the database for every page and
            // would otherwise map the file again each time.
            db.load_font_source(fontdb::Source::Binary(bytes));
        }
        if system {
            db.load_system_fonts();
        }
        db.set_serif_family(DEFAULT_FAMILY);
        db.set_sans_serif_family(DEFAULT_FAMILY);
        let main = main.ok_or_else(|| Error::NoFonts(dir.to_path_buf()))?;
        Ok(Fonts { db: Arc::new(db), main, drawable: Mutex::new(FxHashMap::default()) })
    }

    /// The fonts Qunzhu ships, and the system's as fallback: what the app and the CLI use.
    pub fn standard() -> Result<Fonts> {
        Fonts::load(&assets_dir().join("fonts"), true)
    }

    /// The standard fonts, loaded once per process (reading the system's fonts takes a moment).
    pub fn shared() -> Result<&'static Fonts> {
        static FONTS: std::sync::OnceLock<Fonts> = std::sync::OnceLock::new();
        if let Some(f) = FONTS.get() {
            return Ok(f);
        }
        let loaded = Fonts::standard()?;
        Ok(FONTS.get_or_init(|| loaded))
    }

    pub fn db(&self) -> Arc<fontdb::Database> {
        self.db.clone()
    }

    /// Whether a family is installed (the bundled one or a system font).
    pub fn has_family(&self, family: &str) -> bool {
        let generic = ["serif", "sans-serif", "monospace", "cursive", "fantasy"];
        generic.contains(&family) || self.db.faces().any(|f| f.families.iter().any(|(name, _)| name.eq_ignore_ascii_case(family)))
    }

    /// Characters of `text` no font can draw (in order, each once). Spaces and controls are fine.
    pub fn undrawable(&self, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        let mut cache = self.drawable.lock().unwrap_or_else(|e| e.into_inner());
        for c in text.chars() {
            if c.is_whitespace() || c.is_control() || is_format(c) {
                continue;
            }
            let ok = *cache.entry(c).or_insert_with(|| self.any_face_has(c));
            if !ok && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    fn any_face_has(&self, c: char) -> bool {
        self.db.faces().any(|f| {
            self.db
                .with_face_data(f.id, |data, index| ttf_parser::Face::parse(data, index).ok().and_then(|face| face.glyph_index(c)).is_some())
                .unwrap_or(false)
        })
    }

    /// Width of `text` at `size` user units with `letter_spacing` between characters, measured
    /// with the bundled font (characters it lacks count as one em: CJK-sized, a safe guess).
    pub fn width(&self, text: &str, size: f32, letter_spacing: f32) -> f32 {
        let Ok(face) = ttf_parser::Face::parse(&self.main, 0) else { return text.chars().count() as f32 * size };
        let em = face.units_per_em() as f32;
        let mut w = 0.0;
        let mut n: usize = 0;
        for c in text.chars() {
            if c.is_control() || is_format(c) {
                continue;
            }
            let advance = face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map(|a| a as f32 / em).unwrap_or(1.0);
            w += advance * size;
            n += 1;
        }
        w + letter_spacing * n.saturating_sub(1) as f32
    }
}

/// Joiners and variation selectors: part of an emoji or a glyph variant, never drawn alone.
fn is_format(c: char) -> bool {
    matches!(c, '\u{200d}' | '\u{200c}' | '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}')
}
