//! What an .xls workbook's sheets will cost calamine in memory, counted from the BIFF records
//! of its Workbook stream before calamine opens it.
//!
//! calamine 0.38 reads every sheet of an xls at once and lays each out as a rectangle
//! (`Range::from_sparse`): two cells at A1 and at row 65,536, column 65,536 make a rectangle
//! of 4 billion cells, about 137 GB. A sheet's DIMENSIONS record also makes it reserve room
//! for as many cells as the record claims (rows are 32-bit there). Neither passes through
//! the limits guard, which only sees the rows calamine hands back. This walk mirrors
//! calamine's `Xls::parse_workbook` (record types from Microsoft's [MS-XLS] 2.3 "Record
//! Enumeration"), so that its count is what calamine would allocate.

use super::bytes::{u16_at, u32_at};
/// Bytes of a `calamine::Data` (a 24-byte `String` and its tag).
const VALUE: u64 = 32;
/// Bytes of a formula's text (a `String`).
const FORMULA: u64 = 24;
/// Bytes of a `calamine::Cell<Data>`, which DIMENSIONS reserves room for: a value and its
/// two 32-bit coordinates.
const RESERVED: u64 = 40;

/// Approximate bytes calamine will allocate for the cells of every sheet of `stream` (a
/// Workbook or Book stream), plus the bytes of records it will walk: the sum over the sheets
/// that the workbook's BoundSheet records point at (calamine keeps them all).
pub fn cost(stream: &[u8]) -> u64 {
    let mut total: u64 = 0;
    let Some(offsets) = sheet_offsets(stream) else {
        return 0; // encrypted: calamine stops on the password before any sheet
    };
    for at in offsets {
        let Some(sheet) = stream.get(at..) else {
            continue; // calamine refuses an offset past the end
        };
        total = total.saturating_add(sheet_cost(sheet));
    }
    total
}

/// The BoundSheet8 records' offsets of the sheets' first records ([MS-XLS] 2.4.28), read up
/// to the globals' EOF; `None` when a FilePass record (2.4.117) says the workbook is
/// encrypted, since its sheets' records are then ciphered.
fn sheet_offsets(stream: &[u8]) -> Option<Vec<usize>> {
    let mut offsets = Vec::new();
    for (typ, data) in records(stream) {
        match typ {
            0x002F if data.len() >= 2 && u16_at(data, 0) != 0 => return None,
            0x0085 if data.len() >= 4 => offsets.push(u32_at(data, 0) as usize),
            0x000A => break,
            _ => {}
        }
    }
    Some(offsets)
}

/// One sheet: the rectangles of its values and formulas, the room DIMENSIONS reserves and
/// the bytes of its records.
fn sheet_cost(sheet: &[u8]) -> u64 {
    let mut values = Rectangle::default();
    let mut formulas = Rectangle::default();
    let mut reserved: u64 = 0;
    let mut walked: u64 = 0;
    let mut seen_bof = false;
    let mut depth = 0usize;
    for (typ, data) in records(sheet) {
        walked += 4 + data.len() as u64;
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = |data: &[u8]| (u32::from(u16_at(data, 0)), u32::from(u16_at(data, 2)));
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x0200 => reserved = reserved.max(dimensions(data)),
            // Number, Label, RString, BoolErr, Rk, LabelSst: one value at (row, column).
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD if data.len() >= 4 => {
                values.add(at(data));
            }
            // MulRk: one row, columns first..last.
            0x00BD if data.len() >= 6 => {
                let (row, first) = at(data);
                values.add((row, first));
                values.add((row, u32::from(u16_at(data, data.len() - 2))));
            }
            // Formula: its text, and its value.
            0x0006 if data.len() >= 4 => {
                formulas.add(at(data));
                values.add(at(data));
            }
            0x000A => break,
            _ => {}
        }
    }
    let cells = values.area() * VALUE + formulas.area() * FORMULA;
    cells
        .saturating_add(reserved.saturating_mul(RESERVED))
        .saturating_add(walked)
}

/// The cells a DIMENSIONS record ([MS-XLS] 2.4.90) makes calamine reserve, computed as
/// calamine computes them (32-bit rows in BIFF8, 16-bit in BIFF5; a first column past 255
/// counts from 0; the subtractions wrap as in a release build).
fn dimensions(data: &[u8]) -> u64 {
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0)),
            u32::from(u16_at(data, 2)),
            u32::from(u16_at(data, 4)),
            u32::from(u16_at(data, 6)),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u32::from(u16_at(data, 8)),
            u32::from(u16_at(data, 10)),
        ),
        _ => return 0,
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    if last_row == 0 || last_col == 0 {
        return 1;
    }
    let rows = (last_row - 1).wrapping_sub(first_row).wrapping_add(1);
    let cols = (last_col - 1).wrapping_sub(first_col).wrapping_add(1);
    u64::from(rows).saturating_mul(u64::from(cols))
}

