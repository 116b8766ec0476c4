//! The project on disk: its settings (`bogbinder.toml`), the one rule for which files each part
//! may read, and `init`, which makes a new project.

pub mod config;
pub mod files;
pub mod init;
pub mod new_page;

/// The handbook's texts, and everything else a project publishes.
pub const CONTENT_DIR: &str = "content";
/// The private books folder inside `content/`, skipped by the handbook.
pub const BOOKS_DIR: &str = "boeger";
/// Larger Markdown files are refused: they are almost surely a mistake (a pasted binary, a log).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Processed photos are kept here between builds (ignored by git).
pub const CACHE_DIR: &str = ".bogbinder-cache";
