// mobistat app: the page's behaviour, plain JavaScript with no library. Every change is sent
// with the page's session token; the run's progress arrives as server-sent events, so that
// every open tab shows the same run.
"use strict";

const strings = JSON.parse(document.getElementById("strings").textContent);
const sessionMeta = document.querySelector('meta[name="mobistat-session"]');
const lang = document.documentElement.lang;
const $ = (id) => document.getElementById(id);

/** The word of `key`, with each {name} replaced. */
function t(key, args) {
  let text = strings[key] || key;
  for (const [name, value] of Object.entries(args || {})) {
    text = text.split("{" + name + "}").join(String(value));
  }
  return text;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function withLang(path) {
  return path + (path.includes("?") ? "&" : "?") + "lang=" + lang;
}

/** A change sent to the app; the answer's JSON, or an Error with the app's sentence. */
async function send(path, body, isForm) {
  const headers = { [sessionMeta.dataset.header]: sessionMeta.content };
  if (!isForm) headers["Content-Type"] = "application/json";
  const answer = await fetch(withLang(path), {
    method: "POST",
    headers,
    body: isForm ? body : JSON.stringify(body || {}),
  });
  const text = await answer.text();
  let data = {};
  try { data = text ? JSON.parse(text) : {}; } catch (e) { data = { error: text }; }
  if (!answer.ok) throw new Error(data.error || text || String(answer.status));
  return data;
}

let state = null;
let setups = [];

// ---------------------------------------------------------------- tabs
const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
function showTab(tab) {
  for (const other of tabs) {
    const selected = other === tab;
    other.setAttribute("aria-selected", String(selected));
    other.tabIndex = selected ? 0 : -1;
    $(other.getAttribute("aria-controls")).hidden = !selected;
  }
}
tabs.forEach((tab, i) => {
  tab.addEventListener("click", () => showTab(tab));
  tab.addEventListener("keydown", (e) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    if (step) {
      const next = tabs[(i + step + tabs.length) % tabs.length];
      next.focus();
      showTab(next);
      e.preventDefault();
    }
  });
});

// ---------------------------------------------------------------- state
async function load() {
  const answer = await fetch(withLang("/api/state"));
  state = await answer.json();
  $("institution").value = state.globals.institution || "";
  $("home-country").value = state.globals.home_country || "";
  $("language").value = state.globals.language || lang;
  $("report-lang").value = state.globals.language || lang;
  setups = state.files.map((f) => f);
  renderFiles();
  renderBmFiles();
  showRun(state.run);
  if (state.outputs.quality) loadIssues();
  if (state.outputs.report) showReport();
  if (state.outputs.reconciliation) loadDifferences();
  // How many times the state was loaded: tests and assistive tools wait on it.
  document.body.dataset.loaded = String(Number(document.body.dataset.loaded || 0) + 1);
}

// ---------------------------------------------------------------- inputs
async function upload(files, folder, status) {
  const list = Array.from(files);
  if (!list.length) return;
  const tooBig = list.find((f) => f.size > state.limits.max_file_bytes);
  if (tooBig) {
    const mb = (state.limits.max_file_bytes / 1048576).toFixed(0);
    status.textContent = t("app.error.too_large", { file: tooBig.name, limit: mb });
    status.className = "status error";
    return;
  }
  if (list.length > state.limits.max_files) {
    status.textContent = t("app.error.too_many", { limit: state.limits.max_files });
    status.className = "status error";
    return;
  }
  status.className = "status";
  status.textContent = t("app.inputs.uploading", { count: list.length });
  const form = new FormData();
  for (const file of list) form.append("file", file, file.webkitRelativePath || file.name);
  try {
    const answer = await send("/api/upload/" + folder, form, true);
    const done = folder === "inputs" ? "app.inputs.uploaded" : "app.reconcile.uploaded";
    const lines = [t(done, { count: answer.saved.length })].concat(answer.refused);
    status.textContent = lines.join(" ");
    status.className = answer.refused.length ? "status error" : "status";
    await load();
  } catch (e) {
    status.textContent = e.message;
    status.className = "status error";
  }
}

$("file-input").addEventListener("change", (e) => upload(e.target.files, "inputs", $("upload-status")));
$("folder-input").addEventListener("change", (e) => upload(e.target.files, "inputs", $("upload-status")));
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  upload(e.dataTransfer.files, "inputs", $("upload-status"));
});

function missingFields(view) {
  const fields = state.fields[view.setup.table] || [];
  return fields
    .filter((f) => f.required && !view.setup.columns[f.name] && !(view.setup.constants[f.name] || "").trim())
    .map((f) => f.label);
}

async function reguess(index, change) {
  const view = setups[index];
  const body = Object.assign(
    { file: view.setup.file, table: view.setup.table, sheet: view.setup.sheet, header_row: view.setup.header_row },
    change,
  );
  const fresh = await send("/api/guess", body);
  fresh.setup.constants = view.setup.constants;
  setups[index] = fresh;
  renderFiles();
}

