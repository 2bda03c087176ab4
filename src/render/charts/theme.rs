//! The look every chart shares: the Okabe–Ito colour-blind-safe palette, greys, type sizes,
//! and the page furniture (title, subtitle, footer, legend, value axes, dashed target lines).

use super::font::{self, FAMILY};
use super::{HEIGHT, WIDTH};
use crate::i18n;
use crate::i18n::Language;
use plotters::chart::MeshStyle;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// What a drawing function returns on either backend.
pub(crate) type Drawn<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Okabe & Ito (2008), "Color Universal Design": distinguishable with every common form of
/// colour blindness. Ordered for contrast on white; yellow last, as it is the palest.
pub(crate) const PALETTE: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0xF0, 0xE4, 0x42), // yellow
];

/// Series colour `i`, cycling through the palette.
pub(crate) fn series(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Text (contrast 16:1 on white).
pub(crate) const INK: RGBColor = RGBColor(0x1F, 0x1F, 0x1F);
/// Secondary text: tick labels, footer, notes (contrast 7:1 on white).
pub(crate) const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// Bars that stand for "the rest" (other countries).
pub(crate) const REST: RGBColor = RGBColor(0x8C, 0x8C, 0x8C);
/// Axis lines.
pub(crate) const AXIS: RGBColor = RGBColor(0x99, 0x99, 0x99);
/// Grid lines.
pub(crate) const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
/// Land without data on the map.
pub(crate) const EMPTY: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);

/// A palette colour mixed with white (`amount` 0 = white, 1 = the colour).
pub(crate) fn tint(color: RGBColor, amount: f64) -> RGBColor {
    let mix = |c: u8| (255.0 - (255.0 - c as f64) * amount).round() as u8;
    RGBColor(mix(color.0), mix(color.1), mix(color.2))
}

/// Type sizes (plotters sizes: ascent + descent, in pixels): title, subtitle, axis titles,
/// tick labels, category labels, value labels, legend and footer.
pub(crate) const TITLE: f64 = 46.0;
pub(crate) const SUBTITLE: f64 = 27.0;
pub(crate) const AXIS_TITLE: f64 = 27.0;
pub(crate) const TICK: f64 = 25.0;
pub(crate) const LABEL: f64 = 26.0;
pub(crate) const VALUE: f64 = 24.0;
pub(crate) const LEGEND: f64 = 25.0;
pub(crate) const FOOTER: f64 = 21.0;

/// Left and right page margin.
pub(crate) const MARGIN: i32 = 48;

/// A text style of the bundled font.
pub(crate) fn text(size: f64, bold: bool, color: RGBColor) -> TextStyle<'static> {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    TextStyle {
        font: (FAMILY, size, style).into_font(),
        color: color.to_backend_color(),
        pos: Pos::default(),
    }
}

/// The same, anchored.
pub(crate) fn anchored(
    size: f64,
    bold: bool,
    color: RGBColor,
    h: HPos,
    v: VPos,
) -> TextStyle<'static> {
    text(size, bold, color).pos(Pos::new(h, v))
}

/// The width of `s` in pixels at `size`.
pub(crate) fn width(s: &str, size: f64, bold: bool) -> i32 {
    font::width(s, size as f32, bold).ceil() as i32
}

/// `s`, cut with "…" to fit in `max` pixels.
pub(crate) fn fit(s: &str, size: f64, bold: bool, max: i32) -> String {
    font::ellipsize(s, size as f32, bold, max as f32)
}

/// The region between the title and the footer where the chart itself goes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Body {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
}

/// Title (bold, top left), optional subtitle under it and the footer line; returns the body.
pub(crate) fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: Option<&str>,
    footer: &str,
) -> Result<Body, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let max = WIDTH as i32 - 2 * MARGIN;
    root.draw(&Text::new(
        fit(title, TITLE, true, max),
        (MARGIN, 26),
        anchored(TITLE, true, INK, HPos::Left, VPos::Top),
    ))?;
    let mut top = 94;
    if let Some(sub) = subtitle {
        root.draw(&Text::new(
            fit(sub, SUBTITLE, false, max),
            (MARGIN, 86),
            anchored(SUBTITLE, false, MUTED, HPos::Left, VPos::Top),
        ))?;
        top = 130;
    }
    let bottom = HEIGHT as i32 - 18;
    root.draw(&Text::new(
        footer.to_string(),
        (MARGIN, bottom),
        anchored(FOOTER, false, MUTED, HPos::Left, VPos::Bottom),
    ))?;
    Ok(Body {
        left: MARGIN,
        top,
        right: WIDTH as i32 - MARGIN,
        bottom: bottom - 44,
    })
}

/// The footer line: source (shortened with "…" when it would not fit), reporting year and
/// `note` (the values left out for privacy).
pub(crate) fn footer(lang: Language, source: &str, year: &str, note: Option<&str>) -> String {
    let line = |source: &str| {
        let line = i18n::fill(lang, "report.footer", &[("source", source), ("year", year)]);
        match note {
            Some(note) => format!("{line} · {note}"),
            None => line,
        }
    };
    let max = WIDTH as i32 - 2 * MARGIN;
    let full = line(source);
    if width(&full, FOOTER, false) <= max {
        return full;
    }
    let room = max - (width(&full, FOOTER, false) - width(source, FOOTER, false));
    line(&fit(source, FOOTER, false, room.max(40)))
}

/// How a legend entry shows its series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Swatch {
    Fill,
    Outline,
    Line,
    Dashed,
}

/// One legend entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Key {
    pub label: String,
    pub color: RGBColor,
    pub swatch: Swatch,
}

const SWATCH: i32 = 24;
const KEY_GAP: i32 = 36;
const ROW: i32 = 38;

