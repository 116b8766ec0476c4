//! Putting a new edition in the output's place in one step. On Linux and macOS the new folder and
//! the old output change places in one system call (`renameat2` with `RENAME_EXCHANGE`, `renamex_np`
//! with `RENAME_SWAP`), so a build killed at any moment leaves the old or the new edition at the
//! output's name, never none. Elsewhere, or on a file system that cannot exchange, two renames are
//! used; if a kill falls between them, [`restore`] puts the previous edition back at the next build.
//!
//! Windows has no exchange, cannot rename a folder over another, and refuses to rename a folder
//! while a file in it is open (a PDF in a reader, a command prompt standing in the folder, or for
//! a moment a virus scanner or the search indexer). There the two renames are done patiently:
//! each is tried again for a few seconds while the folder is held ([`is_held`]), and if it stays
//! held the old output is left where it was and the caller tells the user what to close.

use super::MARKER;
use std::io;
use std::path::Path;

/// Exchanges two existing folders atomically; an error where the system or file system cannot.
pub fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
    }
    #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
    {
        let _ = (a, b);
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "no atomic exchange here",
        ))
    }
}

/// How long a held folder is waited for: tries, and the first wait (doubled after each try).
#[derive(Debug, Clone, Copy)]
pub struct Patience {
    pub tries: u32,
    pub first_wait: std::time::Duration,
}

/// About four seconds in all: a scanner lets go within that; a reader the user has open does not.
pub const PATIENCE: Patience = Patience {
    tries: 8,
    first_wait: std::time::Duration::from_millis(30),
};

/// Whether an error means the file or folder is in use by another program (and may be free in
/// a moment). Windows says "access denied" for a folder with an open file in it, and "sharing
/// violation" or "lock violation" for an open file itself.
pub fn is_held(e: &io::Error) -> bool {
    if e.kind() == io::ErrorKind::ResourceBusy {
        return true;
    }
    cfg!(windows)
        && (e.kind() == io::ErrorKind::PermissionDenied
            || matches!(e.raw_os_error(), Some(32 | 33)))
}

/// `op`, tried again while what it touches [`is_held`], for as long as `patience` allows.
pub fn patiently(patience: Patience, mut op: impl FnMut() -> io::Result<()>) -> io::Result<()> {
    let mut wait = patience.first_wait;
    let mut tries = 1;
    loop {
        match op() {
            Err(e) if is_held(&e) && tries < patience.tries => {
                std::thread::sleep(wait);
                wait *= 2;
                tries += 1;
            }
            done => return done,
        }
    }
}

/// The file system operations [`replace`] uses; tests pass ones that fail as Windows does.
pub struct Moves<E, R> {
    /// [`exchange`], or one that cannot.
    pub exchange: E,
    /// `std::fs::rename`.
    pub rename: R,
    pub patience: Patience,
}

/// A move of one path to another, as the system does it.
pub type Move = fn(&Path, &Path) -> io::Result<()>;

fn rename(a: &Path, b: &Path) -> io::Result<()> {
    std::fs::rename(a, b)
}

/// The moves of this system.
pub fn system_moves() -> Moves<Move, Move> {
    Moves {
        exchange,
        rename,
        patience: PATIENCE,
    }
}

/// Puts the folder `new` at `target`. An old `target` ends at `previous`, or at `new`'s name if
/// it cannot be moved there; the caller removes what is left at `new`. Without an exchange, the
/// old output is renamed away (to `previous`, or to `aside` when something of an older edition
/// still holds `previous`), the new one renamed in, and on failure the old one put back: at every
/// moment the output is the old or the new edition, or (between the renames) the old one is at
/// `previous` for [`restore`].
pub fn replace<E, R>(
    new: &Path,
    target: &Path,
    previous: &Path,
    aside: &Path,
    moves: &Moves<E, R>,
) -> io::Result<()>
where
    E: Fn(&Path, &Path) -> io::Result<()>,
    R: Fn(&Path, &Path) -> io::Result<()>,
{
    let rename = |a: &Path, b: &Path| patiently(moves.patience, || (moves.rename)(a, b));
    if std::fs::symlink_metadata(target).is_err() {
        return rename(new, target);
    }
    if (moves.exchange)(new, target).is_ok() {
        // `new` now holds the old edition; kept beside the output for the next build to reuse.
        if std::fs::symlink_metadata(previous).is_err() {
            let _ = (moves.rename)(new, previous);
        }
        return Ok(());
    }
    // Windows cannot rename onto an existing folder: the old edition goes to a free name.
    let away = match std::fs::symlink_metadata(previous) {
        Err(_) => previous,
        Ok(_) => aside,
    };
    rename(target, away)?;
    if let Err(e) = rename(new, target) {
        let _ = rename(away, target);
        return Err(e);
    }
    if away != previous {
        // Best effort: what cannot go now is removed by a later build (see `leftovers`).
        super::remove_tree_parallel(away);
    }
    Ok(())
}

