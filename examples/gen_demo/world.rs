//! The world the mobilities happen in: the partners with their agreements (and the messy
//! ways the partner list spells them) and the KA171 projects, and how a partner is chosen.

use crate::calendar::{academic_year, year_label, ymd};
use crate::catalogue::{PartnerDef, ProjectDef, Scheme, DOUBLE_DEGREE_PARTNERS, ENDED_AGREEMENTS};
use crate::catalogue::{NEW_AGREEMENTS, PARTNER_DEFS, PROJECT_DEFS};
use crate::mobility::{Funded, Funding, Host};
use crate::reference::{country, eu_code, Region};
use crate::rng::Rng;
use chrono::{NaiveDate, TimeDelta};

/// One agreement with a partner: places per programme and validity (academic start years).
pub struct Agreement {
    pub places: [u32; 6],
    pub from: i32,
    pub to: i32,
    /// How the partner list writes the validity (several spellings, all valid).
    pub from_text: String,
    pub to_text: String,
}

impl Agreement {
    /// An agreement valid from `from` to `to`, spelling its validity one of the usual ways
    /// (drawn after the places, which the caller draws).
    fn new(rng: &mut Rng, places: [u32; 6], from: i32, to: i32) -> Agreement {
        Agreement {
            places,
            from,
            to,
            from_text: year_text(rng, from, true),
            to_text: year_text(rng, to, false),
        }
    }

    pub fn active(&self, year: i32) -> bool {
        (self.from..=self.to).contains(&year)
    }
}

pub struct Partner {
    pub name: &'static str,
    pub code: &'static str,
    pub iso: &'static str,
    pub city: &'static str,
    pub scheme: Scheme,
    pub main: Agreement,
    pub double_degree: Option<Agreement>,
    /// How the partner list spells the code and the country (messy on purpose, all valid).
    pub code_text: String,
    pub country_text: String,
}

impl Partner {
    pub fn region(&self) -> Region {
        country(self.iso).region
    }

    pub fn host(&self) -> Host {
        Host {
            name: self.name,
            code: self.code,
            iso: self.iso,
            city: self.city,
        }
    }
}

pub struct Project {
    pub reference: &'static str,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub partners: Vec<usize>,
}

pub struct World {
    pub partners: Vec<Partner>,
    pub projects: Vec<Project>,
}

impl World {
    pub fn build() -> World {
        let mut rng = Rng::new("partners");
        let partners: Vec<Partner> = PARTNER_DEFS
            .iter()
            .map(|def| make_partner(def, &mut rng))
            .collect();
        let projects = PROJECT_DEFS
            .iter()
            .map(|def| Project {
                reference: def.reference,
                start: ymd(def.start.0, def.start.1, 1),
                end: project_end(def),
                partners: def
                    .partners
                    .iter()
                    .map(|n| partner_index(&partners, n))
                    .collect(),
            })
            .collect();
        World { partners, projects }
    }

    /// The KA171 project that funds mobility with this partner on this date, if any (the
    /// older project first: offices spend the money that expires first).
    fn project_for(&self, partner: usize, date: NaiveDate) -> Option<&'static str> {
        self.projects
            .iter()
            .find(|p| p.partners.contains(&partner) && p.start <= date && date <= p.end)
            .map(|p| p.reference)
    }

    /// KA171 funding for a mobility with this partner on this date, given to `share` of the
    /// mobilities a running project could fund (nothing is drawn when no project runs).
    pub fn ka171(
        &self,
        rng: &mut Rng,
        partner: usize,
        date: NaiveDate,
        share: f64,
    ) -> Option<Funded> {
        let reference = self.project_for(partner, date)?;
        rng.chance(share)
            .then_some((Funding::Ka171, Some(reference)))
    }

    /// Partners in KA171 projects running on this date whose agreement covers `programme`.
    pub fn icm_partners(&self, date: NaiveDate, programme: usize) -> Vec<usize> {
        let year = academic_year(date);
        let mut out: Vec<usize> = self
            .projects
            .iter()
            .filter(|p| p.start <= date && date <= p.end)
            .flat_map(|p| p.partners.iter().copied())
            .filter(|&i| {
                self.partners[i].main.active(year) && self.partners[i].main.places[programme] > 0
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// A partner with an active agreement covering `programme` in `year`, drawn by region
    /// and then in proportion to its places; `keep` narrows the choice further.
    pub fn pick_partner(
        &self,
        rng: &mut Rng,
        year: i32,
        programme: usize,
        regions: &[(Region, u32)],
        keep: &dyn Fn(&Partner) -> bool,
    ) -> usize {
        let region = rng.weighted(regions);
        // The partners that fit, weighted by their places; in any region if none in `region`.
        let candidates = |any_region: bool| -> Vec<(usize, u32)> {
            self.partners
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    (any_region || p.region() == region)
                        && p.main.active(year)
                        && p.main.places[programme] > 0
                        && keep(p)
                })
                .map(|(i, p)| (i, p.main.places[programme]))
                .collect()
        };
        let mut found = candidates(false);
        if found.is_empty() {
            found = candidates(true);
        }
        rng.weighted(&found)
    }

    /// A double-degree partner for `programme` in `year`, if one has places.
    pub fn pick_double_degree(&self, rng: &mut Rng, year: i32, programme: usize) -> Option<usize> {
        let candidates: Vec<(usize, u32)> = self
            .partners
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let dd = p.double_degree.as_ref()?;
                (dd.active(year) && dd.places[programme] > 0).then_some((i, dd.places[programme]))
            })
            .collect();
        (!candidates.is_empty()).then(|| rng.weighted(&candidates))
    }
}

