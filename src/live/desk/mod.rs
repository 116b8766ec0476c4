//! The editing desk (`/__skriv/`). Placeholder until desk-server's routing is merged.

pub mod photos;
