//! Typed column builders: rows' values are pushed straight into one typed buffer per column
//! (text as a code per row into its distinct values, or, for mostly distinct values, into
//! Polars' own string-view builder), and each buffer becomes one Polars column at the end:
//! repeating text (countries, programmes, partners, vocabularies) as categories, identifiers
//! as strings.

use super::coded_text::Coded;
use super::parse::Value;
use chrono::NaiveDate;
use polars::prelude::*;

/// The storage type of a canonical column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Text of mostly distinct values (identifiers, file names): Polars strings.
    Str,
    /// Text whose values repeat (countries, programmes, partners, vocabularies): Polars
    /// categories, 4 bytes a row instead of a 16-byte string view.
    Cat,
    Int,
    Date,
    Bool,
    Float,
    List,
    Row,
}

/// A text column's storage. It stays `Uniform` while every value is the same (all empty, or a
/// file's name, or a constant from the config): nothing is stored per row, and the column ends
/// as a null or scalar column. The first different value turns it into a column of codes, each
/// distinct value stored once; a column of mostly distinct values (identifiers) then turns
/// into a view builder.
enum Text {
    Uniform(Option<std::sync::Arc<str>>),
    Coded(Coded),
    Built(StringChunkedBuilder),
}

/// A whole-number column's storage, uniform like [`Text`] until a second value comes: a count
/// the export does not have (all null), or the same everywhere (one participant per student
/// mobility), costs nothing per row. (Amounts are not: 0.0 and -0.0 compare equal.)
enum Number<T: PolarsNumericType> {
    Uniform(Option<T::Native>),
    // Polars' own builder: its buffer becomes the column as it is, with no copy.
    Built(PrimitiveChunkedBuilder<T>),
}

impl<T: PolarsNumericType> Number<T> {
    /// Appends `value`; `before` values are already in the column, room for `capacity`.
    fn push(
        &mut self,
        name: &'static str,
        capacity: usize,
        before: usize,
        value: Option<T::Native>,
    ) {
        if let Number::Uniform(current) = self {
            if before == 0 {
                *current = value;
                return;
            }
            if *current == value {
                return;
            }
            let mut builder = PrimitiveChunkedBuilder::new(name.into(), capacity.max(before + 1));
            for _ in 0..before {
                builder.append_option(*current);
            }
            *self = Number::Built(builder);
        }
        if let Number::Built(b) = self {
            b.append_option(value);
        }
    }

    /// The column: a scalar one while uniform.
    fn into_column(self, name: PlSmallStr, len: usize) -> Column
    where
        T::Native: Into<AnyValue<'static>>,
    {
        match self {
            Number::Uniform(None) => Column::full_null(name, len, &T::get_static_dtype()),
            Number::Uniform(Some(v)) => {
                Column::new_scalar(name, Scalar::new(T::get_static_dtype(), v.into()), len)
            }
            Number::Built(b) => b.finish().into_series().into_column(),
        }
    }
}

enum Data {
    /// The text, room for this many rows, and whether the column ends as categories.
    Str(Text, usize, bool),
    Int(Number<Int64Type>, usize),
    // Polars' own builders: their buffers become the column as they are, with no copy.
    Date(PrimitiveChunkedBuilder<Int32Type>),
    Bool(BooleanChunkedBuilder),
    Float(PrimitiveChunkedBuilder<Float64Type>),
    List(Vec<Option<Vec<String>>>),
    Row(PrimitiveChunkedBuilder<UInt32Type>),
}

/// One column under construction.
pub struct ColumnBuilder {
    name: &'static str,
    len: usize,
    data: Data,
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")
}

impl ColumnBuilder {
    /// An empty column of the given type.
    pub fn new(name: &'static str, ty: ColumnType) -> Self {
        Self::with_capacity(name, ty, 0)
    }

    /// An empty column with room for `rows` values (a workbook's dimensions say how many
    /// rows are coming; reserving them avoids the slack of growing by doubling).
    pub fn with_capacity(name: &'static str, ty: ColumnType, rows: usize) -> Self {
        let data = match ty {
            ColumnType::Str => Data::Str(Text::Uniform(None), rows, false),
            ColumnType::Cat => Data::Str(Text::Uniform(None), rows, true),
            ColumnType::Int => Data::Int(Number::Uniform(None), rows),
            ColumnType::Date => Data::Date(PrimitiveChunkedBuilder::new(name.into(), rows)),
            ColumnType::Bool => Data::Bool(BooleanChunkedBuilder::new(name.into(), rows)),
            ColumnType::Float => Data::Float(PrimitiveChunkedBuilder::new(name.into(), rows)),
            ColumnType::List => Data::List(Vec::with_capacity(rows)),
            ColumnType::Row => Data::Row(PrimitiveChunkedBuilder::new(name.into(), rows)),
        };
        ColumnBuilder { name, len: 0, data }
    }

