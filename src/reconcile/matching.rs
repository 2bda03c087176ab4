//! Pairs our mobilities with the Beneficiary Module's, over plain records: first by mobility
//! ID, then by person, partner and start date within a tolerance; lists what differs on each
//! pair. Pure logic: the same inputs always give the same pairs.

use crate::normalise::text::fold;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::fmt;

/// Where a record came from, as the user finds it in their spreadsheet.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Source {
    pub file: String,
    /// Empty for CSV files.
    pub sheet: String,
    /// 1-based, as the spreadsheet program shows it.
    pub row: u32,
}

/// One mobility of either side, with the canonical values the comparison needs (each field
/// is the canonical column of the same name; `project` is project_reference).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    pub mobility_id: Option<String>,
    pub person_id: Option<String>,
    pub direction: Option<String>,
    pub activity: Option<String>,
    pub funding: Option<String>,
    pub partner_name: Option<String>,
    /// Official form (the canonical tables normalise it), so equal codes are equal strings.
    pub partner_code: Option<String>,
    /// ISO alpha-2.
    pub partner_country: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub duration_days: Option<i64>,
    pub project: Option<String>,
    pub source: Source,
}

/// Which rule paired two records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    /// The same mobility ID on both sides.
    MobilityId,
    /// The same person and partner, start dates within the tolerance.
    PersonPartnerDate,
}

impl MatchedBy {
    /// The name written in reconciliation.csv.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::MobilityId => "mobility_id",
            MatchedBy::PersonPartnerDate => "person_partner_date",
        }
    }
}

/// One field whose value differs between the two records of a pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The canonical field name, e.g. "start_date".
    pub field: &'static str,
    pub ours: String,
    pub bm: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ≠ {}", self.field, self.ours, self.bm)
    }
}

/// What became of a record: indices refer to the slices given to [`reconcile`].
#[derive(Debug, Clone, PartialEq)]
pub enum Pairing {
    Matched {
        ours: usize,
        bm: usize,
        by: MatchedBy,
        differences: Vec<Difference>,
    },
    OursOnly(usize),
    BmOnly(usize),
}

/// The fields compared on every pair, in the order differences are listed.
pub const COMPARED: [&str; 8] = [
    "start_date",
    "end_date",
    "duration_days",
    "partner_country",
    "partner_erasmus_code",
    "activity",
    "direction",
    "funding",
];

/// An identifier as compared: trimmed, case ignored; blank is none.
fn key(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
}

