//! The « Bienvenue en France » label's domains on the page: a domain's heading with what the
//! label asks of it, and the welcome register's figures of the domain's kinds.

use super::table::{indicator_table, Shown};
use super::view::{not_computed, reader_definition, BlockView, Placed};
use super::HtmlInput;
use crate::i18n::Language;
use crate::i18n::{self, fill};
use crate::indicators::privacy::Mask;
use crate::indicators::Indicator;
use crate::render::preset::Domain;
use polars::prelude::BooleanChunked;

/// A label domain's heading and what the label asks of it.
pub(super) fn domain_heading(lang: Language, domain: Domain) -> BlockView {
    let key = |part: &str| format!("report.domain.{}.{part}", domain.id());
    let mut view = BlockView::new("domain", domain.id(), i18n::text(lang, &key("title")));
    view.paragraphs.push(i18n::text(lang, &key("intro")));
    view
}

/// The welcome register's figures of `domain`'s kinds, for the reporting year.
pub(super) fn register(input: &HtmlInput, domain: Domain) -> Placed {
    let lang = input.lang;
    let which = Indicator::WelcomeServices;
    let title = fill(
        lang,
        "report.domain.register",
        &[(
            "domain",
            &i18n::text(lang, &format!("report.domain.{}.title", domain.id())),
        )],
    );
    let left_out = |reason: String| Placed::LeftOut {
        id: domain.register_id(),
        title: title.clone(),
        reason,
    };
    let Some(df) = input.computed.get(which) else {
        return left_out(not_computed(input, which));
    };
    let kinds: Vec<&str> = domain.kinds().iter().map(|k| k.as_str()).collect();
    let Some(of_domain) = df
        .column("kind")
        .ok()
        .and_then(|c| c.str().ok())
        .map(|c| {
            c.iter()
                .map(|k| k.is_some_and(|k| kinds.contains(&k)))
                .collect::<BooleanChunked>()
        })
        .and_then(|mask| df.filter(&mask).ok())
    else {
        return left_out(not_computed(input, which));
    };
    // The register's figures are not counts of people: nothing in them is hidden.
    let hidden = (&Mask::EMPTY, input.hidden.marker(lang));
    match indicator_table(
        lang,
        which,
        &title,
        &of_domain,
        &input.computed.year,
        hidden,
    ) {
        Shown::Table(table) => {
            let mut view = BlockView::new("indicator", domain.register_id(), title);
            view.tables.push(table);
            view.definition = Some((
                i18n::text(lang, "report.definition"),
                reader_definition(lang, which, input.min_outgoing_days, input.dormant_years),
            ));
            Placed::Shown(Box::new(view))
        }
        Shown::Nothing(_) => left_out(fill(
            lang,
            "report.domain.no_register_rows",
            &[("year", &input.computed.year)],
        )),
    }
}
