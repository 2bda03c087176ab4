//! Reference data: the school's programmes, the countries and their regions, the
//! nationalities of foreign home students and where students go to and come from.

use Region::*;

/// The school's six degree programmes, French name (school files) and English name
/// (Mobility-Online), with their relative sizes.
pub const PROGRAMMES: [(&str, &str, u32); 6] = [
    ("Génie civil", "Civil Engineering", 17),
    ("Génie électrique", "Electrical Engineering", 16),
    ("Informatique", "Computer Science", 22),
    ("Génie des procédés", "Process Engineering", 12),
    ("Mécanique", "Mechanical Engineering", 19),
    ("Génie industriel", "Industrial Engineering", 14),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Region {
    Europe,
    NorthAmerica,
    LatinAmerica,
    Asia,
    Africa,
    Oceania,
}

pub struct Country {
    pub iso: &'static str,
    pub fr: &'static str,
    pub en: &'static str,
    /// An Erasmus+ programme country (KA131 can fund mobility there).
    pub erasmus: bool,
    pub region: Region,
}

const fn c(
    iso: &'static str,
    fr: &'static str,
    en: &'static str,
    erasmus: bool,
    region: Region,
) -> Country {
    Country {
        iso,
        fr,
        en,
        erasmus,
        region,
    }
}

pub const COUNTRIES: &[Country] = &[
    c("FR", "France", "France", true, Europe),
    c("DE", "Allemagne", "Germany", true, Europe),
    c("ES", "Espagne", "Spain", true, Europe),
    c("IT", "Italie", "Italy", true, Europe),
    c("BE", "Belgique", "Belgium", true, Europe),
    c("NL", "Pays-Bas", "Netherlands", true, Europe),
    c("AT", "Autriche", "Austria", true, Europe),
    c("SE", "Suède", "Sweden", true, Europe),
    c("DK", "Danemark", "Denmark", true, Europe),
    c("FI", "Finlande", "Finland", true, Europe),
    c("NO", "Norvège", "Norway", true, Europe),
    c("IE", "Irlande", "Ireland", true, Europe),
    c("PT", "Portugal", "Portugal", true, Europe),
    c("GR", "Grèce", "Greece", true, Europe),
    c("PL", "Pologne", "Poland", true, Europe),
    c("CZ", "République tchèque", "Czechia", true, Europe),
    c("HU", "Hongrie", "Hungary", true, Europe),
    c("SI", "Slovénie", "Slovenia", true, Europe),
    c("HR", "Croatie", "Croatia", true, Europe),
    c("RO", "Roumanie", "Romania", true, Europe),
    c("SK", "Slovaquie", "Slovakia", true, Europe),
    c("LT", "Lituanie", "Lithuania", true, Europe),
    c("EE", "Estonie", "Estonia", true, Europe),
    c("LV", "Lettonie", "Latvia", true, Europe),
    c("TR", "Turquie", "Turkey", true, Europe),
    c("IS", "Islande", "Iceland", true, Europe),
    c("LU", "Luxembourg", "Luxembourg", true, Europe),
    c("GB", "Royaume-Uni", "United Kingdom", false, Europe),
    c("CH", "Suisse", "Switzerland", false, Europe),
    c("UA", "Ukraine", "Ukraine", false, Europe),
    c("CA", "Canada", "Canada", false, NorthAmerica),
    c("US", "États-Unis", "United States", false, NorthAmerica),
    c("MX", "Mexique", "Mexico", false, LatinAmerica),
    c("BR", "Brésil", "Brazil", false, LatinAmerica),
    c("CL", "Chili", "Chile", false, LatinAmerica),
    c("AR", "Argentine", "Argentina", false, LatinAmerica),
    c("CO", "Colombie", "Colombia", false, LatinAmerica),
    c("PE", "Pérou", "Peru", false, LatinAmerica),
    c("JP", "Japon", "Japan", false, Asia),
    c("KR", "Corée du Sud", "South Korea", false, Asia),
    c("CN", "Chine", "China", false, Asia),
    c("TW", "Taïwan", "Taiwan", false, Asia),
    c("IN", "Inde", "India", false, Asia),
    c("VN", "Viêt Nam", "Vietnam", false, Asia),
    c("KZ", "Kazakhstan", "Kazakhstan", false, Asia),
    c("GE", "Géorgie", "Georgia", false, Asia),
    c("SG", "Singapour", "Singapore", false, Asia),
    c("LB", "Liban", "Lebanon", false, Asia),
    c("IR", "Iran", "Iran", false, Asia),
    c("ID", "Indonésie", "Indonesia", false, Asia),
    c("MA", "Maroc", "Morocco", false, Africa),
    c("TN", "Tunisie", "Tunisia", false, Africa),
    c("DZ", "Algérie", "Algeria", false, Africa),
    c("SN", "Sénégal", "Senegal", false, Africa),
    c("GH", "Ghana", "Ghana", false, Africa),
    c("CI", "Côte d'Ivoire", "Ivory Coast", false, Africa),
    c("CM", "Cameroun", "Cameroon", false, Africa),
    c("EG", "Égypte", "Egypt", false, Africa),
    c("ZA", "Afrique du Sud", "South Africa", false, Africa),
    c("AU", "Australie", "Australia", false, Oceania),
    c("NZ", "Nouvelle-Zélande", "New Zealand", false, Oceania),
];

pub fn country(iso: &str) -> &'static Country {
    COUNTRIES
        .iter()
        .find(|c| c.iso == iso)
        .unwrap_or_else(|| panic!("country {iso} missing"))
}

/// Nationalities of the school's own non-French students, weighted as a French engineering
/// school's intake (Maghreb and francophone Africa first).
#[rustfmt::skip]
pub const FOREIGN_NATIONALITIES: &[(&str, u32)] = &[
    ("MA", 14), ("TN", 10), ("DZ", 8), ("SN", 6), ("CM", 8), ("CI", 5), ("LB", 5), ("CN", 8),
    ("VN", 6), ("IN", 3), ("BR", 4), ("CO", 3), ("MX", 3), ("CL", 2), ("PE", 2), ("IT", 3),
    ("ES", 3), ("DE", 2), ("PT", 3), ("BE", 3), ("RO", 2), ("GR", 1), ("LU", 1), ("EG", 2),
    ("IR", 2), ("ID", 1), ("TR", 2), ("UA", 2), ("KZ", 1), ("GE", 1),
];

/// The European Commission's country codes: ISO but for Greece (EL) and the United Kingdom
/// (UK).
pub fn eu_code(iso: &str) -> &str {
    match iso {
        "GR" => "EL",
        "GB" => "UK",
        other => other,
    }
}

/// Destinations of outgoing students: Europe first, then Québec and the Americas.
pub const OUTGOING_REGIONS: &[(Region, u32)] = &[
    (Europe, 62),
    (NorthAmerica, 14),
    (LatinAmerica, 9),
    (Asia, 10),
    (Africa, 2),
    (Oceania, 3),
];
/// Origins of incoming students: more from Latin America, Asia and Africa.
pub const INCOMING_REGIONS: &[(Region, u32)] = &[
    (Europe, 55),
    (NorthAmerica, 10),
    (LatinAmerica, 13),
    (Asia, 13),
    (Africa, 7),
    (Oceania, 2),
];
