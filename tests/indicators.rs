//! Golden test of every indicator: a small hand-made set of exports whose every published
//! value was computed by hand (the working is in the comments), plus the edge cases of the
//! definitions: a mobility spanning two academic years counts in the year it starts, a person
//! with several mobilities counts once, periods add up towards the outgoing rate, and a
//! rejected row counts nowhere.

use crate::util::{csv_maps, csv_records, Workdir};
use crate::workbook::{convert, expected_sheet, indicator_sheets, sheet_rows, soffice, unhidden};
use mobistat::indicators::Indicator;
use mobistat::schema::ColumnKind;

// Thirteen mobility rows and one rejected (M13). Days are inclusive:
//  M1  P1 out study    KA131 AT 2023-09-01..2023-10-15 = 30+15            =  45 (AY 2023-2024), green travel
//  M2  P1 out trainee  KA131 AT 2024-06-01..2024-06-20                    =  20 (AY 2023-2024)
//  M3  P2 out study    bilat CL 2024-08-20..2025-01-10 = 12+30+31+30+31+10 = 144 (starts in August:
//                                                                               AY 2023-2024)
//  M4  P3 out study DD KA131 IT 2024-09-01..2025-06-30 = 30+31+30+31+31+28+31+30+31+30 = 303
//  M5  P4 out study    KA131 IT 2024-09-01..2024-10-20 = 30+20             =  50
//  M6  P5 in  study    KA131 AT 2024-09-02..2025-01-31 = 29+31+30+31+31    = 152
//  M7  P6 in  study    KA171 UA 2024-09-02..2025-01-31                     = 152, ICM project 1,
//                                                                               fewer opportunities
//  M8  S1 out teaching KA131 AT 2024-10-07..2024-10-11                     =   5
//  M9  S1 out training KA131 AT 2025-03-03..2025-03-07                     =   5
//  M10 S2 in  teaching KA171 UA 2024-11-04..2024-11-08                     =   5, ICM project 1
//  M11 S3 in  teaching bilat CL 2025-04-07..2025-04-11                     =   5
//  M12 -- out study    KA131 IT 2024-09-01..2025-01-31 = 30+31+30+31+31    = 153, 3 participants
//  M13 P7 out study    ends before it starts: rejected, counts nowhere
//  M14 P2 out trainee  bilat CL 2025-02-01..2025-03-31 = 28+31             =  59
const MOBILITIES: &str = "\
Mobility ID,Person ID,Direction,Activity,Funding,Double degree,Partner,Erasmus code,Country,Start date,End date,Fewer opportunities,Green travel,ICM project,Participants
M1,P1,outgoing,study,Erasmus+ KA131,no,TU Wien,A  WIEN02,Austria,2023-09-01,2023-10-15,no,yes,,
M2,P1,outgoing,traineeship,KA131,no,TU Wien,A WIEN02,AT,2024-06-01,2024-06-20,no,no,,
M3,P2,outgoing,study,bilateral,no,Universidad de Chile,,Chili,2024-08-20,2025-01-10,no,no,,
M4,P3,outgoing,study,KA131,yes,Politecnico di Milano,I  MILANO02,IT,2024-09-01,2025-06-30,no,no,,
M5,P4,outgoing,study,KA131,no,Politecnico di Milano,I  MILANO02,IT,2024-09-01,2024-10-20,no,no,,
M6,P5,incoming,study,KA131,no,TU Wien,A  WIEN02,AT,2024-09-02,2025-01-31,no,no,,
M7,P6,incoming,study,KA171,no,Igor Sikorsky KPI,,Ukraine,2024-09-02,2025-01-31,yes,no,2023-1-FR01-KA171-HED-000000001,
M8,S1,outgoing,teaching,KA131,,TU Wien,A  WIEN02,AT,2024-10-07,2024-10-11,no,no,,
M9,S1,outgoing,training,KA131,,TU Wien,A  WIEN02,AT,2025-03-03,2025-03-07,no,no,,
M10,S2,incoming,teaching,KA171,,Igor Sikorsky KPI,,UA,2024-11-04,2024-11-08,no,no,2023-1-FR01-KA171-HED-000000001,
M11,S3,incoming,teaching,bilateral,,Universidad de Chile,,CL,2025-04-07,2025-04-11,no,no,,
M12,,outgoing,study,KA131,no,Politecnico di Milano,I  MILANO02,IT,2024-09-01,2025-01-31,no,no,,3
M13,P7,outgoing,study,KA131,no,Politecnico di Milano,I  MILANO02,IT,2024-10-01,2024-09-01,no,no,,
M14,P2,outgoing,traineeship,bilateral,no,Universidad de Chile,,CL,2025-02-01,2025-03-31,no,no,,
";

