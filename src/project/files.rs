//! One rule for every file bogbinder reads: each read goes through a [`Scope`], which says which
//! folder of the project the file must really be in.
//!
//! - The handbook, and a compendium (made of handbook pages), reads only inside `content/`, never
//!   inside `content/boeger/` ([`Scope::handbook`]).
//! - A child's book reads only inside its own folder `content/boeger/<navn>/` ([`Scope::book`]).
//! - A theme reads only inside `themes/<navn>/` ([`Scope::theme`]); settings only the project folder.
//!
//! Whatever the name says, what counts is what the file is on disk:
//! - Symbolic links are never followed anywhere below the project folder: `content/` itself, a book
//!   folder, a chapter, a photo. A file reached through one is refused, naming the link.
//! - Hidden names (`.navn`) and editors' backups (`navn~`, `#navn`) are never content: refused.
//! - Folders are compared by identity (device and inode on Unix), so `content/Boeger/` on a
//!   case-insensitive disk is the books folder too; a file with more than one name (a hard link)
//!   that is also a file of a child's book is refused outside that book.
//! - [`Scope::read`] checks the path again after the file is opened and compares the opened file
//!   with it, so a file swapped for a link between a check and the read is refused.

use super::{BOOKS_DIR, CONTENT_DIR, MAX_FILE_BYTES};
use crate::error::Diagnostic;
use crate::problems::{FileProblem, Home};
use std::collections::HashMap;
use std::fs::Metadata;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

/// Is this file or folder name one that is never content (hidden, or an editor's backup)?
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
}

/// Emacs marks a file being edited with a symbolic link `.#navn`: not content, and no problem.
pub fn is_editor_lock(name: &str) -> bool {
    name.starts_with(".#")
}

/// Does this folder name look like the books folder without being it (`Boeger`, `Bøger`, `bøger`
/// or `bоeger` with a Cyrillic о)? Pages in such a folder would be published: a child's book put
/// there by mistake is the worst that can happen, so the handbook refuses to build.
pub fn looks_like_books_dir(name: &str) -> bool {
    if name == BOOKS_DIR {
        return false;
    }
    let folded: String = name
        .chars()
        .filter_map(|c| match c {
            // Letters that look like Latin ones (Cyrillic, Greek), and invisible characters.
            'о' | 'ο' | 'О' | 'Ο' | '0' => Some('o'),
            'е' | 'Е' | 'ε' | 'Ε' => Some('e'),
            'г' => Some('r'),
            'В' | 'Β' => Some('b'),
            '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => None,
            c => Some(c),
        })
        .collect();
    let slug = crate::text::i18n::slugify(&folded).replace('-', "");
    matches!(slug.as_str(), "boeger" | "boger" | "boegerne" | "bogerne")
}

/// What a file is on disk, where the platform tells: device and inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct FileId {
    dev: u64,
    ino: u64,
}

#[cfg(unix)]
fn file_id(m: &Metadata) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    Some(FileId {
        dev: m.dev(),
        ino: m.ino(),
    })
}

#[cfg(not(unix))]
fn file_id(_: &Metadata) -> Option<FileId> {
    None
}

/// How many names the file has (hard links); 1 where the platform does not tell.
#[cfg(unix)]
fn names_of(m: &Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    m.nlink()
}

#[cfg(not(unix))]
fn names_of(_: &Metadata) -> u64 {
    1
}

/// Whether two metadata describe the same file (by identity; by size and time where there is none).
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    match (file_id(a), file_id(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a.len() == b.len() && a.modified().ok() == b.modified().ok(),
    }
}

/// Why a file may not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Missing,
    /// Not inside the scope's folder.
    Outside,
    /// Inside a child's book (for a book: inside another child's book).
    Private,
    /// Reached through a symbolic link: the link, relative to the project.
    Link(PathBuf),
    /// A hidden name or an editor's backup, relative to the project.
    Hidden(PathBuf),
    /// A folder, a device or a pipe.
    NotFile,
    /// The same file as one in a child's book, under another name.
    HardLink,
    /// Changed between the check and the read.
    Changed,
    TooLarge {
        bytes: u64,
        max: u64,
    },
    Io(String),
}

/// Which part of the project a scope is, for its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Area {
    Handbook,
    Book,
    Theme,
    Project,
}