    /// Number of values pushed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when no value was pushed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends one value; a value of another type than the column's is stored as null
    /// (the row builders never do that: every field has one kind).
    pub fn push(&mut self, value: Value) {
        let before = self.len;
        self.len += 1;
        match &mut self.data {
            Data::Str(text, capacity, _) => push_text(self.name, text, *capacity, before, value),
            Data::Int(n, capacity) => {
                let value = match value {
                    Value::Int(i) => Some(i),
                    _ => None,
                };
                n.push(self.name, *capacity, before, value)
            }
            Data::Date(b) => b.append_option(value.date().map(|d| (d - epoch()).num_days() as i32)),
            Data::Bool(b) => b.append_option(match value {
                Value::Bool(v) => Some(v),
                _ => None,
            }),
            Data::Float(b) => b.append_option(match value {
                Value::Float(f) => Some(f),
                Value::Int(i) => Some(i as f64),
                _ => None,
            }),
            Data::List(v) => v.push(match value {
                Value::List(l) => Some(l),
                _ => None,
            }),
            Data::Row(b) => b.append_value(match value {
                Value::Int(i) => i as u32,
                _ => 0,
            }),
        }
    }

    /// Converts to a Polars column.
    pub fn into_column(self) -> PolarsResult<Column> {
        let name: PlSmallStr = self.name.into();
        let series = match self.data {
            Data::Str(text, _, coded) => {
                let column = text_column(text, name, self.len, coded);
                return if coded {
                    column.cast(&super::text_column::coded_dtype())
                } else {
                    Ok(column)
                };
            }
            Data::Int(n, _) => return Ok(n.into_column(name, self.len)),
            Data::Date(b) => b.finish().into_series().cast(&DataType::Date)?,
            Data::Bool(b) => b.finish().into_series(),
            Data::Float(b) => b.finish().into_series(),
            Data::Row(b) => b.finish().into_series(),
            Data::List(v) => {
                let values: usize = v.iter().flatten().map(Vec::len).sum();
                let mut builder = ListStringChunkedBuilder::new(name, v.len(), values);
                for item in &v {
                    match item {
                        Some(list) => builder.append_values_iter(list.iter().map(String::as_str)),
                        None => builder.append_null(),
                    }
                }
                builder.finish().into_series()
            }
        };
        Ok(series.into_column())
    }
}

/// The text column of `text`; as strings, except a coded one of few distinct values, which is
/// categories already (casting it would look every row's text up).
fn text_column(text: Text, name: PlSmallStr, len: usize, coded: bool) -> Column {
    match text {
        Text::Uniform(None) => Column::full_null(name, len, &DataType::String),
        Text::Uniform(Some(v)) => {
            let scalar = Scalar::new(DataType::String, AnyValue::StringOwned(v.as_ref().into()));
            Column::new_scalar(name, scalar, len)
        }
        Text::Coded(c) if coded => c.finish_coded(name).into_column(),
        Text::Coded(c) => c.finish_plain(name).into_series().into_column(),
        Text::Built(b) => b.finish().into_series().into_column(),
    }
}

