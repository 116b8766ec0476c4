//! Rendering the outputs an update may have changed, and publishing the assets pages use.

use super::affected::Affected;
use super::{rel, Incremental, Update, LAZY};
use crate::error::{Diagnostic, Diagnostics};
use crate::handbook::resolve::{PageId, PerPage, Site};
use crate::handbook::signature::{self, sidebar_signatures, SidebarKey, Sidebars};
use crate::handbook::targets::{self, Target};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

impl Incremental {
    /// Renders the outputs whose signature changed and swaps them in, all or nothing.
    /// `affected` limits which outputs are checked; `None` checks all.
    pub(super) fn render_changed(&mut self, affected: Option<Affected>, now: Now) -> Update {
        let full_check = affected.is_none();
        // Sidebars are hashed again only when a title, an address or the order changed.
        let (sidebar_keys, sidebars) = match &affected {
            Some(a) if !a.sidebars => (None, self.sidebars.clone()),
            _ => {
                let keys = signature::sidebar_keys(&self.site);
                let sidebars = sidebar_signatures(&self.site, &keys);
                (Some(keys), sidebars)
            }
        };
        let targets = targets::targets(&self.site);
        // With the same pages and terms as before no output can be gone.
        let live: Option<HashSet<String>> =
            full_check.then(|| targets.iter().map(|t| t.path(&self.site)).collect());
        let candidates = Candidates {
            affected: affected.as_ref(),
            // Outputs left for later by the last update stay candidates (same pages, so the
            // same targets); a full check covers them anyway.
            deferred: match &affected {
                Some(_) => self.pending.values().copied().collect(),
                None => HashSet::new(),
            },
            sidebar_keys: sidebar_keys.as_ref(),
            sidebars: &sidebars,
            old_sidebars: &self.sidebars,
        };
        let (urgent, later) = candidates.split(&self.site, &targets, now);
        let (new_files, mut problems) = self.render_targets(&urgent, &sidebars);
        let assets = match self.publish_assets() {
            Ok(a) => a,
            Err(d) => {
                problems.extend(d.0);
                Vec::new()
            }
        };
        if !problems.is_empty() {
            self.problems = problems.sorted();
            return Update {
                changed: Some(Vec::new()),
                problems: self.problems.clone(),
            };
        }
        let mut changed = self.store(new_files, assets);
        if full_check {
            // Every output was checked, so what was left for later is in `later` again, and
            // page numbers may have changed since.
            self.pending.clear();
        }
        for (path, t) in later {
            // Named as changed before they are rendered, so open browser tabs reload them.
            changed.push(path.clone());
            self.pending.insert(path, t);
        }
        let gone = live.map(|live| self.gone(&live)).unwrap_or_default();
        self.sidebars = sidebars;
        self.check_all = false;
        for p in gone {
            self.files.remove(&p);
            self.signatures.remove(&p);
            changed.push(p);
        }
        if !changed.is_empty() {
            for (_, path) in LAZY {
                self.stale.insert(path);
                changed.push(path.into());
            }
            self.stale.insert(super::SEARCH_INDEX);
            self.stale.insert(super::NAV_FILES);
        }
        Update {
            changed: Some(changed),
            problems: Diagnostics::default(),
        }
    }

    /// Renders the targets whose signature changed (lazy ones aside): the new files with their
    /// signatures, and the problems.
    fn render_targets(
        &self,
        targets: &[Target],
        sidebars: &Sidebars,
    ) -> (Vec<NewFile>, Diagnostics) {
        let site = &self.site;
        let todo: Vec<(Target, String, Option<u64>)> = targets
            .par_iter()
            .filter_map(|t| {
                let path = t.path(site);
                let sig = self.signature(sidebars, t);
                let same = sig.is_some() && self.signatures.get(&path) == sig.as_ref();
                (!same).then_some((*t, path, sig))
            })
            .collect();
        let results: Vec<Rendering> = todo
            .into_par_iter()
            .filter(|(t, _, _)| !LAZY.iter().any(|(l, _)| l == t))
            .map(|(t, path, sig)| {
                let r = t.render(site, &self.theme);
                (path, sig, r)
            })
            .collect();
        let mut problems = Diagnostics::default();
        let mut new_files = Vec::new();
        for (path, sig, r) in results {
            match r {
                Ok(bytes) => new_files.push((path, sig, bytes)),
                Err(d) => problems.push(d),
            }
        }
        (new_files, problems)
    }