function renderFiles() {
  const box = $("files");
  box.replaceChildren();
  if (!setups.length) {
    box.append(el("p", { text: t("app.inputs.none") }));
    return;
  }
  setups.forEach((view, index) => box.append(fileCard(view, index)));
}

function fileCard(view, index) {
  const s = view.setup;
  const id = "f" + index;
  const card = el("article", { class: "file", "aria-labelledby": id + "-name" });
  const badge = view.saved ? t("app.inputs.badge_saved") : t("app.inputs.badge_guessed");
  card.append(el("h3", { id: id + "-name" }, s.file, " ", el("span", { class: "badge", text: badge })));
  if (view.error) card.append(el("p", { class: "error", text: view.error }));
  const tableSelect = el("select", { id: id + "-table", onchange: (e) => reguess(index, { table: e.target.value, header_row: null }) },
    state.tables.map((name) => el("option", { value: name, selected: name === s.table, text: t("app.table." + name) })));
  const row = el("div", { class: "form-row" },
    el("label", { for: id + "-table" }, t("app.inputs.table"), " ", tableSelect));
  if (view.sheets.length) {
    const sheetSelect = el("select", { id: id + "-sheet", onchange: (e) => reguess(index, { sheet: e.target.value, header_row: null }) },
      view.sheets.map((name) => el("option", { value: name, selected: name === s.sheet, text: name })));
    row.append(el("label", { for: id + "-sheet" }, t("app.inputs.sheet"), " ", sheetSelect));
  }
  if (!s.profile) {
    const headerRow = el("input", { type: "number", min: "1", id: id + "-header", value: s.header_row || "",
      onchange: (e) => reguess(index, { header_row: e.target.value ? Number(e.target.value) : null }) });
    row.append(el("label", { for: id + "-header" }, t("app.inputs.header_row"), " ", headerRow));
  }
  row.append(el("button", { class: "remove", type: "button", onclick: () => removeFile(s.file) }, t("app.inputs.remove", { file: s.file })));
  card.append(row);
  if (s.profile) {
    card.append(el("p", { text: t("app.inputs.profile", { profile: s.profile }) }));
    return card;
  }
  // The mapping is open where something is missing; elsewhere one click shows it.
  if (view.headers.length) card.append(mappingTable(view, index, id, missingFields(view).length > 0));
  if (s.programme_columns.length) {
    card.append(el("p", { class: "note", text: t("app.inputs.programme_columns", { headers: s.programme_columns.join(", ") }) }));
  }
  if (view.ignored.length) {
    card.append(el("p", { class: "note", text: t("app.inputs.ignored", { headers: view.ignored.join(", ") }) }));
  }
  const missing = missingFields(view);
  card.append(el("p", { class: "missing error", id: id + "-missing", hidden: !missing.length,
    text: missing.length ? t("app.inputs.missing", { fields: missing.join(", ") }) : "" }));
  return card;
}

function mappingTable(view, index, id, open) {
  const s = view.setup;
  const fields = state.fields[s.table] || [];
  const body = el("tbody");
  fields.forEach((field, i) => {
    const fid = id + "-" + field.name;
    const select = el("select", { id: fid, "data-field": field.name, onchange: (e) => {
      if (e.target.value) s.columns[field.name] = e.target.value; else delete s.columns[field.name];
      refreshMissing(view, id);
    } },
    el("option", { value: "", text: t("app.inputs.no_column") }),
    view.headers.filter((h) => h).map((h) => el("option", { value: h, selected: s.columns[field.name] === h, text: h })));
    const hints = [];
    if (view.recognised[field.name] && view.recognised[field.name] === s.columns[field.name]) hints.push(t("app.inputs.recognised"));
    if (view.proposed[field.name] && !s.columns[field.name]) hints.push(t("app.inputs.proposed", { header: view.proposed[field.name] }));
    const listId = fid + "-values";
    const constant = el("input", { type: "text", id: fid + "-constant", "data-constant": field.name, size: "12",
      value: s.constants[field.name] || "", list: field.allowed ? listId : null,
      "aria-label": field.label + " : " + t("app.inputs.constant"),
      oninput: (e) => {
        if (e.target.value.trim()) s.constants[field.name] = e.target.value; else delete s.constants[field.name];
        refreshMissing(view, id);
      } });
    const allowed = field.allowed
      ? [el("datalist", { id: listId }, field.allowed.split(", ").map((v) => el("option", { value: v }))),
         el("span", { class: "allowed", text: t("app.inputs.allowed", { values: field.allowed }) })]
      : [];
    body.append(el("tr", { class: field.required ? "required" : null },
      el("th", { scope: "row" }, el("label", { for: fid, text: field.label.charAt(0).toUpperCase() + field.label.slice(1) }),
        field.required ? el("span", { class: "req", text: " (" + t("app.inputs.required") + ")" }) : null),
      el("td", {}, select, hints.length ? el("span", { class: "hint", text: " " + hints.join(" · ") }) : null),
      el("td", {}, constant, allowed)));
  });
  return el("details", { class: "mapping", open: open },
    el("summary", { text: t("app.inputs.mapping") }),
    el("table", {},
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: t("app.inputs.field") }),
        el("th", { scope: "col", text: t("app.inputs.column") }), el("th", { scope: "col", text: t("app.inputs.constant") }))),
      body));
}

