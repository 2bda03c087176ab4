//! Staff mobilities: visiting professors and staff-week guests coming in, the school's own
//! staff teaching and training abroad, kept so that no one is in two places at once.

use crate::calendar::{end_after, ymd};
use crate::catalogue::Scheme;
use crate::incoming::incoming_person;
use crate::mobility::{Activity, Funded, Funding, Level, Mobility};
use crate::people::{gender, home_nationality, programme_choice};
use crate::reference::{country, Region, Region::*, INCOMING_REGIONS, OUTGOING_REGIONS};
use crate::rng::Rng;
use crate::world::World;
use crate::{FIRST_YEAR, LAST_YEAR};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Direction {
    Outgoing,
    Incoming,
}

pub struct StaffMobility {
    pub direction: Direction,
    /// The label as the staff list types it (several aliases of teaching and training).
    pub label: &'static str,
    pub mobility: Mobility,
}

/// Teaching labels (all aliases of "teaching") with how often the office types each.
const TEACHING_LABELS: &[(&str, u32)] = &[
    ("Enseignement", 45),
    ("STA", 20),
    ("Mission d'enseignement", 15),
    ("Professeur invité", 20),
];
const TRAINING_LABELS: &[(&str, u32)] = &[
    ("Formation", 45),
    ("STT", 25),
    ("Job shadowing", 15),
    ("Staff week", 15),
];

/// Staff mobilities: visiting professors (the office aims at 100 a year), a few incoming
/// staff-week participants, and the school's own staff teaching and training abroad.
pub fn staff_mobilities(world: &World) -> Vec<StaffMobility> {
    let mut rng = Rng::new("staff");
    let mut calendar = StaffCalendar::default();
    let mut out = Vec::new();
    let home_staff: Vec<String> = (0..70)
        .map(|_| format!("P{:05}", rng.between(1000, 99999)))
        .collect();
    let mut visitors: Vec<(usize, String)> = Vec::new();
    for (i, year) in (FIRST_YEAR..=LAST_YEAR).enumerate() {
        #[rustfmt::skip]
        let counts = [
            (Direction::Incoming, Activity::Teaching, [74, 86, 95, 104][i]),
            (Direction::Incoming, Activity::Training, 4),
            (Direction::Outgoing, Activity::Teaching, [19, 22, 25, 27][i]),
            (Direction::Outgoing, Activity::Training, [15, 18, 20, 22][i]),
        ];
        for (direction, activity, count) in counts {
            for _ in 0..count {
                let (rng, calendar) = (&mut rng, &mut calendar);
                let visit = match direction {
                    Direction::Incoming => {
                        incoming_visit(world, rng, calendar, &mut visitors, year, activity)
                    }
                    Direction::Outgoing => {
                        outgoing_visit(world, rng, calendar, &home_staff, year, activity)
                    }
                };
                out.push(staff_mobility(world, rng, visit));
            }
        }
    }
    out.sort_by(|a, b| a.mobility.chronological(&b.mobility));
    out
}

/// Who is away when, so that no one is in two places at once.
#[derive(Default)]
struct StaffCalendar(BTreeMap<String, Vec<(NaiveDate, NaiveDate)>>);

impl StaffCalendar {
    fn is_free(&self, person: &str, start: NaiveDate, end: NaiveDate) -> bool {
        self.0
            .get(person)
            .is_none_or(|busy| busy.iter().all(|&(s, e)| end < s || e < start))
    }

    /// Draws a start date and a person until the person is free for the `days` days from that
    /// date, books them and returns the start, the end and the person.
    fn book_free(
        &mut self,
        rng: &mut Rng,
        days: i64,
        mut draw: impl FnMut(&mut Rng) -> (NaiveDate, String),
    ) -> (NaiveDate, NaiveDate, String) {
        loop {
            let (start, person) = draw(rng);
            let end = end_after(start, days);
            if self.is_free(&person, start, end) {
                self.0.entry(person.clone()).or_default().push((start, end));
                return (start, end, person);
            }
        }
    }
}

/// A start date in the teaching months (mid-September to mid-June, not over Christmas).
fn staff_start(rng: &mut Rng, year: i32) -> NaiveDate {
    loop {
        let d = rng.date(ymd(year, 9, 15), ymd(year + 1, 6, 15));
        let christmas = (d.month() == 12 && d.day() >= 15) || (d.month() == 1 && d.day() < 5);
        if !christmas {
            return d;
        }
    }
}

/// What a staff mobility is, once chosen: who goes where to do what, and when.
struct Visit {
    direction: Direction,
    activity: Activity,
    label: &'static str,
    programme: usize,
    partner: usize,
    start: NaiveDate,
    end: NaiveDate,
    person: String,
}

