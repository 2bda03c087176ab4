//! Indicators: one small function per indicator turns the canonical tables into a lazy
//! Polars frame; all of them form one plan, collected once. The catalogue describes each.

pub mod base;
pub mod catalogue;
pub mod countries;
pub mod erasmus;
pub mod erasmus_report;
pub mod flows;
pub mod headline;
pub mod icm;
pub mod outgoing_rate;
pub mod partners;
pub mod students;
#[cfg(test)]
pub(crate) mod testing;

use crate::error::{Error, Result};
use crate::normalise::academic_year::{AcademicYear, BareYear};
use crate::schema::TableKind;
use crate::tables::Tables;
use base::Base;
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// What the indicators depend on besides the tables.
#[derive(Debug, Clone, Default)]
pub struct Params {
    /// The reporting year as asked ("2024-2025"); the latest year in the data otherwise.
    pub year: Option<String>,
    /// Minimum days of qualifying outgoing mobility (rules.min_outgoing_days).
    pub min_outgoing_days: i64,
    /// The institution's country, ISO alpha-2.
    pub home_country: String,
    /// The config's targets: key figure name → value.
    pub targets: BTreeMap<String, f64>,
}

/// The indicator plan, not yet run.
pub struct Plan {
    /// The reporting year.
    pub year: String,
    /// Whether the year was chosen because it is the latest in the data.
    pub year_is_default: bool,
    /// Indicator name and its lazy frame, in catalogue order.
    pub frames: Vec<(&'static str, LazyFrame)>,
    /// Indicators left out, each with the sentence that says why.
    pub unavailable: Vec<(&'static str, String)>,
}

/// The computed indicators.
pub struct Computed {
    pub year: String,
    pub year_is_default: bool,
    /// Indicator name and its table, in catalogue order.
    pub tables: Vec<(&'static str, DataFrame)>,
    pub unavailable: Vec<(&'static str, String)>,
}

fn polars(source: PolarsError) -> Error {
    Error::Indicators { source }
}

/// The distinct non-null values of a text column.
fn distinct(tables: &Tables, table: TableKind, column: &str) -> PolarsResult<BTreeSet<String>> {
    let Some(df) = tables.get(table) else {
        return Ok(BTreeSet::new());
    };
    let values = df.column(column)?.as_materialized_series().str()?.clone();
    Ok(values.iter().flatten().map(str::to_string).collect())
}

/// The years trends cover (those of the mobilities and enrolments, else of the graduations)
/// and the reporting year (asked, else the latest of them).
fn years(tables: &Tables, asked: Option<&str>) -> Result<(Vec<String>, String, bool)> {
    let mut years = distinct(tables, TableKind::Mobilities, "academic_year").map_err(polars)?;
    years.extend(distinct(tables, TableKind::Students, "enrolled_year").map_err(polars)?);
    if years.is_empty() {
        years = distinct(tables, TableKind::Students, "graduation_year").map_err(polars)?;
    }
    let (year, default) = match asked {
        Some(text) => {
            let year =
                AcademicYear::parse(text, BareYear::Starts).ok_or_else(|| Error::Config {
                    path: "--year".into(),
                    message: format!("\"{text}\" is not an academic year (write it as 2024-2025)"),
                })?;
            (year.to_string(), false)
        }
        None => match years.last() {
            Some(y) => (y.clone(), true),
            None => (
                AcademicYear::of_date(chrono::Local::now().date_naive(), 9).to_string(),
                true,
            ),
        },
    };
    years.insert(year.clone());
    Ok((years.into_iter().collect(), year, default))
}

/// Builds every indicator's lazy frame over `tables`.
pub fn plan(tables: &Tables, params: &Params) -> Result<Plan> {
    for name in params.targets.keys() {
        if !headline::KEY_FIGURES.contains(&name.as_str()) {
            let close = headline::KEY_FIGURES
                .iter()
                .min_by_key(|k| strsim::levenshtein(k, name))
                .expect("key figures");
            return Err(Error::Config {
                path: "[targets]".into(),
                message: format!(
                    "\"{name}\" is not a key figure (did you mean \"{close}\"? targets can be set on: {})",
                    headline::KEY_FIGURES.join(", ")
                ),
            });
        }
    }
    let (years, year, year_is_default) = years(tables, params.year.as_deref())?;
    let base = Base::new(
        tables,
        year.clone(),
        &years,
        params.min_outgoing_days,
        &params.home_country,
    )
    .map_err(polars)?;
    let all = build(&base, params).map_err(polars)?;
    let mut frames = Vec::new();
    let mut unavailable = Vec::new();
    for (name, lf) in all {
        let entry = catalogue::entry(name).expect("every indicator is in the catalogue");
        let missing: Vec<&str> = entry
            .needs
            .iter()
            .filter(|t| !base.has(**t))
            .map(|t| t.as_str())
            .collect();
        if missing.is_empty() {
            frames.push((name, lf));
        } else {
            unavailable.push((
                name,
                format!(
                    "{name} is not computed: it needs a {} table, and no input gives one (add an input with table = \"{}\" to mobistat.toml)",
                    missing.join(" and a "),
                    missing[0]
                ),
            ));
        }
    }
    Ok(Plan {
        year,
        year_is_default,
        frames,
        unavailable,
    })
}

/// Every indicator, in catalogue order.
fn build(base: &Base, params: &Params) -> PolarsResult<Vec<(&'static str, LazyFrame)>> {
    let outgoing_rate = outgoing_rate::outgoing_rate(base)?;
    let international = students::international_students(base);
    let key_figures = headline::key_figures(base, outgoing_rate.clone(), international.clone());
    let targets = headline::targets(base, key_figures.clone(), &params.targets)?;
    Ok(vec![
        ("outgoing_rate", outgoing_rate),
        ("mobility_flows", flows::mobility_flows(base)),
        ("mobility_by_country", countries::mobility_by_country(base)?),
        (
            "top_destinations",
            countries::top_countries(base, "outgoing")?,
        ),
        ("top_origins", countries::top_countries(base, "incoming")?),
        (
            "partners_by_agreement",
            partners::partners_by_agreement(base)?,
        ),
        (
            "partners_per_programme",
            partners::partners_per_programme(base),
        ),
        ("partners_by_country", partners::partners_by_country(base)?),
        ("icm_by_country", icm::icm_by_country(base)?),
        ("staff_mobility", flows::staff_mobility(base)),
        ("international_students", international),
        ("nationalities", students::nationalities(base)?),
        (
            "international_students_by_level",
            students::international_students_by_level(base),
        ),
        ("double_degrees", partners::double_degrees(base)),
        ("erasmus_activity", erasmus::erasmus_activity(base)),
        (
            "erasmus_report_ka131",
            erasmus_report::erasmus_report_ka131(base),
        ),
        (
            "erasmus_report_ka171",
            erasmus_report::erasmus_report_ka171(base)?,
        ),
        (
            "erasmus_report_ka171_regions",
            erasmus_report::erasmus_report_ka171_regions(base)?,
        ),
        ("key_figures", key_figures),
        ("targets", targets),
    ])
}

impl Plan {
    /// The optimised plan, as Polars prints it: one sink per indicator (in the order of
    /// [`Plan::frames`]), with the parts they share cached once.
    pub fn explain(&self) -> Result<String> {
        let names: Vec<&str> = self.frames.iter().map(|(n, _)| *n).collect();
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

    /// Runs the plan: every indicator in one `collect_all`, so shared parts run once.
    pub fn collect(self) -> Result<Computed> {
        let names: Vec<&'static str> = self.frames.iter().map(|(n, _)| *n).collect();
        let plans = self
            .frames
            .into_iter()
            .map(|(_, lf)| lf.logical_plan)
            .collect();
        let frames = LazyFrame::collect_all_with_engine(plans, Engine::Auto, OptFlags::default())
            .map_err(polars)?;
        Ok(Computed {
            year: self.year,
            year_is_default: self.year_is_default,
            tables: names.into_iter().zip(frames).collect(),
            unavailable: self.unavailable,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty_tables() -> Tables {
        Tables {
            frames: TableKind::ALL
                .into_iter()
                .map(|t| (t, base::empty_table(t).unwrap()))
                .collect(),
        }
    }

    #[test]
    fn every_indicator_has_the_catalogue_columns_even_on_empty_tables() {
        let params = Params {
            year: Some("2024-2025".into()),
            min_outgoing_days: 60,
            home_country: "FR".into(),
            targets: [
                ("partners".to_string(), 150.0),
                ("outgoing_rate_pct".to_string(), 100.0),
            ]
            .into(),
        };
        let computed = plan(&empty_tables(), &params).unwrap().collect().unwrap();
        assert!(computed.unavailable.is_empty());
        assert_eq!(computed.tables.len(), catalogue::catalogue().len());
        for ((name, df), entry) in computed.tables.iter().zip(catalogue::catalogue()) {
            assert_eq!(*name, entry.name);
            let columns: Vec<&str> = df.get_column_names().iter().map(|c| c.as_str()).collect();
            assert_eq!(columns, entry.columns, "{name}");
        }
        // No graduates: no outgoing rate. The partners table is given but empty: 0 partners.
        let targets = &computed.tables.last().unwrap().1;
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
    fn missing_tables_and_bad_years_are_explained() {
        let params = Params {
            min_outgoing_days: 60,
            home_country: "FR".into(),
            ..Params::default()
        };
        let mut tables = empty_tables();
        tables.frames.remove(&TableKind::Students);
        let plan = plan(&tables, &params).unwrap();
        let names: Vec<&str> = plan.unavailable.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "outgoing_rate",
                "international_students",
                "nationalities",
                "international_students_by_level"
            ]
        );
        assert!(plan.unavailable[0].1.contains("needs a students table"));

        let bad = Params {
            year: Some("next year".into()),
            ..params
        };
        let err = super::plan(&tables, &bad).err().unwrap().to_string();
        assert!(
            err.contains("\"next year\" is not an academic year"),
            "{err}"
        );
    }
}
