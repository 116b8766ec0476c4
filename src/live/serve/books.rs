//! Book previews in `bogbinder serve`: `/__boeger/` lists the project's books and
//! `/__boeger/<name>/` shows one. A book is built in memory on its first request (the same steps as
//! `bogbinder book`, without the PDF), kept, and built again when its files change. If a rebuild
//! fails, the last good book stays served and its problems are reported.
//!
//! Books live only here: never in the handbook engine, never written to any output folder. Only the
//! photo cache (`.bogbinder-cache/`) is shared with `bogbinder book`, so an edit to the text does
//! not process the photos again. Books are served only by the private listener (this machine only;
//! see `guard.rs` and `http.rs`).

use crate::book::{self, BookKind, BookRequest, Prepared};
use crate::error::{Diagnostic, Diagnostics, Error};
use crate::handbook::load::CONTENT_DIR;
use crate::handbook::markdown::escape_html;
use crate::media::images::PhotoCache;
use crate::project::config::{Config, CONFIG_FILE};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The address of the book list, as the live script names it.
pub const LIST_KEY: &str = "__boeger/index.html";

pub struct Books {
    root: PathBuf,
    cache: PhotoCache,
    entries: Mutex<BTreeMap<String, Entry>>,
    /// One build at a time: builds use both cores already (photos in parallel), and a request and
    /// the watcher must not build the same book twice.
    building: Mutex<()>,
}

struct Entry {
    kind: BookKind,
    /// The last book that built; kept while a later edit is broken.
    good: Option<Arc<Preview>>,
    problems: Diagnostics,
}

struct Preview {
    prepared: Prepared,
    /// Made on the first request for it: typst is too slow to run on every save.
    pdf: Mutex<Option<Arc<[u8]>>>,
}

/// What a request inside a book gets.
pub enum Answer {
    /// A file of the book, with the name that decides its content type.
    File {
        name: String,
        bytes: Arc<[u8]>,
    },
    /// The book has never built: its problems.
    Broken(Diagnostics),
    Missing,
}

/// What the watcher's changes did to the open books.
#[derive(Default)]
pub struct BooksUpdate {
    /// Preview paths that show something new (for the live script).
    pub changed: Vec<String>,
    /// Books built again without problems.
    pub rebuilt: Vec<String>,
    /// Books whose rebuild failed, with why.
    pub failed: Vec<(String, Diagnostics)>,
}

impl Books {
    pub fn new(root: &Path) -> Books {
        Books {
            root: root.to_path_buf(),
            cache: book::photo_cache(root),
            entries: Mutex::new(BTreeMap::new()),
            building: Mutex::new(()),
        }
    }

    /// A file of book `name` (`index.html`, `billeder/01.jpg`, `<name>.pdf`), building the book
    /// first if it has not been asked for before. The flag says a first build failed just now.
    pub fn get(&self, name: &str, file: &str) -> (Answer, bool) {
        let Some((good, problems, fresh)) = self.ensure(name) else {
            return (Answer::Missing, false);
        };
        let Some(preview) = good else {
            return (Answer::Broken(problems), fresh);
        };
        (preview.answer(file, name), fresh)
    }

    /// Whether book `name` is known or exists (for redirecting `/__boeger/<name>` to the folder).
    pub fn exists(&self, name: &str) -> bool {
        self.lock().contains_key(name) || self.kind(name).is_some()
    }

    /// Every open book's problems, by book name.
    pub fn problems(&self) -> Vec<(String, Diagnostic)> {
        self.lock()
            .iter()
            .flat_map(|(name, e)| e.problems.0.iter().map(|d| (name.clone(), d.clone())))
            .collect()
    }

    /// Builds again the open books that `paths` (absolute; files or folders) may change.
    pub fn update(&self, paths: &[PathBuf]) -> BooksUpdate {
        let mut out = BooksUpdate::default();
        let open: Vec<(String, BookKind)> = self
            .lock()
            .iter()
            .map(|(n, e)| (n.clone(), e.kind))
            .collect();
        let content = self.root.join(CONTENT_DIR);
        let books_dir = book::books_content_dir(&self.root);
        // A book may have come or gone, or been renamed: the list shows it.
        if paths.iter().any(|p| {
            *p == self.root
                || *p == content
                || p.starts_with(&books_dir)
                || *p == self.root.join(CONFIG_FILE)
        }) {
            out.changed.push(LIST_KEY.to_string());
        }
        for (name, kind) in open {
            if !self.affected(&name, kind, paths) {
                continue;
            }
            let _building = self.building.lock().unwrap_or_else(|e| e.into_inner());
            let result = self.build(&name);
            let mut entries = self.lock();
            match result {
                None => {
                    // The book is gone: its address answers 404 from now on.
                    entries.remove(&name);
                    out.changed.extend(book_keys(&name));
                }
                Some(Ok(prepared)) => {
                    let entry = entries.entry(name.clone()).or_insert_with(|| Entry {
                        kind,
                        good: None,
                        problems: Diagnostics::default(),
                    });
                    entry.good = Some(Arc::new(Preview::new(prepared)));
                    entry.problems = Diagnostics::default();
                    out.changed.extend(book_keys(&name));
                    out.rebuilt.push(name);
                }
                Some(Err(problems)) => {
                    if let Some(entry) = entries.get_mut(&name) {
                        entry.problems = problems.clone();
                    }
                    out.failed.push((name, problems));
                }
            }
        }
        if !out.changed.is_empty() && !out.changed.iter().any(|c| c == LIST_KEY) {
            // The list marks books with problems.
            out.changed.push(LIST_KEY.to_string());
        }
        out
    }

