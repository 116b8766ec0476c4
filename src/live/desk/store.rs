//! The only code that writes content files for the desk: atomic saves, the history of earlier
//! versions and the autosaved drafts.
//!
//! - A save writes a temporary file in the page's own folder, syncs it and renames it over the
//!   page, so a crash leaves the old page or the new one, never half of one.
//! - A save names the version it replaces (SHA-256 of the bytes the desk opened). If the file on
//!   disk is another (another editor, a sync client), nothing is written: [`SaveError::Conflict`]
//!   carries what is on disk now, so the desk can show both.
//! - What a save replaces goes to `<dir>/.bogbinder-skriv/historik/<file>/<time>.md`; the draft
//!   to `<dir>/.bogbinder-skriv/<file>.kladde`. The folder is hidden, so no build, check or
//!   book ever reads it (hidden names are never content, see `project::files`), and a book's
//!   history stays inside its own folder.
//! - The desk's folders are made here and must be real folders: a link named `.bogbinder-skriv`
//!   (put there to send a child's text elsewhere) is refused, never followed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The desk's hidden folder beside the files it writes.
pub const DESK_DIR: &str = ".bogbinder-skriv";
const HISTORY_DIR: &str = "historik";
const DRAFT_EXT: &str = "kladde";

/// Why a save did not happen.
#[derive(Debug)]
pub enum SaveError {
    /// The file is not the version the save replaces; `disk` is what is there now (`None`: gone).
    Conflict {
        disk: Option<Vec<u8>>,
    },
    Io(std::io::Error),
}

impl From<std::io::Error> for SaveError {
    fn from(e: std::io::Error) -> Self {
        SaveError::Io(e)
    }
}

/// An earlier version in a file's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// Its name in the history (a UTC time, `2026-12-02T05-58-01.123Z`).
    pub v: String,
    /// When it was replaced, ISO 8601 (`2026-12-02T05:58:01.123Z`).
    pub saved: String,
    pub bytes: u64,
}

/// A draft: what the desk autosaved (its JSON), and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub json: serde_json::Value,
    pub saved: String,
}

/// Serialises every write of the desk: two tabs saving at once must not both pass the version
/// check and then both rename.
#[derive(Default)]
pub struct Store {
    lock: Mutex<()>,
}

/// The version of a file's bytes, as the desk names it.
pub fn version(bytes: &[u8]) -> String {
    crate::book::copies::sha256_hex(bytes)
}

impl Store {
    /// Writes `bytes` to `path` if it still holds `expected` (a [`version`]); keeps what it
    /// replaces in the history and removes the draft. Returns the new version.
    pub fn save(&self, path: &Path, bytes: &[u8], expected: &str) -> Result<String, SaveError> {
        let _one = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        // The page itself must be a plain file: never read or replaced through a link.
        if std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_file()) {
            return Err(SaveError::Io(not_a_file()));
        }
        let current = match std::fs::read(path) {
            Ok(b) => Some(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e.into()),
        };
        match &current {
            Some(disk) if version(disk) == expected => {}
            _ => return Err(SaveError::Conflict { disk: current }),
        }
        let disk = current.unwrap_or_default();
        if disk != bytes {
            keep_in_history(path, &disk)?;
            write_atomic(path, bytes, &desk_dir(path)?)?;
        }
        remove_draft(path);
        Ok(version(bytes))
    }

    /// Stores a draft of `path` (written atomically too: a crash mid-autosave keeps the last one).
    pub fn save_draft(&self, path: &Path, json: &serde_json::Value) -> std::io::Result<()> {
        let _one = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut json = json.clone();
        if let Some(o) = json.as_object_mut() {
            o.insert("gemt".into(), now_iso().into());
        }
        let dir = desk_dir(path)?;
        let file = dir.join(format!("{}.{DRAFT_EXT}", file_name(path)?));
        let text = serde_json::to_vec(&json).map_err(std::io::Error::other)?;
        write_atomic(&file, &text, &dir)
    }
}

/// The draft of `path`, if one was saved since its last save.
pub fn draft(path: &Path) -> Option<Draft> {
    let file = desk_dir_existing(path)?.join(draft_name(path)?);
    let bytes = crate::project::files::read_own_file(&file)?;
    let mut json: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let saved = json
        .as_object_mut()?
        .remove("gemt")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    Some(Draft { json, saved })
}

