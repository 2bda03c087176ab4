//! `partners_world`: a choropleth world map of the reporting year's active partners per
//! country, in the Equal Earth projection (Antarctica left out), five classes of a sequential
//! blue scale, countries without partners in light grey, and small countries with partners
//! marked with a circle; Europe, where partners crowd, again at a larger scale in an inset.

use super::projection::{self, View, Window};
use super::theme::{self, Body, Drawn, EMPTY, INK, LEGEND, PALETTE};
use super::{data, make_chart, words, Chart, ChartContext, Figure, Page, Spec};
use crate::error::Result;
use crate::i18n::labels;
use crate::i18n::Language;
use crate::indicators::Computed;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use polars::prelude::DataFrame;
use std::collections::BTreeMap;

/// The lower bounds of the classes: 1, 2–3, 4–5, 6–10, 11 and more.
const CLASSES: [f64; 5] = [1.0, 2.0, 4.0, 6.0, 11.0];

/// The class colours, light to dark: tints of the palette's blue, then a darker blue.
fn class_colour(class: usize) -> RGBColor {
    match class {
        0 => theme::tint(PALETTE[0], 0.25),
        1 => theme::tint(PALETTE[0], 0.5),
        2 => theme::tint(PALETTE[0], 0.75),
        3 => PALETTE[0],
        _ => RGBColor(0x00, 0x3D, 0x5E),
    }
}

/// The class of a partner count, None for none.
pub(crate) fn class(partners: f64) -> Option<usize> {
    CLASSES.iter().rposition(|&low| partners >= low)
}

/// The legend text of a class: "1", "2–3", "11+".
fn class_label(lang: Language, class: usize) -> String {
    let low = words::num(lang, CLASSES[class]);
    match CLASSES.get(class + 1) {
        Some(next) if *next - 1.0 == CLASSES[class] => low,
        Some(next) => format!("{low}–{}", words::num(lang, next - 1.0)),
        None => format!("{low}+"),
    }
}

/// Partners per country code of the reporting year.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Partners {
    pub by_country: BTreeMap<String, f64>,
}

/// Partners per country of `year`.
pub(crate) fn partners(df: &DataFrame, year: &str) -> Option<Partners> {
    let rows = data::rows_of(df, "academic_year", year)?;
    let countries = data::strings(df, "country")?;
    let partners = data::numbers(df, "partners")?;
    let mut by_country = BTreeMap::new();
    for i in rows {
        *by_country.entry(countries[i].clone()).or_insert(0.0) += partners[i];
    }
    (!by_country.is_empty()).then_some(Partners { by_country })
}

/// The chart, or None when its indicator is absent or has no rows for it.
pub(super) fn make(spec: &Spec, computed: &Computed, ctx: &ChartContext) -> Result<Option<Chart>> {
    make_chart(
        spec,
        computed,
        ctx,
        |df| partners(df, &computed.year),
        |p| page(p, &computed.year, ctx.lang),
    )
}

/// The chart's title, alternative text and figure, in `lang`.
pub(crate) fn page(p: Partners, year: &str, lang: Language) -> Page<Partners> {
    let name = "partners_world";
    let mut ranked: Vec<(&String, &f64)> = p.by_country.iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let top: Vec<String> = ranked
        .iter()
        .take(3)
        .map(|(c, n)| format!("{} ({})", labels::country(lang, c), words::num(lang, **n)))
        .collect();
    let alt = words::chart(
        lang,
        name,
        "alt",
        &[
            ("year", year),
            ("total", &words::num(lang, p.by_country.values().sum())),
            ("countries", &words::num(lang, p.by_country.len() as f64)),
            ("list", &words::list(lang, &top)),
        ],
    );
    Page {
        title: words::chart(lang, name, "title", &[("year", year)]),
        subtitle: Some(words::chart(lang, name, "subtitle", &[])),
        alt,
        figure: p,
    }
}

/// Below this many square pixels, a country is too small to see: it gets a circle too, and
/// no white edge (which would eat it).
const SMALL: f64 = 30.0;

/// Circles to draw over small countries with partners: where, and in which colour.
type Marks = Vec<((i32, i32), RGBColor)>;

impl Partners {
    /// Draws every country of `view`; small ones with partners go to `marks`, unless their
    /// main part lies in `elsewhere` (the inset shows them).
    fn paint<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        view: &View,
        elsewhere: Option<&Window>,
        marks: &mut Marks,
    ) -> Drawn<DB> {
        for land in &projection::world().lands {
            let count = self.by_country.get(&land.code).copied().unwrap_or(0.0);
            let colour = class(count).map(class_colour).unwrap_or(EMPTY);
            for ring in &land.rings {
                let points = view.ring(ring);
                let a = projection::area(&points);
                if points.len() >= 3 && a >= 1.0 {
                    root.draw(&Polygon::new(points.clone(), colour.filled()))?;
                    // A white edge tells apart neighbours of the same class.
                    if a >= SMALL {
                        let mut edge = points;
                        edge.push(edge[0]);
                        root.draw(&PathElement::new(edge, WHITE))?;
                    }
                }
            }
            let small = view.px_area(land.area) < SMALL;
            let shown_elsewhere = elsewhere.is_some_and(|w| w.contains(land.centre));
            if count > 0.0 && small && view.shows(land.centre) && !shown_elsewhere {
                let (x, y) = view.px(land.centre);
                marks.push(((x.round() as i32, y.round() as i32), colour));
            }
        }
        Ok(())
    }
}

