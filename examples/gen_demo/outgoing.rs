//! Outgoing students: the stays abroad each home student's plan calls for, then the host
//! (partner or company) and the funding of each.

use crate::calendar::{academic_year, end_after, in_window, ymd};
use crate::catalogue::{Scheme, COMPANIES};
use crate::mobility::{Activity, Funded, Funding, Host, Level, Mobility};
use crate::people::{Plan, Student, StudentKind};
use crate::reference::{country, Region::*, OUTGOING_REGIONS};
use crate::rng::Rng;
use crate::world::{Partner, World};
use crate::FIRST_YEAR;
use chrono::NaiveDate;

/// One stay abroad in a student's plan, before a host and funding are chosen.
struct Stay {
    activity: Activity,
    start: NaiveDate,
    days: i64,
    level: Level,
}

/// The outgoing student mobilities of every home student, in the academic years covered.
pub fn outgoing_students(world: &World, students: &[Student]) -> Vec<Mobility> {
    let mut rng = Rng::new("outgoing");
    let mut out = Vec::new();
    for s in students {
        let stays = match s.kind {
            StudentKind::Engineer => engineer_stays(&mut rng, s),
            StudentKind::Doctoral => doctoral_stays(&mut rng, s),
            StudentKind::Exchange => Vec::new(),
        };
        for stay in stays
            .into_iter()
            .filter(|st| in_window(academic_year(st.start)))
        {
            out.push(outgoing_mobility(world, &mut rng, s, &stay));
        }
    }
    out.sort_by(Mobility::chronological);
    out
}

/// The stays of one engineering student. Year 1 is the entry year; stays planned before the
/// window are moved into it when the student graduates inside the window, so that every
/// graduating cohort's stays are on file.
fn engineer_stays(rng: &mut Rng, s: &Student) -> Vec<Stay> {
    let entry = s.first_year;
    let (y2, y3) = (entry + 1, entry + 2);
    let mut stays = Vec::new();
    let short = |rng: &mut Rng, from: NaiveDate, to: NaiveDate, level| Stay {
        activity: Activity::Traineeship,
        start: rng.date(from, to),
        days: rng.between(28, 56),
        level,
    };
    if s.first_year_internship {
        stays.push(short(
            rng,
            ymd(entry + 1, 6, 1),
            ymd(entry + 1, 7, 1),
            Level::Bachelor,
        ));
    }
    let summer_of_year2_in_window = y2 >= FIRST_YEAR;
    match s.plan {
        Plan::Nothing => {}
        Plan::ShortOnly => {
            if summer_of_year2_in_window {
                stays.push(short(
                    rng,
                    ymd(y2 + 1, 6, 1),
                    ymd(y2 + 1, 6, 25),
                    Level::Master,
                ));
            } else {
                stays.push(short(
                    rng,
                    ymd(y3 + 1, 4, 1),
                    ymd(y3 + 1, 5, 10),
                    Level::Master,
                ));
            }
        }
        Plan::Study { then_internship } => {
            let autumn_of_year3 = !summer_of_year2_in_window || rng.chance(0.55);
            stays.push(semester(
                rng,
                if autumn_of_year3 { y3 } else { y2 },
                autumn_of_year3,
            ));
            if then_internship && autumn_of_year3 {
                stays.push(final_internship(rng, y3));
            }
        }
        Plan::FinalInternship => stays.push(final_internship(rng, y3)),
        Plan::SummerInternship if summer_of_year2_in_window => stays.push(Stay {
            activity: Activity::Traineeship,
            start: rng.date(ymd(y2 + 1, 6, 1), ymd(y2 + 1, 6, 20)),
            days: rng.between(60, 90),
            level: Level::Master,
        }),
        Plan::SummerInternship => stays.push(final_internship(rng, y3)),
        Plan::TwoShort => {
            let (first, second) = (rng.between(30, 45), rng.between(30, 45));
            let first_start = if summer_of_year2_in_window {
                rng.date(ymd(y2 + 1, 6, 5), ymd(y2 + 1, 6, 20))
            } else {
                rng.date(ymd(y3, 10, 1), ymd(y3, 10, 10))
            };
            stays.push(Stay {
                activity: Activity::Traineeship,
                start: first_start,
                days: first,
                level: Level::Master,
            });
            stays.push(Stay {
                activity: Activity::Traineeship,
                start: rng.date(ymd(y3 + 1, 4, 1), ymd(y3 + 1, 4, 20)),
                days: second,
                level: Level::Master,
            });
        }
        Plan::DoubleDegree { years } => {
            let start = rng.date(ymd(y3, 9, 1), ymd(y3, 9, 10));
            let end = rng.date(ymd(y3 + years, 6, 15), ymd(y3 + years, 7, 10));
            stays.push(Stay {
                activity: Activity::DoubleDegree,
                start,
                days: (end - start).num_days() + 1,
                level: Level::Master,
            });
        }
    }
    stays
}

/// A semester of study: autumn (September to January) or spring (late January to June) of
/// academic year `year`.
fn semester(rng: &mut Rng, year: i32, autumn: bool) -> Stay {
    let (start, end) = if autumn {
        (
            rng.date(ymd(year, 9, 1), ymd(year, 9, 20)),
            rng.date(ymd(year + 1, 1, 15), ymd(year + 1, 2, 5)),
        )
    } else {
        (
            rng.date(ymd(year + 1, 1, 20), ymd(year + 1, 2, 10)),
            rng.date(ymd(year + 1, 6, 10), ymd(year + 1, 7, 5)),
        )
    };
    Stay {
        activity: Activity::Study,
        start,
        days: (end - start).num_days() + 1,
        level: Level::Master,
    }
}

