//! walk_order (being written)
