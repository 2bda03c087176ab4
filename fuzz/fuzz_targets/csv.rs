//! Fuzzes the .csv reader: any bytes, read as a .csv file, must give rows or one error, never a
//! panic, a hang or unbounded memory.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    mobistat::ingest::fuzz_read("csv", data);
});
