//! The targets block of the report: each target of the reporting year with the value aimed
//! at, the actual value, the gap and the status, the status a word in a coloured badge.

use super::table::{CellView, ColumnView, TableView};
use super::view::{BlockView, Placed};
use super::HtmlInput;
use crate::i18n::Language;
use crate::i18n::{self, fill, labels, percent};
use crate::indicators::privacy::Mask;
use crate::indicators::words::TargetStatus;
use crate::indicators::{Indicator, KeyFigure};
use polars::prelude::*;

/// The targets of the reporting year: value aimed at, actual, gap and status, the status as
/// a word in a coloured badge (the colour is never the only sign). Left out when no target
/// is set for the year.
pub(super) fn targets(input: &HtmlInput) -> Placed {
    let lang = input.lang;
    let year = input.computed.year.as_str();
    let title = i18n::text(lang, "report.targets.title");
    let rows = input
        .computed
        .get(Indicator::Targets)
        .map(|df| {
            let hidden = (
                input.hidden.mask(Indicator::Targets),
                input.hidden.marker(lang),
            );
            target_rows(lang, df, year, hidden)
        })
        .unwrap_or_default();
    if rows.is_empty() {
        return Placed::LeftOut {
            id: "targets",
            title,
            reason: fill(lang, "report.targets.none", &[("year", year)]),
        };
    }
    let mut view = BlockView::new("targets", "targets", title);
    let names = ["target", "target_value", "actual", "gap", "status"];
    view.tables.push(TableView {
        caption: fill(lang, "report.targets.caption", &[("year", year)]),
        note: None,
        columns: names
            .iter()
            .enumerate()
            .map(|(i, n)| ColumnView {
                label: labels::column(lang, n),
                numeric: (1..=3).contains(&i),
            })
            .collect(),
        rows,
        row_header: true,
        totals: None,
    });
    Placed::Shown(Box::new(view))
}

/// The rows of `year`; a cell of `hidden` (an actual value or gap of few people) shows
/// `marker`.
fn target_rows(
    lang: Language,
    df: &DataFrame,
    year: &str,
    (hidden, marker): (&Mask, String),
) -> Vec<Vec<CellView>> {
    let text = |col: &str| -> Vec<Option<String>> {
        df.column(col)
            .ok()
            .and_then(|c| c.str().ok().cloned())
            .map(|c| c.iter().map(|v| v.map(str::to_string)).collect())
            .unwrap_or_default()
    };
    let float = |col: &str| -> Vec<Option<f64>> {
        df.column(col)
            .ok()
            .and_then(|c| c.cast(&DataType::Float64).ok())
            .and_then(|c| c.f64().ok().map(|c| c.iter().collect()))
            .unwrap_or_default()
    };
    let (years, targets, status) = (text("academic_year"), text("target"), text("status"));
    let (aimed, actual, gap) = (float("target_value"), float("actual"), float("gap"));
    let at = |v: &Vec<Option<f64>>, i: usize| v.get(i).copied().flatten();
    (0..df.height())
        .filter(|&i| years.get(i).and_then(|y| y.as_deref()) == Some(year))
        .map(|i| {
            let target = targets.get(i).cloned().flatten().unwrap_or_default();
            let is_pct = KeyFigure::from_id(&target).is_some_and(KeyFigure::is_percent);
            let amount = |v: Option<f64>| match v {
                Some(v) if is_pct => percent(lang, v),
                Some(v) => i18n::number_auto(lang, v, 1),
                None => "–".to_string(),
            };
            let gap_text = match at(&gap, i) {
                Some(g) => {
                    let value = i18n::signed(lang, g, 1);
                    if is_pct {
                        fill(lang, "report.targets.points", &[("value", &value)])
                    } else {
                        value
                    }
                }
                None => "–".to_string(),
            };
            let raw = status.get(i).cloned().flatten().unwrap_or_default();
            let (badge, mark) = match TargetStatus::parse(&raw) {
                Some(TargetStatus::Met) => ("met", "✓"),
                Some(TargetStatus::NotMet) => ("not-met", "✗"),
                Some(TargetStatus::NoData) | None => ("no-data", "–"),
            };
            let shown = |column: &str, text: String| {
                CellView::number(if hidden.contains(i, column) {
                    marker.clone()
                } else {
                    text
                })
            };
            vec![
                CellView::text(labels::vocabulary(lang, "target", &target)),
                CellView::number(amount(at(&aimed, i))),
                shown("actual", amount(at(&actual, i))),
                shown("gap", gap_text),
                CellView {
                    badge: Some(badge),
                    mark: Some(mark),
                    ..CellView::text(labels::vocabulary(lang, "status", &raw))
                },
            ]
        })
        .collect()
}
