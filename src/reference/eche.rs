//! The Commission's list of ECHE holders: reading it, and checking Erasmus codes against it.