/// A folder of the project that reads must stay in; see the module documentation for the rule.
/// Made for one build or update: what the books hold is looked up once per scope.
#[derive(Debug)]
pub struct Scope {
    area: Area,
    /// The project folder as callers name it, and what it really is.
    root: PathBuf,
    real_root: PathBuf,
    /// The folder reads must stay in, relative to the project folder.
    base: PathBuf,
    /// For a child's book: its folder name.
    book: Option<String>,
    /// The children's books folder as it is on disk, if it exists.
    books_id: Option<FileId>,
    /// Every file in the children's books by identity, with the books it is in; made when first
    /// needed.
    book_files: OnceLock<HashMap<FileId, Vec<String>>>,
}

impl Scope {
    /// What the handbook and compendiums may read: `content/` without `content/boeger/`.
    pub fn handbook(root: &Path) -> Scope {
        Scope::new(root, Area::Handbook, PathBuf::from(CONTENT_DIR), None)
    }

    /// What the child's book in `content/boeger/<name>/` may read: its own folder.
    pub fn book(root: &Path, name: &str) -> Scope {
        let base = Path::new(CONTENT_DIR).join(BOOKS_DIR).join(name);
        Scope::new(root, Area::Book, base, Some(name.to_string()))
    }

    /// What theme `name` may read: `themes/<name>/`.
    pub fn theme(root: &Path, name: &str) -> Scope {
        Scope::new(root, Area::Theme, Path::new("themes").join(name), None)
    }

    /// Files of the project folder itself, such as `bogbinder.toml`.
    pub fn project(root: &Path) -> Scope {
        Scope::new(root, Area::Project, PathBuf::new(), None)
    }

    fn new(root: &Path, area: Area, base: PathBuf, book: Option<String>) -> Scope {
        let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let books_id = std::fs::metadata(real_root.join(CONTENT_DIR).join(BOOKS_DIR))
            .ok()
            .and_then(|m| file_id(&m));
        Scope {
            area,
            root: root.to_path_buf(),
            real_root,
            base,
            book,
            books_id,
            book_files: OnceLock::new(),
        }
    }

    /// The scope's folder, named from the project folder as callers name it.
    pub fn dir(&self) -> PathBuf {
        self.root.join(&self.base)
    }

    /// Checks that `path` (absolute, or relative to the working folder like the project folder)
    /// is a file this scope may read, without reading it.
    pub fn check(&self, path: &Path) -> Result<(), Refusal> {
        self.walk(path, true).map(|_| ())
    }

    /// Checks that folder `path` is inside the scope and reached without links (for listing it).
    pub fn check_dir(&self, path: &Path) -> Result<(), Refusal> {
        self.walk(path, false).map(|_| ())
    }

    /// Reads the file at `path` (at most `max` bytes), checked before it is opened and again after.
    pub fn read(&self, path: &Path, max: u64) -> Result<Vec<u8>, Refusal> {
        let before = self.walk(path, true)?;
        if before.len() > max {
            return Err(Refusal::TooLarge {
                bytes: before.len(),
                max,
            });
        }
        let rel = self.relative(path).ok_or(Refusal::Outside)?;
        let file = std::fs::File::open(self.real_root.join(rel)).map_err(refusal_of)?;
        let opened = file.metadata().map_err(refusal_of)?;
        // Between the check and the opening the file (or a folder above it) may have been
        // swapped: what was opened must be what the path is now, and the path must still pass.
        let after = self.walk(path, true)?;
        if !opened.is_file() || !same_file(&opened, &after) {
            return Err(Refusal::Changed);
        }
        self.check_names(&opened)?;
        let mut bytes = Vec::with_capacity(opened.len().min(max) as usize);
        file.take(max + 1)
            .read_to_end(&mut bytes)
            .map_err(refusal_of)?;
        if bytes.len() as u64 > max {
            return Err(Refusal::TooLarge {
                bytes: bytes.len() as u64,
                max,
            });
        }
        Ok(bytes)
    }