    /// The target's signature, each page's body standing in as the hash made when it was rendered.
    fn signature(&self, sidebars: &Sidebars, t: &Target) -> Option<u64> {
        let info = &self.rendered_info;
        let site = &self.site;
        let body = |i: PageId| info.get(&site.page(i).file).map_or(0, |(_, c)| *c);
        signature::signature(site, sidebars, &body, t)
    }

    /// Puts rendered outputs and published assets in place; returns the paths whose bytes changed
    /// (every asset counts as changed).
    fn store(&mut self, new_files: Vec<NewFile>, assets: Vec<(String, Vec<u8>)>) -> Vec<String> {
        let mut changed = Vec::new();
        for (path, sig, bytes) in new_files {
            if self.files.get(&path).is_none_or(|old| **old != *bytes) {
                changed.push(path.clone());
            }
            self.files.insert(path.clone(), Arc::from(bytes));
            match sig {
                Some(s) => self.signatures.insert(path, s),
                None => self.signatures.remove(&path),
            };
        }
        for (path, bytes) in assets {
            changed.push(path.clone());
            self.files.insert(path, Arc::from(bytes));
        }
        changed
    }

    /// Files of pages and terms that are gone: kept files that no target, theme file, asset or
    /// search index file accounts for.
    fn gone(&self, live: &HashSet<String>) -> Vec<String> {
        if live.is_empty() {
            return Vec::new();
        }
        let statics: HashSet<String> = (self.theme.statics.iter())
            .map(|(n, _)| format!("static/{n}"))
            .collect();
        self.files
            .keys()
            .filter(|p| {
                !super::is_search_index(p)
                    && !live.contains(*p)
                    && !statics.contains(*p)
                    && !self.assets.contains_key(*p)
            })
            .cloned()
            .collect()
    }

    /// Processes assets that are new or whose source changed; forgets unused ones.
    /// Renders outputs left for later (see [`Incremental::render_changed`]), when their
    /// signature changed. One that fails keeps its last good file; the page that shows the
    /// problem is the edited one, rendered at once with the same templates.
    pub(super) fn render_pending(&mut self, paths: &[String]) {
        let todo: Vec<(String, Target)> = paths
            .iter()
            .filter_map(|p| self.pending.remove(p).map(|t| (p.clone(), t)))
            .collect();
        let site = &self.site;
        let done: Vec<(String, Option<u64>, Option<Vec<u8>>)> = todo
            .into_par_iter()
            .map(|(path, t)| {
                let sig = self.signature(&self.sidebars, &t);
                let same = sig.is_some() && self.signatures.get(&path) == sig.as_ref();
                let bytes = (!same).then(|| t.render(site, &self.theme).ok()).flatten();
                (path, sig, bytes)
            })
            .collect();
        for (path, sig, bytes) in done {
            if let Some(bytes) = bytes {
                self.files.insert(path.clone(), Arc::from(bytes));
                match sig {
                    Some(s) => self.signatures.insert(path, s),
                    None => self.signatures.remove(&path),
                };
            }
        }
    }

