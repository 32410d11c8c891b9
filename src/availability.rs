//! availability (being written)
