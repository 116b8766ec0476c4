//! The in-memory model of a handbook and how it is loaded from `content/`.
//!
//! Loading only reads and parses; references are resolved later (see [`crate::handbook::resolve`]). The
//! folder `content/boeger/` is never read here: a child's book cannot reach the handbook because
//! the handbook never loads it.

use crate::error::{Diagnostic, Diagnostics};
use crate::handbook::frontmatter::{self, FrontMatter};
use crate::problems::{ContentProblem, FileProblem, Home, ProjectProblem};
use crate::project::config::Config;
use crate::project::files::Scope;
use crate::text::i18n::slugify;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub use crate::project::files::decode_text;
pub use crate::project::{BOOKS_DIR, CONTENT_DIR, MAX_FILE_BYTES};

/// What a page is, decided by the section folder it lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    Forside,
    Sektion,
    Metode,
    Eksempel,
    Redskab,
    Kursus,
    Side,
}

impl PageKind {
    fn from_top_folder(folder: &str) -> PageKind {
        match folder {
            "metoder" => PageKind::Metode,
            "eksempler" => PageKind::Eksempel,
            "redskaber" => PageKind::Redskab,
            "kurser" => PageKind::Kursus,
            _ => PageKind::Side,
        }
    }
}

/// One content file: a page or a section's `_index.md`.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to `content/` with `/` separators: the key used by `@/` links.
    pub key: String,
    /// Path relative to the project root, for messages.
    pub file: PathBuf,
    pub kind: PageKind,
    /// The URL folder relative to the site root, ending in `/` (empty for the front page).
    pub url: String,
    pub meta: FrontMatter,
    pub title: String,
    /// The Markdown body and the line in the file where it starts.
    pub body: String,
    pub body_line: usize,
    /// Key of the section this page belongs to (`None` only for the front page).
    pub parent: Option<String>,
    /// For `folder/index.md` pages: the folder, whose other files are the page's assets.
    pub bundle_dir: Option<PathBuf>,
}

impl Page {
    pub fn is_section(&self) -> bool {
        matches!(self.kind, PageKind::Sektion | PageKind::Forside)
    }
}

/// The loaded handbook: every page, indexed by its key.
#[derive(Debug, Clone)]
pub struct Handbook {
    pub root: PathBuf,
    pub config: Config,
    pub pages: Vec<Page>,
    pub by_key: HashMap<String, usize>,
    /// Files that exist but could not be loaded. References to them are not reported again, so
    /// a user sees each real problem once.
    pub failed_keys: std::collections::HashSet<String>,
    /// In an audience edition: the pages it leaves out (see [`crate::handbook::editions`]).
    pub left_out: crate::handbook::editions::LeftOut,
}

impl Handbook {
    pub fn get(&self, key: &str) -> Option<&Page> {
        self.by_key.get(key).map(|&i| &self.pages[i])
    }
}

/// Loads every Markdown file under `content/` except the private books folder.
///
/// Returns the handbook of everything that loaded together with the problems found, so later
/// stages can report their own problems too: all errors of a build are reported at once. `Err` only
/// when there is nothing to load at all.
pub fn load(root: &Path, config: Config) -> Result<(Handbook, Diagnostics), Diagnostics> {
    let t = crate::timing::step("load: scan");
    let (files, mut diags) = scan(root)?;
    drop(t);
    let t = crate::timing::step("load: read");
    let scope = Scope::handbook(root);
    let loaded: Vec<Result<Page, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|path| load_page(&scope, root, path))
        .collect();
    drop(t);
    let _t = crate::timing::step("load: assemble");
    let content_dir = root.join(CONTENT_DIR);
    let mut pages = Vec::with_capacity(loaded.len());
    let mut failed_keys = HashSet::new();
    for (r, path) in loaded.into_iter().zip(&files) {
        match r {
            Ok(p) => pages.push(p),
            Err(d) => {
                diags.extend(d);
                failed_keys.insert(content_key(&content_dir, path));
            }
        }
    }
    let handbook = assemble(root, config, pages, failed_keys, &mut diags);
    Ok((handbook, diags))
}

