//! Rebuilding over the previous edition without rendering what did not change.
//!
//! Every build leaves in its output folder a table ([`TABLE`], beside
//! [`crate::output::MARKER`]): per output file its [signature](crate::handbook::signature) and
//! length, and one key covering what signatures leave out: this program (its version, and its
//! executable's length and date, so a rebuilt program renders everything again), the theme
//! (every template and static file), the settings and the edition. It holds hashes and paths
//! only, never a page's text.
//!
//! The next build but one starts from that folder ([`crate::output::Staging`] reuses the
//! previous edition) and takes the table out of it at once, so a build that is cut off leaves a
//! folder without a table, and the build after it compares bytes as before. With the same key,
//! an output whose signature is the stored one and whose file is still there with the stored
//! length is neither rendered nor written: it is only kept. The search index is kept the same
//! way when a hash of everything it is made from is unchanged and all its files are there, and
//! an asset (a photo, which is decoded and encoded again to publish it) when its bytes are.
//! Everything else is rendered, and the new table is written when every output was.

use crate::error::{Diagnostic, Diagnostics, Result};
use crate::handbook::markdown::Asset;
use crate::handbook::resolve::{PageId, Site};
use crate::handbook::signature::{self, hash_of, Sidebars};
use crate::handbook::targets::Target;
use crate::handbook::theme::Theme;
use crate::output::Staging;
use crate::project::files::Scope;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The table's file name in the output folder.
pub const TABLE: &str = ".bogbinder-signaturer";

/// The table's first word; another format is not read.
const HEADER: &str = "bogbinder-signaturer 1";

/// The table's last line: a table without it was cut off.
const END: &str = "slut";

/// A table read back: its key, and per output path (signature, length in bytes).
#[derive(Debug, PartialEq)]
pub struct Table {
    pub key: u64,
    pub files: HashMap<String, (u64, u64)>,
}

impl Table {
    /// Reads a table; `None` when it is not one in full (a table that cannot be read is none).
    pub fn parse(text: &str) -> Option<Table> {
        let mut lines = text.split_terminator('\n');
        let (header, key) = lines.next()?.split_once('\t')?;
        if header != HEADER {
            return None;
        }
        let key = u64::from_str_radix(key, 16).ok()?;
        let mut files = HashMap::new();
        let mut ended = false;
        for line in lines {
            if ended {
                return None;
            }
            if line == END {
                ended = true;
                continue;
            }
            let mut parts = line.splitn(3, '\t');
            let sig = u64::from_str_radix(parts.next()?, 16).ok()?;
            let len = parts.next()?.parse().ok()?;
            files.insert(parts.next()?.to_string(), (sig, len));
        }
        ended.then_some(Table { key, files })
    }

    /// The table as written: a header with the key, then one line per file, sorted by path.
    fn text(key: u64, mut files: Vec<(String, u64, u64)>) -> String {
        files.sort_unstable();
        let mut out = format!("{HEADER}\t{key:016x}\n");
        for (path, sig, len) in files {
            if path.contains(['\n', '\t']) {
                continue;
            }
            out.push_str(&format!("{sig:016x}\t{len}\t{path}\n"));
        }
        out.push_str(END);
        out.push('\n');
        out
    }
}

/// The build's key: what every signature takes as unchanged. `None` when this program cannot
/// tell what it is; then nothing is reused and no table is written.
pub fn key(site: &Site, theme: &Theme) -> Option<u64> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    let exe = std::env::current_exe().and_then(std::fs::metadata).ok()?;
    (exe.len(), exe.modified().ok()?).hash(&mut h);
    theme.fingerprint.hash(&mut h);
    let mut config = site.handbook.config.clone();
    // Course participants' names never go into the output, not even into a hash; they are not
    // shown in the handbook.
    for c in &mut config.compendiums {
        c.deltagere.clear();
    }
    format!("{config:?}").hash(&mut h);
    let left_out = &site.handbook.left_out;
    let mut keys: Vec<&String> = left_out.keys.iter().collect();
    keys.sort_unstable();
    (&left_out.edition, keys).hash(&mut h);
    site.handbook.root.hash(&mut h);
    std::env::var_os("BOGBINDER_SPROG").hash(&mut h);
    Some(h.finish())
}

