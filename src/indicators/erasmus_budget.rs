//! Erasmus+ money per project: `erasmus_budget` (what the realised and the planned mobilities
//! earn, heading by heading), `erasmus_budget_use` (against the grants awarded) and
//! `erasmus_budget_checks` (the organisational-support step and the KA131 cap on mobility to
//! third countries not associated to the programme). Every euro comes from the per-mobility
//! grants (`grants::table`, written as data/erasmus_grants.csv).

use super::base::{pct, sorted, Base};
use super::registry::Def;
use super::words::{Own, TargetStatus};
use crate::schema::ColumnKind::{Money, Number, OwnWords, Percent, Text, Vocabulary};
use crate::schema::{ColumnDef, TableKind};
use polars::prelude::*;

/// Erasmus+ budget per project and heading.
pub const ERASMUS_BUDGET: Def = Def {
    id: "erasmus_budget",
    needs: &[TableKind::Mobilities],
    columns: &[
        ColumnDef::new("project_reference", OwnWords),
        ColumnDef::new("key_action", Text),
        // "all" (the whole project) and "other" are translated; the codes are shown as they are.
        ColumnDef::new("activity_code", OwnWords),
        ColumnDef::new("heading", Vocabulary),
        ColumnDef::new("realised_eur", Money),
        ColumnDef::new("planned_eur", Money),
    ],
    build: |i| erasmus_budget(i.base),
};

/// The budget used against the grants awarded.
pub const ERASMUS_BUDGET_USE: Def = Def {
    id: "erasmus_budget_use",
    needs: &[TableKind::Mobilities, TableKind::Grants],
    columns: &[
        ColumnDef::new("project_reference", OwnWords),
        ColumnDef::new("heading", Vocabulary),
        ColumnDef::new("awarded_eur", Money),
        ColumnDef::new("realised_eur", Money),
        ColumnDef::new("planned_eur", Money),
        ColumnDef::new("used_pct", Percent),
        ColumnDef::new("remaining_eur", Money),
    ],
    build: |i| erasmus_budget_use(i.base, i.frame(super::Indicator::ErasmusBudget)),
};

/// The projects' checks.
pub const ERASMUS_BUDGET_CHECKS: Def = Def {
    id: "erasmus_budget_checks",
    needs: &[TableKind::Mobilities, TableKind::Grants],
    columns: &[
        ColumnDef::new("project_reference", OwnWords),
        ColumnDef::new("check", Vocabulary),
        ColumnDef::new("value", Number),
        ColumnDef::new("limit", Number),
        ColumnDef::new("status", Vocabulary),
    ],
    build: |i| erasmus_budget_checks(i.base),
};

/// The headings each mobility earns, in the order the tables list them (organisational
/// support, per project, comes first; the total last).
const MOBILITY_HEADINGS: [&str; 4] = [
    "individual_support",
    "top_ups",
    "travel",
    "inclusion_support",
];

/// The order of the headings in the tables.
fn heading_rank() -> Expr {
    let names = [
        "organisational_support",
        "individual_support",
        "top_ups",
        "travel",
        "inclusion_support",
        "total",
    ];
    let is = |i: usize| col("heading").eq(lit(names[i]));
    let mut chain = when(is(0)).then(lit(0i64)).when(is(1)).then(lit(1i64));
    for i in 2..names.len() {
        chain = chain.when(is(i)).then(lit(i as i64));
    }
    chain.otherwise(lit(99i64)).alias("rank")
}

/// The sum of `e`, or null when one of its values is null (an amount not available makes its
/// sum not available: never a smaller figure that looks complete).
fn full_sum(e: Expr) -> Expr {
    when(e.clone().null_count().gt(lit(0)))
        .then(lit(NULL).cast(DataType::Float64))
        .otherwise(e.sum().cast(DataType::Float64))
}

fn project() -> Expr {
    col("project_reference").fill_null(Own::Unspecified.text())
}

