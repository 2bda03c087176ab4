//! Writes the demo inputs of a fictional French engineering school (six files) into OUTDIR.
//!
//! Usage: `cargo run --example gen_demo -- [OUTDIR]` (OUTDIR defaults to `inputs`).
//!
//! The school, "École nationale supérieure d'ingénieurs du Val de Loire (démo)" (France), runs
//! six engineering programmes. The files cover the academic years 2021-2022 to 2024-2025 (a
//! year starts on 1 September) and are shaped like the exports an international relations
//! office really receives: a MoveON export of outgoing students (xlsx with a title, two exports
//! pasted together and a totals row), a Mobility-Online export of incoming students (ods), a
//! staff list kept by hand (semicolon CSV in Windows-1252), the partner list (xlsx, one column
//! per programme), the Erasmus+ KA171 projects (CSV with a BOM) and the enrolment list (xlsx).
//! A handful of rows are wrong on purpose: examples/README.md lists them and this program
//! prints them.
//!
//! The output is byte-identical from run to run: every random choice comes from a seeded
//! splitmix64 generator (one stream per concern), nothing reads the clock, and the zip
//! containers (xlsx, ods) carry fixed timestamps.

use anyhow::{anyhow, bail, Context, Result};
use chrono::{Datelike, NaiveDate, TimeDelta};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet};
use std::collections::{BTreeMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

const SCHOOL: &str = "École nationale supérieure d'ingénieurs du Val de Loire (démo)";
/// First and last academic years covered, as the calendar year they start in.
const FIRST_YEAR: i32 = 2021;
const LAST_YEAR: i32 = 2024;

// ───────────────────────────── Random numbers ─────────────────────────────

/// splitmix64: tiny and fully specified, so the demo never changes because a crate changed
/// its algorithm.
struct Rng(u64);

impl Rng {
    /// One stream per concern, so that changing how one file is generated does not reshuffle
    /// the others.
    fn new(stream: &str) -> Rng {
        // FNV-1a of the stream name, mixed with a fixed seed.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in stream.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        Rng(h ^ 0x5eed_2025)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (the modulo bias is far below anything a demo could show).
    fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "below(0)");
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64) / ((1u64 << 53) as f64) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut r = self.below(total as usize) as u32;
        for &(item, w) in items {
            if r < w {
                return item;
            }
            r -= w;
        }
        unreachable!("weights add up to total")
    }

    /// A date in `from..=to`.
    fn date(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        from + TimeDelta::days(self.between(0, (to - from).num_days()))
    }
}

// ───────────────────────────── Calendar ─────────────────────────────

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid calendar date")
}

/// The academic year (by its start year) a date falls in; years start on 1 September.
fn academic_year(d: NaiveDate) -> i32 {
    if d.month() >= 9 {
        d.year()
    } else {
        d.year() - 1
    }
}

fn in_window(year: i32) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&year)
}

/// The end date of a stay of `days` days, the first and last days included (the Erasmus+
/// way of counting).
fn end_after(start: NaiveDate, days: i64) -> NaiveDate {
    start + TimeDelta::days(days - 1)
}

fn fr_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn year_label(year: i32) -> String {
    format!("{}-{}", year, year + 1)
}

// ───────────────────────────── Reference data ─────────────────────────────

/// The school's six degree programmes, French name (school files) and English name
/// (Mobility-Online), with their relative sizes.
const PROGRAMMES: [(&str, &str, u32); 6] = [
    ("Génie civil", "Civil Engineering", 17),
    ("Génie électrique", "Electrical Engineering", 16),
    ("Informatique", "Computer Science", 22),
    ("Génie des procédés", "Process Engineering", 12),
    ("Mécanique", "Mechanical Engineering", 19),
    ("Génie industriel", "Industrial Engineering", 14),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Region {
    Europe,
    NorthAmerica,
    LatinAmerica,
    Asia,
    Africa,
    Oceania,
}

struct Country {
    iso: &'static str,
    fr: &'static str,
    en: &'static str,
    /// An Erasmus+ programme country (KA131 can fund mobility there).
    erasmus: bool,
    region: Region,
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

use Region::*;

const COUNTRIES: &[Country] = &[
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

fn country(iso: &str) -> &'static Country {
    COUNTRIES
        .iter()
        .find(|c| c.iso == iso)
        .unwrap_or_else(|| panic!("country {iso} missing"))
}

/// Nationalities of the school's own non-French students, weighted as a French engineering
/// school's intake (Maghreb and francophone Africa first).
#[rustfmt::skip]
const FOREIGN_NATIONALITIES: &[(&str, u32)] = &[
    ("MA", 14), ("TN", 10), ("DZ", 8), ("SN", 6), ("CM", 8), ("CI", 5), ("LB", 5), ("CN", 8),
    ("VN", 6), ("IN", 3), ("BR", 4), ("CO", 3), ("MX", 3), ("CL", 2), ("PE", 2), ("IT", 3),
    ("ES", 3), ("DE", 2), ("PT", 3), ("BE", 3), ("RO", 2), ("GR", 1), ("LU", 1), ("EG", 2),
    ("IR", 2), ("ID", 1), ("TR", 2), ("UA", 2), ("KZ", 1), ("GE", 1),
];

/// How exchanges with a partner are funded (and so which agreement it has).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scheme {
    Erasmus,
    Bilateral,
    Isep,
    Bci,
    Brafitec,
}

/// (institution, Erasmus code or "", ISO country, city, scheme).
type PartnerDef = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Scheme,
);

