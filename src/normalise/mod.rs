//! Normalisers: turn one raw cell text into one canonical value (or say why not).
//!
//! Each normaliser is a pure function over a `&str` (or a number), tested with literal inputs
//! at the bottom of its file. They know nothing of files or rows: the caller attaches locations.

pub mod academic_year;
pub mod boolean;
pub mod country;
pub mod date;
pub mod erasmus_code;
pub mod spreadsheet_date_number;
pub mod text;
