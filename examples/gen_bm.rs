//! Writes two CSV files holding the same synthetic mobilities, for measuring what an import
//! profile costs: `bm_N.csv` in the Erasmus+ Beneficiary Module's two-sided layout (read with
//! `--profile beneficiary-module`) and `plain_N.csv` in mobistat's own headers (read with
//! `--table mobilities`). Deterministic: the same N gives the same bytes.
//!
//! `cargo run --release --example gen_bm -- 200000 /tmp/bench`

use std::fmt::Write as _;

const PARTNERS: [(&str, &str, &str); 6] = [
    ("D  BERLIN01", "Freie Universität Berlin", "DE"),
    ("E  MADRID03", "Universidad Complutense de Madrid", "ES"),
    ("I  MILANO02", "Politecnico di Milano", "IT"),
    ("PL WARSZAW02", "Politechnika Warszawska", "PL"),
    ("S  STOCKHO04", "Kungliga Tekniska högskolan", "SE"),
    ("IRLDUBLIN01", "Trinity College Dublin", "IE"),
];
const ACTIVITIES: [&str; 4] = ["HE-SMS", "HE-SMT", "HE-STA", "HE-STT"];

fn main() {
    let mut args = std::env::args().skip(1);
    let rows: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "/tmp/bench".into()));
    std::fs::create_dir_all(&dir).expect("output folder");
    let mut bm = String::from("Mobility ID,Project Code,Participant ID,Activity Type,Sending Organisation Erasmus Code,Sending Organisation Name,Sending Country,Receiving Organisation Erasmus Code,Receiving Organisation Name,Receiving Country,Start Date,End Date,Duration Calculated (days),Participant With Fewer Opportunities,Green Travel\n");
    let mut plain = String::from("Mobility ID,Project reference,Person ID,Direction,Activity,Partner institution,Erasmus code,Country,Start date,End date,Duration (days),Fewer opportunities,Green travel\n");
    let home = ("F  BLOIS01", "École démo", "FR");
    for i in 0..rows {
        let (code, name, country) = PARTNERS[i % PARTNERS.len()];
        let activity = ACTIVITIES[(i / 7) % ACTIVITIES.len()];
        let outgoing = i % 3 != 0;
        let (send, recv) = if outgoing {
            (home, (code, name, country))
        } else {
            ((code, name, country), home)
        };
        let year = 2021 + (i % 4);
        let (start, end, days) = match activity {
            "HE-STA" | "HE-STT" => (
                format!("0{}/10/{year}", 1 + i % 8),
                format!("1{}/10/{year}", i % 8),
                10,
            ),
            _ => (
                format!("0{}/09/{year}", 1 + i % 8),
                format!("0{}/02/{}", 1 + i % 8, year + 1),
                154,
            ),
        };
        let project = format!("{year}-1-FR01-KA131-HED-{:09}", 100_000 + year);
        let yes_no = |b: bool| if b { "Yes" } else { "No" };
        let _ =
            writeln!(
            bm,
            "M{i},{project},P{},{activity},{},\"{}\",{},{},\"{}\",{},{start},{end},{days},{},{}",
            i / 2,
            send.0, send.1, send.2, recv.0, recv.1, recv.2,
            yes_no(i % 11 == 0),
            yes_no(i % 5 == 0)
        );
        let _ = writeln!(
            plain,
            "M{i},{project},P{},{},{activity},\"{name}\",{code},{country},{start},{end},{days},{},{}",
            i / 2,
            if outgoing { "outgoing" } else { "incoming" },
            yes_no(i % 11 == 0),
            yes_no(i % 5 == 0)
        );
    }
    for (name, text) in [("bm", bm), ("plain", plain)] {
        let path = dir.join(format!("{name}_{rows}.csv"));
        std::fs::write(&path, text).expect("write");
        println!("{}", path.display());
    }
}
