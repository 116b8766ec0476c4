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
//!
//! The entry points are at the crate root, one per command of the binary:
//!
//! ```no_run
//! # fn main() -> bogbinder::Result<()> {
//! let root = bogbinder::find_root(std::path::Path::new(".")).expect("a bogbinder.toml");
//! let handbook = bogbinder::Handbook::load(&root)?; // read, resolved, checked against the theme
//! handbook.check()?; // every output rendered in memory, the books checked; nothing written
//! let report = handbook.build(None)?; // written to output/, swapped in only on success
//! println!("{} sider", report.pages);
//! # Ok(())
//! # }
//! ```
//!
//! The modules stay public for the tests, benchmarks and fuzz targets, which reach into the
//! pipeline's steps; a program using bogbinder needs only what is re-exported here.

pub mod book;
mod error;
pub mod handbook;
pub mod live;
pub mod media;
pub mod output;
pub mod problems;
pub mod project;
pub mod text;

pub use book::scaffold::new_book;
pub use book::{build as build_book, BookReport, BookRequest};
pub use error::{take_warnings, Diagnostic, Diagnostics, Error, Result};
pub use handbook::BuildReport;
pub use live::serve::{serve, Options as ServeOptions};
pub use project::config::Config;
pub use project::init::init;

use std::path::Path;

/// A handbook read from `content/`, resolved and checked against its theme: what `build`,
/// `check` and the preview start from, like Zola's `Site` or mdBook's `MDBook`.
pub struct Handbook {
    site: handbook::resolve::Site,
    theme: handbook::theme::Theme,
    /// When loading began, so a build reports the whole time taken.
    loaded_at: std::time::Instant,
}

impl Handbook {
    /// Loads the project in `root`. All problems found are returned together.
    pub fn load(root: &Path) -> Result<Handbook> {
        let loaded_at = std::time::Instant::now();
        let (site, theme) = handbook::load(root)?;
        Ok(Handbook {
            site,
            theme,
            loaded_at,
        })
    }

    pub fn config(&self) -> &Config {
        &self.site.handbook.config
    }

    /// How many pages the handbook has.
    pub fn page_count(&self) -> usize {
        self.site.handbook.pages.len()
    }

    /// The resolved site, for the search index and benchmarks.
    pub fn site(&self) -> &handbook::resolve::Site {
        &self.site
    }

    /// Renders every output in memory and checks every book, writing nothing.
    pub fn check(&self) -> Result<()> {
        handbook::render_check(&self.site, &self.theme).into_result()?;
        // The books too: what they read, and what a compendium takes from the handbook.
        book::check_all(&self.site.handbook.root, self.config()).into_result()
    }

    /// Writes the handbook to its output folder (or `output`, relative to the project),
    /// replacing the old output only when everything succeeded.
    pub fn build(&self, output: Option<&Path>) -> Result<BuildReport> {
        handbook::build_loaded(&self.site, &self.theme, output, self.loaded_at)
    }

    /// [`Handbook::build`], with the whole handbook as one PDF beside it when `pdf` (`build
    /// --pdf`) or the setting `pdf = true` asks for it (see [`book::handbook_pdf`]).
    pub fn build_with_pdf(mut self, output: Option<&Path>, pdf: bool) -> Result<BuildReport> {
        if !(pdf || self.config().pdf) {
            return self.build(output);
        }
        // The print view links the PDF when there is one.
        self.site.handbook.config.pdf = true;
        let made = book::handbook_pdf::render(&self.site)?;
        let name = book::handbook_pdf::file_name(self.config());
        let mut report = handbook::build_loaded_with(
            &self.site,
            &self.theme,
            output,
            self.loaded_at,
            vec![(name.clone(), made.bytes)],
        )?;
        report.pdf = Some((name, made.pages));
        Ok(report)
    }
}

/// Loads and builds the handbook in `root` (`bogbinder build`).
pub fn build(root: &Path, output: Option<&Path>) -> Result<BuildReport> {
    Handbook::load(root)?.build(output)
}

/// [`build`] with the handbook's PDF when `pdf` or the setting asks for it (`bogbinder build --pdf`).
pub fn build_with_pdf(root: &Path, output: Option<&Path>, pdf: bool) -> Result<BuildReport> {
    Handbook::load(root)?.build_with_pdf(output, pdf)
}

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
