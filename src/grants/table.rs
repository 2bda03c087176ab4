//! The per-mobility grants table (`data/erasmus_grants.csv`): every mobility the institution's
//! KA131 and KA171 projects pay (KA131 outgoing; KA171 both ways), with the rule applied, the
//! country group, the days and months counted, each amount, and whether its distance was
//! estimated. A mobility still under way is counted on its planned dates and marked so.

use super::rates::{Action, Rates};
use super::rules::{grant, Facts};
use crate::schema::rules::parse_project_reference;
use polars::prelude::*;
use rayon::prelude::*;

/// The columns of the table, in order.
pub const COLUMNS: [&str; 26] = [
    "mobility_id",
    "person_id",
    "project_reference",
    "key_action",
    "call_year",
    "academic_year",
    "direction",
    "participant",
    "activity",
    "activity_code",
    "country",
    "mobility_status",
    "rule",
    "country_group",
    "days",
    "months",
    "extra_days",
    "individual_support",
    "top_ups",
    "travel",
    "inclusion_support",
    "total",
    "distance_band",
    "distance_from",
    "rates_missing",
    "rates_used",
];

/// The mobilities' columns the grants are computed from.
const READ: [&str; 21] = [
    "mobility_id",
    "person_id",
    "project_reference",
    "academic_year",
    "direction",
    "participant",
    "activity",
    "partner_country",
    "partner_city",
    "funding",
    "mobility_status",
    "distance_band",
    "duration_days",
    "funded_days",
    "interrupted_days",
    "distance_km",
    "start_date",
    "end_date",
    "fewer_opportunities",
    "green_travel",
    "zero_grant",
];

/// A text column's values, borrowed (None where null, or everywhere for a missing column).
fn texts<'a>(df: &'a DataFrame, name: &str) -> Vec<Option<&'a str>> {
    match df.column(name).ok().and_then(|c| c.str().ok()) {
        Some(c) => c.iter().collect(),
        None => vec![None; df.height()],
    }
}

fn ints(df: &DataFrame, name: &str) -> Vec<Option<i64>> {
    match df
        .column(name)
        .ok()
        .and_then(|c| c.cast(&DataType::Int64).ok())
    {
        Some(c) => c.i64().map(|c| c.iter().collect()).unwrap_or_default(),
        None => vec![None; df.height()],
    }
}

fn bools(df: &DataFrame, name: &str) -> Vec<bool> {
    match df.column(name).ok().and_then(|c| c.bool().ok()) {
        Some(c) => c.iter().map(|v| v.unwrap_or(false)).collect(),
        None => vec![false; df.height()],
    }
}

/// The key action a mobility's funding names, if one of the institution's projects pays it:
/// KA131 pays its outgoing mobilities (an incoming KA131 student is the partner's), KA171 both.
fn action(funding: Option<&str>, incoming: bool) -> Option<Action> {
    match funding? {
        "erasmus_ka131" if !incoming => Some(Action::Ka131),
        "erasmus_ka171" => Some(Action::Ka171),
        _ => None,
    }
}

/// Rows whose grants one thread computes in one go.
const BLOCK_ROWS: usize = 16_384;

/// The output columns, filled row by row.
#[derive(Default)]
struct Out<'a> {
    text: [Vec<Option<&'a str>>; 10],
    owned: [Vec<Option<String>>; 6],
    int: [Vec<i64>; 4],
    money: [Vec<Option<f64>>; 5],
    distance_from: Vec<&'static str>,
}

/// The funded mobilities' columns the rules read, borrowed.
struct Input<'a> {
    ids: Vec<Option<&'a str>>,
    people: Vec<Option<&'a str>>,
    projects: Vec<Option<&'a str>>,
    years: Vec<Option<&'a str>>,
    directions: Vec<Option<&'a str>>,
    participants: Vec<Option<&'a str>>,
    activities: Vec<Option<&'a str>>,
    countries: Vec<Option<&'a str>>,
    cities: Vec<Option<&'a str>>,
    fundings: Vec<Option<&'a str>>,
    statuses: Vec<Option<&'a str>>,
    bands: Vec<Option<&'a str>>,
    days: Vec<Option<i64>>,
    funded_days: Vec<Option<i64>>,
    interrupted: Vec<Option<i64>>,
    distances: Vec<Option<i64>>,
    starts: Vec<Option<i64>>,
    ends: Vec<Option<i64>>,
    fewer: Vec<bool>,
    green: Vec<bool>,
    zero: Vec<bool>,
}