    /// Reads a text file: at most [`MAX_FILE_BYTES`], UTF-8, line ends made LF.
    pub fn read_text(&self, path: &Path, shown: &Path) -> Result<String, Diagnostic> {
        match self.read(path, MAX_FILE_BYTES) {
            Ok(bytes) => decode_text(&bytes).map_err(|d| d.with_file(shown)),
            Err(Refusal::TooLarge { bytes, max }) => Err(Diagnostic::of(
                shown,
                FileProblem::TextTooLarge {
                    mb: bytes / (1024 * 1024),
                    max_mb: max / (1024 * 1024),
                },
            )),
            Err(r) => Err(self.diagnostic(&r, shown, &shown.display().to_string())),
        }
    }

    /// `path` relative to the project folder, made only of plain names.
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        let rel = path
            .strip_prefix(&self.root)
            .or_else(|_| path.strip_prefix(&self.real_root))
            .ok()?;
        let mut out = PathBuf::new();
        for c in rel.components() {
            match c {
                Component::Normal(n) => out.push(n),
                Component::CurDir => {}
                _ => return None,
            }
        }
        Some(out)
    }

    /// Follows `path` from the project folder one name at a time, without following links, and
    /// returns what it ends in: a file (`file`) or a folder.
    fn walk(&self, path: &Path, file: bool) -> Result<Metadata, Refusal> {
        let rel = self.relative(path).ok_or(Refusal::Outside)?;
        if !rel.starts_with(&self.base) {
            return Err(Refusal::Outside);
        }
        let own = self.base.components().count();
        let count = rel.components().count();
        let mut here = self.real_root.clone();
        let mut shown = PathBuf::new();
        let mut last = None;
        for (i, name) in rel.components().enumerate() {
            here.push(name);
            shown.push(name);
            if self.area != Area::Book && is_books_path(&shown) {
                return Err(Refusal::Private);
            }
            let meta = std::fs::symlink_metadata(&here).map_err(refusal_of)?;
            if meta.file_type().is_symlink() {
                return Err(Refusal::Link(shown));
            }
            if i >= own && is_ignored_name(&name.as_os_str().to_string_lossy()) {
                return Err(Refusal::Hidden(shown));
            }
            if i + 1 < count || !file {
                if !meta.is_dir() {
                    return Err(if i + 1 < count {
                        Refusal::Missing
                    } else {
                        Refusal::NotFile
                    });
                }
                if self.area != Area::Book
                    && self.books_id.is_some()
                    && file_id(&meta) == self.books_id
                {
                    return Err(Refusal::Private);
                }
            }
            last = Some(meta);
        }
        // The scope's own folder is never a file; the project folder itself is not walked.
        let last = last.ok_or(Refusal::NotFile)?;
        if file {
            if !last.is_file() {
                return Err(Refusal::NotFile);
            }
            self.check_names(&last)?;
        }
        Ok(last)
    }

    /// A file with more than one name must not be a file of a child's book (of another child's,
    /// for a book: a file in two children's books belongs to neither).
    fn check_names(&self, meta: &Metadata) -> Result<(), Refusal> {
        if names_of(meta) <= 1 {
            return Ok(());
        }
        let Some(id) = file_id(meta) else {
            return Ok(());
        };
        let owners = self
            .book_files()
            .get(&id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        if owners
            .iter()
            .any(|o| self.book.as_deref() != Some(o.as_str()))
        {
            return Err(Refusal::HardLink);
        }
        Ok(())
    }

    fn book_files(&self) -> &HashMap<FileId, Vec<String>> {
        self.book_files.get_or_init(|| {
            let dir = self.real_root.join(CONTENT_DIR).join(BOOKS_DIR);
            let mut files: HashMap<FileId, Vec<String>> = HashMap::new();
            let found = walkdir::WalkDir::new(&dir)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file());
            for e in found {
                let Some(id) = e.metadata().ok().and_then(|m| file_id(&m)) else {
                    continue;
                };
                let book = e
                    .path()
                    .strip_prefix(&dir)
                    .ok()
                    .and_then(|p| p.components().next());
                if let Some(book) = book {
                    files
                        .entry(id)
                        .or_default()
                        .push(book.as_os_str().to_string_lossy().into_owned());
                }
            }
            files
        })
    }

    /// The refusal as a problem of `file`, about the path the user wrote as `named`.
    pub fn diagnostic(&self, r: &Refusal, file: &Path, named: &str) -> Diagnostic {
        Diagnostic::of(file, self.problem(r, named))
    }

    /// The refusal as a message and a hint, about the path the user wrote as `named`.
    pub fn describe(&self, r: &Refusal, named: &str) -> (String, String) {
        let text = crate::problems::Problem::from(self.problem(r, named))
            .text(crate::problems::language());
        (text.message, text.hint.unwrap_or_default())
    }

    /// The refusal as a problem, about the path the user wrote as `named`.
    pub fn problem(&self, r: &Refusal, named: &str) -> FileProblem {
        let named = named.to_string();
        let book = self.area == Area::Book;
        match r {
            Refusal::Missing => FileProblem::Missing { named },
            Refusal::Outside => FileProblem::Outside {
                named,
                home: match self.area {
                    Area::Handbook => Home::Content,
                    Area::Book => Home::Book,
                    Area::Theme => Home::Theme,
                    Area::Project => Home::Project,
                },
            },
            Refusal::Private if book => FileProblem::OtherChildsBook { named },
            Refusal::Private => FileProblem::InChildsBook { named },
            Refusal::Link(link) => FileProblem::ThroughLink {
                named,
                link: link.display().to_string(),
            },
            Refusal::Hidden(name) => FileProblem::Hidden {
                named,
                name: name.display().to_string(),
            },
            Refusal::NotFile => FileProblem::NotAFile { named },
            Refusal::HardLink => FileProblem::HardLink { named, book },
            Refusal::Changed => FileProblem::Changed { named },
            Refusal::TooLarge { bytes, max } => FileProblem::TooLarge {
                named,
                mb: bytes >> 20,
                max_mb: max >> 20,
            },
            Refusal::Io(error) => FileProblem::Unreadable {
                named,
                error: error.clone(),
            },
        }
    }
}

