//! The accountable record of copies: every handover edition (`--overgang`) and every archive copy
//! (PDF/A) of a child's book appends one line to `udleveringer.log` in the book's own folder, so
//! the caseworker can always answer who got which chapters, relying on which consent, and which
//! PDF exactly (its SHA-256). One JSON object per line: a person can read it, a program can parse
//! it, and appending one line never rewrites what is there. `bogbinder book emma --log` prints it.
//!
//! The log lies in `content/boeger/<navn>/`, which the handbook never reads, and a book reads only
//! its chapters and the photos it names, so the log reaches no output.

use super::model::{Book, BookKind};
use crate::error::{Diagnostics, Error, Result};
use crate::project::files::{Refusal, Scope};
use crate::text::i18n::{Date, Language};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;

pub const LOG_FILE: &str = "udleveringer.log";

/// One copy given away: a line of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyRecord {
    /// When it was made, in local time with its offset: `2026-12-02T04:50:12+01:00` (lines
    /// written before are in UTC: `2026-12-02T03:50:12Z`).
    pub tid: String,
    /// `"overgang"` (a handover edition) or `"arkiv"` (an archive copy).
    pub udgave: String,
    pub pdfa: bool,
    /// Who receives it; `None` for an archive copy for the case file.
    pub modtager: Option<String>,
    pub samtykke_givet_af: Option<String>,
    pub samtykke_dato: Option<String>,
    pub barnet_siger_ja: bool,
    /// The titles of the chapters in the copy, in order.
    pub kapitler: Vec<String>,
    /// The PDF's file name and the SHA-256 of its bytes (hex).
    pub pdf: String,
    pub sha256: String,
}

/// The record of `book`'s PDF, if it is a copy to account for (a child's book as a handover
/// edition or as PDF/A); `None` for an ordinary build.
pub fn record_of(book: &Book, pdf_name: &str, pdf: &[u8], now: &str) -> Option<CopyRecord> {
    if book.kind != BookKind::BarnetsBog || (book.consent.is_none() && !book.pdfa && !book.arkiv) {
        return None;
    }
    let c = book.consent.as_ref();
    Some(CopyRecord {
        tid: now.to_string(),
        udgave: if c.is_some() { "overgang" } else { "arkiv" }.to_string(),
        pdfa: book.pdfa || book.arkiv,
        modtager: c.map(|c| c.recipient.clone()),
        samtykke_givet_af: c.map(|c| c.given_by.clone()),
        samtykke_dato: c.map(|c| c.date.clone()),
        barnet_siger_ja: c.is_some_and(|c| c.child_yes),
        kapitler: book.chapters.iter().map(|ch| ch.title.clone()).collect(),
        pdf: pdf_name.to_string(),
        sha256: sha256_hex(pdf),
    })
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Now in local time with its offset, as `2026-12-02T04:50:12+01:00`: the caseworker reads
/// the log in their own time, and the offset keeps the moment exact.
pub fn now_local() -> String {
    chrono::Local::now()
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// Appends `record` as one line to the log of the book in `scope` (created when missing). The
/// line is written with one `write` on a file opened for appending, so lines never mix or
/// overwrite; a log that is a link or no plain file is refused, never followed.
pub fn append(scope: &Scope, root: &Path, record: &CopyRecord) -> Result<()> {
    let dir = scope.dir();
    let path = dir.join(LOG_FILE);
    let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
    let refuse =
        |r: Refusal| Error::Invalid(Diagnostics(vec![scope.diagnostic(&r, &shown, LOG_FILE)]));
    scope.check_dir(&dir).map_err(refuse)?;
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_symlink() => return Err(refuse(Refusal::Link(shown.clone()))),
        Ok(m) if !m.is_file() => return Err(refuse(Refusal::NotFile)),
        _ => {}
    }
    let mut line = serde_json::to_string(record)
        .map_err(|e| Error::internal(format!("udleveringslog: {e}")))?;
    line.push('\n');
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    // Never through a link, even one swapped in after the check above: the open itself refuses.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    let mut file = match options.open(&path) {
        Ok(f) => f,
        Err(_) if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) => {
            return Err(refuse(Refusal::Link(shown.clone())))
        }
        Err(e) => return Err(Error::io("skrive", &path, e)),
    };
    // A link swapped in between the check and the opening is caught here: what was opened must
    // be the plain file at the path.
    if !same_file(&file, &path) {
        return Err(refuse(Refusal::Changed));
    }
    file.write_all(line.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io("skrive", &path, e))
}

