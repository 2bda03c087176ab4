//! Row-level problems as data: the `Issue` list, its rules and severities, and the per-file
//! row accounting (rows read = accepted + rejected + skipped, warned among the accepted) that
//! the data-quality report shows. Every count changes through a method of [`Account`] that
//! keeps that balance, including the corrections made after a file is read.

use crate::error::Location;
use crate::i18n::Message;
use std::fmt;

/// How serious an issue is, and what became of its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The row was rejected: it is in no table.
    Error,
    /// The row was accepted, with this remark.
    Warning,
    /// The row holds no data (blank, repeated header, totals, title) and was skipped.
    Skipped,
    /// A remark on the file as a whole (ignored columns, header found at row N).
    Info,
}

impl Severity {
    /// The word written in the report.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Skipped => "skipped",
            Severity::Info => "info",
        }
    }
}

/// Every rule mobistat applies, named as in the data-quality report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    RequiredMissing,
    UnparseableDate,
    EndBeforeStart,
    UnknownCountry,
    DuplicateMobility,
    ImplausibleDuration,
    InvalidValue,
    UnknownValue,
    InvalidErasmusCode,
    InvalidProjectReference,
    /// A number a spreadsheet turned into a date ("Sep-75" for 9.75), read as that number.
    MangledNumber,
    BlankRow,
    RepeatedHeader,
    TotalsRow,
    TitleRow,
    HeaderRow,
    IgnoredColumn,
    UnreadableFile,
    /// An Erasmus code absent from the ECHE holders' list (`[reference] eche`).
    EcheUnknownCode,
    /// A partner whose charter had ended, or not yet begun, when it was needed.
    EcheExpired,
    /// A country other than the one the ECHE list gives for the code.
    EcheCountryMismatch,
    /// A row of a UTF-8 text file that was not UTF-8, read as Windows-1252.
    MixedEncoding,
    /// Control characters (NUL and the like) removed from a cell's text.
    ControlCharacters,
    /// A mobility under way (no end date, or one after the day the data is read as of).
    Ongoing,
    /// A sub-row of another row (an itinerary or certification of a Beneficiary Module
    /// mobility), read with it and not counted on its own.
    SubRow,
}

impl Rule {
    /// The rule's name in the report.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::RequiredMissing => "required_missing",
            Rule::UnparseableDate => "unparseable_date",
            Rule::EndBeforeStart => "end_before_start",
            Rule::UnknownCountry => "unknown_country",
            Rule::DuplicateMobility => "duplicate_mobility",
            Rule::ImplausibleDuration => "implausible_duration",
            Rule::InvalidValue => "invalid_value",
            Rule::UnknownValue => "unknown_value",
            Rule::InvalidErasmusCode => "invalid_erasmus_code",
            Rule::InvalidProjectReference => "invalid_project_reference",
            Rule::MangledNumber => "mangled_number",
            Rule::BlankRow => "blank_row",
            Rule::RepeatedHeader => "repeated_header",
            Rule::TotalsRow => "totals_row",
            Rule::TitleRow => "title_row",
            Rule::HeaderRow => "header_row",
            Rule::IgnoredColumn => "ignored_column",
            Rule::UnreadableFile => "unreadable_file",
            Rule::EcheUnknownCode => "eche_unknown_code",
            Rule::EcheExpired => "eche_expired",
            Rule::EcheCountryMismatch => "eche_country_mismatch",
            Rule::MixedEncoding => "mixed_encoding",
            Rule::ControlCharacters => "control_characters",
            Rule::SubRow => "sub_row",
            Rule::Ongoing => "ongoing",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem or remark about one place in the inputs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Issue {
    pub location: Location,
    pub severity: Severity,
    pub rule: Rule,
    /// The offending cell's text, as read.
    pub value: String,
    /// One sentence for the user, phrased in each output's language.
    pub message: Message,
}

/// What became of the rows of one file (one sheet of it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Account {
    pub file: String,
    pub sheet: String,
    pub table: String,
    // The counts change only through the methods below, each of which keeps `balances()`.
    read: usize,
    accepted: usize,
    warned: usize,
    rejected: usize,
    skipped: usize,
    /// Set when the file could not be read at all; its rows are then unknown.
    pub fatal: Option<Message>,
}

impl Account {
    /// The account of a file of `table` before its first row.
    pub fn new(file: &str, table: &str) -> Account {
        Account {
            file: file.to_string(),
            table: table.to_string(),
            ..Default::default()
        }
    }

    /// The account of a file that could not be read at all: its rows are unknown.
    pub fn unreadable(file: &str, sheet: &str, table: &str, reason: Message) -> Account {
        Account {
            sheet: sheet.to_string(),
            fatal: Some(reason),
            ..Account::new(file, table)
        }
    }

    /// An account of rows already classified: `read` is their sum, so it balances.
    pub fn with_counts(
        file: &str,
        table: &str,
        accepted: usize,
        warned: usize,
        rejected: usize,
        skipped: usize,
    ) -> Account {
        Account {
            read: accepted + rejected + skipped,
            accepted,
            warned: warned.min(accepted),
            rejected,
            skipped,
            ..Account::new(file, table)
        }
    }

    /// Rows seen, from the sheet's first row to its last non-empty one.
    pub fn read(&self) -> usize {
        self.read
    }

    /// Rows in the table, including those accepted with warnings.
    pub fn accepted(&self) -> usize {
        self.accepted
    }

