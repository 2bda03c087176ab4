//! The bundled DejaVu Sans (regular and bold): registered once with plotters, and the one text
//! layout (glyphs, advances, kerning, anchors, rotation) that the PNG and SVG backends share, so
//! that both put the same glyphs at the same places and need no font on the reader's machine;
//! and the glyphs' outlines as SVG path data.
//!
//! Sizes follow plotters' ab_glyph convention: a text of size `s` is laid out with
//! `PxScale(s)`, so ascent + descent = `s` pixels (capitals are about 0.63 `s` high).

use ab_glyph::{Font, FontRef, GlyphId, OutlineCurve, Point};
use plotters::style::{register_font, FontStyle};
use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{BackendTextStyle, FontTransform};
use std::fmt::Write;
use std::sync::OnceLock;

/// The family name charts ask plotters for.
pub(crate) const FAMILY: &str = "sans-serif";

/// Registers both faces with plotters under [`FAMILY`], once per process.
pub(crate) fn register() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        // The bytes are the crate's own, valid TrueType files: failing here is a build problem.
        register_font(FAMILY, FontStyle::Normal, dejavu::sans::regular())
            .unwrap_or_else(|_| panic!("DejaVu Sans regular loads"));
        register_font(FAMILY, FontStyle::Bold, dejavu::sans::bold())
            .unwrap_or_else(|_| panic!("DejaVu Sans bold loads"));
    });
}

/// One face with the metrics the layout needs, in font units.
pub(crate) struct Face {
    pub font: FontRef<'static>,
    /// Ascent + descent: the font units that one unit of size spans.
    height: f32,
    ascent: f32,
    cap_height: f32,
}

/// The regular (`bold == false`) or bold face.
pub(crate) fn face(bold: bool) -> &'static Face {
    static FACES: OnceLock<[Face; 2]> = OnceLock::new();
    let faces = FACES.get_or_init(|| {
        let load = |bytes: &'static [u8]| {
            let font = FontRef::try_from_slice(bytes).expect("DejaVu Sans loads");
            let cap_height = font
                .outline(font.glyph_id('H'))
                // ab_glyph's unscaled bounds put the top (y_max, y up) in `min.y`.
                .map(|o| o.bounds.min.y.max(o.bounds.max.y))
                .unwrap_or(font.ascent_unscaled() * 0.8);
            Face {
                height: font.height_unscaled(),
                ascent: font.ascent_unscaled(),
                cap_height,
                font,
            }
        };
        [load(dejavu::sans::regular()), load(dejavu::sans::bold())]
    });
    &faces[usize::from(bold)]
}

impl Face {
    /// Pixels per font unit at `size`.
    pub fn scale(&self, size: f32) -> f32 {
        size / self.height
    }

    /// The glyph drawn for `c`. DejaVu lacks the narrow no-break space that French numbers use
    /// ("1 234"): the thin space stands in for it (same width class, no missing-glyph box).
    fn glyph(&self, c: char) -> GlyphId {
        let id = self.font.glyph_id(c);
        if id.0 != 0 {
            return id;
        }
        let stand_in = match c {
            '\u{202f}' | '\u{2009}' => '\u{2009}',
            '\u{a0}' => ' ',
            _ => return id,
        };
        let other = self.font.glyph_id(stand_in);
        if other.0 != 0 {
            other
        } else {
            self.font.glyph_id(' ')
        }
    }
}

/// A line of text laid out from its pen start on the baseline: each glyph and its x, in pixels.
pub(crate) struct Layout {
    pub glyphs: Vec<(GlyphId, f32)>,
    pub width: f32,
}

/// Lays out one line (control characters are dropped) with kerning.
pub(crate) fn layout(text: &str, size: f32, bold: bool) -> Layout {
    let face = face(bold);
    let scale = face.scale(size);
    let mut glyphs = Vec::with_capacity(text.len());
    let mut x = 0.0f32;
    let mut previous: Option<GlyphId> = None;
    for c in text.chars().filter(|c| !c.is_control()) {
        let id = face.glyph(c);
        if let Some(p) = previous {
            x += face.font.kern_unscaled(p, id) * scale;
        }
        glyphs.push((id, x));
        x += face.font.h_advance_unscaled(id) * scale;
        previous = Some(id);
    }
    Layout { glyphs, width: x }
}

