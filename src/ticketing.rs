//! ticketing (being written)