/// The smallest rectangle holding the cells added.
#[derive(Default)]
struct Rectangle {
    bounds: Option<(u32, u32, u32, u32)>,
}

impl Rectangle {
    fn add(&mut self, (row, col): (u32, u32)) {
        self.bounds = Some(match self.bounds {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }

    fn area(&self) -> u64 {
        self.bounds.map_or(0, |(r0, r1, c0, c1)| {
            u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1)
        })
    }
}

/// The records of a BIFF stream: (type, data), up to the first one cut short. CONTINUE
/// records are returned as they come (their bytes are counted all the same).
fn records(mut stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        if stream.len() < 4 {
            return None;
        }
        let typ = u16_at(stream, 0);
        let len = usize::from(u16_at(stream, 2));
        let data = stream.get(4..4 + len)?;
        stream = &stream[4 + len..];
        Some((typ, data))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0u8; 10]); // format index and the 8-byte value
        record(0x0203, &d)
    }

    /// Globals (a BOF, one BoundSheet pointing after the globals' EOF), then the sheet.
    fn workbook(sheet: &[Vec<u8>]) -> Vec<u8> {
        let bof = record(0x0809, &[0u8; 16]);
        let eof = record(0x000A, &[]);
        let bound_len = 4 + 8;
        let at = (bof.len() + bound_len + eof.len()) as u32;
        let mut bound = at.to_le_bytes().to_vec();
        bound.extend([0, 0, 0, 0]); // visible worksheet, empty name
        let mut s = bof.clone();
        s.extend(record(0x0085, &bound));
        s.extend(&eof);
        s.extend(&bof);
        for r in sheet {
            s.extend(r);
        }
        s.extend(&eof);
        s
    }

    #[test]
    fn a_small_sheet_costs_its_rectangle_and_records() {
        // Cells at (0,0) and (9,4): 10 x 5 = 50 cells of 32 bytes = 1,600, plus the
        // sheet's records: BOF 20 + two numbers 2 x 18 + EOF 4 = 60 bytes.
        let s = workbook(&[number(0, 0), number(9, 4)]);
        assert_eq!(cost(&s), 1_600 + 60);
    }

    #[test]
    fn two_far_apart_cells_cost_the_rectangle_between_them() {
        // (0,0) and (65535, 65535): 65,536 x 65,536 cells of 32 bytes = 137,438,953,472.
        let s = workbook(&[number(0, 0), number(65535, 65535)]);
        assert_eq!(cost(&s), 137_438_953_472 + 60);
    }

    #[test]
    fn a_dimensions_record_costs_what_it_reserves() {
        // BIFF8 DIMENSIONS rows 0..100,000,000, columns 0..200: 100,000,000 x 200 cells of
        // 40 bytes reserved = 800,000,000,000; records: BOF 20 + DIMENSIONS 18 + EOF 4.
        let mut d = 0u32.to_le_bytes().to_vec();
        d.extend(100_000_000u32.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        d.extend(200u16.to_le_bytes());
        d.extend([0, 0]);
        let s = workbook(&[record(0x0200, &d)]);
        assert_eq!(cost(&s), 800_000_000_000 + 42);
    }

    #[test]
    fn a_chart_inside_a_sheet_is_not_counted() {
        // A nested BOF..EOF (an embedded chart) holding a far cell is skipped, as calamine
        // skips it: only (0,0) counts, 32 bytes; records 20 + 18 + 20 + 18 + 4 + 4 = 84.
        let chart = [
            record(0x0809, &[0u8; 16]),
            number(60000, 200),
            record(0x000A, &[]),
        ];
        let mut sheet = vec![number(0, 0)];
        sheet.extend(chart);
        let s = workbook(&sheet);
        assert_eq!(cost(&s), 32 + 84);
    }

    #[test]
    fn an_encrypted_workbook_is_left_to_calamine() {
        // A FilePass record before the BoundSheet: the sheets' records are ciphered, so
        // their cost is not counted (calamine stops on the password first).
        let far = workbook(&[number(0, 0), number(65535, 65535)]);
        let mut s = far[..20].to_vec(); // the globals' BOF
        s.extend(record(0x002F, &[1, 0, 0, 0]));
        s.extend(&far[20..]);
        assert_eq!(cost(&s), 0);
    }

    #[test]
    fn a_cut_stream_costs_what_it_holds() {
        assert_eq!(cost(&[]), 0);
        assert_eq!(cost(&[0x85, 0x00, 0xFF]), 0);
    }
}