pub use crate::project::files::is_ignored_name;

/// Lists the Markdown files of `content/` (absolute paths), in the order pages are kept in.
pub fn scan(root: &Path) -> Result<(Vec<PathBuf>, Diagnostics), Diagnostics> {
    let content_dir = root.join(CONTENT_DIR);
    // A link named content/ is listed (and reported) like any other link.
    let usable = std::fs::symlink_metadata(&content_dir)
        .is_ok_and(|m| m.is_dir() || m.file_type().is_symlink());
    if !usable {
        let mut diags = Diagnostics::default();
        diags.push(Diagnostic::of(CONTENT_DIR, ProjectProblem::NoContentFolder));
        return Err(diags);
    }
    let (files, problems) = scan_under(root, &content_dir);
    Ok((files, Diagnostics(problems)))
}

/// Lists the Markdown files at or under `path` in `content/` (absolute paths, in scan order), and
/// what may not be there: links (never followed, whatever their name), a `bog.toml` outside the
/// books, a folder that looks like the books folder. Hidden names and the books are skipped: a
/// link into them is refused where it is used (see [`crate::project::files`]).
pub fn scan_under(root: &Path, path: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let content_dir = root.join(CONTENT_DIR);
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let Ok(inside) = path.strip_prefix(&content_dir) else {
        return (files, diags);
    };
    let names: Vec<String> = inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let above = names.len().saturating_sub(1);
    // Inside a hidden folder, the books, or a folder reported as looking like the books.
    if names[..above].iter().any(|n| is_ignored_name(n))
        || (names.len() >= 2
            && (names[0] == BOOKS_DIR || crate::project::files::looks_like_books_dir(&names[0])))
    {
        return (files, diags);
    }
    let depth_of = |e: &walkdir::DirEntry| names.len() + e.depth();
    let mut walker = walkdir::WalkDir::new(path)
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let e = match entry {
            Ok(e) => e,
            Err(e)
                if e.io_error()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) =>
            {
                continue
            }
            Err(e) => {
                diags.push(Diagnostic::of(
                    e.path().map(|p| rel(root, p)).unwrap_or_default(),
                    FileProblem::FolderUnreadable {
                        error: e
                            .io_error()
                            .map(crate::problems::io_words)
                            .unwrap_or_else(|| e.to_string()),
                    },
                ));
                continue;
            }
        };
        // The folder asked for is listed even with an ignorable name only if it is content/.
        let asked_content = e.depth() == 0 && names.is_empty();
        match judge(root, &e, depth_of(&e) == 1, asked_content) {
            Found::Markdown => files.push(e.into_path()),
            Found::Other => {}
            Found::SkippedFolder => walker.skip_current_dir(),
            Found::Refused(d) => diags.push(d),
            Found::RefusedFolder(d) => {
                diags.push(d);
                walker.skip_current_dir();
            }
        }
    }
    (files, diags)
}

/// What the scan makes of one entry of `content/`.
enum Found {
    Markdown,
    /// Not content, or content of another kind (an image is read where a page uses it).
    Other,
    /// A folder whose files are not content: hidden, or the children's books.
    SkippedFolder,
    Refused(Diagnostic),
    RefusedFolder(Diagnostic),
}

