//! Vertical bar charts (years, continents, agreement types): groups along the x axis, each with
//! one or more columns of stacked segments, a label over each column and one under it, optional
//! horizontal dashed target lines, and an optional line on a secondary axis at the right.

use super::theme::{self, Body, Drawn, Key, Swatch, INK, MUTED, TICK, VALUE};
use super::{words, Figure, Page};
use crate::i18n::Language;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// One column: stacked segments from the bottom up.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    pub segments: Vec<(f64, RGBColor)>,
    /// Written over the column (its total).
    pub over: String,
    /// Written under the column, above the group's label ("outgoing").
    pub under: String,
}

/// One group of columns, with its label under them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    pub label: String,
    pub columns: Vec<Column>,
}

/// A horizontal dashed line across the plot.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Target {
    pub value: f64,
    pub label: String,
    pub color: RGBColor,
}

/// A line over the groups, on its own axis at the right.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    /// One value per group.
    pub values: Vec<f64>,
    pub labels: Vec<String>,
    pub color: RGBColor,
    pub axis: String,
}

/// A vertical bar chart.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct VBars {
    pub groups: Vec<Group>,
    /// The value axis's title, with its unit.
    pub axis: String,
    /// The category axis's title, if the labels need one ("Academic year").
    pub x_axis: Option<String>,
    pub keys: Vec<Key>,
    pub targets: Vec<Target>,
    pub line: Option<Line>,
}

/// The page of chart `name`'s columns by academic year: its title and value axis from the
/// translation table, no subtitle, "academic year" under the groups and no line.
pub(crate) fn by_year_page(
    name: &str,
    lang: Language,
    alt: String,
    groups: Vec<Group>,
    keys: Vec<Key>,
    targets: Vec<Target>,
) -> Page<VBars> {
    Page {
        title: words::chart(lang, name, "title", &[]),
        subtitle: None,
        alt,
        figure: VBars {
            groups,
            axis: words::chart(lang, name, "axis", &[]),
            x_axis: Some(words::shared(lang, "academic_year", &[])),
            keys,
            targets,
            line: None,
        },
    }
}

/// Share of a group's slot its columns take.
const GROUP_FILL: f64 = 0.72;

/// A label cut into at most two lines that fit `max` pixels.
fn wrap(label: &str, max: i32) -> Vec<String> {
    if theme::width(label, TICK, false) <= max {
        return vec![label.to_string()];
    }
    let words: Vec<&str> = label.split(' ').collect();
    // The longest first line that fits; the rest goes on the second, shortened if need be.
    for cut in (1..words.len()).rev() {
        let first = words[..cut].join(" ");
        if theme::width(&first, TICK, false) <= max {
            let second = words[cut..].join(" ");
            return vec![first, theme::fit(&second, TICK, false, max)];
        }
    }
    vec![theme::fit(label, TICK, false, max)]
}

