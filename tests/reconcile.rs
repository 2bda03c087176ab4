//! `mobistat reconcile`: a Beneficiary Module export made from the demo's own Erasmus+
//! mobilities matches them all; with mobilities removed and dates, a country, an activity and
//! a project changed on purpose, exactly those are listed; a small hand-computed case shows
//! the CSV file as written.

use crate::demo::demo;
use crate::util::{csv_maps, Workdir};
use chrono::{Duration, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

type Row = BTreeMap<String, String>;

/// The Beneficiary Module export's columns, as its mobility export names them.
const BM_HEADER: &str = "Mobility ID,Project Code,Participant ID,Activity Type,\
    Participant Nationality,Participant Gender,Sending Organisation Erasmus Code,\
    Sending Organisation Name,Sending Country,Sending City,Receiving Organisation Erasmus Code,\
    Receiving Organisation Name,Receiving Country,Receiving City,Start Date,End Date,\
    Duration Calculated (days),Participant With Fewer Opportunities,Green Travel";

/// One mobility as the Beneficiary Module holds it (canonical values, written out BM-style).
#[derive(Clone)]
struct BmRow {
    id: String,
    project: String,
    person: String,
    activity: String,
    direction: String,
    partner: [String; 4],
    start: NaiveDate,
    end: NaiveDate,
    /// Written as is (a bad date planted on purpose), instead of `start`.
    raw_start: Option<String>,
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The demo's accepted mobilities, as data/mobilities.csv holds them, read through the library.
fn demo_mobilities(w: &Workdir) -> Vec<Row> {
    let settings =
        mobistat::settings::Settings::load(&w.path().join("mobistat.toml"), &Default::default())
            .unwrap();
    let loaded = mobistat::load::load_inputs(&settings).unwrap();
    let df = loaded
        .tables
        .get(mobistat::schema::TableKind::Mobilities)
        .unwrap();
    let mut bytes = Vec::new();
    mobistat::render::frame_csv::write_frame(df, &mut bytes).unwrap();
    csv_maps(&String::from_utf8(bytes).unwrap())
}

fn is_erasmus(m: &Row) -> bool {
    m["funding"] == "erasmus_ka131" || m["funding"] == "erasmus_ka171"
}

/// The BM's view of one of our mobilities: the same project (KA131 rows carry none in the
/// demo: one per call year is made up), person, partner and dates.
fn bm_row(m: &Row) -> BmRow {
    let project = match m["project_reference"].as_str() {
        "" => format!("{}-1-FR01-KA131-HED-000000001", &m["academic_year"][..4]),
        p => p.to_string(),
    };
    BmRow {
        id: m["mobility_id"].clone(),
        project,
        person: m["person_id"].clone(),
        activity: m["activity"].clone(),
        direction: m["direction"].clone(),
        partner: [
            m["partner_erasmus_code"].clone(),
            m["partner_name"].clone(),
            m["partner_country"].clone(),
            m["partner_city"].clone(),
        ],
        start: date(&m["start_date"]),
        end: date(&m["end_date"]),
        raw_start: None,
    }
}

/// The export as CSV: the home side is the demo school (mobistat.toml's erasmus_code), dates
/// as dd/mm/yyyy, the duration counted as the BM does (both ends included).
fn bm_csv(rows: &[BmRow]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(BM_HEADER.split(',')).unwrap();
    let home = ["F  BLOIS01", "ENSI Val de Loire", "FR", "Blois"].map(String::from);
    let code = |activity: &str| match activity {
        "study" => "HE-SMS - Student mobility for studies",
        "traineeship" => "HE-SMT - Student mobility for traineeships",
        "teaching" => "HE-STA - Staff mobility for teaching",
        "training" => "HE-STT - Staff mobility for training",
        "blended_intensive" => "HE-BIP - Blended intensive programme",
        other => panic!("no HE code for {other}"),
    };
    for r in rows {
        let (sending, receiving) = if r.direction == "outgoing" {
            (&home, &r.partner)
        } else {
            (&r.partner, &home)
        };
        let start = r
            .raw_start
            .clone()
            .unwrap_or_else(|| r.start.format("%d/%m/%Y").to_string());
        let mut record = vec![
            r.id.clone(),
            r.project.clone(),
            r.person.clone(),
            code(&r.activity).to_string(),
            String::new(),
            String::new(),
        ];
        record.extend(sending.iter().cloned());
        record.extend(receiving.iter().cloned());
        record.extend([
            start,
            r.end.format("%d/%m/%Y").to_string(),
            ((r.end - r.start).num_days() + 1).to_string(),
            "No".into(),
            "No".into(),
        ]);
        w.write_record(&record).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// (status, matched_by, ours_mobility_id, bm_mobility_id, differences) of every line.
fn outcome(w: &Workdir) -> Vec<[String; 5]> {
    csv_maps(&w.read("reports/reconciliation.csv"))
        .into_iter()
        .map(|l| {
            [
                l["status"].clone(),
                l["matched_by"].clone(),
                l["ours_mobility_id"].clone(),
                l["bm_mobility_id"].clone(),
                l["differences"].clone(),
            ]
        })
        .collect()
}

/// The demo's deliberately bad rows (examples/README.md): rejected on our side, so listed as
/// such whatever their funding.
fn demo_rejected() -> BTreeSet<(String, String)> {
    [
        ("incoming_mobility_online.ods", "432"),
        ("mobilites_personnels.csv", "114"),
        ("mobilites_personnels.csv", "319"),
        ("mobilites_sortantes.xlsx", "1822"),
        ("mobilites_sortantes.xlsx", "486"),
        ("mobilites_sortantes.xlsx", "919"),
    ]
    .into_iter()
    .map(|(f, r)| (format!("inputs/{f}"), r.to_string()))
    .collect()
}

fn rejected_lines(w: &Workdir, side: &str) -> BTreeSet<(String, String)> {
    csv_maps(&w.read("reports/reconciliation.csv"))
        .into_iter()
        .filter(|l| l["status"] == "rejected" && !l[&format!("{side}_file")].is_empty())
        .map(|l| {
            (
                l[&format!("{side}_file")].clone(),
                l[&format!("{side}_row")].clone(),
            )
        })
        .collect()
}

#[test]
fn an_unmodified_export_matches_every_erasmus_mobility() {
    let w = demo();
    let mobilities = demo_mobilities(&w);
    let erasmus: Vec<&Row> = mobilities.iter().filter(|m| is_erasmus(m)).collect();
    let rows: Vec<BmRow> = erasmus.iter().map(|m| bm_row(m)).collect();
    w.write("bm.csv", &bm_csv(&rows));
    let run = w.run(&["reconcile", "bm.csv", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let lines = outcome(&w);
    let matched = lines
        .iter()
        .filter(|l| l[0] == "matched" && l[1] == "mobility_id" && l[2] == l[3] && l[4].is_empty())
        .count();
    assert_eq!(matched, erasmus.len(), "{}", run.all());
    assert_eq!(lines.len(), erasmus.len() + demo_rejected().len());
    assert_eq!(rejected_lines(&w, "ours"), demo_rejected());
    // Ours in scope: the Erasmus+ ones; the others are counted as left out, by funding.
    let in_scope = format!(
        "in scope: {} of our {} accepted mobilities (Erasmus+ KA131 and KA171); left out: ",
        erasmus.len(),
        mobilities.len()
    );
    assert!(run.stdout.contains(&in_scope), "{}", run.all());
    assert!(run.stdout.contains("in ours only: 0\n"), "{}", run.all());
    // The same inputs give the same bytes.
    let first = w.read("reports/reconciliation.csv");
    assert_eq!(w.run(&["reconcile", "bm.csv", "--lang", "en"]).code, 0);
    assert_eq!(w.read("reports/reconciliation.csv"), first);
}

#[test]
fn planted_changes_are_listed_exactly() {
    let w = demo();
    let mobilities = demo_mobilities(&w);
    let erasmus: Vec<&Row> = mobilities.iter().filter(|m| is_erasmus(m)).collect();
    let of_file = |name: &str| -> Vec<usize> {
        (0..erasmus.len())
            .filter(|i| erasmus[*i]["source_file"].ends_with(name))
            .collect()
    };
    let (out, inc, staff) = (
        of_file("sortantes.xlsx"),
        of_file("online.ods"),
        of_file("personnels.csv"),
    );
    // The first study stay from the 70th outgoing one on, and the first KA131 incoming one
    // from the 20th on (ours names no project for it: the BM's KA171 project is the change).
    let study = *out[70..]
        .iter()
        .find(|i| erasmus[**i]["activity"] == "study")
        .unwrap();
    let ka131_in = *inc[20..]
        .iter()
        .find(|i| erasmus[**i]["funding"] == "erasmus_ka131")
        .unwrap();
    let [removed_out, removed_in, removed_staff] = [out[10], inc[10], staff[10]];
    let [start_2, country, fallback, start_10, end_5] =
        [out[20], out[30], out[40], out[50], out[60]];
    let planted = [
        removed_out,
        removed_in,
        removed_staff,
        start_2,
        country,
        fallback,
    ];
    let planted = [&planted[..], &[start_10, end_5, study, ka131_in]].concat();
    let persons: BTreeSet<&str> = planted
        .iter()
        .map(|i| erasmus[*i]["person_id"].as_str())
        .collect();
    assert_eq!(
        persons.len(),
        planted.len(),
        "one person per planted change"
    );

    let mut rows: Vec<BmRow> = erasmus.iter().map(|m| bm_row(m)).collect();
    let m = |i: usize| erasmus[i];
    let days = |i: usize| m(i)["duration_days"].clone();
    // Start 2 days later, the same ID: matched by ID, start and duration differ.
    rows[start_2].start += Duration::days(2);
    // Another country.
    let new_country = if m(country)["partner_country"] == "DE" {
        "AT"
    } else {
        "DE"
    };
    rows[country].partner[2] = new_country.into();
    // The BM's own ID and a start 1 day later: matched by person, partner and date.
    rows[fallback].id = "BM-0001".into();
    rows[fallback].start += Duration::days(1);
    // The BM's own ID and a start 10 days later: beyond the 3 days, so on both sides alone.
    rows[start_10].id = "BM-0002".into();
    rows[start_10].start += Duration::days(10);
    // End 5 days earlier.
    rows[end_5].end -= Duration::days(5);
    // A traineeship in the BM.
    rows[study].activity = "traineeship".into();
    // Declared under a KA171 project.
    rows[ka131_in].project = "2022-1-FR01-KA171-HED-000051234".into();
    // One mobility only the BM has, and one row of it that cannot be read (31 February).
    let mut extra = bm_row(m(start_2));
    extra.id = "BM-EXTRA".into();
    extra.person = "99999999".into();
    let mut bad = extra.clone();
    bad.id = "BM-BAD".into();
    bad.person = "99999998".into();
    bad.raw_start = Some("31/02/2025".into());
    // Removed mobilities last, so the indices above stay valid.
    let mut removed = [removed_out, removed_in, removed_staff];
    removed.sort_unstable();
    for i in removed.iter().rev() {
        rows.remove(*i);
    }
    rows.push(extra);
    rows.push(bad);
    w.write("bm.csv", &bm_csv(&rows));

    let run = w.run(&["reconcile", "bm.csv", "--lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.all());

    let id = |i: usize| m(i)["mobility_id"].clone();
    // A date moved by `d` days, which makes the BM's duration (counted from its dates)
    // `fewer` days shorter than ours (the demo's duration_days).
    let moved = |field: &str, i: usize, d: i64, fewer: i64| {
        let was = m(i)[field].clone();
        let now = date(&was) + Duration::days(d);
        let bm_days = days(i).parse::<i64>().unwrap() - fewer;
        format!(
            "{field}: {was} ≠ {now}; duration_days: {} ≠ {bm_days}",
            days(i)
        )
    };
    let line = |status: &str, by: &str, ours: String, bm: &str, diff: String| {
        [status.into(), by.into(), ours, bm.into(), diff]
    };
    let alone = |status: &str, ours: String, bm: &str| line(status, "", ours, bm, String::new());
    let differs = "matched_with_differences";
    let by_id = |i: usize, diff: String| line(differs, "mobility_id", id(i), &id(i), diff);
    let old_country = &m(country)["partner_country"];
    let mut expected = vec![
        alone("ours_only", id(removed_out), ""),
        alone("ours_only", id(removed_in), ""),
        alone("ours_only", id(removed_staff), ""),
        alone("ours_only", id(start_10), ""),
        alone("bm_only", String::new(), "BM-0002"),
        alone("bm_only", String::new(), "BM-EXTRA"),
        by_id(start_2, moved("start_date", start_2, 2, 2)),
        by_id(
            country,
            format!("partner_country: {old_country} ≠ {new_country}"),
        ),
        line(
            differs,
            "person_partner_date",
            id(fallback),
            "BM-0001",
            moved("start_date", fallback, 1, 1),
        ),
        by_id(end_5, moved("end_date", end_5, -5, 5)),
        by_id(study, "activity: study ≠ traineeship".into()),
        by_id(ka131_in, "funding: erasmus_ka131 ≠ erasmus_ka171".into()),
    ];
    expected.sort();
    let lines = outcome(&w);
    let mut problems: Vec<[String; 5]> = lines
        .iter()
        .filter(|l| l[0] != "matched" && l[0] != "rejected")
        .cloned()
        .collect();
    problems.sort();
    assert_eq!(problems, expected, "{}", run.all());
    // Everything else matched by ID with no difference.
    let matched = lines
        .iter()
        .filter(|l| l[0] == "matched" && l[1] == "mobility_id" && l[2] == l[3])
        .count();
    assert_eq!(matched, erasmus.len() - 10, "{}", run.all());
    // Rejected rows are listed, not dropped: the demo's own, and the BM's 31 February (the
    // header is row 1, so the last of the export's rows is its length + 1).
    assert_eq!(rejected_lines(&w, "ours"), demo_rejected());
    let bad_row = (rows.len() + 1).to_string();
    assert_eq!(
        rejected_lines(&w, "bm"),
        BTreeSet::from([("bm.csv".to_string(), bad_row)])
    );
    assert_eq!(
        lines.len(),
        erasmus.len() - 10 + 12 + demo_rejected().len() + 1
    );
    for text in [
        "matched with differences: 6 (start_date 2, end_date 1, duration_days 3, partner_country 1, activity 1, funding 1)\n",
        "in ours only: 4\n",
        "in the Beneficiary Module only: 2\n",
        "rejected rows, not reconciled: 6 of ours, 1 of the Beneficiary Module's\n",
    ] {
        assert!(run.stdout.contains(text), "{text}{}", run.all());
    }
}

#[test]
fn our_files_on_the_command_line_and_the_csv_as_written() {
    let w = Workdir::new();
    w.write(
        "ours.csv",
        "Mobility ID,Student ID,Direction,Activity,Funding,Partner,Erasmus code,Country,Start date,End date\n\
         M1,E1,outgoing,study,Erasmus+ KA131,TU Wien,A WIEN02,Austria,02/09/2024,31/01/2025\n\
         M2,E2,outgoing,study,Erasmus+ KA131,Universidad de Sevilla,E SEVILLA01,Spain,01/09/2024,31/01/2025\n\
         M3,E3,outgoing,study,Bilateral,Tokyo Tech,,Japan,01/09/2024,31/01/2025\n",
    );
    // No config: the home side is the one in France (home_country's default).
    let header = BM_HEADER;
    w.write(
        "bm.csv",
        &format!(
            "{header}\n\
             BM-1,,E2,HE-SMS,,,,Us,FR,,E SEVILLA01,Universidad de Sevilla,ES,,03/09/2024,31/01/2025,151,,\n\
             M1,,E1,HE-SMS,,,,Us,FR,,A WIEN02,TU Wien,AT,,02/09/2024,31/01/2025,152,,\n\
             BM-9,,E9,HE-SMS,,,,Us,FR,,A WIEN02,TU Wien,AT,,01/10/2024,31/01/2025,123,,\n"
        ),
    );
    let run = w.run(&[
        "reconcile",
        "ours.csv",
        "bm.csv",
        "--tolerance-days",
        "2",
        "--lang",
        "en",
    ]);
    assert_eq!(run.code, 1, "{}", run.all());
    // M2 started 2024-09-01 in ours (153 days to 2025-01-31 inclusive), 2024-09-03 in the BM
    // (151 days): two days apart, within the tolerance of 2. M3 is bilateral: out of scope.
    assert_eq!(
        w.read("reports/reconciliation.csv"),
        "status,matched_by,differences,ours_mobility_id,bm_mobility_id,person_id,partner,partner_erasmus_code,country,activity,direction,ours_start_date,bm_start_date,ours_end_date,bm_end_date,ours_file,ours_sheet,ours_row,bm_file,bm_sheet,bm_row\n\
         bm_only,,,,BM-9,E9,TU Wien,A  WIEN02,AT,study,outgoing,,2024-10-01,,2025-01-31,,,,bm.csv,,4\n\
         matched_with_differences,person_partner_date,start_date: 2024-09-01 ≠ 2024-09-03; duration_days: 153 ≠ 151,M2,BM-1,E2,Universidad de Sevilla,E  SEVILLA01,ES,study,outgoing,2024-09-01,2024-09-03,2025-01-31,2025-01-31,ours.csv,,3,bm.csv,,2\n\
         matched,mobility_id,,M1,M1,E1,TU Wien,A  WIEN02,AT,study,outgoing,2024-09-02,2024-09-02,2025-01-31,2025-01-31,ours.csv,,2,bm.csv,,3\n"
    );
    assert!(
        run.stdout.contains("in scope: 2 of our 3 accepted mobilities (Erasmus+ KA131 and KA171); left out: 1 with funding bilateral\n"),
        "{}",
        run.all()
    );
    assert!(
        run.stdout
            .contains("in the Beneficiary Module only: bm.csv, row 4: mobility BM-9, person E9"),
        "{}",
        run.all()
    );
    // Without BM-9 everything is matched: exit 0, or 1 with --strict as M2's dates differ.
    let bm = w.read("bm.csv");
    w.write("bm2.csv", &bm[..bm.find("BM-9").unwrap()]);
    assert_eq!(w.run(&["reconcile", "ours.csv", "bm2.csv"]).code, 0);
    let run = w.run(&["reconcile", "ours.csv", "bm2.csv", "--strict"]);
    assert_eq!(run.code, 1, "{}", run.all());
    // With a tolerance of 1 day, M2 is on both sides alone.
    let run = w.run(&[
        "reconcile",
        "ours.csv",
        "bm.csv",
        "--tolerance-days",
        "1",
        "--lang",
        "en",
    ]);
    assert!(run.stdout.contains("in ours only: 1\n"), "{}", run.all());
    // Our file given as the export: one sentence naming it, exit 2.
    let run = w.run(&["reconcile", "ours.csv", "ours.csv", "--lang", "en"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr
            .contains("ours.csv is not a Beneficiary Module export"),
        "{}",
        run.all()
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.all());
}

/// The same mobilities in the Beneficiary Module's current import-export template (issue 14):
/// its key columns as the Commission's wiki names them ("Data type", "Grant Agreement No.",
/// "Mobility activity ID"; an itinerary's "Receiving Organisation OID", "Receiving country",
/// "Receiving city", "Funded duration including travel days (in days)"), and after every
/// third mobility its itinerary and certification sub-rows, which carry the mobility's ID.
fn bm_template_csv(rows: &[BmRow]) -> String {
    let old = bm_csv(rows);
    let mut reader = csv::Reader::from_reader(old.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let renamed = |h: &str| -> String {
        match h {
            "Mobility ID" => "Mobility activity ID",
            "Project Code" => "Grant Agreement No.",
            "Activity Type" => "Activity type",
            "Sending Country" => "Sending country",
            "Sending City" => "Sending city",
            "Receiving Country" => "Receiving country",
            "Receiving City" => "Receiving city",
            "Start Date" => "Start date",
            "End Date" => "End date",
            "Duration Calculated (days)" => "Funded duration including travel days (in days)",
            other => other,
        }
        .to_string()
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut out_header = vec!["Data type".to_string()];
    out_header.extend(header.iter().map(|h| renamed(h)));
    out_header.push("Receiving Organisation OID".into());
    out_header.push("Interrupted duration (in days)".into());
    w.write_record(&out_header).unwrap();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (i, record) in reader.records().enumerate() {
        let record = record.unwrap();
        let mut main = vec!["Mobility".to_string()];
        main.extend(record.iter().map(String::from));
        main.extend(["E10208480".to_string(), "0".to_string()]);
        w.write_record(&main).unwrap();
        if i % 3 == 0 {
            for kind in ["Itinerary", "Certification"] {
                let mut sub = vec![String::new(); out_header.len()];
                sub[0] = kind.into();
                sub[1 + at("Mobility ID")] = record[at("Mobility ID")].to_string();
                sub[1 + at("Project Code")] = record[at("Project Code")].to_string();
                if kind == "Itinerary" {
                    sub[1 + at("Receiving Country")] = record[at("Receiving Country")].to_string();
                    sub[1 + at("Receiving City")] = record[at("Receiving City")].to_string();
                    sub[out_header.len() - 2] = "E10208480".into();
                }
                w.write_record(&sub).unwrap();
            }
        }
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn the_current_template_reconciles_as_the_mobility_tool_export_does() {
    let w = demo();
    let mobilities = demo_mobilities(&w);
    let erasmus: Vec<&Row> = mobilities.iter().filter(|m| is_erasmus(m)).collect();
    // Three left out of the export, so that both outcomes hold unmatched lines too.
    let rows: Vec<BmRow> = erasmus
        .iter()
        .enumerate()
        .filter(|(i, _)| ![5, 50, 100].contains(i))
        .map(|(_, m)| bm_row(m))
        .collect();
    w.write("bm_old.csv", &bm_csv(&rows));
    let template = bm_template_csv(&rows);
    // Sub-rows: an itinerary and a certification after every third mobility.
    let sub_rows = 2 * rows.len().div_ceil(3);
    assert_eq!(template.lines().count(), 1 + rows.len() + sub_rows);
    w.write("bm_template.csv", &template);

    // Exit 1 on both: three of ours are missing from the export.
    let run = w.run(&["reconcile", "bm_old.csv", "--lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let old_account = *crate::util::accountings(&run.stdout).last().unwrap();
    let mut old = outcome(&w);
    let run = w.run(&["reconcile", "bm_template.csv", "--lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let mut new = outcome(&w);
    old.sort();
    new.sort();
    assert_eq!(new, old);
    let only_ours = new.iter().filter(|l| l[0] == "ours_only").count();
    assert_eq!(only_ours, 3, "{new:?}");
    // The sub-rows are skipped, each with its reason, never counted as mobilities: the
    // template's account is the old layout's plus the sub-rows, read and skipped.
    let (read, accepted, warned, rejected, skipped) = old_account;
    assert_eq!(read, 1 + rows.len());
    assert_eq!(
        *crate::util::accountings(&run.stdout).last().unwrap(),
        (
            read + sub_rows,
            accepted,
            warned,
            rejected,
            skipped + sub_rows
        ),
        "{}",
        run.all()
    );
}
