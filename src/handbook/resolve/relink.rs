//! Linking again after an edit, in place: when the same pages stay at the same addresses, only
//! what the edited pages take part in is worked out anew. At 10,000 pages linking whole costs
//! tens of milliseconds, too much for a live preview that should answer a save at once.

use super::ids::{PageId, TaxonomyId, TermId};
use super::links::reading_order;
use super::taxonomy::{group_taxonomies, page_terms, same_terms};
use super::{backlink_targets, check_anchors, resolve_refs, sort_key, Site};
use crate::error::Diagnostics;
use crate::handbook::load::{Page, PageKind};
use crate::handbook::markdown::Rendered;
use std::collections::{HashMap, HashSet};

/// A page read or rendered again, to take the place of page `index`. It must have the same file,
/// key and address, and not be a draft; its section is kept.
pub struct Replacement {
    pub index: PageId,
    pub page: Page,
    pub rendered: Rendered,
}

/// What [`Site::replace_pages`] changed besides the replaced pages themselves.
#[derive(Debug, Default)]
pub struct Relinked {
    /// Pages whose relations changed: lists, their order, neighbours, term counts. May repeat.
    pub pages: Vec<PageId>,
    /// Terms (taxonomy, term) whose list of pages changed.
    pub terms: HashSet<(TaxonomyId, TermId)>,
    /// Replaced pages whose title, address, summary or kind changed (see [`shown`]).
    pub shown_changed: Vec<PageId>,
    /// The order of pages changed (sections, reading order).
    pub reordered: bool,
    /// Lists of a section sorted anew, as they were before.
    pub resorted: Vec<Resorted>,
    /// The first and last place in the reading order that holds another page now.
    pub order_changed: Option<(usize, usize)>,
    /// Terms came or went, so every term's place may have moved.
    pub terms_changed: bool,
    pub problems: Diagnostics,
}

/// A list of a section whose order changed.
#[derive(Debug)]
pub struct Resorted {
    pub section: PageId,
    /// Whether the list is the section's subsections (else its pages).
    pub subsections: bool,
    /// The list before.
    pub before: Vec<PageId>,
}

/// What other pages show of a page: pages that merely list it need no new rendering unless
/// this changed.
pub fn shown(p: &Page) -> (&str, &str, Option<&str>, PageKind) {
    (&p.title, &p.url, p.meta.description.as_deref(), p.kind)
}

impl Site {
    /// Puts pages read again in place of the old ones and brings references, backlinks, order
    /// and taxonomies up to date, giving the same site a whole [`super::link`] would. The
    /// problems returned are all the site's problems, provided it had none before.
    pub fn replace_pages(&mut self, replacements: Vec<Replacement>) -> Relinked {
        let mut out = Relinked::default();
        let mut old = Vec::with_capacity(replacements.len());
        for r in replacements {
            let i = r.index;
            let mut page = r.page;
            page.parent = self.page(i).parent.clone();
            let page = std::mem::replace(&mut self.handbook.pages[i.index()], page);
            let rendered = std::mem::replace(&mut self.rendered[i], r.rendered);
            let refs = resolve_refs(&self.handbook, self.handbook.page(i), &mut out.problems);
            let refs = std::mem::replace(&mut self.refs[i], refs);
            check_anchors(&self.handbook, &self.rendered, i, &mut out.problems);
            if shown(&page) != shown(self.page(i)) {
                out.shown_changed.push(i);
            }
            old.push(Old {
                index: i,
                page,
                rendered,
                refs,
            });
        }
        let touched: HashSet<PageId> = old.iter().map(|o| o.index).collect();
        let t = crate::timing::step("relink: anchors");
        self.recheck_anchors_into(&old, &touched, &mut out.problems);
        drop(t);
        let t = crate::timing::step("relink: reorder");
        let titles_changed = self.reorder(&old, &mut out);
        drop(t);
        let t = crate::timing::step("relink: backlinks");
        self.relink_backlinks(&old, &mut out);
        drop(t);
        let _t = crate::timing::step("relink: terms");
        self.regroup_terms(&old, &titles_changed, &mut out);
        out
    }

