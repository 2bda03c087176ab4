//! Issue 16 on the demo: every euro of `erasmus_budget` traces to the per-mobility file
//! `data/erasmus_grants.csv`, `erasmus_budget_use` shows each project's awarded and estimated
//! amounts, and every rate the demo's grants use cites its source.

use crate::demo::demo;
use crate::util::csv_maps;
use mobistat::grants::rates::Action;
use std::collections::BTreeMap;

fn num(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: {s:?}"))
}

#[test]
fn the_budget_adds_up_to_the_mobilities_and_every_rate_has_a_source() {
    let w = demo();
    let run = w.run(&["report", "--lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let grants = csv_maps(&w.read("reports/data/erasmus_grants.csv"));
    let budget = csv_maps(&w.read("reports/tables/erasmus_budget.csv"));
    // The demo's KA131 outgoing and KA171 mobilities: over a thousand, every amount known.
    assert!(grants.len() > 1000, "{}", grants.len());
    assert!(grants.iter().all(|g| g["rates_missing"].is_empty()));

    // Per project and heading, the "all" rows equal the completed mobilities' amounts summed
    // (to the cent); the total adds the organisational support.
    let mut sums: BTreeMap<(String, &str), f64> = BTreeMap::new();
    for g in grants.iter().filter(|g| g["mobility_status"] != "ongoing") {
        for heading in [
            "individual_support",
            "top_ups",
            "travel",
            "inclusion_support",
            "total",
        ] {
            *sums
                .entry((g["project_reference"].clone(), heading))
                .or_default() += num(&g[heading]);
        }
    }
    let projects: Vec<String> = {
        let mut p: Vec<String> = grants
            .iter()
            .map(|g| g["project_reference"].clone())
            .collect();
        p.sort();
        p.dedup();
        p
    };
    assert_eq!(projects.len(), 8, "{projects:?}");
    for project in &projects {
        let row = |heading: &str| -> f64 {
            let r = budget
                .iter()
                .find(|r| {
                    &r["project_reference"] == project
                        && r["activity_code"] == "all"
                        && r["heading"] == heading
                })
                .unwrap_or_else(|| panic!("{project} {heading}"));
            num(&r["realised_eur"])
        };
        for heading in [
            "individual_support",
            "top_ups",
            "travel",
            "inclusion_support",
        ] {
            let expected = sums[&(project.clone(), heading)];
            assert!(
                (row(heading) - expected).abs() < 0.01,
                "{project} {heading}: {} vs {expected}",
                row(heading)
            );
        }
        let total = sums[&(project.clone(), "total")] + row("organisational_support");
        assert!(
            (row("total") - total).abs() < 0.01,
            "{project}: {} vs {total}",
            row("total")
        );
    }

    // Each project of the grants list: awarded, realised and planned amounts.
    let used = csv_maps(&w.read("reports/tables/erasmus_budget_use.csv"));
    for project in &projects {
        let total = used
            .iter()
            .find(|r| &r["project_reference"] == project && r["heading"] == "total")
            .unwrap_or_else(|| panic!("{project} has no total row"));
        for column in [
            "awarded_eur",
            "realised_eur",
            "planned_eur",
            "used_pct",
            "remaining_eur",
        ] {
            assert!(!total[column].is_empty(), "{project}: no {column}");
        }
    }

    // Every rate a demo mobility used has a source: the shipped ones cite the Guide's
    // quotations, the demo's own say they are the demo's.
    let settings = mobistat::settings::Settings::load(
        &w.path().join("mobistat.toml"),
        &mobistat::settings::Overrides::default(),
    )
    .unwrap();
    let mut checked = 0;
    for g in &grants {
        let action = match g["key_action"].as_str() {
            "KA171" => Action::Ka171,
            _ => Action::Ka131,
        };
        let call = num(&g["call_year"]) as i32;
        for key in g["rates_used"].split_whitespace() {
            let amount = settings
                .rates
                .get(key, action, call)
                .unwrap_or_else(|| panic!("{key} {call}: used but not found"));
            assert!(
                amount.source.len() >= 20,
                "{key} {call}: {:?}",
                amount.source
            );
            checked += 1;
        }
    }
    // Some two thousand lookups (2,379 on the demo): at least one per mobility.
    assert!(checked > grants.len(), "{checked}");
}
