//! Writing output safely: everything goes into a fresh folder beside the target, which replaces the
//! old output only when the whole build succeeded, in one step ([`swap`]). A failed build leaves the
//! previous output as it was, a killed one leaves a folder the next build removes ([`leftovers`]),
//! and bogbinder never deletes anything but a folder it wrote itself.

mod leftovers;
pub mod portable;
mod swap;

use crate::error::{Error, Result};
use crate::problems::{OutputClash, ProjectProblem};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

/// A file in every output folder bogbinder writes, so it can tell its own folders from the user's.
pub const MARKER: &str = ".bogbinder-output";

/// Lexically normalised absolute path (no `.`/`..`), without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The real place of an absolute, normalised path that may not exist yet: its nearest existing
/// folder resolved through symlinks, with the rest appended. Two folders that look apart can be one
/// (`boeger-output` a symlink into `output/`), so overlaps are judged on these.
pub fn real_place(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut at = path;
    loop {
        if let Ok(real) = at.canonicalize() {
            return rest.iter().rev().fold(real, |p, c| p.join(c));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// A path as the disk compares names: Windows' and macOS' disks do not tell upper from lower
/// case, so `Content\x` there is inside `content`.
pub fn as_compared(p: &Path) -> PathBuf {
    if cfg!(any(windows, target_vendor = "apple")) {
        PathBuf::from(p.to_string_lossy().to_lowercase())
    } else {
        p.to_path_buf()
    }
}

/// Whether one folder lies in the other (or they are the same), by name or by real place.
pub fn overlap(a: &Path, b: &Path) -> bool {
    let nested = |a: &Path, b: &Path| {
        let (a, b) = (as_compared(a), as_compared(b));
        a.starts_with(&b) || b.starts_with(&a)
    };
    nested(a, b) || nested(&real_place(a), &real_place(b))
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        normalize(p)
    } else {
        normalize(&std::env::current_dir().unwrap_or_default().join(p))
    }
}

/// Refuses output folders whose replacement would destroy the project: the project root, `content/`,
/// `themes/`, anything inside `content/`, or a folder above the project.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<PathBuf> {
    let root = absolute(root);
    let out = absolute(&root.join(out));
    let content = root.join(crate::handbook::load::CONTENT_DIR);
    let refuse = |why: OutputClash| {
        Err(Error::usage(ProjectProblem::OutputUnusable {
            out: out.display().to_string(),
            why,
        }))
    };
    let (o, r) = (as_compared(&out), as_compared(&root));
    if o == r {
        return refuse(OutputClash::ProjectFolder);
    }
    if r.starts_with(&o) {
        return refuse(OutputClash::AboveProject);
    }
    if o.starts_with(as_compared(&content)) {
        return refuse(OutputClash::InContent);
    }
    if o.starts_with(as_compared(&root.join("themes"))) {
        return refuse(OutputClash::InThemes);
    }
    if o.starts_with(as_compared(&root.join(crate::project::CACHE_DIR))) {
        return refuse(OutputClash::InCache);
    }
    if out.exists()
        && !out.join(MARKER).exists()
        && std::fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return refuse(OutputClash::NotOurs);
    }
    Ok(out)
}

/// Refuses a handbook output (`out`, as checked by [`check_output_dir`]) that overlaps the books'
/// folder: a child's book must never lie in what is published, and a handbook build must never
/// replace a book.
pub fn check_apart_from_books(root: &Path, out: &Path, books_dir: &Path) -> Result<()> {
    let books = absolute(&absolute(root).join(books_dir));
    if overlap(out, &books) {
        return Err(Error::usage(ProjectProblem::OutputsOverlap {
            out: out.display().to_string(),
            books: books.display().to_string(),
        }));
    }
    Ok(())
}

/// A folder being written; becomes the output with [`Staging::commit`].
///
/// To spare the file system (a 10,000-page handbook is 20,000 files and folders), the previous
/// edition is kept beside the output as `.<name>.forrige` and reused as the next staging folder:
/// files whose bytes did not change are not written again (their dates stay, which also helps
/// whoever copies the output on to a shared drive), and files no longer produced are removed
/// before the swap.
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    committed: bool,
    /// Whether the folder was made empty for this build (no previous edition to reuse): then no
    /// file needs comparing before it is written, and nothing needs pruning.
    fresh: bool,
    written: std::sync::Mutex<HashSet<PathBuf>>,
    /// The reused edition's table of signatures (see [`crate::handbook::rebuild`]), taken out
    /// of the folder as it was reused.
    previous_table: Option<String>,
}

fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    target.with_file_name(format!(".{name}.{suffix}"))
}

/// The start of a staging folder's name: `.output.ny-` followed by the process id.
fn staging_prefix(target: &Path) -> String {
    sibling(target, "ny-")
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Takes the table of signatures out of a reused folder: read, then removed at once, so a build
/// cut off from here on leaves a folder without one. Not used when it cannot be removed.
fn take_table(dir: &Path) -> Option<String> {
    let path = dir.join(crate::handbook::rebuild::TABLE);
    let text = std::fs::read_to_string(&path).ok();
    match std::fs::remove_file(&path) {
        Ok(()) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(_) => None,
    }
}

/// A real folder (not a link to one) that bogbinder made: the only kind it deletes or reuses.
fn is_ours(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) && dir.join(MARKER).is_file()
}

impl Staging {
    pub fn new(target: &Path) -> Result<Staging> {
        let parent = target.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::io("oprette", parent, e))?;
        let dir = sibling(target, &format!("ny-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Error::io("rydde op i", &dir, e))?;
        }
        let previous = sibling(target, "forrige");
        leftovers::clean(target, &previous);
        swap::restore(target, &previous);
        let reused = is_ours(&previous) && std::fs::rename(&previous, &dir).is_ok();
        if !reused {
            std::fs::create_dir_all(&dir).map_err(|e| Error::io("oprette", &dir, e))?;
        }
        let previous_table = reused.then(|| take_table(&dir)).flatten();
        std::fs::write(
            dir.join(MARKER),
            "Lavet af bogbinder. Mappen erstattes ved hver bygning.\n",
        )
        .map_err(|e| Error::io("skrive", &dir, e))?;
        let mut written = HashSet::new();
        written.insert(dir.join(MARKER));
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
            fresh: !reused,
            written: std::sync::Mutex::new(written),
            previous_table,
        })
    }

    /// The reused edition's table of signatures, if it had one.
    pub fn previous_table(&self) -> Option<&str> {
        self.previous_table.as_deref()
    }

    /// Keeps the reused edition's file at `rel` as it is, as if written again.
    pub fn keep(&self, rel: &str) {
        if !self.fresh {
            (self.written.lock().unwrap_or_else(|e| e.into_inner())).insert(self.dir.join(rel));
        }
    }

    /// Writes a file at `rel` (a `/`-separated path) inside the staging folder, unless a file with
    /// exactly these bytes is already there.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.join(rel);
        let unchanged = !self.fresh
            && std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64)
            && std::fs::read(&path).is_ok_and(|old| old == bytes);
        if !unchanged {
            match std::fs::write(&path, bytes) {
                Ok(()) => {}
                // Most folders are made up front by `create_dirs`; others are made on demand.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if let Some(parent) = path.parent() {
                        std::fs::create_dir_all(parent)
                            .map_err(|e| Error::io("oprette", parent, e))?;
                    }
                    std::fs::write(&path, bytes).map_err(|e| Error::io("skrive", &path, e))?;
                }
                Err(e) => return Err(Error::io("skrive", &path, e)),
            }
        }
        if self.fresh {
            return Ok(());
        }
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path);
        Ok(())
    }

    /// Creates the folders for many pages at once (`a/b/` URL folders), parents before children.
    pub fn create_dirs<'a>(&self, folders: impl IntoIterator<Item = &'a str>) -> Result<()> {
        let mut all: Vec<&str> = folders.into_iter().filter(|f| !f.is_empty()).collect();
        all.sort_unstable();
        all.dedup();
        for f in all {
            let path = self.dir.join(f);
            match std::fs::create_dir(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(_) => {
                    std::fs::create_dir_all(&path).map_err(|e| Error::io("oprette", &path, e))?
                }
            }
        }
        Ok(())
    }

    /// Removes what the reused edition had but this build did not write.
    fn prune(&self) -> Result<()> {
        if self.fresh {
            return Ok(());
        }
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        let mut dirs = Vec::new();
        for entry in walkdir::WalkDir::new(&self.dir)
            .min_depth(1)
            .into_iter()
            .filter_map(|e| e.ok())
        {
            let path = entry.path();
            if entry.file_type().is_dir() {
                dirs.push(path.to_path_buf());
            } else if !written.contains(path) {
                std::fs::remove_file(path).map_err(|e| Error::io("slette", path, e))?;
            }
        }
        // Deepest first, so emptied parents go too; folders still holding files stay (a folder
        // holding a file written is not even tried: most are).
        let holding: HashSet<&Path> = written.iter().filter_map(|p| p.parent()).collect();
        for d in dirs.iter().rev().filter(|d| !holding.contains(d.as_path())) {
            let _ = std::fs::remove_dir(d);
        }
        Ok(())
    }

    /// Swaps the staging folder in for the old output in one step; the old output is kept as the
    /// next build's start.
    pub fn commit(mut self) -> Result<()> {
        self.prune()?;
        let previous = sibling(&self.target, "forrige");
        if is_ours(&previous) {
            remove_tree_parallel(&previous);
        }
        let aside = sibling(&self.target, &format!("slettes-{}", std::process::id()));
        let moves = swap::system_moves();
        swap::replace(&self.dir, &self.target, &previous, &aside, &moves).map_err(|e| {
            if swap::is_held(&e) {
                Error::usage(crate::problems::FileProblem::Portable(
                    crate::problems::PortableName::Held {
                        out: self.target.display().to_string(),
                    },
                ))
            } else {
                Error::io("flytte", &self.dir, e)
            }
        })?;
        self.committed = true;
        // The old edition, if it could not be kept at `previous`.
        if is_ours(&self.dir) {
            remove_tree_parallel(&self.dir);
        }
        Ok(())
    }
}