function refreshMissing(view, id) {
  const node = $(id + "-missing");
  if (!node) return;
  const missing = missingFields(view);
  node.hidden = !missing.length;
  node.textContent = missing.length ? t("app.inputs.missing", { fields: missing.join(", ") }) : "";
}

async function removeFile(name) {
  try {
    await send("/api/remove", { file: name });
    await load();
  } catch (e) {
    $("save-status").textContent = e.message;
  }
}

$("save").addEventListener("click", async () => {
  const status = $("save-status");
  status.className = "status";
  try {
    const answer = await send("/api/save", {
      globals: { institution: $("institution").value, home_country: $("home-country").value, language: $("language").value },
      files: setups.map((v) => v.setup),
    });
    await load();
    status.textContent = answer.saved;
  } catch (e) {
    status.textContent = e.message;
    status.className = "status error";
  }
});

// ---------------------------------------------------------------- runs
async function startRun(body) {
  const box = document.querySelector('.progress-box[data-kind="' + body.kind + '"]');
  try {
    await send("/api/run", body);
  } catch (e) {
    box.replaceChildren(el("p", { class: "error", role: "alert", text: e.message }));
  }
}

$("run-check").addEventListener("click", () => startRun({ kind: "check" }));
$("run-report").addEventListener("click", () => startRun({
  kind: "report", year: $("year").value, preset: $("preset").value, report_lang: $("report-lang").value,
}));
$("run-reconcile").addEventListener("click", () => startRun({ kind: "reconcile", bm: $("bm-file").value }));

let lastRun = { id: 0, status: "idle" };

/** Shows a run's state in its screen's progress box; loads its results when it ends. */
function showRun(run) {
  if (!run || !run.kind) return;
  const box = document.querySelector('.progress-box[data-kind="' + run.kind + '"]');
  const running = run.status === "running";
  let line;
  if (running) {
    line = run.stage === "reading" || (!run.stage && run.files_total)
      ? t("app.run.reading", { done: run.files_done, total: run.files_total })
      : run.stage ? t("app.run." + run.stage) : t("app.run.starting");
  } else if (run.status === "done") {
    line = run.exit_code === 1 && run.kind !== "reconcile" ? t("app.run.done_rejected") : t("app.run.done");
  } else if (run.status === "cancelled") {
    line = t("app.run.cancelled");
  } else {
    line = t("app.run.failed");
  }
  const children = [el("p", { class: run.status === "failed" ? "error" : "", role: "status", "aria-live": "polite", text: line })];
  if (running) {
    const value = run.files_total ? Math.round((run.files_done / run.files_total) * 50) : 0;
    const stages = ["reading", "indicators", "tables", "workbook", "charts", "html"];
    const stageValue = run.stage && run.stage !== "reading" ? 50 + stages.indexOf(run.stage) * 10 : value;
    children.push(el("progress", { max: "100", value: String(stageValue), "aria-label": t("app.run.progress") }));
    children.push(el("button", { type: "button", onclick: () => send("/api/cancel", {}) }, t("app.run.cancel")));
  }
  if (run.errors.length) children.push(el("p", { class: "error", text: run.errors.join(" ") }));
  if (run.output.length && !running) {
    children.push(el("details", {}, el("summary", { text: t("app.run.output") }), el("pre", { text: run.output.join("\n") })));
  }
  box.replaceChildren(...children);
  // A cancelled run is over for the page at once, but the next may start once it has ended.
  document.querySelectorAll("button.primary[id^=run-]").forEach((b) => { b.disabled = !run.ended; });
  const ended = !running && (lastRun.status === "running" || lastRun.id !== run.id);
  if (run.accounts) showAccounting(run.accounts);
  if (ended && run.status === "done") {
    if (run.kind === "check") loadIssues();
    if (run.kind === "report") { showReport(); loadIssues(); }
    if (run.kind === "reconcile") loadDifferences();
  }
  lastRun = run;
}

const events = new EventSource("/api/events");
events.addEventListener("run", (e) => showRun(JSON.parse(e.data)));

