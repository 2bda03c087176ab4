//! The tables of an Erasmus+ project's final report, from the mobilities table:
//! `erasmus_report_ka131` and `erasmus_report_ka171` (per project reference, activity code,
//! direction and partner country) and `erasmus_report_ka171_regions` (the KA171 table summed
//! per Programme Guide region, the unit KA171 budgets are given in).
//!
//! There is no academic year in the keys: a project runs over several academic years and its
//! final report covers its whole life; per-year figures are in `erasmus_activity`. Mobilities
//! without a project reference stay, under the project "unspecified", so that the tables add
//! up to the KA131 and KA171 rows of `mobility_flows`.

use super::base::{mean_days, sorted, Base};
use super::erasmus::{activity_code, final_report_measures, with_measures, MEASURE_COLUMNS};
use super::registry::Def;
use super::words::{is, Own};
use crate::reference::regions;
use crate::schema::vocab::Funding;
use crate::schema::ColumnKind::{Code, Country, OwnWords, Region, Text, Vocabulary};
use crate::schema::{ColumnDef, TableKind};
use polars::prelude::*;

/// The KA131 final-report table.
pub const ERASMUS_REPORT_KA131: Def = Def {
    id: "erasmus_report_ka131",
    needs: &[TableKind::Mobilities],
    columns: &with_measures::<4, 10>([
        ColumnDef::new("project_reference", OwnWords),
        ColumnDef::new("activity_code", Text),
        ColumnDef::new("direction", Vocabulary),
        ColumnDef::new("country", Country),
    ]),
    build: |i| Ok(erasmus_report_ka131(i.base)),
};

/// The KA171 final-report table.
pub const ERASMUS_REPORT_KA171: Def = Def {
    id: "erasmus_report_ka171",
    needs: &[TableKind::Mobilities],
    columns: &with_measures::<6, 12>([
        ColumnDef::new("project_reference", OwnWords),
        ColumnDef::new("activity_code", Text),
        ColumnDef::new("direction", Vocabulary),
        ColumnDef::new("country", Country),
        ColumnDef::new("region", Code),
        ColumnDef::new("region_name", Region),
    ]),
    build: |i| erasmus_report_ka171(i.base),
};

/// The KA171 final-report table per region.
pub const ERASMUS_REPORT_KA171_REGIONS: Def = Def {
    id: "erasmus_report_ka171_regions",
    needs: &[TableKind::Mobilities],
    columns: &with_measures::<5, 11>([
        ColumnDef::new("project_reference", OwnWords),
        ColumnDef::new("region", Code),
        ColumnDef::new("region_name", Region),
        ColumnDef::new("activity_code", Text),
        ColumnDef::new("direction", Vocabulary),
    ]),
    build: |i| erasmus_report_ka171_regions(i.base),
};

/// The keys of the per-country tables. `country` is the partner country: the receiving
/// country of an outgoing mobility, the sending country of an incoming one.
const COUNTRY_KEYS: [&str; 4] = ["project_reference", "activity_code", "direction", "country"];

/// The mobilities of one funding, with their activity code, project and country.
fn funded(base: &Base, funding: Funding) -> LazyFrame {
    base.mobilities.clone().filter(is(funding)).with_columns([
        activity_code(),
        col("project_reference")
            .fill_null(Own::Unspecified.lit())
            .alias("project_reference"),
        col("partner_country").alias("country"),
    ])
}

/// The figures per `keys`, as `erasmus_activity` counts them; columns `keys` then
/// [`MEASURE_COLUMNS`], sorted by `keys`.
fn report(lf: LazyFrame, keys: &[&str]) -> LazyFrame {
    let lf = lf
        .group_by(keys.iter().map(|k| col(*k)).collect::<Vec<_>>())
        .agg(final_report_measures())
        .with_column(mean_days());
    select_sorted(lf, keys, &[])
}

/// Columns `keys`, `extra`, [`MEASURE_COLUMNS`], rows sorted by `keys` (joins do not keep the order).
fn select_sorted(lf: LazyFrame, keys: &[&str], extra: &[&str]) -> LazyFrame {
    let columns: Vec<Expr> = keys
        .iter()
        .chain(extra)
        .chain(MEASURE_COLUMNS.iter().map(|c| &c.name))
        .map(|c| col(*c))
        .collect();
    sorted(lf.select(columns), keys)
}

/// `country` (ISO code) → `region` (Int64) and `region_name` (English), for the countries of
/// the regions table.
fn region_frame() -> PolarsResult<LazyFrame> {
    let (mut codes, mut numbers, mut names) = (Vec::new(), Vec::new(), Vec::new());
    for (code, number, name) in regions::countries() {
        codes.push(code);
        numbers.push(number);
        names.push(name);
    }
    Ok(DataFrame::new(
        codes.len(),
        vec![
            // Coded as the tables' countries are, so the join compares ids.
            Column::new("country".into(), codes).cast(&crate::schema::text_column::coded_dtype())?,
            Column::new("region".into(), numbers),
            Column::new("region_name".into(), names),
        ],
    )?
    .lazy())
}

