//! Watching the project with notify. Events are gathered until the files have been quiet for a
//! moment (editors write in several steps), so one save is one rebuild and a burst of saves is a
//! few, never a queue of a thousand.

use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;
use crate::error::{Error, Result};
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
    crate::content::is_ignored_name(name)
        || name == "4913"
        || [".swp", ".swx", ".tmp", ".bak", ".part", ".crdownload"]
            .iter()
            .any(|s| name.ends_with(s))
}

/// Runs `rebuild(paths, first_event_time)` for each batch of relevant changes. Never returns
/// unless the watcher cannot be started.
pub fn run(root: &Path, mut rebuild: impl FnMut(Vec<PathBuf>, Instant)) -> Result<()> {
    let (tx, rx) = mpsc::channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| watch_error(root, e))?;
    let content = root.join(CONTENT_DIR);
    let themes = root.join("themes");
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| watch_error(root, e))?;
    let _ = watcher.watch(&content, RecursiveMode::Recursive);
    let _ = watcher.watch(&themes, RecursiveMode::Recursive);

    loop {
        let Ok(first) = rx.recv() else {
            return Ok(());
        };
        let since = Instant::now();
        let mut paths = BTreeSet::new();
        collect(root, first, &mut paths);
        while since.elapsed() < MAX_BATCH {
            match rx.recv_timeout(QUIET) {
                Ok(ev) => collect(root, ev, &mut paths),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
        // A folder made again after being deleted must be watched again.
        for dir in [&content, &themes] {
            if paths.contains(dir.as_path()) && dir.is_dir() {
                let _ = watcher.watch(dir, RecursiveMode::Recursive);
            }
        }
        if !paths.is_empty() {
            rebuild(paths.into_iter().collect(), since);
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
            .is_some_and(|n| is_editor_temp(&n.to_string_lossy()));
        if relevant && !temp {
            out.insert(p);
        }
    }
}

fn watch_error(root: &Path, e: notify::Error) -> Error {
    Error::usage_hint(
        format!("kan ikke holde øje med ændringer i {}: {e}", root.display()),
        "tjek at mappen findes og kan læses; på Linux kan grænsen for inotify-overvågninger være nået (fs.inotify.max_user_watches)",
    )
}