/// After a two-rename swap that was cut off between its renames, the output is missing and the
/// previous edition is beside it: it is put back, so the output is there even if this build fails.
pub fn restore(target: &Path, previous: &Path) {
    if std::fs::symlink_metadata(target).is_err() && previous.join(MARKER).is_file() {
        let _ = std::fs::rename(previous, target);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(dir: &Path, file: &str) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(MARKER), "").unwrap();
        std::fs::write(dir.join(file), file).unwrap();
    }

    fn has(dir: &Path, file: &str) -> bool {
        dir.join(file).is_file()
    }

    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    #[test]
    fn exchange_swaps_both_ways() {
        let t = tempfile::tempdir().unwrap();
        let (a, b) = (t.path().join("a"), t.path().join("b"));
        folder(&a, "ny.html");
        folder(&b, "gammel.html");
        exchange(&a, &b).unwrap();
        assert!(has(&b, "ny.html") && !has(&b, "gammel.html"));
        assert!(has(&a, "gammel.html") && !has(&a, "ny.html"));
        exchange(&a, &b).unwrap();
        assert!(has(&a, "ny.html") && has(&b, "gammel.html"));
    }

    fn no_exchange(_: &Path, _: &Path) -> io::Result<()> {
        Err(io::Error::from(io::ErrorKind::Unsupported))
    }

    fn plain_rename(a: &Path, b: &Path) -> io::Result<()> {
        std::fs::rename(a, b)
    }

    const QUICK: Patience = Patience {
        tries: 4,
        first_wait: std::time::Duration::from_millis(1),
    };

    /// The paths of one swap in a temporary folder: new, target, previous, aside.
    fn paths(t: &tempfile::TempDir) -> [std::path::PathBuf; 4] {
        [
            ".output.ny-1",
            "output",
            ".output.forrige",
            ".output.slettes-1",
        ]
        .map(|n| t.path().join(n))
    }

    fn check_replace(exchange: impl Fn(&Path, &Path) -> io::Result<()>) {
        let t = tempfile::tempdir().unwrap();
        let [new, target, previous, aside] = paths(&t);
        let moves = Moves {
            exchange,
            rename: plain_rename,
            patience: QUICK,
        };
        folder(&new, "1.html");
        replace(&new, &target, &previous, &aside, &moves).unwrap();
        assert!(has(&target, "1.html") && !new.exists() && !previous.exists());
        folder(&new, "2.html");
        replace(&new, &target, &previous, &aside, &moves).unwrap();
        assert!(has(&target, "2.html") && !has(&target, "1.html"));
        assert!(has(&previous, "1.html"), "the old edition is kept");
        assert!(!new.exists() && !aside.exists());
    }

    #[test]
    fn replace_with_atomic_exchange() {
        check_replace(exchange);
    }

    #[test]
    fn replace_falls_back_to_two_renames() {
        check_replace(no_exchange);
    }

    /// A rename that fails as Windows' does while a reader holds a file in the folder: "in use"
    /// for the first `held` calls that touch `output`, then as asked.
    fn held_for(held: usize) -> impl Fn(&Path, &Path) -> io::Result<()> {
        let calls = std::sync::atomic::AtomicUsize::new(0);
        move |a: &Path, b: &Path| {
            let touches_output = [a, b].iter().any(|p| p.ends_with("output"));
            if touches_output && calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < held {
                return Err(io::Error::from(io::ErrorKind::ResourceBusy));
            }
            std::fs::rename(a, b)
        }
    }

    /// Replaces an output `1.html` by a new edition `2.html` while the output is held for the
    /// first `held` renames that touch it.
    fn replace_while_held(held: usize) -> (tempfile::TempDir, io::Result<()>) {
        let t = tempfile::tempdir().unwrap();
        let [new, target, previous, aside] = paths(&t);
        folder(&target, "1.html");
        folder(&new, "2.html");
        let moves = Moves {
            exchange: no_exchange,
            rename: held_for(held),
            patience: QUICK,
        };
        let result = replace(&new, &target, &previous, &aside, &moves);
        (t, result)
    }

    #[test]
    fn a_folder_held_for_a_moment_is_waited_for() {
        let (t, result) = replace_while_held(2);
        let [_, target, previous, _] = paths(&t);
        result.unwrap();
        assert!(has(&target, "2.html") && has(&previous, "1.html"));
    }

    #[test]
    fn a_folder_held_open_leaves_the_old_output_in_place() {
        let (t, result) = replace_while_held(usize::MAX);
        let [new, target, previous, _] = paths(&t);
        let e = result.unwrap_err();
        assert!(is_held(&e), "{e}");
        assert!(has(&target, "1.html"), "the old output stays");
        assert!(
            has(&new, "2.html"),
            "the new edition is kept for the next try"
        );
        assert!(!previous.exists());
    }

    #[test]
    fn the_new_edition_held_puts_the_old_one_back() {
        let t = tempfile::tempdir().unwrap();
        let [new, target, previous, aside] = paths(&t);
        folder(&target, "1.html");
        folder(&new, "2.html");
        // Moving the old output away works; moving the new one in is refused every time.
        let moves = Moves {
            exchange: no_exchange,
            rename: |a: &Path, b: &Path| {
                if a.ends_with(".output.ny-1") {
                    return Err(io::Error::from(io::ErrorKind::ResourceBusy));
                }
                std::fs::rename(a, b)
            },
            patience: QUICK,
        };
        assert!(replace(&new, &target, &previous, &aside, &moves).is_err());
        assert!(has(&target, "1.html") && !previous.exists());
    }

    #[test]
    fn an_old_edition_that_cannot_go_is_stepped_around() {
        let t = tempfile::tempdir().unwrap();
        let [new, target, previous, aside] = paths(&t);
        folder(&target, "1.html");
        folder(&new, "2.html");
        // An older edition still at `previous` (a file in it was held when it was to be deleted).
        folder(&previous, "0.html");
        let moves = Moves {
            exchange: no_exchange,
            rename: plain_rename,
            patience: QUICK,
        };
        replace(&new, &target, &previous, &aside, &moves).unwrap();
        assert!(has(&target, "2.html"));
        assert!(has(&previous, "0.html"), "left for a later build");
        assert!(!aside.exists(), "the old output, moved aside, is removed");
    }

    #[test]
    fn only_in_use_errors_are_waited_for() {
        let tries = std::cell::Cell::new(0);
        let e = patiently(QUICK, || {
            tries.set(tries.get() + 1);
            Err(io::Error::from(io::ErrorKind::NotFound))
        });
        assert!(e.is_err() && tries.get() == 1);
        tries.set(0);
        let e = patiently(QUICK, || {
            tries.set(tries.get() + 1);
            Err(io::Error::from(io::ErrorKind::ResourceBusy))
        });
        assert!(e.is_err() && tries.get() == QUICK.tries);
        // Windows' sharing violation is "in use" there.
        let sharing = io::Error::from_raw_os_error(32);
        assert_eq!(is_held(&sharing), cfg!(windows));
    }

    #[test]
    fn a_failed_fallback_puts_the_old_output_back() {
        let t = tempfile::tempdir().unwrap();
        let (new, target, previous) = (
            t.path().join("finnes-ikke"),
            t.path().join("output"),
            t.path().join(".output.forrige"),
        );
        folder(&target, "1.html");
        let moves = Moves {
            exchange: no_exchange,
            rename: plain_rename,
            patience: QUICK,
        };
        let aside = t.path().join(".output.slettes-1");
        assert!(replace(&new, &target, &previous, &aside, &moves).is_err());
        assert!(has(&target, "1.html") && !previous.exists());
    }

    #[test]
    fn a_cut_off_fallback_is_restored() {
        let t = tempfile::tempdir().unwrap();
        let (target, previous) = (t.path().join("output"), t.path().join(".output.forrige"));
        folder(&previous, "1.html");
        restore(&target, &previous);
        assert!(has(&target, "1.html") && !previous.exists());
        // With the output there, nothing moves.
        folder(&previous, "0.html");
        restore(&target, &previous);
        assert!(has(&target, "1.html") && has(&previous, "0.html"));
    }
}
