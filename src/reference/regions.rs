//! The Erasmus+ Programme Guide's regions of third countries not associated to the programme.
