//! The project on disk: its settings (`bogbinder.toml`), the one rule for which files each part
//! may read, and `init`, which makes a new project.

pub mod config;
pub mod files;
pub mod init;
