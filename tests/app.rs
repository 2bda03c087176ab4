//! Issue 17: `mobistat app`. Its HTTP guard and uploads with raw requests, then the whole
//! journey in headless Chromium: the demo files chosen, a mapping changed, the check's
//! accounting read on the page, the report run in English and viewed, its zip downloaded and
//! compared with a command-line run on the same config, a reconciliation; no console error,
//! no request leaving 127.0.0.1.

use crate::browser::{chromium, Tab};
use crate::demo::DEMO_FILES;
use crate::util::{repo, Workdir};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running app, stopped when dropped.
struct App {
    child: Child,
    /// The printed address, with its access token.
    url: String,
    /// "127.0.0.1:PORT".
    host: String,
    token: String,
}

impl App {
    fn start(dir: &Path, extra: &[&str]) -> App {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mobistat"))
            .arg("app")
            .arg(dir)
            .arg("--no-browser")
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start mobistat app");
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address printed: {line:?}"))
            .to_string();
        let host = url["http://".len()..]
            .split('/')
            .next()
            .unwrap()
            .to_string();
        let token = url.split("access=").nth(1).unwrap().to_string();
        App {
            child,
            url,
            host,
            token,
        }
    }

    fn cookie(&self) -> String {
        let port = self.host.rsplit(':').next().unwrap();
        format!("mobistat_access_{port}={}", self.token)
    }