/// The indicator: project_reference, key_action, activity_code, heading, realised_eur (the
/// completed mobilities), planned_eur (those under way too, on their planned dates). Per
/// project and Erasmus+ activity code, each heading the mobilities earn and their total; then
/// per project ("all" activities) the organisational support, each heading and the total.
pub fn erasmus_budget(base: &Base) -> PolarsResult<LazyFrame> {
    let grants = base.erasmus_grants.clone().with_columns([
        project().alias("project_reference"),
        col("activity_code").fill_null(Own::Other.lit()),
    ]);
    let done = col("mobility_status")
        .neq(lit("ongoing"))
        .fill_null(lit(true));
    let order = [
        col("project_reference"),
        col("key_action"),
        col("activity_code"),
        col("heading"),
        col("realised_eur"),
        col("planned_eur"),
    ];
    let mut parts: Vec<LazyFrame> = vec![base.erasmus_projects.clone().select([
        project().alias("project_reference"),
        col("key_action"),
        Own::All.lit().alias("activity_code"),
        lit("organisational_support").alias("heading"),
        col("organisational_support_realised").alias("realised_eur"),
        col("organisational_support_planned").alias("planned_eur"),
    ])];
    for heading in MOBILITY_HEADINGS {
        let sums = [
            full_sum(col(heading).filter(done.clone())).alias("realised_eur"),
            full_sum(col(heading)).alias("planned_eur"),
        ];
        parts.push(
            grants
                .clone()
                .group_by([
                    col("project_reference"),
                    col("key_action"),
                    col("activity_code"),
                ])
                .agg(sums.clone())
                .with_column(lit(heading).alias("heading")),
        );
        parts.push(
            grants
                .clone()
                .group_by([col("project_reference"), col("key_action")])
                .agg(sums)
                .with_columns([
                    lit(heading).alias("heading"),
                    Own::All.lit().alias("activity_code"),
                ]),
        );
    }
    let parts: Vec<LazyFrame> = parts.into_iter().map(|p| p.select(order.clone())).collect();
    let headings = concat(parts, UnionArgs::default())?;
    let total = headings
        .clone()
        .group_by([
            col("project_reference"),
            col("key_action"),
            col("activity_code"),
        ])
        .agg([
            full_sum(col("realised_eur")).alias("realised_eur"),
            full_sum(col("planned_eur")).alias("planned_eur"),
        ])
        .with_column(lit("total").alias("heading"))
        .select(order);
    let lf = concat([headings, total], UnionArgs::default())?.with_columns([
        heading_rank(),
        col("activity_code")
            .eq(Own::All.text())
            .alias("all_activities"),
        col("realised_eur").round(2, RoundMode::HalfAwayFromZero),
        col("planned_eur").round(2, RoundMode::HalfAwayFromZero),
    ]);
    // Mobilities without a project reference are all "unspecified", under both key actions:
    // the key action is part of the order, or those rows would come in any order.
    Ok(sorted(
        lf,
        &[
            "project_reference",
            "key_action",
            "all_activities",
            "activity_code",
            "rank",
        ],
    )
    .drop(cols(["rank", "all_activities"])))
}

/// The grants awarded per project and heading ("total" when the list names none).
fn awarded(base: &Base) -> LazyFrame {
    base.grants
        .clone()
        .with_column(col("heading").fill_null(lit("total")))
        .group_by([col("project_reference"), col("heading")])
        .agg([col("awarded_eur").sum().cast(DataType::Float64)])
}

/// The indicator: project_reference, heading, awarded_eur, realised_eur, planned_eur,
/// used_pct (realised / awarded × 100), remaining_eur (awarded − planned). One row per
/// project and heading the grants list gives.
pub fn erasmus_budget_use(base: &Base, budget: LazyFrame) -> PolarsResult<LazyFrame> {
    let keys = [col("project_reference"), col("heading")];
    let lf = awarded(base)
        .join(
            budget
                .filter(col("activity_code").eq(Own::All.text()))
                .select([
                    col("project_reference"),
                    col("heading"),
                    col("realised_eur"),
                    col("planned_eur"),
                ]),
            keys.clone(),
            keys,
            JoinArgs::new(JoinType::Left),
        )
        .with_columns([
            heading_rank(),
            pct(col("realised_eur"), col("awarded_eur")).alias("used_pct"),
            (col("awarded_eur") - col("planned_eur"))
                .round(2, RoundMode::HalfAwayFromZero)
                .alias("remaining_eur"),
        ]);
    Ok(sorted(lf, &["project_reference", "rank"]).select([
        col("project_reference"),
        col("heading"),
        col("awarded_eur"),
        col("realised_eur"),
        col("planned_eur"),
        col("used_pct"),
        col("remaining_eur"),
    ]))
}

/// The most a KA131 project may spend on mobility to third countries not associated to the
/// programme, in % of its grant: "Maximaal 20% van het toegekende budget" (erasmusplus.nl, the
/// Dutch National Agency; see `grants/rates.toml`).
pub const KA131_THIRD_COUNTRY_CAP_PCT: f64 = 20.0;

