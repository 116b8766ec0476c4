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
//! // written to output/ (each audience edition to its folder), swapped in only on success
//! for report in handbook.build(None)? {
//!     println!("{} sider", report.pages);
//! }
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
pub mod timing;

pub use book::scaffold::new_book;
pub use book::{build as build_book, BookReport, BookRequest};
pub use error::{take_warnings, Diagnostic, Diagnostics, Error, Result};
pub use handbook::BuildReport;
pub use live::serve::{serve, Options as ServeOptions};
pub use project::config::Config;
pub use project::init::init;

use std::path::Path;

/// A handbook read from `content/`, resolved and checked against its theme: what `build`,
/// `check` and the preview start from, like Zola's `Site` or mdBook's `MDBook`. With audience
/// editions (`[[udgaver]]`) it holds one resolved site per edition.
pub struct Handbook {
    sites: Vec<handbook::resolve::Site>,
    theme: handbook::theme::Theme,
    /// When loading began, so a build reports the whole time taken.
    loaded_at: std::time::Instant,
}

impl Handbook {
    /// Loads the project in `root`. All problems found are returned together.
    pub fn load(root: &Path) -> Result<Handbook> {
        let loaded_at = std::time::Instant::now();
        let (sites, theme) = handbook::load_all(root)?;
        Ok(Handbook {
            sites,
            theme,
            loaded_at,
        })
    }

    pub fn config(&self) -> &Config {
        &self.sites[0].handbook.config
    }

    /// How many pages the handbook has (in its first edition, if it has editions).
    pub fn page_count(&self) -> usize {
        self.sites[0].handbook.pages.len()
    }

    /// The resolved site (the first edition's, if there are editions), for the search index and
    /// benchmarks.
    pub fn site(&self) -> &handbook::resolve::Site {
        &self.sites[0]
    }

    /// Every resolved site: one per audience edition, or the one handbook.
    pub fn sites(&self) -> &[handbook::resolve::Site] {
        &self.sites
    }

    /// Renders every output of every edition in memory and checks every book, writing nothing.
    pub fn check(&self) -> Result<()> {
        let mut problems = Diagnostics::default();
        for site in &self.sites {
            problems.extend(handbook::render_check(site, &self.theme).0);
        }
        problems.sorted().into_result()?;
        // The books too: what they read, and what a compendium takes from the handbook.
        book::check_all(&self.sites[0].handbook.root, self.config()).into_result()
    }

    /// Writes the handbook (each edition) to its output folder (or under `output`, relative to
    /// the project), replacing the old output only when everything succeeded.
    pub fn build(&self, output: Option<&Path>) -> Result<Vec<BuildReport>> {
        handbook::build_all(&self.sites, &self.theme, output, self.loaded_at, Vec::new())
    }

    /// [`Handbook::build`], with the whole handbook (each edition) as one PDF beside it when
    /// `pdf` (`build --pdf`) or the setting `pdf = true` asks for it, or as volumes beyond
    /// `pdf_max_sider` pages (see [`book::handbook_pdf::render_all`]).
    pub fn build_with_pdf(mut self, output: Option<&Path>, pdf: bool) -> Result<Vec<BuildReport>> {
        if !(pdf || self.config().pdf) {
            return self.build(output);
        }
        let mut extra = Vec::with_capacity(self.sites.len());
        let mut made_pages = Vec::with_capacity(self.sites.len());
        for site in &mut self.sites {
            // One PDF, or volumes for a handbook too large for one: the print view links only one.
            let made = book::handbook_pdf::render_all(site)?;
            site.handbook.config.pdf = made.len() == 1;
            let pages = made.iter().map(|(_, pdf)| pdf.pages).sum();
            made_pages.push((made[0].0.clone(), pages, made.len()));
            extra.push(
                made.into_iter()
                    .map(|(name, pdf)| (name, pdf.bytes))
                    .collect(),
            );
        }
        let mut reports =
            handbook::build_all(&self.sites, &self.theme, output, self.loaded_at, extra)?;
        for (report, made) in reports.iter_mut().zip(made_pages) {
            report.pdf = Some(made);
        }
        Ok(reports)
    }
}

/// Loads and builds the handbook in `root` (`bogbinder build`): one report per edition.
pub fn build(root: &Path, output: Option<&Path>) -> Result<Vec<BuildReport>> {
    Handbook::load(root)?.build(output)
}

/// [`build`] with the handbook's PDF when `pdf` or the setting asks for it (`bogbinder build --pdf`).
pub fn build_with_pdf(root: &Path, output: Option<&Path>, pdf: bool) -> Result<Vec<BuildReport>> {
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