// ---------------------------------------------------------------- check
function showAccounting(accounts) {
  const keys = ["read", "accepted", "warned", "rejected", "skipped"];
  const total = Object.fromEntries(keys.map((k) => [k, accounts.reduce((n, a) => n + a[k], 0)]));
  const number = (n) => n.toLocaleString(lang);
  const rows = accounts.map((a) => el("tr", {},
    el("th", { scope: "row" }, a.file + (a.sheet ? " [" + a.sheet + "]" : ""),
      a.fatal ? el("span", { class: "error", text: " " + t("app.check.unreadable", { reason: a.fatal }) }) : null),
    keys.map((k) => el("td", { class: "num", text: number(a[k]) }))));
  const foot = el("tr", { class: "total" }, el("th", { scope: "row", text: t("app.check.total") }),
    keys.map((k) => el("td", { class: "num", "data-total": k, text: number(total[k]) })));
  $("accounting").replaceChildren(
    el("h3", { text: t("app.check.accounting") }),
    el("table", { class: "accounting" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: t("app.check.file") }),
        keys.map((k) => el("th", { scope: "col", text: t("app.check." + k) })))),
      el("tbody", {}, rows), el("tfoot", {}, foot)));
}

/** A CSV output of the last run as a filterable table, with its download link. */
async function loadTable(name, box, file, keys) {
  const answer = await fetch("/api/table/" + name);
  if (!answer.ok) return;
  const table = await answer.json();
  $(box).replaceChildren(
    el("h3", { text: t(keys.title) }),
    el("p", {}, el("a", { href: "/download/" + file, download: true, text: t(keys.download) })),
    filterableTable(table, box, t(keys.empty)));
}

const loadIssues = () => loadTable("quality", "issues", "data_quality.csv",
  { title: "app.check.issues", download: "app.check.download", empty: "app.check.no_issue" });
const loadDifferences = () => loadTable("reconciliation", "differences", "reconciliation.csv",
  { title: "app.reconcile.differences", download: "app.reconcile.download", empty: "app.reconcile.none" });

/** A CSV table with a filter for each column of few distinct values (file, rule, severity...). */
function filterableTable(table, id, empty) {
  if (!table.rows.length) return el("p", { text: empty });
  const wrap = el("div", { class: "filterable" });
  const filters = el("div", { class: "filters form-row" });
  const chosen = {};
  table.headers.forEach((header, col) => {
    const values = Array.from(new Set(table.rows.map((r) => r[col] || ""))).sort();
    // Columns of a few short values (file, rule, severity, status...) filter; free text and
    // numbers do not.
    const short = values.every((v) => v.length <= 60);
    const numbers = values.every((v) => v === "" || /^[0-9 .,-]+$/.test(v));
    if (values.length < 2 || values.length > 40 || !short || numbers) return;
    const select = el("select", { id: id + "-filter-" + col, "data-column": header, onchange: (e) => {
      if (e.target.value === "\u0000") delete chosen[col]; else chosen[col] = e.target.value;
      draw();
    } },
    el("option", { value: "\u0000", text: t("app.filter.all") }),
    values.map((v) => el("option", { value: v, text: v || "—" })));
    filters.append(el("label", { for: select.id }, t("app.filter.label", { column: header }), " ", select));
  });
  const count = el("p", { class: "count", role: "status", "aria-live": "polite" });
  const body = el("tbody");
  const grid = el("table", { class: "data", id: id + "-table" },
    el("thead", {}, el("tr", {}, table.headers.map((h) => el("th", { scope: "col", text: h })))), body);
  function draw() {
    const rows = table.rows.filter((r) => Object.entries(chosen).every(([c, v]) => (r[c] || "") === v));
    body.replaceChildren(...rows.slice(0, 1000).map((r) => el("tr", {}, r.map((cell) => el("td", { text: cell })))));
    count.textContent = t("app.filter.shown", { shown: rows.length, total: table.total });
    if (table.total > table.rows.length) count.textContent += " " + t("app.filter.cut", { max: table.rows.length });
  }
  draw();
  wrap.append(filters, count, el("div", { class: "scroll" }, grid));
  return wrap;
}

// ---------------------------------------------------------------- report
function showReport() {
  $("report-view").hidden = false;
  $("report-none").hidden = true;
  $("report-frame").src = "/report/report.html?v=" + Date.now();
}

// ---------------------------------------------------------------- reconcile
function renderBmFiles() {
  const select = $("bm-file");
  const current = select.value;
  select.replaceChildren(...state.bm_files.map((name) => el("option", { value: name, selected: name === current, text: name })));
}

$("bm-input").addEventListener("change", async (e) => {
  await upload(e.target.files, "beneficiary-module", $("bm-status"));
  const name = e.target.files[0] && e.target.files[0].name;
  if (name) Array.from($("bm-file").options).forEach((o) => { o.selected = o.value === name; });
});

load();
