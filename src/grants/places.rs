//! Where a mobility goes, as the grant rules see it: the destination's country group (which
//! changed with the 2024 call), and the travel distance band, from the export's distance or
//! band, else estimated as the great-circle distance between the two cities (the `cities`
//! crate's 10,596 cities) or, when one is not found, between the two countries' reference
//! points (keshvar's country coordinates).

use crate::normalise::text::fold;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The programme countries' groups for the calls from 2024: [TOPUP] uol.de and hs-hannover.de,
/// "Projekt 2024" (the German National Agency's lists), and vu.nl (see `rates.toml`). Regions
/// 14 (CH, GB, FO) and 13 (AD, MC, SM, VA) go with groups 1 and 2 as fu-berlin.de says of the
/// earlier calls; that they still do from 2024 is not verified.
const GROUPS_2024: [(u8, &[&str]); 3] = [
    (
        1,
        &[
            "AT", "BE", "DK", "FI", "FR", "DE", "IS", "IE", "IT", "LI", "LU", "NL", "NO", "SE",
            "CH", "GB", "FO",
        ],
    ),
    (
        2,
        &[
            "CY", "CZ", "EE", "GR", "LV", "MT", "PT", "SK", "SI", "ES", "AD", "MC", "SM", "VA",
        ],
    ),
    (3, &["BG", "HR", "HU", "LT", "MK", "PL", "RO", "RS", "TR"]),
];

/// The groups for the calls 2021 to 2023: inclusivemobility.eu ("as stated in the Erasmus+
/// Programme Guide, section B") and espol-presse.fr.
const GROUPS_2021: [(u8, &[&str]); 3] = [
    (
        1,
        &[
            "DK", "FI", "IS", "IE", "LI", "LU", "NO", "SE", "CH", "GB", "FO",
        ],
    ),
    (
        2,
        &[
            "AT", "BE", "CY", "FR", "DE", "GR", "IT", "MT", "NL", "PT", "ES", "AD", "MC", "SM",
            "VA",
        ],
    ),
    (
        3,
        &[
            "BG", "HR", "CZ", "EE", "HU", "LV", "LT", "MK", "PL", "RO", "RS", "SK", "SI", "TR",
        ],
    ),
];

/// A destination's group for the grant rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// A programme country's group, 1 to 3.
    Programme(u8),
    /// A third country not associated to the programme.
    ThirdCountry,
}

impl Group {
    /// As the per-mobility file writes it: "group_1", "third_country".
    pub fn name(self) -> String {
        match self {
            Group::Programme(n) => format!("group_{n}"),
            Group::ThirdCountry => "third_country".to_string(),
        }
    }
}

/// The group of `country` (ISO alpha-2) in the call of `call`.
pub fn group(country: &str, call: i32) -> Group {
    let table = if call >= 2024 {
        GROUPS_2024
    } else {
        GROUPS_2021
    };
    table
        .iter()
        .find(|(_, members)| members.contains(&country))
        .map_or(Group::ThirdCountry, |(n, _)| Group::Programme(*n))
}

/// The distance bands, their lower bounds in km and their keys in `rates.toml`.
const BANDS: [(f64, &str); 7] = [
    (10.0, "10-99"),
    (100.0, "100-499"),
    (500.0, "500-1999"),
    (2000.0, "2000-2999"),
    (3000.0, "3000-3999"),
    (4000.0, "4000-7999"),
    (8000.0, "8000+"),
];

/// The band of a one-way distance; None under 10 km (no travel support).
pub fn band(km: f64) -> Option<&'static str> {
    BANDS
        .iter()
        .rev()
        .find(|(from, _)| km >= *from)
        .map(|(_, b)| *b)
}

/// The band of a band as an export writes it ("500-1999 km", "Between 500 and 1999 KM",
/// "8000 km and more"): its first number, read as a distance.
pub fn band_of_text(text: &str) -> Option<&'static str> {
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == ' ' || *c == '.')
        .filter(char::is_ascii_digit)
        .collect();
    band(digits.parse::<f64>().ok()?)
}

