//! The Erasmus+ Programme Guide's regions of third countries not associated to the programme
//! (2021-2027 programme): ISO alpha-2 country code → region number (1 to 14) and its English
//! name. KA171 budgets and final reports are per region, so `erasmus_report_ka171` groups by
//! them. EU Member States and the third countries associated to the programme (IS, LI, NO,
//! MK, RS, TR) have no region, and neither has a country missing from the table below.
//!
//! Sources, and how far each number is verified:
//!
//! - The Programme Guide, Part A, "Eligible countries" (erasmus-plus.ec.europa.eu/
//!   programme-guide/part-a/eligible-countries), read in a stored copy of the page that
//!   shows no version number; it says "article 19 of the Erasmus+ Regulation", "Czechia" and
//!   "Türkiye" where copies of the 2021-2022 Guide say "article 16", "Czech Republic" and
//!   "Turkey", so it is a later edition (2023 or after). The copy stops after the first two
//!   countries of Region 2, so it verifies: the 27 Member States and the six associated
//!   countries (no region), Region 1 "Western Balkans" = Albania, Bosnia and Herzegovina,
//!   Kosovo, Montenegro, and the name "Neighbourhood East" of Region 2 (Armenia, Azerbaijan...).
//! - Regions 2 to 14 are NOT verified against the Guide's text: their numbers, names and
//!   members follow two public reference files that say they follow the 2024 Guide (a SQL seed
//!   of an Erasmus+ budget tool, `ref_erasmus_regions`, and a JavaScript country table of an
//!   "Erasmus+ Budget Wizard"), which agree with each other except where a comment says so.
//! - The 2014-2020 Guides numbered regions differently (Region 5 was Andorra, Monaco, San
//!   Marino and the Vatican; Asia was Region 6): data from before 2021 must not use this table.
//! - The Guide gives Regions 13 and 14 no name that could be checked: "European microstates"
//!   and "Other European countries" are the reference files' labels.
//!
//! KA171 itself covers Regions 1 to 12 ("12 budgetary envelopes" in a copy of the Guide's
//! KA171 chapter; "the twelve eligible regions (1-12)" on the Greek national agency's page),
//! so Regions 13 and 14 should not appear in KA171 data. No exception
//! letting an associated country into KA171 was found, so none is made: a KA171 mobility with
//! a country outside the table keeps a null region rather than vanishing.

/// The region numbers and their names in English (the Guide's language; translations are in
/// the `[region]` section of `src/i18n/strings.toml`).
pub const REGIONS: [(i64, &str); 14] = [
    (1, "Western Balkans"),
    (2, "Neighbourhood East"),
    (3, "South-Mediterranean"),
    (4, "Russian Federation"),
    (5, "Asia"),
    (6, "Central Asia"),
    (7, "Middle East"),
    (8, "Pacific"),
    (9, "Sub-Saharan Africa"),
    (10, "Latin America"),
    (11, "Caribbean"),
    (12, "US and Canada"),
    (13, "European microstates"),
    (14, "Other European countries"),
];

/// Each region's countries, ISO 3166-1 alpha-2 (Kosovo as XK).
#[rustfmt::skip]
const MEMBERS: [(i64, &[&str]); 14] = [
    // Verified against the Guide's text; the other regions are not (see the file's comment).
    (1, &["AL", "BA", "XK", "ME"]),
    (2, &["AM", "AZ", "BY", "GE", "MD", "UA"]),
    (3, &["DZ", "EG", "IL", "JO", "LB", "LY", "MA", "PS", "SY", "TN"]),
    (4, &["RU"]),
    // Brunei, North Korea and Macao are in the SQL seed only (the JavaScript table omits them).
    (5, &[
        "BD", "BT", "KH", "CN", "KP", "IN", "ID", "LA", "MY", "MV", "MN", "MM", "NP", "PK", "PH",
        "LK", "TH", "VN", "BN", "HK", "JP", "KR", "MO", "SG", "TW",
    ]),
    (6, &["AF", "KZ", "KG", "TJ", "TM", "UZ"]),
    (7, &["IR", "IQ", "YE", "BH", "KW", "OM", "QA", "SA", "AE"]),
    // Micronesia, the Marshall Islands, Nauru, Palau and Tuvalu are in the JavaScript table
    // only. The Cook Islands (CK) and Niue (NU) are in neither source: left out unverified,
    // they get no region until someone checks them against the Guide.
    (8, &[
        "FJ", "KI", "PG", "WS", "SB", "TL", "TO", "VU", "FM", "MH", "NR", "PW", "TV", "AU", "NZ",
    ]),
    (9, &[
        "AO", "BJ", "BW", "BF", "BI", "CM", "CV", "CF", "TD", "KM", "CG", "CD", "CI", "DJ", "GQ",
        "ER", "SZ", "ET", "GA", "GM", "GH", "GN", "GW", "KE", "LS", "LR", "MG", "MW", "ML", "MR",
        "MU", "MZ", "NA", "NE", "NG", "RW", "ST", "SN", "SC", "SL", "SO", "ZA", "SS", "SD", "TZ",
        "TG", "UG", "ZM", "ZW",
    ]),
    (10, &[
        "AR", "BO", "BR", "CL", "CO", "CR", "EC", "SV", "GT", "HN", "MX", "NI", "PA", "PY", "PE",
        "UY", "VE",
    ]),
    (11, &[
        "AG", "BS", "BB", "BZ", "CU", "DM", "DO", "GD", "GY", "HT", "JM", "KN", "LC", "VC", "SR",
        "TT",
    ]),
    (12, &["US", "CA"]),
    (13, &["AD", "MC", "SM", "VA"]),
    (14, &["FO", "CH", "GB"]),
];

