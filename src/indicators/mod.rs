//! Indicators: one small function per indicator turns the canonical tables into a lazy
//! Polars frame; all of them form one plan, run an indicator at a time. The registry
//! ([`Indicator`]) lists them with what each reads and writes; the catalogue gives their texts.
//! An indicator whose input table is missing is left out as data ([`Unavailable`]), for each
//! output to phrase.

pub mod balance;
pub mod base;
pub mod catalogue;
pub mod cotutelles;
pub mod countries;
pub mod coverage;
pub mod erasmus;
pub mod erasmus_budget;
pub mod erasmus_report;
pub mod faculty;
pub mod flows;
pub mod headline;
pub mod icm;
pub mod key_figure;
pub mod outgoing_rate;
pub mod partners;
pub mod privacy;
pub mod programmes;
pub mod registry;
pub mod students;
#[cfg(test)]
pub(crate) mod testing;
pub mod welcome;
pub mod words;
mod years;

use crate::error::{Error, Result};
use crate::normalise::academic_year::AcademicYear;
use crate::schema::TableKind;
use crate::tables::Tables;
use base::Base;
pub use coverage::{Absence, Coverage};
pub use key_figure::KeyFigure;
use polars::prelude::*;
pub use registry::Indicator;
use std::collections::{BTreeMap, BTreeSet};

/// What the indicators depend on besides the tables.
#[derive(Debug, Clone, Default)]
pub struct Params {
    /// The reporting year as asked; the latest year in the data otherwise.
    pub year: Option<AcademicYear>,
    /// Minimum days of qualifying outgoing mobility (rules.min_outgoing_days).
    pub min_outgoing_days: i64,
    /// Years without a mobility after which an agreement is dormant (rules.dormant_years).
    pub dormant_years: i64,
    /// The institution's country, ISO alpha-2.
    pub home_country: String,
    /// The config's targets.
    pub targets: BTreeMap<KeyFigure, f64>,
    /// For a faculty's report, the institution's tables: the years and the lists given are
    /// theirs (a faculty without incoming staff still had an incoming staff list).
    pub whole: Option<Tables>,
    /// The tables a faculty's report leaves out as the institution's.
    pub institution_only: Vec<TableKind>,
    /// The Erasmus+ unit costs.
    pub rates: crate::grants::rates::Rates,
    /// The institution's city, for travel distances.
    pub home_city: Option<String>,
}

/// An indicator that was not computed, and the input tables it lacked (each output phrases
/// it in its own words and language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unavailable {
    pub indicator: Indicator,
    /// The tables it needs that no input gave, in the order it lists them.
    pub missing: Vec<TableKind>,
}

/// The indicator plan, not yet run.
pub struct Plan {
    /// The reporting year.
    pub year: String,
    /// Whether the year was chosen because it is the latest in the data.
    pub year_is_default: bool,
    /// The computable indicators and their lazy frames, in catalogue order.
    pub frames: Vec<(Indicator, LazyFrame)>,
    /// The indicators left out, with the tables they lacked.
    pub unavailable: Vec<Unavailable>,
    /// The input tables given.
    pub inputs: BTreeSet<TableKind>,
    /// The populations of mobilities the inputs hold, and their years.
    pub coverage: Coverage,
    /// The tables left out as the institution's (a faculty's report).
    pub institution_only: Vec<TableKind>,
    /// The Erasmus+ grant of each mobility the projects pay, as the indicators read it.
    pub erasmus_grants: DataFrame,
}

/// The computed indicators.
#[derive(Default)]
pub struct Computed {
    pub year: String,
    pub year_is_default: bool,
    /// Each computed indicator and its table, in catalogue order.
    pub tables: Vec<(Indicator, DataFrame)>,
    pub unavailable: Vec<Unavailable>,
    /// The input tables given.
    pub inputs: BTreeSet<TableKind>,
    /// The populations of mobilities the inputs hold, and their years.
    pub coverage: Coverage,
    /// The tables left out as the institution's (a faculty's report).
    pub institution_only: Vec<TableKind>,
    /// The Erasmus+ grant of each mobility the projects pay (data/erasmus_grants.csv).
    pub erasmus_grants: DataFrame,
}

impl Computed {
    /// The table of `indicator`, when it was computed (possibly without rows).
    pub fn get(&self, indicator: Indicator) -> Option<&DataFrame> {
        self.tables
            .iter()
            .find(|(i, _)| *i == indicator)
            .map(|(_, df)| df)
    }

