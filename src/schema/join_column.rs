//! One column of a file read on several threads: the pieces the threads built, joined in the
//! file's order.

use polars::prelude::*;

/// The rows `order` picks from `pieces` laid end to end, the pieces dropped. A column of one
/// value in every piece stays a column of one value, as a single builder would have made it.
pub(super) fn join_column(pieces: Vec<Column>, order: &IdxCa) -> PolarsResult<Column> {
    let filled: Vec<&Column> = pieces.iter().filter(|c| !c.is_empty()).collect();
    let uniform = match filled.first() {
        Some(Column::Scalar(first)) => filled.iter().all(|c| match c {
            Column::Scalar(other) => other.scalar() == first.scalar(),
            _ => false,
        }),
        _ => false,
    };
    if uniform {
        if let Some(Column::Scalar(first)) = filled.first() {
            return Ok(Column::new_scalar(
                first.name().clone(),
                first.scalar().clone(),
                order.len(),
            ));
        }
    }
    let mut joined = pieces[0].clone();
    for piece in &pieces[1..] {
        joined.append(piece)?;
    }
    // Text rows taken across several chunks are copied value by value into new buffers;
    // from one chunk only their views are, so each distinct value stays stored once.
    if joined.dtype() == &DataType::String {
        joined = joined.rechunk();
    }
    let taken = joined.take(order);
    // The pieces were built on reading threads that have ended: their memory is reused only
    // once collected.
    drop((joined, pieces));
    crate::memory::release();
    taken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(rows: &[IdxSize]) -> IdxCa {
        IdxCa::from_vec("order".into(), rows.to_vec())
    }

    #[test]
    fn text_pieces_are_joined_in_the_given_order_into_one_chunk() {
        // Rows 0-1 from the first piece, row 2 from the second; file order 2, 0, 1.
        let pieces = vec![
            Column::new("partner_name".into(), ["Uni A", "Uni B"]),
            Column::new("partner_name".into(), ["Uni C"]),
        ];
        let joined = join_column(pieces, &order(&[2, 0, 1])).unwrap();
        let text = joined.str().unwrap();
        assert_eq!(
            text.iter().collect::<Vec<_>>(),
            vec![Some("Uni C"), Some("Uni A"), Some("Uni B")]
        );
        assert_eq!(text.chunks().len(), 1);
    }

    #[test]
    fn pieces_of_one_value_stay_one_value_and_others_are_written_out() {
        let scalar = |v: &str, len| {
            Column::new_scalar(
                "source_file".into(),
                Scalar::new(DataType::String, AnyValue::StringOwned(v.into())),
                len,
            )
        };
        let same = join_column(
            vec![scalar("a.csv", 2), scalar("a.csv", 1)],
            &order(&[0, 2]),
        );
        let same = same.unwrap();
        assert!(matches!(same, Column::Scalar(_)));
        assert_eq!(same.len(), 2);
        // Different values in the pieces: each row keeps its own (rows 2 then 0).
        let mixed = join_column(
            vec![scalar("a.csv", 2), scalar("b.csv", 1)],
            &order(&[2, 0]),
        );
        let mixed = mixed.unwrap();
        let text = mixed.str().unwrap();
        assert_eq!(
            text.iter().collect::<Vec<_>>(),
            vec![Some("b.csv"), Some("a.csv")]
        );
    }
}