    /// The book list in Danish, each book with a link to its preview and its PDF, and one to the
    /// handbook (`handbook_url`: it is on another port).
    pub fn list_html(&self, handbook_url: &str) -> String {
        let config = Config::load(&self.root).ok();
        let listed = config
            .as_ref()
            .map(|c| book::list(&self.root, c))
            .unwrap_or_default();
        let broken: Vec<String> = self
            .lock()
            .iter()
            .filter(|(_, e)| !e.problems.is_empty())
            .map(|(n, _)| n.clone())
            .collect();
        let section = |kind: BookKind, heading: &str, none: &str| -> String {
            let items: String = listed
                .iter()
                .filter(|b| b.kind == kind)
                .map(|b| {
                    let name = escape_html(&b.name);
                    let flag = if broken.contains(&b.name) {
                        " <strong class=\"fejl\">har fejl</strong>"
                    } else {
                        ""
                    };
                    format!(
                        "<li><a href=\"{name}/\">{}</a> <span class=\"navn\">({name})</span>{flag} · <a href=\"{name}/{name}.pdf\">PDF</a></li>\n",
                        escape_html(&b.title)
                    )
                })
                .collect();
            if items.is_empty() {
                format!("<h2>{heading}</h2>\n<p>{none}</p>\n")
            } else {
                format!("<h2>{heading}</h2>\n<ul>\n{items}</ul>\n")
            }
        };
        let warning = if config.is_none() {
            "<p class=\"fejl\">bogbinder.toml kan ikke læses, så kompendierne kan ikke vises. Ret filen og gem den.</p>\n"
        } else {
            ""
        };
        format!(
            "{HEAD}<title>Bøger i projektet</title>{STYLE}</head><body><main>\n<h1>Bøger i projektet</h1>\n\
             <p>Her kan du se projektets bøger, mens du skriver. De vises kun på denne maskine og kommer aldrig med i håndbogen. \
             Siden opdaterer sig selv, når du gemmer en fil i bogen.</p>\n{warning}{}{}\
             <p>PDF'en laves, når du beder om den, og tager lidt tid. Byg en bog til print og aflevering med <code>bogbinder book NAVN</code>.</p>\n\
             <p><a href=\"{}\">Til håndbogen</a></p>\n</main></body></html>\n",
            section(
                BookKind::BarnetsBog,
                "Barnets bøger",
                "Der er ingen barnets bog endnu. Lav en med <code>bogbinder new bog \"Navn\"</code>."
            ),
            section(
                BookKind::Kompendium,
                "Kompendier",
                "Der er ingen kompendier i bogbinder.toml."
            ),
            escape_html(handbook_url),
        )
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Entry>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn kind(&self, name: &str) -> Option<BookKind> {
        match Config::load(&self.root) {
            Ok(config) => book::kind_of(&self.root, &config, name),
            // Without settings a compendium cannot be found, but a child's book still can.
            Err(_) => book::books_content_dir(&self.root)
                .join(name)
                .join(book::barnetsbog::BOOK_FILE)
                .is_file()
                .then_some(BookKind::BarnetsBog),
        }
    }

    /// The book's state, built now if it is asked for the first time; `None` if there is no such
    /// book. The flag is true when this call built it and it failed.
    fn ensure(&self, name: &str) -> Option<(Option<Arc<Preview>>, Diagnostics, bool)> {
        let known = |entries: &BTreeMap<String, Entry>| {
            entries
                .get(name)
                .map(|e| (e.good.clone(), e.problems.clone(), false))
        };
        if let Some(state) = known(&self.lock()) {
            return Some(state);
        }
        let kind = self.kind(name)?;
        let _building = self.building.lock().unwrap_or_else(|e| e.into_inner());
        // Another request may have built it while this one waited.
        if let Some(state) = known(&self.lock()) {
            return Some(state);
        }
        let entry = match self.build(name)? {
            Ok(prepared) => Entry {
                kind,
                good: Some(Arc::new(Preview::new(prepared))),
                problems: Diagnostics::default(),
            },
            Err(problems) => Entry {
                kind,
                good: None,
                problems,
            },
        };
        let state = (
            entry.good.clone(),
            entry.problems.clone(),
            entry.good.is_none(),
        );
        self.lock().insert(name.to_string(), entry);
        Some(state)
    }

    /// Builds book `name` in memory; `None` if the project has no such book (any more).
    fn build(&self, name: &str) -> Option<Result<Prepared, Diagnostics>> {
        let kind = self.kind(name)?;
        let fallback = match kind {
            BookKind::BarnetsBog => Path::new(CONTENT_DIR)
                .join(crate::handbook::load::BOOKS_DIR)
                .join(name)
                .join(book::barnetsbog::BOOK_FILE),
            BookKind::Kompendium => PathBuf::from(CONFIG_FILE),
        };
        let req = BookRequest {
            name: name.to_string(),
            ..BookRequest::default()
        };
        let result = Config::load(&self.root).and_then(|config| {
            let b = book::load(&self.root, &config, &req)?;
            book::prepare(&self.root, &config, b, &self.cache)
        });
        Some(result.map_err(|e| as_diagnostics(e, &self.root, &fallback)))
    }

    fn affected(&self, name: &str, kind: BookKind, paths: &[PathBuf]) -> bool {
        let content = self.root.join(CONTENT_DIR);
        let books_dir = book::books_content_dir(&self.root);
        paths.iter().any(|p| {
            let everything = *p == self.root
                || *p == content
                || *p == self.root.join(CONFIG_FILE)
                || p.starts_with(self.root.join("themes"));
            everything
                || match kind {
                    BookKind::BarnetsBog => *p == books_dir || p.starts_with(books_dir.join(name)),
                    // A compendium is made of handbook pages: any of them may be in it.
                    BookKind::Kompendium => p.starts_with(&content) && !p.starts_with(&books_dir),
                }
        })
    }
}

impl Preview {
    fn new(prepared: Prepared) -> Preview {
        Preview {
            prepared,
            pdf: Mutex::new(None),
        }
    }