/// Judges one entry; `top`: right inside `content/`; `asked_content`: `content/` itself, listed
/// even with an ignorable name.
fn judge(root: &Path, e: &walkdir::DirEntry, top: bool, asked_content: bool) -> Found {
    let name = e.file_name().to_string_lossy();
    let kind = e.file_type();
    if kind.is_symlink() {
        // Emacs marks a file being edited with a link `.#name`; any other link is reported,
        // hidden or not, so a link into the books is seen before anything uses it.
        if crate::project::files::is_editor_lock(&name) {
            return Found::Other;
        }
        let problem = FileProblem::LinkFound {
            home: Home::Content,
        };
        return Found::Refused(Diagnostic::of(rel(root, e.path()), problem));
    }
    if is_ignored_name(&name) && !asked_content {
        return if kind.is_dir() {
            Found::SkippedFolder
        } else {
            Found::Other
        };
    }
    if top && kind.is_dir() && name == BOOKS_DIR {
        return Found::SkippedFolder;
    }
    if top && kind.is_dir() && crate::project::files::looks_like_books_dir(&name) {
        let problem = ContentProblem::LooksLikeBooks {
            name: name.to_string(),
        };
        return Found::RefusedFolder(Diagnostic::of(rel(root, e.path()), problem));
    }
    if kind.is_file() && name.eq_ignore_ascii_case(crate::book::barnetsbog::BOOK_FILE) {
        let problem = ContentProblem::BookTomlOutside;
        return Found::Refused(Diagnostic::of(rel(root, e.path()), problem));
    }
    if kind.is_file() && e.path().extension().is_some_and(|x| x == "md") {
        return Found::Markdown;
    }
    Found::Other
}

/// Makes a handbook of loaded pages (in [`scan`] order): drafts left out, the front page added if
/// missing, parents attached, keys indexed and clashing addresses reported. `failed_keys` are the
/// files that exist but could not be loaded.
pub fn assemble(
    root: &Path,
    config: Config,
    mut pages: Vec<Page>,
    failed_keys: HashSet<String>,
    diags: &mut Diagnostics,
) -> Handbook {
    pages.retain(|p| !p.meta.draft);
    if !pages.iter().any(|p| p.key == "_index.md") {
        pages.push(implicit_front_page(&config));
    }
    attach_parents(&mut pages);

    let mut by_key = HashMap::with_capacity(pages.len());
    let mut by_url: HashMap<&str, usize> = HashMap::with_capacity(pages.len());
    for (i, p) in pages.iter().enumerate() {
        by_key.insert(p.key.clone(), i);
        if let Some(&other) = by_url.get(p.url.as_str()) {
            let problem = ContentProblem::AddressTaken {
                url: p.url.clone(),
                other: pages[other].file.display().to_string(),
            };
            diags.push(Diagnostic::of(&p.file, problem));
        } else {
            by_url.insert(&p.url, i);
        }
    }
    Handbook {
        root: root.to_path_buf(),
        config,
        pages,
        by_key,
        failed_keys,
        left_out: Default::default(),
    }
}

fn rel(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).unwrap_or(p).to_path_buf()
}

fn implicit_front_page(config: &Config) -> Page {
    Page {
        key: "_index.md".into(),
        file: PathBuf::from(CONTENT_DIR).join("_index.md"),
        kind: PageKind::Forside,
        url: String::new(),
        meta: FrontMatter::default(),
        title: config.title.clone(),
        body: String::new(),
        body_line: 1,
        parent: None,
        bundle_dir: None,
    }
}

/// Reads and parses one content file (`path` absolute), with its CPR check. The file is read
/// through the handbook's [`Scope`]: never through a link, never from the books.
pub fn load_page(scope: &Scope, root: &Path, path: &Path) -> Result<Page, Vec<Diagnostic>> {
    let file = rel(root, path);
    let text = scope.read_text(path, &file).map_err(|d| vec![d])?;
    page_from_text(root, path, &text)
}