// Active in 2024-2025: rows 1-5 (TU Wien twice under two spellings of one code, Milano twice,
// Chile). Row 6 ended in 2023-2024, row 7 is expired, row 8 starts in 2025-2026.
// Active in 2023-2024: rows 1, 2, 4, 5, 6 (row 3 starts in 2024-2025).
const PARTNERS: &str = "\
Partner,Erasmus code,Country,Agreement,Programmes,Valid from,Valid to,Status
TU Wien,A  WIEN02,AT,Erasmus,Mécanique; Informatique,2021-2022,2027-2028,Actif
TU Wien,A WIEN02,AT,double diplôme,Mécanique,2022-2023,,Actif
Politecnico di Milano,I  MILANO02,IT,Erasmus,Informatique,2024-2025,2028-2029,Active
Politecnico di Milano,I MILANO02,IT,double diplôme,Informatique,2023-2024,2029-2030,Actif
Universidad de Chile,,CL,bilatéral,,2020-2021,2025-2026,Actif
Universidade de São Paulo,,BR,bilatéral,Mécanique,2019-2020,2023-2024,Actif
Tokyo Institute of Technology,,JP,bilatéral,Informatique,2022-2023,2026-2027,Expiré
KTH,S  STOCKHO04,SE,Erasmus,Mécanique,2025-2026,2030-2031,Signé
";

// Project 1 (call 2023) runs in 2023-2024, 2024-2025 and 2025-2026; project 2 (call 2021) in
// 2021-2022 to 2023-2024.
const ICM: &str = "\
Project reference,Country,Partner,Budget,Planned mobilities
2023-1-FR01-KA171-HED-000000001,UA,Igor Sikorsky KPI,50000,10
2023-1-FR01-KA171-HED-000000001,MA,Université Mohammed V,30000.5,6
2021-1-FR01-KA171-HED-000000002,GH,KNUST,20000,4
";

// Graduates 2024-2025: P1 (Mécanique: 45 + 20 = 65 days, mobile only because periods add
// up), P2 (Informatique: 144 + 59, mobile), P3 (Informatique, "2025" = 2024-2025: 303, mobile),
// P4 (Mécanique: 50 days, not mobile), P8 (Informatique: no mobility). Graduate 2023-2024:
// P9. P5 and P6 are incoming exchange students.
const STUDENTS: &str = "\
Student ID,Degree programme,Graduation year,Academic year,Nationality,Status,Level
P1,Génie mécanique,2024-2025,2023-2024,FR,degree,Licence
P1,Mécanique,2024-2025,2024-2025,France,degree,Master
P2,Informatique,2024-2025,2024-2025,FR,degree,Master
P3,Informatique,2025,2024-2025,Italie,degree,master
P4,Mécanique,2024-2025,2024-2025,FR,degree,Cycle ingénieur
P5,Mécanique,,2024-2025,AT,exchange,Bachelor
P6,Informatique,,2024-2025,UA,exchange,
P8,Informatique,2024-2025,2024-2025,,degree,Master
P9,Mécanique,2023-2024,2023-2024,MA,degree,Master
";

const CONFIG: &str = r#"
home_country = "FR"

[rules]
min_outgoing_days = 60

[targets]
partners = 150
visiting_professors = 2
international_students_share_pct = 25
outgoing_rate_pct = 100

[[inputs]]
table = "mobilities"
paths = ["mobilities.csv"]

[[inputs]]
table = "partners"
paths = ["partners.csv"]

[[inputs]]
table = "icm_projects"
paths = ["icm.csv"]

[[inputs]]
table = "students"
paths = ["students.csv"]
"#;

fn fixture() -> Workdir {
    let w = Workdir::new();
    w.write("mobistat.toml", CONFIG);
    w.write("mobilities.csv", MOBILITIES);
    w.write("partners.csv", PARTNERS);
    w.write("icm.csv", ICM);
    w.write("students.csv", STUDENTS);
    w
}

fn report(w: &Workdir, args: &[&str]) -> String {
    let run = w.run(args);
    // M13 is rejected: exit code 1.
    assert_eq!(run.code, 1, "{}", run.all());
    run.stdout
}

fn table(w: &Workdir, name: &str) -> String {
    w.read(&format!("reports/tables/{name}.csv"))
}