impl Figure for VBars {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        body: Body,
        lang: Language,
    ) -> Drawn<DB> {
        let mut top = body.top;
        // Targets are named in the legend: a label on the line would run into the columns.
        let mut keys = self.keys.clone();
        keys.extend(self.targets.iter().map(|t| Key {
            label: t.label.clone(),
            color: t.color,
            swatch: Swatch::Dashed,
        }));
        top += theme::legend(root, &keys, (body.left, top), body.right - body.left)?;
        top += 12;
        let n = self.groups.len().max(1);
        let format = |v: &f64| theme::tick_label(lang, *v);
        let data_max = self
            .groups
            .iter()
            .flat_map(|g| &g.columns)
            .map(|c| c.segments.iter().map(|s| s.0).sum::<f64>())
            .chain(self.targets.iter().map(|t| t.value))
            .fold(0.0, f64::max);
        // Room over the tallest column for its label; with a line, the columns keep to the
        // lower part so that the line and its labels run above them.
        let max = if self.line.is_some() {
            theme::nice_max(data_max / 0.62)
        } else {
            theme::nice_max(data_max * 1.06)
        };
        let tick_width = |max: f64| theme::width(&format(&max), TICK, false).max(20);
        let has_under = self
            .groups
            .iter()
            .any(|g| g.columns.iter().any(|c| !c.under.is_empty()));
        let slot = (body.right - body.left - 200) / n as i32;
        let lines = self
            .groups
            .iter()
            .map(|g| wrap(&g.label, slot - 12).len())
            .max()
            .unwrap_or(1) as i32;
        let x_area = 16
            + if has_under { 32 } else { 0 }
            + lines * 32
            + if self.x_axis.is_some() { 44 } else { 8 };
        let line_max = self
            .line
            .as_ref()
            .map(|l| theme::nice_max(l.values.iter().copied().fold(0.0, f64::max) * 1.12));
        let mut chart = ChartBuilder::on(root)
            .margin_top(top)
            .margin_bottom(super::HEIGHT as i32 - body.bottom)
            .margin_left(body.left)
            .margin_right(super::WIDTH as i32 - body.right)
            .y_label_area_size(tick_width(max) + 56)
            .right_y_label_area_size(line_max.map(|m| tick_width(m) + 56).unwrap_or(0))
            .x_label_area_size(x_area)
            .build_cartesian_2d(0f64..n as f64, 0f64..max)?
            .set_secondary_coord(0f64..n as f64, 0f64..line_max.unwrap_or(1.0));
        let mut mesh = chart.configure_mesh();
        theme::style_mesh(&mut mesh);
        mesh.disable_x_mesh()
            .x_labels(0)
            .y_labels(7)
            .y_label_formatter(&format)
            .y_desc(self.axis.as_str());
        if let Some(x_axis) = &self.x_axis {
            mesh.x_desc(x_axis.as_str());
        }
        mesh.draw()?;
        if let Some(line) = &self.line {
            chart
                .configure_secondary_axes()
                .axis_style(theme::AXIS)
                .label_style(theme::text(TICK, false, line.color))
                .axis_desc_style(theme::text(theme::AXIS_TITLE, false, INK))
                .x_labels(0)
                .y_labels(7)
                .y_label_formatter(&format)
                .y_desc(line.axis.as_str())
                .draw()?;
        }

        let (x_range, y_range) = chart.plotting_area().get_pixel_range();
        let bottom = y_range.end;
        // The labels under the columns get smaller when the columns are narrow.
        let pitch = (x_range.end - x_range.start) as f64 / n as f64 * GROUP_FILL
            / self
                .groups
                .iter()
                .map(|g| g.columns.len())
                .max()
                .unwrap_or(1)
                .max(1) as f64;
        let widest = |size: f64| {
            self.groups
                .iter()
                .flat_map(|g| &g.columns)
                .map(|c| theme::width(&c.under, size, false))
                .max()
                .unwrap_or(0)
        };
        let under_size = [VALUE, 21.0, 18.0]
            .into_iter()
            .find(|&size| (widest(size) as f64) <= pitch - 6.0)
            .unwrap_or(18.0);
        for target in &self.targets {
            let y = chart.backend_coord(&(0.0, target.value)).1;
            theme::dashed(root, (x_range.start, y), (x_range.end, y), target.color)?;
        }
        for (g, group) in self.groups.iter().enumerate() {
            let k = group.columns.len().max(1) as f64;
            let width = GROUP_FILL / k;
            let start = g as f64 + (1.0 - GROUP_FILL) / 2.0;
            for (c, column) in group.columns.iter().enumerate() {
                let x0 = start + c as f64 * width + width * 0.04;
                let x1 = start + (c + 1) as f64 * width - width * 0.04;
                let mut base = 0.0;
                for &(value, color) in &column.segments {
                    if value > 0.0 {
                        chart.draw_series(std::iter::once(Rectangle::new(
                            [(x0, base), (x1, base + value)],
                            color.filled(),
                        )))?;
                    }
                    base += value;
                }
                let centre = chart.backend_coord(&((x0 + x1) / 2.0, base));
                // A white ground keeps the number readable over grid and target lines.
                let half = theme::width(&column.over, VALUE, false) / 2 + 4;
                root.draw(&Rectangle::new(
                    [
                        (centre.0 - half, centre.1 - 32),
                        (centre.0 + half, centre.1 - 3),
                    ],
                    WHITE.filled(),
                ))?;
                root.draw(&Text::new(
                    column.over.clone(),
                    (centre.0, centre.1 - 6),
                    theme::anchored(VALUE, false, INK, HPos::Center, VPos::Bottom),
                ))?;
                if !column.under.is_empty() {
                    root.draw(&Text::new(
                        column.under.clone(),
                        (centre.0, bottom + 12),
                        theme::anchored(under_size, false, MUTED, HPos::Center, VPos::Top),
                    ))?;
                }
            }
            let centre = chart.backend_coord(&(g as f64 + 0.5, 0.0)).0;
            let first = bottom + 14 + if has_under { 32 } else { 0 };
            for (i, text) in wrap(&group.label, slot - 12).into_iter().enumerate() {
                root.draw(&Text::new(
                    text,
                    (centre, first + i as i32 * 32),
                    theme::anchored(TICK, false, INK, HPos::Center, VPos::Top),
                ))?;
            }
        }
        if let Some(line) = &self.line {
            let secondary = chart.borrow_secondary();
            let points: Vec<(i32, i32)> = line
                .values
                .iter()
                .enumerate()
                .map(|(g, v)| secondary.backend_coord(&(g as f64 + 0.5, *v)))
                .collect();
            for pair in points.windows(2) {
                thick_segment(root, pair[0], pair[1], line.color)?;
            }
            for (p, label) in points.iter().zip(&line.labels) {
                root.draw(&Circle::new(*p, 8, WHITE.filled()))?;
                root.draw(&Circle::new(*p, 7, line.color.filled()))?;
                let size = theme::width(label, VALUE, true);
                root.draw(&Rectangle::new(
                    [
                        (p.0 - size / 2 - 6, p.1 - 46),
                        (p.0 + size / 2 + 6, p.1 - 14),
                    ],
                    WHITE.mix(0.85).filled(),
                ))?;
                root.draw(&Text::new(
                    label.clone(),
                    (p.0, p.1 - 16),
                    theme::anchored(VALUE, true, line.color, HPos::Center, VPos::Bottom),
                ))?;
            }
        }
        Ok(())
    }
}

/// A 4-pixel-wide segment as a filled polygon, the same on both backends.
fn thick_segment<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    a: (i32, i32),
    b: (i32, i32),
    color: RGBColor,
) -> Drawn<DB> {
    let (dx, dy) = ((b.0 - a.0) as f64, (b.1 - a.1) as f64);
    let length = (dx * dx + dy * dy).sqrt().max(1.0);
    let (nx, ny) = (-dy / length * 2.0, dx / length * 2.0);
    let corner = |p: (i32, i32), s: f64| {
        (
            (p.0 as f64 + s * nx).round() as i32,
            (p.1 as f64 + s * ny).round() as i32,
        )
    };
    root.draw(&Polygon::new(
        vec![
            corner(a, 1.0),
            corner(b, 1.0),
            corner(b, -1.0),
            corner(a, -1.0),
        ],
        color.filled(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_wrap_on_two_lines() {
        assert_eq!(wrap("Europe", 200), vec!["Europe"]);
        let lines = wrap("programme intensif hybride (BIP)", 200);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| theme::width(l, TICK, false) <= 200));
    }
}