impl<'a> Input<'a> {
    /// Row `i`'s grant into `out`, when one of the institution's projects pays it.
    fn row(&self, i: usize, home: &str, home_city: Option<&str>, rates: &Rates, out: &mut Out<'a>) {
        let incoming = self.directions[i] == Some("incoming");
        let Some(action) = action(self.fundings[i], incoming) else {
            return;
        };
        let call = self.projects[i]
            .and_then(parse_project_reference)
            .map(|(year, _, _)| year as i32)
            .or_else(|| self.years[i].and_then(|y| y.get(..4)?.parse().ok()))
            .unwrap_or_default();
        // The days as the export funds them, else as the dates span (planned, for a mobility
        // under way), less the interruptions.
        let planned = match (self.starts[i], self.ends[i]) {
            (Some(s), Some(e)) if e >= s => Some(e - s + 1),
            _ => None,
        };
        let spent = self.funded_days[i]
            .or(self.days[i])
            .or(planned)
            .unwrap_or(0)
            - self.interrupted[i].unwrap_or(0);
        let facts = Facts {
            action,
            call,
            incoming,
            staff: self.participants[i] == Some("staff"),
            activity: self.activities[i].unwrap_or_default().to_string(),
            country: self.countries[i].unwrap_or_default().to_string(),
            home: home.to_string(),
            days: spent,
            days_are_funded: self.funded_days[i].is_some(),
            fewer_opportunities: self.fewer[i],
            green_travel: self.green[i],
            zero_grant: self.zero[i],
            distance_km: self.distances[i].map(|d| d as f64),
            distance_band: self.bands[i].map(str::to_string),
            home_city: home_city.map(str::to_string),
            city: self.cities[i].map(str::to_string),
        };
        let g = grant(&facts, rates);
        let code = self.activities[i]
            .and_then(crate::schema::vocab::Activity::parse)
            .and_then(|a| a.erasmus_code());
        let texts = [
            self.ids[i],
            self.people[i],
            self.projects[i],
            Some(action.as_str()),
            self.years[i],
            self.directions[i],
            self.participants[i],
            self.activities[i],
            code,
            self.countries[i],
        ];
        for (column, value) in out.text.iter_mut().zip(texts) {
            column.push(value);
        }
        let owned = [
            self.statuses[i].map(str::to_string),
            Some(g.rule.to_string()),
            Some(g.group.name()),
            g.band.map(str::to_string),
            (!g.missing.is_empty()).then(|| g.missing.join(" ")),
            (!g.used.is_empty()).then(|| g.used.join(" ")),
        ];
        for (column, value) in out.owned.iter_mut().zip(owned) {
            column.push(value);
        }
        for (column, value) in out
            .int
            .iter_mut()
            .zip([call as i64, g.days, g.months, g.extra_days])
        {
            column.push(value);
        }
        let money = [
            g.individual_support,
            g.top_ups,
            g.travel,
            g.inclusion_support,
            g.total(),
        ];
        for (column, value) in out.money.iter_mut().zip(money) {
            column.push(value);
        }
        out.distance_from.push(g.distance_from);
    }
}