/// The partners, grouped by country, named as the partner list writes them. A few go by
/// their English name where the native one has letters that Windows-1252 cannot carry (the
/// staff CSV is in that encoding).
#[rustfmt::skip] // one partner per line reads better than rustfmt's five
const PARTNER_DEFS: &[PartnerDef] = {
    use Scheme::*;
    &[
        ("Technische Universität Berlin", "D  BERLIN02", "DE", "Berlin", Erasmus),
        ("Technische Universität München", "D  MUNCHEN02", "DE", "München", Erasmus),
        ("RWTH Aachen University", "D  AACHEN01", "DE", "Aachen", Erasmus),
        ("Karlsruher Institut für Technologie", "D  KARLSRU01", "DE", "Karlsruhe", Erasmus),
        ("Technische Universität Dresden", "D  DRESDEN02", "DE", "Dresden", Erasmus),
        ("Universität Stuttgart", "D  STUTTGA01", "DE", "Stuttgart", Erasmus),
        ("Technische Universität Darmstadt", "D  DARMSTA01", "DE", "Darmstadt", Erasmus),
        ("Leibniz Universität Hannover", "D  HANNOVE01", "DE", "Hannover", Erasmus),
        ("Technische Universität Braunschweig", "D  BRAUNSC01", "DE", "Braunschweig", Erasmus),
        ("Universität des Saarlandes", "D  SAARBRU01", "DE", "Saarbrücken", Erasmus),
        ("Friedrich-Alexander-Universität Erlangen-Nürnberg", "D  ERLANGE01", "DE", "Erlangen", Erasmus),
        ("Universidad Politécnica de Madrid", "E  MADRID05", "ES", "Madrid", Erasmus),
        ("Universitat Politècnica de Catalunya", "E  BARCELO03", "ES", "Barcelona", Erasmus),
        ("Universitat Politècnica de València", "E  VALENCI02", "ES", "Valencia", Erasmus),
        ("Universidad de Sevilla", "E  SEVILLA01", "ES", "Sevilla", Erasmus),
        ("Universidad de Zaragoza", "E  ZARAGOZ01", "ES", "Zaragoza", Erasmus),
        ("Universidad Carlos III de Madrid", "E  MADRID14", "ES", "Getafe", Erasmus),
        ("Universidad del País Vasco", "E  BILBAO01", "ES", "Bilbao", Erasmus),
        ("Mondragon Unibertsitatea", "E  MONDRAG01", "ES", "Arrasate-Mondragón", Erasmus),
        ("Politecnico di Milano", "I  MILANO02", "IT", "Milano", Erasmus),
        ("Politecnico di Torino", "I  TORINO02", "IT", "Torino", Erasmus),
        ("Alma Mater Studiorum – Università di Bologna", "I  BOLOGNA01", "IT", "Bologna", Erasmus),
        ("Università degli Studi di Padova", "I  PADOVA01", "IT", "Padova", Erasmus),
        ("Università di Pisa", "I  PISA01", "IT", "Pisa", Erasmus),
        ("Sapienza Università di Roma", "I  ROMA01", "IT", "Roma", Erasmus),
        ("Università degli Studi di Trento", "I  TRENTO01", "IT", "Trento", Erasmus),
        ("KU Leuven", "B  LEUVEN01", "BE", "Leuven", Erasmus),
        ("Universiteit Gent", "B  GENT01", "BE", "Gent", Erasmus),
        ("Université catholique de Louvain", "B  LOUVAIN01", "BE", "Louvain-la-Neuve", Erasmus),
        ("Université de Liège", "B  LIEGE01", "BE", "Liège", Erasmus),
        ("Technische Universiteit Delft", "NL DELFT01", "NL", "Delft", Erasmus),
        ("Technische Universiteit Eindhoven", "NL EINDHOV17", "NL", "Eindhoven", Erasmus),
        ("Universiteit Twente", "NL ENSCHED01", "NL", "Enschede", Erasmus),
        ("Technische Universität Wien", "A  WIEN02", "AT", "Wien", Erasmus),
        ("Technische Universität Graz", "A  GRAZ02", "AT", "Graz", Erasmus),
        ("Kungliga Tekniska högskolan", "S  STOCKHO04", "SE", "Stockholm", Erasmus),
        ("Chalmers tekniska högskola", "S  GOTEBOR02", "SE", "Göteborg", Erasmus),
        ("Lunds universitet", "S  LUND01", "SE", "Lund", Erasmus),
        ("Danmarks Tekniske Universitet", "DK LYNGBY01", "DK", "Kongens Lyngby", Erasmus),
        ("Aalborg Universitet", "DK AALBORG01", "DK", "Aalborg", Erasmus),
        ("Aalto-yliopisto", "SF ESPOO12", "FI", "Espoo", Erasmus),
        ("Tampereen yliopisto", "SF TAMPERE17", "FI", "Tampere", Erasmus),
        ("Norges teknisk-naturvitenskapelige universitet", "N  TRONDHE01", "NO", "Trondheim", Erasmus),
        // Irish codes are officially written "IRLDUBLIN01"; offices usually type a space.
        ("Trinity College Dublin", "IRL DUBLIN01", "IE", "Dublin", Erasmus),
        ("Universidade do Porto", "P  PORTO02", "PT", "Porto", Erasmus),
        ("Instituto Superior Técnico – Universidade de Lisboa", "P  LISBOA109", "PT", "Lisboa", Erasmus),
        ("Universidade de Coimbra", "P  COIMBRA01", "PT", "Coimbra", Erasmus),
        ("National Technical University of Athens", "G  ATHINE02", "GR", "Athina", Erasmus),
        ("Aristotle University of Thessaloniki", "G  THESSAL01", "GR", "Thessaloniki", Erasmus),
        ("Politechnika Warszawska", "PL WARSZAW02", "PL", "Warszawa", Erasmus),
        ("AGH University of Krakow", "PL KRAKOW02", "PL", "Kraków", Erasmus),
        ("Wroclaw University of Science and Technology", "PL WROCLAW02", "PL", "Wroclaw", Erasmus),
        ("Czech Technical University in Prague", "CZ PRAHA10", "CZ", "Praha", Erasmus),
        ("Brno University of Technology", "CZ BRNO01", "CZ", "Brno", Erasmus),
        ("Budapest University of Technology and Economics", "HU BUDAPES02", "HU", "Budapest", Erasmus),
        ("Univerza v Ljubljani", "SI LJUBLJA01", "SI", "Ljubljana", Erasmus),
        ("University of Zagreb", "HR ZAGREB01", "HR", "Zagreb", Erasmus),
        ("National University of Science and Technology Politehnica Bucharest", "RO BUCURES11", "RO", "Bucuresti", Erasmus),
        ("Technical University of Cluj-Napoca", "RO CLUJNAP05", "RO", "Cluj-Napoca", Erasmus),
        ("Slovak University of Technology in Bratislava", "SK BRATISL01", "SK", "Bratislava", Erasmus),
        ("Kaunas University of Technology", "LT KAUNAS02", "LT", "Kaunas", Erasmus),
        ("Riga Technical University", "LV RIGA02", "LV", "Riga", Erasmus),
        ("Tallinn University of Technology", "EE TALLINN04", "EE", "Tallinn", Erasmus),
        ("Istanbul Technical University", "TR ISTANBU04", "TR", "Istanbul", Erasmus),
        ("Middle East Technical University", "TR ANKARA04", "TR", "Ankara", Erasmus),
        ("Háskóli Íslands", "IS REYKJAV01", "IS", "Reykjavík", Erasmus),
        // Outside Erasmus+ since 2021: exchanges run on bilateral agreements (the codes stay).
        ("Imperial College London", "UK LONDON029", "GB", "London", Bilateral),
        ("The University of Manchester", "UK MANCHES01", "GB", "Manchester", Bilateral),
        ("University of Strathclyde", "UK GLASGOW02", "GB", "Glasgow", Bilateral),
        ("Cranfield University", "UK CRANFIE01", "GB", "Cranfield", Bilateral),
        ("ETH Zürich", "CH ZURICH10", "CH", "Zürich", Bilateral),
        ("École polytechnique fédérale de Lausanne", "CH LAUSANN02", "CH", "Lausanne", Bilateral),
        ("Igor Sikorsky Kyiv Polytechnic Institute", "", "UA", "Kyiv", Bilateral),
        ("Lviv Polytechnic National University", "", "UA", "Lviv", Bilateral),
        ("Polytechnique Montréal", "", "CA", "Montréal", Bci),
        ("École de technologie supérieure", "", "CA", "Montréal", Bci),
        ("Université Laval", "", "CA", "Québec", Bci),
        ("Université de Sherbrooke", "", "CA", "Sherbrooke", Bci),
        ("Concordia University", "", "CA", "Montréal", Bci),
        ("University of Toronto", "", "CA", "Toronto", Bilateral),
        ("Georgia Institute of Technology", "", "US", "Atlanta", Bilateral),
        ("Purdue University", "", "US", "West Lafayette", Bilateral),
        ("The University of Texas at Austin", "", "US", "Austin", Bilateral),
        ("Virginia Polytechnic Institute and State University", "", "US", "Blacksburg", Isep),
        ("Clemson University", "", "US", "Clemson", Isep),
        ("University of Idaho", "", "US", "Moscow", Isep),
        ("Kansas State University", "", "US", "Manhattan", Isep),
        ("Tecnológico de Monterrey", "", "MX", "Monterrey", Bilateral),
        ("Universidad Nacional Autónoma de México", "", "MX", "Ciudad de México", Bilateral),
        ("Universidade de São Paulo", "", "BR", "São Paulo", Brafitec),
        ("Universidade Estadual de Campinas", "", "BR", "Campinas", Brafitec),
        ("Universidade Federal do Rio de Janeiro", "", "BR", "Rio de Janeiro", Brafitec),
        ("Universidade Federal de Minas Gerais", "", "BR", "Belo Horizonte", Brafitec),
        ("Universidade Federal de Santa Catarina", "", "BR", "Florianópolis", Brafitec),
        ("Pontificia Universidad Católica de Chile", "", "CL", "Santiago", Bilateral),
        ("Universidad de Chile", "", "CL", "Santiago", Bilateral),
        ("Universidad Técnica Federico Santa María", "", "CL", "Valparaíso", Bilateral),
        ("Instituto Tecnológico de Buenos Aires", "", "AR", "Buenos Aires", Bilateral),
        ("Universidad de los Andes", "", "CO", "Bogotá", Bilateral),
        ("Tohoku University", "", "JP", "Sendai", Bilateral),
        ("Tokyo Institute of Technology", "", "JP", "Tokyo", Bilateral),
        ("KAIST", "", "KR", "Daejeon", Bilateral),
        ("Seoul National University", "", "KR", "Seoul", Bilateral),
        ("Tsinghua University", "", "CN", "Beijing", Bilateral),
        ("Shanghai Jiao Tong University", "", "CN", "Shanghai", Bilateral),
        ("Tongji University", "", "CN", "Shanghai", Bilateral),
        ("National Tsing Hua University", "", "TW", "Hsinchu", Bilateral),
        ("National Taiwan University", "", "TW", "Taipei", Bilateral),
        ("Indian Institute of Technology Madras", "", "IN", "Chennai", Bilateral),
        ("Indian Institute of Technology Bombay", "", "IN", "Mumbai", Bilateral),
        ("Hanoi University of Science and Technology", "", "VN", "Hanoi", Bilateral),
        ("Ho Chi Minh City University of Technology", "", "VN", "Ho Chi Minh City", Bilateral),
        ("Satbayev University", "", "KZ", "Almaty", Bilateral),
        ("Nazarbayev University", "", "KZ", "Astana", Bilateral),
        ("Georgian Technical University", "", "GE", "Tbilisi", Bilateral),
        ("Nanyang Technological University", "", "SG", "Singapore", Bilateral),
        ("École Mohammadia d'Ingénieurs", "", "MA", "Rabat", Bilateral),
        ("Université Cadi Ayyad", "", "MA", "Marrakech", Bilateral),
        ("École Nationale d'Ingénieurs de Tunis", "", "TN", "Tunis", Bilateral),
        ("École Nationale d'Ingénieurs de Sfax", "", "TN", "Sfax", Bilateral),
        ("École Supérieure Polytechnique de Dakar", "", "SN", "Dakar", Bilateral),
        ("Université Gaston Berger", "", "SN", "Saint-Louis", Bilateral),
        ("Kwame Nkrumah University of Science and Technology", "", "GH", "Kumasi", Bilateral),
        ("Institut National Polytechnique Félix Houphouët-Boigny", "", "CI", "Yamoussoukro", Bilateral),
        ("École Nationale Supérieure Polytechnique de Yaoundé", "", "CM", "Yaoundé", Bilateral),
        ("Stellenbosch University", "", "ZA", "Stellenbosch", Bilateral),
        ("University of New South Wales", "", "AU", "Sydney", Bilateral),
        ("The University of Queensland", "", "AU", "Brisbane", Bilateral),
        ("University of Auckland", "", "NZ", "Auckland", Bilateral),
    ]
};

