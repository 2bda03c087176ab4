//! SVG attribute text for the SVG backend: coordinates with at most two decimals, colours,
//! strokes and XML escaping, written the same way every time so that output is byte-stable.

use plotters_backend::{BackendColor, BackendCoord, BackendStyle};
use std::fmt::Write;

/// Half a pixel for odd stroke widths, so that a line drawn on pixel `x` covers that pixel
/// (as in the bitmap) instead of straddling two.
pub(super) fn offset(width: u32) -> f32 {
    if width % 2 == 1 {
        0.5
    } else {
        0.0
    }
}

/// "x,y x,y …" of a path.
pub(super) fn points<I: IntoIterator<Item = BackendCoord>>(path: I, offset: f32) -> String {
    let mut out = String::new();
    for (i, (x, y)) in path.into_iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{},{}", num(x as f32 + offset), num(y as f32 + offset));
    }
    out
}

/// ` fill="#rrggbb"` (or stroke), with its opacity when not opaque.
pub(super) fn paint(attribute: &str, color: BackendColor) -> String {
    let (r, g, b) = color.rgb;
    let mut out = format!(" {attribute}=\"#{r:02x}{g:02x}{b:02x}\"");
    if color.alpha < 1.0 {
        let _ = write!(out, " {attribute}-opacity=\"{}\"", num(color.alpha as f32));
    }
    out
}

/// The stroke attributes of a line style.
pub(super) fn stroke<S: BackendStyle>(style: &S) -> String {
    format!(
        "{} stroke-width=\"{}\"",
        paint("stroke", style.color()),
        style.stroke_width()
    )
}

/// A coordinate with at most two decimals, without trailing zeros or "-0".
pub(crate) fn num(v: f32) -> String {
    let hundredths = (v as f64 * 100.0).round() as i64;
    if hundredths == 0 {
        return "0".to_string();
    }
    let sign = if hundredths < 0 { "-" } else { "" };
    let (int, frac) = (hundredths.abs() / 100, hundredths.abs() % 100);
    match frac {
        0 => format!("{sign}{int}"),
        f if f % 10 == 0 => format!("{sign}{int}.{}", f / 10),
        f => format!("{sign}{int}.{f:02}"),
    }
}

/// Text as XML character data or attribute value.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