    /// Pages linking to `#anchors` of a page whose headings changed are checked again.
    fn recheck_anchors_into(
        &self,
        old: &[Old],
        touched: &HashSet<PageId>,
        diags: &mut Diagnostics,
    ) {
        let reheaded: HashSet<&str> = old
            .iter()
            .filter(|o| o.rendered.headings != self.rendered[o.index].headings)
            .map(|o| self.page(o.index).key.as_str())
            .collect();
        if reheaded.is_empty() {
            return;
        }
        for (j, r) in self.rendered.enumerate() {
            let points_in = r
                .anchor_refs
                .iter()
                .any(|a| reheaded.contains(a.target_key.as_str()));
            if points_in && !touched.contains(&j) {
                check_anchors(&self.handbook, &self.rendered, j, diags);
            }
        }
    }

    /// New sort keys; sections whose list changed order are sorted again, and with them the
    /// reading order. Returns the replaced pages whose title sorts differently now.
    fn reorder(&mut self, old: &[Old], out: &mut Relinked) -> Vec<PageId> {
        let mut titles_changed = Vec::new();
        let mut parents = Vec::new();
        for o in old {
            let i = o.index;
            let key = sort_key(self.page(i));
            if key == self.sort_keys[i] {
                continue;
            }
            if key.1 != self.sort_keys[i].1 {
                titles_changed.push(i);
            }
            self.sort_keys[i] = key;
            parents.extend(self.handbook.parent_of(i));
        }
        parents.sort_unstable();
        parents.dedup();
        for p in parents {
            let keys = &self.sort_keys;
            let links = &mut self.links;
            let lists = [
                (false, &mut links.children[p]),
                (true, &mut links.subsections[p]),
            ];
            for (subsections, list) in lists {
                let before = list.clone();
                list.sort_by(|a, b| keys[*a].cmp(&keys[*b]));
                if *list != before {
                    out.pages.push(p);
                    out.reordered = true;
                    out.resorted.push(Resorted {
                        section: p,
                        subsections,
                        before,
                    });
                }
            }
        }
        if out.reordered {
            self.reorder_reading(out);
        }
        titles_changed
    }

    /// Brings the reading order up to date after sections were sorted anew: only the stretch
    /// each such section spans is walked again, so a title edit costs no walk of the whole
    /// handbook. Pages whose neighbours changed go into `out.pages`.
    fn reorder_reading(&mut self, out: &mut Relinked) {
        let links = &mut self.links;
        let old_order = links.reading_order.clone();
        let old_position = links.position.clone();
        let mut span: Option<(usize, usize)> = None;
        for r in &out.resorted {
            let start = links.position[r.section];
            let mut stretch = Vec::new();
            let mut stack = vec![r.section];
            while let Some(s) = stack.pop() {
                stretch.push(s);
                stretch.extend(&links.children[s]);
                stack.extend(links.subsections[s].iter().rev());
            }
            let end = start.checked_add(stretch.len());
            let Some(old) = end.and_then(|end| links.reading_order.get_mut(start..end)) else {
                // Not in the reading order as expected: walk it whole.
                let (order, position) = reading_order(
                    self.handbook.front_id(),
                    &links.children,
                    &links.subsections,
                );
                links.reading_order = order;
                links.position = position;
                span = Some((0, links.reading_order.len().saturating_sub(1)));
                break;
            };
            for (k, (slot, &now)) in old.iter_mut().zip(&stretch).enumerate() {
                if *slot != now {
                    *slot = now;
                    links.position[now] = start + k;
                    let (lo, hi) = span.unwrap_or((start + k, start + k));
                    span = Some((lo.min(start + k), hi.max(start + k)));
                }
            }
        }
        #[cfg(debug_assertions)]
        {
            let whole = reading_order(
                self.handbook.front_id(),
                &links.children,
                &links.subsections,
            );
            assert!(
                (&links.reading_order, &links.position) == (&whole.0, &whole.1),
                "the reading order patched in place differs from one walked whole"
            );
        }
        let Some((lo, hi)) = span else { return };
        out.order_changed = Some((lo, hi));
        let neighbours = |order: &[PageId], pos: usize| {
            (
                pos.checked_sub(1).map(|q| order[q]),
                order.get(pos + 1).copied(),
            )
        };
        // Only pages in the stretch and those right beside it can have new neighbours.
        let last = links.reading_order.len().saturating_sub(1);
        for q in lo.saturating_sub(1)..=(hi + 1).min(last) {
            let i = links.reading_order[q];
            if neighbours(&links.reading_order, q) != neighbours(&old_order, old_position[i]) {
                out.pages.push(i);
            }
        }
    }