#[cfg(unix)]
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => b.is_file() && a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::File, path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

/// The log of the book in `scope`, read as the book reads its files; no log is no copies.
pub fn read(scope: &Scope, root: &Path) -> Result<Vec<Line>> {
    let path = scope.dir().join(LOG_FILE);
    let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
    let text = match scope.check(&path) {
        Err(Refusal::Missing) => return Ok(Vec::new()),
        _ => scope
            .read_text(&path, &shown)
            .map_err(|d| Error::Invalid(Diagnostics(vec![d])))?,
    };
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match serde_json::from_str(l) {
            Ok(r) => Line::Record(r),
            Err(_) => Line::Unreadable(l.to_string()),
        })
        .collect())
}

/// A line of the log: a record, or text that is none (shown as it is, never dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Record(CopyRecord),
    Unreadable(String),
}

/// The log in Danish, for `bogbinder book emma --log`.
pub fn describe(lines: &[Line], shown: &Path) -> String {
    if lines.is_empty() {
        return format!(
            "Der er ikke givet kopier af bogen endnu: ingen overgangsudgaver og ingen arkivkopier ({} findes ikke).\n",
            shown.display()
        );
    }
    let mut out = format!(
        "Udleveringer af bogen ({} i alt, fra {}):\n",
        lines.len(),
        shown.display()
    );
    for line in lines {
        out.push('\n');
        match line {
            Line::Record(r) => out.push_str(&describe_record(r)),
            Line::Unreadable(l) => out.push_str(&format!(
                "Linje, der ikke kan læses (vist som den er): {l}\n"
            )),
        }
    }
    out
}

fn describe_record(r: &CopyRecord) -> String {
    let when = Date::parse(&r.tid)
        .map(|d| d.human(Language::Da))
        .unwrap_or_else(|| r.tid.clone());
    let clock = r.tid.get(11..16).unwrap_or("");
    // The zone the time was written in: UTC (`Z`, older lines) or its offset (`+01:00`).
    let zone = match r.tid.get(19..) {
        Some("Z") | None | Some("") => "UTC".to_string(),
        Some(offset) => format!("UTC{offset}"),
    };
    let what = match &r.modtager {
        Some(m) => format!("Overgangsudgave til {m}"),
        None => "Arkivkopi".to_string(),
    };
    let mut out = format!(
        "{when} kl. {clock} ({zone}): {what}{}\n",
        if r.pdfa { " (PDF/A)" } else { "" }
    );
    if let Some(by) = &r.samtykke_givet_af {
        out.push_str(&format!(
            "  Samtykke: fra {by}, {}{}\n",
            r.samtykke_dato.as_deref().unwrap_or("uden dato"),
            if r.barnet_siger_ja {
                "; barnet har også sagt ja"
            } else {
                ""
            }
        ));
    }
    out.push_str(&format!("  Kapitler: {}\n", r.kapitler.join(", ")));
    out.push_str(&format!("  PDF: {}\n  SHA-256: {}\n", r.pdf, r.sha256));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_nothing() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn time_is_local_iso_with_its_offset() {
        let t = now_local();
        assert_eq!(t.len(), 25, "{t}");
        assert!(Date::parse(&t).is_some(), "{t}");
        assert!(matches!(&t[19..20], "+" | "-") && &t[22..23] == ":", "{t}");
    }
}
