//! placeholder
use super::{Home, Layout, Note};
use crate::ingest::Cell;

#[derive(Default)]
pub(crate) struct Bm {
    _home: Home,
}

impl Bm {
    #[allow(dead_code)]
    pub fn new(home: Home) -> Self {
        Bm { _home: home }
    }
}

impl Layout for Bm {
    fn header(&mut self, _cells: &[Cell]) -> bool {
        false
    }
    fn fields(&self) -> &'static [&'static str] {
        &[]
    }
    fn row(
        &mut self,
        _: &[Cell],
        _: &mut Vec<Cell>,
        _: &mut Vec<Option<usize>>,
        _: &mut Vec<Note>,
    ) {
    }
}