    fn answer(&self, file: &str, name: &str) -> Answer {
        let p = &self.prepared;
        let found = |bytes: Arc<[u8]>| Answer::File {
            name: file.to_string(),
            bytes,
        };
        if file == "index.html" || file == p.html_name() {
            return Answer::File {
                name: "index.html".into(),
                bytes: Arc::from(p.html.as_bytes()),
            };
        }
        if file == p.pdf_name() {
            let mut pdf = self.pdf.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(bytes) = pdf.as_ref() {
                return found(Arc::clone(bytes));
            }
            return match p.pdf() {
                Ok(made) => {
                    let bytes: Arc<[u8]> = Arc::from(made.bytes);
                    *pdf = Some(Arc::clone(&bytes));
                    found(bytes)
                }
                Err(e) => {
                    let file = Path::new(CONTENT_DIR)
                        .join(crate::handbook::load::BOOKS_DIR)
                        .join(name);
                    Answer::Broken(as_diagnostics(e, Path::new(""), &file))
                }
            };
        }
        match p.photos.get(file) {
            Some(bytes) => found(Arc::from(bytes)),
            None => Answer::Missing,
        }
    }
}

/// The page of a book that has not built yet: its problems, so the page says why without script.
pub fn broken_html(name: &str, problems: &Diagnostics) -> String {
    let items: String = problems
        .0
        .iter()
        .map(|d| {
            format!(
                "<li><code>{}</code><br>{}{}</li>\n",
                escape_html(&d.location()),
                escape_html(&d.message),
                d.hint
                    .as_deref()
                    .map(|h| format!("<br>→ {}", escape_html(h)))
                    .unwrap_or_default()
            )
        })
        .collect();
    format!(
        "{HEAD}<title>Bogen kan ikke bygges</title>{STYLE}</head><body><main>\n<h1>Bogen „{}“ kan ikke bygges lige nu</h1>\n\
         <p>Ret fejlen herunder og gem filen; så vises bogen her.</p>\n<ol>\n{items}</ol>\n\
         <p><a href=\"/__boeger/\">Alle bøger</a></p>\n</main></body></html>\n",
        escape_html(name)
    )
}

const HEAD: &str = "<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">";
const STYLE: &str = "<style>body{font:17px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a}main{max-width:44rem;margin:2rem auto;padding:0 1rem}.navn{color:#555}.fejl{color:#b00020}li{margin:.4rem 0}code{background:#f3f3f3;padding:0 .2rem}</style>";

/// The preview paths of a book that the live script compares with its own address.
fn book_keys(name: &str) -> Vec<String> {
    vec![
        format!("__boeger/{name}/index.html"),
        format!("__boeger/{name}/{name}.html"),
    ]
}

/// Any failure as diagnostics, so it can be shown like a content problem.
fn as_diagnostics(e: Error, root: &Path, fallback: &Path) -> Diagnostics {
    e.into_diagnostics(root, fallback)
}
