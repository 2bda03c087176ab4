//! A headless Chromium harness: opens a local HTML file in a fresh, offline browser profile and
//! says what the page did: its console errors and uncaught exceptions, every request it made
//! other than for its own file, its rendered DOM, and a screenshot of a 1280 px wide window.
//!
//! It speaks the DevTools protocol over `--remote-debugging-pipe` (JSON messages ended by a NUL
//! byte, read by the browser on file descriptor 3 and written on 4) instead of reading
//! `--enable-logging` and `--log-net-log` output. Tried on Debian's Chromium 156, that log
//! prints every console message as `INFO:CONSOLE` whatever its level (console.log and
//! console.error cannot be told apart) and leaves out failed loads, and the net log lists the
//! browser's own background requests but not the page's file:// or data: fetches. The
//! protocol's Runtime, Log and Network events report all of these with their level and URL.
//!
//! `print_pdf` prints a page to PDF on A4 paper as the browser's print dialog would
//! (`Page.printToPDF`), for the print layout's tests (tests/print.rs).
//!
//! The browser is found on PATH; when it is absent, tests skip with a note, or fail under
//! CI=true (`.ci/run` installs Debian's `chromium` package).

use serde_json::{json, Value};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The window the page is laid out and photographed in: the width of a common laptop screen,
/// tall enough to show the report's title, key figures and first sections at once.
pub const WINDOW: (u32, u32) = (1280, 2400);

/// The whole visit, browser start to exit, is stopped after this long.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// After the load event, the page is considered settled once this long passes with no event.
const QUIET: Duration = Duration::from_millis(500);

/// The browser's isolation flags: no sandbox (tests may run as root), no GPU, and none of the
/// background services (updates, sync, QUIC probes) that would reach the network by themselves.
const ISOLATION: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// What a visit of a page gave.
#[derive(Debug)]
pub struct Visit {
    /// console.error and failed console.assert calls, uncaught exceptions and rejections, and
    /// the browser's own error-level messages (failed loads, blocked content).
    pub console_errors: Vec<String>,
    /// Every URL the page asked for besides its own file: http(s), ws(s), file:// and data:.
    pub requests: Vec<String>,
    /// The rendered document (`document.documentElement.outerHTML`).
    pub dom: String,
}

/// The Chromium binary on PATH, or None (with a note) outside CI when there is none.
pub fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("Chromium is missing, and CI=true requires it (.ci/run installs it)");
    }
    eprintln!("note: Chromium is absent (chromium, chromium-browser, google-chrome); skipping");
    None
}

/// Opens `page` in `chromium`, waits until it has loaded and settled, writes a PNG screenshot
/// of the `WINDOW` to `screenshot`, and reports what the page did.
pub fn visit(chromium: &Path, page: &Path, screenshot: &Path) -> Visit {
    let window =
        json!({"width": WINDOW.0, "height": WINDOW.1, "deviceScaleFactor": 1, "mobile": false});
    let Opened {
        mut browser,
        mut seen,
        session,
        _profile,
    } = open(
        chromium,
        page,
        &["Runtime", "Log", "Network", "Page"],
        |browser, s| {
            browser.call("Emulation.setDeviceMetricsOverride", window, s);
        },
    );
    let s = Some(session.as_str());
    let shot = browser.call("Page.captureScreenshot", json!({"format": "png"}), s);
    let png = base64_decode(&str_at(&shot, "/data"));
    std::fs::write(screenshot, png).expect("write screenshot");
    let dom = browser.call(
        "Runtime.evaluate",
        json!({"expression": "document.documentElement.outerHTML", "returnByValue": true}),
        s,
    );
    let dom = str_at(&dom, "/result/value");
    // Whatever arrived while the screenshot and the DOM were taken counts too.
    browser.drain(&session, &mut seen, Duration::from_millis(100));
    browser.close();
    Visit {
        console_errors: seen.console_errors,
        requests: seen.requests,
        dom,
    }
}