/// The per-mobility grants of the canonical mobilities `m`, the institution being in `home`
/// (and, when given, in `home_city`). Only the Erasmus-funded rows are read one by one: the
/// others are filtered out first, column-wise.
pub fn grants_table(
    m: &DataFrame,
    home: &str,
    home_city: Option<&str>,
    rates: &Rates,
) -> PolarsResult<DataFrame> {
    // Only the columns read below are copied (a copy of every column of a million-row table
    // was a fifth of `report`'s peak).
    let read: Vec<Expr> = READ
        .iter()
        .filter(|name| m.column(name).is_ok())
        .map(|name| col(*name))
        .collect();
    let funded = m
        .clone()
        .lazy()
        .select(read)
        .filter(
            col("funding").eq(lit("erasmus_ka171")).or(col("funding")
                .eq(lit("erasmus_ka131"))
                .and(col("direction").neq(lit("incoming")))),
        )
        .collect()?;
    let m = &funded;
    let t = |n| texts(m, n);
    let input = Input {
        ids: t("mobility_id"),
        people: t("person_id"),
        projects: t("project_reference"),
        years: t("academic_year"),
        directions: t("direction"),
        participants: t("participant"),
        activities: t("activity"),
        countries: t("partner_country"),
        cities: t("partner_city"),
        fundings: t("funding"),
        statuses: t("mobility_status"),
        bands: t("distance_band"),
        days: ints(m, "duration_days"),
        funded_days: ints(m, "funded_days"),
        interrupted: ints(m, "interrupted_days"),
        distances: ints(m, "distance_km"),
        starts: ints(m, "start_date"),
        ends: ints(m, "end_date"),
        fewer: bools(m, "fewer_opportunities"),
        green: bools(m, "green_travel"),
        zero: bools(m, "zero_grant"),
    };
    // Each row's grant depends on that row alone: blocks of rows on all cores, joined in
    // order, give the table row by row would.
    let blocks: Vec<Out> = (0..m.height())
        .step_by(BLOCK_ROWS)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|start| {
            let mut out = Out::default();
            for i in start..(start + BLOCK_ROWS).min(m.height()) {
                input.row(i, home, home_city, rates, &mut out);
            }
            out
        })
        .collect();
    // Each column straight from the blocks, not from the blocks first joined into one copy.
    let height = blocks.iter().map(|b| b.int[0].len()).sum();
    let text = |name: &str, k: usize| {
        let values = blocks.iter().flat_map(|b| b.text[k].iter().copied());
        StringChunked::from_iter_options(name.into(), values).into_column()
    };
    let owned = |name: &str, k: usize| {
        let values = blocks
            .iter()
            .flat_map(|b| b.owned[k].iter().map(Option::as_deref));
        StringChunked::from_iter_options(name.into(), values).into_column()
    };
    let int = |name: &str, k: usize| {
        let values = blocks.iter().flat_map(|b| b.int[k].iter().copied());
        Int64Chunked::from_iter_values(name.into(), values).into_column()
    };
    let money = |name: &str, k: usize| {
        let values = blocks.iter().flat_map(|b| b.money[k].iter().copied());
        Float64Chunked::from_iter_options(name.into(), values).into_column()
    };
    let distance_from = blocks.iter().flat_map(|b| b.distance_from.iter().copied());
    let columns = vec![
        text("mobility_id", 0),
        text("person_id", 1),
        text("project_reference", 2),
        text("key_action", 3),
        int("call_year", 0),
        text("academic_year", 4),
        text("direction", 5),
        text("participant", 6),
        text("activity", 7),
        text("activity_code", 8),
        text("country", 9),
        owned("mobility_status", 0),
        owned("rule", 1),
        owned("country_group", 2),
        int("days", 1),
        int("months", 2),
        int("extra_days", 3),
        money("individual_support", 0),
        money("top_ups", 1),
        money("travel", 2),
        money("inclusion_support", 3),
        money("total", 4),
        owned("distance_band", 3),
        StringChunked::from_iter_values("distance_from".into(), distance_from).into_column(),
        owned("rates_missing", 4),
        owned("rates_used", 5),
    ];
    debug_assert!(columns.iter().map(|c| c.name().as_str()).eq(COLUMNS));
    DataFrame::new(height, columns)
}

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
        super::rules::organisational_support(n, action, call as i32, rates)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testing::canonical;
    use crate::schema::TableKind;

    #[test]
    fn only_the_institution_s_projects_mobilities_with_their_amounts() {
        // M1 KA131 out to Spain, 90 days, 2024 project; M2 KA131 incoming (the partner's);
        // M3 bilateral; M4 KA171 incoming from Brazil, 2023 call, 150 days; M5 KA131 out,
        // under way (no days yet), planned 2024-09-01 to 2024-11-29 = 90 days, zero grant.
        let m = canonical(
            TableKind::Mobilities,
            df!(
                "mobility_id" => ["M1", "M2", "M3", "M4", "M5"],
                "direction" => ["outgoing", "incoming", "outgoing", "incoming", "outgoing"],
                "participant" => ["student"; 5],
                "activity" => ["study"; 5],
                "funding" => ["erasmus_ka131", "erasmus_ka131", "bilateral", "erasmus_ka171", "erasmus_ka131"],
                "partner_country" => ["ES", "ES", "US", "BR", "DE"],
                "project_reference" => [Some("2024-1-FR01-KA131-HED-000000001"), None, None, Some("2023-1-FR01-KA171-HED-000000002"), None],
                "academic_year" => ["2024-2025"; 5],
                "duration_days" => [Some(90i64), Some(90), Some(90), Some(150), None],
                "zero_grant" => [false, false, false, false, true],
                "mobility_status" => ["completed", "completed", "completed", "completed", "ongoing"],
            )
            .unwrap(),
        );
        let mut m = m;
        let dates = df!(
            "start_date" => [None, None, None, None, Some(chrono::NaiveDate::from_ymd_opt(2024, 9, 1).unwrap())],
            "end_date" => [None, None, None, None, Some(chrono::NaiveDate::from_ymd_opt(2024, 11, 29).unwrap())],
        )
        .unwrap();
        for c in dates.columns() {
            m.with_column(c.clone()).unwrap();
        }
        let g = grants_table(&m, "FR", None, &Rates::default()).unwrap();
        let col = |n: &str| texts(&g, n);
        assert_eq!(col("mobility_id"), [Some("M1"), Some("M4"), Some("M5")]);
        assert_eq!(ints(&g, "call_year"), [Some(2024), Some(2023), Some(2024)]);
        // M1: group 2 has no shipped amount: individual support and total not available.
        assert_eq!(col("rates_missing")[0], Some("student.month.group_2"));
        assert_eq!(g.column("total").unwrap().null_count(), 1);
        // M4: 850 × 5 + 1,500 travel = 5,750. M5: zero grant, on its planned 90 days.
        let totals: Vec<Option<f64>> = g.column("total").unwrap().f64().unwrap().iter().collect();
        assert_eq!(totals, [None, Some(5750.0), Some(0.0)]);
        assert_eq!(ints(&g, "days")[2], Some(90));
        assert_eq!(col("mobility_status")[2], Some("ongoing"));
    }
}