/// Removes a folder we wrote, its top-level entries in parallel (a 10,000-page site is mostly
/// file-system time). A link is removed itself, never what it points to.
fn remove_tree_parallel(dir: &Path) {
    use rayon::prelude::*;
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        let _ = std::fs::remove_file(dir);
        return;
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        let entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.par_iter().for_each(|p| {
            if p.is_dir() {
                let _ = std::fs::remove_dir_all(p);
            } else {
                let _ = std::fs::remove_file(p);
            }
        });
    }
    let _ = std::fs::remove_dir_all(dir);
}

impl Drop for Staging {
    /// A build that did not finish keeps its folder as the next build's starting point (every file
    /// is compared or rewritten then, and leftovers pruned), or removes it if that is not possible.
    fn drop(&mut self) {
        if self.committed || !self.dir.join(MARKER).exists() {
            return;
        }
        let previous = sibling(&self.target, "forrige");
        if std::fs::symlink_metadata(&previous).is_ok()
            || std::fs::rename(&self.dir, &previous).is_err()
        {
            remove_tree_parallel(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_root_content_and_parents() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("p");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_dir(&root, Path::new(".")).is_err());
        assert!(check_output_dir(&root, Path::new("content")).is_err());
        assert!(check_output_dir(&root, Path::new("content/x")).is_err());
        assert!(check_output_dir(&root, Path::new("..")).is_err());
        assert!(check_output_dir(&root, Path::new(".bogbinder-cache")).is_err());
        assert!(check_output_dir(&root, Path::new(".bogbinder-cache/fotos/x")).is_err());
        assert!(check_output_dir(&root, Path::new("output")).is_ok());
    }

    /// Windows paths: drive letters, backslashes, shares and `\\?\` paths as project and
    /// output (run under Wine by tests/windows/run.sh).
    #[cfg(windows)]
    #[test]
    fn windows_paths_are_normalised_and_checked() {
        let n = |p: &str| normalize(Path::new(p));
        assert_eq!(
            n(r"C:\proj\..\haandbog\.\output"),
            Path::new(r"C:\haandbog\output")
        );
        assert_eq!(
            n(r"\\server\share\Metodehåndbog\x\..\output"),
            Path::new(r"\\server\share\Metodehåndbog\output")
        );
        // Never above the share.
        assert_eq!(n(r"\\server\share\..\x"), Path::new(r"\\server\share\x"));
        assert_eq!(n(r"\\?\C:\a\..\b"), Path::new(r"\\?\C:\b"));

        let share = Path::new(r"\\server\share\Metodehåndbog");
        let out = |o: &str| check_output_dir(share, Path::new(o));
        assert_eq!(
            out("output").unwrap(),
            Path::new(r"\\server\share\Metodehåndbog\output")
        );
        assert_eq!(
            out(r"ud\i\mapper").unwrap(),
            Path::new(r"\\server\share\Metodehåndbog\ud\i\mapper")
        );
        assert_eq!(out(r"D:\web").unwrap(), Path::new(r"D:\web"));
        // The disk ignores case: `Content` is `content`, `..\METODEHÅNDBOG` the project.
        for bad in [
            r"Content\x",
            r"CONTENT",
            r"Themes\a",
            r"..",
            r"..\METODEHÅNDBOG",
            r"\\SERVER\Share",
        ] {
            assert!(out(bad).is_err(), "{bad}");
        }
        let books = Path::new("boeger-output");
        let o = out("Boeger-Output").unwrap();
        assert!(check_apart_from_books(share, &o, books).is_err());
    }

    #[cfg(windows)]
    #[test]
    fn windows_paths_stage_and_swap_on_a_drive_path() {
        // A real folder named as Windows names it (`Z:\tmp\...` under Wine), written twice:
        // the second swap is the one without an exchange (the old output renamed away).
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join(r"ud\i\mapper");
        for round in 0..3u8 {
            let s = Staging::new(&out).unwrap();
            s.write("metoder/a/index.html", &[round]).unwrap();
            s.commit().unwrap();
            assert_eq!(
                std::fs::read(out.join(r"metoder\a\index.html")).unwrap(),
                [round]
            );
        }
        let names: Vec<String> = std::fs::read_dir(out.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names
                .iter()
                .all(|n| n == "mapper" || n == ".mapper.forrige"),
            "{names:?}"
        );
    }

    #[test]
    fn handbook_output_and_books_stay_apart() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        let out = |o: &str| check_output_dir(root, Path::new(o)).unwrap();
        let books = Path::new("boeger-output");
        assert!(check_apart_from_books(root, &out("output"), books).is_ok());
        assert!(check_apart_from_books(root, &out("boeger-output"), books).is_err());
        assert!(check_apart_from_books(root, &out("boeger-output/emma"), books).is_err());
        assert!(check_apart_from_books(root, &out("output"), Path::new("output/boeger")).is_err());
    }

