//! The import profiles on small literal exports: the Beneficiary Module's two-sided rows, the
//! open-data files' aggregated rows and placeholders, and `init` recognising both.

use crate::util::{accountings, csv_maps, Workdir};

const BM: &str = "\
Erasmus+ mobility export,,,,,,,,,,,,,,
Mobility ID,Project Code,Participant ID,Activity Type,Sending Organisation Erasmus Code,Sending Organisation Name,Sending Country,Receiving Organisation Erasmus Code,Receiving Organisation Name,Receiving Country,Start Date,End Date,Duration Calculated (days),Participant With Fewer Opportunities,Green Travel
M-1,2024-1-FR01-KA131-HED-000111111,S1,HE-SMS - Student mobility for studies,F  BLOIS01,Us,FR,D  BERLIN01,FU Berlin,DE,02/09/2024,31/01/2025,152,No,Yes
M-2,2024-1-FR01-KA131-HED-000111111,P7,HE-STA,E  MADRID03,UCM,ES,F  BLOIS01,Us,FR,07/10/2024,11/10/2024,5,No,No
M-3,2024-1-FR01-KA131-HED-000111111,S2,HE-SMT,F  LYON01,INSA Lyon,FR,F  BLOIS01,Us,FR,01/03/2025,30/06/2025,122,Yes,No
M-4,2024-1-FR01-KA131-HED-000111111,S3,HE-SMS,D  BERLIN01,FU Berlin,DE,E  MADRID03,UCM,ES,01/09/2024,31/01/2025,153,No,No
Mobility ID,Project Code,Participant ID,Activity Type,Sending Organisation Erasmus Code,Sending Organisation Name,Sending Country,Receiving Organisation Erasmus Code,Receiving Organisation Name,Receiving Country,Start Date,End Date,Duration Calculated (days),Participant With Fewer Opportunities,Green Travel
M-5,2024-1-FR01-KA171-HED-000222222,S4,HE-SMS,F  BLOIS01,Us,FR,,Université de Tunis,TN,01/09/2024,xx/01/2025,,No,No
";

/// (mobility_id, direction, partner_name, partner_country, activity, funding, duration_days).
fn mobilities(w: &Workdir) -> Vec<[String; 7]> {
    csv_maps(&w.read("reports/data/mobilities.csv"))
        .into_iter()
        .map(|r| {
            [
                "mobility_id",
                "direction",
                "partner_name",
                "partner_country",
                "activity",
                "funding",
                "duration_days",
            ]
            .map(|k| r[k].clone())
        })
        .collect()
}

#[test]
fn beneficiary_module_rows_take_their_direction_from_the_home_side() {
    let w = Workdir::new();
    w.write("bm.csv", BM);
    w.write(
        "mobistat.toml",
        "home_country = \"FR\"\nerasmus_code = \"F BLOIS01\"\n[[inputs]]\ntable = \"mobilities\"\nprofile = \"beneficiary-module\"\npaths = [\"bm.csv\"]\n",
    );
    let run = w.run(&["report"]);
    assert_eq!(run.code, 1, "{}", run.all());
    // 8 rows: title, header, 5 mobilities, the repeated header. M-4 (Berlin → Madrid) is not
    // ours and M-5's end date is unreadable: 2 rejected, 2 skipped.
    assert_eq!(
        accountings(&run.stdout)[0],
        (8, 3, 0, 2, 3),
        "{}",
        run.all()
    );
    let s = |v: &str| v.to_string();
    assert_eq!(
        mobilities(&w),
        vec![
            [
                s("M-1"),
                s("outgoing"),
                s("FU Berlin"),
                s("DE"),
                s("study"),
                s("erasmus_ka131"),
                s("152")
            ],
            [
                s("M-2"),
                s("incoming"),
                s("UCM"),
                s("ES"),
                s("teaching"),
                s("erasmus_ka131"),
                s("5")
            ],
            // Both sides in France: the Erasmus code tells that Lyon sent the student to us.
            [
                s("M-3"),
                s("incoming"),
                s("INSA Lyon"),
                s("FR"),
                s("traineeship"),
                s("erasmus_ka131"),
                s("122")
            ],
        ]
    );
    let issues = csv_maps(&w.read("reports/data_quality.csv"));
    let at = |row: &str| {
        issues
            .iter()
            .find(|i| i["row"] == row && i["severity"] == "error")
            .unwrap()
    };
    // Errors name the export's own columns.
    assert_eq!(at("6")["column"], "G (Sending Country)");
    assert!(at("6")["message"].contains("ni l'établissement d'envoi (DE) ni celui d'accueil (ES)"));
    assert_eq!(at("8")["column"], "L (End Date)");
    assert_eq!(
        issues.iter().filter(|i| i["row"] == "6").count(),
        1,
        "one reason per row"
    );
    assert!(issues
        .iter()
        .any(|i| i["rule"] == "repeated_header" && i["row"] == "7"));
}

#[test]
fn open_data_rows_weigh_by_participants_and_read_placeholders_as_unknown() {
    let w = Workdir::new();
    w.write(
        "od.csv",
        "project_reference,academic_year,mobility_start_month,mobility_end_month,mobility_duration,activity_mob,participant_nationality,participant_gender,participant_profile,fewer_opportunities,sending_country_code,sending_organization,receiving_country_code,receiving_organization,participants\n\
2019-1-FR01-KA103-000001,2019-2020,2019-09,2020-01,150,Student mobility for studies between Programme Countries,FR,Female,Learner,No,FR,Université X,DE,???,3\n\
2019-1-FR01-KA103-000001,2019-2020,2020-02,2020-02,5,Staff mobility for teaching between Programme Countries,-,Male,Staff,Yes,FR,Université X,ES,Universidad Y,1\n\
2019-1-FR01-KA107-000002,2019-2020,2019-10,2019-12,60,Student mobility for studies between Programme and Partner Countries,TN,Female,Learner,No,TN,Université Z,FR,Université X,2\n",
    );
    let run = w.run(&["report", "od.csv", "--home-country", "FR"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(
        accountings(&run.stdout)[0],
        (4, 3, 0, 0, 1),
        "{}",
        run.all()
    );
    let rows = mobilities(&w);
    // "???" as the host's name is read as unknown, not rejected; the key action gives funding.
    assert_eq!(rows[0][2], "");
    assert_eq!(rows[0][5], "erasmus_ka131");
    assert_eq!(rows[2][1], "incoming");
    assert_eq!(rows[2][5], "erasmus_ka171");
    // Flows weigh each row by its participants: 3 outgoing students (one row), 1 staff, and 2
    // incoming students; the stated 150 days × 3 people = 450 days.
    let flows = csv_maps(&w.read("reports/tables/mobility_flows.csv"));
    let get = |dir: &str, act: &str| {
        flows
            .iter()
            .filter(|r| r["direction"] == dir && r["activity"] == act)
            .map(|r| (r["mobilities"].clone(), r["total_days"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(get("outgoing", "study"), vec![("3".into(), "450".into())]);
    assert_eq!(get("outgoing", "teaching"), vec![("1".into(), "5".into())]);
    assert_eq!(get("incoming", "study"), vec![("2".into(), "120".into())]);
}

#[test]
fn init_writes_the_profile_of_a_known_layout() {
    let w = Workdir::new();
    w.write("in/bm.csv", BM);
    let run = w.run(&["init", "in"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let config = w.read("mobistat.toml");
    assert!(
        config.contains("profile = \"beneficiary-module\""),
        "{config}"
    );
}