/// A visiting professor or staff-week guest from a partner, booked in the calendar.
fn incoming_visit(
    world: &World,
    rng: &mut Rng,
    calendar: &mut StaffCalendar,
    visitors: &mut Vec<(usize, String)>,
    year: i32,
    activity: Activity,
) -> Visit {
    let programme = programme_choice(rng);
    let partner = world.pick_partner(rng, year, programme, INCOMING_REGIONS, &|_| true);
    let label = if activity == Activity::Teaching {
        rng.weighted(TEACHING_LABELS)
    } else {
        rng.weighted(TRAINING_LABELS)
    };
    // Visiting professors stay two to four weeks; Erasmus+ teaching visits last a week.
    let days = if label == "Professeur invité" {
        rng.between(14, 30)
    } else {
        rng.between(2, 7)
    };
    let (start, end, person) = calendar.book_free(rng, days, |rng| {
        let start = if activity == Activity::Training {
            rng.date(ymd(year + 1, 5, 12), ymd(year + 1, 5, 16))
        } else {
            staff_start(rng, year)
        };
        // Some professors come back every year.
        let returning = visitors
            .iter()
            .find(|(p, _)| *p == partner)
            .map(|(_, id)| id.clone());
        let person = match returning {
            Some(id) if rng.chance(0.3) => id,
            _ => format!("INV-{:04}", visitors.len() + 1),
        };
        (start, person)
    });
    if !visitors.iter().any(|(_, id)| *id == person) {
        visitors.push((partner, person.clone()));
    }
    Visit {
        direction: Direction::Incoming,
        activity,
        label,
        programme,
        partner,
        start,
        end,
        person,
    }
}

/// A member of the school's staff teaching or training at a partner, booked in the calendar.
fn outgoing_visit(
    world: &World,
    rng: &mut Rng,
    calendar: &mut StaffCalendar,
    home_staff: &[String],
    year: i32,
    activity: Activity,
) -> Visit {
    let programme = programme_choice(rng);
    let regions: &[(Region, u32)] = if activity == Activity::Training {
        &[(Europe, 1)]
    } else {
        OUTGOING_REGIONS
    };
    let partner = world.pick_partner(rng, year, programme, regions, &|p| p.iso != "UA");
    let label = if activity == Activity::Teaching {
        rng.weighted(&TEACHING_LABELS[..3])
    } else {
        rng.weighted(TRAINING_LABELS)
    };
    let days = if country(world.partners[partner].iso).region == Europe {
        rng.between(2, 6)
    } else {
        rng.between(5, 14)
    };
    let (start, end, person) = calendar.book_free(rng, days, |rng| {
        (staff_start(rng, year), rng.pick(home_staff).clone())
    });
    Visit {
        direction: Direction::Outgoing,
        activity,
        label,
        programme,
        partner,
        start,
        end,
        person,
    }
}

/// The staff mobility for a visit, incoming or outgoing: the funding, then the person's
/// nationality and gender.
fn staff_mobility(world: &World, rng: &mut Rng, visit: Visit) -> StaffMobility {
    let Visit {
        direction,
        activity,
        label,
        programme,
        partner,
        start,
        end,
        person,
    } = visit;
    let (funding, icm) = staff_funding(world, rng, partner, start, label);
    let (nationality, gender) = match direction {
        Direction::Incoming => incoming_person(world, rng, partner),
        Direction::Outgoing => (home_nationality(rng, 0.9), gender(rng, 0.42)),
    };
    let mobility = Mobility {
        person,
        activity,
        funding,
        icm,
        programme,
        level: Level::Master,
        host: world.partners[partner].host(),
        nationality,
        gender,
        start,
        end,
        fewer_opportunities: false,
        green_travel: false,
    };
    StaffMobility {
        direction,
        label,
        mobility,
    }
}

fn staff_funding(
    world: &World,
    rng: &mut Rng,
    partner: usize,
    start: NaiveDate,
    label: &str,
) -> Funded {
    // Visiting professors are paid by the school, whatever the partner.
    if label == "Professeur invité" {
        return (Funding::Unfunded, None);
    }
    if let Some(funded) = world.ka171(rng, partner, start, 0.7) {
        return funded;
    }
    let funding = match world.partners[partner].scheme {
        Scheme::Erasmus if rng.chance(0.8) => Funding::Ka131,
        Scheme::Brafitec => Funding::Brafitec,
        Scheme::Bilateral | Scheme::Bci if rng.chance(0.5) => Funding::Bilateral,
        _ => Funding::Unfunded,
    };
    (funding, None)
}
