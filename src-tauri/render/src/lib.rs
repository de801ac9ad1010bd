//! Posters and certificates: SVG templates filled per member and drawn to PNG (resvg) or to one
//! PDF per batch (krilla: fonts subset once, text stays text, QR codes stay vectors), with the
//! bundled OFL font so every computer draws the same page. No domain and no store: the core
//! gives the template and the values, this crate gives the bytes, or an [`Error`].

pub mod fill;
pub mod fonts;
pub mod template;

pub use fill::Values;
pub use fonts::Fonts;

use std::path::PathBuf;

/// Why a page could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The template, its values or the page could not be drawn: the drawing library's words.
    #[error("rendering failed: {0}")]
    Failed(String),
    /// Progress asked to stop.
    #[error("cancelled")]
    Cancelled,
    /// A font file could not be read.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// A fonts folder without the bundled fonts.
    #[error("{}: no fonts", .0.display())]
    NoFonts(PathBuf),
}

pub type Result<T> = std::result::Result<T, Error>;

fn failed(reason: impl std::fmt::Display) -> Error {
    Error::Failed(reason.to_string())
}

/// The most pixels a PNG page may have.
const MAX_PIXELS: f64 = 80e6;

/// usvg options: Qunzhu's fonts, and no image but embedded `data:` ones (a template that names a
/// file or a URL was refused at import; this makes sure nothing is read even so).
fn options(fonts: &Fonts) -> usvg::Options<'static> {
    usvg::Options {
        fontdb: fonts.db(),
        font_family: fonts::DEFAULT_FAMILY.to_string(),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..Default::default()
    }
}

/// Fills and parses one page.
pub fn tree(fonts: &Fonts, source: &str, values: &Values) -> Result<usvg::Tree> {
    let svg = fill::fill(source, values, fonts).map_err(failed)?;
    usvg::Tree::from_str(&svg, &options(fonts)).map_err(failed)
}

/// One page as a PNG `width_px` wide (height from the template's proportions), on white.
pub fn png(fonts: &Fonts, source: &str, values: &Values, width_px: u32) -> Result<Vec<u8>> {
    let tree = tree(fonts, source, values)?;
    let size = tree.size();
    let scale = width_px as f32 / size.width();
    let height = (size.height() * scale).round().max(1.0);
    // Bounded before allocating: 80 megapixels is a 1080 × 74,000 long image.
    if !(height.is_finite() && (width_px as f64) * (height as f64) <= MAX_PIXELS) {
        return Err(failed(format!("the page is too large to draw ({width_px} × {height} px)")));
    }
    let height = height as u32;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width_px.max(1), height).ok_or_else(|| failed("page size"))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(failed)
}

/// Draws one page the size of its SVG into a PDF document.
fn draw_page(doc: &mut krilla::Document, tree: &usvg::Tree) -> Result<()> {
    use krilla::geom::Size;
    use krilla::page::PageSettings;
    use krilla_svg::{SurfaceExt, SvgSettings};
    // usvg sizes are CSS pixels (96 per inch); PDF points are 72 per inch.
    let s = tree.size();
    // PDF pages end at 200 inches (14,400 pt) a side.
    if !(s.width() * 0.75 <= 14_400.0 && s.height() * 0.75 <= 14_400.0) {
        return Err(failed(format!("the page is too large ({} × {} px)", s.width(), s.height())));
    }
    let size = Size::from_wh(s.width() * 0.75, s.height() * 0.75).ok_or_else(|| failed("page size"))?;
    let mut page = doc.start_page_with(PageSettings::new(size));
    let mut surface = page.surface();
    surface.draw_svg(tree, size, SvgSettings::default()).ok_or_else(|| failed("the page could not be drawn"))?;
    surface.finish();
    page.finish();
    Ok(())
}

/// Every row a page of one PDF, each page the template's size. `progress(pages done)` is called
/// after each page; returning false cancels (nothing is returned).
pub fn pdf(fonts: &Fonts, source: &str, rows: &[Values], mut progress: impl FnMut(usize) -> bool) -> Result<Vec<u8>> {
    let mut doc = krilla::Document::new();
    for (i, values) in rows.iter().enumerate() {
        draw_page(&mut doc, &tree(fonts, source, values)?)?;
        if !progress(i + 1) {
            return Err(Error::Cancelled);
        }
    }
    doc.finish().map_err(|e| failed(format!("{e:?}")))
}

/// Finished SVG pages (nothing to fill) as one PDF: reports.
pub fn pdf_pages(fonts: &Fonts, pages: &[String]) -> Result<Vec<u8>> {
    let mut doc = krilla::Document::new();
    for svg in pages {
        draw_page(&mut doc, &usvg::Tree::from_str(svg, &options(fonts)).map_err(failed)?)?;
    }
    doc.finish().map_err(|e| failed(format!("{e:?}")))
}

/// A picture (PNG, JPEG, GIF or WebP bytes) drawn again `width` × `height`, as PNG (resvg
/// decodes the formats; nothing else is needed).
pub fn redraw_image(mime: &str, bytes: &[u8], width: u32, height: u32) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let href = format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes));
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"><image width="{width}" height="{height}" preserveAspectRatio="none" href="{href}"/></svg>"#
    );
    let tree = usvg::Tree::from_str(&svg, &usvg::Options::default()).ok()?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height)?;
    resvg::render(&tree, resvg::tiny_skia::Transform::identity(), &mut pixmap.as_mut());
    pixmap.encode_png().ok()
}

/// A PNG's pixels as straight (not premultiplied) RGBA with its width and height: what the
/// clipboard takes when a poster is copied as a picture.
pub fn decode_png(bytes: &[u8]) -> Result<(Vec<u8>, u32, u32)> {
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(bytes).map_err(failed)?;
    let rgba = pixmap.pixels().iter().flat_map(|p| {
        let c = p.demultiply();
        [c.red(), c.green(), c.blue(), c.alpha()]
    });
    Ok((rgba.collect(), pixmap.width(), pixmap.height()))
}
