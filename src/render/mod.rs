//! Render: what the run produced, written for people: the data-quality report, the canonical
//! tables as CSV, and the per-file row accounting on the terminal.

pub mod frame_csv;
pub mod quality;
pub mod summary;