/// The great-circle distance in km between two points given in degrees (haversine, on the
/// mean Earth radius).
fn great_circle((la1, lo1): (f64, f64), (la2, lo2): (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        la1.to_radians(),
        lo1.to_radians(),
        la2.to_radians(),
        lo2.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// The great-circle distance in km between two countries' reference points (keshvar's
/// coordinates, the centre of each country); None for a code keshvar does not know.
pub fn country_distance(from: &str, to: &str) -> Option<f64> {
    Some(great_circle(country_point(from)?, country_point(to)?))
}

/// A country's reference point, looked up once per code: keshvar builds a whole country
/// record (names, translations...) at each lookup, and a million mobilities name a few
/// dozen countries.
fn country_point(code: &str) -> Option<(f64, f64)> {
    // One cache per thread: the grants of a large file are computed on every core, and a
    // shared lock taken twice a row would serialise them.
    thread_local! {
        static POINTS: RefCell<HashMap<String, Option<(f64, f64)>>> = Default::default();
    }
    POINTS.with_borrow_mut(|points| {
        if let Some(point) = points.get(code) {
            return *point;
        }
        let point = keshvar::Alpha2::try_from(code).ok().map(|a| {
            let geo = a.to_country().geo();
            (geo.latitude(), geo.longitude())
        });
        points.insert(code.to_string(), point);
        point
    })
}

type CityIndex = HashMap<(&'static str, String), (f64, f64)>;

/// The cities crate's cities, indexed once.
fn cities() -> &'static CityIndex {
    static INDEX: OnceLock<CityIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = HashMap::new();
        for c in cities::all() {
            // The crate names countries in English ("Czech Republic", "Korea, South").
            if let Some(code) = crate::normalise::country::country_code(c.country) {
                index
                    .entry((code, fold(c.city)))
                    .or_insert((c.latitude, c.longitude));
            }
        }
        index
    })
}

/// The great-circle distance in km between two cities, each in its country (ISO alpha-2);
/// None when either is not among the cities crate's.
pub fn city_distance(from: (&str, &str), to: (&str, &str)) -> Option<f64> {
    Some(great_circle(city_point(from)?, city_point(to)?))
}

/// A city's point by its name as the export spells it, folded and looked up once per
/// spelling (the same few hundred cities recur on every row).
fn city_point((country, city): (&str, &str)) -> Option<(f64, f64)> {
    // Per thread, as `country_point`.
    type Seen = HashMap<(String, String), Option<(f64, f64)>>;
    thread_local! {
        static POINTS: RefCell<Seen> = Default::default();
    }
    POINTS.with_borrow_mut(|points| {
        let key = (country.to_string(), city.to_string());
        if let Some(point) = points.get(&key) {
            return *point;
        }
        let point = cities().get(&(country, fold(city))).copied();
        points.insert(key, point);
        point
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_changed_with_the_2024_call() {
        assert_eq!(group("FR", 2024), Group::Programme(1));
        assert_eq!(group("FR", 2023), Group::Programme(2));
        assert_eq!(group("CZ", 2024), Group::Programme(2));
        assert_eq!(group("CZ", 2022), Group::Programme(3));
        assert_eq!(group("BR", 2024), Group::ThirdCountry);
        assert_eq!(Group::Programme(1).name(), "group_1");
    }

    #[test]
    fn bands_from_distances_and_from_text() {
        assert_eq!(band(9.0), None);
        assert_eq!(band(10.0), Some("10-99"));
        assert_eq!(band(1999.9), Some("500-1999"));
        assert_eq!(band(12000.0), Some("8000+"));
        assert_eq!(band_of_text("500-1999 km"), Some("500-1999"));
        assert_eq!(band_of_text("Between 2000 and 2999 KM"), Some("2000-2999"));
        assert_eq!(band_of_text("8.000 km and more"), Some("8000+"));
        assert_eq!(band_of_text("n/a"), None);
    }

    #[test]
    fn distances_between_country_reference_points() {
        // France's and Germany's centres are some 600 to 900 km apart; France and Brazil
        // about 8,000 to 9,500.
        let fr_de = country_distance("FR", "DE").unwrap();
        assert!((500.0..900.0).contains(&fr_de), "{fr_de}");
        let fr_br = country_distance("FR", "BR").unwrap();
        assert!((7500.0..9800.0).contains(&fr_br), "{fr_br}");
        assert_eq!(country_distance("FR", "FR"), Some(0.0));
        assert_eq!(country_distance("FR", "ZZ"), None);
    }

    #[test]
    fn distances_between_cities() {
        // Blois (47.58 N, 1.33 E) to Sevilla (37.38 N, 5.99 W): about 1,290 km as the crow
        // flies; Blois to Dresden about 1,000 km.
        let sevilla = city_distance(("FR", "Blois"), ("ES", "Sevilla")).unwrap();
        assert!((1200.0..1400.0).contains(&sevilla), "{sevilla}");
        let dresden = city_distance(("FR", "blois"), ("DE", "Dresden")).unwrap();
        assert!((900.0..1100.0).contains(&dresden), "{dresden}");
        assert_eq!(city_distance(("FR", "Blois"), ("ES", "Nowhere")), None);
    }
}
