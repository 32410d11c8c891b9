//! qr (being written)
