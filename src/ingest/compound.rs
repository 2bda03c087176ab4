//! The structure of an .xls file's compound file (OLE2/CFB container) checked before calamine
//! opens it: every sector chain ends, without looping, inside the file.
//!
//! calamine 0.38 follows a compound file's sector chains as they are written: a chain that
//! loops back on itself (sector 11 followed by sector 11) is followed until memory runs out
//! (the fuzzer's 7 KB file, tests/fixtures/fuzz/xls_oom_found_by_fuzzer.xls, took 24 GB), and
//! a sector number past the file's end panics. xls is not a zip, so the zip checks of
//! [`super::limits`] do not see it. This walk costs one read of the file and a bit per sector.
//!
//! Layout (Microsoft's [MS-CFB] specification, section 2.2 "Compound File Header" and 2.3
//! "Compound File Sectors"): a 512-byte header holds the sector size (1 << shift at offset
//! 30), the first directory sector (48), the first mini-FAT sector (60), the first DIFAT
//! sector (68) and the first 109 DIFAT entries (76..512). The DIFAT lists the FAT's sectors;
//! the FAT gives, for each sector, the next one in its chain, up to ENDOFCHAIN.

use super::bytes::{u16_at, u32_at};
use crate::i18n::Message;

const SIGNATURE: &[u8; 8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// Sector numbers from here up are markers, not sectors ([MS-CFB] 2.1).
const MAX_REGULAR: u32 = 0xFFFF_FFFA;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// A directory entry's size ([MS-CFB] 2.6).
const ENTRY: usize = 128;
/// Streams shorter than this live in the mini stream ([MS-CFB] 2.2, mini stream cutoff).
const MINI_CUTOFF: u64 = 4096;

/// A compound file whose sector chains have been checked: its streams can be read.
pub struct Compound<'a> {
    bytes: &'a [u8],
    size: usize,
    sectors: usize,
    fat: Vec<u32>,
    /// The first mini-FAT sector ([MS-CFB] 2.2).
    mini_fat_start: u32,
    /// Directory entries in order: (name, kind, first sector, length).
    entries: Vec<(String, u8, u32, u64)>,
}

/// Checks the compound file in `bytes`: `Ok(None)` when it is not a compound file at all
/// (calamine then names what it is), `Err` with what is wrong (the middle of a sentence
/// naming the file) when a chain loops or leaves the file.
pub fn open(bytes: &[u8]) -> Result<Option<Compound<'_>>, Message> {
    if bytes.len() < 512 || &bytes[..8] != SIGNATURE {
        return Ok(None);
    }
    let shift = u16_at(bytes, 30);
    if shift != 9 && shift != 12 {
        return Ok(None); // calamine refuses it with its own sentence
    }
    let size = 1usize << shift;
    // The header takes one sector, even when sectors are 4096 bytes.
    let sectors = (bytes.len().saturating_sub(size)).div_ceil(size);
    let mut c = Compound {
        bytes,
        size,
        sectors,
        fat: Vec::new(),
        mini_fat_start: u32_at(bytes, 60),
        entries: Vec::new(),
    };

    // The DIFAT: 109 entries in the header, then a chain of DIFAT sectors whose last entry
    // is the next DIFAT sector.
    let mut difat: Vec<u32> = entries(&bytes[76..512]).collect();
    let mut next = u32_at(bytes, 68);
    let mut seen = vec![false; sectors];
    while next < MAX_REGULAR {
        match seen.get_mut(next as usize) {
            None => return Err(past_end()),
            Some(true) => return Err(looped()),
            Some(s) => *s = true,
        }
        difat.extend(entries(c.sector(next).ok_or_else(past_end)?));
        next = difat.pop().unwrap_or(END_OF_CHAIN);
    }
    for id in difat.into_iter().filter(|&id| id < MAX_REGULAR) {
        let data = c.sector(id).ok_or_else(past_end)?;
        c.fat.extend(entries(data));
    }

    // Every chain calamine follows: the directory, the mini FAT, and each stream (the root
    // entry's is the mini stream; streams under the cutoff live in it, not in the FAT).
    let directory = walk(u32_at(bytes, 48), &c.fat, sectors)?;
    walk(c.mini_fat_start, &c.fat, sectors)?;
    for id in directory {
        let data = c.sector(id).ok_or_else(past_end)?;
        for entry in data.chunks_exact(ENTRY) {
            let len = if size == 512 {
                u64::from(u32_at(entry, 120))
            } else {
                u64::from_le_bytes(entry[120..128].try_into().expect("8 bytes"))
            };
            let units: Vec<u16> = entry[..64]
                .chunks_exact(2)
                .map(|u| u16::from_le_bytes([u[0], u[1]]))
                .take_while(|&u| u != 0)
                .collect();
            let name = String::from_utf16_lossy(&units);
            c.entries.push((name, entry[66], u32_at(entry, 116), len));
        }
    }
    // calamine follows the first entry's chain as the mini stream, and any named entry's of
    // 4096 bytes or more, whatever their kind byte says (the fuzzer changed a root entry's
    // kind to hide a looping chain): every such chain is walked.
    for (k, &(_, _, start, len)) in c.entries.iter().enumerate() {
        if k == 0 || len >= MINI_CUTOFF {
            walk(start, &c.fat, sectors)?;
        }
    }
    Ok(Some(c))
}

