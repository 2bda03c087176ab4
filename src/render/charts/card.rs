//! The key-figures card (`key_figures`): the reporting year's headline figures in a 4 × 3 grid,
//! each a big number with its caption and its change against the year before, for slides and
//! dossiers.

use super::theme::{self, Body, Drawn, INK, MUTED, PALETTE};
use super::{finish, words, Chart, ChartContext, Figure, Page};
use crate::error::Result;
use crate::i18n;
use crate::i18n::Language;
use crate::indicators::Indicator;
use crate::render::key_figures::Headline;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// One figure as printed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Headed {
    pub value: String,
    pub label: String,
    pub change: String,
}

/// The card: figures in reading order, four per row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Card {
    pub figures: Vec<Headed>,
}

const COLUMNS: usize = 4;
const VALUE_SIZE: f64 = 84.0;
const CAPTION: f64 = 27.0;
const CHANGE: f64 = 23.0;

/// The card of the reporting year, or None when no headline has a value.
pub(super) fn make(
    headlines: &[Headline],
    year: &str,
    ctx: &ChartContext,
) -> Result<Option<Chart>> {
    if headlines.iter().all(|h| h.value.is_none()) {
        return Ok(None);
    }
    let page = page(headlines, year, ctx.institution, ctx.lang);
    finish(
        Indicator::KeyFigures.id(),
        Indicator::KeyFigures,
        page,
        ctx,
        year,
        // A hidden figure explains itself: "< 5", "fewer than 5 people".
        None,
    )
    .map(Some)
}

/// The chart's title, alternative text and figure, in `lang`.
pub(crate) fn page(
    headlines: &[Headline],
    year: &str,
    institution: &str,
    lang: Language,
) -> Page<Card> {
    let figures: Vec<Headed> = headlines
        .iter()
        .map(|h| Headed {
            value: h.value_text(lang),
            label: h.label(lang),
            change: h.change_text(lang),
        })
        .collect();
    let first: Vec<String> = headlines
        .iter()
        .zip(&figures)
        .filter(|(h, _)| h.value.is_some())
        .take(3)
        .map(|(_, f)| format!("{} {}", f.value, f.label))
        .collect();
    Page {
        title: i18n::fill(lang, "card.title", &[("year", year)]),
        subtitle: Some(institution.to_string()),
        alt: words::chart(
            lang,
            "key_figures",
            "alt",
            &[
                ("institution", institution),
                ("year", year),
                ("list", &words::list(lang, &first)),
            ],
        ),
        figure: Card { figures },
    }
}

/// Splits a caption into lines that fit `max` pixels (at most two; the second shortened).
fn lines(text: &str, max: i32) -> Vec<String> {
    let mut out: Vec<String> = vec![String::new()];
    for word in text.split(' ') {
        let line = out.last_mut().expect("one line");
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || theme::width(&candidate, CAPTION, false) <= max {
            *line = candidate;
        } else {
            out.push(word.to_string());
        }
    }
    if out.len() > 2 {
        let rest = out[1..].join(" ");
        out.truncate(1);
        out.push(rest);
    }
    out.into_iter()
        .map(|l| theme::fit(&l, CAPTION, false, max))
        .collect()
}

impl Figure for Card {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        body: Body,
        _lang: Language,
    ) -> Drawn<DB> {
        let rows = self.figures.len().div_ceil(COLUMNS).max(1) as i32;
        let gap = 32;
        let cell_w = (body.right - body.left - gap * (COLUMNS as i32 - 1)) / COLUMNS as i32;
        let top = body.top + 8;
        let cell_h = (body.bottom - top) / rows;
        // One colour per row: mobility, partnerships and campus, staff and ICM.
        let colours = [PALETTE[0], PALETTE[2], PALETTE[3]];
        for (i, figure) in self.figures.iter().enumerate() {
            let (row, col) = ((i / COLUMNS) as i32, (i % COLUMNS) as i32);
            let x = body.left + col * (cell_w + gap);
            let y = top + row * cell_h;
            let colour = colours[row as usize % colours.len()];
            root.draw(&Rectangle::new(
                [(x, y), (x + cell_w, y + 6)],
                colour.filled(),
            ))?;
            root.draw(&Text::new(
                theme::fit(&figure.value, VALUE_SIZE, true, cell_w),
                (x, y + 18),
                theme::anchored(VALUE_SIZE, true, colour, HPos::Left, VPos::Top),
            ))?;
            let mut line_y = y + 104;
            for line in lines(&figure.label, cell_w) {
                root.draw(&Text::new(
                    line,
                    (x, line_y),
                    theme::anchored(CAPTION, false, INK, HPos::Left, VPos::Top),
                ))?;
                line_y += 32;
            }
            root.draw(&Text::new(
                theme::fit(&figure.change, CHANGE, false, cell_w),
                (x, y + 176),
                theme::anchored(CHANGE, false, MUTED, HPos::Left, VPos::Top),
            ))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::Absence;
    use crate::render::charts::testing::check;
    use crate::render::key_figures::CARD;
    use crate::schema::vocab::{Direction, Participant};

    fn headlines() -> Vec<Headline> {
        CARD.iter()
            .enumerate()
            .map(|(i, key)| Headline {
                key: *key,
                value: (i != 1).then_some(10.0 + i as f64),
                previous: Some(10.0),
                previous_year: Some("2023-2024".into()),
                absence: (i == 1).then(|| {
                    let incoming = (Direction::Incoming, Participant::Student);
                    (Absence::NoList(incoming), "2024-2025".into())
                }),
                hidden: None,
            })
            .collect()
    }

    #[test]
    fn twelve_figures_and_an_alt_of_the_first_three_with_a_value() {
        let page = page(&headlines(), "2024-2025", "École test", Language::En);
        assert_eq!(page.figure.figures.len(), 12);
        // Not available: a dash and, instead of the change, why.
        assert_eq!(page.figure.figures[1].value, "—");
        assert_eq!(
            page.figure.figures[1].change,
            "no incoming student list was provided"
        );
        assert_eq!(page.title, "Key figures 2024-2025");
        assert_eq!(
            page.alt,
            "École test, key figures 2024-2025: 10.0% of graduates went abroad, 12 incoming exchange students and 13 international traineeships."
        );
        check(page, Language::En);
        check(
            super::page(&headlines(), "2024-2025", "École test", Language::Fr),
            Language::Fr,
        );
    }

    #[test]
    fn captions_fit_in_two_lines() {
        let l = lines("étudiants internationaux accueillis en échange", 300);
        assert_eq!(l.len(), 2);
        assert!(l.iter().all(|l| theme::width(l, CAPTION, false) <= 300));
        assert_eq!(lines("nationalités", 300), ["nationalités"]);
    }
}
