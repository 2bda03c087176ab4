//! Incoming students: exchange students, research interns, double-degree students and the
//! participants in the school's blended intensive programme, and the enrolment rows of those
//! the school enrols.

use crate::calendar::{academic_year, end_after, ymd};
use crate::catalogue::Scheme;
use crate::mobility::{Activity, Funded, Funding, Level, Mobility};
use crate::people::{gender, programme_choice, Gender, Plan, Student, StudentKind, StudentNumbers};
use crate::reference::{Region::*, COUNTRIES, INCOMING_REGIONS};
use crate::rng::Rng;
use crate::world::World;
use crate::{FIRST_YEAR, LAST_YEAR};
use chrono::{Datelike, NaiveDate, TimeDelta};

/// An incoming mobility, and whether the school enrols the person (exchange and
/// double-degree students: their person id is then their student number in inscrits.xlsx).
pub struct Incoming {
    pub mobility: Mobility,
    pub enrolled: bool,
}

/// Incoming students (study, research internships, double degrees) and the participants in
/// the blended intensive programme the school hosts each June.
pub fn incoming_students(world: &World, numbers: &mut StudentNumbers) -> Vec<Incoming> {
    let mut rng = Rng::new("incoming");
    let mut people = PersonNumbers(300_000);
    let mut out = Vec::new();
    for (i, year) in (FIRST_YEAR..=LAST_YEAR).enumerate() {
        for _ in 0..[160, 172, 180, 186][i] {
            out.push(incoming_exchange(world, &mut rng, numbers, year));
        }
        for _ in 0..[14, 16, 17, 18][i] {
            out.push(incoming_intern(world, &mut rng, &mut people, year));
        }
        for _ in 0..[6, 7, 8, 8][i] {
            out.push(incoming_double_degree(world, &mut rng, numbers, year));
        }
        out.extend(blended_intensive(world, &mut rng, &mut people, year));
    }
    out.sort_by(|a, b| a.mobility.chronological(&b.mobility));
    out
}

/// Mobility-Online's own person numbers, for people the school does not enrol.
struct PersonNumbers(u64);

impl PersonNumbers {
    fn next(&mut self, rng: &mut Rng) -> String {
        self.0 += rng.between(1, 40) as u64;
        self.0.to_string()
    }
}

pub fn incoming_person(world: &World, rng: &mut Rng, partner: usize) -> (&'static str, Gender) {
    let nationality = if rng.chance(0.9) {
        world.partners[partner].iso
    } else {
        rng.pick(COUNTRIES).iso
    };
    (nationality, gender(rng, 0.38))
}

fn incoming_exchange(
    world: &World,
    rng: &mut Rng,
    numbers: &mut StudentNumbers,
    year: i32,
) -> Incoming {
    let programme = programme_choice(rng);
    let (start, end) = match rng.below(20) {
        0..=8 => (
            rng.date(ymd(year, 9, 1), ymd(year, 9, 15)),
            rng.date(ymd(year + 1, 1, 20), ymd(year + 1, 2, 5)),
        ),
        9..=15 => (
            rng.date(ymd(year + 1, 1, 20), ymd(year + 1, 2, 10)),
            rng.date(ymd(year + 1, 6, 15), ymd(year + 1, 7, 5)),
        ),
        _ => (
            rng.date(ymd(year, 9, 1), ymd(year, 9, 15)),
            rng.date(ymd(year + 1, 6, 20), ymd(year + 1, 7, 5)),
        ),
    };
    // Part of the KA171 budget brings students from the project's partners.
    let icm = world.icm_partners(start, programme);
    let partner = if !icm.is_empty() && rng.chance(0.1) {
        *rng.pick(&icm)
    } else {
        world.pick_partner(rng, year, programme, INCOMING_REGIONS, &|_| true)
    };
    let level = rng.weighted(&[
        (Level::Bachelor, 30),
        (Level::Master, 65),
        (Level::Doctorate, 5),
    ]);
    let (nationality, gender) = incoming_person(world, rng, partner);
    let (funding, icm) = incoming_funding(world, rng, partner, start, false);
    let mobility = Mobility {
        person: numbers.fresh(rng, year).to_string(),
        activity: Activity::Study,
        funding,
        icm,
        programme,
        level,
        host: world.partners[partner].host(),
        nationality,
        gender,
        start,
        end,
        fewer_opportunities: rng.chance(0.07),
        green_travel: world.partners[partner].region() == Europe && rng.chance(0.25),
    };
    Incoming {
        mobility,
        enrolled: true,
    }
}

fn incoming_funding(
    world: &World,
    rng: &mut Rng,
    partner: usize,
    start: NaiveDate,
    long: bool,
) -> Funded {
    if !long {
        if let Some(funded) = world.ka171(rng, partner, start, 0.8) {
            return funded;
        }
    }
    let funding = match world.partners[partner].scheme {
        _ if rng.chance(0.05) => Funding::Unfunded,
        Scheme::Erasmus if long => Funding::Bilateral,
        Scheme::Erasmus => Funding::Ka131,
        Scheme::Isep => Funding::Isep,
        Scheme::Bilateral | Scheme::Bci | Scheme::Brafitec => Funding::Bilateral,
    };
    (funding, None)
}