/// Appends a text value; `before` values are already in the column.
fn push_text(name: &'static str, text: &mut Text, capacity: usize, before: usize, value: Value) {
    if let Text::Uniform(current) = text {
        if before == 0 {
            *current = match value {
                Value::Shared(v) => Some(v),
                other => other.text().map(Into::into),
            };
            return;
        }
        let same = match (current.as_deref(), &value) {
            (None, _) => value.text().is_none(),
            // Memoised values share one allocation: comparing pointers is usually enough.
            (Some(c), Value::Shared(v)) => std::ptr::eq(c, &**v) || c == &**v,
            (Some(c), _) => value.text() == Some(c),
        };
        if same {
            return;
        }
        // The first different value: code the uniform run, then carry on row by row.
        let mut coded = Coded::with_capacity(capacity.max(before + 1));
        let first = match current.take() {
            Some(v) => Value::Shared(v),
            None => Value::Null,
        };
        for _ in 0..before {
            coded.push(&first);
        }
        *text = Text::Coded(coded);
    }
    if let Text::Coded(coded) = text {
        if coded.push(&value) {
            return;
        }
        // Too many distinct values to be worth a code each: views from here on.
        let mut builder = StringChunkedBuilder::new(name.into(), capacity.max(before + 1));
        coded.replay(&mut builder);
        *text = Text::Built(builder);
    }
    if let Text::Built(b) = text {
        b.append_option(value.text());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_typed_polars_columns() {
        let mut dates = ColumnBuilder::new("start_date", ColumnType::Date);
        dates.push(Value::Date(NaiveDate::from_ymd_opt(2024, 9, 2).unwrap()));
        dates.push(Value::Null);
        let col = dates.into_column().unwrap();
        assert_eq!(col.dtype(), &DataType::Date);
        assert_eq!(col.null_count(), 1);

        let mut list = ColumnBuilder::new("programmes", ColumnType::List);
        list.push(Value::List(vec!["A".into(), "B".into()]));
        list.push(Value::Null);
        let col = list.into_column().unwrap();
        assert_eq!(col.dtype(), &DataType::List(Box::new(DataType::String)));
        assert_eq!(col.len(), 2);

        // A column of one value, and one of nothing, store nothing per row.
        let mut file = ColumnBuilder::new("source_file", ColumnType::Str);
        let shared: std::sync::Arc<str> = "in.xlsx".into();
        for _ in 0..3 {
            file.push(Value::Shared(shared.clone()));
        }
        let col = file.into_column().unwrap();
        assert!(matches!(col, Column::Scalar(_)));
        assert_eq!(col.str().unwrap().get(2), Some("in.xlsx"));
        let mut empty = ColumnBuilder::new("gender", ColumnType::Str);
        empty.push(Value::Null);
        empty.push(Value::Null);
        let col = empty.into_column().unwrap();
        assert_eq!(
            (col.len(), col.null_count(), col.dtype()),
            (2, 2, &DataType::String)
        );
        // A null after a run of one value, then a new value: every row keeps its own.
        let mut mixed = ColumnBuilder::new("city", ColumnType::Str);
        for v in [
            Value::Text("Wien".into()),
            Value::Text("Wien".into()),
            Value::Null,
            Value::Text("Graz".into()),
        ] {
            mixed.push(v);
        }
        let col = mixed.into_column().unwrap();
        let ca = col.str().unwrap();
        let got: Vec<Option<&str>> = (0..4).map(|i| ca.get(i)).collect();
        assert_eq!(got, vec![Some("Wien"), Some("Wien"), None, Some("Graz")]);

        // Whole numbers likewise: one value, or none, is a scalar; a second value keeps the
        // run before it.
        let mut participants = ColumnBuilder::new("participants", ColumnType::Int);
        let mut days = ColumnBuilder::new("funded_days", ColumnType::Int);
        let mut varied = ColumnBuilder::new("duration_days", ColumnType::Int);
        for v in [Some(1), Some(1), Some(1)] {
            participants.push(v.map_or(Value::Null, Value::Int));
            days.push(Value::Null);
        }
        for v in [Some(5), Some(5), None, Some(7)] {
            varied.push(v.map_or(Value::Null, Value::Int));
        }
        let col = participants.into_column().unwrap();
        assert!(matches!(col, Column::Scalar(_)));
        assert_eq!(col.dtype(), &DataType::Int64);
        assert_eq!(col.i64().unwrap().get(2), Some(1));
        let col = days.into_column().unwrap();
        assert!(matches!(col, Column::Scalar(_)));
        assert_eq!((col.len(), col.null_count()), (3, 3));
        assert_eq!(col.dtype(), &DataType::Int64);
        let col = varied.into_column().unwrap();
        let got: Vec<Option<i64>> = col.i64().unwrap().iter().collect();
        assert_eq!(got, vec![Some(5), Some(5), None, Some(7)]);

        let mut text = ColumnBuilder::new("name", ColumnType::Str);
        text.push(Value::Text("TU Wien".into()));
        text.push(Value::Null);
        assert_eq!(text.len(), 2);
        let col = text.into_column().unwrap();
        assert_eq!(col.str().unwrap().get(0), Some("TU Wien"));
        assert_eq!(col.null_count(), 1);
    }

    #[test]
    fn repeating_text_ends_as_categories_however_it_was_stored() {
        use crate::schema::text_column::{coded_dtype, TextColumn};
        let column = |values: Vec<Value>| {
            let mut b = ColumnBuilder::new("partner_country", ColumnType::Cat);
            for v in values {
                b.push(v);
            }
            b.into_column().unwrap()
        };
        let text = |v: &str| Value::Text(v.into());
        // One value (scalar), none at all, a few repeating ones (coded), and mostly distinct
        // ones (4,096 rows before the builder gives up coding them, then one more).
        let uniform = column(vec![text("AT"), text("AT")]);
        let empty = column(vec![Value::Null, Value::Null]);
        let coded = column(vec![text("AT"), Value::Null, text("DE"), text("AT")]);
        let distinct = column((0..4097).map(|i| text(&format!("C{i}"))).collect());
        for col in [&uniform, &empty, &coded, &distinct] {
            assert_eq!(col.dtype(), &coded_dtype());
        }
        fn values(col: &Column) -> Vec<Option<&str>> {
            TextColumn::from_column(col).values(col.len())
        }
        assert_eq!(values(&uniform), [Some("AT"), Some("AT")]);
        assert_eq!(values(&empty), [None, None]);
        assert_eq!(values(&coded), [Some("AT"), None, Some("DE"), Some("AT")]);
        assert_eq!(values(&distinct)[4096], Some("C4096"));
        assert_eq!(distinct.len(), 4097);
    }
}
