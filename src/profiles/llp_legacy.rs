//! placeholder
use super::{Home, Layout, Note};
use crate::ingest::Cell;

#[derive(Default)]
pub(crate) struct Llp {
    _home: Home,
}

impl Llp {
    #[allow(dead_code)]
    pub fn new(home: Home) -> Self {
        Llp { _home: home }
    }
}

impl Layout for Llp {
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