/// What a build writes into the table and decides from the previous one.
pub struct Ledger<'a> {
    staging: &'a Staging,
    key: Option<u64>,
    /// The previous edition's files, when its table has this build's key.
    old: HashMap<String, (u64, u64)>,
    new: Mutex<Vec<(String, u64, u64)>>,
    sidebars: Sidebars,
    rendered: AtomicUsize,
    reused: AtomicUsize,
}

impl<'a> Ledger<'a> {
    pub fn new(site: &Site, theme: &Theme, staging: &'a Staging) -> Ledger<'a> {
        let _t = crate::timing::step("key+sidebars");
        let key = key(site, theme);
        let old = (staging.previous_table())
            .and_then(Table::parse)
            .filter(|t| Some(t.key) == key)
            .map(|t| t.files)
            .unwrap_or_default();
        let sidebars = match key {
            Some(_) => signature::sidebar_signatures(site, &signature::sidebar_keys(site)),
            None => HashMap::new(),
        };
        Ledger {
            staging,
            key,
            old,
            new: Mutex::new(Vec::new()),
            sidebars,
            rendered: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
        }
    }

    /// The target's signature (see [`crate::handbook::signature`]); none without a key. Made
    /// in the same parallel pass as the rendering, so no step waits for all of them.
    pub fn signature(&self, site: &Site, t: &Target) -> Option<u64> {
        self.key?;
        signature::signature(site, &self.sidebars, &body_hash(site), t)
    }

    /// Renders the target into the staging folder, unless the previous edition has it with the
    /// same signature `sig`; a problem if it fails.
    pub fn render(
        &self,
        site: &Site,
        theme: &Theme,
        t: &Target,
        sig: Option<u64>,
    ) -> Option<Diagnostic> {
        let path = t.path(site);
        if sig.is_some_and(|sig| self.reuse(&path, sig)) {
            return None;
        }
        self.rendered.fetch_add(1, Ordering::Relaxed);
        match t.render(site, theme) {
            Ok(bytes) => {
                if let Some(sig) = sig {
                    self.record(&path, sig, bytes.len());
                }
                (self.staging.write(&path, &bytes).err())
                    .map(|e| Diagnostic::not_written(&path, &e))
            }
            Err(d) => Some(d),
        }
    }

    /// Publishes an asset a page uses (a photo without its metadata, a file as it is), unless
    /// the previous edition has it from the same name and bytes; a problem if it fails.
    pub fn asset(&self, site: &Site, scope: &Scope, a: &Asset) -> Option<Diagnostic> {
        let shown = (a.source.strip_prefix(&site.handbook.root)).unwrap_or(&a.source);
        let bytes = match crate::handbook::read_asset(scope, &a.source, shown) {
            Ok(bytes) => bytes,
            Err(d) => return Some(a.used_at.place(d)),
        };
        // What publishing checks of the name is checked every time; the rest follows the bytes.
        if let Some(d) = crate::text::privacy::cpr_in_name(shown) {
            return Some(a.used_at.place(d));
        }
        let sig = self.key.map(|_| hash_of(&(&a.source, shown, &bytes)));
        if sig.is_some_and(|sig| self.reuse(&a.out_path, sig)) {
            return None;
        }
        self.rendered.fetch_add(1, Ordering::Relaxed);
        match crate::media::images::publish_asset(&a.source, bytes, shown) {
            Ok(bytes) => {
                if let Some(sig) = sig {
                    self.record(&a.out_path, sig, bytes.len());
                }
                (self.staging.write(&a.out_path, &bytes).err())
                    .map(|e| Diagnostic::not_written(shown, &e))
            }
            Err(d) => Some(a.used_at.place(d)),
        }
    }

    /// Whether the previous edition's file at `path` was made from `sig` and is still there as
    /// it was written; then it is kept (recorded again) and counted as reused.
    fn reuse(&self, path: &str, sig: u64) -> bool {
        let Some(&(old, len)) = self.old.get(path) else {
            return false;
        };
        let there = std::fs::symlink_metadata(self.staging.dir.join(path))
            .is_ok_and(|m| m.is_file() && m.len() == len);
        if old != sig || !there {
            return false;
        }
        self.staging.keep(path);
        self.new
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.to_string(), sig, len));
        self.reused.fetch_add(1, Ordering::Relaxed);
        true
    }

    fn record(&self, path: &str, sig: u64, len: usize) {
        (self.new.lock().unwrap_or_else(|e| e.into_inner())).push((
            path.to_string(),
            sig,
            len as u64,
        ));
    }

    /// Writes the search index, or keeps the previous edition's when what it is made from is
    /// unchanged and every one of its files is there. Returns how many files it has.
    pub fn search(&self, site: &Site, diags: &mut Diagnostics) -> usize {
        let t = crate::timing::step("search: inputs");
        let sig = self.key.map(|_| search_inputs(site));
        drop(t);
        if let Some(kept) = sig.and_then(|sig| self.reuse_search(sig)) {
            return kept;
        }
        let files = crate::handbook::search::files(site);
        let _t = crate::timing::step("search: write");
        let errors: Vec<Diagnostic> = (files.par_iter())
            .filter_map(|(path, body)| {
                if let Some(sig) = sig {
                    self.record(path, sig, body.len());
                }
                self.staging.write(path, body.as_bytes()).err()
            })
            .map(|e| Diagnostic::not_written(crate::handbook::search::SEARCH_URL, &e))
            .collect();
        diags.extend(errors);
        files.len()
    }

    /// The previous edition's search index files (those stored with signature `sig`), when all
    /// are there: kept. The search page itself is a target of its own.
    fn reuse_search(&self, sig: u64) -> Option<usize> {
        let files: Vec<&String> = (self.old.iter())
            .filter(|(_, &(s, _))| s == sig)
            .map(|(p, _)| p)
            .filter(|p| p.starts_with(crate::handbook::search::SEARCH_URL))
            .collect();
        let index = format!("{}index.js", crate::handbook::search::SEARCH_URL);
        if !files.iter().any(|p| **p == index) {
            return None;
        }
        let all_there = files.par_iter().all(|p| {
            let len = self.old[*p].1;
            std::fs::symlink_metadata(self.staging.dir.join(p))
                .is_ok_and(|m| m.is_file() && m.len() == len)
        });
        if !all_there {
            return None;
        }
        for p in &files {
            self.reuse(p, sig);
        }
        Some(files.len())
    }

    /// Writes the table of what was written and kept, when every output was: the folder and
    /// its table are then one. Returns how many outputs were rendered and how many kept.
    pub fn finish(self) -> Result<(usize, usize)> {
        let counts = (self.rendered.into_inner(), self.reused.into_inner());
        if let Some(key) = self.key {
            let files = self.new.into_inner().unwrap_or_else(|e| e.into_inner());
            self.staging
                .write(TABLE, Table::text(key, files).as_bytes())?;
        }
        Ok(counts)
    }
}