/// The width of a line of text, in pixels.
pub(crate) fn width(text: &str, size: f32, bold: bool) -> f32 {
    layout(text, size, bold).width
}

/// `text` as is when it fits in `max` pixels, else cut with "…" so that it does.
pub(crate) fn ellipsize(text: &str, size: f32, bold: bool, max: f32) -> String {
    if width(text, size, bold) <= max {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut keep = chars.len();
    while keep > 0 {
        keep -= 1;
        let candidate: String = chars[..keep]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_string()
            + "…";
        if width(&candidate, size, bold) <= max {
            return candidate;
        }
    }
    "…".to_string()
}

/// The box plotters lays out against: the advance width and the size (ascent + descent).
pub(crate) fn box_size(text: &str, size: f32, bold: bool) -> (u32, u32) {
    (
        width(text, size, bold).ceil() as u32,
        size.round().max(1.0) as u32,
    )
}

/// [`box_size`] of `text` in `style`'s size and weight: what a backend's
/// `estimate_text_size` answers.
pub(crate) fn style_box_size<S: BackendTextStyle>(text: &str, style: &S) -> (u32, u32) {
    let bold = matches!(style.style(), FontStyle::Bold);
    box_size(text, style.size() as f32, bold)
}

/// A rotation by a quarter turn, as plotters' [`FontTransform`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Turn {
    None,
    /// Clockwise on screen (reads top to bottom).
    Quarter,
    Half,
    /// Anticlockwise on screen (reads bottom to top, the y-axis title).
    ThreeQuarters,
}

impl Turn {
    pub fn of(transform: &FontTransform) -> Turn {
        match transform {
            FontTransform::None => Turn::None,
            FontTransform::Rotate90 => Turn::Quarter,
            FontTransform::Rotate180 => Turn::Half,
            FontTransform::Rotate270 => Turn::ThreeQuarters,
        }
    }

    /// The rotation in degrees, as SVG's `rotate()` takes it (y pointing down).
    pub fn degrees(self) -> i32 {
        match self {
            Turn::None => 0,
            Turn::Quarter => 90,
            Turn::Half => 180,
            Turn::ThreeQuarters => -90,
        }
    }

    /// Maps a point of the text's own frame to the screen, around the anchor (as plotters does).
    pub fn apply(self, x: f32, y: f32) -> (f32, f32) {
        match self {
            Turn::None => (x, y),
            Turn::Quarter => (-y, x),
            Turn::Half => (-x, -y),
            Turn::ThreeQuarters => (y, -x),
        }
    }
}

/// A text ready to draw: its glyphs with their pen positions in the text's own frame, relative
/// to the anchor point (x to the right, y down to the baseline), then turned by `turn`.
pub(crate) struct Run {
    pub bold: bool,
    pub size: f32,
    pub turn: Turn,
    pub glyphs: Vec<(GlyphId, f32, f32)>,
}

impl Run {
    /// Each glyph with where to draw it for a text anchored at `pos`: unturned text at its
    /// real (fractional) position on screen; turned text in its own frame around the anchor,
    /// which the backend then turns.
    pub fn placed(&self, pos: (i32, i32)) -> impl Iterator<Item = (GlyphId, f32, f32)> + '_ {
        self.glyphs.iter().map(move |&(id, x, y)| match self.turn {
            Turn::None => (id, x + pos.0 as f32, y + pos.1 as f32),
            _ => (id, x, y),
        })
    }
}