/// Opens `page` in `chromium`, waits until it has loaded and settled, and prints it as
/// Chromium's print dialog would to A4 paper: the page's own `@page` size wins where it sets
/// one (`preferCSSPageSize`, for a landscape page), backgrounds printed, and without the
/// header and footer lines (date, title, URL, page number) the browser would add, so that a
/// page's text is the report's own. Returns the PDF's bytes.
pub fn print_pdf(chromium: &Path, page: &Path) -> Vec<u8> {
    let Opened {
        mut browser,
        session,
        _profile,
        ..
    } = open(chromium, page, &["Page"], |_, _| {});
    // A4 is 210 × 297 mm: 8.27 × 11.69 inches.
    let pdf = browser.call(
        "Page.printToPDF",
        json!({
            "paperWidth": 8.27,
            "paperHeight": 11.69,
            "preferCSSPageSize": true,
            "printBackground": true,
            "displayHeaderFooter": false,
        }),
        Some(session.as_str()),
    );
    let bytes = base64_decode(&str_at(&pdf, "/data"));
    browser.close();
    bytes
}

/// A page driven step by step (the app's screens): scripts evaluated in it, files chosen in
/// its file inputs, downloads allowed into a folder, screenshots of the whole page.
pub struct Tab {
    browser: Browser,
    seen: Seen,
    session: String,
    _profile: tempfile::TempDir,
}

impl Tab {
    /// Opens `url` (an http address) with downloads saved into `downloads`; the whole visit
    /// may take `limit`.
    pub fn open(chromium: &Path, url: &str, downloads: &Path, limit: Duration) -> Tab {
        let domains = ["Runtime", "Log", "Network", "Page", "DOM"];
        let Opened {
            browser,
            seen,
            session,
            _profile,
        } = open_url(chromium, url, &domains, |browser, s| {
            browser.deadline = Instant::now() + limit;
            browser.call(
                "Browser.setDownloadBehavior",
                json!({"behavior": "allow", "downloadPath": downloads.display().to_string()}),
                None,
            );
            let window =
                json!({"width": WINDOW.0, "height": 1000, "deviceScaleFactor": 1, "mobile": false});
            browser.call("Emulation.setDeviceMetricsOverride", window, s);
        });
        Tab {
            browser,
            seen,
            session,
            _profile,
        }
    }

    /// Evaluates `script` in the page (awaiting a promise) and returns its value.
    pub fn eval(&mut self, script: &str) -> Value {
        let s = Some(self.session.as_str());
        let result = self.browser.call(
            "Runtime.evaluate",
            json!({"expression": script, "awaitPromise": true, "returnByValue": true}),
            s,
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("{script} threw: {exception}");
        }
        let session = self.session.clone();
        self.browser
            .drain(&session, &mut self.seen, Duration::from_millis(1));
        result
            .pointer("/result/value")
            .cloned()
            .unwrap_or(Value::Null)
    }

    /// Waits until `script` gives a truthy value (checked every 200 ms), and returns it.
    pub fn wait_for(&mut self, script: &str) -> Value {
        loop {
            let value = self.eval(script);
            let truthy = match &value {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::String(s) => !s.is_empty(),
                Value::Number(n) => n.as_f64() != Some(0.0),
                _ => true,
            };
            if truthy {
                return value;
            }
            if Instant::now() > self.browser.deadline {
                panic!(
                    "waited too long for {script}\n{}\nconsole: {:?}",
                    self.browser.log_tail(),
                    self.seen.console_errors
                );
            }
            let session = self.session.clone();
            self.browser
                .drain(&session, &mut self.seen, Duration::from_millis(200));
        }
    }

    /// Chooses `files` in the file input matched by `selector`, as a person would in the
    /// file dialog (the input's change event fires).
    pub fn choose_files(&mut self, selector: &str, files: &[PathBuf]) {
        let s = Some(self.session.as_str());
        let document = self.browser.call("DOM.getDocument", json!({}), s);
        let root = document
            .pointer("/root/nodeId")
            .cloned()
            .unwrap_or(Value::Null);
        let node = self.browser.call(
            "DOM.querySelector",
            json!({"nodeId": root, "selector": selector}),
            s,
        );
        let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        self.browser.call(
            "DOM.setFileInputFiles",
            json!({"nodeId": node["nodeId"], "files": files}),
            s,
        );
    }