/// The last day of a project: the day before the month that follows its last month.
fn project_end(def: &ProjectDef) -> NaiveDate {
    let (year, month) = def.start;
    // Months counted from 0 so that integer division gives the year.
    let after = (month - 1) + def.months;
    ymd(year + (after / 12) as i32, after % 12 + 1, 1) - TimeDelta::days(1)
}

fn partner_index(partners: &[Partner], name: &str) -> usize {
    partners
        .iter()
        .position(|p| p.name == name)
        .unwrap_or_else(|| panic!("partner {name} missing"))
}

fn make_partner(def: &PartnerDef, rng: &mut Rng) -> Partner {
    let &(name, code, iso, city, scheme) = def;
    let from = NEW_AGREEMENTS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(2021, |&(_, y)| y);
    let to = ENDED_AGREEMENTS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(2027, |&(_, y)| y);
    // Older bilateral agreements predate the 2021-2027 Erasmus+ programme.
    let from = if scheme != Scheme::Erasmus && from == 2021 && rng.chance(0.5) {
        rng.between(2016, 2020) as i32
    } else {
        from
    };
    let places = programme_places(rng, 3..=6, if scheme == Scheme::Isep { 1 } else { 6 });
    let main = Agreement::new(rng, places, from, to);
    let double_degree = DOUBLE_DEGREE_PARTNERS.contains(&name).then(|| {
        let from = rng.between(2017, 2021) as i32;
        let to = rng.between(2026, 2029) as i32;
        let places = programme_places(rng, 1..=2, 3);
        Agreement::new(rng, places, from, to)
    });
    Partner {
        name,
        code,
        iso,
        city,
        scheme,
        main,
        double_degree,
        code_text: code_spelling(rng, code),
        country_text: partner_country_text(rng, iso),
    }
}

/// Places per programme: `covered` programmes get 1 to `max_places` places each, the others
/// none (written 0 or left blank in the file).
fn programme_places(
    rng: &mut Rng,
    covered: std::ops::RangeInclusive<i64>,
    max_places: i64,
) -> [u32; 6] {
    let covered = rng.between(*covered.start(), *covered.end()) as usize;
    let mut order = [0, 1, 2, 3, 4, 5];
    for i in (1..6).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut places = [0; 6];
    for &p in &order[..covered] {
        places[p] = rng.between(1, max_places) as u32;
    }
    places
}

/// An academic year as partner lists write it: "2021-2022", "2021/22" or a bare year. A bare
/// year reads as the year that starts in it for "from" and ends in it for "to".
fn year_text(rng: &mut Rng, start_year: i32, is_from: bool) -> String {
    match rng.below(10) {
        0..=5 => year_label(start_year),
        6 | 7 => format!("{}/{:02}", start_year, (start_year + 1) % 100),
        _ if is_from => start_year.to_string(),
        _ => (start_year + 1).to_string(),
    }
}

/// Erasmus codes as people type them: official double space, single space, a non-breaking
/// space pasted from a web page, or lowercase.
fn code_spelling(rng: &mut Rng, code: &str) -> String {
    if code.is_empty() {
        return String::new();
    }
    match rng.below(20) {
        0..=9 => code.to_string(),
        10..=14 => collapse_spaces(code),
        15..=16 => code.replacen(' ', "\u{a0}", 1),
        _ => code.to_lowercase(),
    }
}

pub fn collapse_spaces(code: &str) -> String {
    code.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The partner list mixes French names and ISO codes (EL and UK for Greece and the United
/// Kingdom, the European Commission's codes).
fn partner_country_text(rng: &mut Rng, iso: &str) -> String {
    if rng.chance(0.7) {
        country(iso).fr.to_string()
    } else {
        eu_code(iso).to_string()
    }
}
