//! Dates written as ISO text (`2024-09-02`) for the CSV files: the same text as chrono's
//! `%Y-%m-%d`, without chrono's formatter for the years people have.

use chrono::NaiveDate;

/// A date (days since 1970-01-01) as ISO text, as chrono's `%Y-%m-%d` writes it.
pub fn date_text(days: i32) -> String {
    let mut text = String::new();
    push_date(&mut text, days);
    text
}

/// Appends [`date_text`] to `out`.
pub fn push_date(out: &mut String, days: i32) {
    use std::fmt::Write;
    match civil_from_days(days) {
        // chrono's "%Y" pads to four digits and signs years outside 0..=9999: there, chrono
        // writes it. Inside, the digits are put down directly: a million rows carry two dates
        // each, and chrono's arithmetic and `write!` showed in the profile of the canonical
        // files' formatting (BENCHMARKS.md, issue 18, twelfth pass).
        (y @ 0..=9999, m, d) => {
            let digit = |n: u32| char::from(b'0' + n as u8);
            let y = y as u32;
            for c in [
                digit(y / 1000),
                digit(y / 100 % 10),
                digit(y / 10 % 10),
                digit(y % 10),
                '-',
                digit(m / 10),
                digit(m % 10),
                '-',
                digit(d / 10),
                digit(d % 10),
            ] {
                out.push(c);
            }
        }
        _ => {
            let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
            let date = epoch + chrono::Duration::days(days as i64);
            write!(out, "{}", date.format("%Y-%m-%d")).expect("writing to a String cannot fail");
        }
    }
}

/// The proleptic Gregorian (year, month, day) of `days` since 1970-01-01: Howard Hinnant's
/// `civil_from_days` ("chrono-Compatible Low-Level Date Algorithms",
/// <https://howardhinnant.github.io/date_algorithms.html#civil_from_days>), checked against
/// chrono in the tests.
fn civil_from_days(days: i32) -> (i64, u32, u32) {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March first
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_chrono_writes_them_at_every_year() {
        // From year -1000 to 10000 in steps of 97 days: every era of the fast path's edges.
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for days in (-1_085_000..2_935_000).step_by(97) {
            let expected = (epoch + chrono::Duration::days(days as i64))
                .format("%Y-%m-%d")
                .to_string();
            assert_eq!(date_text(days), expected, "{days}");
        }
        assert_eq!(date_text(19968), "2024-09-02");
    }
}
