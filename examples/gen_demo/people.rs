//! The school's own students: engineering cohorts with their plans abroad, doctoral
//! candidates, and the draws that describe a person (programme, nationality, gender).

use crate::reference::{FOREIGN_NATIONALITIES, PROGRAMMES};
use crate::rng::Rng;
use crate::LAST_YEAR;
use std::collections::HashSet;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Gender {
    F,
    M,
    X,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum StudentKind {
    Engineer,
    Doctoral,
    Exchange,
}

/// What a degree student does abroad during the engineering cycle (decided at enrolment so
/// that a two-year double degree can push graduation back a year).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Plan {
    Nothing,
    /// Only a short stay (under 60 days), which does not count towards the requirement.
    ShortOnly,
    Study {
        then_internship: bool,
    },
    FinalInternship,
    SummerInternship,
    /// Two stays under 60 days each that add up to 60 or more.
    TwoShort,
    DoubleDegree {
        years: i32,
    },
}

pub struct Student {
    pub id: u64,
    pub programme: usize,
    pub nationality: &'static str,
    pub gender: Gender,
    pub kind: StudentKind,
    /// First and last enrolled academic years.
    pub first_year: i32,
    pub last_year: i32,
    pub graduation: Option<i32>,
    pub plan: Plan,
    pub first_year_internship: bool,
}

/// Unique 8-digit student numbers, the first two digits being the year of first enrolment
/// (as the student information system numbers them).
#[derive(Default)]
pub struct StudentNumbers(HashSet<u64>);

impl StudentNumbers {
    pub fn fresh(&mut self, rng: &mut Rng, year: i32) -> u64 {
        loop {
            let id = (year as u64 % 100) * 1_000_000 + rng.between(0, 999_999) as u64;
            if self.0.insert(id) {
                return id;
            }
        }
    }
}

pub fn programme_choice(rng: &mut Rng) -> usize {
    let weights: Vec<(usize, u32)> = PROGRAMMES
        .iter()
        .enumerate()
        .map(|(i, p)| (i, p.2))
        .collect();
    rng.weighted(&weights)
}

/// A nationality for a member of the school (student or staff): French for `french_share` of
/// them, else drawn from the foreign home students' nationalities.
pub fn home_nationality(rng: &mut Rng, french_share: f64) -> &'static str {
    if rng.chance(french_share) {
        "FR"
    } else {
        rng.weighted(FOREIGN_NATIONALITIES)
    }
}

pub fn gender(rng: &mut Rng, female_share: f64) -> Gender {
    if rng.chance(0.004) {
        Gender::X
    } else if rng.chance(female_share) {
        Gender::F
    } else {
        Gender::M
    }
}

/// The engineering cohorts (first year 2019 to 2024, so that every year of the window has
/// three cohorts) and the doctoral candidates.
pub fn home_students(numbers: &mut StudentNumbers) -> Vec<Student> {
    let mut rng = Rng::new("students");
    let mut students = Vec::new();
    for entry in 2019..=LAST_YEAR {
        for _ in 0..rng.between(372, 392) {
            students.push(engineer(&mut rng, numbers, entry));
        }
        for _ in 0..rng.between(34, 42) {
            students.push(doctoral(&mut rng, numbers, entry));
        }
    }
    students
}

/// A student of the school entering in `entry` for three years, with no plan abroad yet.
fn home_student(
    rng: &mut Rng,
    numbers: &mut StudentNumbers,
    entry: i32,
    kind: StudentKind,
    french_share: f64,
    female_share: f64,
) -> Student {
    let nationality = home_nationality(rng, french_share);
    Student {
        id: numbers.fresh(rng, entry),
        programme: programme_choice(rng),
        nationality,
        gender: gender(rng, female_share),
        kind,
        first_year: entry,
        last_year: entry + 2,
        graduation: None,
        plan: Plan::Nothing,
        first_year_internship: false,
    }
}

fn engineer(rng: &mut Rng, numbers: &mut StudentNumbers, entry: i32) -> Student {
    let mut s = home_student(rng, numbers, entry, StudentKind::Engineer, 0.86, 0.3);
    s.first_year_internship = rng.chance(0.05);
    if rng.chance(0.045) {
        // Left the school after the first or second year: no diploma, no plan abroad.
        s.last_year = entry + rng.below(2) as i32;
        return s;
    }
    s.plan = draw_plan(rng);
    if s.plan == (Plan::DoubleDegree { years: 2 }) {
        s.last_year += 1;
    }
    // A diploma awarded in 2024-2025 at the latest is in the list (exported autumn 2025).
    s.graduation = (s.last_year < 2025).then_some(s.last_year + 1);
    s
}

fn draw_plan(rng: &mut Rng) -> Plan {
    match rng.below(1000) {
        0..=54 => Plan::Nothing,
        55..=94 => Plan::ShortOnly,
        95..=499 => Plan::Study {
            then_internship: rng.chance(0.1),
        },
        500..=759 => Plan::FinalInternship,
        760..=849 => Plan::SummerInternship,
        850..=919 => Plan::TwoShort,
        _ => Plan::DoubleDegree {
            years: if rng.chance(0.6) { 2 } else { 1 },
        },
    }
}

fn doctoral(rng: &mut Rng, numbers: &mut StudentNumbers, entry: i32) -> Student {
    home_student(rng, numbers, entry, StudentKind::Doctoral, 0.65, 0.35)
}
