//! A canonical text column read as text, whether Polars stores it as strings (identifiers) or
//! as categories (values that repeat: countries, programmes, partners, vocabularies).

use polars::prelude::*;

/// A text column borrowed from a frame, read row by row or whole.
#[derive(Clone, Copy)]
pub enum TextColumn<'a> {
    /// No such column (or not a text one): every row reads as null.
    Missing,
    Plain(&'a StringChunked),
    Coded(&'a Categorical32Chunked),
}

impl<'a> TextColumn<'a> {
    /// The column `name` of `df`.
    pub fn of(df: &'a DataFrame, name: &str) -> Self {
        match df.column(name) {
            Ok(column) => Self::from_column(column),
            Err(_) => TextColumn::Missing,
        }
    }

    /// `column` read as text.
    pub fn from_column(column: &'a Column) -> Self {
        match column.dtype() {
            DataType::String => column.str().map_or(TextColumn::Missing, TextColumn::Plain),
            DataType::Categorical(_, _) => column
                .as_materialized_series()
                .cat32()
                .map_or(TextColumn::Missing, TextColumn::Coded),
            _ => TextColumn::Missing,
        }
    }

    /// Row `i`'s value (None where null).
    pub fn get(&self, i: usize) -> Option<&'a str> {
        match self {
            TextColumn::Missing => None,
            TextColumn::Plain(c) => c.get(i),
            TextColumn::Coded(c) => {
                let id = c.physical().get(i)?;
                c.get_mapping().cat_to_str(id)
            }
        }
    }

    /// Every row's value, in order; `len` rows of nulls for a missing column.
    pub fn values(&self, len: usize) -> Vec<Option<&'a str>> {
        match self {
            TextColumn::Missing => vec![None; len],
            TextColumn::Plain(c) => c.iter().collect(),
            TextColumn::Coded(c) => c.iter_str().collect(),
        }
    }
}

/// `column` as a string column (categories written out as their text).
pub fn plain(column: &Column) -> PolarsResult<StringChunked> {
    Ok(column.cast(&DataType::String)?.str()?.clone())
}

/// `df` with its categorical columns turned into string columns: what indicator tables hand to
/// the renderers, which read text as strings.
pub fn plain_frame(mut df: DataFrame) -> PolarsResult<DataFrame> {
    let coded: Vec<PlSmallStr> = df
        .columns()
        .iter()
        .filter(|c| matches!(c.dtype(), DataType::Categorical(_, _)))
        .map(|c| c.name().clone())
        .collect();
    for name in coded {
        let text = df.column(&name)?.cast(&DataType::String)?;
        df.with_column(text)?;
    }
    Ok(df)
}

/// The text dtype of the columns of repeating values: Polars' global categories, so that
/// columns of different tables and files compare, join and concatenate by id.
pub fn coded_dtype() -> DataType {
    DataType::from_categories(Categories::global())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coded(values: &[Option<&str>]) -> Column {
        Column::new("c".into(), values.to_vec())
            .cast(&coded_dtype())
            .unwrap()
    }

    #[test]
    fn categories_and_strings_read_the_same() {
        let values = [Some("FR"), None, Some("DE"), Some("FR")];
        let plain_column = Column::new("c".into(), values.to_vec());
        let coded_column = coded(&values);
        for column in [&plain_column, &coded_column] {
            let text = TextColumn::from_column(column);
            assert_eq!(text.values(4), values.to_vec());
            assert_eq!(text.get(2), Some("DE"));
            assert_eq!(text.get(1), None);
        }
        assert_eq!(TextColumn::Missing.values(2), vec![None, None]);
    }

    #[test]
    fn a_frame_comes_out_with_strings_only() {
        let df = DataFrame::new(
            2,
            vec![
                coded(&[Some("b"), Some("a")]),
                Column::new("n".into(), [1i64, 2]),
            ],
        )
        .unwrap();
        let out = plain_frame(df).unwrap();
        assert_eq!(out.column("c").unwrap().dtype(), &DataType::String);
        let text: Vec<_> = out.column("c").unwrap().str().unwrap().iter().collect();
        assert_eq!(text, [Some("b"), Some("a")]);
        assert_eq!(out.column("n").unwrap().dtype(), &DataType::Int64);
    }
}
