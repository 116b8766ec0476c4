//! Watching the project with notify. Events are gathered until the files have been quiet for a
//! moment (editors write in several steps), so one save is one rebuild and a burst of saves is a
//! few, never a queue of a thousand.

use crate::error::{Error, Result};
use crate::handbook::load::CONTENT_DIR;
use crate::project::config::CONFIG_FILE;
use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Quiet time that ends a batch of events; short, since it is part of every preview's delay.
const QUIET: Duration = Duration::from_millis(8);
/// A batch is handled after this long even if events keep coming.
const MAX_BATCH: Duration = Duration::from_millis(250);

/// Editors' temporary, swap and backup files: Vim (`.x.swp`, `x~`, `4913`), Emacs (`.#x`, `#x#`),
/// and the `.tmp` files many programs save through.
pub fn is_editor_temp(name: &str) -> bool {
    crate::handbook::load::is_ignored_name(name)
        || name == "4913"
        || [".swp", ".swx", ".tmp", ".bak", ".part", ".crdownload"]
            .iter()
            .any(|s| name.ends_with(s))
}

/// Watching the project. It starts before the first build, so a file saved while the handbook
/// is being built (seconds, for a large one) or before the first request is not missed.
pub struct Watch {
    root: PathBuf,
    watcher: notify::RecommendedWatcher,
    events: mpsc::Receiver<notify::Result<Event>>,
}

impl Watch {
    pub fn start(root: &Path) -> Result<Watch> {
        let (tx, events) = mpsc::channel::<notify::Result<Event>>();
        let mut watcher = notify::recommended_watcher(tx).map_err(|e| watch_error(root, e))?;
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(root, e))?;
        let _ = watcher.watch(&root.join(CONTENT_DIR), RecursiveMode::Recursive);
        let _ = watcher.watch(&root.join("themes"), RecursiveMode::Recursive);
        Ok(Watch {
            root: root.to_path_buf(),
            watcher,
            events,
        })
    }

    /// Runs `rebuild(paths, first_event_time)` for each batch of relevant changes, including
    /// those since [`Watch::start`]. Never returns while the watcher lives.
    pub fn run(mut self, mut rebuild: impl FnMut(Vec<PathBuf>, Instant)) -> Result<()> {
        let root = self.root.clone();
        let content = root.join(CONTENT_DIR);
        let themes = root.join("themes");
        loop {
            let Ok(first) = self.events.recv() else {
                return Ok(());
            };
            let since = Instant::now();
            let mut paths = BTreeSet::new();
            collect(&root, first, &mut paths);
            while since.elapsed() < MAX_BATCH {
                match self.events.recv_timeout(QUIET) {
                    Ok(ev) => collect(&root, ev, &mut paths),
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
                }
            }
            // A folder made again after being deleted must be watched again.
            for dir in [&content, &themes] {
                if paths.contains(dir.as_path()) && dir.is_dir() {
                    let _ = self.watcher.watch(dir, RecursiveMode::Recursive);
                }
            }
            if !paths.is_empty() {
                rebuild(paths.into_iter().collect(), since);
            }
        }
    }
}

/// Adds the paths of an event that matter to the handbook.
fn collect(root: &Path, ev: notify::Result<Event>, out: &mut BTreeSet<PathBuf>) {
    let content = root.join(CONTENT_DIR);
    let ev = match ev {
        Ok(ev) => ev,
        // The watcher lost track (too many events at once): read all of content/ again.
        Err(_) => {
            out.insert(content);
            return;
        }
    };
    if ev.need_rescan() {
        out.insert(content);
        return;
    }
    if matches!(ev.kind, EventKind::Access(_)) {
        return;
    }
    for p in ev.paths {
        let relevant = p == root.join(CONFIG_FILE)
            || p.starts_with(&content)
            || p.starts_with(root.join("themes"));
        let temp = p
            .file_name()
            .is_some_and(|n| is_editor_temp(&n.to_string_lossy()) && !maybe_link(&p));
        if relevant && !temp && !in_desk_folder(&p) {
            out.insert(p);
        }
    }
}

/// Whether `p` is inside the editing desk's folder of drafts and history: never content, and
/// written every few seconds while someone types, so it must not rebuild anything (a book's
/// preview least of all). The folder itself is judged by its name like any hidden one.
fn in_desk_folder(p: &Path) -> bool {
    p.parent().is_some_and(|d| {
        d.components()
            .any(|c| c.as_os_str() == crate::live::desk::store::DESK_DIR)
    })
}

/// A link is never ignored, whatever its name, and neither is a hidden name that no editor makes
/// (`.genvej`) when it is gone: it may have been a link, whose problem must then go too (see
/// `load::scan_under`).
fn maybe_link(p: &Path) -> bool {
    let name = p.file_name().unwrap_or_default().to_string_lossy();
    if crate::project::files::is_editor_lock(&name) {
        return false;
    }
    match std::fs::symlink_metadata(p) {
        Ok(m) => m.file_type().is_symlink(),
        Err(_) => name.starts_with('.') && !is_editor_temp(name.trim_start_matches('.')),
    }
}

fn watch_error(root: &Path, e: notify::Error) -> Error {
    Error::usage(crate::problems::ServeProblem::CannotWatch {
        root: root.display().to_string(),
        error: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The desk's drafts and history are written while someone types: they never start a
    /// rebuild, and a real save beside them still does.
    #[test]
    fn the_desk_folder_is_not_watched_as_content() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let desk = root.join("content/metoder/.bogbinder-skriv/historik/side.md");
        std::fs::create_dir_all(&desk).unwrap();
        let watch = Watch::start(&root).unwrap();
        std::fs::write(desk.join("2026-01-01T00-00-00.000Z.md"), "gammel").unwrap();
        std::fs::write(
            desk.parent()
                .unwrap()
                .parent()
                .unwrap()
                .join("side.md.kladde"),
            "{}",
        )
        .unwrap();
        let page = root.join("content/metoder/side.md");
        std::fs::write(&page, "+++\ntitle = \"Side\"\n+++\n").unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = watch.run(|paths, _| {
                let _ = tx.send(paths);
            });
        });
        let mut seen = Vec::new();
        while !seen.contains(&page) {
            let paths = rx
                .recv_timeout(Duration::from_secs(10))
                .expect("the page's save was reported");
            seen.extend(paths);
        }
        assert!(seen.iter().all(|p| !in_desk_folder(p)), "{seen:?}");
    }

    /// `serve` starts watching before its first build: a save made while the handbook is being
    /// built must reach the first rebuild, not be lost.
    #[test]
    fn a_save_between_start_and_run_is_not_lost() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let watch = Watch::start(&root).unwrap();
        let page = root.join("content/side.md");
        std::fs::write(&page, "+++\ntitle = \"Side\"\n+++\n").unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = watch.run(|paths, _| {
                let _ = tx.send(paths);
            });
        });
        let paths = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("the save before run() was reported");
        assert!(paths.contains(&page), "{paths:?}");
    }
}
