//! bogbinder: static handbooks and printable books for Danish child-welfare work.
//!
//! Two pipelines share one content dialect and one rule for files:
//!
//! - the handbook ([`handbook`]): load `content/` → resolve links, backlinks and taxonomies →
//!   render each page for every target → write, swapped in only when everything succeeded
//!   ([`output`]);
//! - the books ([`book`]): a child's barnets bog or a course compendium → a document → HTML and
//!   PDF ([`book::pdf`]), written apart from the handbook.
//!
//! [`live`] is the preview (`serve`), rebuilding only what an edit touched. Every file is read
//! through [`project::files`]; photos are rewritten without metadata by [`media`]; [`text`] holds
//! the language, the CPR guard and other shared text helpers.

pub mod book;
pub mod error;
pub mod handbook;
pub mod live;
pub mod media;
pub mod output;
pub mod problems;
pub mod project;
pub mod text;

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
        .find(|d| d.join(project::config::CONFIG_FILE).is_file())
        .map(|d| d.to_path_buf())
}
