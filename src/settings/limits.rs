//! The `[limits]` section of mobistat.toml: each key raises (or lowers) one of the bounds on
//! what an input may cost (`ingest::limits`); a key left out keeps its default.

use crate::error::{Error, Result};
use crate::i18n::Message;
use crate::ingest::Limits;
use serde::Deserialize;

/// `[limits]` as written; every key optional.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct LimitsFile {
    pub max_part_bytes: Option<u64>,
    pub max_compression_ratio: Option<u64>,
    pub max_rows: Option<u64>,
    pub max_columns: Option<u64>,
    pub max_cell_bytes: Option<u64>,
    pub max_blank_rows: Option<u64>,
    pub max_input_bytes: Option<u64>,
}

impl LimitsFile {
    /// The limits of the run: the defaults, with the keys given. A limit of 0 would refuse
    /// every file, so it is refused here, naming the key. (`max_blank_rows = 0` is allowed:
    /// it refuses files with a blank row.)
    pub fn limits(&self, config: &str) -> Result<Limits> {
        let mut limits = Limits::default();
        let keys: [(&str, Option<u64>, &mut u64, u64); 7] = [
            (
                "max_part_bytes",
                self.max_part_bytes,
                &mut limits.max_part_bytes,
                1,
            ),
            (
                "max_compression_ratio",
                self.max_compression_ratio,
                &mut limits.max_compression_ratio,
                1,
            ),
            ("max_rows", self.max_rows, &mut limits.max_rows, 1),
            ("max_columns", self.max_columns, &mut limits.max_columns, 1),
            (
                "max_cell_bytes",
                self.max_cell_bytes,
                &mut limits.max_cell_bytes,
                1,
            ),
            (
                "max_blank_rows",
                self.max_blank_rows,
                &mut limits.max_blank_rows,
                0,
            ),
            (
                "max_input_bytes",
                self.max_input_bytes,
                &mut limits.max_input_bytes,
                1,
            ),
        ];
        for (key, given, value, least) in keys {
            if let Some(given) = given {
                if given < least {
                    return Err(Error::Config {
                        path: config.to_string(),
                        message: Message::new("config.limit_at_least")
                            .with("key", key)
                            .with("least", least)
                            .with("given", given),
                    });
                }
                *value = given;
            }
        }
        Ok(limits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_given_replace_the_defaults_and_zero_is_refused() {
        let file: LimitsFile = toml::from_str("max_rows = 10\nmax_blank_rows = 0").unwrap();
        let limits = file.limits("mobistat.toml").unwrap();
        assert_eq!((limits.max_rows, limits.max_blank_rows), (10, 0));
        assert_eq!(limits.max_cell_bytes, Limits::default().max_cell_bytes);
        let file: LimitsFile = toml::from_str("max_cell_bytes = 0").unwrap();
        let err = file.limits("mobistat.toml").unwrap_err().to_string();
        assert_eq!(
            err,
            "mobistat.toml: [limits] max_cell_bytes must be at least 1, not 0"
        );
        assert!(toml::from_str::<LimitsFile>("max_cels = 3").is_err());
        // A negative value is refused by its type.
        assert!(toml::from_str::<LimitsFile>("max_rows = -1").is_err());
    }
}