/// The indicator: project_reference, activity_code, direction, country, mobilities,
/// participants, total_days, mean_days, fewer_opportunities, green_travel.
pub fn erasmus_report_ka131(base: &Base) -> LazyFrame {
    report(funded(base, Funding::ErasmusKa131), &COUNTRY_KEYS)
}

/// The indicator: as `erasmus_report_ka131` with the country's `region` and `region_name`
/// after `country` (null for a country without a region).
pub fn erasmus_report_ka171(base: &Base) -> PolarsResult<LazyFrame> {
    let per_country = report(funded(base, Funding::ErasmusKa171), &COUNTRY_KEYS);
    let with_region = per_country.left_join(region_frame()?, col("country"), col("country"));
    Ok(select_sorted(
        with_region,
        &COUNTRY_KEYS,
        &["region", "region_name"],
    ))
}

/// The indicator: project_reference, region, region_name, activity_code, direction and the
/// figures, over every country of the region (participants are distinct over the region, so
/// they need not add up from the per-country rows). Countries without a region form one row
/// with a null region.
pub fn erasmus_report_ka171_regions(base: &Base) -> PolarsResult<LazyFrame> {
    let lf = funded(base, Funding::ErasmusKa171).left_join(
        region_frame()?,
        col("country"),
        col("country"),
    );
    Ok(report(
        lf,
        &[
            "project_reference",
            "region",
            "region_name",
            "activity_code",
            "direction",
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::base::empty_table;
    use crate::schema::TableKind;
    use crate::tables::Tables;

    const KA171: &str = "2023-1-FR01-KA171-HED-000000001";

    /// Six mobilities (only the columns the tables read):
    ///  A  P1 out study    KA171 UA 100 days, fewer opportunities
    ///  B  P1 out study    KA171 UA  50 days (P1 again: 2 mobilities, 1 participant)
    ///  C  -- in  teaching KA171 MA   5 days, 2 participants (no person_id), green travel
    ///  D  P2 in  study    KA171 FR  30 days, no region (France is a Member State)
    ///  E  P3 out training KA131 DE   5 days, no project reference
    ///  F  P4 out study    bilateral  -- counts in no report table
    fn base() -> Base {
        let tables = Tables {
            frames: [(
                TableKind::Mobilities,
                empty_table(TableKind::Mobilities).unwrap(),
            )]
            .into(),
        };
        let mut base =
            Base::new(&tables, "2024-2025".into(), &["2024-2025".into()], 60, "FR").unwrap();
        let (ka171, ka131) = ("erasmus_ka171", "erasmus_ka131");
        base.mobilities = df!(
            "person_id" => [Some("P1"), Some("P1"), None, Some("P2"), Some("P3"), Some("P4")],
            "direction" => ["outgoing", "outgoing", "incoming", "incoming", "outgoing", "outgoing"],
            "activity" => ["study", "study", "teaching", "study", "training", "study"],
            "funding" => [ka171, ka171, ka171, ka171, ka131, "bilateral"],
            "project_reference" => [Some(KA171), Some(KA171), Some(KA171), Some(KA171), None, None],
            "partner_country" => ["UA", "UA", "MA", "FR", "DE", "CL"],
            "duration_days" => [100i64, 50, 5, 30, 5, 90],
            "participants" => [1i64, 1, 2, 1, 1, 1],
            "fewer_opportunities" => [true, false, false, false, false, false],
            "green_travel" => [false, false, true, false, false, false],
        )
        .unwrap()
        .lazy()
        // Coded, as the loader codes them.
        .with_columns(
            [
                "direction",
                "activity",
                "funding",
                "project_reference",
                "partner_country",
            ]
            .map(|c| col(c).cast(crate::schema::text_column::coded_dtype())),
        );
        base
    }

    /// The frame as CSV-like lines, nulls empty.
    fn lines(lf: LazyFrame) -> Vec<String> {
        let df = lf.collect().unwrap();
        (0..df.height())
            .map(|i| {
                df.columns()
                    .iter()
                    .map(|c| match c.get(i).unwrap() {
                        AnyValue::Null => String::new(),
                        v => v.get_str().map_or_else(|| v.to_string(), str::to_string),
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect()
    }

    #[test]
    fn ka131_keeps_mobilities_without_a_project() {
        assert_eq!(
            lines(erasmus_report_ka131(&base())),
            ["unspecified,HE-STT,outgoing,DE,1,1,5,5.0,0,0"]
        );
    }

    #[test]
    fn ka171_per_country_with_its_region() {
        // UA: A + B = 2 mobilities, P1 once, 150 days, 75.0 mean, A with fewer opportunities.
        // MA: C stands for 2 people without id: 2 mobilities, 2 participants, 10 days.
        // FR: no region, kept with a null one.
        assert_eq!(
            lines(erasmus_report_ka171(&base()).unwrap()),
            [
                format!("{KA171},HE-SMS,incoming,FR,,,1,1,30,30.0,0,0"),
                format!("{KA171},HE-SMS,outgoing,UA,2,Neighbourhood East,2,1,150,75.0,1,0"),
                format!("{KA171},HE-STA,incoming,MA,3,South-Mediterranean,2,2,10,5.0,0,2"),
            ]
        );
    }

    #[test]
    fn ka171_per_region_sorts_the_null_region_last() {
        assert_eq!(
            lines(erasmus_report_ka171_regions(&base()).unwrap()),
            [
                format!("{KA171},2,Neighbourhood East,HE-SMS,outgoing,2,1,150,75.0,1,0"),
                format!("{KA171},3,South-Mediterranean,HE-STA,incoming,2,2,10,5.0,0,2"),
                format!("{KA171},,,HE-SMS,incoming,1,1,30,30.0,0,0"),
            ]
        );
    }

    /// Four KA171 and KA131 mobilities built with the indicators' test helper:
    ///  P1 out study KA171 GE 100 days, project KA171
    ///  P1 out study KA171 UA  50 days, project KA171 (GE and UA are both Neighbourhood East)
    ///  P2 out study KA171 UA  30 days, no project
    ///  P3 out study KA131 IT  40 days, project 2024 KA131, fewer opportunities and green
    ///     travel unknown
    ///  P4 out study KA131 IT  20 days, project 2023 KA131, green travel
    fn projects() -> Base {
        let (ka171, ka131) = ("erasmus_ka171", "erasmus_ka131");
        let frame = df!(
            "person_id" => ["P1", "P1", "P2", "P3", "P4"],
            "direction" => ["outgoing"; 5],
            "activity" => ["study"; 5],
            "funding" => [ka171, ka171, ka171, ka131, ka131],
            "project_reference" => [Some(KA171), Some(KA171), None, Some(KA131_2024), Some(KA131_2023)],
            "partner_country" => ["GE", "UA", "UA", "IT", "IT"],
            "duration_days" => [100i64, 50, 30, 40, 20],
            "fewer_opportunities" => [Some(false), Some(false), Some(false), None, Some(false)],
            "green_travel" => [Some(false), Some(false), Some(false), None, Some(true)],
        )
        .unwrap();
        crate::indicators::testing::base(
            vec![(TableKind::Mobilities, frame)],
            "2024-2025",
            &["2024-2025"],
        )
    }

    const KA131_2023: &str = "2023-1-FR01-KA131-HED-000000003";
    const KA131_2024: &str = "2024-1-FR01-KA131-HED-000000004";

    #[test]
    fn ka131_per_project_in_reference_order_unknowns_counting_as_no() {
        use crate::indicators::testing::assert_frame;
        assert_frame(
            erasmus_report_ka131(&projects()),
            df!(
                "project_reference" => [KA131_2023, KA131_2024],
                "activity_code" => ["HE-SMS"; 2],
                "direction" => ["outgoing"; 2],
                "country" => ["IT"; 2],
                // P4, then P3: one each.
                "mobilities" => [1i64, 1],
                "participants" => [1i64, 1],
                "total_days" => [20i64, 40],
                "mean_days" => [20.0, 40.0],
                // P3's unknown flags count as no.
                "fewer_opportunities" => [0i64, 0],
                // P4.
                "green_travel" => [1i64, 0],
            )
            .unwrap(),
        );
    }

    #[test]
    fn ka171_regions_count_a_person_once_over_the_region() {
        use crate::indicators::testing::assert_frame;
        // Per country, P1 is one participant in GE and one in UA; over Neighbourhood East, P1
        // is one participant of 2 mobilities, 100 + 50 = 150 days, 150 / 2 = 75.0.
        // P2 has no project: "unspecified", sorting after the reference.
        assert_frame(
            erasmus_report_ka171_regions(&projects()).unwrap(),
            df!(
                "project_reference" => [KA171, Own::Unspecified.as_str()],
                "region" => [2i64, 2],
                "region_name" => ["Neighbourhood East"; 2],
                "activity_code" => ["HE-SMS"; 2],
                "direction" => ["outgoing"; 2],
                "mobilities" => [2i64, 1],
                "participants" => [1i64, 1],
                "total_days" => [150i64, 30],
                "mean_days" => [75.0, 30.0],
                "fewer_opportunities" => [0i64, 0],
                "green_travel" => [0i64, 0],
            )
            .unwrap(),
        );
        let per_country = erasmus_report_ka171(&projects())
            .unwrap()
            .collect()
            .unwrap();
        let participants: i64 = per_country
            .column("participants")
            .unwrap()
            .i64()
            .unwrap()
            .sum()
            .unwrap();
        // GE 1 (P1) + UA 1 (P1) + unspecified UA 1 (P2) = 3: per-country rows do not add up
        // to the region's 1 + 1 = 2.
        assert_eq!(participants, 3);
    }
}
