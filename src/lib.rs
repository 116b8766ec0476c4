//! bogbinder: static handbooks and printable books for Danish child-welfare work.
//!
//! The pipeline runs one way: [`content`] loads a project into an in-memory [`content::Handbook`],
//! [`resolve`] renders Markdown and works out references, backlinks and taxonomies into a
//! [`resolve::Site`], [`render`] turns that into template contexts, and [`site`] writes the
//! result through [`output`], which swaps it in only when everything succeeded. Every file is read
//! through [`files`], the one rule for what each part of the project may read.

pub mod asset_screen;
pub mod book;
pub mod config;
pub mod content;
pub mod error;
pub mod files;
pub mod frontmatter;
pub mod i18n;
pub mod images;
pub mod incremental;
pub mod init;
pub mod markdown;
pub mod output;
pub mod outputs;
pub mod pdf;
pub mod privacy;
pub mod render;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod site;
pub mod stemming;
pub mod theme;
pub mod toml_message;

pub use error::{Diagnostic, Diagnostics, Error, Result};

/// Finds the project root: the nearest folder at or above `start` that has a `bogbinder.toml`.
pub fn find_root(start: &std::path::Path) -> Option<std::path::PathBuf> {
    let start = if start.is_absolute() {
        start.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(start)
    };
    start
        .ancestors()
        .find(|d| d.join(config::CONFIG_FILE).is_file())
        .map(|d| d.to_path_buf())
}