/// The entries of each legend row, flowing left to right within `max` pixels.
fn legend_rows(keys: &[Key], max: i32) -> Vec<Vec<(usize, String)>> {
    let mut rows: Vec<Vec<(usize, String)>> = vec![Vec::new()];
    let mut x = 0;
    for (i, key) in keys.iter().enumerate() {
        let label = fit(&key.label, LEGEND, false, max - SWATCH - 10);
        let w = SWATCH + 10 + width(&label, LEGEND, false);
        if x > 0 && x + w > max {
            rows.push(Vec::new());
            x = 0;
        }
        rows.last_mut().expect("one row").push((i, label));
        x += w + KEY_GAP;
    }
    rows
}

/// Draws a legend from (x, y), rows flowing within `max` pixels; returns its height.
pub(crate) fn legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    keys: &[Key],
    (x0, y0): (i32, i32),
    max: i32,
) -> Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    if keys.is_empty() {
        return Ok(0);
    }
    let rows = legend_rows(keys, max);
    for (r, row) in rows.iter().enumerate() {
        let mut x = x0;
        let y = y0 + r as i32 * ROW;
        for (i, label) in row {
            let key = &keys[*i];
            let (top, bottom) = (y + 4, y + 4 + SWATCH);
            match key.swatch {
                Swatch::Fill => root.draw(&Rectangle::new(
                    [(x, top), (x + SWATCH, bottom)],
                    key.color.filled(),
                ))?,
                Swatch::Outline => {
                    root.draw(&Rectangle::new(
                        [(x, top), (x + SWATCH, bottom)],
                        tint(key.color, 0.25).filled(),
                    ))?;
                    root.draw(&Rectangle::new(
                        [(x, top), (x + SWATCH, bottom)],
                        key.color.stroke_width(2),
                    ))?
                }
                Swatch::Line => {
                    let mid = (top + bottom) / 2;
                    root.draw(&Rectangle::new(
                        [(x, mid - 2), (x + SWATCH, mid + 2)],
                        key.color.filled(),
                    ))?;
                    root.draw(&Circle::new((x + SWATCH / 2, mid), 6, key.color.filled()))?
                }
                Swatch::Dashed => dashed(
                    root,
                    (x, (top + bottom) / 2),
                    (x + SWATCH, (top + bottom) / 2),
                    key.color,
                )?,
            }
            root.draw(&Text::new(
                label.clone(),
                (x + SWATCH + 10, (top + bottom) / 2),
                anchored(LEGEND, false, INK, HPos::Left, VPos::Center),
            ))?;
            x += SWATCH + 10 + width(label, LEGEND, false) + KEY_GAP;
        }
    }
    Ok(rows.len() as i32 * ROW)
}

/// A dashed line, 3 px thick, horizontal or vertical, drawn as small rectangles so that both
/// backends show the same dashes.
pub(crate) fn dashed<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    from: (i32, i32),
    to: (i32, i32),
    color: RGBColor,
) -> Drawn<DB> {
    const DASH: i32 = 12;
    const GAP: i32 = 8;
    let horizontal = from.1 == to.1;
    let (start, end) = if horizontal {
        (from.0.min(to.0), from.0.max(to.0))
    } else {
        (from.1.min(to.1), from.1.max(to.1))
    };
    let mut at = start;
    while at < end {
        let stop = (at + DASH).min(end);
        let corners = if horizontal {
            [(at, from.1 - 1), (stop, from.1 + 2)]
        } else {
            [(from.0 - 1, at), (from.0 + 2, stop)]
        };
        root.draw(&Rectangle::new(corners, color.filled()))?;
        at += DASH + GAP;
    }
    Ok(())
}

/// A round upper bound for a value axis: 1, 2, 2.5 or 5 times a power of ten, with some room.
pub(crate) fn nice_max(value: f64) -> f64 {
    if value <= 0.0 || !value.is_finite() {
        return 1.0;
    }
    let target = value * 1.05;
    let power = 10f64.powf(target.log10().floor());
    for step in [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0] {
        if step * power >= target {
            return step * power;
        }
    }
    10.0 * power
}

/// Numbers on an axis, in the report language ("1 200", "12,5").
pub(crate) fn tick_label(lang: Language, v: f64) -> String {
    i18n::number_auto(lang, v, 1)
}

/// The shared look of a mesh: grid lines at the labelled values only, muted tick labels.
pub(crate) fn style_mesh<X: Ranged, Y: Ranged, DB: DrawingBackend>(
    mesh: &mut MeshStyle<'_, '_, X, Y, DB>,
) {
    mesh.axis_style(AXIS)
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .label_style(text(TICK, false, MUTED))
        .axis_desc_style(text(AXIS_TITLE, false, INK))
        .set_all_tick_mark_size(6);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_axis_maxima() {
        assert_eq!(nice_max(56.0), 60.0);
        assert_eq!(nice_max(99.0), 120.0);
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(7.0), 8.0);
        assert_eq!(nice_max(1000.0), 1200.0);
    }

    #[test]
    fn legend_rows_wrap_when_too_wide() {
        let key = |label: &str| Key {
            label: label.to_string(),
            color: PALETTE[0],
            swatch: Swatch::Fill,
        };
        let keys: Vec<Key> = (0..6)
            .map(|i| key(&format!("programme intensif hybride {i}")))
            .collect();
        assert_eq!(legend_rows(&keys[..1], 1500).len(), 1);
        assert!(legend_rows(&keys, 1500).len() >= 2);
    }

    #[test]
    fn tints_go_from_white_to_the_colour() {
        assert_eq!(tint(PALETTE[0], 0.0), RGBColor(255, 255, 255));
        assert_eq!(tint(PALETTE[0], 1.0), PALETTE[0]);
    }
}
