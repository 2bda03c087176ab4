//! Integration tests: one binary running the real `mobistat` program in temporary folders.

// Helpers: a temp-dir workspace that runs the binary, and the real-data locator.
mod util;

// The same small export in every format gives the same row accounting.
mod formats;
// Command-line behaviour: exit codes, config, init, clear errors.
mod cli;
// The bundled demo runs with no arguments and accounts for every row.
mod demo;
// Issue 15: `report --by faculty` and `--filter faculty=…` on the demo.
mod faculty;
// Issue 16: the demo's Erasmus+ grants, per mobility, per project and against the awards.
mod grants;
// Real public data from ../shared/realdata: partner lists, ECHE list, calamine edge cases.
mod realdata;
// The ECHE check on a real partner list, and the ECHE list read from xlsx, csv and json.
mod eche;
// Issue 5 on real public data: open-data flows, the LLP file's mangled durations, places per
// programme of a real partner list.
mod realdata_erasmus;
// Import profiles on literal exports: Beneficiary Module, open data, init's guess.
mod profiles;
// `reconcile` against a Beneficiary Module export made from the demo, with planted changes.
mod reconcile;
// Every indicator on a hand-computed fixture, the definitions' edge cases, and the demo's
// invariants.
mod indicators;
// Issue 12: the workbook in the report language, printing one page wide.
mod workbook;
// Issue 5: the demo's Erasmus+ final-report tables against mobility_flows and hand counts.
mod erasmus_report;
// Headless Chromium for tests: console errors, requests, DOM and screenshot of a local page.
mod browser;
// The HTML report in Chromium, the charts' PNG and SVG files, and their determinism.
mod report_html;
// Issue 12: report.html printed by Chromium on A4: the leadership one-pager, the full report's
// page count, no page holding only a heading.
mod print;
// Issue 13: the output folder replaced as a whole: killed, failed and concurrent runs, stale
// files, and outputs never read back as inputs.
mod atomic;
// Issue 13: CSV outputs safe for spreadsheets, text encodings, content against extension.
mod csv_safety;
// Issue 13: no count under 5 people and no person id in the outputs meant for people.
mod privacy;
// Issue 13: hostile inputs stop at the [limits] within 1 GB and 30 s; globs through symbolic
// link loops end and read each real file once.
mod limits;
// Issue 14: the values people type: ongoing mobilities, agreement dates and key actions,
// code-only partners, double-degree spellings, a Programme column, "did you mean".
mod values;
// Issue 17: `mobistat app`: its guard, uploads, and the demo driven in headless Chromium.
mod app;
