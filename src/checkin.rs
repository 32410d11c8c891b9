//! checkin (being written)
