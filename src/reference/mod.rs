//! Reference lists mobistat checks data against or groups it by: the Commission's list of
//! Erasmus Charter (ECHE) holders, and the Erasmus+ Programme Guide's partner-country regions.

pub mod eche;
pub mod eche_check;
pub mod eche_names;
pub mod regions;