impl<'a> Compound<'a> {
    /// The bytes of sector `id` (the last one may be short).
    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let start = (id as usize + 1).checked_mul(self.size)?;
        self.bytes
            .get(start..(start + self.size).min(self.bytes.len()))
    }

    /// The sectors of the chain from `start`, joined and cut at `len` bytes.
    fn chain(&self, start: u32, len: u64) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        for id in walk(start, &self.fat, self.sectors).ok()? {
            out.extend_from_slice(self.sector(id)?);
        }
        out.truncate(usize::try_from(len).ok()?);
        Some(out)
    }

    /// The stream calamine reads under the first of `names` found (compared as calamine
    /// does: the first entry whose name matches, ASCII case ignored): `Ok(None)` when there is
    /// none (calamine then says so), `Err` when its sectors cannot all be read.
    pub fn stream(&self, names: &[&str]) -> Result<Option<Vec<u8>>, Message> {
        let unreadable = || Message::new("compound.unreadable_stream");
        let Some(&(_, _, start, len)) = names.iter().find_map(|name| {
            self.entries
                .iter()
                .find(|e| e.0.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
        }) else {
            return Ok(None);
        };
        if len >= MINI_CUTOFF {
            return self.chain(start, len).map(Some).ok_or_else(unreadable);
        }
        // A short stream: 64-byte mini sectors inside the root entry's mini stream, chained
        // by the mini FAT. calamine reads a mini sector past the mini stream from wherever
        // its file reader stands: such a file is refused rather than guessed at.
        let &(_, _, root_start, root_len) = self.entries.first().ok_or_else(unreadable)?;
        let mini = self.chain(root_start, root_len).ok_or_else(unreadable)?;
        let mini_fat = self
            .chain(self.mini_fat_start, u64::MAX)
            .ok_or_else(unreadable)?;
        let mini_fat: Vec<u32> = entries(&mini_fat).collect();
        let mut out = Vec::new();
        for id in walk(start, &mini_fat, mini.len().div_ceil(64)).map_err(|_| unreadable())? {
            let at = id as usize * 64;
            let sector = mini.get(at..(at + 64).min(mini.len()));
            out.extend_from_slice(sector.ok_or_else(unreadable)?);
        }
        out.truncate(len as usize);
        Ok(Some(out))
    }
}

fn past_end() -> Message {
    Message::new("compound.past_end")
}

fn looped() -> Message {
    Message::new("compound.loop")
}

/// Follows the chain from `start` in `fat`: the sectors it visits, or why it is damaged.
fn walk(start: u32, fat: &[u32], sectors: usize) -> Result<Vec<u32>, Message> {
    let mut chain = Vec::new();
    let mut seen = vec![false; sectors];
    let mut id = start;
    while id < MAX_REGULAR {
        match seen.get_mut(id as usize) {
            None => return Err(past_end()),
            Some(true) => return Err(looped()),
            Some(s) => *s = true,
        }
        chain.push(id);
        id = *fat.get(id as usize).ok_or_else(past_end)?;
    }
    Ok(chain)
}