/// Two persons agree unless both are known and differ.
fn persons_agree(a: &Record, b: &Record) -> bool {
    match (key(&a.person_id), key(&b.person_id)) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// The same partner institution: the same Erasmus code when both rows have one; otherwise
/// the same folded name or, failing that, the same country. Names alone would be too strict:
/// the Beneficiary Module holds legal names ("Universidad de Sevilla" against "US"), and the
/// person and start date already pin the mobility down.
pub fn same_partner(a: &Record, b: &Record) -> bool {
    if let (Some(x), Some(y)) = (&a.partner_code, &b.partner_code) {
        return x == y;
    }
    let name = |r: &Record| {
        r.partner_name
            .as_deref()
            .map(fold)
            .filter(|n| !n.is_empty())
    };
    if let (Some(x), Some(y)) = (name(a), name(b)) {
        if x == y {
            return true;
        }
    }
    a.partner_country.is_some() && a.partner_country == b.partner_country
}

/// What differs between our record and the Beneficiary Module's. A value missing on one side
/// is not a difference: the other file simply does not say it.
pub fn differences(ours: &Record, bm: &Record) -> Vec<Difference> {
    let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    let pairs: [(Option<String>, Option<String>); 8] = [
        (date(ours.start), date(bm.start)),
        (date(ours.end), date(bm.end)),
        (
            ours.duration_days.map(|d| d.to_string()),
            bm.duration_days.map(|d| d.to_string()),
        ),
        (ours.partner_country.clone(), bm.partner_country.clone()),
        (ours.partner_code.clone(), bm.partner_code.clone()),
        (ours.activity.clone(), bm.activity.clone()),
        (ours.direction.clone(), bm.direction.clone()),
        (ours.funding.clone(), bm.funding.clone()),
    ];
    COMPARED
        .iter()
        .zip(pairs)
        .filter_map(|(field, pair)| match pair {
            (Some(o), Some(b)) if o != b => Some(Difference {
                field,
                ours: o,
                bm: b,
            }),
            _ => None,
        })
        .collect()
}

/// Pairs `ours` with `bm`. Pass 1: the same mobility ID (trimmed, case ignored), in file
/// order, unless the two rows name different persons (two systems numbering alike by chance).
/// Pass 2, for the rest: the same person and partner ([`same_partner`]) with start dates at
/// most `tolerance_days` apart, closest first, ties broken by file order on our side, then on
/// the Beneficiary Module's. Returns our records in order (matched or ours only), then the
/// Beneficiary Module's left over.
pub fn reconcile(ours: &[Record], bm: &[Record], tolerance_days: i64) -> Vec<Pairing> {
    let mut partner_of: Vec<Option<(usize, MatchedBy)>> = vec![None; ours.len()];
    let mut taken = vec![false; bm.len()];

    let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, b) in bm.iter().enumerate() {
        if let Some(id) = key(&b.mobility_id) {
            by_id.entry(id).or_default().push(j);
        }
    }
    for (i, o) in ours.iter().enumerate() {
        let Some(candidates) = key(&o.mobility_id).and_then(|id| by_id.get(&id)) else {
            continue;
        };
        if let Some(&j) = candidates
            .iter()
            .find(|&&j| !taken[j] && persons_agree(o, &bm[j]))
        {
            taken[j] = true;
            partner_of[i] = Some((j, MatchedBy::MobilityId));
        }
    }

    let mut by_person: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, b) in bm.iter().enumerate().filter(|(j, _)| !taken[*j]) {
        if let Some(person) = key(&b.person_id) {
            by_person.entry(person).or_default().push(j);
        }
    }
    // Every admissible pair with its distance in days; sorting the tuples gives the order.
    let mut candidates: Vec<(i64, usize, usize)> = Vec::new();
    for (i, o) in ours.iter().enumerate() {
        let (None, Some(person), Some(start)) = (partner_of[i], key(&o.person_id), o.start) else {
            continue;
        };
        for &j in by_person.get(&person).into_iter().flatten() {
            let Some(other) = bm[j].start else { continue };
            let distance = (start - other).num_days().abs();
            if distance <= tolerance_days && same_partner(o, &bm[j]) {
                candidates.push((distance, i, j));
            }
        }
    }
    candidates.sort_unstable();
    for (_, i, j) in candidates {
        if partner_of[i].is_none() && !taken[j] {
            taken[j] = true;
            partner_of[i] = Some((j, MatchedBy::PersonPartnerDate));
        }
    }

    let mut out: Vec<Pairing> = partner_of
        .iter()
        .enumerate()
        .map(|(i, m)| match m {
            Some((j, by)) => Pairing::Matched {
                ours: i,
                bm: *j,
                by: *by,
                differences: differences(&ours[i], &bm[*j]),
            },
            None => Pairing::OursOnly(i),
        })
        .collect();
    out.extend((0..bm.len()).filter(|j| !taken[*j]).map(Pairing::BmOnly));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
    }

    /// A study stay at TU Wien from `start` to 2025-01-31 (inclusive days as the BM counts).
    fn rec(id: &str, person: &str, start: &str) -> Record {
        let (s, e) = (d(start).unwrap(), d("2025-01-31").unwrap());
        Record {
            mobility_id: (!id.is_empty()).then(|| id.to_string()),
            person_id: Some(person.to_string()),
            direction: Some("outgoing".into()),
            activity: Some("study".into()),
            funding: Some("erasmus_ka131".into()),
            partner_name: Some("TU Wien".into()),
            partner_code: Some("A  WIEN02".into()),
            partner_country: Some("AT".into()),
            start: Some(s),
            end: Some(e),
            duration_days: Some((e - s).num_days() + 1),
            ..Default::default()
        }
    }

    fn matched(ours: usize, bm: usize, by: MatchedBy) -> Pairing {
        Pairing::Matched {
            ours,
            bm,
            by,
            differences: vec![],
        }
    }

    #[test]
    fn the_mobility_id_matches_whatever_the_case_and_spaces() {
        let ours = [rec("M-1", "E1", "2024-09-02")];
        let bm = [rec(" m-1 ", "E1", "2024-09-02")];
        assert_eq!(
            reconcile(&ours, &bm, 3),
            vec![matched(0, 0, MatchedBy::MobilityId)]
        );
    }

    #[test]
    fn the_same_id_for_another_person_is_not_a_match() {
        // Both systems number from 1: "18405" names two different mobilities.
        let ours = [rec("18405", "E1", "2024-09-02")];
        let bm = [rec("18405", "E2", "2024-09-02")];
        assert_eq!(
            reconcile(&ours, &bm, 3),
            vec![Pairing::OursOnly(0), Pairing::BmOnly(0)]
        );
    }

    #[test]
    fn person_partner_and_a_close_start_match_when_ids_differ() {
        let ours = [rec("18405", "E1", "2024-09-02")];
        // The BM's own ID; started 3 days later, the tolerance's limit.
        let bm = [rec("BM-77", "e1", "2024-09-05")];
        let result = reconcile(&ours, &bm, 3);
        // Durations: 2024-09-02..2025-01-31 is 152 days, 2024-09-05..2025-01-31 is 149.
        assert_eq!(
            result,
            vec![Pairing::Matched {
                ours: 0,
                bm: 0,
                by: MatchedBy::PersonPartnerDate,
                differences: vec![
                    Difference {
                        field: "start_date",
                        ours: "2024-09-02".into(),
                        bm: "2024-09-05".into()
                    },
                    Difference {
                        field: "duration_days",
                        ours: "152".into(),
                        bm: "149".into()
                    },
                ],
            }]
        );
    }

    #[test]
    fn a_start_beyond_the_tolerance_leaves_both_unmatched() {
        let ours = [rec("", "E1", "2024-09-02")];
        let bm = [rec("", "E1", "2024-09-06")];
        assert_eq!(
            reconcile(&ours, &bm, 3),
            vec![Pairing::OursOnly(0), Pairing::BmOnly(0)]
        );
        // Another partner at the same dates is another mobility.
        let mut elsewhere = rec("", "E1", "2024-09-02");
        elsewhere.partner_code = Some("D  BERLIN01".into());
        assert_eq!(
            reconcile(&ours, &[elsewhere], 3),
            vec![Pairing::OursOnly(0), Pairing::BmOnly(0)]
        );
    }

    #[test]
    fn every_differing_field_is_listed_in_order() {
        let ours = rec("M-1", "E1", "2024-09-02");
        let mut bm = ours.clone();
        bm.end = d("2025-01-30");
        bm.duration_days = Some(151);
        bm.partner_country = Some("DE".into());
        bm.activity = Some("traineeship".into());
        bm.direction = Some("incoming".into());
        bm.funding = Some("erasmus_ka171".into());
        let text: Vec<String> = differences(&ours, &bm)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            text,
            vec![
                "end_date: 2025-01-31 ≠ 2025-01-30",
                "duration_days: 152 ≠ 151",
                "partner_country: AT ≠ DE",
                "activity: study ≠ traineeship",
                "direction: outgoing ≠ incoming",
                "funding: erasmus_ka131 ≠ erasmus_ka171",
            ]
        );
        // A value one side lacks is not a difference.
        bm = ours.clone();
        bm.funding = None;
        bm.partner_code = None;
        assert!(differences(&ours, &bm).is_empty());
    }

    #[test]
    fn ties_go_to_the_closest_start_then_to_file_order() {
        // One of ours, two of the BM's 2 days before and 2 days after: the first in the file.
        let ours = [rec("", "E1", "2024-09-10")];
        let bm = [rec("", "E1", "2024-09-12"), rec("", "E1", "2024-09-08")];
        let result = reconcile(&ours, &bm, 3);
        assert!(
            matches!(result[0], Pairing::Matched { ours: 0, bm: 0, .. }),
            "{result:?}"
        );
        assert_eq!(result[1], Pairing::BmOnly(1));
        // The closest wins over file order: the BM's second row is 1 day away.
        let bm = [rec("", "E1", "2024-09-12"), rec("", "E1", "2024-09-09")];
        let result = reconcile(&ours, &bm, 3);
        assert!(
            matches!(result[0], Pairing::Matched { bm: 1, .. }),
            "{result:?}"
        );
        // Two of ours equally close to one BM row: our first row gets it.
        let ours = [rec("", "E1", "2024-09-08"), rec("", "E1", "2024-09-12")];
        let bm = [rec("", "E1", "2024-09-10")];
        let result = reconcile(&ours, &bm, 3);
        assert!(
            matches!(result[0], Pairing::Matched { ours: 0, .. }),
            "{result:?}"
        );
        assert_eq!(result[1], Pairing::OursOnly(1));
    }

    #[test]
    fn partners_without_codes_compare_by_name_then_country() {
        let mut a = rec("", "E1", "2024-09-02");
        let mut b = a.clone();
        a.partner_code = None;
        a.partner_name = Some("Universidad de Sevilla".into());
        b.partner_name = Some("UNIVERSIDAD DE SEVILLA ".into());
        assert!(same_partner(&a, &b));
        b.partner_name = Some("US".into());
        assert!(same_partner(&a, &b), "same country");
        b.partner_country = Some("PT".into());
        assert!(!same_partner(&a, &b));
    }
}
