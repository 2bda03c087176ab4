//! What a mobility is, whoever makes it: activity, funding, level, host, dates.

use crate::calendar::academic_year;
use crate::catalogue::KA131_PROJECTS;
use crate::people::Gender;
use chrono::NaiveDate;
use std::cmp::Ordering;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Activity {
    Study,
    Traineeship,
    DoubleDegree,
    Teaching,
    Training,
    Bip,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Funding {
    Ka131,
    Ka171,
    Bilateral,
    Bci,
    Brafitec,
    Isep,
    Unfunded,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Level {
    Bachelor,
    Master,
    Doctorate,
}

/// Where a mobility takes place (outgoing) or comes from (incoming).
#[derive(Clone, Copy, Debug)]
pub struct Host {
    pub name: &'static str,
    pub code: &'static str,
    pub iso: &'static str,
    pub city: &'static str,
}

#[derive(Clone, Debug)]
pub struct Mobility {
    pub person: String,
    pub activity: Activity,
    pub funding: Funding,
    pub icm: Option<&'static str>,
    pub programme: usize,
    pub level: Level,
    pub host: Host,
    pub nationality: &'static str,
    pub gender: Gender,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub fewer_opportunities: bool,
    pub green_travel: bool,
}

impl Mobility {
    /// The Erasmus+ project that pays: the KA171 project, or the KA131 project of the call of
    /// the academic year the mobility starts in; none for other fundings.
    pub fn project(&self) -> Option<&'static str> {
        match self.funding {
            Funding::Ka131 => {
                let year = academic_year(self.start);
                let project = KA131_PROJECTS.iter().find(|(call, _)| *call == year);
                Some(
                    project
                        .expect("a KA131 project for every year of the demo")
                        .1,
                )
            }
            _ => self.icm,
        }
    }

    /// The order the files list mobilities in: by start date, then person.
    pub fn chronological(&self, other: &Mobility) -> Ordering {
        (self.start, &self.person).cmp(&(other.start, &other.person))
    }
}

/// A funding and, for KA171, the project that pays.
pub type Funded = (Funding, Option<&'static str>);
