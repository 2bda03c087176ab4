//! The ECHE check on real data (../shared/realdata/eche, see its SOURCE.md): a Spanish
//! university's partner list checked against the Commission's list of charter holders, and
//! that list read alike from its xlsx, csv and json forms.

use crate::util::{accountings, csv_maps, realdata, Workdir};
use calamine::Reader;
use mobistat::reference::eche::EcheList;
use std::collections::BTreeSet;
use std::path::Path;

/// A code without its whitespace (non-breaking spaces and padding included): "A\u{a0} WIEN02"
/// and "A WIEN02" both read "AWIEN02", and the list's "IRLDUBLIN44" (a three-letter prefix
/// leaves no room for a space) matches a partner list's "IRL DUBLIN44". Plain on purpose, so
/// that the test does not lean on the normaliser it checks.
fn collapsed(code: &str) -> String {
    code.split_whitespace().collect()
}

/// The "Erasmus Code" column of the Commission's xlsx, read with calamine directly.
fn xlsx_codes(path: &Path) -> BTreeSet<String> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    let is_code_header =
        |c: &calamine::Data| matches!(c, calamine::Data::String(s) if s == "Erasmus Code");
    let mut rows = range.rows().skip_while(|r| !r.iter().any(is_code_header));
    let header = rows.next().expect("a header row");
    let column = header.iter().position(is_code_header).unwrap();
    rows.map(|r| collapsed(&r[column].to_string()))
        .filter(|c| !c.is_empty())
        .collect()
}

#[test]
fn partner_list_codes_resolve_in_the_eche_list() {
    let Some(data) = realdata() else { return };
    let partners = data.join("partner-lists/upv_etsit_erasmus_partners_codes.csv");
    let eche = data.join("eche/eche_destinations.xlsx");
    let w = Workdir::new();
    w.write(
        "mobistat.toml",
        &format!(
            "[reference]\neche = {:?}\n\n[[inputs]]\ntable = \"partners\"\npaths = [{:?}]\nconstants = {{ agreement = \"erasmus\" }}\n",
            eche.to_string_lossy(),
            partners.to_string_lossy()
        ),
    );
    let run = w.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.all());

    // The partner list's codes, by plain parsing: the second field of each line, when it is a
    // letter prefix, a space and more (the TOTAL lines hold "0", the blank line nothing).
    let text = std::fs::read_to_string(&partners).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let codes: Vec<String> = reader
        .records()
        .map(|r| r.unwrap().get(1).unwrap_or_default().to_string())
        .filter(|c| {
            c.split_once(' ')
                .is_some_and(|(prefix, _)| prefix.chars().all(|ch| ch.is_ascii_uppercase()))
        })
        .collect();
    // SOURCE.md: 91 partner institutions, each with its own code.
    assert_eq!(codes.len(), 91);
    let listed = xlsx_codes(&eche);
    assert_eq!(listed.len(), 5912);
    let absent: Vec<String> = codes
        .iter()
        .map(|c| collapsed(c))
        .filter(|c| !listed.contains(c))
        .collect();
    // Four codes are not in the 2021-2027 list, looked up by hand in the xlsx: Switzerland
    // (CH DELEMON01, HES-SO) takes no part in Erasmus+ and has no charter; F EVRY01 (Télécom
    // SudParis) is now listed as F EVRY11; F GIF-YVE02 (Supélec) as CentraleSupélec,
    // F GIF-YVE03; F PARIS225 (Université de Marne-la-Vallée) merged into Université Gustave
    // Eiffel (F PARIS483), which no code or name similarity can tell.
    assert_eq!(
        absent,
        vec!["CHDELEMON01", "FEVRY01", "FGIF-YVE02", "FPARIS225"]
    );

    let issues = csv_maps(&w.read("reports/data_quality.csv"));
    let with_rule =
        |rule: &str| -> Vec<_> { issues.iter().filter(|i| i["rule"] == rule).collect() };
    let unknown = with_rule("eche_unknown_code");
    let warned: Vec<String> = unknown.iter().map(|i| collapsed(&i["value"])).collect();
    assert_eq!(warned, absent, "{}", run.all());
    assert!(unknown
        .iter()
        .all(|i| i["severity"] == "warning" && i["column"] == "partner_erasmus_code"));
    // Rows 23, 27, 28 and 35 of the file (header on row 1).
    let rows: Vec<&str> = unknown.iter().map(|i| i["row"].as_str()).collect();
    assert_eq!(rows, vec!["23", "27", "28", "35"]);
    // A suggestion only where a listed code is close and its name alike.
    let message = |code: &str| {
        unknown
            .iter()
            .find(|i| collapsed(&i["value"]) == code)
            .map(|i| i["message"].clone())
            .unwrap()
    };
    // (The config's language is French, and so are the messages.)
    assert!(message("FEVRY01").contains("vouliez-vous dire « F  EVRY11 » (Télécom SudParis"));
    assert!(message("FGIF-YVE02").contains("vouliez-vous dire « F  GIF-YVE03 » (CENTRALESUPELEC"));
    assert!(!message("FPARIS225").contains("vouliez-vous dire"));
    assert!(message("CHDELEMON01").contains("aucun code commençant par « CH »"));
    // Every listed partner's Spanish country name ("GRECIA" for the list's "EL", "HOLANDA")
    // gives the list's country; the partner list states no validity years and the run no
    // reporting year, so no charter dates are checked.
    assert!(
        with_rule("eche_country_mismatch").is_empty(),
        "{}",
        run.all()
    );
    assert!(with_rule("eche_expired").is_empty(), "{}", run.all());
    // 100 rows: 91 accepted, of which the 4 unknown codes' rows warned; 9 skipped.
    assert_eq!(
        accountings(&run.stdout)[0],
        (100, 91, 4, 0, 9),
        "{}",
        run.all()
    );
}