/// Forgets the draft of `path` (after a save, or when the writer throws it away).
pub fn remove_draft(path: &Path) {
    if let Some(file) = desk_dir_existing(path).zip(draft_name(path)) {
        let _ = std::fs::remove_file(file.0.join(file.1));
    }
}

/// The history of `path`, newest first.
pub fn history(path: &Path) -> Vec<Version> {
    let Some(dir) = history_dir_existing(path) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<Version> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let v = name.strip_suffix(".md")?.to_string();
            valid_version_name(&v).then_some(())?;
            Some(Version {
                saved: iso_of(&v),
                bytes: e.metadata().map(|m| m.len()).unwrap_or(0),
                v,
            })
        })
        .collect();
    out.sort_by(|a, b| b.v.cmp(&a.v));
    out
}

/// The bytes of version `v` in the history of `path`; `None` if there is no such version.
pub fn history_version(path: &Path, v: &str) -> Option<Vec<u8>> {
    if !valid_version_name(v) {
        return None;
    }
    let file = history_dir_existing(path)?.join(format!("{v}.md"));
    crate::project::files::read_own_file(&file)
}

/// Version names are ours (a time); anything else (`../x`) is never a file name here.
fn valid_version_name(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 40
        && v.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'T' | b'Z' | b'.'))
        && !v.starts_with('.')
}

/// `2026-12-02T05-58-01.123Z` (or `…Z-2`) -> `2026-12-02T05:58:01.123Z`.
fn iso_of(v: &str) -> String {
    let stamp = v.split_once('Z').map_or(v, |(t, _)| t);
    match stamp.split_once('T') {
        Some((day, time)) => format!("{day}T{}Z", time.replacen('-', ":", 2)),
        None => v.to_string(),
    }
}

fn keep_in_history(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = history_dir(path)?;
    let stamp = now_iso().replace(':', "-");
    let mut name = format!("{stamp}.md");
    let mut n = 1;
    while dir.join(&name).exists() {
        n += 1;
        name = format!("{stamp}-{n}.md");
    }
    write_atomic(&dir.join(name), bytes, &dir)
}

/// Writes through a temporary file in `tmp_dir` (on the same disk as `path`: the desk's folder
/// beside it), synced, then renamed over `path`.
fn write_atomic(path: &Path, bytes: &[u8], tmp_dir: &Path) -> std::io::Result<()> {
    let parent = path.parent().ok_or_else(not_a_file)?;
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).map_err(std::io::Error::other)?;
    let tmp = tmp_dir.join(format!(
        "tmp-{}",
        random
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    ));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        sync_dir(parent);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Makes the rename itself durable where the platform allows (Unix); elsewhere a no-op.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

fn not_a_file() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, "ikke en fil")
}

fn file_name(path: &Path) -> std::io::Result<String> {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(not_a_file)
}

fn draft_name(path: &Path) -> Option<String> {
    Some(format!("{}.{DRAFT_EXT}", file_name(path).ok()?))
}

/// `<dir>/.bogbinder-skriv/`, made if missing, and kept out of git (what a page said before may
/// be what its writer took out of it).
fn desk_dir(path: &Path) -> std::io::Result<PathBuf> {
    let parent = path.parent().ok_or_else(not_a_file)?;
    let dir = real_dir(&parent.join(DESK_DIR))?;
    crate::project::files::keep_out_of_git(&dir);
    Ok(dir)
}

/// `<dir>/.bogbinder-skriv/historik/<file>/`, made if missing.
fn history_dir(path: &Path) -> std::io::Result<PathBuf> {
    let history = real_dir(&desk_dir(path)?.join(HISTORY_DIR))?;
    real_dir(&history.join(file_name(path)?))
}

fn desk_dir_existing(path: &Path) -> Option<PathBuf> {
    let dir = path.parent()?.join(DESK_DIR);
    is_real_dir(&dir).then_some(dir)
}

fn history_dir_existing(path: &Path) -> Option<PathBuf> {
    let history = desk_dir_existing(path)?.join(HISTORY_DIR);
    let dir = history.join(file_name(path).ok()?);
    (is_real_dir(&history) && is_real_dir(&dir)).then_some(dir)
}

fn is_real_dir(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
}