    fn publish_assets(&mut self) -> std::result::Result<Vec<(String, Vec<u8>)>, Diagnostics> {
        let wanted = crate::handbook::collect_assets(&self.site);
        let stamp = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        let todo: Vec<_> = wanted
            .iter()
            .filter(|a| self.assets.get(&a.out_path) != Some(&(a.source.clone(), stamp(&a.source))))
            .collect();
        let scope = crate::project::files::Scope::handbook(&self.root);
        let done: Vec<_> = todo
            .par_iter()
            .map(|a| {
                let shown = rel(&self.root, &a.source);
                crate::handbook::read_asset(&scope, &a.source, &shown)
                    .and_then(|bytes| crate::media::images::publish_asset(&a.source, bytes, &shown))
                    .map(|b| (a.out_path.clone(), b))
                    .map_err(|d| a.used_at.place(d))
            })
            .collect();
        let mut out = Vec::new();
        let mut diags = Diagnostics::default();
        for r in done {
            match r {
                Ok(x) => out.push(x),
                Err(d) => diags.push(d),
            }
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        let keep: HashSet<&String> = wanted.iter().map(|a| &a.out_path).collect();
        let gone: Vec<String> = self
            .assets
            .keys()
            .filter(|k| !keep.contains(k))
            .cloned()
            .collect();
        for g in gone {
            self.assets.remove(&g);
            self.files.remove(&g);
        }
        for a in &wanted {
            self.assets
                .insert(a.out_path.clone(), (a.source.clone(), stamp(&a.source)));
        }
        Ok(out)
    }
}

/// Which outputs an update renders at once; the others that changed wait until asked for.
pub(super) enum Now {
    /// Everything (first load, settings or theme changed: template errors must show at once).
    All,
    /// These pages: the ones read or rendered again.
    Pages(Vec<PageId>),
}

/// What decides which outputs an update looks at.
struct Candidates<'a> {
    /// `None` checks every output.
    affected: Option<&'a Affected>,
    /// Outputs left for later by the last update.
    deferred: HashSet<Target>,
    /// Each page's sidebar key, when sidebars were hashed again.
    sidebar_keys: Option<&'a PerPage<SidebarKey>>,
    sidebars: &'a Sidebars,
    old_sidebars: &'a Sidebars,
}

impl Candidates<'_> {
    /// Whether the output can have changed.
    fn check(&self, site: &Site, t: &Target) -> bool {
        let Some(a) = self.affected else { return true };
        if self.deferred.contains(t) {
            return true;
        }
        let sidebar_changed =
            |key: &SidebarKey| self.sidebars.get(key) != self.old_sidebars.get(key);
        // The sidebar of a large section opens at the group holding the page shown.
        let slid = |i: PageId| {
            a.reordered
                && site.top_section_of(i).is_some_and(|s| {
                    let members = site.links.children(s).len() + site.links.subsections(s).len();
                    members > crate::handbook::render::INLINE_NAV_LIMIT
                })
        };
        match *t {
            Target::Page(i) => {
                a.pages[i]
                    || slid(i)
                    || self
                        .sidebar_keys
                        .is_some_and(|keys| sidebar_changed(&keys[i]))
            }
            Target::Term(t, k) => a.terms.contains(&(t, k)) || sidebar_changed(&(2, None)),
            // Follow-on pages of a list are two folders below its first page.
            Target::TermPart(t, k, _) => a.terms.contains(&(t, k)) || sidebar_changed(&(4, None)),
            Target::SectionPart(i, _) => {
                a.pages[i]
                    || slid(i)
                    || (self.sidebar_keys)
                        .is_some_and(|keys| sidebar_changed(&(keys[i].0 + 2, keys[i].1)))
            }
            _ => true,
        }
    }

    /// The outputs to look at, split into those rendered now and those left until asked for
    /// (by path). After an edit only the edited pages are rendered at once; the listings and
    /// neighbours it may have changed are rendered when asked for (see `Incremental::file`).
    fn split(
        &self,
        site: &Site,
        targets: &[Target],
        now: Now,
    ) -> (Vec<Target>, Vec<(String, Target)>) {
        let at_once: Option<HashSet<PageId>> = match now {
            Now::All => None,
            Now::Pages(pages) => Some(pages.into_iter().collect()),
        };
        let urgent = |t: &Target| match (&at_once, t) {
            // The print view's parts hold every page: rendered only when asked for.
            (_, Target::PrintPart(_) | Target::PrintContents(_)) => false,
            (Some(now), Target::Page(i)) => now.contains(i),
            (Some(_), Target::Term(..) | Target::TermPart(..) | Target::SectionPart(..)) => false,
            _ => true,
        };
        let (urgent, later): (Vec<Target>, Vec<Target>) = targets
            .par_iter()
            .filter(|t| self.check(site, t))
            .copied()
            .partition(|t| urgent(t));
        let later = later.into_iter().map(|t| (t.path(site), t)).collect();
        (urgent, later)
    }
}

/// An output rendered anew: path, signature and bytes.
type NewFile = (String, Option<u64>, Vec<u8>);

/// An output rendered anew: path, signature and bytes (or what went wrong).
type Rendering = (
    String,
    Option<u64>,
    std::result::Result<Vec<u8>, Diagnostic>,
);