/// The end-of-studies internship: 22 to 26 weeks, starting between 10 February (after an
/// autumn semester abroad has ended) and mid-April of the final year.
fn final_internship(rng: &mut Rng, year3: i32) -> Stay {
    Stay {
        activity: Activity::Traineeship,
        start: rng.date(ymd(year3 + 1, 2, 10), ymd(year3 + 1, 4, 15)),
        days: rng.between(154, 182),
        level: Level::Master,
    }
}

/// Doctoral candidates: now and then a research stay of two to four months.
fn doctoral_stays(rng: &mut Rng, s: &Student) -> Vec<Stay> {
    let mut stays = Vec::new();
    for year in s.first_year..=s.last_year {
        if rng.chance(0.15) {
            stays.push(Stay {
                activity: Activity::Traineeship,
                start: rng.date(ymd(year, 10, 1), ymd(year + 1, 4, 1)),
                days: rng.between(60, 120),
                level: Level::Doctorate,
            });
        }
    }
    stays
}

/// Turns a planned stay into a mobility: host, funding, and the Erasmus+ flags.
fn outgoing_mobility(world: &World, rng: &mut Rng, s: &Student, stay: &Stay) -> Mobility {
    let year = academic_year(stay.start);
    let (host, partner) = outgoing_host(world, rng, s.programme, year, stay);
    let end = end_after(stay.start, stay.days);
    let (funding, icm) = outgoing_funding(world, rng, partner, &host, stay);
    let activity = if stay.activity == Activity::DoubleDegree && partner.is_none() {
        Activity::Study
    } else {
        stay.activity
    };
    Mobility {
        person: s.id.to_string(),
        activity,
        funding,
        icm,
        programme: s.programme,
        level: stay.level,
        host,
        nationality: s.nationality,
        gender: s.gender,
        start: stay.start,
        end,
        fewer_opportunities: rng.chance(0.09),
        green_travel: country(host.iso).region == Europe && rng.chance(0.2),
    }
}

fn outgoing_host(
    world: &World,
    rng: &mut Rng,
    programme: usize,
    year: i32,
    stay: &Stay,
) -> (Host, Option<usize>) {
    // No student is sent to Ukraine during the war; KA171 money there goes to incoming.
    let not_ukraine = |p: &Partner| p.iso != "UA";
    let partner = match stay.activity {
        Activity::DoubleDegree => world.pick_double_degree(rng, year, programme),
        Activity::Traineeship if rng.chance(0.55) => {
            let region = rng.weighted(&[
                (Europe, 70),
                (NorthAmerica, 14),
                (Asia, 8),
                (LatinAmerica, 4),
                (Oceania, 2),
                (Africa, 2),
            ]);
            let choices: Vec<_> = COMPANIES
                .iter()
                .filter(|c| country(c.1).region == region)
                .collect();
            let &&(name, iso, city) = rng.pick(&choices);
            return (
                Host {
                    name,
                    code: "",
                    iso,
                    city,
                },
                None,
            );
        }
        _ if stay.days >= 60 && rng.chance(0.05) => {
            // A share of KA171 places goes to outgoing students.
            let icm: Vec<usize> = world
                .icm_partners(stay.start, programme)
                .into_iter()
                .filter(|&i| not_ukraine(&world.partners[i]))
                .collect();
            (!icm.is_empty()).then(|| *rng.pick(&icm))
        }
        _ => None,
    };
    let partner = partner.unwrap_or_else(|| {
        world.pick_partner(rng, year, programme, OUTGOING_REGIONS, &not_ukraine)
    });
    (world.partners[partner].host(), Some(partner))
}

fn outgoing_funding(
    world: &World,
    rng: &mut Rng,
    partner: Option<usize>,
    host: &Host,
    stay: &Stay,
) -> Funded {
    let erasmus_country = country(host.iso).erasmus;
    let Some(partner) = partner else {
        // Internships in companies: Erasmus+ in Europe for two months or more, else nothing.
        let funding = if erasmus_country && stay.days >= 60 && rng.chance(0.8) {
            Funding::Ka131
        } else {
            Funding::Unfunded
        };
        return (funding, None);
    };
    // KA171 funds stays of two months or more with the project's partners.
    if stay.days >= 60 && stay.activity != Activity::DoubleDegree {
        if let Some(funded) = world.ka171(rng, partner, stay.start, 0.75) {
            return funded;
        }
    }
    let scheme = world.partners[partner].scheme;
    let funding = match (stay.activity, scheme) {
        // Erasmus+ grants stop at 12 months: two-year double degrees go on the agreement.
        (Activity::DoubleDegree, Scheme::Erasmus) if stay.days <= 360 => Funding::Ka131,
        (Activity::DoubleDegree, Scheme::Brafitec) => Funding::Brafitec,
        (Activity::DoubleDegree, _) => Funding::Bilateral,
        (Activity::Traineeship, Scheme::Erasmus) if stay.days >= 60 => Funding::Ka131,
        (Activity::Traineeship, _) => Funding::Unfunded,
        (_, Scheme::Erasmus) => Funding::Ka131,
        (_, Scheme::Bilateral) if rng.chance(0.06) => Funding::Unfunded,
        (_, Scheme::Bilateral) => Funding::Bilateral,
        (_, Scheme::Isep) => Funding::Isep,
        (_, Scheme::Bci) => Funding::Bci,
        (_, Scheme::Brafitec) => Funding::Brafitec,
    };
    (funding, None)
}
