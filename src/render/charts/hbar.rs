//! Horizontal bar charts (rankings, rates, grouped bars per programme): one row per category,
//! top to bottom, its label at the left, one or more bars with their value at the end, an
//! optional lighter bar behind (planned against realised) and an optional vertical target line.

use super::theme::{self, Body, Drawn, Key, AXIS_TITLE, INK, LABEL, MUTED, VALUE};
use super::Figure;
use crate::i18n::Language;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// One bar of a row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bar {
    pub value: f64,
    pub color: RGBColor,
    /// A value drawn behind as an outlined, lighter bar (the planned figure).
    pub behind: Option<f64>,
    /// Written after the bar's end.
    pub label: String,
}

/// One category.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub label: String,
    /// Bold label (the "all programmes" row).
    pub strong: bool,
    /// A smaller line under the label ("95 partners"), or empty.
    pub note: String,
    pub bars: Vec<Bar>,
}

/// A horizontal bar chart.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HBars {
    pub rows: Vec<Row>,
    /// The value axis's title, with its unit.
    pub axis: String,
    /// Fixed end of the value axis (100 for rates); otherwise a round value above the data.
    /// Longer bars are drawn cut, with a break mark.
    pub max: Option<f64>,
    pub keys: Vec<Key>,
    /// A vertical dashed line and its label ("Objectif : 100 %").
    pub target: Option<(f64, String)>,
}

/// The widest a category label may be, in pixels.
const MAX_LABEL: i32 = 470;

impl Figure for HBars {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        body: Body,
        lang: Language,
    ) -> Drawn<DB> {
        let mut top = body.top;
        top += theme::legend(root, &self.keys, (body.left, top), body.right - body.left)?;
        if self.target.is_some() {
            top += 40;
        }
        let n = self.rows.len().max(1);
        let label_width = self
            .rows
            .iter()
            .map(|r| {
                theme::width(&r.label, LABEL, r.strong).max(theme::width(&r.note, VALUE, false))
            })
            .max()
            .unwrap_or(0)
            .min(MAX_LABEL);
        let value_width = self
            .rows
            .iter()
            .flat_map(|r| &r.bars)
            .map(|b| theme::width(&b.label, VALUE, false))
            .max()
            .unwrap_or(0);
        let data_max = self
            .rows
            .iter()
            .flat_map(|r| &r.bars)
            .map(|b| b.value.max(b.behind.unwrap_or(0.0)))
            .chain(self.target.as_ref().map(|t| t.0))
            .fold(0.0, f64::max);
        let max = self.max.unwrap_or_else(|| theme::nice_max(data_max));
        let mut chart = ChartBuilder::on(root)
            .margin_top(top)
            .margin_bottom(super::HEIGHT as i32 - body.bottom)
            .margin_left(body.left)
            .margin_right(super::WIDTH as i32 - body.right + value_width + 12)
            .y_label_area_size(label_width + 18)
            .x_label_area_size(82)
            .build_cartesian_2d(0f64..max, 0f64..n as f64)?;
        let format = |v: &f64| theme::tick_label(lang, *v);
        let mut mesh = chart.configure_mesh();
        theme::style_mesh(&mut mesh);
        mesh.disable_y_mesh()
            .y_labels(0)
            .x_labels(7)
            .x_label_formatter(&format)
            .x_desc(self.axis.as_str())
            .axis_desc_style(theme::text(AXIS_TITLE, false, INK))
            .draw()?;

        let (x_range, _) = chart.plotting_area().get_pixel_range();
        // The target line goes under the bars and their labels.
        if let Some((value, label)) = &self.target {
            let y_range = chart.plotting_area().get_pixel_range().1;
            let x = chart.backend_coord(&(value.min(max), 0.0)).0;
            theme::dashed(root, (x, y_range.start - 6), (x, y_range.end), INK)?;
            let (h, x) = if x > (x_range.start + x_range.end) / 2 {
                (HPos::Right, x + 4)
            } else {
                (HPos::Left, x - 4)
            };
            root.draw(&Text::new(
                label.clone(),
                (x, y_range.start - 12),
                theme::anchored(VALUE, true, INK, h, VPos::Bottom),
            ))?;
        }
        for (i, row) in self.rows.iter().enumerate() {
            // Row 0 at the top.
            let y_top = (n - i) as f64;
            let centre = chart.backend_coord(&(0.0, y_top - 0.5));
            let label = theme::fit(&row.label, LABEL, row.strong, MAX_LABEL);
            let shift = if row.note.is_empty() { 0 } else { 14 };
            root.draw(&Text::new(
                label,
                (x_range.start - 14, centre.1 - shift),
                theme::anchored(LABEL, row.strong, INK, HPos::Right, VPos::Center),
            ))?;
            if !row.note.is_empty() {
                root.draw(&Text::new(
                    theme::fit(&row.note, VALUE, false, MAX_LABEL),
                    (x_range.start - 14, centre.1 + shift + 4),
                    theme::anchored(VALUE, false, MUTED, HPos::Right, VPos::Center),
                ))?;
            }
            let k = row.bars.len().max(1) as f64;
            // The bars take 70 % of the row (80 % when grouped), split evenly.
            let fill = if k > 1.0 { 0.8 } else { 0.7 };
            let thickness = fill / k;
            let first = y_top - (1.0 - fill) / 2.0;
            for (j, bar) in row.bars.iter().enumerate() {
                let b_top = first - j as f64 * thickness;
                let b_bottom = b_top - thickness * if k > 1.0 { 0.9 } else { 1.0 };
                if let Some(behind) = bar.behind {
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(0.0, b_top), (behind.min(max), b_bottom)],
                        theme::tint(bar.color, 0.22).filled(),
                    )))?;
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(0.0, b_top), (behind.min(max), b_bottom)],
                        bar.color.stroke_width(2),
                    )))?;
                }
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, b_top), (bar.value.min(max), b_bottom)],
                    bar.color.filled(),
                )))?;
                if bar.value > max {
                    // A bar longer than the axis is cut: a white slanted gap says so.
                    let top = chart.backend_coord(&(max, b_top));
                    let bottom = chart.backend_coord(&(max, b_bottom));
                    for dx in [-34, -22] {
                        root.draw(&Polygon::new(
                            vec![
                                (top.0 + dx + 4, top.1 - 2),
                                (top.0 + dx + 10, top.1 - 2),
                                (bottom.0 + dx, bottom.1 + 2),
                                (bottom.0 + dx - 6, bottom.1 + 2),
                            ],
                            WHITE.filled(),
                        ))?;
                    }
                }
                let end = bar.value.max(bar.behind.unwrap_or(0.0)).min(max);
                let at = chart.backend_coord(&(end, (b_top + b_bottom) / 2.0));
                if self.target.is_some() {
                    // A white ground keeps the label readable where the target line crosses it.
                    let w = theme::width(&bar.label, VALUE, false);
                    root.draw(&Rectangle::new(
                        [(at.0 + 4, at.1 - 15), (at.0 + w + 12, at.1 + 13)],
                        WHITE.filled(),
                    ))?;
                }
                root.draw(&Text::new(
                    bar.label.clone(),
                    (at.0 + 8, at.1),
                    theme::anchored(VALUE, false, MUTED, HPos::Left, VPos::Center),
                ))?;
            }
        }
        Ok(())
    }
}
