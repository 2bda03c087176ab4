//! Little-endian numbers read at an offset of a byte slice: the binary structures of an .xls
//! file (its compound-file header and directory, its BIFF records) are little-endian.

/// The u16 at `at`. The caller has checked that `bytes` holds it.
pub(super) fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

/// The u32 at `at`. The caller has checked that `bytes` holds it.
pub(super) fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}