/// The first symbolic link on the way from the project folder to `rel` (as far as it exists),
/// relative to the project folder: for writing into the project (a new book) only where it is.
pub fn link_on_the_way(root: &Path, rel: &Path) -> Option<PathBuf> {
    let mut here = root.to_path_buf();
    let mut shown = PathBuf::new();
    for name in rel.components() {
        here.push(name);
        shown.push(name);
        match std::fs::symlink_metadata(&here) {
            Ok(m) if m.file_type().is_symlink() => return Some(shown),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

/// `content/boeger` as the file system may read it: in any case (a case-insensitive disk), and
/// with dots or spaces at the end, which Windows drops (`boeger.` is `boeger` there). Where the
/// platform tells what a folder is, [`Scope`] also compares identities.
fn is_books_path(rel: &Path) -> bool {
    let same = |c: Option<Component<'_>>, name: &str| {
        c.is_some_and(|c| {
            let s = c.as_os_str().to_string_lossy();
            s.trim_end_matches(['.', ' ']).eq_ignore_ascii_case(name)
        })
    };
    let mut c = rel.components();
    same(c.next(), CONTENT_DIR) && same(c.next(), BOOKS_DIR) && c.next().is_none()
}

fn refusal_of(e: std::io::Error) -> Refusal {
    match e.kind() {
        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory => Refusal::Missing,
        _ => Refusal::Io(crate::problems::io_words(&e)),
    }
}

/// Whether the last `names` names of `dir` (a folder bogbinder keeps, like
/// `.bogbinder-cache/fotos`) are real folders, no links: a child's processed photos are never
/// written through a link to somewhere else.
pub fn is_own_dir(dir: &Path, names: usize) -> bool {
    dir.ancestors()
        .take(names)
        .all(|d| std::fs::symlink_metadata(d).map_or(true, |m| !m.file_type().is_symlink()))
}

/// Puts a `.gitignore` holding `*` in `dir`, a folder bogbinder made for itself (the desk's
/// drafts and history, the cache of a child's processed photos), if it has none: git then leaves
/// out the folder and everything in it, whatever the project's own `.gitignore` says, so a handbook
/// kept in a public repository never takes a page's earlier versions (a CPR number typed and
/// removed again) or a child's photo with it. Best effort: never written through a link.
pub fn keep_out_of_git(dir: &Path) {
    let file = dir.join(".gitignore");
    if std::fs::symlink_metadata(&file).is_ok() || !is_own_dir(dir, 1) {
        return;
    }
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .and_then(|mut f| std::io::Write::write_all(&mut f, GIT_IGNORES_ALL.as_bytes()));
    if written.is_err() {
        let _ = std::fs::remove_file(&file);
    }
}

/// What [`keep_out_of_git`] writes.
pub const GIT_IGNORES_ALL: &str = "# Lavet af bogbinder: intet her skal i git.\n*\n";

/// Reads a file that bogbinder itself wrote (the photo cache): never through a link, never a file
/// with other names. `None` when it is not there or not such a file.
pub fn read_own_file(path: &Path) -> Option<Vec<u8>> {
    let before = std::fs::symlink_metadata(path).ok()?;
    if !before.is_file() || names_of(&before) > 1 {
        return None;
    }
    let mut file = std::fs::File::open(path).ok()?;
    let opened = file.metadata().ok()?;
    let after = std::fs::symlink_metadata(path).ok()?;
    if !after.is_file() || !same_file(&opened, &after) || names_of(&opened) > 1 {
        return None;
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    Some(bytes)
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
            let (line, col) = crate::error::LineIndex::new(text).line_col(text.len());
            Err(
                Diagnostic::of(PathBuf::new(), crate::problems::ContentProblem::NotUtf8)
                    .at(line, col),
            )
        }
    }
}

impl Diagnostic {
    pub fn with_file(mut self, file: &Path) -> Self {
        self.file = file.to_path_buf();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A project with a handbook photo and a child's photo.
    fn project() -> tempfile::TempDir {
        let t = tempfile::tempdir().unwrap();
        for (rel, bytes) in [
            ("content/metoder/skema.png", b"HANDBOG".as_slice()),
            (
                "content/boeger/emma/billeder/foto.png",
                b"BARNET".as_slice(),
            ),
            ("content/boeger/ida/billeder/foto.png", b"IDA".as_slice()),
        ] {
            let p = t.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
        t
    }

    #[test]
    fn look_alikes_of_the_books_folder() {
        for name in [
            "Boeger",
            "BOEGER",
            "Bøger",
            "bøger",
            "boger",
            "b\u{043E}eger",
            "bo\u{200B}eger",
        ] {
            assert!(looks_like_books_dir(name), "{name}");
        }
        for name in ["boeger", "metoder", "bog", "boegerne-x", "bager"] {
            assert!(!looks_like_books_dir(name), "{name}");
        }
    }

    #[test]
    fn the_books_folder_under_other_spellings() {
        for rel in [
            "content/boeger",
            "content/Boeger",
            "content/BOEGER.",
            "content/boeger. .",
        ] {
            assert!(is_books_path(Path::new(rel)), "{rel}");
        }
        for rel in [
            "content/boeger/emma",
            "content/boegerx",
            "content/metoder",
            "boeger",
        ] {
            assert!(!is_books_path(Path::new(rel)), "{rel}");
        }
    }

    #[test]
    fn the_handbook_reads_content_but_not_the_books() {
        let t = project();
        let s = Scope::handbook(t.path());
        let at = |rel: &str| t.path().join(rel);
        assert_eq!(
            s.read(&at("content/metoder/skema.png"), 100).unwrap(),
            b"HANDBOG"
        );
        assert_eq!(
            s.check(&at("content/boeger/emma/billeder/foto.png")),
            Err(Refusal::Private)
        );
        // Another case names the same folder on a disk that ignores case.
        assert_eq!(
            s.check(&at("content/Boeger/emma/billeder/foto.png")),
            Err(Refusal::Private)
        );
        assert_eq!(
            s.check(&at("content/metoder/../boeger/emma/billeder/foto.png")),
            Err(Refusal::Outside)
        );
        assert_eq!(s.check(&at("bogbinder.toml")), Err(Refusal::Outside));
        assert_eq!(
            s.check(&at("content/metoder/nej.png")),
            Err(Refusal::Missing)
        );
        assert_eq!(s.check(&at("content/metoder")), Err(Refusal::NotFile));
        std::fs::write(at("content/metoder/.skjult.png"), "x").unwrap();
        assert!(matches!(
            s.check(&at("content/metoder/.skjult.png")),
            Err(Refusal::Hidden(_))
        ));
        assert!(matches!(
            s.read(&at("content/metoder/skema.png"), 3),
            Err(Refusal::TooLarge { bytes: 7, max: 3 })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_never_followed_and_hard_links_to_books_are_refused() {
        let t = project();
        let at = |rel: &str| t.path().join(rel);
        let s = Scope::handbook(t.path());
        std::os::unix::fs::symlink("../boeger", at("content/metoder/.genvej")).unwrap();
        std::os::unix::fs::symlink("skema.png", at("content/metoder/kopi.png")).unwrap();
        assert_eq!(
            s.check(&at("content/metoder/.genvej/emma/billeder/foto.png")),
            Err(Refusal::Link("content/metoder/.genvej".into()))
        );
        // Even a link to a file the handbook may read.
        assert_eq!(
            s.read(&at("content/metoder/kopi.png"), 100),
            Err(Refusal::Link("content/metoder/kopi.png".into()))
        );
        std::fs::hard_link(
            at("content/boeger/emma/billeder/foto.png"),
            at("content/metoder/foto.png"),
        )
        .unwrap();
        assert_eq!(
            s.read(&at("content/metoder/foto.png"), 100),
            Err(Refusal::HardLink)
        );
        // Emma's own book may read it; Ida's may not read it under any name.
        let emma = Scope::book(t.path(), "emma");
        assert_eq!(
            emma.read(&at("content/boeger/emma/billeder/foto.png"), 100)
                .unwrap(),
            b"BARNET"
        );
        std::fs::hard_link(
            at("content/boeger/emma/billeder/foto.png"),
            at("content/boeger/ida/billeder/emma.png"),
        )
        .unwrap();
        let ida = Scope::book(t.path(), "ida");
        assert_eq!(
            ida.check(&at("content/boeger/ida/billeder/emma.png")),
            Err(Refusal::HardLink)
        );
        assert_eq!(
            ida.check(&at("content/boeger/emma/billeder/foto.png")),
            Err(Refusal::Outside)
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_content_or_book_folder_is_refused() {
        let t = project();
        let at = |rel: &str| t.path().join(rel);
        std::fs::rename(at("content/boeger/ida"), at("ida")).unwrap();
        std::os::unix::fs::symlink("../../ida", at("content/boeger/ida")).unwrap();
        let ida = Scope::book(t.path(), "ida");
        assert_eq!(
            ida.check_dir(&at("content/boeger/ida")),
            Err(Refusal::Link("content/boeger/ida".into()))
        );
        std::fs::rename(at("content"), at("tekster")).unwrap();
        std::os::unix::fs::symlink("tekster", at("content")).unwrap();
        let s = Scope::handbook(t.path());
        assert_eq!(
            s.check(&at("content/metoder/skema.png")),
            Err(Refusal::Link("content".into()))
        );
    }

    /// A file swapped back and forth between itself and a link to a child's photo while it is
    /// read: no read ever returns the child's photo.
    #[cfg(unix)]
    #[test]
    fn a_file_swapped_for_a_link_during_reads_is_never_read_through_it() {
        let t = project();
        let at = |rel: &str| t.path().join(rel);
        let s = Scope::handbook(t.path());
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flipper = {
            let stop = std::sync::Arc::clone(&stop);
            let dir = at("content/metoder");
            std::thread::spawn(move || {
                let (file, link, tmp) =
                    (dir.join("skema.png"), dir.join(".link"), dir.join(".gem"));
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) && n < 20_000 {
                    let _ = std::os::unix::fs::symlink("../boeger/emma/billeder/foto.png", &link);
                    let _ = std::fs::rename(&file, &tmp);
                    let _ = std::fs::rename(&link, &file);
                    let _ = std::fs::rename(&file, &link);
                    let _ = std::fs::rename(&tmp, &file);
                    n += 1;
                }
            })
        };
        for _ in 0..5_000 {
            if let Ok(bytes) = s.read(&at("content/metoder/skema.png"), 100) {
                assert_eq!(bytes, b"HANDBOG");
            }
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        flipper.join().unwrap();
        // The file is itself again: it is read.
        assert_eq!(
            s.read(&at("content/metoder/skema.png"), 100).unwrap(),
            b"HANDBOG"
        );
    }
}
