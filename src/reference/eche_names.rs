//! Partners known only by their Erasmus code get their name from the ECHE list: the row rules
//! named them by the code (with a warning), and with `[reference] eche` the list's legal name
//! replaces it.

use super::eche::EcheList;
use crate::schema::text_column::plain;
use crate::schema::TableKind;
use crate::tables::Tables;
use polars::prelude::*;

/// Replaces, in the partners and mobilities tables, every partner_name that is the row's own
/// Erasmus code by the ECHE list's legal name for that code. Returns how many were named.
pub fn name_from_list(tables: &mut Tables, list: &EcheList) -> PolarsResult<usize> {
    let mut named = 0;
    for table in [TableKind::Partners, TableKind::Mobilities] {
        let Some(df) = tables.frames.get_mut(&table) else {
            continue;
        };
        let names = plain(df.column("partner_name")?)?;
        let codes = plain(df.column("partner_erasmus_code")?)?;
        let mut changed = 0;
        let renamed: StringChunked = names
            .iter()
            .zip(codes.iter())
            .map(|(name, code)| match (name, code) {
                (Some(n), Some(c)) if n == c => match list.get(c) {
                    Some(entry) => {
                        changed += 1;
                        Some(entry.legal_name.clone())
                    }
                    None => Some(n.to_string()),
                },
                (n, _) => n.map(str::to_string),
            })
            .collect();
        if changed > 0 {
            // Back to the column's own type: the tables join and compare it as categories.
            let renamed = renamed
                .with_name("partner_name".into())
                .into_column()
                .cast(df.column("partner_name")?.dtype())?;
            df.replace("partner_name", renamed)?;
            named += changed;
        }
    }
    Ok(named)
}