    /// The page's session token, read from the page as its script reads it.
    fn session(&self) -> String {
        let page = http(
            &self.host,
            &format!(
                "GET / HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nConnection: close\r\n\r\n",
                self.host,
                self.cookie()
            ),
            b"",
        );
        let needle = "name=\"mobistat-session\" content=\"";
        let at = page.body.find(needle).unwrap() + needle.len();
        page.body[at..at + 32].to_string()
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
struct Answer {
    status: u16,
    head: String,
    body: String,
}

/// Sends a raw request (`head` ends with the blank line; `body` follows) and reads the answer
/// to the end (the request says Connection: close).
fn http(host: &str, head: &str, body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(host).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    // The server may answer (and stop reading) before the whole body is sent: a refused
    // upload. What matters is its answer.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Answer {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// A multipart upload of (file name as the browser sends it, bytes).
fn upload(app: &App, session: &str, files: &[(&str, Vec<u8>)]) -> Answer {
    let boundary = "----mobistat-test-boundary";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let head = format!(
        "POST /api/upload/inputs?lang=en HTTP/1.1\r\nHost: {h}\r\nOrigin: http://{h}\r\nCookie: {c}\r\nx-mobistat-session: {session}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {n}\r\nConnection: close\r\n\r\n",
        h = app.host,
        c = app.cookie(),
        n = body.len()
    );
    http(&app.host, &head, &body)
}

const CSV: &str = "N° étudiant,Établissement d'accueil,Pays,Date de début,Date de fin,Sens\n\
                   E1,Politecnico di Milano,Italie,01/09/2024,31/01/2025,sortant\n";

#[test]
fn the_guard_refuses_foreign_hosts_origins_and_requests_without_the_session_token() {
    let w = Workdir::new();
    let app = App::start(w.path(), &["--lang", "en"]);
    let get = |path: &str, host: &str, extra: &str| {
        http(
            &app.host,
            &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n"),
            b"",
        )
    };
    // The printed address sets the cookie and drops the token from the address bar.
    let first = get(&format!("/?access={}", app.token), &app.host, "");
    assert_eq!(first.status, 303, "{}", first.head);
    assert!(first.head.contains(&app.cookie()), "{}", first.head);
    let cookie = format!("Cookie: {}\r\n", app.cookie());
    assert_eq!(get("/api/state", &app.host, &cookie).status, 200);
    // Without the token: refused, with the sentence saying how to get in.
    let no_token = get("/api/state", &app.host, "");
    assert_eq!(no_token.status, 401);
    assert!(
        no_token.body.contains("address mobistat printed"),
        "{}",
        no_token.body
    );
    // DNS rebinding: another name for this address, even with the token.
    let rebound = get(
        "/api/state",
        &format!("evil.example:{}", app.host.rsplit(':').next().unwrap()),
        &cookie,
    );
    assert_eq!(rebound.status, 403);
    assert!(rebound.body.contains("another host"), "{}", rebound.body);
    // A request from another site.
    let session = app.session();
    let post = |origin: &str, with_session: bool| {
        let body = r#"{"kind":"check"}"#;
        let token = if with_session {
            format!("x-mobistat-session: {session}\r\n")
        } else {
            String::new()
        };
        http(
            &app.host,
            &format!(
                "POST /api/run HTTP/1.1\r\nHost: {}\r\nOrigin: {origin}\r\n{cookie}{token}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                app.host,
                body.len()
            ),
            b"",
        )
    };
    let foreign = post("http://evil.example", true);
    assert_eq!(foreign.status, 403);
    assert!(foreign.body.contains("another site"), "{}", foreign.body);
    // Our own origin, but no session token: a page that is not the app's.
    let own = format!("http://{}", app.host);
    let tokenless = post(&own, false);
    assert_eq!(tokenless.status, 403);
    assert!(tokenless.body.contains("session key"), "{}", tokenless.body);
    // With both, the request gets through the guard (and is told to save the files first).
    let through = post(&own, true);
    assert_eq!(through.status, 409, "{}", through.body);
    assert!(
        through.body.contains("Save the files first"),
        "{}",
        through.body
    );
}

#[test]
fn uploads_land_inside_the_project_and_over_the_limit_get_a_clear_message() {
    let w = Workdir::new();
    // The command line's limit on an input's size applies to uploads too.
    w.write(
        "mobistat.toml",
        "language = \"en\"\n\n[limits]\nmax_input_bytes = 2000\n",
    );
    let app = App::start(w.path(), &[]);
    let session = app.session();
    // A file name with folders in it: only its last part is kept, inside inputs/.
    let escaped = upload(&app, &session, &[("../../x.csv", CSV.as_bytes().to_vec())]);
    assert_eq!(escaped.status, 200, "{}", escaped.body);
    assert!(
        escaped.body.contains("\"saved\":[\"x.csv\"]"),
        "{}",
        escaped.body
    );
    assert!(w.path().join("inputs/x.csv").is_file());
    assert!(!w.path().join("x.csv").exists());
    assert!(!w.path().parent().unwrap().join("x.csv").exists());
    // A format mobistat does not read is refused by name.
    let pdf = upload(&app, &session, &[("notes.pdf", b"%PDF".to_vec())]);
    assert!(
        pdf.body
            .contains("\\\"notes.pdf\\\" is not a file mobistat reads"),
        "{}",
        pdf.body
    );
    // Over the limit: refused with the file, the limit and where it is set; nothing kept.
    let big = CSV.repeat(40).into_bytes();
    assert!(big.len() > 2000);
    let over = upload(&app, &session, &[("big.csv", big)]);
    assert_eq!(over.status, 413, "{}", over.head);
    assert!(
        over.body
            .contains("\\\"big.csv\\\" is over the limit of 0.002 MB a file")
            && over.body.contains("max_input_bytes"),
        "{}",
        over.body
    );
    let left: Vec<_> = std::fs::read_dir(w.path().join("inputs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(left, ["x.csv"], "no partial or temporary file is left");
    // Too many files at once.
    let many: Vec<(&str, Vec<u8>)> = (0..51).map(|_| ("a.csv", b"x\n".to_vec())).collect();
    let too_many = upload(&app, &session, &many);
    assert_eq!(too_many.status, 413);
    assert!(
        too_many.body.contains("At most 50 files at a time"),
        "{}",
        too_many.body
    );
}

#[test]
fn without_listen_the_app_cannot_be_reached_from_another_address() {
    let w = Workdir::new();
    let app = App::start(w.path(), &[]);
    assert!(app.host.starts_with("127.0.0.1:"), "{}", app.url);
    let port = app.host.rsplit(':').next().unwrap();
    // This machine's own non-loopback address, as another machine would reach it.
    let probe = std::net::UdpSocket::bind("0.0.0.0:0").unwrap();
    let outside = probe
        .connect("192.0.2.1:9")
        .ok()
        .and_then(|_| probe.local_addr().ok())
        .map(|a| a.ip())
        .filter(|ip| !ip.is_loopback() && !ip.is_unspecified());
    match outside {
        Some(ip) => {
            let refused = TcpStream::connect_timeout(
                &format!("{ip}:{port}").parse().unwrap(),
                Duration::from_secs(2),
            );
            assert!(refused.is_err(), "the app answered on {ip}:{port}");
        }
        None => eprintln!("note: this machine has no non-loopback address; reach not tried"),
    }
    // --port is on the loopback interface too; --listen goes elsewhere only with the token.
    let wide = App::start(w.path(), &["--listen", "0.0.0.0:0"]);
    let cookie_less = http(
        &wide.host,
        &format!(
            "GET /api/state HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            wide.host
        ),
        b"",
    );
    assert_eq!(cookie_less.status, 401);
}

/// Reads a whole-number total of the accounting table ("9 227" in French, "9,227" in English).
fn total(tab: &mut Tab, key: &str) -> u64 {
    let text = tab.eval(&format!(
        "document.querySelector('[data-total={key}]').textContent"
    ));
    let digits: String = text
        .as_str()
        .unwrap()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap()
}

/// The zip's files, name → bytes.
fn unzip(path: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let name = file.name().unwrap().into_owned();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (name, bytes)
        })
        .collect()
}

/// Where the screenshots go: docs/ when MOBISTAT_UPDATE_DOCS=1 (to refresh the README's),
/// else a temporary folder.
fn shots(temp: &Path) -> PathBuf {
    if std::env::var("MOBISTAT_UPDATE_DOCS").is_ok_and(|v| v == "1") {
        repo().join("docs")
    } else {
        temp.to_path_buf()
    }
}

#[test]
fn the_demo_in_the_browser_from_the_files_to_the_report_zip() {
    let Some(chromium) = chromium() else { return };
    let w = Workdir::new();
    let project = w.path().join("project");
    let downloads = w.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    // French screens: no config yet, and the app's language is the default.
    let app = App::start(&project, &[]);
    let shots = shots(w.path());
    let mut tab = Tab::open(&chromium, &app.url, &downloads, Duration::from_secs(420));
    tab.wait_for("document.body.dataset.loaded");

    // 1. The demo files, chosen through the file input.
    let files: Vec<PathBuf> = DEMO_FILES
        .iter()
        .map(|f| repo().join("inputs").join(f))
        .collect();
    tab.choose_files("#file-input", &files);
    tab.wait_for("document.querySelectorAll('article.file').length === 9");
    // The guessed tables, as init guesses them.
    let guessed = tab.eval(
        "Object.fromEntries(Array.from(document.querySelectorAll('article.file')).map(a => \
         [a.querySelector('h3').firstChild.textContent.trim(), a.querySelector('select').value]))",
    );
    let expected = [
        ("formations.csv", "programmes"),
        ("incoming_mobility_online.ods", "mobilities"),
        ("inscrits.xlsx", "students"),
        ("mobilites_personnels.csv", "mobilities"),
        ("mobilites_sortantes.xlsx", "mobilities"),
        ("partenaires.xlsx", "partners"),
        ("projets_ka171.csv", "icm_projects"),
        ("registre_accueil.csv", "welcome"),
        ("subventions_erasmus.csv", "grants"),
    ];
    for (file, table) in expected {
        assert_eq!(guessed[file], table, "{file}: {guessed}");
    }
    // The outgoing list has no direction column: the screen says so.
    let sortantes = "Array.from(document.querySelectorAll('article.file')).find(a => \
                     a.querySelector('h3').textContent.startsWith('mobilites_sortantes'))";
    let missing = tab.eval(&format!(
        "{sortantes}.querySelector('.missing').textContent"
    ));
    assert!(missing.as_str().unwrap().contains("sens"), "{missing}");
    tab.eval("document.getElementById('institution').value = 'École de démonstration'");
    tab.eval("document.getElementById('home-country').value = 'FR'");
    tab.screenshot(&shots.join("app-inputs.png"));

    // 2. One mapping changed: every row of the outgoing list is an outgoing mobility.
    tab.eval(&format!(
        "(() => {{ const i = {sortantes}.querySelector('[data-constant=direction]'); \
         i.value = 'outgoing'; i.dispatchEvent(new Event('input')); }})()"
    ));
    assert_eq!(
        tab.eval(&format!("{sortantes}.querySelector('.missing').hidden")),
        true
    );
    tab.eval("document.getElementById('save').click()");
    tab.wait_for("document.getElementById('save-status').textContent.includes('mobistat.toml')");
    let config = std::fs::read_to_string(project.join("mobistat.toml")).unwrap();
    assert!(
        config.contains("constants = { direction = \"outgoing\" }")
            && config.contains("institution = \"École de démonstration\""),
        "{config}"
    );

    // 3. The check, and the accounting on the page: 9,227 read = 9,204 + 6 + 17 (the demo's
    // figures, as tests/demo.rs counts them with the demo's own config).
    tab.eval("document.getElementById('tab-check').click()");
    tab.eval("document.getElementById('run-check').click()");
    tab.wait_for(
        "document.querySelector('[data-total=read]') && document.querySelector('#issues table')",
    );
    let (read, accepted, rejected, skipped) = (
        total(&mut tab, "read"),
        total(&mut tab, "accepted"),
        total(&mut tab, "rejected"),
        total(&mut tab, "skipped"),
    );
    assert_eq!((read, accepted, rejected, skipped), (9227, 9204, 6, 17));
    assert_eq!(read, accepted + rejected + skipped);
    // The issues filter by severity: only the rejected rows (errors) are left.
    let rejected_rows = tab.eval(
        "(() => { const s = Array.from(document.querySelectorAll('#issues select')).find(s => s.dataset.column === 'severity'); \
         s.value = 'error'; s.dispatchEvent(new Event('change')); \
         return document.querySelectorAll('#issues-table tbody tr').length; })()",
    );
    assert_eq!(rejected_rows, 6);
    tab.screenshot(&shots.join("app-check.png"));

    // 4. The report in English, viewed in the app.
    tab.eval("document.getElementById('tab-report').click()");
    tab.eval("document.getElementById('report-lang').value = 'en'");
    tab.eval("document.getElementById('run-report').click()");
    tab.wait_for("!document.getElementById('report-view').hidden");
    tab.wait_for(
        "(() => { const d = document.getElementById('report-frame').contentDocument; \
         return d && d.readyState === 'complete' && d.documentElement.lang === 'en'; })()",
    );
    let title = tab.eval("document.getElementById('report-frame').contentDocument.title");
    assert!(!title.as_str().unwrap().is_empty());
    tab.screenshot(&shots.join("app-report.png"));

    // 5. The zip, downloaded through its link.
    tab.eval("document.getElementById('download-zip').click()");
    let zip = downloads.join("reports.zip");
    tab.wait_for(&format!(
        "new Promise(r => setTimeout(() => r({}), 200))",
        "true"
    ));
    let until = std::time::Instant::now() + Duration::from_secs(60);
    while !zip.is_file() && std::time::Instant::now() < until {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(zip.is_file(), "the zip was not downloaded");

    // 6. The reconciliation, with a small Beneficiary Module export.
    let bm = w.path().join("bm_export.csv");
    std::fs::write(
        &bm,
        "Mobility ID,Project Code,Participant ID,Activity Type,Participant Nationality,\
         Sending Organisation Erasmus Code,Sending Organisation Name,Sending Country,\
         Receiving Organisation Erasmus Code,Receiving Organisation Name,Receiving Country,\
         Start Date,End Date\n\
         BM-1,2024-1-FR01-KA131-HED-000001,X1,Student mobility for studies,FR,F BLOIS01,\
         École,FR,I MILANO02,Politecnico di Milano,IT,2024-09-02,2025-01-31\n",
    )
    .unwrap();
    tab.eval("document.getElementById('tab-reconcile').click()");
    tab.choose_files("#bm-input", std::slice::from_ref(&bm));
    tab.wait_for("document.getElementById('bm-file').value === 'bm_export.csv'");
    tab.eval("document.getElementById('run-reconcile').click()");
    tab.wait_for("document.querySelector('#differences table')");
    tab.screenshot(&shots.join("app-reconcile.png"));

    let (errors, requests) = tab.finish();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    let own = format!("http://{}/", app.host);
    let outside: Vec<&String> = requests.iter().filter(|r| !r.starts_with(&own)).collect();
    assert!(
        outside.is_empty(),
        "requests leaving 127.0.0.1: {outside:?}"
    );

    // The zip's CSV tables are those of a command-line run on the same config.
    let cli = Workdir::new();
    std::fs::copy(
        project.join("mobistat.toml"),
        cli.path().join("mobistat.toml"),
    )
    .unwrap();
    for f in DEMO_FILES {
        cli.copy_from_repo(&format!("inputs/{f}"), &format!("inputs/{f}"));
    }
    let run = cli.run(&["report", "--lang", "en", "--preset", "full"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let zipped = unzip(&zip);
    let tables: Vec<&String> = zipped.keys().filter(|k| k.starts_with("tables/")).collect();
    assert!(tables.len() > 30, "{tables:?}");
    for name in tables {
        let ours = std::fs::read(cli.path().join("reports").join(name)).unwrap();
        assert!(
            zipped[name] == ours,
            "{name} differs from the command line's"
        );
    }
    assert!(zipped.contains_key("mobistat.xlsx") && zipped.contains_key("report.html"));
    assert!(
        !zipped.keys().any(|k| k.starts_with("data/")),
        "rows naming people stay out"
    );
}

/// A GET with the access cookie.
fn get(app: &App, path: &str) -> Answer {
    http(
        &app.host,
        &format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nConnection: close\r\n\r\n",
            app.host,
            app.cookie()
        ),
        b"",
    )
}

/// A JSON POST with the page's tokens.
fn post(app: &App, session: &str, path: &str, body: &str) -> Answer {
    http(
        &app.host,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: {h}\r\nOrigin: http://{h}\r\nCookie: {c}\r\nx-mobistat-session: {session}\r\nContent-Type: application/json\r\nContent-Length: {n}\r\nConnection: close\r\n\r\n{body}",
            h = app.host,
            c = app.cookie(),
            n = body.len()
        ),
        b"",
    )
}

#[test]
fn one_run_at_a_time_cancellable_and_the_previous_reports_stay_whole() {
    let w = crate::demo::demo();
    // The last good reports, from the command line.
    let first = w.run(&["report"]);
    assert_eq!(first.code, 1, "{}", first.all());
    let before = std::fs::read(w.path().join("reports/report.html")).unwrap();
    let app = App::start(w.path(), &["--lang", "en"]);
    let session = app.session();
    let started = post(
        &app,
        &session,
        "/api/run",
        r#"{"kind":"report","report_lang":"en"}"#,
    );
    assert_eq!(started.status, 202, "{}", started.body);
    // A second run of the same project waits for the first: refused with a sentence.
    let second = post(&app, &session, "/api/run", r#"{"kind":"check"}"#);
    assert_eq!(second.status, 409, "{}", second.body);
    assert!(second.body.contains("already under way"), "{}", second.body);
    // Every tab sees the same run.
    let state = get(&app, "/api/state");
    assert!(state.body.contains("\"kind\":\"report\""), "{}", state.body);
    let cancelled = post(&app, &session, "/api/cancel", "{}");
    assert!(
        cancelled.body.contains("\"cancelled\":true"),
        "{}",
        cancelled.body
    );
    let until = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let state = get(&app, "/api/state");
        let json: serde_json::Value = serde_json::from_str(&state.body).unwrap();
        if json["run"]["ended"] == true {
            assert_eq!(json["run"]["status"], "cancelled", "{}", state.body);
            break;
        }
        assert!(std::time::Instant::now() < until, "{}", state.body);
        std::thread::sleep(Duration::from_millis(100));
    }
    // The killed report wrote nothing over the last good one.
    let after = std::fs::read(w.path().join("reports/report.html")).unwrap();
    assert!(before == after, "the previous report.html changed");
    // And the next run may start.
    let next = post(&app, &session, "/api/run", r#"{"kind":"check"}"#);
    assert_eq!(next.status, 202, "{}", next.body);
}
