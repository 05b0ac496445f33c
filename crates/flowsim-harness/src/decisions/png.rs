//! The heatmap as PNG: the SVG of `heatmap` rasterised in-process by resvg, with DejaVu Sans
//! embedded in the binary (the `dejavu` crate), never a system font: the same bytes on every
//! machine.

/// Drawn at twice the SVG's size (sharp on high-density screens) unless that passes
/// [`MAX_PIXELS`].
pub const SCALE: f32 = 2.0;
/// The most pixels a PNG may have (64 MiB of RGBA while drawing).
pub const MAX_PIXELS: f32 = 16.0 * 1024.0 * 1024.0;

/// Why an SVG could not be rasterised (never for one `heatmap` wrote).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PngError {
    /// The text is not SVG resvg can read.
    #[error("the SVG does not parse: {0}")]
    Svg(String),
    /// A zero-sized picture, or one too large to draw.
    #[error("the picture's size ({0} x {1}) cannot be drawn")]
    Size(u32, u32),
    #[error("the PNG cannot be encoded: {0}")]
    Encode(String),
}

/// `svg` as PNG bytes.
pub fn render(svg: &str) -> Result<Vec<u8>, PngError> {
    use resvg::{tiny_skia, usvg};
    let mut options = usvg::Options {
        font_family: super::heatmap::FONT_FAMILY.to_owned(),
        ..usvg::Options::default()
    };
    let fonts = options.fontdb_mut();
    fonts.load_font_data(dejavu::sans::regular().to_vec());
    fonts.load_font_data(dejavu::sans::bold().to_vec());
    fonts.set_sans_serif_family(super::heatmap::FONT_FAMILY);
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| PngError::Svg(e.to_string()))?;
    let size = tree.size();
    let area = size.width() * size.height();
    let scale = if area * SCALE * SCALE > MAX_PIXELS { (MAX_PIXELS / area).sqrt() } else { SCALE };
    let (w, h) = ((size.width() * scale).ceil() as u32, (size.height() * scale).ceil() as u32);
    let mut pixmap = tiny_skia::Pixmap::new(w, h)
        .filter(|_| (w as f32) * (h as f32) <= MAX_PIXELS * 1.01)
        .ok_or(PngError::Size(w, h))?;
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| PngError::Encode(e.to_string()))
}
