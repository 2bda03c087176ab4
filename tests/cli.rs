//! Command-line behaviour: exit codes, clear one-sentence errors, config files, init.

use crate::util::{accountings, Workdir};

#[test]
fn without_config_or_files_it_says_what_to_do() {
    let w = Workdir::new();
    let run = w.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("mobistat init"), "{}", run.all());
    assert_eq!(run.stderr.lines().count(), 1, "one sentence: {}", run.all());
}

#[test]
fn a_missing_required_column_names_file_sheet_and_closest_header() {
    let w = Workdir::new();
    w.write(
        "partners.csv",
        "Nom;Pays hôte du partenaire;Type d'accord\nTU Wien;Autriche;Erasmus\n",
    );
    // Without a config, the language is French: the sentence is French.
    let run = w.run(&["check", "partners.csv", "--table", "partners"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stdout.contains(
            "partners.csv (partners) : non lu : partners.csv : la colonne obligatoire « \
             partner_country » manque (en-têtes trouvés : \"Nom\", \"Pays hôte du partenaire\", \
             \"Type d'accord\") ; vouliez-vous dire « Pays hôte du partenaire » ?"
        ),
        "{}",
        run.all()
    );
    let run = w.run(&[
        "check",
        "partners.csv",
        "--table",
        "partners",
        "--lang",
        "en",
    ]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stdout.contains("partners.csv"), "{}", run.all());
    assert!(
        run.stdout.contains("\"partner_country\" is missing"),
        "{}",
        run.all()
    );
    assert!(
        run.stdout
            .contains("did you mean \"Pays hôte du partenaire\""),
        "{}",
        run.all()
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.all());
}

#[test]
fn config_constants_and_mapping_fill_what_a_file_lacks() {
    let w = Workdir::new();
    w.write(
        "exports/sortants.csv",
        "Étudiant;Activité;Université hôte;Pays hôte;Début;Fin\nE1;Stage;Universidad de Sevilla;ESPAGNE;03/02/2025;27/06/2025\n",
    );
    w.write(
        "mobistat.toml",
        r#"
institution = "Test"
[[inputs]]
table = "mobilities"
paths = ["exports/*.csv"]
columns = { person_id = "Étudiant", partner_name = "Université hôte", partner_country = "Pays hôte", start_date = "Début", end_date = "Fin" }
constants = { direction = "outgoing" }
"#,
    );
    let run = w.run(&["report"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(accountings(&run.stdout)[0], (2, 1, 0, 0, 1));
    let table = w.read("reports/data/mobilities.csv");
    assert!(table.contains("E1,outgoing,student,traineeship"), "{table}");
    assert!(table.contains("ES"), "{table}");
}

#[test]
fn a_bad_config_key_is_named() {
    let w = Workdir::new();
    w.write("mobistat.toml", "institution = \"x\"\nlanguge = \"fr\"\n");
    let run = w.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("languge"), "{}", run.all());
}

#[test]
fn init_guesses_a_config_that_runs() {
    let w = Workdir::new();
    w.copy_from_repo("tests/fixtures/mobilities.xlsx", "inputs/mobilities.xlsx");
    w.write("inputs/partners.csv", "Nombre Universidad;Código;País;GIF;GTDM;GMAT;Comentarios\nTU WIEN;A WIEN02;AUSTRIA;2;;1;\n");
    let run = w.run(&["init", "inputs"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let config = w.read("mobistat.toml");
    assert!(config.contains("table = \"mobilities\""), "{config}");
    assert!(config.contains("header_row = 3"), "{config}");
    assert!(config.contains("sheet = \"Mobilités\""), "{config}");
    // GTDM has no places in the sample but sits between two programme columns.
    assert!(
        config.contains("programme_columns = [\"GIF\", \"GTDM\", \"GMAT\"]"),
        "{config}"
    );
    assert!(
        config.contains("column \"Comentarios\" matches no field"),
        "{config}"
    );
    assert!(
        config.contains("TODO: required fields without a column: agreement"),
        "{config}"
    );
    // The home country is left for the office to set: a run says so until it is.
    assert!(config.contains("home_country = \"\""), "{config}");
    // Refuses to overwrite, then the guessed config (with the agreement and the country
    // filled in) runs.
    assert_eq!(w.run(&["init", "inputs"]).code, 2);
    w.write(
        "mobistat.toml",
        &config
            .replace(
                "# constants = { agreement = \"erasmus\" }",
                "constants = { agreement = \"erasmus\" }",
            )
            .replace("home_country = \"\"", "home_country = \"FR\""),
    );
    let run = w.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let accounts = accountings(&run.stdout);
    assert_eq!(accounts[0], (11, 4, 0, 2, 5), "{}", run.all());
    assert_eq!(accounts[1], (2, 1, 0, 0, 1), "{}", run.all());
}

#[test]
fn without_a_command_from_a_shell_the_help_is_printed() {
    // The tests' streams are pipes but there is no graphical session: a script, not a file
    // manager. The app would need DISPLAY or WAYLAND_DISPLAY too.
    let w = Workdir::new();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mobistat"))
        .current_dir(w.path())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("Usage: mobistat") && text.contains("app"),
        "{text}"
    );
}
