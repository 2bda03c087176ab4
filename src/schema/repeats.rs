//! Duplicate mobilities among the parts of a file read on every core (`parallel`): which of
//! the parts' accepted rows repeat a mobility accepted on an earlier row, found on every core.

use super::parallel::Tentative;
use rayon::prelude::*;
use std::collections::hash_map::{Entry, HashMap};
use std::ops::Range;

/// An accepted row of a part whose mobility was accepted on an earlier row.
pub(super) struct Repeat {
    /// Its row, and the row that accepted the mobility first.
    pub row: u32,
    pub first: u32,
    /// Whether it was accepted with a warning (the account moves it to the rejected rows).
    pub warned: bool,
    /// Its part, and its place in that part's columns.
    pub part: usize,
    pub position: usize,
}

/// The parts' accepted mobilities (`deferred`, per part, taken batch by batch in the file's
/// order: `batches` holds each batch's part and its entries in the part's list) whose
/// key was accepted before: by the builder itself (`seen`) or on an earlier row of any part.
/// The keys are split by their hash among the cores, each taking its share in file order: a
/// key's rows all fall to the same core, so each finds what one pass over all keys finds.
/// Unordered: the caller sorts by row.
pub(super) fn first_seen_elsewhere(
    seen: &HashMap<(u64, u64), u32, foldhash::fast::FixedState>,
    batches: &[(usize, Range<usize>)],
    deferred: &[&[Tentative]],
) -> Vec<Repeat> {
    let shards = rayon::current_num_threads().max(1) as u64;
    let total: usize = batches.iter().map(|(_, b)| b.len()).sum();
    (0..shards)
        .into_par_iter()
        .flat_map_iter(|shard| {
            let mine = |key: &(u64, u64)| key.0 % shards == shard;
            // Room for every key of the share at once: grown step by step, it rehashed
            // millions of keys.
            let mut first: HashMap<(u64, u64), u32, foldhash::fast::FixedState> =
                HashMap::with_capacity_and_hasher(
                    (seen.len() + total) / shards as usize + 1,
                    Default::default(),
                );
            first.extend(seen.iter().filter(|(k, _)| mine(k)));
            let mut repeats = Vec::new();
            for (part, batch) in batches {
                for t in &deferred[*part][batch.clone()] {
                    if !mine(&t.key) {
                        continue;
                    }
                    match first.entry(t.key) {
                        Entry::Occupied(e) => repeats.push(Repeat {
                            row: t.row,
                            first: *e.get(),
                            warned: t.warned,
                            part: *part,
                            position: t.position,
                        }),
                        Entry::Vacant(e) => {
                            e.insert(t.row);
                        }
                    }
                }
            }
            repeats
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_first_seen_in_file_order_whatever_the_part_or_the_core() {
        // The builder's own rows accepted key 4 on row 5. Part 0 read the batches numbered 1
        // and 3, part 1 batch 2. Keys 4, 7, 9 and 10 differ in their first hash's remainder,
        // so they fall to different cores on machines with 2, 3 or more.
        let seen: HashMap<(u64, u64), u32, foldhash::fast::FixedState> =
            [((4, 0), 5)].into_iter().collect();
        let t = |key: u64, row: u32, position: usize| Tentative {
            key: (key, 0),
            row,
            position,
            warned: row == 30,
        };
        let part0 = [t(7, 10, 0), t(4, 11, 1), t(10, 30, 2), t(7, 31, 3)];
        let part1 = [t(7, 20, 0), t(9, 21, 1)];
        let batches = [(0, 0..2), (1, 0..2), (0, 2..4)];
        let mut repeats = first_seen_elsewhere(&seen, &batches, &[&part0, &part1]);
        repeats.sort_unstable_by_key(|r| r.row);
        let got: Vec<_> = repeats
            .iter()
            .map(|r| (r.row, r.first, r.warned, r.part, r.position))
            .collect();
        // Row 11 repeats the builder's row 5; rows 20 and 31 repeat row 10 (part 0, batch 1,
        // read before batch 2); rows 21 and 30 are keys seen first there.
        assert_eq!(
            got,
            vec![
                (11, 5, false, 0, 1),
                (20, 10, false, 1, 0),
                (31, 10, false, 0, 3)
            ]
        );
    }
}