/// A page from `text` as if it were the file at `path` (absolute), with the same checks as
/// [`load_page`]: the editing desk's preview of a page not saved yet.
pub fn page_from_text(root: &Path, path: &Path, text: &str) -> Result<Page, Vec<Diagnostic>> {
    let file = rel(root, path);
    let content_dir = root.join(CONTENT_DIR);
    let page = parse_page(&content_dir, path, &file, text);
    // CPR numbers are looked for even when the rest of the file has errors.
    let allow_cpr = page.as_ref().map(|p| p.meta.allow_cpr).unwrap_or(false);
    let mut problems = if allow_cpr {
        Vec::new()
    } else {
        let mut found = crate::text::privacy::cpr_diagnostics(text, &file);
        found.extend(crate::text::privacy::cpr_in_name(&file));
        found
    };
    match page {
        Ok(p) if problems.is_empty() => Ok(p),
        Ok(_) => Err(problems),
        Err(d) => {
            problems.insert(0, d);
            Err(problems)
        }
    }
}

fn parse_page(
    content_dir: &Path,
    path: &Path,
    file: &Path,
    text: &str,
) -> Result<Page, Diagnostic> {
    let file = file.to_path_buf();
    let key = content_key(content_dir, path);
    let split = frontmatter::split(text, &file)?;
    let meta = frontmatter::parse(&split, &file)?;

    let segments: Vec<&str> = key.split('/').collect();
    let file_name = *segments.last().unwrap_or(&"");
    let folders = &segments[..segments.len() - 1];
    let is_section = file_name == "_index.md";
    let is_bundle = file_name == "index.md";

    let kind = if key == "_index.md" {
        PageKind::Forside
    } else if is_section {
        PageKind::Sektion
    } else {
        PageKind::from_top_folder(folders.first().copied().unwrap_or(""))
    };

    let title = match meta.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => {
            return Err(Diagnostic::of(&file, ContentProblem::MissingTitle)
                .at(split.front_matter_line.saturating_sub(1).max(1), 1));
        }
    };

    let mut url_parts: Vec<String> = folders.iter().map(|f| slugify(f)).collect();
    if is_bundle {
        if let Some(last) = url_parts.last_mut() {
            if let Some(s) = &meta.slug {
                *last = slugify(s);
            }
        }
    } else if !is_section {
        let stem = file_name.trim_end_matches(".md");
        url_parts.push(slugify(meta.slug.as_deref().unwrap_or(stem)));
    }
    if url_parts.iter().any(String::is_empty) {
        return Err(Diagnostic::of(&file, ContentProblem::NoAddress));
    }
    let url = url_parts
        .iter()
        .map(|p| format!("{p}/"))
        .collect::<String>();

    Ok(Page {
        key,
        file,
        kind,
        url,
        title,
        body: split.body.to_string(),
        body_line: split.body_line,
        meta,
        parent: None,
        bundle_dir: is_bundle.then(|| path.parent().unwrap_or(content_dir).to_path_buf()),
    })
}

/// The `/`-separated path of a file inside `content/`: the key `@/` links use.
fn content_key(content_dir: &Path, path: &Path) -> String {
    path.strip_prefix(content_dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Each page belongs to the nearest folder above it that has an `_index.md`.
fn attach_parents(pages: &mut [Page]) {
    let sections: std::collections::HashSet<String> = pages
        .iter()
        .filter(|p| p.is_section())
        .map(|p| p.key.clone())
        .collect();
    for p in pages.iter_mut() {
        if p.key == "_index.md" {
            continue;
        }
        let mut dir: Vec<&str> = p.key.split('/').collect();
        dir.pop();
        if p.kind == PageKind::Sektion || p.bundle_dir.is_some() {
            dir.pop();
        }
        let parent = loop {
            let candidate = if dir.is_empty() {
                "_index.md".to_string()
            } else {
                format!("{}/_index.md", dir.join("/"))
            };
            if sections.contains(&candidate) || dir.is_empty() {
                break candidate;
            }
            dir.pop();
        };
        p.parent = Some(parent);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFa\r\nb\r\n").unwrap(), "a\nb\n");
    }

    #[test]
    fn non_utf8_names_the_line() {
        let d = decode_text(b"linje1\nl\xe6s\n").unwrap_err();
        assert_eq!(d.line, Some(2));
        assert_eq!(d.column, Some(2));
    }
}
