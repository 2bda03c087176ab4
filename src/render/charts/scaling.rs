//! A log-log line chart of measurements against input size (the side-by-side benchmark's time
//! and peak memory against rows), drawn as SVG in the charts' look: palette, font, mesh, legend.

use super::svg;
use super::theme::{self, Key, Swatch, TICK};
use super::{font, HEIGHT, WIDTH};
use crate::error::{Error, Result};
use plotters::prelude::*;

/// One series: its name (the legend's label) and its (x, y) points.
pub type Series = (String, Vec<(f64, f64)>);

/// Draws `series` as lines with a dot at each point, both axes logarithmic, and returns the SVG
/// document (text as glyph outlines, like every chart; the title, the axis labels and the
/// series' names are also in its `<title>` and `<desc>`). Points that a logarithmic axis
/// cannot show (zero, negative, not finite) are left out; the axes span whole decades.
pub fn scaling_chart_svg(
    title: &str,
    series: &[Series],
    x_label: &str,
    y_label: &str,
) -> Result<String> {
    font::register();
    let shown: Vec<(&str, Vec<(f64, f64)>)> = series
        .iter()
        .map(|(name, points)| {
            let mut points: Vec<(f64, f64)> = points
                .iter()
                .copied()
                .filter(|&(x, y)| x > 0.0 && y > 0.0 && x.is_finite() && y.is_finite())
                .collect();
            // A line joins its points from left to right, whatever order they came in.
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            (name.as_str(), points)
        })
        .collect();
    // Widened by a hair: plotters finds the first labelled power of ten from the logarithm of
    // the range's start, and ln(0.1) / ln(10) rounds to just above -1, which would leave 0.1
    // unlabelled.
    let widen = |r: std::ops::Range<f64>| r.start * (1.0 - 1e-9)..r.end * (1.0 + 1e-9);
    let x_range = widen(decades(shown.iter().flat_map(|s| s.1.iter().map(|p| p.0))));
    let y_range = widen(decades(shown.iter().flat_map(|s| s.1.iter().map(|p| p.1))));
    let names: Vec<&str> = series.iter().map(|s| s.0.as_str()).collect();
    let desc = format!(
        "{y_label} against {x_label}, both axes logarithmic: {}.",
        names.join(", ")
    );
    let keys: Vec<Key> = names
        .iter()
        .enumerate()
        .map(|(i, name)| Key {
            label: name.to_string(),
            color: theme::series(i),
            swatch: Swatch::Line,
        })
        .collect();
    svg::render((WIDTH, HEIGHT), "scaling", title, &desc, |root| {
        let body = theme::frame(root, title, Some("Both axes logarithmic"), "")?;
        let mut top = body.top;
        top += theme::legend(root, &keys, (body.left, top), body.right - body.left)?;
        top += 12;
        let mut chart = ChartBuilder::on(root)
            .margin_top(top)
            .margin_bottom(HEIGHT as i32 - body.bottom)
            .margin_left(body.left)
            .margin_right(WIDTH as i32 - body.right)
            .y_label_area_size(theme::width("000k", TICK, false) + 56)
            .x_label_area_size(80)
            .build_cartesian_2d(x_range.log_scale(), y_range.log_scale())?;
        let mut mesh = chart.configure_mesh();
        theme::style_mesh(&mut mesh);
        let format = |v: &f64| short(*v);
        // Few labels asked for: plotters then labels the powers of ten only.
        mesh.x_labels(8)
            .y_labels(8)
            .x_label_formatter(&format)
            .y_label_formatter(&format)
            .x_desc(x_label)
            .y_desc(y_label);
        mesh.draw()?;
        for (i, (_, points)) in shown.iter().enumerate() {
            let color = theme::series(i);
            chart.draw_series(LineSeries::new(
                points.iter().copied(),
                color.stroke_width(3),
            ))?;
            chart.draw_series(points.iter().map(|&p| Circle::new(p, 6, color.filled())))?;
        }
        Ok(())
    })
    .map_err(|reason| Error::Write {
        path: "scaling chart".into(),
        reason: format!("the chart could not be drawn: {reason}"),
    })
}

/// The smallest range of whole decades holding every value (1 to 10 when there is none).
fn decades(values: impl Iterator<Item = f64>) -> std::ops::Range<f64> {
    let (lo, hi) = values.fold((f64::INFINITY, 0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if hi <= 0.0 {
        return 1.0..10.0;
    }
    let lo = 10f64.powi(lo.log10().floor() as i32);
    let mut hi = 10f64.powi(hi.log10().ceil() as i32);
    if hi <= lo {
        hi = lo * 10.0;
    }
    lo..hi
}

/// A tick label: "0.1", "20", "1k", "200k", "1M", "20M".
fn short(v: f64) -> String {
    let (scaled, suffix) = match v.abs() {
        a if a >= 1e9 => (v / 1e9, "G"),
        a if a >= 1e6 => (v / 1e6, "M"),
        a if a >= 1e3 => (v / 1e3, "k"),
        _ => (v, ""),
    };
    let digits = format!("{scaled:.3}");
    let digits = digits.trim_end_matches('0').trim_end_matches('.');
    format!("{digits}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series() -> Vec<Series> {
        vec![
            (
                "mobistat report".to_string(),
                vec![(20_000.0, 0.7), (200_000.0, 2.6), (1_000_000.0, 12.9)],
            ),
            (
                "Polars peer".to_string(),
                // Out of order, with a value no logarithmic axis can show.
                vec![(1_000_000.0, 0.9), (20_000.0, 0.0), (200_000.0, 0.3)],
            ),
        ]
    }

    #[test]
    fn names_the_series_and_axes_and_draws_each_point() {
        let svg =
            scaling_chart_svg("CSV: wall time against rows", &series(), "rows", "seconds").unwrap();
        assert!(svg.starts_with("<svg "), "{svg:.200}");
        assert!(svg.contains("<title id=\"scaling-title\">CSV: wall time against rows</title>"));
        for text in ["mobistat report", "Polars peer", "seconds against rows"] {
            assert!(svg.contains(text), "{text} missing: {svg:.400}");
        }
        // One thick line per series (the mesh's lines are thin), one dot per point that a log
        // axis can show (3 + 2), and the legend's two dots.
        let lines: Vec<&str> = svg
            .lines()
            .filter(|l| l.starts_with("<polyline") && l.contains("stroke-width=\"3\""))
            .collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].contains("stroke=\"#0072b2\""), "{}", lines[0]);
        assert_eq!(svg.matches("<circle").count(), 5 + 2);
        // Text is drawn as glyph outlines (title, labels, ticks).
        assert!(svg.contains("<use href=\"#scaling-g"));
    }

    #[test]
    fn axes_span_whole_decades() {
        assert_eq!(decades([20_000.0, 20_000_000.0].into_iter()), 10_000.0..1e8);
        assert_eq!(decades([0.3, 12.9].into_iter()), 0.1..100.0);
        assert_eq!(decades([100.0].into_iter()), 100.0..1000.0);
        assert_eq!(decades(std::iter::empty()), 1.0..10.0);
    }

    #[test]
    fn tick_labels_are_short() {
        assert_eq!(short(0.1), "0.1");
        assert_eq!(short(10.0), "10");
        assert_eq!(short(1000.0), "1k");
        assert_eq!(short(200_000.0), "200k");
        assert_eq!(short(1e6), "1M");
        assert_eq!(short(2e7), "20M");
    }
}