    /// A PNG of the whole page, as tall as its content.
    pub fn screenshot(&mut self, path: &Path) {
        let s = Some(self.session.as_str());
        let shot = self.browser.call(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true}),
            s,
        );
        std::fs::write(path, base64_decode(&str_at(&shot, "/data"))).expect("write screenshot");
    }

    /// Closes the browser; the console errors and every request the page made.
    pub fn finish(mut self) -> (Vec<String>, Vec<String>) {
        let session = self.session.clone();
        self.browser
            .drain(&session, &mut self.seen, Duration::from_millis(200));
        let mut requests = self.seen.requests.clone();
        if self.seen.own_document_seen {
            requests.insert(0, self.seen.url.clone());
        }
        let errors = self.seen.console_errors.clone();
        self.browser.close();
        (errors, requests)
    }
}

/// A page opened in a fresh browser, loaded and settled.
struct Opened {
    browser: Browser,
    seen: Seen,
    /// The DevTools session of the page's tab.
    session: String,
    /// The browser's profile folder, removed when this is dropped.
    _profile: tempfile::TempDir,
}

/// Starts `chromium` with a fresh profile, opens a tab with the `domains` enabled, lets
/// `setup` prepare it (window size...), then navigates to `page` and waits until it settles.
fn open(
    chromium: &Path,
    page: &Path,
    domains: &[&str],
    setup: impl FnOnce(&mut Browser, Option<&str>),
) -> Opened {
    let page = page.canonicalize().expect("page path");
    open_url(chromium, &file_url(&page), domains, setup)
}

/// `open` for any address (the app's http one).
fn open_url(
    chromium: &Path,
    url: &str,
    domains: &[&str],
    setup: impl FnOnce(&mut Browser, Option<&str>),
) -> Opened {
    let profile = tempfile::tempdir().expect("profile dir");
    let log = profile.path().join("chromium-stderr.txt");
    let mut browser = Browser::start(chromium, &profile.path().join("profile"), &log);
    let mut seen = Seen::new(url);
    let target = browser.call("Target.createTarget", json!({"url": "about:blank"}), None);
    let target = str_at(&target, "/targetId");
    let session = browser.call(
        "Target.attachToTarget",
        json!({"targetId": target, "flatten": true}),
        None,
    );
    let session = str_at(&session, "/sessionId");
    let s = Some(session.as_str());
    for domain in domains {
        browser.call(&format!("{domain}.enable"), json!({}), s);
    }
    setup(&mut browser, s);
    let navigated = browser.call("Page.navigate", json!({"url": url}), s);
    if let Some(error) = navigated.get("errorText") {
        panic!("{url} did not open: {error}\n{}", browser.log_tail());
    }
    browser.settle(&session, &mut seen);
    Opened {
        browser,
        seen,
        session,
        _profile: profile,
    }
}

/// What the page's events said so far.
struct Seen {
    url: String,
    own_document_seen: bool,
    loaded: bool,
    console_errors: Vec<String>,
    requests: Vec<String>,
}

impl Seen {
    fn new(url: &str) -> Seen {
        Seen {
            url: url.to_string(),
            own_document_seen: false,
            loaded: false,
            console_errors: Vec::new(),
            requests: Vec::new(),
        }
    }

