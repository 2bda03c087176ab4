//! The indicator registry: every indicator mobistat computes, in catalogue order, as one enum.
//! Each indicator's definition (its id, the tables it needs, its output columns with their
//! kind, and its build function) lives in the indicator's own file as a [`Def`]; this file
//! only lists them. Outputs name indicators by [`Indicator`], never by a string.

use super::base::Base;
use super::key_figure::KeyFigure;
use super::{
    balance, cotutelles, countries, erasmus, erasmus_report, faculty, flows, headline, icm,
    outgoing_rate,
};
use super::{erasmus_budget, partners, programmes, students, welcome};
use crate::schema::{ColumnDef, ColumnKind, TableKind};
use polars::prelude::{LazyFrame, PolarsResult};
use std::collections::BTreeMap;

/// One indicator's definition.
pub struct Def {
    /// Its stable name: `tables/<id>.csv` and the report's section (the workbook's sheet is
    /// named by its title, in the report language).
    pub id: &'static str,
    /// The input tables it cannot be computed without (none: it is built from other
    /// indicators, which need their own).
    pub needs: &'static [TableKind],
    /// Its output columns, in order, with what their values mean.
    pub columns: &'static [ColumnDef],
    /// Its lazy frame.
    pub build: fn(&Inputs) -> PolarsResult<LazyFrame>,
}

/// What a build function reads: the plan's inputs, the targets, and the frames of the
/// indicators listed before it.
pub struct Inputs<'a> {
    pub base: &'a Base,
    /// The config's targets.
    pub targets: &'a BTreeMap<KeyFigure, f64>,
    pub(super) built: &'a BTreeMap<Indicator, LazyFrame>,
}

impl Inputs<'_> {
    /// The frame of an indicator listed before the one being built.
    pub fn frame(&self, indicator: Indicator) -> LazyFrame {
        self.built
            .get(&indicator)
            .unwrap_or_else(|| panic!("{} is listed after its users", indicator.id()))
            .clone()
    }
}

/// Declares the indicator enum from its variants and their definitions, in catalogue order.
macro_rules! registry {
    ($($variant:ident => $def:path),+ $(,)?) => {
        /// An indicator, named by its variant wherever an output refers to it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Indicator { $($variant),+ }

        impl Indicator {
            /// Every indicator, in catalogue order (the order of the plan and of the outputs).
            pub const ALL: &'static [Indicator] = &[$(Indicator::$variant),+];

            /// Its definition.
            pub fn def(self) -> &'static Def {
                match self { $(Indicator::$variant => &$def),+ }
            }
        }
    };
}

registry!(
    OutgoingRate => outgoing_rate::OUTGOING_RATE,
    MobilityFlows => flows::MOBILITY_FLOWS,
    MobilityByCountry => countries::MOBILITY_BY_COUNTRY,
    MobilityByFaculty => faculty::MOBILITY_BY_FACULTY,
    TopDestinations => countries::TOP_DESTINATIONS,
    TopOrigins => countries::TOP_ORIGINS,
    PartnersByAgreement => partners::PARTNERS_BY_AGREEMENT,
    PartnersPerProgramme => partners::PARTNERS_PER_PROGRAMME,
    PartnersByCountry => partners::PARTNERS_BY_COUNTRY,
    PartnersByNetwork => partners::PARTNERS_BY_NETWORK,
    PartnerBalance => balance::PARTNER_BALANCE,
    DormantAgreements => balance::DORMANT_AGREEMENTS,
    IcmByCountry => icm::ICM_BY_COUNTRY,
    StaffMobility => flows::STAFF_MOBILITY,
    InternationalStudents => students::INTERNATIONAL_STUDENTS,
    Nationalities => students::NATIONALITIES,
    InternationalStudentsByLevel => students::INTERNATIONAL_STUDENTS_BY_LEVEL,
    DoubleDegrees => partners::DOUBLE_DEGREES,
    Cotutelles => cotutelles::COTUTELLES,
    ProgrammesInEnglish => programmes::PROGRAMMES_IN_ENGLISH,
    WelcomeServices => welcome::WELCOME_SERVICES,
    HousingRate => welcome::HOUSING_RATE,
    ErasmusActivity => erasmus::ERASMUS_ACTIVITY,
    ErasmusReportKa131 => erasmus_report::ERASMUS_REPORT_KA131,
    ErasmusReportKa171 => erasmus_report::ERASMUS_REPORT_KA171,
    ErasmusReportKa171Regions => erasmus_report::ERASMUS_REPORT_KA171_REGIONS,
    ErasmusBudget => erasmus_budget::ERASMUS_BUDGET,
    ErasmusBudgetUse => erasmus_budget::ERASMUS_BUDGET_USE,
    ErasmusBudgetChecks => erasmus_budget::ERASMUS_BUDGET_CHECKS,
    KeyFigures => headline::KEY_FIGURES,
    Targets => headline::TARGETS,
);

impl Indicator {
    /// Its id: the table's file, sheet and section name.
    pub fn id(self) -> &'static str {
        self.def().id
    }

    /// The indicator whose id is `id`.
    pub fn from_id(id: &str) -> Option<Indicator> {
        Self::ALL.iter().copied().find(|i| i.id() == id)
    }

    /// The input tables it needs.
    pub fn needs(self) -> &'static [TableKind] {
        self.def().needs
    }

    /// Its output columns.
    pub fn columns(self) -> &'static [ColumnDef] {
        self.def().columns
    }

    /// What the values of its column `name` mean; [`ColumnKind::Text`] for a column it does
    /// not declare.
    pub fn column_kind(self, name: &str) -> ColumnKind {
        self.columns()
            .iter()
            .find(|c| c.name == name)
            .map_or(ColumnKind::Text, |c| c.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_sheet_names_and_read_back() {
        for (i, indicator) in Indicator::ALL.iter().enumerate() {
            assert_eq!(Indicator::from_id(indicator.id()), Some(*indicator));
            assert!(
                indicator.id().len() <= 31,
                "{indicator:?}: too long for a sheet name"
            );
            assert!(Indicator::ALL[..i].iter().all(|o| o.id() != indicator.id()));
            let mut names: Vec<&str> = indicator.columns().iter().map(|c| c.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), indicator.columns().len(), "{indicator:?}");
        }
        assert_eq!(Indicator::from_id("nope"), None);
        assert_eq!(
            Indicator::TopDestinations.column_kind("share_pct"),
            ColumnKind::Percent
        );
        assert_eq!(
            Indicator::TopDestinations.column_kind("nope"),
            ColumnKind::Text
        );
    }
}