/// The region of a country (ISO alpha-2), or None for EU Member States, associated countries
/// and countries the table lacks.
pub fn region_of(country: &str) -> Option<i64> {
    MEMBERS
        .iter()
        .find(|(_, codes)| codes.contains(&country))
        .map(|(number, _)| *number)
}

/// The English name of region `number`.
pub fn region_name(number: i64) -> Option<&'static str> {
    REGIONS
        .iter()
        .find(|(n, _)| *n == number)
        .map(|(_, name)| *name)
}

/// Every country of the table with its region number and name, in the table's order.
pub fn countries() -> impl Iterator<Item = (&'static str, i64, &'static str)> {
    MEMBERS.iter().flat_map(|(number, codes)| {
        let name = region_name(*number).expect("every member region is named");
        codes.iter().map(move |code| (*code, *number, name))
    })
}

/// The key of a region's translations in `strings.toml`: its English name, spaces as `_`.
pub fn translation_key(name: &str) -> String {
    format!("region.{}", name.replace(' ', "_"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn a_few_countries_and_their_regions() {
        assert_eq!(region_of("XK"), Some(1));
        assert_eq!(region_of("UA"), Some(2));
        assert_eq!(region_of("MA"), Some(3));
        assert_eq!(region_of("CN"), Some(5));
        assert_eq!(region_of("SN"), Some(9));
        assert_eq!(region_of("BR"), Some(10));
        assert_eq!(region_of("CU"), Some(11));
        assert_eq!(region_of("CA"), Some(12));
        assert_eq!(region_of("VA"), Some(13));
        assert_eq!(region_of("GB"), Some(14));
        assert_eq!(region_name(9), Some("Sub-Saharan Africa"));
        assert_eq!(region_name(15), None);
    }

    #[test]
    fn member_states_and_associated_countries_have_no_region() {
        // The Guide's list of Member States and associated countries (Part A).
        let programme = [
            "BE", "BG", "CZ", "DK", "DE", "EE", "IE", "GR", "ES", "FR", "HR", "IT", "CY", "LV",
            "LT", "LU", "HU", "MT", "NL", "AT", "PL", "PT", "RO", "SI", "SK", "FI", "SE", "MK",
            "RS", "IS", "LI", "NO", "TR",
        ];
        for code in programme {
            assert_eq!(region_of(code), None, "{code}");
        }
        // Unverified, left out on purpose (see the table's comment).
        assert_eq!(region_of("CK"), None);
    }

    #[test]
    fn each_country_once_as_a_known_code_in_a_named_region() {
        let mut seen = BTreeSet::new();
        for (code, number, name) in countries() {
            assert!(seen.insert(code), "{code} twice");
            assert!(
                code == "XK" || keshvar::Alpha2::try_from(code).is_ok(),
                "{code} is not an ISO code"
            );
            assert_eq!(region_name(number), Some(name));
        }
        assert_eq!(seen.len(), 167);
        let numbers: Vec<i64> = REGIONS.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, (1..=14).collect::<Vec<_>>());
    }

    #[test]
    fn every_region_name_is_translated() {
        for (_, name) in REGIONS {
            assert!(crate::i18n::has(&translation_key(name)), "{name}");
        }
    }
}