    /// Backlinks: the replaced pages leave the lists of pages they no longer point at and join
    /// those of pages they point at now; after a reordering every list follows the new order.
    fn relink_backlinks(&mut self, old: &[Old], out: &mut Relinked) {
        let links = &mut self.links;
        let position = &links.position;
        let rank = |&i: &PageId| (position[i], i);
        for o in old {
            let i = o.index;
            let set = |v: &mut Vec<PageId>| {
                v.sort_unstable();
                v.dedup();
            };
            let mut before: Vec<PageId> =
                backlink_targets(&self.handbook, &o.refs, &o.rendered, i).collect();
            let mut after: Vec<PageId> =
                backlink_targets(&self.handbook, &self.refs[i], &self.rendered[i], i).collect();
            set(&mut before);
            set(&mut after);
            for &t in before.iter().filter(|t| after.binary_search(t).is_err()) {
                links.backlinks[t].retain(|&b| b != i);
                out.pages.push(t);
            }
            for &t in after.iter().filter(|t| before.binary_search(t).is_err()) {
                let list = &mut links.backlinks[t];
                if let Err(at) = list.binary_search_by_key(&rank(&i), rank) {
                    list.insert(at, i);
                }
                out.pages.push(t);
            }
        }
        if out.reordered {
            for (t, list) in self.handbook.ids().zip(links.backlinks.iter_mut()) {
                if !list.is_sorted_by_key(rank) {
                    list.sort_unstable_by_key(rank);
                    out.pages.push(t);
                }
            }
        }
    }

    /// Taxonomies: the replaced pages whose terms or titles changed are moved between and
    /// within the lists of the terms; when a term comes, goes or is named anew, all pages are
    /// grouped again.
    fn regroup_terms(&mut self, old: &[Old], titles_changed: &[PageId], out: &mut Relinked) {
        let tagged_anew = old
            .iter()
            .any(|o| o.page.meta.taxonomies != self.page(o.index).meta.taxonomies);
        let mut problems = Diagnostics::default();
        let moves = match tagged_anew {
            true => self.retagged(old, &mut problems),
            false => Some(Vec::new()),
        };
        let Some(mut moves) = moves else {
            return self.regroup_all(out);
        };
        for &i in titles_changed {
            if !moves.iter().any(|(m, _)| *m == i) {
                moves.push((i, self.links.terms[i].clone()));
            }
        }
        let after = self.term_lists_after(&moves);
        if tagged_anew && !self.names_kept(&after) {
            return self.regroup_all(out);
        }
        for (tk, pages) in after {
            let list = &mut self.taxonomies[tk.0.index()].terms[tk.1.index()].pages;
            if *list == pages {
                continue;
            }
            out.terms.insert(tk);
            // Pages show how many pages each of their terms has.
            if list.len() != pages.len() {
                out.pages.extend(list.iter().chain(&pages));
            }
            *list = pages;
        }
        for (i, now) in moves {
            if self.links.terms[i] != now {
                out.pages.push(i);
                self.links.terms[i] = now;
            }
        }
        // Term lists show their pages' titles.
        for &i in titles_changed {
            out.terms.extend(self.links.terms[i].iter().copied());
        }
        out.problems.extend(problems.0);
    }