#[test]
fn every_indicator_equals_its_hand_computed_value() {
    let w = fixture();
    let stdout = report(&w, &["report"]);
    // The latest year of the data.
    assert!(stdout.contains("année de référence 2024-2025"), "{stdout}");

    // 2023-2024: P9 only, not mobile. 2024-2025: Informatique P2, P3 mobile, P8 not: 2/3 =
    // 66.7; Mécanique P1 mobile (65 days), P4 not (50): 1/2 = 50.0; all 3/5 = 60.0.
    assert_eq!(
        table(&w, "outgoing_rate"),
        "graduation_year,faculty,home_programme,graduates,mobile_graduates,rate_pct
2023-2024,all,Mécanique,1,0,0
2023-2024,all,all,1,0,0
2024-2025,all,Informatique,3,2,66.7
2024-2025,all,Mécanique,2,1,50
2024-2025,all,all,5,3,60
"
    );

    // Funding is a key, "bilateral" sorting before "erasmus_...": 2023-2024 outgoing study is
    // M3 (bilateral, 144 days) and M1 (KA131, 45 days). 2024-2025 incoming: M11 (bilateral) and
    // M10 (KA171) taught, M6 (KA131) and M7 (KA171) studied, 152 days each. 2024-2025 outgoing
    // study M4, M5 and M12 (3 people without id), all KA131: 1 + 1 + 3 = 5 mobilities, 2 + 3 =
    // 5 participants, 303 + 50 + 3 × 153 = 812 days, 812 / 5 = 162.4. M13 counts nowhere.
    // Mobilities add up to 15 = 13 accepted rows with M12 counting 3.
    assert_eq!(
        table(&w, "mobility_flows"),
        "academic_year,direction,participant,activity,funding,mobilities,participants,total_days,mean_days
2023-2024,outgoing,student,study,bilateral,1,1,144,144
2023-2024,outgoing,student,study,erasmus_ka131,1,1,45,45
2023-2024,outgoing,student,traineeship,erasmus_ka131,1,1,20,20
2024-2025,incoming,staff,teaching,bilateral,1,1,5,5
2024-2025,incoming,staff,teaching,erasmus_ka171,1,1,5,5
2024-2025,incoming,student,study,erasmus_ka131,1,1,152,152
2024-2025,incoming,student,study,erasmus_ka171,1,1,152,152
2024-2025,outgoing,staff,teaching,erasmus_ka131,1,1,5,5
2024-2025,outgoing,staff,training,erasmus_ka131,1,1,5,5
2024-2025,outgoing,student,study,erasmus_ka131,5,5,812,162.4
2024-2025,outgoing,student,traineeship,bilateral,1,1,59,59
"
    );

    // P1 went to Austria twice in 2023-2024 and S1 twice in 2024-2025: one participant each.
    assert_eq!(
        table(&w, "mobility_by_country"),
        "academic_year,direction,country,continent,mobilities,participants
2023-2024,outgoing,AT,Europe,2,1
2023-2024,outgoing,CL,South America,1,1
2024-2025,incoming,AT,Europe,1,1
2024-2025,incoming,CL,South America,1,1
2024-2025,incoming,UA,Europe,2,2
2024-2025,outgoing,AT,Europe,2,1
2024-2025,outgoing,CL,South America,1,1
2024-2025,outgoing,IT,Europe,5,5
"
    );

    // Outgoing 2024-2025: IT 5, AT 2, CL 1 of 8 = 62.5, 25, 12.5 %.
    assert_eq!(
        table(&w, "top_destinations"),
        "academic_year,rank,country,continent,mobilities,participants,share_pct
2024-2025,1,IT,Europe,5,5,62.5
2024-2025,2,AT,Europe,2,1,25
2024-2025,3,CL,South America,1,1,12.5
"
    );
    // Incoming 2024-2025: UA 2, then AT and CL 1 each (tie broken by code) of 4.
    assert_eq!(
        table(&w, "top_origins"),
        "academic_year,rank,country,continent,mobilities,participants,share_pct
2024-2025,1,UA,Europe,2,2,50
2024-2025,2,AT,Europe,1,1,25
2024-2025,3,CL,South America,1,1,25
"
    );

    // Active 2024-2025: TU Wien (Erasmus + double degree), Milano (same), Chile (bilateral):
    // 3 partners; 1/3 = 33.3 %, 2/3 = 66.7 %; the types add up to 5, the total is 3.
    assert_eq!(
        table(&w, "partners_by_agreement"),
        "academic_year,agreement,partners,share_pct
2024-2025,bilateral,1,33.3
2024-2025,double_degree,2,66.7
2024-2025,erasmus,2,66.7
2024-2025,all,3,100
"
    );
    // Informatique: TU Wien (Erasmus), Milano (Erasmus and double degree). Mécanique: TU
    // Wien (Erasmus and double degree). Chile names no programme.
    assert_eq!(
        table(&w, "partners_per_programme"),
        "academic_year,programme,partners,erasmus,bilateral,double_degree
2024-2025,Informatique,2,2,0,1
2024-2025,Mécanique,1,1,0,1
2024-2025,unspecified,1,0,1,0
"
    );
    assert_eq!(
        table(&w, "partners_by_country"),
        "academic_year,country,continent,partners
2024-2025,AT,Europe,1
2024-2025,CL,South America,1
2024-2025,IT,Europe,1
"
    );

    // UA: project 1 only, M7 and M10 incoming. MA and GH: no mobility.
    assert_eq!(
        table(&w, "icm_by_country"),
        "country,continent,projects,partner_institutions,planned_mobilities,realised_outgoing,realised_incoming,realised_mobilities,budget_eur
GH,Africa,1,1,4,0,0,0,20000
MA,Africa,1,1,6,0,0,0,30000.5
UA,Europe,1,1,10,0,2,2,50000
"
    );

    // Incoming: S2 and S3 taught. Outgoing: S1 taught once and trained once.
    assert_eq!(
        table(&w, "staff_mobility"),
        "academic_year,direction,teaching,training,total,staff,teaching_staff
2024-2025,incoming,2,0,2,2,2
2024-2025,outgoing,1,1,2,1,1
"
    );

    // 2023-2024: P1 (FR) and P9 (MA): 1 of 2. 2024-2025: P1, P2, P3 (IT), P4, P5 (AT), P6 (UA),
    // P8 (unknown): 3 of 7 = 42.857 -> 42.9; one degree (P3), two exchange.
    assert_eq!(
        table(&w, "international_students"),
        "enrolled_year,enrolled,international,international_degree,international_exchange,share_pct,nationalities,nationality_unknown
2023-2024,2,1,1,0,50,1,0
2024-2025,7,3,1,2,42.9,3,1
"
    );
    assert_eq!(
        table(&w, "nationalities"),
        "enrolled_year,nationality,continent,students,degree,exchange
2024-2025,AT,Europe,1,0,1
2024-2025,IT,Europe,1,1,0
2024-2025,UA,Europe,1,0,1
"
    );

    // 2024-2025 by level: bachelor P5 (AT, exchange): 1 of 1 = 100; master P1, P2, P3 (IT,
    // degree), P4 ("Cycle ingénieur" is master level), P8: 1 of 5 = 20; P6 (UA, exchange)
    // gives no level: 1 of 1 = 100. P1's 2023-2024 bachelor year is not the reporting year.
    assert_eq!(
        table(&w, "international_students_by_level"),
        "enrolled_year,level,enrolled,international,degree,exchange,share_pct
2024-2025,bachelor,1,1,0,1,100
2024-2025,master,5,1,1,0,20
2024-2025,unspecified,1,1,0,1,100
"
    );

    // Double-degree agreements active: TU Wien (from 2022-2023) and Milano (from 2023-2024)
    // in both years. M4 is the one double-degree mobility.
    assert_eq!(
        table(&w, "double_degrees"),
        "academic_year,direction,double_degree_agreements,mobilities,students
2023-2024,incoming,2,0,0
2023-2024,outgoing,2,0,0
2024-2025,incoming,2,0,0
2024-2025,outgoing,2,1,1
"
    );

    // KA131 2024-2025 outgoing study in Italy: as in mobility_flows (M4, M5, M12).
    assert_eq!(
        table(&w, "erasmus_activity"),
        "funding,academic_year,activity_code,direction,country,mobilities,participants,total_days,mean_days,fewer_opportunities,green_travel
erasmus_ka131,2023-2024,HE-SMS,outgoing,AT,1,1,45,45,0,1
erasmus_ka131,2023-2024,HE-SMT,outgoing,AT,1,1,20,20,0,0
erasmus_ka131,2024-2025,HE-SMS,incoming,AT,1,1,152,152,0,0
erasmus_ka131,2024-2025,HE-SMS,outgoing,IT,5,5,812,162.4,0,0
erasmus_ka131,2024-2025,HE-STA,outgoing,AT,1,1,5,5,0,0
erasmus_ka131,2024-2025,HE-STT,outgoing,AT,1,1,5,5,0,0
erasmus_ka171,2024-2025,HE-SMS,incoming,UA,1,1,152,152,1,0
erasmus_ka171,2024-2025,HE-STA,incoming,UA,1,1,5,5,0,0
"
    );

    // The final-report tables: the KA131 rows, over both years, under "unspecified" since the
    // file gives them no project; P1's two periods are two activity codes. M7 and M10 (ICM
    // project 1, Ukraine: Region 2, Neighbourhood East) make the KA171 tables.
    assert_eq!(
        table(&w, "erasmus_report_ka131"),
        "project_reference,activity_code,direction,country,mobilities,participants,total_days,mean_days,fewer_opportunities,green_travel
unspecified,HE-SMS,incoming,AT,1,1,152,152,0,0
unspecified,HE-SMS,outgoing,AT,1,1,45,45,0,1
unspecified,HE-SMS,outgoing,IT,5,5,812,162.4,0,0
unspecified,HE-SMT,outgoing,AT,1,1,20,20,0,0
unspecified,HE-STA,outgoing,AT,1,1,5,5,0,0
unspecified,HE-STT,outgoing,AT,1,1,5,5,0,0
"
    );
    assert_eq!(
        table(&w, "erasmus_report_ka171"),
        "project_reference,activity_code,direction,country,region,region_name,mobilities,participants,total_days,mean_days,fewer_opportunities,green_travel
2023-1-FR01-KA171-HED-000000001,HE-SMS,incoming,UA,2,Neighbourhood East,1,1,152,152,1,0
2023-1-FR01-KA171-HED-000000001,HE-STA,incoming,UA,2,Neighbourhood East,1,1,5,5,0,0
"
    );
    assert_eq!(
        table(&w, "erasmus_report_ka171_regions"),
        "project_reference,region,region_name,activity_code,direction,mobilities,participants,total_days,mean_days,fewer_opportunities,green_travel
2023-1-FR01-KA171-HED-000000001,2,Neighbourhood East,HE-SMS,incoming,1,1,152,152,1,0
2023-1-FR01-KA171-HED-000000001,2,Neighbourhood East,HE-STA,incoming,1,1,5,5,0,0
"
    );

    // 2023-2024: partners TU Wien, Milano, Chile, São Paulo = 4, of which Erasmus TU Wien =
    // 25 %; students out P1, P2; traineeship M2; ICM countries UA, MA (project 1), GH (2).
    // 2024-2025: students in P5, P6; out P2, P3, P4 and the 3 of M12 = 6; traineeship M14;
    // visiting professors S2, S3; staff abroad S1; ICM countries UA, MA. No programmes list
    // and no welcome register: the « Bienvenue en France » figures are unknown, not 0.
    assert_eq!(
        table(&w, "key_figures"),
        "academic_year,outgoing_rate_pct,partners,erasmus_partner_share_pct,double_degree_agreements,students_in,students_out,international_traineeships,international_students,international_students_share_pct,nationalities,visiting_professors,staff_abroad,icm_countries,programmes_in_english,fle_hours,housing_places_per_100
2023-2024,0,4,25,2,0,2,1,1,50,1,0,0,3,,,
2024-2025,60,3,66.7,2,2,6,1,3,42.9,3,2,1,2,,,
"
    );

    // In the order of the config's keys, sorted: 42.9 - 25 = 17.9; 60 - 100; 3 - 150; 2 - 2.
    assert_eq!(
        table(&w, "targets"),
        "academic_year,target,target_value,actual,gap,status
2024-2025,international_students_share_pct,25,42.9,17.9,met
2024-2025,outgoing_rate_pct,100,60,-40,not met
2024-2025,partners,150,3,-147,not met
2024-2025,visiting_professors,2,2,0,met
"
    );
}

