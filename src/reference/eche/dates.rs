//! The ECHE list's charter dates: date cells, epoch milliseconds (JSON) and the csv's texts,
//! whose "11/1/2021" may be month-first or day-first and is decided from the rest of the file.

use crate::ingest::Cell;
use crate::normalise::date::{from_excel_serial, parse_date_text};
use chrono::NaiveDate;

/// Which number of "11/1/2021" is the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Order {
    DayFirst,
    MonthFirst,
}

/// A date as read, before the ambiguous ones are decided.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum DateValue {
    /// A date cell, an unambiguous text or nothing readable; with the order the text shows
    /// when one of its numbers is above 12 ("26/06/2024" is day-first, "6/30/2023" month-first).
    Known(Option<NaiveDate>, Option<Order>),
    /// "11/1/2021": two different numbers that could each be the month, then the year.
    Ambiguous(u32, u32, i32),
}

impl DateValue {
    /// A spreadsheet cell: a date, an Excel serial or a text.
    pub(super) fn of_cell(cell: &Cell) -> DateValue {
        match cell {
            Cell::Date(d) => DateValue::Known(Some(*d), None),
            Cell::Number(n) => DateValue::Known(from_excel_serial(*n, false), None),
            Cell::Text(t) => text_date(t),
            _ => DateValue::Known(None, None),
        }
    }

    /// Epoch milliseconds, rounded to the nearest day: the JSON's dates are local midnights
    /// in Brussels (2021-01-01 is written 2020-12-31T23:00Z), and rounding gives the intended
    /// day for any time zone within twelve hours of UTC.
    pub(super) fn of_epoch_ms(ms: f64) -> DateValue {
        let days = ((ms + 43_200_000.0) / 86_400_000.0).floor();
        let date = (ms.is_finite() && days.abs() < 1e7)
            .then(|| {
                let days = chrono::Duration::try_days(days as i64)?;
                NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(days)
            })
            .flatten();
        DateValue::Known(date, None)
    }

    fn shown(value: Option<DateValue>) -> Option<Order> {
        match value {
            Some(DateValue::Known(_, order)) => order,
            _ => None,
        }
    }
}

fn text_date(text: &str) -> DateValue {
    let date_part = text.trim().split([' ', 'T']).next().unwrap_or_default();
    let parts: Vec<&str> = date_part.split(['/', '.', '-']).collect();
    if let [a, b, y] = parts[..] {
        if let (Ok(a), Ok(b), Ok(y), 4) = (a.parse::<u32>(), b.parse::<u32>(), y.parse(), y.len()) {
            if a != b && (1..=12).contains(&a) && (1..=12).contains(&b) {
                return DateValue::Ambiguous(a, b, y);
            }
            let order = match (a > 12, b > 12) {
                (true, false) => Some(Order::DayFirst),
                (false, true) => Some(Order::MonthFirst),
                _ => None,
            };
            return DateValue::Known(parse_date_text(date_part), order);
        }
    }
    DateValue::Known(parse_date_text(date_part), None)
}

/// The order most dates of a file show; ties go to day-first, the reading mobistat gives
/// dates everywhere else.
pub(super) fn majority(values: impl Iterator<Item = DateValue>) -> Order {
    let (mut day, mut month) = (0usize, 0usize);
    for value in values {
        match DateValue::shown(Some(value)) {
            Some(Order::DayFirst) => day += 1,
            Some(Order::MonthFirst) => month += 1,
            None => {}
        }
    }
    if month > day {
        Order::MonthFirst
    } else {
        Order::DayFirst
    }
}

/// Decides a record's two dates. The Commission's csv mixes "12/31/2029" and "31/12/2029", so
/// a date whose two first numbers could each be the month ("11/1/2021") takes the order its
/// record's other date shows (a record was written by one hand: "11/1/2021;12/31/2029" is
/// 1 November), else the file's majority. The start column's majority alone would be wrong
/// there: most of its decidable dates are day-first ("26/06/2024"), yet its 373 "11/1/2021"
/// sit beside month-first ends and are 1 November in the xlsx.
pub(super) fn decide(
    start: Option<DateValue>,
    end: Option<DateValue>,
    file: Order,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let order = match (DateValue::shown(start), DateValue::shown(end)) {
        (Some(a), Some(b)) if a != b => file,
        (a, b) => a.or(b).unwrap_or(file),
    };
    let resolve = |value: Option<DateValue>| match value? {
        DateValue::Known(date, _) => date,
        DateValue::Ambiguous(a, b, year) => match order {
            Order::DayFirst => NaiveDate::from_ymd_opt(year, b, a),
            Order::MonthFirst => NaiveDate::from_ymd_opt(year, a, b),
        },
    };
    (resolve(start), resolve(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn text_dates_say_which_order_they_show() {
        assert_eq!(text_date("11/1/2021"), DateValue::Ambiguous(11, 1, 2021));
        assert_eq!(text_date("1/1/2021"), DateValue::Known(d(2021, 1, 1), None));
        assert_eq!(
            text_date("6/30/2023"),
            DateValue::Known(d(2023, 6, 30), Some(Order::MonthFirst))
        );
        assert_eq!(
            text_date("30/06/2023"),
            DateValue::Known(d(2023, 6, 30), Some(Order::DayFirst))
        );
        assert_eq!(
            text_date("2023-06-30"),
            DateValue::Known(d(2023, 6, 30), None)
        );
    }

    #[test]
    fn an_ambiguous_date_follows_its_record_then_the_file() {
        let (nov, end) = (text_date("11/1/2021"), text_date("12/31/2029"));
        assert_eq!(
            decide(Some(nov), Some(end), Order::DayFirst),
            (d(2021, 11, 1), d(2029, 12, 31))
        );
        assert_eq!(decide(Some(nov), None, Order::DayFirst).0, d(2021, 1, 11));
        let values = [text_date("26/06/2024"), end, text_date("31/12/2029")];
        assert_eq!(majority(values.into_iter()), Order::DayFirst);
        assert_eq!(majority([end].into_iter()), Order::MonthFirst);
        assert_eq!(majority([nov].into_iter()), Order::DayFirst);
    }

    #[test]
    fn epoch_milliseconds_are_brussels_midnights() {
        // 2020-12-31T23:00Z (winter) and 2024-06-25T22:00Z (summer time).
        let of = |ms| DateValue::of_epoch_ms(ms);
        assert_eq!(
            of(1_609_455_600_000.0),
            DateValue::Known(d(2021, 1, 1), None)
        );
        assert_eq!(
            of(1_719_352_800_000.0),
            DateValue::Known(d(2024, 6, 26), None)
        );
        assert_eq!(of(f64::NAN), DateValue::Known(None, None));
    }
}
