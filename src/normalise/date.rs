//! Dates from Excel serial numbers (1900 and 1904 systems) and from text in the usual layouts.

use chrono::{Datelike, NaiveDate};

/// Converts an Excel serial day number to a date. The 1900 system counts from 1899-12-30
/// (which absorbs Excel's phantom 29 February 1900 for every date after it); the 1904 system,
/// used by old Mac workbooks, counts from 1904-01-01. The fraction (time of day) is dropped.
/// Serials outside 1900..=9999 are refused.
pub fn from_excel_serial(serial: f64, is_1904: bool) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let epoch = if is_1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    epoch.checked_add_days(chrono::Days::new(serial.floor() as u64))
}

/// Parses a date written as text: ISO ("2024-09-15", with or without a time), "2024/09/15",
/// and day-first European forms "15/09/2024", "15.09.2024", "15-09-2024", "1/9/24".
/// When the first number cannot be a day-first reading (second number above 12, as in
/// US-style "9/15/2024"), the month-first reading is used; two-digit years are 20yy.
/// A bare number of 10000 or more is read as an Excel serial (1900 system).
pub fn parse_date_text(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    // Drop a time part: "2024-09-15T00:00:00", "15/09/2024 00:00".
    let date_part = text.split(['T', ' ']).next().unwrap_or(text);
    if let Ok(serial) = date_part.parse::<f64>() {
        // A serial pasted as text; below 10000 (1927) a number is more likely a typo or a year.
        return from_excel_serial(serial, false).filter(|_| serial >= 10_000.0);
    }
    let parts: Vec<&str> = date_part.split(['-', '/', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let nums: Vec<u32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    if parts[0].len() == 4 {
        return NaiveDate::from_ymd_opt(nums[0] as i32, nums[1], nums[2]);
    }
    let year = match parts[2].len() {
        4 => nums[2] as i32,
        2 => 2000 + nums[2] as i32,
        _ => return None,
    };
    let (day, month) = if nums[1] > 12 && nums[0] <= 12 {
        (nums[1], nums[0])
    } else {
        (nums[0], nums[1])
    };
    NaiveDate::from_ymd_opt(year, month, day).filter(|d| d.year() >= 1900)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn excel_serials_in_both_systems() {
        // 45550 days after 1899-12-30 is 2024-09-15 (Excel shows 15/09/2024 for 45550).
        assert_eq!(from_excel_serial(45550.0, false), d(2024, 9, 15));
        assert_eq!(from_excel_serial(45550.75, false), d(2024, 9, 15));
        // The 1904 system is 1462 days behind: 44088 in a 1904 workbook is the same day.
        assert_eq!(from_excel_serial(44088.0, true), d(2024, 9, 15));
        assert_eq!(from_excel_serial(0.0, false), None);
        assert_eq!(from_excel_serial(-3.0, false), None);
    }

    #[test]
    fn text_dates_in_the_usual_layouts() {
        assert_eq!(parse_date_text("2024-09-15"), d(2024, 9, 15));
        assert_eq!(parse_date_text("2024-09-15T00:00:00"), d(2024, 9, 15));
        assert_eq!(parse_date_text("2024-09-15 00:00:00"), d(2024, 9, 15));
        assert_eq!(parse_date_text("2024/09/15"), d(2024, 9, 15));
        assert_eq!(parse_date_text("15/09/2024"), d(2024, 9, 15));
        assert_eq!(parse_date_text("15.09.2024"), d(2024, 9, 15));
        assert_eq!(parse_date_text("15-09-2024"), d(2024, 9, 15));
        assert_eq!(parse_date_text("1/9/24"), d(2024, 9, 1));
        assert_eq!(parse_date_text("05/03/2024"), d(2024, 3, 5));
        // US month-first order is only taken when day-first is impossible.
        assert_eq!(parse_date_text("9/15/2024"), d(2024, 9, 15));
        assert_eq!(parse_date_text("45550"), d(2024, 9, 15));
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        assert_eq!(parse_date_text(""), None);
        assert_eq!(parse_date_text("31/02/2024"), None);
        assert_eq!(parse_date_text("Sep-75"), None);
        assert_eq!(parse_date_text("soon"), None);
        assert_eq!(parse_date_text("15/09/202"), None);
    }
}