impl Figure for Partners {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        body: Body,
        lang: Language,
    ) -> Drawn<DB> {
        let legend_height = 56;
        let world = projection::world().window;
        let main = View::fit(
            world,
            (body.left, body.top),
            (body.right, body.bottom - legend_height),
        );
        // The inset sits in the South Pacific, bottom left, where there is only ocean.
        let (map_left, map_bottom) = main.px(world.min);
        let (map_right, map_top) = main.px(world.max);
        let (left, bottom) = (map_left.round() as i32, map_bottom.round() as i32);
        let right = left + ((map_right - map_left) * 0.25) as i32;
        let top = bottom - ((map_bottom - map_top) * 0.5) as i32;
        let europe = Window::of_degrees(-11.0, 34.0, 34.5, 71.0);
        let mut inset = View::fit(europe, (left + 2, top + 34), (right - 2, bottom - 2));
        inset.clip = Some((
            (left as f32 + 1.0, top as f32 + 1.0),
            (right as f32 - 1.0, bottom as f32 - 1.0),
        ));

        let mut marks = Marks::new();
        self.paint(root, &main, Some(&europe), &mut marks)?;
        root.draw(&Rectangle::new(
            [(left, top), (right, bottom)],
            WHITE.filled(),
        ))?;
        self.paint(root, &inset, None, &mut marks)?;
        root.draw(&Rectangle::new(
            [(left, top), (right, bottom)],
            theme::AXIS.stroke_width(1),
        ))?;
        root.draw(&Text::new(
            labels::continent(lang, "Europe"),
            (left + 10, top + 8),
            theme::anchored(LEGEND, true, INK, HPos::Left, VPos::Top),
        ))?;
        for (at, colour) in marks {
            root.draw(&Circle::new(at, 8, colour.filled()))?;
            root.draw(&Circle::new(at, 8, INK.stroke_width(2)))?;
        }

        let y = body.bottom - legend_height / 2;
        let mut x = body.left;
        let title = words::chart(lang, "partners_world", "legend", &[]);
        root.draw(&Text::new(
            title.clone(),
            (x, y),
            theme::anchored(LEGEND, true, INK, HPos::Left, VPos::Center),
        ))?;
        x += theme::width(&title, LEGEND, true) + 24;
        let mut entries: Vec<(String, RGBColor)> = (0..CLASSES.len())
            .map(|c| (class_label(lang, c), class_colour(c)))
            .collect();
        entries.push((words::chart(lang, "partners_world", "none", &[]), EMPTY));
        for (label, colour) in entries {
            root.draw(&Rectangle::new(
                [(x, y - 13), (x + 40, y + 13)],
                colour.filled(),
            ))?;
            x += 50;
            root.draw(&Text::new(
                label.clone(),
                (x, y),
                theme::anchored(LEGEND, false, INK, HPos::Left, VPos::Center),
            ))?;
            x += theme::width(&label, LEGEND, false) + 32;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::testing::check;
    use polars::prelude::*;

    #[test]
    fn classes_and_their_labels() {
        assert_eq!(class(0.0), None);
        assert_eq!(class(1.0), Some(0));
        assert_eq!(class(3.0), Some(1));
        assert_eq!(class(5.0), Some(2));
        assert_eq!(class(10.0), Some(3));
        assert_eq!(class(11.0), Some(4));
        let labels: Vec<String> = (0..5).map(|c| class_label(Language::En, c)).collect();
        assert_eq!(labels, ["1", "2–3", "4–5", "6–10", "11+"]);
    }

    #[test]
    fn partners_of_the_year_and_a_small_svg() {
        let df = df!(
            "academic_year" => ["2024-2025", "2024-2025", "2024-2025", "2023-2024"],
            "country" => ["DE", "MT", "SG", "FR"],
            "continent" => ["Europe", "Europe", "Asia", "Europe"],
            "partners" => [11i64, 1, 2, 4],
        )
        .unwrap();
        let p = partners(&df, "2024-2025").unwrap();
        assert_eq!(p.by_country.len(), 3);
        assert_eq!(p.by_country["DE"], 11.0);
        let page = page(p.clone(), "2024-2025", Language::En);
        assert_eq!(
            page.alt,
            "In 2024-2025, 14 active partners in 3 countries; most of them in Germany (11), Singapore (2) and Malta (1)."
        );
        let chart = check(page, Language::En);
        // Malta (in the inset) and Singapore are marked with circles; the map stays small.
        assert_eq!(chart.svg.matches("<circle").count(), 4);
        assert!(chart.svg.len() < 600_000, "{} bytes", chart.svg.len());
        check(super::page(p, "2024-2025", Language::Fr), Language::Fr);
    }
}