    #[test]
    fn refuses_foreign_non_empty_folder() {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(t.path().join("docs")).unwrap();
        std::fs::write(t.path().join("docs/vigtigt.txt"), "x").unwrap();
        let e = check_output_dir(t.path(), Path::new("docs")).unwrap_err();
        assert!(e.to_string().contains("ikke lavet af bogbinder"));
    }

    #[test]
    fn failed_staging_leaves_old_output() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("output");
        let s = Staging::new(&out).unwrap();
        s.write("a/index.html", b"1").unwrap();
        s.commit().unwrap();
        let s = Staging::new(&out).unwrap();
        s.write("a/index.html", b"2").unwrap();
        drop(s);
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"1");
        let names: Vec<String> = std::fs::read_dir(t.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names
                .iter()
                .all(|n| n == "output" || n == ".output.forrige"),
            "{names:?}"
        );
    }

    #[test]
    fn reused_edition_is_pruned_and_unchanged_files_keep_their_date() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("output");
        let mut first_mtime = None;
        for round in 0..3 {
            let s = Staging::new(&out).unwrap();
            s.write("same.html", b"same").unwrap();
            s.write(&format!("dir{round}/round.html"), b"x").unwrap();
            s.commit().unwrap();
            let m = std::fs::metadata(out.join("same.html"))
                .unwrap()
                .modified()
                .unwrap();
            if round == 2 {
                // Round 2 reuses round 0's edition, whose same.html was never rewritten.
                assert_eq!(Some(m), first_mtime);
            }
            first_mtime.get_or_insert(m);
        }
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            vec![MARKER.to_string(), "dir2".into(), "same.html".into()]
        );
    }
}
