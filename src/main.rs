//! mobistat binary.
fn main() {}
