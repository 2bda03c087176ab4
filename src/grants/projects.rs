//! The per-project table of the institution's Erasmus+ projects, from the per-mobility grants
//! (`table`): each project's key action and call, its participants and its organisational
//! support.

use super::columns::{ints, texts};
use super::rates::{Action, Rates};
use super::rules::organisational_support;
use polars::prelude::*;

/// Per project: its key action and call, its participants (zero-grant ones included; planned
/// counts the mobilities under way too) and its organisational support on each count (null
/// when the rates have no amount for its action and call).
pub fn projects_table(grants: &DataFrame, rates: &Rates) -> PolarsResult<DataFrame> {
    let projects = texts(grants, "project_reference");
    let actions = texts(grants, "key_action");
    let calls = ints(grants, "call_year");
    let statuses = texts(grants, "mobility_status");
    // project → (action, call, realised participants, planned participants)
    let mut by: std::collections::BTreeMap<String, (String, i64, i64, i64)> = Default::default();
    for i in 0..grants.height() {
        let Some(project) = projects[i].map(str::to_string) else {
            continue;
        };
        let entry = by.entry(project).or_insert((
            actions[i].unwrap_or_default().to_string(),
            calls[i].unwrap_or_default(),
            0,
            0,
        ));
        entry.3 += 1;
        if statuses[i] != Some("ongoing") {
            entry.2 += 1;
        }
    }
    let support = |n: i64, action: &str, call: i64| {
        let action = match action {
            "KA171" => Action::Ka171,
            _ => Action::Ka131,
        };
        organisational_support(n, action, call as i32, rates)
    };
    let rows: Vec<_> = by.into_iter().collect();
    df!(
        "project_reference" => rows.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(),
        "key_action" => rows.iter().map(|(_, r)| r.0.clone()).collect::<Vec<_>>(),
        "call_year" => rows.iter().map(|(_, r)| r.1).collect::<Vec<_>>(),
        "participants_realised" => rows.iter().map(|(_, r)| r.2).collect::<Vec<_>>(),
        "participants_planned" => rows.iter().map(|(_, r)| r.3).collect::<Vec<_>>(),
        "organisational_support_realised" => rows.iter().map(|(_, r)| support(r.2, &r.0, r.1)).collect::<Vec<_>>(),
        "organisational_support_planned" => rows.iter().map(|(_, r)| support(r.3, &r.0, r.1)).collect::<Vec<_>>(),
    )
}