/// Partners that also hold a double-degree agreement (a second row in the partner list).
const DOUBLE_DEGREE_PARTNERS: &[&str] = &[
    "Technische Universität Berlin",
    "Technische Universität München",
    "RWTH Aachen University",
    "Karlsruher Institut für Technologie",
    "Universidad Politécnica de Madrid",
    "Universitat Politècnica de Catalunya",
    "Politecnico di Milano",
    "Politecnico di Torino",
    "Université catholique de Louvain",
    "Technische Universiteit Delft",
    "Kungliga Tekniska högskolan",
    "Danmarks Tekniske Universitet",
    "École polytechnique fédérale de Lausanne",
    "Polytechnique Montréal",
    "École de technologie supérieure",
    "Tecnológico de Monterrey",
    "Universidade de São Paulo",
    "Universidade Estadual de Campinas",
    "Universidade Federal do Rio de Janeiro",
    "Pontificia Universidad Católica de Chile",
    "Tsinghua University",
    "Shanghai Jiao Tong University",
];

/// Agreements signed during the period: (partner, first academic year).
const NEW_AGREEMENTS: &[(&str, i32)] = &[
    ("Nazarbayev University", 2023),
    ("University of Auckland", 2022),
    ("Instituto Tecnológico de Buenos Aires", 2023),
    ("Háskóli Íslands", 2022),
    ("Tallinn University of Technology", 2022),
    ("Georgian Technical University", 2022),
];

/// Agreements that ran out during the period: (partner, last academic year).
const ENDED_AGREEMENTS: &[(&str, i32)] = &[
    ("University of Strathclyde", 2022),
    ("Università di Pisa", 2022),
    ("Riga Technical University", 2023),
    ("Clemson University", 2022),
    ("Universidad de los Andes", 2023),
];

/// Companies that host interns abroad: (name, ISO country, city).
const COMPANIES: &[(&str, &str, &str)] = &[
    ("Siemens AG", "DE", "München"),
    ("Robert Bosch GmbH", "DE", "Stuttgart"),
    ("Airbus Operations GmbH", "DE", "Hamburg"),
    ("BASF SE", "DE", "Ludwigshafen"),
    ("SAP SE", "DE", "Walldorf"),
    ("Acciona Construcción S.A.", "ES", "Madrid"),
    ("Iberdrola S.A.", "ES", "Bilbao"),
    ("Enel S.p.A.", "IT", "Roma"),
    ("Pirelli & C. S.p.A.", "IT", "Milano"),
    ("Solvay S.A.", "BE", "Bruxelles"),
    ("ASML Netherlands B.V.", "NL", "Veldhoven"),
    ("Vestas Wind Systems A/S", "DK", "Aarhus"),
    ("Volvo Cars", "SE", "Göteborg"),
    ("ABB Switzerland Ltd", "CH", "Baden"),
    ("Arup", "GB", "London"),
    ("Rolls-Royce plc", "GB", "Derby"),
    ("Nokia Solutions and Networks", "FI", "Espoo"),
    ("Hydro-Québec", "CA", "Montréal"),
    ("Bombardier Inc.", "CA", "Montréal"),
    ("Michelin North America", "US", "Greenville"),
    ("Tesla, Inc.", "US", "Austin"),
    ("Toyota Motor Corporation", "JP", "Toyota"),
    ("Schneider Electric India", "IN", "Bangalore"),
    ("Vale S.A.", "BR", "Rio de Janeiro"),
    ("Thales Australia", "AU", "Sydney"),
    ("OCP Group", "MA", "Casablanca"),
];

/// An Erasmus+ KA171 project as the grant agreement defines it.
struct ProjectDef {
    reference: &'static str,
    /// First month (year, month) and length in months of the project.
    start: (i32, u32),
    months: u32,
    /// One partner institution per partner country.
    partners: &'static [&'static str],
}

/// One project per call, each with partners in several countries outside Erasmus+.
const PROJECT_DEFS: &[ProjectDef] = &[
    ProjectDef {
        reference: "2021-1-FR01-KA171-HED-000012847",
        start: (2021, 8),
        months: 24,
        partners: &[
            "Igor Sikorsky Kyiv Polytechnic Institute",
            "École Mohammadia d'Ingénieurs",
            "École Supérieure Polytechnique de Dakar",
            "Hanoi University of Science and Technology",
            "Satbayev University",
        ],
    },
    ProjectDef {
        reference: "2022-1-FR01-KA171-HED-000051234",
        start: (2022, 8),
        months: 36,
        partners: &[
            "Lviv Polytechnic National University",
            "Kwame Nkrumah University of Science and Technology",
            "Tecnológico de Monterrey",
            "École Nationale d'Ingénieurs de Tunis",
            "Indian Institute of Technology Madras",
            "Georgian Technical University",
        ],
    },
    ProjectDef {
        reference: "2023-1-FR01-KA171-HED-000137562",
        start: (2023, 8),
        months: 24,
        partners: &[
            "National Tsing Hua University",
            "Universidad Técnica Federico Santa María",
            "Universidade Federal de Santa Catarina",
            "Université Cadi Ayyad",
            "Université Gaston Berger",
            "Satbayev University",
        ],
    },
    ProjectDef {
        reference: "2024-1-FR01-KA171-HED-000245018",
        start: (2024, 8),
        months: 36,
        partners: &[
            "The University of Texas at Austin",
            "Ho Chi Minh City University of Technology",
            "Kwame Nkrumah University of Science and Technology",
            "Indian Institute of Technology Bombay",
            "École Nationale d'Ingénieurs de Sfax",
            "Universidad Nacional Autónoma de México",
            "Georgian Technical University",
        ],
    },
];

// ───────────────────────────── The world: partners and projects ─────────────────────────────

/// One agreement with a partner: places per programme and validity (academic start years).
struct Agreement {
    places: [u32; 6],
    from: i32,
    to: i32,
    /// How the partner list writes the validity (several spellings, all valid).
    from_text: String,
    to_text: String,
}

impl Agreement {
    fn active(&self, year: i32) -> bool {
        (self.from..=self.to).contains(&year)
    }
}

struct Partner {
    name: &'static str,
    code: &'static str,
    iso: &'static str,
    city: &'static str,
    scheme: Scheme,
    main: Agreement,
    double_degree: Option<Agreement>,
    /// How the partner list spells the code and the country (messy on purpose, all valid).
    code_text: String,
    country_text: String,
}

impl Partner {
    fn region(&self) -> Region {
        country(self.iso).region
    }

    fn host(&self) -> Host {
        Host {
            name: self.name,
            code: self.code,
            iso: self.iso,
            city: self.city,
        }
    }
}

struct Project {
    reference: &'static str,
    start: NaiveDate,
    end: NaiveDate,
    partners: Vec<usize>,
}

struct World {
    partners: Vec<Partner>,
    projects: Vec<Project>,
}