    /// Why `figure` has no value in the reporting year (to be asked only of a figure without
    /// one): the population or table no input gives, or the year its inputs do not reach.
    pub fn absence(&self, figure: KeyFigure) -> Absence {
        let table = figure.table();
        if self.institution_only.contains(&table) {
            return Absence::InstitutionOnly(table);
        }
        if !self.inputs.contains(&table) {
            return Absence::NoTable(table);
        }
        match figure.population() {
            Some(population) if !self.coverage.holds(population) => Absence::NoList(population),
            Some(population) => Absence::YearOutside(population),
            None => Absence::NotInYear,
        }
    }

    /// The input tables `indicator` lacked, when it was not computed.
    pub fn missing(&self, indicator: Indicator) -> Option<&[TableKind]> {
        self.unavailable
            .iter()
            .find(|u| u.indicator == indicator)
            .map(|u| u.missing.as_slice())
    }
}

fn polars(source: PolarsError) -> Error {
    Error::Indicators { source }
}

/// Builds every indicator's lazy frame over `tables`.
pub fn plan(tables: &Tables, params: &Params) -> Result<Plan> {
    let whole = params.whole.as_ref().unwrap_or(tables);
    let (years, year, year_is_default) = years::years(whole, params.year)?;
    let base = Base::new(
        tables,
        year.clone(),
        &years,
        params.min_outgoing_days,
        &params.home_country,
    )
    .map_err(polars)?
    .with_dormant_years(params.dormant_years)
    .with_grants(tables, &params.rates, params.home_city.as_deref())
    .map_err(polars)?;
    // A faculty's report: figures are absent where the whole institution's inputs do not
    // reach (`Base::new` found the coverage of the faculty's rows).
    let base = match &params.whole {
        Some(whole) => base.with_coverage(Coverage::of(whole).map_err(polars)?),
        None => base,
    };
    let mut built = BTreeMap::new();
    let mut frames = Vec::new();
    let mut unavailable = Vec::new();
    for &indicator in Indicator::ALL {
        let lf = (indicator.def().build)(&registry::Inputs {
            base: &base,
            targets: &params.targets,
            built: &built,
        })
        .map_err(polars)?;
        built.insert(indicator, lf.clone());
        let mut missing: Vec<TableKind> = indicator
            .needs()
            .iter()
            .copied()
            .filter(|t| !base.has(*t))
            .collect();
        // Faculties come from the programmes list or a faculty column: with neither, every
        // mobility would be "unspecified".
        if indicator == Indicator::MobilityByFaculty && !base.faculties_known {
            missing.push(TableKind::Programmes);
        }
        if missing.is_empty() {
            frames.push((indicator, lf));
        } else {
            unavailable.push(Unavailable { indicator, missing });
        }
    }
    Ok(Plan {
        year,
        year_is_default,
        frames,
        unavailable,
        inputs: base.present.clone(),
        coverage: base.coverage.clone(),
        institution_only: params.institution_only.clone(),
        erasmus_grants: base.erasmus_grants_table.clone(),
    })
}

impl Plan {
    /// The optimised plan, as Polars prints it: one sink per indicator (in the order of
    /// [`Plan::frames`]), each run in turn by [`Plan::collect`].
    pub fn explain(&self) -> Result<String> {
        let names: Vec<&str> = self.frames.iter().map(|(i, _)| i.id()).collect();
        let plans = self
            .frames
            .iter()
            .map(|(_, lf)| lf.logical_plan.clone())
            .collect();
        let plan = LazyFrame::explain_all(plans, OptFlags::default()).map_err(polars)?;
        Ok(format!(
            "indicators, in sink order: {}\n\n{plan}\n",
            names.join(", ")
        ))
    }