    /// Of the accepted rows, those with at least one warning.
    pub fn warned(&self) -> usize {
        self.warned
    }

    /// Rows rejected, each with at least one error.
    pub fn rejected(&self) -> usize {
        self.rejected
    }

    /// Rows skipped (blank, title, repeated header, totals).
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// One more row read, and skipped (blank, title, header, totals).
    pub fn skip_row(&mut self) {
        self.read += 1;
        self.skipped += 1;
    }

    /// One more row read, and rejected.
    pub fn reject_row(&mut self) {
        self.read += 1;
        self.rejected += 1;
    }

    /// One more row read, and accepted; `warned` when it has at least one warning.
    pub fn accept_row(&mut self, warned: bool) {
        self.read += 1;
        self.accepted += 1;
        self.warned += usize::from(warned);
    }

    /// Adds the rows `part` counted: the same file's rows, read on another thread.
    pub fn absorb(&mut self, part: &Account) {
        self.read += part.read;
        self.accepted += part.accepted;
        self.warned += part.warned;
        self.rejected += part.rejected;
        self.skipped += part.skipped;
    }

    /// One accepted row rejected after all (a duplicate of a row of another file, or of
    /// the same file read on several threads);
    /// `was_warned` when it counted among the rows with warnings.
    pub fn reject_accepted(&mut self, was_warned: bool) {
        // The row must be one of this account's accepted (and, if so, warned) rows; a caller
        // that gets this wrong is a bug, caught in tests, and the counts stay balanced anyway.
        debug_assert!(self.accepted > 0, "no accepted row to reject in {self:?}");
        debug_assert!(!was_warned || self.warned > 0, "no warned row in {self:?}");
        if self.accepted == 0 {
            return;
        }
        self.accepted -= 1;
        self.rejected += 1;
        if was_warned {
            self.warned = self.warned.saturating_sub(1);
        }
        self.warned = self.warned.min(self.accepted);
    }

    /// One accepted row without warnings given its first one after all (the ECHE check).
    pub fn warn_accepted(&mut self) {
        debug_assert!(self.warned < self.accepted, "no unwarned row in {self:?}");
        if self.warned < self.accepted {
            self.warned += 1;
        }
    }

    /// True when every row read is accepted, rejected or skipped, and the rows with warnings
    /// are among the accepted ones.
    pub fn balances(&self) -> bool {
        self.read == self.accepted + self.rejected + self.skipped && self.warned <= self.accepted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_balances_when_every_row_is_classified() {
        let mut a = Account {
            read: 10,
            accepted: 7,
            rejected: 1,
            skipped: 2,
            ..Default::default()
        };
        assert!(a.balances());
        a.skipped = 1;
        assert!(!a.balances());
        a.skipped = 2;
        a.warned = 8;
        assert!(!a.balances(), "more warned rows than accepted ones");
    }

    #[test]
    fn each_row_read_is_counted_once_with_what_became_of_it() {
        let mut a = Account::new("a.csv", "mobilities");
        a.skip_row();
        a.accept_row(false);
        a.accept_row(true);
        a.accept_row(true);
        a.reject_row();
        assert_eq!(
            (a.read, a.accepted, a.warned, a.rejected, a.skipped),
            (5, 3, 2, 1, 1)
        );
        assert!(a.balances());
    }

    #[test]
    fn corrections_after_reading_keep_the_balance() {
        let mut a = Account::new("a.csv", "mobilities");
        for warned in [true, true, false] {
            a.accept_row(warned);
        }
        // A warned duplicate, then one without warnings: both leave the accepted rows.
        a.reject_accepted(true);
        assert_eq!((a.accepted, a.warned, a.rejected), (2, 1, 1));
        a.reject_accepted(false);
        assert_eq!((a.accepted, a.warned, a.rejected), (1, 1, 2));
        assert!(a.balances());
        let mut b = Account::new("b.csv", "partners");
        b.accept_row(false);
        b.accept_row(false);
        b.warn_accepted();
        b.warn_accepted();
        assert_eq!((b.accepted, b.warned), (2, 2));
        assert!(b.balances());
        assert_eq!(b.read, 2);
    }

    #[test]
    fn an_unreadable_file_has_no_rows_and_its_reason() {
        let reason = Message::new("error.no_data").with("file", "a.xlsx");
        let a = Account::unreadable("a.xlsx", "Feuil1", "students", reason.clone());
        assert_eq!((a.read, a.fatal.clone()), (0, Some(reason)));
        assert_eq!((a.file.as_str(), a.sheet.as_str()), ("a.xlsx", "Feuil1"));
        assert!(a.balances());
    }

    #[test]
    fn issues_sort_by_location_first() {
        let at = |row| Location {
            file: "a.csv".into(),
            row,
            ..Default::default()
        };
        let mut v = [
            Issue {
                location: at(9),
                severity: Severity::Error,
                rule: Rule::EndBeforeStart,
                value: String::new(),
                message: Message::new("skip.blank"),
            },
            Issue {
                location: at(2),
                severity: Severity::Warning,
                rule: Rule::UnknownValue,
                value: String::new(),
                message: Message::new("skip.blank"),
            },
        ];
        v.sort();
        assert_eq!(v[0].location.row, 2);
        assert_eq!(Rule::DuplicateMobility.to_string(), "duplicate_mobility");
    }
}