fn entries(data: &[u8]) -> impl Iterator<Item = u32> + '_ {
    data.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FATSECT: u32 = 0xFFFF_FFFD;

    /// A compound file of 512-byte sectors: the header, then `sectors` sectors. The header's
    /// DIFAT names sector 0 as the only FAT sector, whose entries are `fat`; the directory
    /// is sector `dir`, holding `entries` (name, kind, first sector, length); `data` is
    /// written from sector 2 on.
    fn compound(
        fat: &[u32],
        dir: u32,
        sectors: usize,
        entries: &[(&str, u8, u32, u32)],
        data: &[u8],
    ) -> Vec<u8> {
        let mut b = vec![0u8; 512 * (sectors + 1)];
        b[..8].copy_from_slice(SIGNATURE);
        b[30..32].copy_from_slice(&9u16.to_le_bytes());
        b[32..34].copy_from_slice(&6u16.to_le_bytes());
        b[44..48].copy_from_slice(&1u32.to_le_bytes());
        b[48..52].copy_from_slice(&dir.to_le_bytes());
        b[60..64].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        b[68..72].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        for k in 0..109 {
            let v: u32 = if k == 0 { 0 } else { 0xFFFF_FFFF };
            b[76 + 4 * k..80 + 4 * k].copy_from_slice(&v.to_le_bytes());
        }
        let mut fat_sector = vec![0xFFu8; 512];
        for (k, v) in fat.iter().enumerate() {
            fat_sector[4 * k..4 * k + 4].copy_from_slice(&v.to_le_bytes());
        }
        b[512..1024].copy_from_slice(&fat_sector);
        let d = 512 * (dir as usize + 1);
        for (k, (name, kind, start, len)) in entries.iter().enumerate() {
            let e = d + k * ENTRY;
            for (i, u) in name.encode_utf16().enumerate() {
                b[e + 2 * i..e + 2 * i + 2].copy_from_slice(&u.to_le_bytes());
            }
            b[e + 66] = *kind;
            b[e + 116..e + 120].copy_from_slice(&start.to_le_bytes());
            b[e + 120..e + 124].copy_from_slice(&len.to_le_bytes());
        }
        b[3 * 512..3 * 512 + data.len()].copy_from_slice(data);
        b
    }

    fn damage(b: &[u8]) -> Option<&'static str> {
        open(b).err().map(|m| m.key())
    }

    #[test]
    fn a_sound_file_has_no_damage_and_its_stream_reads_back() {
        // Sector 0: the FAT; 1: the directory; 2-10: a 4,608-byte stream in the FAT.
        let mut fat = vec![FATSECT, END_OF_CHAIN];
        fat.extend(3..=10);
        fat.push(END_OF_CHAIN);
        let data: Vec<u8> = (0..4600u32).map(|i| (i % 251) as u8).collect();
        let entries = [("Root Entry", 5, END_OF_CHAIN, 0), ("Workbook", 2, 2, 4600)];
        let b = compound(&fat, 1, 11, &entries, &data);
        assert_eq!(damage(&b), None);
        let c = open(&b).unwrap().unwrap();
        assert_eq!(c.stream(&["workbook"]), Ok(Some(data)));
        assert_eq!(c.stream(&["Nope"]), Ok(None));
    }

    #[test]
    fn a_directory_chain_that_loops_is_damage() {
        // The fuzzer's file: the directory's sector 1 is followed by sector 1.
        let b = compound(
            &[FATSECT, 1],
            1,
            2,
            &[("Root Entry", 5, END_OF_CHAIN, 0)],
            &[],
        );
        assert_eq!(damage(&b), Some("compound.loop"));
    }

    #[test]
    fn a_stream_chain_that_loops_is_damage() {
        // 2 -> 3 -> 2: calamine would grow the stream up to its declared 4 GB.
        let fat = [FATSECT, END_OF_CHAIN, 3, 2];
        let entries = [
            ("Root Entry", 5, END_OF_CHAIN, 0),
            ("Workbook", 2, 2, 0xFFFF_0000),
        ];
        let b = compound(&fat, 1, 4, &entries, &[]);
        assert_eq!(damage(&b), Some("compound.loop"));
    }

    #[test]
    fn a_root_entry_of_another_kind_is_walked_all_the_same() {
        // The first entry's kind byte says 0 (unused), but calamine reads its chain as the
        // mini stream: 2 -> 2 loops.
        let fat = [FATSECT, END_OF_CHAIN, 2];
        let b = compound(&fat, 1, 3, &[("Root Entry", 0, 2, 0xFFFF_0000)], &[]);
        assert_eq!(damage(&b), Some("compound.loop"));
    }

    #[test]
    fn a_sector_past_the_end_is_damage() {
        let fat = [FATSECT, END_OF_CHAIN, 900];
        let entries = [("Root Entry", 5, END_OF_CHAIN, 0), ("Workbook", 2, 2, 8000)];
        let b = compound(&fat, 1, 3, &entries, &[]);
        assert_eq!(damage(&b), Some("compound.past_end"));
    }

    #[test]
    fn a_short_stream_is_read_from_the_mini_stream() {
        // The root's mini stream is sector 2 (512 bytes: 8 mini sectors); the mini FAT is
        // sector 3 and chains mini sectors 1 -> 0; a 100-byte stream starts at mini sector 1.
        let fat = [FATSECT, END_OF_CHAIN, END_OF_CHAIN, END_OF_CHAIN];
        let entries = [("Root Entry", 5, 2, 512), ("Book", 2, 1, 100)];
        let mut data = vec![0u8; 1024];
        data[..64].fill(b'b'); // mini sector 0
        data[64..128].fill(b'a'); // mini sector 1
        data[512..516].copy_from_slice(&END_OF_CHAIN.to_le_bytes()); // mini FAT: 0 ends
        data[516..520].copy_from_slice(&0u32.to_le_bytes()); // 1 -> 0
        let mut b = compound(&fat, 1, 4, &entries, &data);
        b[60..64].copy_from_slice(&3u32.to_le_bytes());
        let c = open(&b).unwrap().unwrap();
        let mut expected = vec![b'a'; 64];
        expected.extend([b'b'; 36]);
        assert_eq!(c.stream(&["Workbook", "Book"]), Ok(Some(expected)));
        // A stream starting at mini sector 9, past the 8 of the mini stream: unreadable.
        let mut b = b.clone();
        let e = 512 * 2 + ENTRY; // the second directory entry
        b[e + 116..e + 120].copy_from_slice(&9u32.to_le_bytes());
        let c = open(&b).unwrap().unwrap();
        let err = c.stream(&["Book"]).unwrap_err();
        assert_eq!(err.key(), "compound.unreadable_stream");
    }

    #[test]
    fn what_is_not_a_compound_file_is_left_to_calamine() {
        assert!(matches!(open(b"not a compound file at all"), Ok(None)));
        assert!(matches!(open(&[0u8; 600]), Ok(None)));
    }
}