    /// Files one event of the page's session.
    fn record(&mut self, method: &str, params: &Value) {
        let text = |pointer: &str| {
            params
                .pointer(pointer)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        match method {
            "Runtime.consoleAPICalled" => {
                let kind = text("/type");
                if kind == "error" || kind == "assert" {
                    let args = params["args"].as_array().cloned().unwrap_or_default();
                    let words: Vec<String> = args.iter().map(remote_object_text).collect();
                    self.console_errors
                        .push(format!("console.{kind}: {}", words.join(" ")));
                }
            }
            "Runtime.exceptionThrown" => {
                let details = &params["exceptionDetails"];
                let what = details
                    .pointer("/exception/description")
                    .and_then(Value::as_str)
                    .or_else(|| details["text"].as_str())
                    .unwrap_or("?");
                self.console_errors.push(format!("uncaught: {what}"));
            }
            "Log.entryAdded" if text("/entry/level") == "error" => {
                self.console_errors.push(format!(
                    "{} error: {} {}",
                    text("/entry/source"),
                    text("/entry/text"),
                    text("/entry/url")
                ));
            }
            "Network.requestWillBeSent" => {
                let url = text("/request/url");
                // The page's own navigation is the one request allowed, once.
                if url == self.url && !self.own_document_seen && text("/type") == "Document" {
                    self.own_document_seen = true;
                } else {
                    self.requests.push(url);
                }
            }
            "Network.webSocketCreated" | "Network.webTransportCreated" => {
                self.requests.push(text("/url"));
            }
            "Page.loadEventFired" => self.loaded = true,
            _ => {}
        }
    }
}

/// A console argument as text: a string's value, otherwise the object's description.
fn remote_object_text(arg: &Value) -> String {
    match (&arg["value"], arg["description"].as_str()) {
        (Value::String(s), _) => s.clone(),
        (_, Some(d)) => d.to_string(),
        (Value::Null, None) => arg["type"].as_str().unwrap_or("?").to_string(),
        (v, None) => v.to_string(),
    }
}

/// A running browser and the DevTools pipe to it.
struct Browser {
    child: Child,
    to: ChildStdin,
    from: Receiver<Value>,
    /// Events that arrived while a command's answer was awaited, oldest first.
    pending: std::collections::VecDeque<Value>,
    next_id: u64,
    deadline: Instant,
    log: PathBuf,
}

impl Browser {
    fn start(chromium: &Path, profile: &Path, log: &Path) -> Browser {
        let mut args: Vec<String> = ISOLATION.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.push("--remote-debugging-pipe".into());
        args.push(format!("--window-size={},{}", WINDOW.0, WINDOW.1));
        args.push("--hide-scrollbars".into());
        args.push("about:blank".into());
        // std::process gives a child only fds 0-2: the shell moves our two pipes to 3 and 4,
        // where --remote-debugging-pipe expects them, then becomes the browser (exec).
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 </dev/null >/dev/null"#)
            .arg(chromium)
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(log).expect("browser log"))
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", chromium.display()));
        let to = child.stdin.take().unwrap();
        let mut from = child.stdout.take().unwrap();
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut buffer = Vec::new();
            let mut chunk = [0u8; 1 << 16];
            // The bytes of `buffer` already searched for the NUL that ends a message: a
            // printed PDF arrives as one message of megabytes, in many chunks, and searching
            // it from its start at each chunk took seconds.
            let mut searched = 0;
            while let Ok(n) = from.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                buffer.extend_from_slice(&chunk[..n]);
                while let Some(end) = buffer[searched..].iter().position(|&b| b == 0) {
                    let end = searched + end;
                    searched = 0;
                    let message: Vec<u8> = buffer.drain(..=end).collect();
                    let value = serde_json::from_slice(&message[..end])
                        .expect("a DevTools message is JSON");
                    if send.send(value).is_err() {
                        return;
                    }
                }
                searched = buffer.len();
            }
        });
        Browser {
            child,
            to,
            from: receive,
            pending: Default::default(),
            next_id: 0,
            deadline: Instant::now() + TIME_LIMIT,
            log: log.to_path_buf(),
        }
    }

    /// The next message, waiting at most `wait` (and never past the deadline); None when the
    /// wait ended first.
    fn receive(&mut self, wait: Duration) -> Option<Value> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        match self.from.recv_timeout(wait.min(left)) {
            Ok(message) => Some(message),
            Err(RecvTimeoutError::Timeout) if wait < left => None,
            Err(RecvTimeoutError::Timeout) => {
                panic!(
                    "Chromium took over {TIME_LIMIT:?}; stopped\n{}",
                    self.log_tail()
                )
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("Chromium closed the DevTools pipe\n{}", self.log_tail())
            }
        }
    }

    /// Sends a command and returns its result; events met meanwhile are kept for later.
    fn call(&mut self, method: &str, params: Value, session: Option<&str>) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        if let Err(e) = self.to.write_all(&bytes).and_then(|_| self.to.flush()) {
            panic!("send {method}: {e}\n{}", self.log_tail());
        }
        loop {
            let message = self.receive(TIME_LIMIT).expect("the deadline panics first");
            if message["id"].as_u64() == Some(id) {
                if let Some(error) = message.get("error") {
                    panic!("{method} failed: {error}");
                }
                return message["result"].clone();
            }
            self.pending.push_back(message);
        }
    }

    /// The next event of `session`, waiting at most `wait`.
    fn event(&mut self, session: &str, wait: Duration) -> Option<(String, Value)> {
        loop {
            let message = match self.pending.pop_front() {
                Some(message) => message,
                None => self.receive(wait)?,
            };
            if message["sessionId"].as_str() == Some(session) {
                if let Some(method) = message["method"].as_str() {
                    return Some((method.to_string(), message["params"].clone()));
                }
            }
        }
    }

    /// Records events until the page has fired its load event and then stayed quiet.
    fn settle(&mut self, session: &str, seen: &mut Seen) {
        loop {
            match self.event(session, QUIET) {
                Some((method, params)) => seen.record(&method, &params),
                None if seen.loaded => return,
                None => {}
            }
        }
    }

    /// Records the events that arrive within `wait` of each other.
    fn drain(&mut self, session: &str, seen: &mut Seen, wait: Duration) {
        while let Some((method, params)) = self.event(session, wait) {
            seen.record(&method, &params);
        }
    }

    /// Asks the browser to quit and waits for it (killing it if it lingers).
    fn close(mut self) {
        self.next_id += 1;
        let bye = json!({"id": self.next_id, "method": "Browser.close", "params": {}});
        let mut bytes = serde_json::to_vec(&bye).unwrap();
        bytes.push(0);
        let _ = self.to.write_all(&bytes);
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Drop kills it.
    }

    /// The end of the browser's stderr, for failure messages.
    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().filter(|l| !l.contains("dbus")).collect();
        let from = lines.len().saturating_sub(20);
        format!(
            "--- Chromium stderr (last lines)\n{}",
            lines[from..].join("\n")
        )
    }
}