    /// Groups every page's terms again.
    fn regroup_all(&mut self, out: &mut Relinked) {
        let (taxonomies, page_terms) =
            group_taxonomies(&self.handbook, &self.sort_keys, &mut out.problems);
        if !same_terms(&self.taxonomies, &taxonomies) {
            out.terms_changed = true;
        }
        for ((t, a), b) in self.enumerate_taxonomies().zip(&taxonomies) {
            for ((k, x), y) in a.enumerate().zip(&b.terms) {
                if x.pages != y.pages {
                    out.terms.insert((t, k));
                }
                // Pages show how many pages each of their terms has.
                if x.pages.len() != y.pages.len() {
                    out.pages.extend(x.pages.iter().chain(&y.pages));
                }
            }
        }
        for ((i, a), b) in self.links.terms.enumerate().zip(page_terms.iter()) {
            if a != b {
                out.pages.push(i);
            }
        }
        self.taxonomies = taxonomies;
        self.links.terms = page_terms;
    }
}

impl Site {
    /// The replaced pages whose terms changed, each with its terms now; `None` when one names
    /// a term that does not exist yet. Their problems (unknown taxonomies) go into `problems`.
    fn retagged(
        &self,
        old: &[Old],
        problems: &mut Diagnostics,
    ) -> Option<Vec<(PageId, Vec<TermKey>)>> {
        let mut slugs = HashMap::new();
        let mut moves = Vec::new();
        for o in old {
            let i = o.index;
            if o.page.meta.taxonomies == self.page(i).meta.taxonomies {
                continue;
            }
            let named = page_terms(&self.handbook, self.page(i), &mut slugs, problems);
            let mut now = Vec::with_capacity(named.len());
            for (t, _, slug) in named {
                let k = self.taxonomies[t]
                    .terms
                    .iter()
                    .position(|x| x.slug == slug)?;
                now.push((TaxonomyId::new(t), TermId::new(k)));
            }
            now.sort_unstable();
            now.dedup();
            moves.push((i, now));
        }
        Some(moves)
    }

    /// The lists of the terms that moved pages leave or join: the other pages stay where they
    /// are, the moved ones are put in their place by title, ties in file order (as
    /// `group_taxonomies` has them), so no list is sorted whole.
    fn term_lists_after(&self, moves: &[(PageId, Vec<TermKey>)]) -> HashMap<TermKey, Vec<PageId>> {
        let moved: HashSet<PageId> = moves.iter().map(|(i, _)| *i).collect();
        let mut after: HashMap<TermKey, Vec<PageId>> = HashMap::new();
        for (i, now) in moves {
            for tk in self.links.terms[*i].iter().chain(now) {
                after.entry(*tk).or_insert_with(|| {
                    let mut pages = self.term_pages(*tk).to_vec();
                    pages.retain(|p| !moved.contains(p));
                    pages
                });
            }
        }
        let keys = &self.sort_keys;
        let rank = |p: &PageId| (&keys[*p].1, *p);
        for (i, now) in moves {
            for tk in now {
                if let Some(pages) = after.get_mut(tk) {
                    let at = pages.partition_point(|p| rank(p) < rank(i));
                    pages.insert(at, *i);
                }
            }
        }
        after
    }

    /// Whether every term keeps a page and its name, which the first page in file order naming
    /// it gives.
    fn names_kept(&self, after: &HashMap<TermKey, Vec<PageId>>) -> bool {
        let mut slugs = HashMap::new();
        after.iter().all(|((t, k), pages)| {
            let Some(&first) = pages.iter().min() else {
                return false;
            };
            let term = &self.taxonomies[t.index()].terms[k.index()];
            // Problems of that page are reported where it is read.
            let mut known = Diagnostics::default();
            page_terms(&self.handbook, self.page(first), &mut slugs, &mut known)
                .into_iter()
                .find(|(x, _, slug)| *x == t.index() && *slug == term.slug)
                .is_some_and(|(_, name, _)| name == term.name)
        })
    }

    fn term_pages(&self, (t, k): TermKey) -> &[PageId] {
        &self.taxonomies[t.index()].terms[k.index()].pages
    }
}

type TermKey = (TaxonomyId, TermId);

/// A replaced page as it was.
struct Old {
    index: PageId,
    page: Page,
    rendered: Rendered,
    refs: super::Refs,
}
