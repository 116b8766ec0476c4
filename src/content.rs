//! The in-memory model of a handbook and how it is loaded from `content/`.
//!
//! Loading only reads and parses; references are resolved later (see [`crate::resolve`]). The
//! folder `content/boeger/` is never read here: a child's book cannot reach the handbook because
//! the handbook never loads it.

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics, LineIndex};
use crate::frontmatter::{self, FrontMatter};
use crate::i18n::slugify;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub const CONTENT_DIR: &str = "content";
/// The private books folder inside `content/`, skipped by the handbook.
pub const BOOKS_DIR: &str = "boeger";
/// Larger Markdown files are refused: they are almost surely a mistake (a pasted binary, a log).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

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
}

impl Handbook {
    pub fn get(&self, key: &str) -> Option<&Page> {
        self.by_key.get(key).map(|&i| &self.pages[i])
    }
}

/// Decodes a content file: UTF-8 only, BOM dropped, CRLF and CR made LF.
pub fn decode_text(bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(if s.contains('\r') {
            s.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            s.to_owned()
        }),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let text = std::str::from_utf8(good).unwrap_or_default();
            let (line, col) = LineIndex::new(text).line_col(text.len());
            Err(Diagnostic::new(PathBuf::new(), "filen er ikke gemt som UTF-8".to_string())
                .at(line, col)
                .hint("gem filen som UTF-8 i din editor (fx \"Gem som\" → kodning UTF-8); æ, ø og å er sandsynligvis gemt i en ældre kodning"))
        }
    }
}

impl Diagnostic {
    pub fn with_file(mut self, file: &Path) -> Self {
        self.file = file.to_path_buf();
        self
    }
}

/// Reads a text file from the project with the size limit and UTF-8 check applied.
pub fn read_text(path: &Path, shown_as: &Path) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::new(shown_as, format!("kan ikke læses: {e}")))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::new(
            shown_as,
            format!(
                "filen er for stor ({} MB; højst {} MB for en tekstfil)",
                meta.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
        .hint(
            "del teksten op i flere sider, eller flyt store filer (billeder, pdf) ud af tekstfilen",
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::new(shown_as, format!("kan ikke læses: {e}")))?;
    decode_text(&bytes).map_err(|d| d.with_file(shown_as))
}

/// Loads every Markdown file under `content/` except the private books folder.
///
/// Returns the handbook of everything that loaded together with the problems found, so later
/// stages can report their own problems too: all errors of a build are reported at once. `Err` only
/// when there is nothing to load at all.
pub fn load(root: &Path, config: Config) -> Result<(Handbook, Diagnostics), Diagnostics> {
    let (files, mut diags) = scan(root)?;
    let content_dir = root.join(CONTENT_DIR);
    let loaded: Vec<Result<Page, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|path| load_page(root, &content_dir, path))
        .collect();
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

/// Is this file or folder name one that is never content (hidden, or an editor's backup)?
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
}

/// Lists the Markdown files of `content/` (absolute paths), in the order pages are kept in.
pub fn scan(root: &Path) -> Result<(Vec<PathBuf>, Diagnostics), Diagnostics> {
    let content_dir = root.join(CONTENT_DIR);
    let mut diags = Diagnostics::default();
    let mut files = Vec::new();
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::new(CONTENT_DIR, "mappen content/ findes ikke").hint(
                "læg håndbogens tekster i content/, eller lav et nyt projekt med `bogbinder init`",
            ),
        );
        return Err(diags);
    }
    let walker = walkdir::WalkDir::new(&content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            // Hidden files and editors' temporary files are not content.
            if is_ignored_name(&e.file_name().to_string_lossy()) {
                return e.depth() == 0;
            }
            !(e.depth() == 1 && e.file_type().is_dir() && e.file_name() == BOOKS_DIR)
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md") => {
                files.push(e.into_path());
            }
            Ok(e) if e.file_type().is_symlink() => {
                diags.push(
                    Diagnostic::new(rel(root, e.path()), "genveje (symbolske links) følges ikke")
                        .hint("læg filen selv i projektmappen i stedet for en genvej"),
                );
            }
            Ok(_) => {}
            Err(e) => diags.push(Diagnostic::new(
                e.path().map(|p| rel(root, p)).unwrap_or_default(),
                format!("mappen kan ikke læses: {e}"),
            )),
        }
    }
    Ok((files, diags))
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
            diags.push(
                Diagnostic::new(&p.file, format!("adressen /{} bruges også af {}", p.url, pages[other].file.display()))
                    .hint("to sider kan ikke have samme adresse: omdøb den ene fil eller sæt slug = \"...\" i dens indstillinger"),
            );
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

/// Reads and parses one content file (`path` absolute), with its CPR check.
pub fn load_page(root: &Path, content_dir: &Path, path: &Path) -> Result<Page, Vec<Diagnostic>> {
    let file = rel(root, path);
    let text = read_text(path, &file).map_err(|d| vec![d])?;
    let page = parse_page(content_dir, path, &file, &text);
    // CPR numbers are looked for even when the rest of the file has errors.
    let allow_cpr = page.as_ref().map(|p| p.meta.allow_cpr).unwrap_or(false);
    let mut problems = if allow_cpr {
        Vec::new()
    } else {
        let mut found = crate::privacy::cpr_diagnostics(&text, &file);
        found.extend(crate::privacy::cpr_in_name(&file));
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
            return Err(Diagnostic::new(&file, "siden mangler en titel")
                .at(split.front_matter_line.saturating_sub(1).max(1), 1)
                .hint("tilføj title = \"...\" mellem +++ linjerne øverst i filen"));
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
        return Err(
            Diagnostic::new(&file, "filnavnet giver ingen gyldig adresse")
                .hint("brug bogstaver eller tal i fil- og mappenavne, eller sæt slug = \"...\""),
        );
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