/// The hash of a page's body that stands in for it in signatures: made when needed, each time
/// (cheaper than keeping them, for a build that asks once per output).
fn body_hash(site: &Site) -> impl Fn(PageId) -> u64 + Sync + '_ {
    move |i| signature::body_hash(site, i)
}

/// A hash of everything the search index is made from, and more: every page in reading order
/// with its address, title, kind, template, front matter, text, headings and terms. Kept wide
/// on purpose, since a stale index is worse than a slow build.
pub fn search_inputs(site: &Site) -> u64 {
    let order = site.links.reading_order();
    let per_page: Vec<u64> = order
        .par_iter()
        .map(|&i| {
            let p = site.page(i);
            let r = site.rendered(i);
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (&p.key, &p.url, &p.title, site.template_for(p)).hash(&mut h);
            format!("{:?}|{:?}|{:?}", p.kind, p.meta, r.headings).hash(&mut h);
            r.text.hash(&mut h);
            for &(t, k) in site.links.terms(i) {
                (&site.taxonomy(t).name, &site.taxonomy(t).term(k).name).hash(&mut h);
            }
            h.finish()
        })
        .collect();
    hash_of(&(per_page, site.handbook.config.sprog.code()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_reads_back_and_a_broken_one_is_none() {
        let files = vec![
            ("b/index.html".to_string(), 7, 120),
            ("a b/index.html".to_string(), u64::MAX, 0),
            ("bad\nname".to_string(), 1, 1),
        ];
        let text = Table::text(42, files);
        let t = Table::parse(&text).unwrap();
        assert_eq!(t.key, 42);
        assert_eq!(t.files.len(), 2);
        assert_eq!(t.files["a b/index.html"], (u64::MAX, 0));
        assert_eq!(t.files["b/index.html"], (7, 120));
        // Cut off in a line, another format, or no header: no table.
        assert!(Table::parse(&text[..text.len() - 8]).is_none());
        assert!(Table::parse(&text.replace(HEADER, "bogbinder-signaturer 2")).is_none());
        assert!(Table::parse("").is_none());
    }
}