impl Drop for Browser {
    /// A failed assertion or a timeout must not leave the browser running.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// The string at a JSON pointer of a command's result.
fn str_at(value: &Value, pointer: &str) -> String {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer} in {value}"))
        .to_string()
}

/// `file://` and the absolute path, with bytes other than unreserved ones and `/`
/// percent-encoded, as Chromium writes it in its events.
pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for &b in path.to_string_lossy().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Decodes standard base64 (the screenshot's and the PDF's bytes).
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => (c - b'A') as u32,
            b'a'..=b'z' => (c - b'a' + 26) as u32,
            b'0'..=b'9' => (c - b'0' + 52) as u32,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for group in digits.chunks(4) {
        let mut bits = 0u32;
        for (i, &c) in group.iter().enumerate() {
            bits |= value(c) << (18 - 6 * i);
        }
        out.extend_from_slice(&bits.to_be_bytes()[1..group.len()]);
    }
    out
}

#[test]
fn base64_decodes_with_and_without_padding() {
    // "Man" is "TWFu"; "Ma" is "TWE="; "M" is "TQ==" (RFC 4648's examples' scheme).
    assert_eq!(base64_decode("TWFu"), b"Man");
    assert_eq!(base64_decode("TWE="), b"Ma");
    assert_eq!(base64_decode("TQ=="), b"M");
    assert_eq!(base64_decode("TWFuTQ=="), b"ManM");
}

#[test]
fn file_urls_percent_encode_spaces_and_non_ascii() {
    assert_eq!(
        file_url(Path::new("/tmp/a b/r\u{e9}port.html")),
        "file:///tmp/a%20b/r%C3%A9port.html"
    );
}
