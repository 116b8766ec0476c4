//! Putting a new edition in the output's place in one step. On Linux and macOS the new folder and
//! the old output change places in one system call (`renameat2` with `RENAME_EXCHANGE`, `renamex_np`
//! with `RENAME_SWAP`), so a build killed at any moment leaves the old or the new edition at the
//! output's name, never none. Elsewhere, or on a file system that cannot exchange, two renames are
//! used; if a kill falls between them, [`restore`] puts the previous edition back at the next build.

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

/// Puts the folder `new` at `target`. An old `target` ends at `previous` (which must not exist), or
/// at `new`'s name if it cannot be moved there; the caller removes what is left at `new`.
/// `exchange` is [`exchange`]; tests pass one that fails, to take the fallback.
pub fn replace(
    new: &Path,
    target: &Path,
    previous: &Path,
    exchange: impl Fn(&Path, &Path) -> io::Result<()>,
) -> io::Result<()> {
    if std::fs::symlink_metadata(target).is_err() {
        return std::fs::rename(new, target);
    }
    if exchange(new, target).is_ok() {
        // `new` now holds the old edition; kept beside the output for the next build to reuse.
        let _ = std::fs::rename(new, previous);
        return Ok(());
    }
    std::fs::rename(target, previous)?;
    if let Err(e) = std::fs::rename(new, target) {
        let _ = std::fs::rename(previous, target);
        return Err(e);
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

    fn check_replace(exchange: impl Fn(&Path, &Path) -> io::Result<()>) {
        let t = tempfile::tempdir().unwrap();
        let (new, target, previous) = (
            t.path().join(".output.ny-1"),
            t.path().join("output"),
            t.path().join(".output.forrige"),
        );
        folder(&new, "1.html");
        replace(&new, &target, &previous, &exchange).unwrap();
        assert!(has(&target, "1.html") && !new.exists() && !previous.exists());
        folder(&new, "2.html");
        replace(&new, &target, &previous, &exchange).unwrap();
        assert!(has(&target, "2.html") && !has(&target, "1.html"));
        assert!(has(&previous, "1.html"), "the old edition is kept");
        assert!(!new.exists());
    }

    #[test]
    fn replace_with_atomic_exchange() {
        check_replace(exchange);
    }

    #[test]
    fn replace_falls_back_to_two_renames() {
        check_replace(|_: &Path, _: &Path| Err(io::Error::from(io::ErrorKind::Unsupported)));
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
        let no = |_: &Path, _: &Path| Err(io::Error::from(io::ErrorKind::Unsupported));
        assert!(replace(&new, &target, &previous, no).is_err());
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