/// The participants paid the first organisational-support amount (the step is at the 100th).
const FIRST_STEP: f64 = 100.0;

fn status(met: Expr) -> Expr {
    when(met.clone().is_null())
        .then(lit(TargetStatus::NoData.as_str()))
        .when(met)
        .then(lit(TargetStatus::Met.as_str()))
        .otherwise(lit(TargetStatus::NotMet.as_str()))
}

/// The indicator: project_reference, check, value, limit, status. Per project of the grants
/// list: `participants_within_step` (planned participants against the 100 paid the first
/// organisational-support amount: "not met" means some are paid the lower one) and, for KA131
/// projects, `third_country_share_pct` (the planned grants of mobilities to third countries
/// not associated, in % of the total awarded, against the 20 % cap).
pub fn erasmus_budget_checks(base: &Base) -> PolarsResult<LazyFrame> {
    // A project's grant: its "total" row when the list gives one, else its headings summed.
    let is_total = col("heading").is_null().or(col("heading").eq(lit("total")));
    let listed = base
        .grants
        .clone()
        .group_by([col("project_reference")])
        .agg([when(is_total.clone().any(true))
            .then(col("awarded_eur").filter(is_total).sum())
            .otherwise(col("awarded_eur").sum())
            .cast(DataType::Float64)
            .alias("awarded")]);
    let step = base
        .erasmus_projects
        .clone()
        .join(
            listed.clone(),
            [col("project_reference")],
            [col("project_reference")],
            JoinArgs::new(JoinType::Inner),
        )
        .select([
            col("project_reference"),
            lit("participants_within_step").alias("check"),
            col("participants_planned")
                .cast(DataType::Float64)
                .alias("value"),
            lit(FIRST_STEP).alias("limit"),
        ]);
    let third = base
        .erasmus_grants
        .clone()
        .filter(col("key_action").eq(lit("KA131")))
        .group_by([col("project_reference")])
        .agg([
            full_sum(col("total").filter(col("country_group").eq(lit("third_country"))))
                .fill_null(lit(NULL).cast(DataType::Float64))
                .alias("third"),
        ])
        .join(
            listed,
            [col("project_reference")],
            [col("project_reference")],
            JoinArgs::new(JoinType::Inner),
        )
        .select([
            col("project_reference"),
            lit("third_country_share_pct").alias("check"),
            pct(col("third"), col("awarded")).alias("value"),
            lit(KA131_THIRD_COUNTRY_CAP_PCT).alias("limit"),
        ]);
    let lf = concat([step, third], UnionArgs::default())?
        .with_column(status(col("value").lt_eq(col("limit"))).alias("status"));
    Ok(sorted(lf, &["project_reference", "check"]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grants::rates::{Amount, Rates};
    use crate::indicators::testing::{assert_frame, base};

    /// Project A (KA131, 2024): M1 to Sweden 162 days (2,430 with the office's 450 a month),
    /// M2 to Brazil 90 days (third country: 700 × 3 = 2,100 + travel 8000+ km 1,735 = 3,835),
    /// M3 to Sweden under way, planned 60 days (2 × 450 = 900). Project B (KA131, 2024): M4 to
    /// Poland, group 3, no amount given: not available.
    fn tables() -> Base {
        let ka131 = "2024-1-FR01-KA131-HED-000000001";
        let other = "2024-1-FR01-KA131-HED-000000002";
        let mobilities = df!(
            "mobility_id" => ["M1", "M2", "M3", "M4"],
            "direction" => ["outgoing"; 4],
            "participant" => ["student"; 4],
            "activity" => ["study"; 4],
            "funding" => ["erasmus_ka131"; 4],
            "partner_country" => ["SE", "BR", "SE", "PL"],
            "project_reference" => [ka131, ka131, ka131, other],
            "academic_year" => ["2024-2025"; 4],
            "duration_days" => [Some(162i64), Some(90), None, Some(90)],
            "mobility_status" => ["completed", "completed", "ongoing", "completed"],
            "start_date" => [None, None, Some(chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()), None],
            "end_date" => [None, None, Some(chrono::NaiveDate::from_ymd_opt(2025, 4, 29).unwrap()), None],
        )
        .unwrap();
        let grants = df!(
            "project_reference" => [ka131, ka131],
            "heading" => [None, Some("travel")],
            "awarded_eur" => [30000.0, 2000.0],
        )
        .unwrap();
        let rates = Rates::with_office(vec![Amount {
            key: "student.month.group_1".into(),
            action: "KA131".into(),
            calls: [2024, 2024],
            eur: 450.0,
            source: "test: the office's grant decision".into(),
        }]);
        let tables = vec![
            (TableKind::Mobilities, mobilities),
            (TableKind::Grants, grants),
        ];
        let b = base(tables.clone(), "2024-2025", &["2024-2025"]);
        let whole = crate::tables::Tables {
            frames: tables
                .into_iter()
                .map(|(t, df)| (t, crate::indicators::testing::canonical(t, df)))
                .collect(),
        };
        b.with_grants(&whole, &rates, None).unwrap()
    }

    #[test]
    fn the_budget_per_project_and_heading() {
        let b = tables();
        let a = "2024-1-FR01-KA131-HED-000000001";
        let o = "2024-1-FR01-KA131-HED-000000002";
        let df = erasmus_budget(&b).unwrap().collect().unwrap();
        // Project A: one activity (HE-SMS), its five rows, then its six "all" rows; B likewise.
        assert_eq!(df.height(), 22);
        let all_rows = erasmus_budget(&b)
            .unwrap()
            .filter(col("activity_code").eq(lit("all")))
            .drop(cols(["activity_code"]));
        assert_frame(
            all_rows,
            df!(
                "project_reference" => [a, a, a, a, a, a, o, o, o, o, o, o],
                "key_action" => ["KA131"; 12],
                "heading" => ["organisational_support", "individual_support", "top_ups", "travel", "inclusion_support", "total",
                              "organisational_support", "individual_support", "top_ups", "travel", "inclusion_support", "total"],
                // A: 2 completed participants × 400 = 800; individual 2,430 + 2,100 = 4,530;
                // travel 1,735 (Brazil); total 800 + 4,530 + 1,735 = 7,065.
                // B: 1 × 400; individual support not available, and the total with it.
                "realised_eur" => [Some(800.0), Some(4530.0), Some(0.0), Some(1735.0), Some(0.0), Some(7065.0),
                                   Some(400.0), None, Some(0.0), Some(0.0), Some(0.0), None],
                // A planned: M3 too: 3 × 400 = 1,200; individual 4,530 + 900 = 5,430; total
                // 1,200 + 5,430 + 1,735 = 8,365.
                "planned_eur" => [Some(1200.0), Some(5430.0), Some(0.0), Some(1735.0), Some(0.0), Some(8365.0),
                                  Some(400.0), None, Some(0.0), Some(0.0), Some(0.0), None],
            )
            .unwrap(),
        );
        // Per activity code, A's HE-SMS rows have no organisational support (a project's):
        // their total is the mobilities' own, 4,530 + 1,735 = 6,265 realised.
        let sms = erasmus_budget(&b)
            .unwrap()
            .filter(
                col("project_reference")
                    .eq(lit(a))
                    .and(col("activity_code").eq(lit("HE-SMS")))
                    .and(col("heading").eq(lit("total"))),
            )
            .select([col("realised_eur")])
            .collect()
            .unwrap();
        assert_eq!(
            sms.column("realised_eur").unwrap().f64().unwrap().get(0),
            Some(6265.0)
        );
    }

    #[test]
    fn the_budget_used_against_the_grants_and_the_checks() {
        let b = tables();
        let a = "2024-1-FR01-KA131-HED-000000001";
        let budget = erasmus_budget(&b).unwrap();
        assert_frame(
            erasmus_budget_use(&b, budget).unwrap(),
            df!(
                "project_reference" => [a, a],
                "heading" => ["travel", "total"],
                "awarded_eur" => [2000.0, 30000.0],
                "realised_eur" => [1735.0, 7065.0],
                "planned_eur" => [1735.0, 8365.0],
                // 1,735 / 2,000 = 86.75 → 86.8; 7,065 / 30,000 = 23.55 → 23.6 (one decimal).
                "used_pct" => [86.8, 23.6],
                // 2,000 − 1,735 = 265; 30,000 − 8,365 = 21,635.
                "remaining_eur" => [265.0, 21635.0],
            )
            .unwrap(),
        );
        assert_frame(
            erasmus_budget_checks(&b).unwrap(),
            df!(
                "project_reference" => [a, a],
                "check" => ["participants_within_step", "third_country_share_pct"],
                // 3 planned participants, within the first 100.
                // Brazil: 3,835 of the 30,000 awarded (the total row) = 12.78 → 12.8 %,
                // within the 20 % cap.
                "value" => [3.0, 12.8],
                "limit" => [100.0, 20.0],
                "status" => ["met", "met"],
            )
            .unwrap(),
        );
    }
}
