//! One mobility's Erasmus+ grant, heading by heading, as the Programme Guide counts it: the
//! rule that applies (long-term or short-term student, staff, KA171 incoming), the days and
//! months counted (months of 30 days, the remaining days pro rata; interruptions out; travel
//! days for staff), and each amount from the rates. An amount whose rate is not known is None
//! ("not available"), never 0; a zero-grant participant gets 0 everywhere.

use super::places::{self, Group};
use super::rates::{Action, Rates};

/// Student stays shorter than this are short-term (5 to 30 days): the Guide's long-term
/// mobility lasts 2 to 12 months.
const LONG_TERM_DAYS: i64 = 60;

/// Days in a month, as the Guide counts: the remaining days are paid 1/30 of the month each.
const MONTH: i64 = 30;

/// What the rules read of one mobility.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub action: Action,
    pub call: i32,
    pub incoming: bool,
    pub staff: bool,
    /// study, traineeship, blended_intensive, doctoral_short, teaching, training...
    pub activity: String,
    /// The partner's country (ISO alpha-2).
    pub country: String,
    /// The institution's country.
    pub home: String,
    /// Days of activity (both ends counted), or the funded days the export states (travel
    /// days included), less the interrupted days.
    pub days: i64,
    /// Whether `days` are the export's funded days (which include staff travel days).
    pub days_are_funded: bool,
    pub fewer_opportunities: bool,
    pub green_travel: bool,
    pub zero_grant: bool,
    /// The export's one-way distance in km, or its band as written.
    pub distance_km: Option<f64>,
    pub distance_band: Option<String>,
    /// The two cities, when known: the institution's (`home_city`) and the partner's.
    pub home_city: Option<String>,
    pub city: Option<String>,
}

/// One mobility's grant.
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    /// The rule applied: long_term_study, long_term_traineeship, short_term, staff,
    /// student_in (KA171), staff_in (KA171), zero_grant.
    pub rule: &'static str,
    /// The country group whose amounts apply (the destination's; the host's for KA171
    /// incoming).
    pub group: Group,
    /// Days counted for individual support (staff travel days included).
    pub days: i64,
    /// Whole months of 30 days and the days beyond, for monthly amounts.
    pub months: i64,
    pub extra_days: i64,
    pub individual_support: Option<f64>,
    pub top_ups: Option<f64>,
    pub travel: Option<f64>,
    pub inclusion_support: Option<f64>,
    /// The distance band, and where the distance comes from: "export", or estimated from
    /// the "cities" or the "countries".
    pub band: Option<&'static str>,
    pub distance_from: &'static str,
    /// The rate keys that had no amount for this mobility's action and call.
    pub missing: Vec<String>,
    /// The rate keys whose amounts it applied.
    pub used: Vec<String>,
}

impl Grant {
    /// The mobility's amounts summed; None when one of them is not available.
    pub fn total(&self) -> Option<f64> {
        Some(self.individual_support? + self.top_ups? + self.travel? + self.inclusion_support?)
    }
}

/// Looks up amounts for one mobility, noting the keys it cannot find.
struct Lookup<'a> {
    rates: &'a Rates,
    action: Action,
    call: i32,
    missing: Vec<String>,
    used: Vec<String>,
}

impl Lookup<'_> {
    fn get(&mut self, key: &str) -> Option<f64> {
        let found = self.rates.get(key, self.action, self.call).map(|a| a.eur);
        let list = match found {
            Some(_) => &mut self.used,
            None => &mut self.missing,
        };
        if !list.iter().any(|k| k == key) {
            list.push(key.to_string());
        }
        found
    }
}

/// `monthly` for `months` and `extra` days: each day beyond the months is 1/30 of a month.
fn pro_rata(monthly: f64, months: i64, extra: i64) -> f64 {
    monthly * months as f64 + monthly * extra as f64 / MONTH as f64
}