/// Makes `dir` (one level) or accepts it if it is a real folder; a link or a file is refused.
fn real_dir(dir: &Path) -> std::io::Result<PathBuf> {
    match std::fs::create_dir(dir) {
        Ok(()) => Ok(dir.to_path_buf()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && is_real_dir(dir) => {
            Ok(dir.to_path_buf())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(std::io::Error::other(
            format!("{} er ikke en almindelig mappe", dir.display()),
        )),
        Err(e) => Err(e),
    }
}

/// Now in UTC with milliseconds, `2026-12-02T05:58:01.123Z`.
pub fn now_iso() -> String {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = d.as_secs();
    let day = crate::book::pdf::civil_from_days((secs / 86_400) as i64);
    let s = secs % 86_400;
    format!(
        "{}T{:02}:{:02}:{:02}.{:03}Z",
        day.iso(),
        s / 3600,
        s % 3600 / 60,
        s % 60,
        d.subsec_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(dir: &Path, text: &str) -> PathBuf {
        let p = dir.join("side.md");
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn a_save_replaces_the_file_and_keeps_the_old_one_in_history() {
        let dir = tempfile::tempdir().unwrap();
        let p = page(dir.path(), "gammel");
        let store = Store::default();
        let v = store.save(&p, b"ny", &version(b"gammel")).unwrap();
        assert_eq!(v, version(b"ny"));
        assert_eq!(std::fs::read(&p).unwrap(), b"ny");
        let h = history(&p);
        assert_eq!(h.len(), 1);
        assert_eq!(history_version(&p, &h[0].v).unwrap(), b"gammel");
        assert_eq!(h[0].bytes, 6);
        assert!(h[0].saved.contains(':'), "{:?}", h[0]);
        // No temporary file is left behind.
        let left: Vec<_> = std::fs::read_dir(dir.path().join(DESK_DIR))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let mut left = left;
        left.sort();
        assert_eq!(left, vec![".gitignore".to_string(), "historik".to_string()]);
    }

    #[test]
    fn two_saves_in_a_row_keep_two_versions_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let p = page(dir.path(), "1");
        let store = Store::default();
        let v2 = store.save(&p, b"2", &version(b"1")).unwrap();
        store.save(&p, b"3", &v2).unwrap();
        let h = history(&p);
        assert_eq!(h.len(), 2);
        assert_eq!(history_version(&p, &h[0].v).unwrap(), b"2");
        assert_eq!(history_version(&p, &h[1].v).unwrap(), b"1");
    }

    #[test]
    fn a_file_changed_on_disk_is_a_conflict_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let p = page(dir.path(), "opened");
        let opened = version(b"opened");
        std::fs::write(&p, "changed elsewhere").unwrap();
        match Store::default().save(&p, b"mine", &opened) {
            Err(SaveError::Conflict { disk }) => {
                assert_eq!(disk.as_deref(), Some(&b"changed elsewhere"[..]))
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(std::fs::read(&p).unwrap(), b"changed elsewhere");
        assert!(history(&p).is_empty());
        // A file deleted meanwhile is a conflict too, not silently created again.
        std::fs::remove_file(&p).unwrap();
        assert!(matches!(
            Store::default().save(&p, b"mine", &opened),
            Err(SaveError::Conflict { disk: None })
        ));
        assert!(!p.exists());
    }

    #[test]
    fn a_draft_survives_until_the_next_save() {
        let dir = tempfile::tempdir().unwrap();
        let p = page(dir.path(), "tekst");
        let store = Store::default();
        assert!(draft(&p).is_none());
        let json = serde_json::json!({"tekst": "halvt færdig æøå"});
        store.save_draft(&p, &json).unwrap();
        let d = draft(&p).unwrap();
        assert_eq!(d.json, json);
        assert!(d.saved.ends_with('Z'));
        store.save(&p, b"gemt", &version(b"tekst")).unwrap();
        assert!(draft(&p).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_named_like_the_desk_folder_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let p = page(dir.path(), "a");
        std::os::unix::fs::symlink(elsewhere.path(), dir.path().join(DESK_DIR)).unwrap();
        let store = Store::default();
        assert!(matches!(
            store.save(&p, b"b", &version(b"a")),
            Err(SaveError::Io(_))
        ));
        assert!(store.save_draft(&p, &serde_json::json!({})).is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"a");
        assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
        assert!(draft(&p).is_none());
        assert!(history(&p).is_empty());
    }

    #[test]
    fn version_names_from_a_request_never_leave_the_history() {
        let dir = tempfile::tempdir().unwrap();
        let p = page(dir.path(), "a");
        for bad in ["../side", "..", "", "/etc/passwd", "x/y", ".hidden"] {
            assert!(history_version(&p, bad).is_none(), "{bad}");
        }
    }
}