fn incoming_intern(
    world: &World,
    rng: &mut Rng,
    people: &mut PersonNumbers,
    year: i32,
) -> Incoming {
    let programme = programme_choice(rng);
    let partner = world.pick_partner(rng, year, programme, INCOMING_REGIONS, &|_| true);
    let start = rng.date(ymd(year + 1, 2, 1), ymd(year + 1, 5, 15));
    let (nationality, gender) = incoming_person(world, rng, partner);
    let (funding, icm) = incoming_funding(world, rng, partner, start, false);
    let mobility = Mobility {
        person: people.next(rng),
        activity: Activity::Traineeship,
        funding,
        icm,
        programme,
        level: rng.weighted(&[(Level::Master, 80), (Level::Doctorate, 20)]),
        host: world.partners[partner].host(),
        nationality,
        gender,
        start,
        end: end_after(start, rng.between(60, 150)),
        fewer_opportunities: rng.chance(0.07),
        green_travel: world.partners[partner].region() == Europe && rng.chance(0.25),
    };
    Incoming {
        mobility,
        enrolled: false,
    }
}

fn incoming_double_degree(
    world: &World,
    rng: &mut Rng,
    numbers: &mut StudentNumbers,
    year: i32,
) -> Incoming {
    // Double-degree partners cover few programmes: draw programmes until one has a place.
    let (programme, partner) = loop {
        let programme = programme_choice(rng);
        if let Some(partner) = world.pick_double_degree(rng, year, programme) {
            break (programme, partner);
        }
    };
    let years = if rng.chance(0.7) { 2 } else { 1 };
    let start = rng.date(ymd(year, 9, 1), ymd(year, 9, 10));
    let end = rng.date(ymd(year + years, 6, 20), ymd(year + years, 7, 10));
    let (nationality, gender) = incoming_person(world, rng, partner);
    let (funding, icm) = incoming_funding(world, rng, partner, start, years == 2);
    let mobility = Mobility {
        person: numbers.fresh(rng, year).to_string(),
        activity: Activity::DoubleDegree,
        funding,
        icm,
        programme,
        level: Level::Master,
        host: world.partners[partner].host(),
        nationality,
        gender,
        start,
        end,
        fewer_opportunities: rng.chance(0.05),
        green_travel: false,
    };
    Incoming {
        mobility,
        enrolled: true,
    }
}

/// The school's BIP: one week on site at the end of June, with students from four to six
/// European partners, funded by Erasmus+ KA131.
fn blended_intensive(
    world: &World,
    rng: &mut Rng,
    people: &mut PersonNumbers,
    year: i32,
) -> Vec<Incoming> {
    // The Monday of the last full week of June.
    let mut start = ymd(year + 1, 6, 24);
    while start.weekday() != chrono::Weekday::Mon {
        start -= TimeDelta::days(1);
    }
    let programme = [1, 3, 5, 2][(year - FIRST_YEAR) as usize];
    let mut senders: Vec<usize> = (0..world.partners.len())
        .filter(|&i| {
            world.partners[i].scheme == Scheme::Erasmus && world.partners[i].main.active(year)
        })
        .collect();
    let mut out = Vec::new();
    for _ in 0..rng.between(4, 6) {
        let partner = senders.remove(rng.below(senders.len()));
        for _ in 0..rng.between(4, 7) {
            let (nationality, gender) = incoming_person(world, rng, partner);
            let mobility = Mobility {
                person: people.next(rng),
                activity: Activity::Bip,
                funding: Funding::Ka131,
                icm: None,
                programme,
                level: rng.weighted(&[(Level::Bachelor, 40), (Level::Master, 60)]),
                host: world.partners[partner].host(),
                nationality,
                gender,
                start,
                end: end_after(start, 5),
                fewer_opportunities: rng.chance(0.1),
                green_travel: rng.chance(0.35),
            };
            out.push(Incoming {
                mobility,
                enrolled: false,
            });
        }
    }
    out
}

/// Exchange and incoming double-degree students, as the student information system lists
/// them: enrolled for each academic year their stay covers.
pub fn exchange_students(incoming: &[Incoming]) -> Vec<Student> {
    incoming
        .iter()
        .filter(|i| i.enrolled)
        .map(|i| {
            let m = &i.mobility;
            Student {
                id: m
                    .person
                    .parse()
                    .expect("enrolled incoming students have student numbers"),
                programme: m.programme,
                nationality: m.nationality,
                gender: m.gender,
                kind: StudentKind::Exchange,
                first_year: academic_year(m.start),
                last_year: academic_year(m.end).max(academic_year(m.start)),
                graduation: None,
                plan: Plan::Nothing,
                first_year_internship: false,
            }
        })
        .collect()
}
