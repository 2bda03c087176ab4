//! The nine output files, one module each, and the columns the two student exports share.

pub mod accueil;
pub mod formations;
pub mod incoming;
pub mod inscrits;
pub mod partenaires;
pub mod projets;
pub mod sortantes;
pub mod staff;
pub mod subventions;

use crate::cells::{text, Value};
use crate::labels::Lang;
use crate::mobility::Mobility;

/// The columns from the activity to the Erasmus+ project, which the MoveON and the
/// Mobility-Online exports both write in this order, in their own language; `country` and
/// `nationality` as the export spells them.
fn mobility_cells(lang: Lang, m: &Mobility, country: &str, nationality: &str) -> Vec<Value> {
    vec![
        text(lang.activity(m.activity)),
        text(lang.funding(m.funding)),
        text(lang.programme(m.programme)),
        text(lang.level(m.level)),
        text(m.host.name),
        text(m.host.code),
        text(country),
        text(m.host.city),
        text(nationality),
        text(lang.gender(m.gender)),
        Value::Date(m.start),
        Value::Date(m.end),
        text(lang.yes_no(m.fewer_opportunities)),
        text(lang.yes_no(m.green_travel)),
        text(m.project().unwrap_or("")),
    ]
}
