//! The bundled demo (inputs/ and mobistat.toml) runs with no arguments.