/// Rounded to the cent, as a grant agreement states amounts.
fn cents(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The grant of the mobility `f` under `rates`.
pub fn grant(f: &Facts, rates: &Rates) -> Grant {
    let mut look = Lookup {
        rates,
        action: f.action,
        call: f.call,
        missing: Vec::new(),
        used: Vec::new(),
    };
    let destination = places::group(&f.country, f.call);
    let host = places::group(&f.home, f.call);
    let group = if f.incoming { host } else { destination };
    // The band: the export's distance, its band, else the cities', else the countries'.
    let cities = match (&f.home_city, &f.city) {
        (Some(home), Some(city)) => places::city_distance((&f.home, home), (&f.country, city)),
        _ => None,
    };
    let (band, from) = match (f.distance_km, &f.distance_band, cities) {
        (Some(km), _, _) => (places::band(km), "export"),
        (None, Some(text), _) => (places::band_of_text(text), "export"),
        (None, None, Some(km)) => (places::band(km), "cities"),
        (None, None, None) => (
            places::country_distance(&f.home, &f.country).and_then(places::band),
            "countries",
        ),
    };
    let mut g = Grant {
        rule: "zero_grant",
        group,
        days: f.days.max(0),
        months: 0,
        extra_days: 0,
        individual_support: Some(0.0),
        top_ups: Some(0.0),
        travel: Some(0.0),
        inclusion_support: Some(0.0),
        band,
        distance_from: from,
        missing: Vec::new(),
        used: Vec::new(),
    };
    if f.zero_grant {
        return g;
    }
    let travel_amount = |look: &mut Lookup| -> Option<f64> {
        let Some(band) = band else {
            return Some(0.0);
        };
        let green = f.green_travel;
        match green.then(|| {
            look.rates
                .get(&format!("travel.{band}.green"), f.action, f.call)
        }) {
            Some(Some(a)) => Some(a.eur),
            _ => look.get(&format!("travel.{band}.standard")),
        }
    };
    if f.staff {
        g.rule = if f.incoming { "staff_in" } else { "staff" };
        // Staff are paid their days of activity plus travel days (one before, one after; more
        // with green travel), unless the export's funded days already include them.
        if !f.days_are_funded {
            let travel_days = look.get("staff.travel_days").unwrap_or(0.0) as i64;
            let green_days = match f.green_travel {
                true => look.get("staff.green_extra_days").unwrap_or(0.0) as i64,
                false => 0,
            };
            g.days += travel_days + green_days;
        }
        let key = match (f.action, f.incoming, group) {
            (Action::Ka171, true, Group::Programme(n)) => format!("staff_in.day.host_group_{n}"),
            (_, _, Group::ThirdCountry) => "staff.day.third_country".to_string(),
            (_, _, Group::Programme(n)) => format!("staff.day.group_{n}"),
        };
        let day = look.get(&key);
        let share = look.get("staff.beyond_14_share");
        g.individual_support = match (day, share) {
            (Some(day), Some(share)) => {
                let first = g.days.min(14) as f64;
                let rest = (g.days - 14).max(0) as f64;
                Some(cents(first * day + rest * day * share))
            }
            _ => None,
        };
        g.travel = travel_amount(&mut look);
        g.missing = look.missing;
        g.used = look.used;
        return g;
    }
    let fewer = f.fewer_opportunities;
    let short = g.days < LONG_TERM_DAYS
        || matches!(f.activity.as_str(), "blended_intensive" | "doctoral_short");
    // Students get travel support from a KA171 project, to a third country, or with fewer
    // opportunities (the calls 2021-2023 rule, `rates.toml` [TRAVEL-2021] and uctm.edu; the
    // 2024 call let each National Agency extend it, which is not applied here). The others
    // get the green-travel top-up instead.
    let travelled = f.action == Action::Ka171 || destination == Group::ThirdCountry || fewer;
    let mut top_ups = 0.0;
    let mut missing_top_up = false;
    let mut add = |look: &mut Lookup, key: &str, times: f64| match look.get(key) {
        Some(v) => top_ups += v * times,
        None => missing_top_up = true,
    };
    if short {
        g.rule = "short_term";
        let days = g.days.min(30);
        let (r1, r2) = (
            look.get("student.short.day_1_14"),
            look.get("student.short.day_15_30"),
        );
        let extra = match f.green_travel {
            true => look.get("green_travel.extra_days").unwrap_or(0.0) as i64,
            false => 0,
        };
        g.extra_days = extra;
        g.individual_support = match (r1, r2) {
            (Some(r1), Some(r2)) => Some(cents(
                days.min(14) as f64 * r1 + (days - 14).max(0) as f64 * r2 + extra as f64 * r1,
            )),
            _ => None,
        };
        if fewer {
            let key = match days {
                d if d >= 15 => "student.short.fewer_opportunities_15_30",
                _ => "student.short.fewer_opportunities_5_14",
            };
            add(&mut look, key, 1.0);
        }
    } else {
        let incoming_ka171 = f.incoming && f.action == Action::Ka171;
        g.rule = match (incoming_ka171, f.activity.as_str()) {
            (true, _) => "student_in",
            (false, "traineeship") => "long_term_traineeship",
            (false, _) => "long_term_study",
        };
        g.months = g.days / MONTH;
        g.extra_days = g.days % MONTH;
        let key = match (incoming_ka171, group) {
            (true, Group::Programme(n)) => format!("student_in.month.host_group_{n}"),
            (_, Group::ThirdCountry) => "student.month.third_country".to_string(),
            (false, Group::Programme(n)) => format!("student.month.group_{n}"),
        };
        let monthly = look.get(&key);
        // Green travel: up to 4 more days of individual support for the travel days.
        let green_days = match f.green_travel {
            true => look.get("green_travel.extra_days").unwrap_or(0.0) as i64,
            false => 0,
        };
        g.individual_support =
            monthly.map(|m| cents(pro_rata(m, g.months, g.extra_days + green_days)));
        let span = g.months as f64 + g.extra_days as f64 / MONTH as f64;
        if g.rule == "long_term_traineeship" && f.action == Action::Ka131 {
            add(&mut look, "student.traineeship.month", span);
        }
        if fewer {
            add(&mut look, "student.fewer_opportunities.month", span);
        }
    }
    if f.green_travel && !travelled {
        add(&mut look, "green_travel.top_up", 1.0);
    }
    g.top_ups = (!missing_top_up).then_some(cents(top_ups));
    g.travel = match travelled {
        true => travel_amount(&mut look),
        false => Some(0.0),
    };
    g.inclusion_support = match (fewer, f.action) {
        (true, Action::Ka131) => look.get("inclusion_support.per_participant"),
        _ => Some(0.0),
    };
    g.missing = look.missing;
    g.used = look.used;
    g
}

/// Organisational support of a project with `participants` participants (zero-grant ones
/// included): the first 100 at one amount, the others at another. None without the amounts.
pub fn organisational_support(
    participants: i64,
    action: Action,
    call: i32,
    rates: &Rates,
) -> Option<f64> {
    let first = rates
        .get("organisational_support.first_100", action, call)?
        .eur;
    let beyond = rates
        .get("organisational_support.beyond_100", action, call)?
        .eur;
    Some(participants.min(100) as f64 * first + (participants - 100).max(0) as f64 * beyond)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grants::rates::Amount;

    /// The shipped amounts plus a French office's own for the 2024 call (fictional, within
    /// no verified range: the test checks the arithmetic, not the amounts).
    fn rates() -> Rates {
        let own = |key: &str, eur: f64| Amount {
            key: key.into(),
            action: "any".into(),
            calls: [2024, 2024],
            eur,
            source: "test: the office's grant decision".into(),
        };
        Rates::with_office(vec![
            own("student.month.group_1", 450.0),
            own("student.month.group_2", 400.0),
            own("staff.day.group_2", 110.0),
        ])
    }

    /// A KA131 outgoing student of the 2024 call, France to Sweden (group 1), 162 days: 5
    /// months of 30 days and 12 days.
    fn student() -> Facts {
        Facts {
            action: Action::Ka131,
            call: 2024,
            incoming: false,
            staff: false,
            activity: "study".into(),
            country: "SE".into(),
            home: "FR".into(),
            days: 162,
            days_are_funded: false,
            fewer_opportunities: false,
            green_travel: false,
            zero_grant: false,
            distance_km: None,
            distance_band: None,
            home_city: None,
            city: None,
        }
    }

    #[test]
    fn a_long_term_study_of_5_months_12_days_to_group_1() {
        let g = grant(&student(), &rates());
        assert_eq!(
            (g.rule, g.group, g.months, g.extra_days),
            ("long_term_study", Group::Programme(1), 5, 12)
        );
        // 450 × 5 + 450 × 12 / 30 = 2,250 + 180 = 2,430.
        assert_eq!(g.individual_support, Some(2430.0));
        // No traineeship, no fewer opportunities, no green travel: no top-up; a group 1
        // destination without fewer opportunities: no travel support.
        assert_eq!(
            (g.top_ups, g.travel, g.inclusion_support),
            (Some(0.0), Some(0.0), Some(0.0))
        );
        assert_eq!(g.total(), Some(2430.0));
        // France's and Sweden's reference points are 1,500 to 2,000 km apart: 500-1999.
        assert_eq!((g.band, g.distance_from), (Some("500-1999"), "countries"));
        // With the cities, Blois to Uppsala: some 1,600 km, the same band.
        let f = Facts {
            home_city: Some("Blois".into()),
            city: Some("Uppsala".into()),
            ..student()
        };
        assert_eq!(grant(&f, &rates()).distance_from, "cities");
    }

    #[test]
    fn the_same_with_fewer_opportunities_and_green_travel() {
        let f = Facts {
            fewer_opportunities: true,
            green_travel: true,
            ..student()
        };
        let g = grant(&f, &rates());
        // Green travel: 4 more days of individual support: 450 × 5 + 450 × (12 + 4) / 30 =
        // 2,250 + 240 = 2,490.
        assert_eq!(g.individual_support, Some(2490.0));
        // Fewer opportunities: 250 × (5 + 12 / 30) = 250 × 5.4 = 1,350. With travel support
        // (fewer opportunities), no 50 green top-up.
        assert_eq!(g.top_ups, Some(1350.0));
        // Travel: 500-1999 km, green: 417.
        assert_eq!(g.travel, Some(417.0));
        // Inclusion support for the organisation: 125.
        assert_eq!(g.inclusion_support, Some(125.0));
        // 2,490 + 1,350 + 417 + 125 = 4,382.
        assert_eq!(g.total(), Some(4382.0));
    }

    #[test]
    fn a_traineeship_gets_its_top_up() {
        // 90 days in Spain (group 2 from 2024): 3 months, no extra day.
        let f = Facts {
            activity: "traineeship".into(),
            country: "ES".into(),
            days: 90,
            ..student()
        };
        let g = grant(&f, &rates());
        assert_eq!(g.rule, "long_term_traineeship");
        // 400 × 3 = 1,200; the traineeship top-up 150 × 3 = 450.
        assert_eq!(
            (g.individual_support, g.top_ups),
            (Some(1200.0), Some(450.0))
        );
        assert_eq!(g.total(), Some(1650.0));
    }

    #[test]
    fn a_ten_day_short_term_mobility_with_a_top_up() {
        // A blended intensive programme of 10 days in Italy, fewer opportunities, 1,100 km
        // by the export.
        let f = Facts {
            activity: "blended_intensive".into(),
            country: "IT".into(),
            days: 10,
            fewer_opportunities: true,
            distance_km: Some(1100.0),
            ..student()
        };
        let g = grant(&f, &rates());
        assert_eq!(g.rule, "short_term");
        // 10 × 79 = 790; the 5-14 days top-up 100; travel 500-1999 km standard 309 (fewer
        // opportunities get travel support); inclusion 125. Total 1,324.
        assert_eq!(g.individual_support, Some(790.0));
        assert_eq!(
            (g.top_ups, g.travel, g.inclusion_support),
            (Some(100.0), Some(309.0), Some(125.0))
        );
        assert_eq!(g.distance_from, "export");
        assert_eq!(g.total(), Some(1324.0));
    }

    #[test]
    fn a_staff_training_of_5_days_plus_2_travel_days() {
        let f = Facts {
            staff: true,
            activity: "training".into(),
            country: "ES".into(),
            days: 5,
            distance_band: Some("500-1999 km".into()),
            ..student()
        };
        let g = grant(&f, &rates());
        assert_eq!((g.rule, g.days), ("staff", 7));
        // 7 days × 110 (group 2) = 770; travel 500-1999 km: 309. Total 1,079.
        assert_eq!((g.individual_support, g.travel), (Some(770.0), Some(309.0)));
        assert_eq!(g.total(), Some(1079.0));
        // 20 days of activity + 2 travel days: 14 × 110 + 8 × 110 × 0.7 = 1,540 + 616 = 2,156.
        let long = grant(&Facts { days: 20, ..f }, &rates());
        assert_eq!(long.individual_support, Some(2156.0));
    }

    #[test]
    fn a_ka171_incoming_mobility_from_region_10() {
        // A Brazilian student (Latin America, region 10) in France for 150 days, on a KA171
        // project of the 2023 call: France is in group 2 of the 2021-2023 groups.
        let f = Facts {
            action: Action::Ka171,
            call: 2023,
            incoming: true,
            country: "BR".into(),
            days: 150,
            ..student()
        };
        let g = grant(&f, &rates());
        assert_eq!((g.rule, g.group), ("student_in", Group::Programme(2)));
        // 850 × 5 = 4,250; KA171 pays travel to all: France-Brazil over 8,000 km, 1,500
        // (2021-2023 amounts), estimated from the countries.
        assert_eq!(
            (g.individual_support, g.travel),
            (Some(4250.0), Some(1500.0))
        );
        assert_eq!(g.distance_from, "countries");
        assert_eq!(g.total(), Some(5750.0));
    }

    #[test]
    fn a_zero_grant_mobility_and_an_unknown_rate() {
        let g = grant(
            &Facts {
                zero_grant: true,
                ..student()
            },
            &rates(),
        );
        assert_eq!((g.rule, g.total()), ("zero_grant", Some(0.0)));
        // Group 3 has no amount: individual support not available, and the total with it.
        let g = grant(
            &Facts {
                country: "PL".into(),
                ..student()
            },
            &rates(),
        );
        assert_eq!(g.individual_support, None);
        assert_eq!(g.total(), None);
        assert_eq!(g.missing, ["student.month.group_3"]);
    }

    #[test]
    fn organisational_support_steps_at_the_100th_participant() {
        // 100 × 400 + 3 × 230 = 40,000 + 690 = 40,690.
        assert_eq!(
            organisational_support(103, Action::Ka131, 2024, &rates()),
            Some(40690.0)
        );
        assert_eq!(
            organisational_support(40, Action::Ka131, 2024, &rates()),
            Some(16000.0)
        );
        // No shipped amount for KA171.
        assert_eq!(
            organisational_support(40, Action::Ka171, 2024, &rates()),
            None
        );
    }
}