    /// Runs the plan, one indicator after the other, each one's freed memory given back to
    /// the system before the next starts. The optimised plan has no part that indicators
    /// share (`explain` shows no cache), so nothing runs twice; each indicator still runs on
    /// every core. Run side by side in one `collect_all`, the largest ones' working memory
    /// (a filtered copy of the columns they read, and their groups) added up: a 1M-row
    /// `report` peaked at 400–440 MB in the indicators against 350–365 MB in turn
    /// (BENCHMARKS.md, issue 18, eleventh pass).
    pub fn collect(self) -> Result<Computed> {
        let mut tables = Vec::with_capacity(self.frames.len());
        for (indicator, lf) in self.frames {
            let df = lf.collect().map_err(polars)?;
            crate::memory::release();
            // The renderers read an indicator's text as strings; the tables are small.
            let df = crate::schema::text_column::plain_frame(df).map_err(polars)?;
            tables.push((indicator, df));
        }
        Ok(Computed {
            year: self.year,
            year_is_default: self.year_is_default,
            tables,
            unavailable: self.unavailable,
            inputs: self.inputs,
            coverage: self.coverage,
            institution_only: self.institution_only,
            erasmus_grants: self.erasmus_grants,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::academic_year::BareYear;

    fn empty_tables() -> Tables {
        Tables {
            frames: TableKind::ALL
                .into_iter()
                .map(|t| (t, base::empty_table(t).unwrap()))
                .collect(),
        }
    }

    #[test]
    fn every_indicator_has_its_registered_columns_even_on_empty_tables() {
        let params = Params {
            year: AcademicYear::parse(
                "2024-2025",
                crate::normalise::academic_year::BareYear::Starts,
            ),
            min_outgoing_days: 60,
            dormant_years: 3,
            home_country: "FR".into(),
            whole: None,
            institution_only: Vec::new(),
            rates: Default::default(),
            home_city: None,
            targets: [
                (KeyFigure::Partners, 150.0),
                (KeyFigure::OutgoingRatePct, 100.0),
            ]
            .into(),
        };
        let computed = plan(&empty_tables(), &params).unwrap().collect().unwrap();
        assert!(computed.unavailable.is_empty());
        assert_eq!(computed.tables.len(), Indicator::ALL.len());
        for ((indicator, df), expected) in computed.tables.iter().zip(Indicator::ALL) {
            assert_eq!(indicator, expected);
            let columns: Vec<&str> = df.get_column_names().iter().map(|c| c.as_str()).collect();
            let declared: Vec<&str> = indicator.columns().iter().map(|c| c.name).collect();
            assert_eq!(columns, declared, "{}", indicator.id());
        }
        // No graduates: no outgoing rate. The partners table is given but empty: 0 partners.
        // Targets are listed by id: outgoing_rate_pct, then partners.
        let targets = computed.get(Indicator::Targets).unwrap();
        let status: Vec<Option<&str>> = targets
            .column("status")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(status, [Some("no data"), Some("not met")]);
    }

    #[test]
    fn a_year_the_data_does_not_reach_is_refused_naming_the_years_held() {
        let mut tables = empty_tables();
        let mobilities = df!(
            "academic_year" => ["2019-2020", "2021-2022", "2022-2023", "2023-2024"],
        )
        .unwrap();
        tables.frames.insert(
            TableKind::Mobilities,
            testing::canonical(TableKind::Mobilities, mobilities),
        );
        let params = |year: &str| Params {
            year: AcademicYear::parse(year, BareYear::Starts),
            min_outgoing_days: 60,
            dormant_years: 3,
            home_country: "FR".into(),
            ..Params::default()
        };
        let err = plan(&tables, &params("2010-2011"))
            .err()
            .unwrap()
            .to_string();
        // 2021-2022, 2022-2023 and 2023-2024 are consecutive: one run; no enrolment years.
        assert_eq!(
            err,
            "the data does not reach 2010-2011: it holds mobilities 2019-2020, 2021-2022 to \
             2023-2024; choose one of those years"
        );
        // 2020-2021 lies between two years of data but has none itself.
        assert!(plan(&tables, &params("2020-2021")).is_err());
        let plan = plan(&tables, &params("2022-2023")).unwrap();
        assert_eq!(
            (plan.year.as_str(), plan.year_is_default),
            ("2022-2023", false)
        );
        // Without a year asked, the latest year with data.
        let latest = super::plan(
            &tables,
            &Params {
                year: None,
                ..params("2022-2023")
            },
        )
        .unwrap();
        assert_eq!(
            (latest.year.as_str(), latest.year_is_default),
            ("2023-2024", true)
        );
    }

    #[test]
    fn missing_tables_are_data() {
        let params = Params {
            min_outgoing_days: 60,
            dormant_years: 3,
            home_country: "FR".into(),
            ..Params::default()
        };
        let mut tables = empty_tables();
        tables.frames.remove(&TableKind::Students);
        let plan = plan(&tables, &params).unwrap();
        let names: Vec<Indicator> = plan.unavailable.iter().map(|u| u.indicator).collect();
        assert_eq!(
            names,
            [
                Indicator::OutgoingRate,
                Indicator::InternationalStudents,
                Indicator::Nationalities,
                Indicator::InternationalStudentsByLevel,
                Indicator::HousingRate,
            ]
        );
        // outgoing_rate needs students and mobilities; only students is missing.
        assert_eq!(plan.unavailable[0].missing, [TableKind::Students]);
        let computed = plan.collect().unwrap();
        assert!(computed.get(Indicator::OutgoingRate).is_none());
        assert_eq!(
            computed.missing(Indicator::OutgoingRate),
            Some(&[TableKind::Students][..])
        );
        assert!(computed.get(Indicator::MobilityFlows).is_some());
        assert_eq!(computed.missing(Indicator::MobilityFlows), None);
    }
}