/// Lays out `text` as `style` asks: face, size, anchor and rotation.
///
/// Vertical anchors: `Top` puts the ascent at the anchor, `Bottom` the descent, and `Center`
/// the middle of the capitals, which is what a label centred on a tick mark should look like.
pub(crate) fn run<S: BackendTextStyle>(text: &str, style: &S) -> Run {
    let bold = matches!(style.style(), FontStyle::Bold);
    let size = style.size() as f32;
    let line = layout(text, size, bold);
    let face = face(bold);
    let scale = face.scale(size);
    let Pos { h_pos, v_pos } = style.anchor();
    let dx = match h_pos {
        HPos::Left => 0.0,
        HPos::Center => -line.width / 2.0,
        HPos::Right => -line.width,
    };
    let baseline = match v_pos {
        VPos::Top => face.ascent * scale,
        VPos::Center => face.cap_height * scale / 2.0,
        VPos::Bottom => (face.ascent - face.height) * scale,
    };
    Run {
        bold,
        size,
        turn: Turn::of(&style.transform()),
        glyphs: line
            .glyphs
            .into_iter()
            .map(|(id, x)| (id, x + dx, baseline))
            .collect(),
    }
}

/// The outline of `glyph` at `size` as SVG path data, its origin on the baseline at the pen
/// position, y pointing down; coordinates written by `num`. None for glyphs with no outline
/// (spaces).
pub(crate) fn outline_path(
    bold: bool,
    glyph: GlyphId,
    size: f32,
    num: impl Fn(f32) -> String,
) -> Option<String> {
    let face = face(bold);
    let outline = face.font.outline(glyph)?;
    let scale = face.scale(size);
    // Font units have y up; the screen has y down.
    let p = |pt: &Point| (num(pt.x * scale), num(-pt.y * scale));
    let mut d = String::new();
    let mut last: Option<Point> = None;
    for curve in &outline.curves {
        let start = match curve {
            OutlineCurve::Line(a, _) | OutlineCurve::Quad(a, _, _) => *a,
            OutlineCurve::Cubic(a, _, _, _) => *a,
        };
        // A curve that does not start where the last ended opens a new contour.
        if last != Some(start) {
            if last.is_some() {
                d.push('Z');
            }
            let (x, y) = p(&start);
            let _ = write!(d, "M{x} {y}");
        }
        let end = match curve {
            OutlineCurve::Line(_, b) => {
                let (x, y) = p(b);
                let _ = write!(d, "L{x} {y}");
                *b
            }
            OutlineCurve::Quad(_, c, b) => {
                let ((cx, cy), (x, y)) = (p(c), p(b));
                let _ = write!(d, "Q{cx} {cy} {x} {y}");
                *b
            }
            OutlineCurve::Cubic(_, c1, c2, b) => {
                let ((ax, ay), (bx, by), (x, y)) = (p(c1), p(c2), p(b));
                let _ = write!(d, "C{ax} {ay} {bx} {by} {x} {y}");
                *b
            }
        };
        last = Some(end);
    }
    if last.is_some() {
        d.push('Z');
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_spaces_and_signs_have_glyphs() {
        let face = face(false);
        for c in [
            '\u{202f}', '\u{a0}', '…', '–', '−', '·', '€', 'é', 'Ç', '±', '«', '»',
        ] {
            assert_ne!(face.glyph(c).0, 0, "no glyph for {c:?}");
        }
    }

    #[test]
    fn widths_grow_with_text_and_size_and_ellipsis_fits() {
        let a = width("Allemagne", 20.0, false);
        assert!(a > 50.0 && a < 150.0, "{a}");
        assert!(width("Allemagne", 40.0, false) > 1.9 * a);
        assert!(width("Allemagne", 20.0, true) > a);
        let cut = ellipsize("programme intensif hybride (BIP)", 20.0, false, 120.0);
        assert!(
            cut.ends_with('…') && width(&cut, 20.0, false) <= 120.0,
            "{cut}"
        );
        assert_eq!(ellipsize("Italie", 20.0, false, 500.0), "Italie");
    }

    #[test]
    fn quarter_turns_match_plotters() {
        for t in [
            FontTransform::None,
            FontTransform::Rotate90,
            FontTransform::Rotate180,
            FontTransform::Rotate270,
        ] {
            let (x, y) = t.transform(3, 5);
            assert_eq!(Turn::of(&t).apply(3.0, 5.0), (x as f32, y as f32));
        }
    }
}