#[test]
fn edge_cases_of_the_definitions() {
    let w = fixture();
    report(&w, &["report"]);
    let flows = csv_maps(&table(&w, "mobility_flows"));
    // Summed over the fundings (M1 is KA131, M3 bilateral).
    let find = |year: &str, direction: &str, activity: &str| {
        let rows: Vec<_> = flows
            .iter()
            .filter(|r| {
                r["academic_year"] == year
                    && r["direction"] == direction
                    && r["participant"] == "student"
                    && r["activity"] == activity
            })
            .collect();
        let sum = |c: &str| -> i64 { rows.iter().map(|r| r[c].parse::<i64>().unwrap()).sum() };
        (!rows.is_empty()).then(|| {
            (
                sum("mobilities").to_string(),
                sum("participants").to_string(),
            )
        })
    };
    // M3 runs from August 2024 to January 2025: it counts in 2023-2024, where it starts.
    assert_eq!(
        find("2023-2024", "outgoing", "study"),
        Some(("2".into(), "2".into()))
    );
    // P1 went twice to Austria in 2023-2024: two mobilities, one participant.
    let by_country = csv_maps(&table(&w, "mobility_by_country"));
    let austria = by_country
        .iter()
        .find(|r| r["academic_year"] == "2023-2024" && r["country"] == "AT")
        .unwrap();
    assert_eq!(
        (
            austria["mobilities"].as_str(),
            austria["participants"].as_str()
        ),
        ("2", "1")
    );
    // M13 (rejected, P7) counts nowhere: not in the canonical table, not in any figure.
    let data = w.read("reports/data/mobilities.csv");
    assert!(!data.contains("M13,"));
    for name in [
        "mobility_flows",
        "mobility_by_country",
        "erasmus_activity",
        "erasmus_report_ka131",
        "erasmus_report_ka171",
        "erasmus_report_ka171_regions",
    ] {
        let total: i64 = csv_maps(&table(&w, name))
            .iter()
            .map(|r| r["mobilities"].parse::<i64>().unwrap())
            .sum();
        // 13 accepted rows, M12 standing for 3 people; 12 of them Erasmus+, 10 KA131 (M1, M2,
        // M4, M5, M6, M8, M9 and the 3 of M12) and 2 KA171 (M7, M10).
        let expected = match name {
            "erasmus_activity" => 12,
            "erasmus_report_ka131" => 10,
            "erasmus_report_ka171" | "erasmus_report_ka171_regions" => 2,
            _ => 15,
        };
        assert_eq!(total, expected, "{name}");
    }
    // P1's two periods (45 + 20 days) make them mobile at 60 days, not at 66.
    let run = w.run(&["--min-outgoing-days", "66", "report"]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(table(&w, "outgoing_rate").contains("2024-2025,all,Mécanique,2,0,0\n"));
}

#[test]
fn reporting_year_dialect_and_missing_tables() {
    let w = fixture();
    // --year picks the per-year indicators' year; trends keep every year.
    report(
        &w,
        &["report", "--year", "2023-2024", "--csv-dialect", "excel-fr"],
    );
    let agreements = table(&w, "partners_by_agreement");
    // Excel-fr: BOM, semicolons, decimal commas. 2023-2024: TU Wien, Milano, Chile, São Paulo;
    // Erasmus: TU Wien only (Milano's Erasmus agreement starts in 2024-2025): 1/4 = 25 %.
    assert!(agreements.starts_with('\u{feff}'), "{agreements}");
    assert!(
        agreements.contains("2023-2024;erasmus;1;25\n"),
        "{agreements}"
    );
    assert!(
        agreements.contains("2023-2024;bilateral;2;50\n"),
        "{agreements}"
    );
    assert!(table(&w, "key_figures").contains("2024-2025;60;3;66,7;"));

    // Without a students table the outgoing rate says it needs one; the rest still runs.
    let w = fixture();
    w.write(
        "mobistat.toml",
        &CONFIG.replace(
            "\n[[inputs]]\ntable = \"students\"\npaths = [\"students.csv\"]\n",
            "",
        ),
    );
    let run = w.run(&["report"]);
    assert!(
        run.stdout
            .contains("outgoing_rate n'est pas calculé : il lui faut une table students"),
        "{}",
        run.all()
    );
    assert!(!w.path().join("reports/tables/outgoing_rate.csv").exists());
    assert!(w.path().join("reports/tables/mobility_flows.csv").exists());
    // Key figures from the missing table are empty, not zero.
    assert!(
        table(&w, "key_figures").contains("\n2024-2025,,"),
        "{}",
        table(&w, "key_figures")
    );

    // A target on something that is not a key figure is refused in one sentence.
    let w = fixture();
    w.write(
        "mobistat.toml",
        &CONFIG.replace("partners = 150", "partner = 150"),
    );
    let run = w.run(&["report"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr
            .contains("« partner » n'est pas un chiffre clé (vouliez-vous dire « partners » ?"),
        "{}",
        run.all()
    );
}

/// Regression (issue 12): a year with no data at all gave a full report of zeros, exit 0.
#[test]
fn a_reporting_year_the_data_does_not_reach_is_refused() {
    let w = fixture();
    let run = w.run(&["report", "--year", "2010-2011"]);
    assert_eq!(run.code, 2, "{}", run.all());
    // The config's language is French, and so is the sentence.
    assert!(
        run.stderr.starts_with(
            "erreur : --year : les données n'atteignent pas 2010-2011 : elles couvrent \
             mobilités : "
        ),
        "{}",
        run.all()
    );
    let run = w.run(&["report", "--year", "2010-2011", "--lang", "en"]);
    assert_eq!(run.code, 2, "{}", run.all());
    // The years each table holds are named, in runs of consecutive years.
    assert!(
        run.stderr
            .starts_with("error: --year: the data does not reach 2010-2011: it holds mobilities "),
        "{}",
        run.all()
    );
    assert!(
        run.stderr.contains("; choose one of those years"),
        "{}",
        run.all()
    );
    // Nothing is written for it (issue 13: a failed run leaves the previous outputs as they were).
    assert!(!w.path().join("reports").exists());
}

/// Issue 12: an office that gave no incoming and no staff list read "0 incoming exchange
/// students", "0 visiting professors" and an "incoming 0" series. Absent is not zero.
#[test]
fn figures_over_populations_no_input_covers_are_not_available() {
    let w = crate::demo::demo_without_incoming_and_staff();
    let run = w.run(&["report", "--lang", "fr"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let figures = csv_maps(&table(&w, "key_figures"));
    assert_eq!(figures.len(), 4, "the demo's four years");
    for row in &figures {
        for absent in ["students_in", "visiting_professors", "staff_abroad"] {
            assert_eq!(row[absent], "", "{absent} of {}", row["academic_year"]);
        }
        // The outgoing students' list is given: its figures are there.
        assert_ne!(row["students_out"], "");
    }
    // Incoming double-degree students and realised incoming ICM mobilities: not available.
    for row in csv_maps(&table(&w, "double_degrees")) {
        let empty = row["direction"] == "incoming";
        assert_eq!(row["mobilities"].is_empty(), empty, "{row:?}");
        assert_eq!(row["students"].is_empty(), empty, "{row:?}");
    }
    for row in csv_maps(&table(&w, "icm_by_country")) {
        assert_eq!(row["realised_incoming"], "", "{row:?}");
        assert_ne!(row["realised_outgoing"], "", "{row:?}");
    }
    // Targets on a figure that is not available have no data (the demo sets both).
    let targets = csv_maps(&table(&w, "targets"));
    for figure in ["visiting_professors", "staff_abroad"] {
        let row = targets.iter().find(|r| r["target"] == figure).unwrap();
        assert_eq!(
            (row["actual"].as_str(), row["status"].as_str()),
            ("", "no data")
        );
    }
    // The card's accessible form in report.html: a dash and why, never a 0.
    let html = w.read("reports/report.html");
    let start = html.find("<section id=\"key_figures\"").unwrap();
    let card = &html[start..start + html[start..].find("</section>").unwrap()];
    for reason in [
        "aucune liste d&#x27;étudiants entrants n&#x27;a été fournie",
        "aucune liste de personnels accueillis n&#x27;a été fournie",
        "aucune liste de personnels partis n&#x27;a été fournie",
    ] {
        assert!(
            card.contains("<span class=\"value\">—</span>") && card.contains(reason),
            "{reason}: {card}"
        );
    }
    // The trend chart has no incoming series, and its text says why.
    assert!(
        html.contains("aucune liste de mobilités entrantes n&#x27;a été fournie"),
        "the trend chart's alternative text names the missing list"
    );
}

#[test]
fn catalogue_and_plan_are_printed() {
    let w = fixture();
    let run = w.run(&["indicators"]);
    assert_eq!(run.code, 0, "{}", run.all());
    for entry in [
        "outgoing_rate\n",
        "targets\n",
        "fr: ",
        "en: ",
        "inputs: students, mobilities",
    ] {
        assert!(run.stdout.contains(entry), "{entry}: {}", run.stdout);
    }
    let run = w.run(&["report", "--explain"]);
    assert!(
        run.stdout
            .contains("indicators, in sink order: outgoing_rate,"),
        "{}",
        run.all()
    );
    assert!(run.stdout.contains("SINK"), "{}", run.all());
}

/// A table's values as text, whatever the CSV dialect or the spreadsheet's number type.
fn rows_of_csv(text: &str) -> Vec<Vec<String>> {
    csv_records(text)
}

#[test]
fn demo_invariants_and_workbook_equal_the_csv_tables() {
    use calamine::Reader;
    let w = crate::demo::demo();
    let run = w.run(&["report"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let t = |name: &str| csv_maps(&table(&w, name));
    let num = |v: &str| {
        v.parse::<f64>()
            .unwrap_or_else(|_| panic!("not a number: {v:?}"))
    };

    // Flows add up to the accepted mobility rows (weighted by participants).
    let accepted: f64 = csv_maps(&w.read("reports/data/mobilities.csv"))
        .iter()
        .map(|r| num(&r["participants"]))
        .sum();
    let flows: f64 = t("mobility_flows")
        .iter()
        .map(|r| num(&r["mobilities"]))
        .sum();
    assert_eq!(flows, accepted);
    assert_eq!(flows, 3269.0);
    // Participants never exceed mobilities, in every table that has both (nine of them: the
    // flows, by country, by faculty, the two top lists, the Erasmus+ activity and the three
    // report tables).
    let has = |i: &Indicator, name: &str| i.columns().iter().any(|c| c.name == name);
    let written = |i: &Indicator| {
        w.path()
            .join(format!("reports/tables/{}.csv", i.id()))
            .exists()
    };
    let counted: Vec<&Indicator> = Indicator::ALL
        .iter()
        .filter(|i| has(i, "mobilities") && has(i, "participants") && written(i))
        .collect();
    assert_eq!(counted.len(), 9, "{counted:?}");
    for indicator in counted {
        for r in t(indicator.id()) {
            assert!(
                num(&r["participants"]) <= num(&r["mobilities"]),
                "{indicator:?}: {r:?}"
            );
        }
    }
    // Every percentage the registry declares lies in 0-100 (rates and shares).
    let mut checked = 0;
    for indicator in Indicator::ALL.iter().filter(|i| written(i)) {
        for column in indicator.columns() {
            // A grant's share used passes 100 % when the mobilities cost more than awarded.
            if column.kind != ColumnKind::Percent || column.name == "used_pct" {
                continue;
            }
            for r in t(indicator.id()) {
                let value = &r[column.name];
                if !value.is_empty() {
                    checked += 1;
                    assert!(
                        (0.0..=100.0).contains(&num(value)),
                        "{indicator:?}.{}: {r:?}",
                        column.name
                    );
                }
            }
        }
    }
    // 83 on the demo (every year of every share); the loop must not pass by checking nothing.
    assert!(checked > 50, "only {checked} percentages checked");
    // partners_by_agreement's total equals the distinct active partners, counted here from
    // the canonical partners table.
    let year = t("partners_by_agreement")[0]["academic_year"].clone();
    let active: std::collections::BTreeSet<String> = csv_maps(&w.read("reports/data/partners.csv"))
        .into_iter()
        .filter(|p| {
            p["status_active"] == "true"
                && (p["valid_from"].is_empty() || p["valid_from"] <= year)
                && (p["valid_to"].is_empty() || p["valid_to"] >= year)
        })
        .map(|p| p["partner_key"].clone())
        .collect();
    let all = t("partners_by_agreement")
        .into_iter()
        .find(|r| r["agreement"] == "all")
        .unwrap();
    assert_eq!(num(&all["partners"]) as usize, active.len());
    assert!(active.len() > 100, "{}", active.len());
    // The top destinations name 15 countries at most, then "other", and add up to the
    // year's outgoing mobilities.
    let top = t("top_destinations");
    // The demo's students went to more than 15 countries in 2024-2025.
    assert_eq!(top.len(), 16);
    assert_eq!(top[15]["country"], "other");
    assert_eq!(top[15]["rank"], "");
    let outgoing: f64 = t("mobility_flows")
        .iter()
        .filter(|r| r["academic_year"] == year && r["direction"] == "outgoing")
        .map(|r| num(&r["mobilities"]))
        .sum();
    assert_eq!(
        top.iter().map(|r| num(&r["mobilities"])).sum::<f64>(),
        outgoing
    );

    // The workbook holds every table, in French, with the CSV's numbers.
    let path = w.path().join("reports/mobistat.xlsx");
    let sheets = indicator_sheets(&path);
    assert_eq!(sheets.len(), 31);
    for (sheet, indicator) in &sheets {
        let expected = expected_sheet(*indicator, &table(&w, indicator.id()));
        assert_eq!(
            unhidden(*indicator, sheet_rows(&path, sheet), &expected),
            expected,
            "{sheet}"
        );
    }
    let names = calamine::open_workbook_auto(&path).unwrap().sheet_names();
    assert!(names.iter().any(|n| n == "Définitions"), "{names:?}");
    assert!(
        names.iter().any(|n| n == "Qualité des données"),
        "{names:?}"
    );
}

#[test]
fn libreoffice_reads_every_sheet_of_the_workbook_back() {
    let Some(soffice) = soffice() else { return };
    let w = fixture();
    report(&w, &["report"]);
    let out = w.path().join("lo");
    let path = w.path().join("reports/mobistat.xlsx");
    // CSV filter options: comma, double quote, UTF-8, from line 1, raw values (not as shown),
    // every sheet (-1) into <name>-<sheet>.csv.
    convert(
        soffice,
        &w,
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        &path,
        &out,
    );
    let sheets = indicator_sheets(&path);
    assert_eq!(
        sheets.len(),
        std::fs::read_dir(w.path().join("reports/tables"))
            .unwrap()
            .count()
    );
    for (sheet, indicator) in sheets {
        let exported = out.join(format!("mobistat-{sheet}.csv"));
        let text = std::fs::read_to_string(&exported)
            .unwrap_or_else(|e| panic!("{}: {e}", exported.display()));
        let expected = expected_sheet(indicator, &table(&w, indicator.id()));
        assert_eq!(
            unhidden(indicator, rows_of_csv(&text), &expected),
            expected,
            "{sheet}"
        );
    }
}

#[test]
fn same_inputs_give_byte_identical_tables_and_workbook() {
    let (a, b) = (crate::demo::demo(), crate::demo::demo());
    a.run(&["report"]);
    b.run(&["report"]);
    let mut names: Vec<String> = std::fs::read_dir(a.path().join("reports/tables"))
        .unwrap()
        .map(|e| {
            format!(
                "reports/tables/{}",
                e.unwrap().file_name().to_string_lossy()
            )
        })
        .collect();
    names.push("reports/mobistat.xlsx".into());
    for name in names {
        let bytes = |w: &Workdir| std::fs::read(w.path().join(&name)).unwrap();
        assert!(bytes(&a) == bytes(&b), "{name} differs between two runs");
    }
}
