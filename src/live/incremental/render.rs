//! Rendering the outputs an update may have changed, and publishing the assets pages use.

use super::affected::Affected;
use super::{rel, Incremental, Update, LAZY};
use crate::error::{Diagnostic, Diagnostics};
use crate::handbook::resolve::{PageId, PerPage, Site};
use crate::handbook::signature::{self, SidebarKey, Sidebars};
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
        let nav = affected.as_ref().and_then(|a| a.nav.clone());
        let t = crate::timing::step("inc: sidebars");
        // Pages keep their sidebar keys while they keep their addresses (see `relink`).
        let keys = match self.sidebar_keys.take() {
            Some(k) => k,
            None => SidebarIndex::new(&self.site),
        };
        // Sidebars are hashed again only when a title, an address or the order changed.
        let sidebars = match &affected {
            Some(a) if !a.sidebars => self.sidebars.clone(),
            _ => signature::signatures_of(&self.site, keys.distinct.clone()),
        };
        drop(t);
        let t = crate::timing::step("inc: candidates");
        let candidates = Candidates {
            site: &self.site,
            keys: &keys,
            sidebars: &sidebars,
            old_sidebars: &self.sidebars,
        };
        let (all, targets) = match &affected {
            None => {
                let all = targets::targets(&self.site);
                (Some(all.clone()), all)
            }
            Some(a) => (None, candidates.of(a)),
        };
        let (urgent, later) = split(&self.site, targets, now);
        drop(t);
        let t = crate::timing::step("inc: render");
        let (new_files, mut problems) = self.render_targets(&urgent, &sidebars);
        drop(t);
        let t = crate::timing::step("inc: assets+store");
        let assets = match self.publish_assets() {
            Ok(a) => a,
            Err(d) => {
                problems.extend(d.0);
                Vec::new()
            }
        };
        if !problems.is_empty() {
            self.problems = problems.sorted();
            // What this update marked is not kept: the next one checks everything.
            self.check_all = true;
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
        // Outputs left for later by earlier updates stay so: their signature is compared when
        // they are asked for, with the site as it is then.
        for (path, t) in later {
            // Named as changed before they are rendered, so open browser tabs reload them.
            changed.push(path.clone());
            self.pending.insert(path, t);
        }
        drop(t);
        // With the same pages and terms as before no output can be gone.
        let gone = all.map(|all| self.gone(&all)).unwrap_or_default();
        self.sidebars = sidebars;
        self.sidebar_keys = Some(keys);
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
            match nav {
                Some(sections) => self.stale_nav.extend(sections),
                None => {
                    self.stale.insert(super::NAV_FILES);
                }
            }
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
            .filter(|t| !LAZY.iter().any(|(l, _)| l == *t))
            .filter_map(|t| {
                let path = t.path(site);
                let sig = self.signature(sidebars, t);
                let same = sig.is_some() && self.signatures.get(&path) == sig.as_ref();
                (!same).then_some((*t, path, sig))
            })
            .collect();
        let results: Vec<Rendering> = todo
            .into_par_iter()
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
            self.pending.remove(&path);
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
    fn gone(&self, targets: &[Target]) -> Vec<String> {
        let live: HashSet<String> = targets.iter().map(|t| t.path(&self.site)).collect();
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

/// Each page's sidebar key and the keys in use. Pages keep them while they keep their
/// addresses and sections, so an edit in place needs no walk of the whole handbook for them.
pub(super) struct SidebarIndex {
    per_page: PerPage<SidebarKey>,
    distinct: HashSet<SidebarKey>,
}

impl SidebarIndex {
    pub(super) fn new(site: &Site) -> SidebarIndex {
        let per_page = signature::sidebar_keys(site);
        let distinct = signature::sidebar_key_set(&per_page);
        SidebarIndex { per_page, distinct }
    }
}

/// What decides which outputs an update looks at, after an edit that named what it affected.
struct Candidates<'a> {
    site: &'a Site,
    keys: &'a SidebarIndex,
    sidebars: &'a Sidebars,
    old_sidebars: &'a Sidebars,
}

impl Candidates<'_> {
    /// The outputs that can have changed, found from what changed rather than by asking each
    /// output of the handbook.
    fn of(&self, a: &Affected) -> Vec<Target> {
        let site = self.site;
        let changed: HashSet<SidebarKey> = (self.keys.distinct.iter())
            .filter(|k| self.sidebars.get(k) != self.old_sidebars.get(k))
            .copied()
            .collect();
        let mut pages: Vec<PageId> = a.pages.iter().chain(&a.regrouped).copied().collect();
        let mut lists = pages.clone();
        if !changed.is_empty() {
            // A sidebar every page of a kind shows changed: a section's title, say.
            for (i, &(d, open)) in site.ids().zip(self.keys.per_page.iter()) {
                if changed.contains(&(d, open)) {
                    pages.push(i);
                }
                // A section's follow-on pages are two folders below it.
                if changed.contains(&(d + 2, open)) {
                    lists.push(i);
                }
            }
        }
        for v in [&mut pages, &mut lists] {
            v.sort_unstable();
            v.dedup();
        }
        let mut out: Vec<Target> = pages.iter().map(|&i| Target::Page(i)).collect();
        for &i in &lists {
            out.extend((2..=site.list_parts(i)).map(|n| Target::SectionPart(i, n)));
        }
        // A page's forms PDF shows only the page itself.
        let forms = pages
            .iter()
            .filter(|&&i| !site.rendered(i).forms.is_empty());
        out.extend(forms.map(|&i| Target::FormPdf(i)));
        self.terms(a, &changed, &mut out);
        self.print(a, &changed, &mut out);
        // Few and cheap to sign: the lists of terms, the 404 page and the search page.
        for (t, tax) in site.enumerate_taxonomies() {
            if !tax.terms.is_empty() {
                out.push(Target::TaxonomyList(t));
            }
        }
        out.extend([Target::NotFound, Target::Search]);
        out
    }

    /// Terms whose pages changed, or all when the sidebar of their lists did.
    fn terms(&self, a: &Affected, changed: &HashSet<SidebarKey>, out: &mut Vec<Target>) {
        let site = self.site;
        let per = site.handbook.config.sider_pr_liste;
        let (firsts, follow_ons) = (changed.contains(&(2, None)), changed.contains(&(4, None)));
        for (t, tax) in site.enumerate_taxonomies() {
            for (k, term) in tax.enumerate() {
                let marked = a.terms.contains(&(t, k));
                if marked || firsts {
                    out.push(Target::Term(t, k));
                }
                if marked || follow_ons {
                    let parts = crate::handbook::render::part_count(term.pages.len(), per);
                    out.extend((2..=parts).map(|n| Target::TermPart(t, k, n)));
                }
            }
        }
    }

    /// The parts of the print view, and pages of its list of parts, that can have changed.
    fn print(&self, a: &Affected, changed: &HashSet<SidebarKey>, out: &mut Vec<Target>) {
        let site = self.site;
        let parts = targets::print_parts(site);
        let contents = targets::print_contents_pages(site);
        // Parts are at `udskrift/<n>/`, the list's follow-on pages at `udskrift/side/<n>/`.
        let (all_parts, all_contents) = match &a.print {
            None => (true, true),
            Some(_) => (changed.contains(&(2, None)), changed.contains(&(3, None))),
        };
        let mut marked: Vec<usize> = match (&a.print, all_parts) {
            (Some(p), false) => {
                let per = site.handbook.config.sider_pr_udskrift.max(1);
                let part = |q: usize| q / per + 1;
                let mut v: Vec<usize> = p.positions.iter().map(|&q| part(q)).collect();
                if let Some((lo, hi)) = p.span {
                    v.extend(part(lo)..=part(hi));
                }
                v.retain(|&n| n <= parts);
                v
            }
            _ => (1..=parts).collect(),
        };
        marked.sort_unstable();
        marked.dedup();
        out.extend(marked.iter().map(|&n| Target::PrintPart(n)));
        // The list of parts names each part's first and last page.
        let per_list = site.handbook.config.sider_pr_liste.max(1);
        let mut pages: Vec<usize> = match all_contents {
            true => (2..=contents).collect(),
            false => marked.iter().map(|&n| (n - 1) / per_list + 1).collect(),
        };
        pages.retain(|&c| c >= 2);
        pages.dedup();
        out.extend(pages.into_iter().map(Target::PrintContents));
    }
}

/// The outputs to look at, split into those rendered now and those left until asked for (by
/// path). After an edit only the edited pages are rendered at once; the listings and
/// neighbours it may have changed are rendered when asked for (see `Incremental::file`).
fn split(site: &Site, targets: Vec<Target>, now: Now) -> (Vec<Target>, Vec<(String, Target)>) {
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
    let (urgent, later): (Vec<Target>, Vec<Target>) = targets.into_iter().partition(urgent);
    let later = later.into_par_iter().map(|t| (t.path(site), t)).collect();
    (urgent, later)
}

/// An output rendered anew: path, signature and bytes.
type NewFile = (String, Option<u64>, Vec<u8>);

/// An output rendered anew: path, signature and bytes (or what went wrong).
type Rendering = (
    String,
    Option<u64>,
    std::result::Result<Vec<u8>, Diagnostic>,
);