impl World {
    fn build() -> World {
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

    /// Partners in KA171 projects running on this date whose agreement covers `programme`.
    fn icm_partners(&self, date: NaiveDate, programme: usize) -> Vec<usize> {
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
    fn pick_partner(
        &self,
        rng: &mut Rng,
        year: i32,
        programme: usize,
        regions: &[(Region, u32)],
        keep: &dyn Fn(&Partner) -> bool,
    ) -> usize {
        let region = rng.weighted(regions);
        let ok = |p: &Partner, any_region: bool| {
            (any_region || p.region() == region)
                && p.main.active(year)
                && p.main.places[programme] > 0
                && keep(p)
        };
        let mut candidates: Vec<(usize, u32)> = self
            .partners
            .iter()
            .enumerate()
            .filter(|(_, p)| ok(p, false))
            .map(|(i, p)| (i, p.main.places[programme]))
            .collect();
        if candidates.is_empty() {
            candidates = self
                .partners
                .iter()
                .enumerate()
                .filter(|(_, p)| ok(p, true))
                .map(|(i, p)| (i, p.main.places[programme]))
                .collect();
        }
        rng.weighted(&candidates)
    }

    /// A double-degree partner for `programme` in `year`, if one has places.
    fn pick_double_degree(&self, rng: &mut Rng, year: i32, programme: usize) -> Option<usize> {
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
    let main = Agreement {
        places: programme_places(rng, 3..=6, if scheme == Scheme::Isep { 1 } else { 6 }),
        from,
        to,
        from_text: year_text(rng, from, true),
        to_text: year_text(rng, to, false),
    };
    let double_degree = DOUBLE_DEGREE_PARTNERS.contains(&name).then(|| {
        let from = rng.between(2017, 2021) as i32;
        let to = rng.between(2026, 2029) as i32;
        Agreement {
            places: programme_places(rng, 1..=2, 3),
            from,
            to,
            from_text: year_text(rng, from, true),
            to_text: year_text(rng, to, false),
        }
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

fn collapse_spaces(code: &str) -> String {
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

fn eu_code(iso: &str) -> &str {
    match iso {
        "GR" => "EL",
        "GB" => "UK",
        other => other,
    }
}

// ───────────────────────────── People ─────────────────────────────

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Gender {
    F,
    M,
    X,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum StudentKind {
    Engineer,
    Doctoral,
    Exchange,
}

/// What a degree student does abroad during the engineering cycle (decided at enrolment so
/// that a two-year double degree can push graduation back a year).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Plan {
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

struct Student {
    id: u64,
    programme: usize,
    nationality: &'static str,
    gender: Gender,
    kind: StudentKind,
    /// First and last enrolled academic years.
    first_year: i32,
    last_year: i32,
    graduation: Option<i32>,
    plan: Plan,
    first_year_internship: bool,
}

/// Unique 8-digit student numbers, the first two digits being the year of first enrolment
/// (as the student information system numbers them).
struct StudentNumbers(HashSet<u64>);

impl StudentNumbers {
    fn fresh(&mut self, rng: &mut Rng, year: i32) -> u64 {
        loop {
            let id = (year as u64 % 100) * 1_000_000 + rng.between(0, 999_999) as u64;
            if self.0.insert(id) {
                return id;
            }
        }
    }
}

fn programme_choice(rng: &mut Rng) -> usize {
    let weights: Vec<(usize, u32)> = PROGRAMMES
        .iter()
        .enumerate()
        .map(|(i, p)| (i, p.2))
        .collect();
    rng.weighted(&weights)
}

fn gender(rng: &mut Rng, female_share: f64) -> Gender {
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
fn home_students(numbers: &mut StudentNumbers) -> Vec<Student> {
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

fn engineer(rng: &mut Rng, numbers: &mut StudentNumbers, entry: i32) -> Student {
    let nationality = if rng.chance(0.86) {
        "FR"
    } else {
        rng.weighted(FOREIGN_NATIONALITIES)
    };
    let mut s = Student {
        id: numbers.fresh(rng, entry),
        programme: programme_choice(rng),
        nationality,
        gender: gender(rng, 0.3),
        kind: StudentKind::Engineer,
        first_year: entry,
        last_year: entry + 2,
        graduation: None,
        plan: Plan::Nothing,
        first_year_internship: rng.chance(0.05),
    };
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
    let nationality = if rng.chance(0.65) {
        "FR"
    } else {
        rng.weighted(FOREIGN_NATIONALITIES)
    };
    Student {
        id: numbers.fresh(rng, entry),
        programme: programme_choice(rng),
        nationality,
        gender: gender(rng, 0.35),
        kind: StudentKind::Doctoral,
        first_year: entry,
        last_year: entry + 2,
        graduation: None,
        plan: Plan::Nothing,
        first_year_internship: false,
    }
}

// ───────────────────────────── Mobilities ─────────────────────────────

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Activity {
    Study,
    Traineeship,
    DoubleDegree,
    Teaching,
    Training,
    Bip,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Funding {
    Ka131,
    Ka171,
    Bilateral,
    Bci,
    Brafitec,
    Isep,
    Unfunded,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Level {
    Bachelor,
    Master,
    Doctorate,
}

/// Where a mobility takes place (outgoing) or comes from (incoming).
#[derive(Clone, Copy, Debug)]
struct Host {
    name: &'static str,
    code: &'static str,
    iso: &'static str,
    city: &'static str,
}

#[derive(Clone, Debug)]
struct Mobility {
    person: String,
    activity: Activity,
    funding: Funding,
    icm: Option<&'static str>,
    programme: usize,
    level: Level,
    host: Host,
    nationality: &'static str,
    gender: Gender,
    start: NaiveDate,
    end: NaiveDate,
    fewer_opportunities: bool,
    green_travel: bool,
}

/// Destinations of outgoing students: Europe first, then Québec and the Americas.
const OUTGOING_REGIONS: &[(Region, u32)] = &[
    (Europe, 62),
    (NorthAmerica, 14),
    (LatinAmerica, 9),
    (Asia, 10),
    (Africa, 2),
    (Oceania, 3),
];
/// Origins of incoming students: more from Latin America, Asia and Africa.
const INCOMING_REGIONS: &[(Region, u32)] = &[
    (Europe, 55),
    (NorthAmerica, 10),
    (LatinAmerica, 13),
    (Asia, 13),
    (Africa, 7),
    (Oceania, 2),
];

/// One stay abroad in a student's plan, before a host and funding are chosen.
struct Stay {
    activity: Activity,
    start: NaiveDate,
    days: i64,
    level: Level,
}

/// The outgoing student mobilities of every home student, in the academic years covered.
fn outgoing_students(world: &World, students: &[Student]) -> Vec<Mobility> {
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
    out.sort_by(|a, b| (a.start, &a.person).cmp(&(b.start, &b.person)));
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
) -> (Funding, Option<&'static str>) {
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
        if let Some(reference) = world.project_for(partner, stay.start) {
            if rng.chance(0.75) {
                return (Funding::Ka171, Some(reference));
            }
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

/// An incoming mobility, and whether the school enrols the person (exchange and
/// double-degree students: their person id is then their student number in inscrits.xlsx).
struct Incoming {
    mobility: Mobility,
    enrolled: bool,
}

/// Incoming students (study, research internships, double degrees) and the participants in
/// the blended intensive programme the school hosts each June.
fn incoming_students(world: &World, numbers: &mut StudentNumbers) -> Vec<Incoming> {
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
    out.sort_by(|a, b| {
        (a.mobility.start, &a.mobility.person).cmp(&(b.mobility.start, &b.mobility.person))
    });
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

fn incoming_person(world: &World, rng: &mut Rng, partner: usize) -> (&'static str, Gender) {
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
) -> (Funding, Option<&'static str>) {
    if !long {
        if let Some(reference) = world.project_for(partner, start) {
            if rng.chance(0.8) {
                return (Funding::Ka171, Some(reference));
            }
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
fn exchange_students(incoming: &[Incoming]) -> Vec<Student> {
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

// ───────────────────────────── Staff ─────────────────────────────

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Direction {
    Outgoing,
    Incoming,
}

struct StaffMobility {
    direction: Direction,
    /// The label as the staff list types it (several aliases of teaching and training).
    label: &'static str,
    mobility: Mobility,
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
fn staff_mobilities(world: &World) -> Vec<StaffMobility> {
    let mut rng = Rng::new("staff");
    let mut calendar = StaffCalendar::default();
    let mut out = Vec::new();
    let home_staff: Vec<String> = (0..70)
        .map(|_| format!("P{:05}", rng.between(1000, 99999)))
        .collect();
    let mut visitors: Vec<(usize, String)> = Vec::new();
    for (i, year) in (FIRST_YEAR..=LAST_YEAR).enumerate() {
        for _ in 0..[74, 86, 95, 104][i] {
            let m = incoming_staff(
                world,
                &mut rng,
                &mut calendar,
                &mut visitors,
                year,
                Activity::Teaching,
            );
            out.push(m);
        }
        for _ in 0..4 {
            let m = incoming_staff(
                world,
                &mut rng,
                &mut calendar,
                &mut visitors,
                year,
                Activity::Training,
            );
            out.push(m);
        }
        for _ in 0..[19, 22, 25, 27][i] {
            out.push(outgoing_staff(
                world,
                &mut rng,
                &mut calendar,
                &home_staff,
                year,
                Activity::Teaching,
            ));
        }
        for _ in 0..[15, 18, 20, 22][i] {
            out.push(outgoing_staff(
                world,
                &mut rng,
                &mut calendar,
                &home_staff,
                year,
                Activity::Training,
            ));
        }
    }
    out.sort_by(|a, b| {
        (a.mobility.start, &a.mobility.person).cmp(&(b.mobility.start, &b.mobility.person))
    });
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

    fn book(&mut self, person: &str, start: NaiveDate, end: NaiveDate) {
        self.0
            .entry(person.to_string())
            .or_default()
            .push((start, end));
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

fn incoming_staff(
    world: &World,
    rng: &mut Rng,
    calendar: &mut StaffCalendar,
    visitors: &mut Vec<(usize, String)>,
    year: i32,
    activity: Activity,
) -> StaffMobility {
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
    let (start, end, person) = loop {
        let start = if activity == Activity::Training {
            rng.date(ymd(year + 1, 5, 12), ymd(year + 1, 5, 16))
        } else {
            staff_start(rng, year)
        };
        let end = end_after(start, days);
        // Some professors come back every year.
        let returning = visitors
            .iter()
            .find(|(p, _)| *p == partner)
            .map(|(_, id)| id.clone());
        let person = match returning {
            Some(id) if rng.chance(0.3) => id,
            _ => format!("INV-{:04}", visitors.len() + 1),
        };
        if calendar.is_free(&person, start, end) {
            break (start, end, person);
        }
    };
    if !visitors.iter().any(|(_, id)| *id == person) {
        visitors.push((partner, person.clone()));
    }
    calendar.book(&person, start, end);
    let (funding, icm) = staff_funding(world, rng, partner, start, label);
    let (nationality, gender) = incoming_person(world, rng, partner);
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
        direction: Direction::Incoming,
        label,
        mobility,
    }
}

fn outgoing_staff(
    world: &World,
    rng: &mut Rng,
    calendar: &mut StaffCalendar,
    home_staff: &[String],
    year: i32,
    activity: Activity,
) -> StaffMobility {
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
    let (start, end, person) = loop {
        let start = staff_start(rng, year);
        let end = end_after(start, days);
        let person = rng.pick(home_staff).clone();
        if calendar.is_free(&person, start, end) {
            break (start, end, person);
        }
    };
    calendar.book(&person, start, end);
    let (funding, icm) = staff_funding(world, rng, partner, start, label);
    let nationality = if rng.chance(0.9) {
        "FR"
    } else {
        rng.weighted(FOREIGN_NATIONALITIES)
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
        gender: gender(rng, 0.42),
        start,
        end,
        fewer_opportunities: false,
        green_travel: false,
    };
    StaffMobility {
        direction: Direction::Outgoing,
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
) -> (Funding, Option<&'static str>) {
    // Visiting professors are paid by the school, whatever the partner.
    if label == "Professeur invité" {
        return (Funding::Unfunded, None);
    }
    if let Some(reference) = world.project_for(partner, start) {
        if rng.chance(0.7) {
            return (Funding::Ka171, Some(reference));
        }
    }
    let funding = match world.partners[partner].scheme {
        Scheme::Erasmus if rng.chance(0.8) => Funding::Ka131,
        Scheme::Brafitec => Funding::Brafitec,
        Scheme::Bilateral | Scheme::Bci if rng.chance(0.5) => Funding::Bilateral,
        _ => Funding::Unfunded,
    };
    (funding, None)
}

// ───────────────────────────── Cells and deliberate errors ─────────────────────────────

/// A cell to write, whatever the file format.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    /// A formula with the result a spreadsheet application would have cached.
    Formula(String, f64),
}

fn text(s: impl Into<String>) -> Value {
    let s = s.into();
    if s.is_empty() {
        Value::Empty
    } else {
        Value::Text(s)
    }
}

fn number(n: impl Into<f64>) -> Value {
    Value::Number(n.into())
}

fn texts(items: &[&str]) -> Vec<Value> {
    items.iter().map(|s| text(*s)).collect()
}

/// A row that is wrong on purpose, reported on stdout and in examples/README.md.
struct Defect {
    file: &'static str,
    row: usize,
    what: String,
}

fn yes_no_fr(b: bool) -> &'static str {
    if b {
        "Oui"
    } else {
        "Non"
    }
}

fn yes_no_en(b: bool) -> &'static str {
    if b {
        "Yes"
    } else {
        "No"
    }
}

// ───────────────────────────── File 1: outgoing students (MoveON, xlsx) ─────────────────────────────

const SORTANTES: &str = "mobilites_sortantes.xlsx";
const SORTANTES_HEADER: [&str; 17] = [
    "N° mobilité",
    "N° étudiant",
    "Activité",
    "Programme de financement",
    "Formation",
    "Niveau",
    "Établissement d'accueil",
    "Code Erasmus",
    "Pays",
    "Ville",
    "Nationalité",
    "Sexe",
    "Date de début",
    "Date de fin",
    "Moins d'opportunités",
    "Voyage vert",
    "Projet ICM",
];
/// Spreadsheet row of the header (a title and a blank row come first).
const SORTANTES_HEADER_ROW: usize = 3;

fn sortante_row(id: u64, m: &Mobility) -> Vec<Value> {
    let activity = match m.activity {
        Activity::Study => "Études",
        Activity::Traineeship => "Stage",
        Activity::DoubleDegree => "Double diplôme",
        other => unreachable!("outgoing students do not do {other:?}"),
    };
    let funding = match m.funding {
        Funding::Ka131 => "Erasmus+ KA131",
        Funding::Ka171 => "Erasmus+ KA171",
        Funding::Bilateral => "Accord bilatéral",
        Funding::Bci => "BCI",
        Funding::Brafitec => "BRAFITEC",
        Funding::Isep => "ISEP",
        Funding::Unfunded => "Aucun",
    };
    let level = match m.level {
        Level::Bachelor => "Licence",
        Level::Master => "Master",
        Level::Doctorate => "Doctorat",
    };
    let gender = match m.gender {
        Gender::F => "F",
        Gender::M => "M",
        Gender::X => "X",
    };
    vec![
        number(id as f64),
        // MoveON exports student numbers as text.
        text(m.person.clone()),
        text(activity),
        text(funding),
        text(PROGRAMMES[m.programme].0),
        text(level),
        text(m.host.name),
        text(m.host.code),
        text(country(m.host.iso).fr),
        text(m.host.city),
        text(country(m.nationality).fr),
        text(gender),
        Value::Date(m.start),
        Value::Date(m.end),
        text(yes_no_fr(m.fewer_opportunities)),
        text(yes_no_fr(m.green_travel)),
        text(m.icm.unwrap_or("")),
    ]
}

/// The rows below the header: two exports (2021-2023 and 2023-2025) pasted one under the
/// other, header included, then a blank row and the totals. Returns the rows and the defects.
fn sortantes_rows(outgoing: &[Mobility]) -> (Vec<Vec<Value>>, Vec<Defect>) {
    let mut rng = Rng::new("sortantes");
    let mut next_id = 18_400u64;
    let mut rows: Vec<Vec<Value>> = Vec::new();
    let mut meta: Vec<Option<&Mobility>> = Vec::new();
    let (first, second): (Vec<&Mobility>, Vec<&Mobility>) =
        outgoing.iter().partition(|m| academic_year(m.start) < 2023);
    for part in [first, second] {
        if !rows.is_empty() {
            rows.push(texts(&SORTANTES_HEADER));
            meta.push(None);
        }
        for m in part {
            // Gaps in the numbering: applications withdrawn before departure.
            next_id += rng.between(1, 3) as u64;
            rows.push(sortante_row(next_id, m));
            meta.push(Some(m));
        }
    }
    let row_of = |i: usize| SORTANTES_HEADER_ROW + 1 + i;
    let mut defects = vec![Defect {
        file: SORTANTES,
        row: row_of(
            meta.iter()
                .position(Option::is_none)
                .expect("a repeated header"),
        ),
        what: "repeated header row (two exports pasted together)".into(),
    }];
    let find = |pred: &dyn Fn(&Mobility) -> bool| {
        meta.iter()
            .position(|m| m.is_some_and(pred))
            .expect("a row for each defect")
    };
    // First-year internships are not part of any graduation requirement, so breaking them
    // leaves the outgoing rates as designed.
    let first_year =
        |m: &Mobility, year: i32| m.level == Level::Bachelor && academic_year(m.start) == year;

    let i = find(&|m| first_year(m, 2022));
    rows[i].swap(12, 13);
    defects.push(Defect {
        file: SORTANTES,
        row: row_of(i),
        what: "end date before start date (dates swapped)".into(),
    });

    let i = find(&|m| first_year(m, 2021));
    rows[i][8] = text("Atlantide");
    defects.push(Defect {
        file: SORTANTES,
        row: row_of(i),
        what: "unknown country \"Atlantide\"".into(),
    });

    let i = find(&|m| first_year(m, 2024) && !m.host.code.is_empty());
    rows[i][6] = Value::Empty;
    defects.push(Defect {
        file: SORTANTES,
        row: row_of(i),
        what: "partner name empty (the Erasmus code is there)".into(),
    });

    // Someone typed the same mobility in again months later: same student, partner and
    // dates, a new mobility number, at the end of the second export.
    let original = find(&|m| {
        m.activity == Activity::Study
            && m.funding == Funding::Ka131
            && academic_year(m.start) == 2023
    });
    let mut copy = rows[original].clone();
    copy[0] = number((next_id + 2) as f64);
    rows.push(copy);
    defects.push(Defect {
        file: SORTANTES,
        row: row_of(rows.len() - 1),
        what: format!(
            "second entry of the mobility on row {} (same student, partner and start date)",
            row_of(original)
        ),
    });

    let count = rows.len() - 1; // every row but the repeated header
    rows.push(Vec::new());
    rows.push(vec![text("Total"), number(count as f64)]);
    defects.push(Defect {
        file: SORTANTES,
        row: row_of(rows.len() - 1),
        what: "totals row".into(),
    });
    (rows, defects)
}

fn write_sortantes(dir: &Path, outgoing: &[Mobility]) -> Result<Vec<Defect>> {
    let (rows, defects) = sortantes_rows(outgoing);
    let mut wb = workbook()?;
    let ws = wb.add_worksheet();
    ws.set_name("Mobilités sortantes")?;
    let styles = Styles::new();
    ws.write_string_with_format(
        0,
        0,
        "Export MoveON – mobilités sortantes 2021-2025",
        &styles.title,
    )?;
    write_row(
        ws,
        SORTANTES_HEADER_ROW,
        &texts(&SORTANTES_HEADER),
        &styles,
        true,
    )?;
    for (i, row) in rows.iter().enumerate() {
        let bold = row.first() == Some(&text(SORTANTES_HEADER[0]));
        write_row(ws, SORTANTES_HEADER_ROW + 1 + i, row, &styles, bold)?;
    }
    set_widths(
        ws,
        &[
            11, 12, 15, 22, 18, 9, 44, 14, 16, 16, 14, 6, 12, 12, 10, 10, 32,
        ],
    )?;
    wb.save(dir.join(SORTANTES))?;
    Ok(defects)
}

// ───────────────────────────── File 2: incoming (Mobility-Online, ods) ─────────────────────────────

const INCOMING: &str = "incoming_mobility_online.ods";
const INCOMING_SHEET: &str = "Incoming mobilities";
const INCOMING_HEADER: [&str; 19] = [
    "Mobility ID",
    "Person ID",
    "Direction",
    "Participant",
    "Activity",
    "Funding",
    "Home programme",
    "Level",
    "Partner institution",
    "Partner Erasmus code",
    "Country",
    "City",
    "Nationality",
    "Gender",
    "Start date",
    "End date",
    "Fewer opportunities",
    "Green travel",
    "ICM project",
];

fn incoming_row(rng: &mut Rng, id: u64, m: &Mobility) -> Vec<Value> {
    let activity = match m.activity {
        Activity::Study => "Study",
        Activity::Traineeship => "Traineeship",
        Activity::DoubleDegree => "Double degree",
        Activity::Bip => "Blended intensive programme",
        other => unreachable!("incoming students do not do {other:?}"),
    };
    let funding = match m.funding {
        Funding::Ka131 => "Erasmus+ KA131",
        Funding::Ka171 => "Erasmus+ KA171",
        Funding::Bilateral => "Bilateral agreement",
        Funding::Isep => "ISEP",
        Funding::Unfunded => "No funding",
        other => unreachable!("incoming funding {other:?}"),
    };
    let level = match m.level {
        Level::Bachelor => "Bachelor",
        Level::Master => "Master",
        Level::Doctorate => "Doctorate",
    };
    let gender = match m.gender {
        Gender::F => "Female",
        Gender::M => "Male",
        Gender::X => "Undefined",
    };
    // Mobility-Online fills the country from two sources: English names and codes.
    let country_text = if rng.chance(0.55) {
        country(m.host.iso).en
    } else {
        eu_code(m.host.iso)
    };
    vec![
        number(id as f64),
        number(m.person.parse::<f64>().expect("numeric person ids")),
        text("Incoming"),
        text("Student"),
        text(activity),
        text(funding),
        text(PROGRAMMES[m.programme].1),
        text(level),
        text(m.host.name),
        text(m.host.code),
        text(country_text),
        text(m.host.city),
        text(m.nationality),
        text(gender),
        Value::Date(m.start),
        Value::Date(m.end),
        text(yes_no_en(m.fewer_opportunities)),
        text(yes_no_en(m.green_travel)),
        text(m.icm.unwrap_or("")),
    ]
}

fn write_incoming(dir: &Path, incoming: &[Incoming]) -> Result<Vec<Defect>> {
    let mut rng = Rng::new("incoming-file");
    let mut id = 52_000u64;
    let mut rows = vec![texts(&INCOMING_HEADER)];
    for i in incoming {
        id += rng.between(1, 4) as u64;
        rows.push(incoming_row(&mut rng, id, &i.mobility));
    }
    // One country the export could not resolve ("??" typed in the application form).
    let i = incoming
        .iter()
        .position(|i| i.mobility.activity == Activity::Study && i.mobility.start >= ymd(2023, 9, 1))
        .expect("a study row in 2023-2024");
    rows[i + 1][10] = text("??");
    // Row 1 is the header, so mobility i is on spreadsheet row i + 2.
    let defects = vec![Defect {
        file: INCOMING,
        row: i + 2,
        what: "country \"??\"".into(),
    }];
    write_ods(&dir.join(INCOMING), INCOMING_SHEET, &rows)?;
    Ok(defects)
}

// ───────────────────────────── File 3: staff (hand-kept CSV, Windows-1252) ─────────────────────────────

const STAFF: &str = "mobilites_personnels.csv";
/// Every header is an alias of a mobilities field (see src/schema/fields.rs).
const STAFF_HEADER: [&str; 14] = [
    "Identifiant mobilité",
    "Matricule",
    "Sens",
    "Catégorie",
    "Type de mobilité",
    "Financement",
    "Établissement partenaire",
    "Code Erasmus",
    "Pays",
    "Ville",
    "Nationalité",
    "Date de début",
    "Date de fin",
    "Projet ICM",
];

fn staff_row(rng: &mut Rng, number: usize, s: &StaffMobility) -> Vec<String> {
    let m = &s.mobility;
    let funding = match m.funding {
        Funding::Ka131 => "Erasmus+ KA131",
        Funding::Ka171 => "Erasmus+ KA171",
        Funding::Bilateral => "Accord bilatéral",
        Funding::Brafitec => "BRAFITEC",
        Funding::Unfunded => "Aucun",
        other => unreachable!("staff funding {other:?}"),
    };
    // Most dates are typed the French way; rows pasted from another tool are in ISO form.
    let date: fn(NaiveDate) -> String = if rng.chance(0.15) {
        |d| d.format("%Y-%m-%d").to_string()
    } else {
        fr_date
    };
    let code = if rng.chance(0.3) {
        collapse_spaces(m.host.code)
    } else {
        m.host.code.to_string()
    };
    vec![
        format!("MP{}-{:04}", academic_year(m.start) % 100, number),
        m.person.clone(),
        if s.direction == Direction::Outgoing {
            "Sortant"
        } else {
            "Entrant"
        }
        .to_string(),
        "Personnel".to_string(),
        s.label.to_string(),
        funding.to_string(),
        m.host.name.to_string(),
        code,
        country(m.host.iso).fr.to_string(),
        m.host.city.to_string(),
        country(m.nationality).fr.to_string(),
        date(m.start),
        date(m.end),
        m.icm.unwrap_or("").to_string(),
    ]
}

fn write_staff(dir: &Path, staff: &[StaffMobility]) -> Result<Vec<Defect>> {
    let mut rng = Rng::new("staff-file");
    let mut rows: Vec<Vec<String>> = staff
        .iter()
        .enumerate()
        .map(|(i, s)| staff_row(&mut rng, i + 1, s))
        .collect();
    let row_of = |i: usize| i + 2; // line 1 is the header
    let find = |pred: &dyn Fn(&StaffMobility) -> bool, after: usize| {
        (after..staff.len())
            .find(|&i| pred(&staff[i]))
            .expect("a row for each defect")
    };
    let mut defects = Vec::new();

    // 31 February: a typo that no calendar accepts.
    let i = find(
        &|s| s.direction == Direction::Outgoing && s.mobility.start >= ymd(2024, 2, 1),
        0,
    );
    rows[i][11] = "31/02/2024".into();
    rows[i][12] = "05/03/2024".into();
    defects.push(Defect {
        file: STAFF,
        row: row_of(i),
        what: "impossible date \"31/02/2024\" (Date de début)".into(),
    });

    let i = find(
        &|s| s.direction == Direction::Incoming && academic_year(s.mobility.start) == 2022,
        0,
    );
    rows[i][2] = String::new();
    defects.push(Defect {
        file: STAFF,
        row: row_of(i),
        what: "\"Sens\" (direction) empty".into(),
    });

    // An end year typed wrong turns a short stay into 900 days; a one-off person, so that
    // the row breaks no other rule.
    let i = find(
        &|s| s.direction == Direction::Outgoing && s.mobility.activity == Activity::Training,
        10,
    );
    let start = staff[i].mobility.start;
    rows[i][1] = "P00917".into();
    rows[i][11] = fr_date(start);
    rows[i][12] = fr_date(end_after(start, 900));
    defects.push(Defect {
        file: STAFF,
        row: row_of(i),
        what: "staff mobility of 900 days (implausible duration)".into(),
    });

    let mut csv = String::new();
    for row in std::iter::once(STAFF_HEADER.map(String::from).to_vec()).chain(rows) {
        csv.push_str(&csv_line(&row, ';'));
        csv.push_str("\r\n");
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&csv);
    if unmappable {
        bail!("{STAFF}: text outside Windows-1252");
    }
    std::fs::write(dir.join(STAFF), bytes)?;
    Ok(defects)
}

/// One CSV line, quoting the fields that need it.
fn csv_line(fields: &[String], separator: char) -> String {
    fields
        .iter()
        .map(|f| {
            if f.contains(separator) || f.contains('"') || f.contains('\n') {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(&separator.to_string())
}

// ───────────────────────────── File 4: partners (xlsx) ─────────────────────────────

const PARTENAIRES: &str = "partenaires.xlsx";
/// Spreadsheet row of the header (the first row is blank).
const PARTENAIRES_HEADER_ROW: usize = 2;

fn partenaires_header() -> Vec<Value> {
    let mut header = texts(&[
        "Établissement",
        "Code Erasmus",
        "Pays",
        "Ville",
        "Type d'accord",
    ]);
    header.extend(PROGRAMMES.iter().map(|p| text(p.0)));
    header.extend(texts(&["Début de validité", "Fin de validité", "Statut"]));
    header
}

fn partner_row(rng: &mut Rng, p: &Partner, agreement: &Agreement, kind: &str) -> Vec<Value> {
    let mut row = vec![
        text(p.name),
        text(p.code_text.clone()),
        text(p.country_text.clone()),
        text(p.city),
        text(kind),
    ];
    for &places in &agreement.places {
        // Programmes not covered: blank or 0, depending on who filled the line in.
        row.push(match places {
            0 if rng.chance(0.75) => Value::Empty,
            n => number(n),
        });
    }
    let status = if agreement.to < 2025 {
        "Expiré"
    } else {
        "Actif"
    };
    row.extend([
        text(agreement.from_text.clone()),
        text(agreement.to_text.clone()),
        text(status),
    ]);
    row
}

fn write_partenaires(dir: &Path, world: &World) -> Result<Vec<Defect>> {
    let mut rng = Rng::new("partenaires-file");
    let mut rows = Vec::new();
    for p in &world.partners {
        let kind = match p.scheme {
            Scheme::Erasmus => "Erasmus+",
            Scheme::Isep | Scheme::Bci => "Réseau",
            Scheme::Bilateral | Scheme::Brafitec => "Accord bilatéral",
        };
        rows.push(partner_row(&mut rng, p, &p.main, kind));
        if let Some(dd) = &p.double_degree {
            rows.push(partner_row(&mut rng, p, dd, "Double diplôme"));
        }
    }
    let first = PARTENAIRES_HEADER_ROW + 1;
    let last = PARTENAIRES_HEADER_ROW + rows.len();
    let mut totals = vec![
        text("TOTAL PLACES"),
        Value::Empty,
        Value::Empty,
        Value::Empty,
        Value::Empty,
    ];
    for col in 0..PROGRAMMES.len() {
        let sum: f64 = rows
            .iter()
            .map(|r| {
                if let Value::Number(n) = r[5 + col] {
                    n
                } else {
                    0.0
                }
            })
            .sum();
        let letter = (b'F' + col as u8) as char;
        totals.push(Value::Formula(
            format!("=SUM({letter}{first}:{letter}{last})"),
            sum,
        ));
    }
    rows.push(Vec::new());
    rows.push(totals);
    let defects = vec![Defect {
        file: PARTENAIRES,
        row: PARTENAIRES_HEADER_ROW + rows.len(),
        what: "totals row \"TOTAL PLACES\" (not a partner)".into(),
    }];

    let mut wb = workbook()?;
    let ws = wb.add_worksheet();
    ws.set_name("Partenaires")?;
    let styles = Styles::new();
    write_row(
        ws,
        PARTENAIRES_HEADER_ROW,
        &partenaires_header(),
        &styles,
        true,
    )?;
    for (i, row) in rows.iter().enumerate() {
        let bold = i + 1 == rows.len();
        write_row(ws, PARTENAIRES_HEADER_ROW + 1 + i, row, &styles, bold)?;
    }
    set_widths(ws, &[52, 15, 16, 18, 17, 11, 11, 11, 11, 11, 11, 12, 12, 9])?;
    wb.save(dir.join(PARTENAIRES))?;
    Ok(defects)
}

// ───────────────────────────── File 5: KA171 projects (CSV, UTF-8 with BOM) ─────────────────────────────

const PROJETS: &str = "projets_ka171.csv";

/// One row per project and partner country. Planned mobilities are what the grant agreement
/// foresaw: at least what happened in the window, more for projects still running.
fn write_projets(dir: &Path, world: &World, realised: &BTreeMap<(&str, &str), u32>) -> Result<()> {
    let mut rng = Rng::new("projets");
    let mut csv = String::from("\u{feff}");
    let header = [
        "Project reference",
        "Partner country",
        "Partner institution",
        "Budget (EUR)",
        "Planned mobilities",
    ];
    csv.push_str(&csv_line(&header.map(String::from), ','));
    csv.push_str("\r\n");
    for project in &world.projects {
        for &i in &project.partners {
            let p = &world.partners[i];
            let done = realised
                .get(&(project.reference, p.name))
                .copied()
                .unwrap_or(0);
            let planned = (done + rng.between(1, 6) as u32).max(rng.between(6, 10) as u32);
            // Individual support and travel for a mix of students and staff, plus
            // organisational support; some budgets carry cents after reallocation.
            let unit = if country(p.iso).region == Europe || p.iso == "GE" {
                2450.0
            } else {
                3150.0
            };
            let cents = if rng.chance(0.3) { 0.5 } else { 0.0 };
            let budget = f64::from(planned) * unit + f64::from(planned) * 350.0 + cents;
            let budget_text = if cents == 0.0 {
                format!("{budget:.0}")
            } else {
                format!("{budget:.2}")
            };
            let row = [
                project.reference.to_string(),
                country(p.iso).en.to_string(),
                p.name.to_string(),
                budget_text,
                planned.to_string(),
            ];
            csv.push_str(&csv_line(&row, ','));
            csv.push_str("\r\n");
        }
    }
    std::fs::write(dir.join(PROJETS), csv)?;
    Ok(())
}

// ───────────────────────────── File 6: enrolments (xlsx) ─────────────────────────────

const INSCRITS: &str = "inscrits.xlsx";
const INSCRITS_HEADER: [&str; 6] = [
    "N° étudiant",
    "Formation",
    "Promotion",
    "Année universitaire",
    "Nationalité",
    "Statut",
];

fn write_inscrits(dir: &Path, students: &[Student]) -> Result<usize> {
    let mut rows: Vec<(i32, u64, Vec<Value>)> = Vec::new();
    for s in students {
        for year in s.first_year.max(FIRST_YEAR)..=s.last_year.min(LAST_YEAR) {
            let status = if s.kind == StudentKind::Exchange {
                "Échange"
            } else {
                "Inscrit"
            };
            rows.push((
                year,
                s.id,
                vec![
                    number(s.id as f64),
                    text(PROGRAMMES[s.programme].0),
                    s.graduation.map_or(Value::Empty, number),
                    text(year_label(year)),
                    text(country(s.nationality).fr),
                    text(status),
                ],
            ));
        }
    }
    rows.sort_by_key(|(year, id, _)| (*year, *id));
    let mut wb = workbook()?;
    let ws = wb.add_worksheet();
    ws.set_name("Inscrits")?;
    let styles = Styles::new();
    write_row(ws, 1, &texts(&INSCRITS_HEADER), &styles, true)?;
    for (i, (_, _, row)) in rows.iter().enumerate() {
        write_row(ws, 2 + i, row, &styles, false)?;
    }
    set_widths(ws, &[12, 20, 10, 18, 18, 10])?;
    wb.save(dir.join(INSCRITS))?;
    Ok(rows.len())
}

// ───────────────────────────── Writers: xlsx ─────────────────────────────

struct Styles {
    title: Format,
    bold: Format,
    date: Format,
    bold_date: Format,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            bold_date: Format::new().set_bold().set_num_format("dd/mm/yyyy"),
        }
    }
}

fn workbook() -> Result<Workbook> {
    let mut wb = Workbook::new();
    // rust_xlsxwriter stamps docProps/core.xml with the current time; a fixed date keeps the
    // files byte-identical between runs.
    let created = ExcelDateTime::from_ymd(2025, 9, 15)?;
    wb.set_properties(
        &DocProperties::new()
            .set_author(SCHOOL)
            .set_creation_datetime(&created),
    );
    Ok(wb)
}

/// Writes one row of values at spreadsheet row `row` (1-based, as users count).
fn write_row(
    ws: &mut Worksheet,
    row: usize,
    values: &[Value],
    styles: &Styles,
    bold: bool,
) -> Result<()> {
    let r = (row - 1) as u32;
    for (col, value) in values.iter().enumerate() {
        let c = col as u16;
        match value {
            Value::Empty => {}
            Value::Text(s) if bold => {
                ws.write_string_with_format(r, c, s, &styles.bold)?;
            }
            Value::Text(s) => {
                ws.write_string(r, c, s)?;
            }
            Value::Number(n) => {
                ws.write_number(r, c, *n)?;
            }
            Value::Date(d) => {
                let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                let format = if bold {
                    &styles.bold_date
                } else {
                    &styles.date
                };
                ws.write_datetime_with_format(r, c, &dt, format)?;
            }
            Value::Formula(f, result) => {
                let formula = Formula::new(f).set_result(cell_number(*result));
                ws.write_formula_with_format(r, c, formula, &styles.bold)?;
            }
        }
    }
    Ok(())
}

fn set_widths(ws: &mut Worksheet, widths: &[u32]) -> Result<()> {
    for (col, &w) in widths.iter().enumerate() {
        ws.set_column_width(col as u16, w)?;
    }
    Ok(())
}

fn cell_number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

// ───────────────────────────── Writers: ods ─────────────────────────────

/// Writes a one-sheet OpenDocument spreadsheet by hand: the `mimetype` entry first and
/// stored (the format requires it), then the manifest, styles and content, with a fixed
/// timestamp on every entry.
fn write_ods(path: &Path, sheet: &str, rows: &[Vec<Value>]) -> Result<()> {
    use zip::write::SimpleFileOptions;
    use zip::CompressionMethod;
    let fixed = zip::DateTime::from_date_and_time(2025, 9, 15, 0, 0, 0)
        .map_err(|e| anyhow!("zip date: {e:?}"))?;
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(fixed);
    let deflated = stored.compression_method(CompressionMethod::Deflated);
    let file =
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    let entries: [(&str, String, SimpleFileOptions); 4] = [
        (
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet".into(),
            stored,
        ),
        ("META-INF/manifest.xml", ODS_MANIFEST.into(), deflated),
        ("styles.xml", ODS_STYLES.into(), deflated),
        ("content.xml", ods_content(sheet, rows), deflated),
    ];
    for (name, body, options) in entries {
        zip.start_file(name, options)?;
        zip.write_all(body.as_bytes())?;
    }
    zip.finish()?;
    Ok(())
}

const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"#;

const ODS_STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.2"><office:styles><style:default-style style:family="table-cell"/></office:styles></office:document-styles>
"#;

const ODS_CONTENT_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2">
<office:automatic-styles>
<number:date-style style:name="N1"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>
<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>
<style:style style:name="ce2" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
"#;

fn ods_content(sheet: &str, rows: &[Vec<Value>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut xml = String::from(ODS_CONTENT_HEAD);
    xml.push_str(&format!(
        "<table:table table:name=\"{}\">",
        xml_escape(sheet)
    ));
    xml.push_str(&format!(
        "<table:table-column table:number-columns-repeated=\"{width}\"/>\n"
    ));
    for (i, row) in rows.iter().enumerate() {
        xml.push_str("<table:table-row>");
        for value in row {
            xml.push_str(&ods_cell(value, i == 0));
        }
        xml.push_str("</table:table-row>\n");
    }
    xml.push_str("</table:table></office:spreadsheet></office:body></office:document-content>\n");
    xml
}

fn ods_cell(value: &Value, header: bool) -> String {
    let style = if header {
        " table:style-name=\"ce2\""
    } else {
        ""
    };
    match value {
        Value::Empty => "<table:table-cell/>".into(),
        Value::Text(s) => {
            let s = xml_escape(s);
            format!("<table:table-cell{style} office:value-type=\"string\"><text:p>{s}</text:p></table:table-cell>")
        }
        Value::Number(n) | Value::Formula(_, n) => {
            let n = cell_number(*n);
            format!("<table:table-cell office:value-type=\"float\" office:value=\"{n}\"><text:p>{n}</text:p></table:table-cell>")
        }
        Value::Date(d) => format!(
            "<table:table-cell table:style-name=\"ce1\" office:value-type=\"date\" office:date-value=\"{}\"><text:p>{}</text:p></table:table-cell>",
            d.format("%Y-%m-%d"),
            fr_date(*d)
        ),
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

// ───────────────────────────── Main ─────────────────────────────

/// KA171 mobilities per (project, partner), to size the projects' planned mobilities.
fn realised_icm<'a>(
    all: impl Iterator<Item = &'a Mobility>,
) -> BTreeMap<(&'static str, &'static str), u32> {
    let mut counts = BTreeMap::new();
    for m in all {
        if let Some(reference) = m.icm {
            *counts.entry((reference, m.host.name)).or_insert(0) += 1;
        }
    }
    counts
}

fn main() -> Result<()> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "inputs".into()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;

    let world = World::build();
    let mut numbers = StudentNumbers(HashSet::new());
    let mut students = home_students(&mut numbers);
    let outgoing = outgoing_students(&world, &students);
    let incoming = incoming_students(&world, &mut numbers);
    students.extend(exchange_students(&incoming));
    let staff = staff_mobilities(&world);
    let realised = realised_icm(
        outgoing
            .iter()
            .chain(incoming.iter().map(|i| &i.mobility))
            .chain(staff.iter().map(|s| &s.mobility)),
    );

    let mut defects = write_sortantes(&dir, &outgoing)?;
    defects.extend(write_incoming(&dir, &incoming)?);
    defects.extend(write_staff(&dir, &staff)?);
    defects.extend(write_partenaires(&dir, &world)?);
    write_projets(&dir, &world, &realised)?;
    let enrolment_rows = write_inscrits(&dir, &students)?;

    let dd_rows = world
        .partners
        .iter()
        .filter(|p| p.double_degree.is_some())
        .count();
    println!("{SCHOOL}: demo inputs written to {}", dir.display());
    println!(
        "  {SORTANTES}: {} outgoing student mobilities (+1 duplicate entry)",
        outgoing.len()
    );
    println!(
        "  {INCOMING}: {} incoming student mobilities",
        incoming.len()
    );
    println!("  {STAFF}: {} staff mobilities", staff.len());
    println!(
        "  {PARTENAIRES}: {} partners, {} rows",
        world.partners.len(),
        world.partners.len() + dd_rows
    );
    println!(
        "  {PROJETS}: {} projects, {} rows",
        world.projects.len(),
        world
            .projects
            .iter()
            .map(|p| p.partners.len())
            .sum::<usize>()
    );
    println!("  {INSCRITS}: {enrolment_rows} enrolment rows");
    println!("Deliberate errors:");
    for d in &defects {
        println!("  {} row {}: {}", d.file, d.row, d.what);
    }
    Ok(())
}