#[test]
fn the_eche_list_reads_alike_from_xlsx_csv_and_json() {
    let Some(data) = realdata() else { return };
    let dir = data.join("eche");
    let xlsx = EcheList::load(&dir.join("eche_destinations.xlsx")).unwrap();
    let csv = EcheList::load(&dir.join("eche_destinations.csv")).unwrap();
    let json = EcheList::load(&dir.join("eche_destinations.json")).unwrap();
    // SOURCE.md: 5,912 institutions, each code once.
    assert_eq!(xlsx.len(), 5912);
    let summary = |list: &EcheList| -> Vec<(String, Option<&str>, Option<String>)> {
        list.entries()
            .map(|e| (e.erasmus_code.clone(), e.country, e.pic.clone()))
            .collect()
    };
    assert_eq!(summary(&csv), summary(&xlsx));
    assert_eq!(summary(&json), summary(&xlsx));
    // Every country code maps, the Commission's "EL" to Greece's ISO code.
    assert!(xlsx.entries().all(|e| e.country.is_some()));
    assert_eq!(xlsx.get("G ATHINE02").unwrap().country, Some("GR"));
    let dates = |list: &EcheList| -> Vec<_> { list.entries().map(|e| (e.start, e.end)).collect() };
    assert!(xlsx.entries().all(|e| e.start.is_some() && e.end.is_some()));
    assert_eq!(dates(&json), dates(&xlsx));

    // The csv's dates, by plain parsing: a value whose first two numbers are different and both
    // 12 or less ("11/1/2021") could be read either way; the others cannot.
    let bytes = std::fs::read(dir.join("eche_destinations.csv")).unwrap();
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().skip(2).map(|r| r.unwrap()).collect();
    let ambiguous = |value: &str| {
        let n: Vec<u32> = value.split('/').map(|p| p.parse().unwrap()).collect();
        n[0] != n[1] && n[0] <= 12 && n[1] <= 12
    };
    let (mut plain, mut decided) = (0, 0);
    for record in &records {
        let entry = xlsx.get(&record[1]).unwrap();
        let read = csv.get(&record[1]).unwrap();
        for (value, want, got) in [
            (&record[10], entry.start, read.start),
            (&record[11], entry.end, read.end),
        ] {
            if ambiguous(value) {
                decided += 1;
            } else {
                plain += 1;
            }
            // The ambiguous ones too: each sits beside a date whose order is plain (the rule
            // in src/reference/eche.rs), and the xlsx agrees with every one.
            assert_eq!(got, want, "{} {value}", &record[1]);
        }
    }
    // Two dates for each of the 5,912 records (the two with line breaks included): 376
    // ambiguous starts (373 "11/1/2021", two "11/1/2022", one "2/1/2024"), counted with a
    // grouping of the file's date pairs.
    assert_eq!((plain, decided), (2 * 5912 - 376, 376));
}
