//! Which outputs can have changed after an edit, worked out from what changed between the site
//! before and after it. Only these get their signature computed again: hashing the context of
//! all 10,000 pages of a large handbook after every keystroke-save would cost far more than the
//! edit itself. Erring on the side of too many is only slower; the signature decides.

use crate::handbook::load::Page;
use crate::handbook::resolve::{backlink_targets, same_terms, Relinked, Site, SortKey, Taxonomy};
use std::collections::HashSet;

/// The relations of the site before an edit, taken out of it before it is taken apart.
pub(super) struct Before {
    pub keys: Vec<String>,
    pub refs: Vec<crate::handbook::resolve::Refs>,
    pub backlinks: Vec<Vec<usize>>,
    pub children: Vec<Vec<usize>>,
    pub subsections: Vec<Vec<usize>>,
    pub page_terms: Vec<Vec<(usize, usize)>>,
    pub reading_order: Vec<usize>,
    pub position: Vec<usize>,
    pub taxonomies: Vec<Taxonomy>,
    pub link_sigs: Vec<u64>,
    pub sort_keys: Vec<SortKey>,
    pub by_key: std::collections::HashMap<String, usize>,
}

impl Before {
    pub fn take(site: &mut Site, link_sigs: Vec<u64>) -> Before {
        use std::mem::take;
        Before {
            keys: site.handbook.pages.iter().map(|p| p.key.clone()).collect(),
            refs: take(&mut site.refs),
            backlinks: take(&mut site.backlinks),
            children: take(&mut site.children),
            subsections: take(&mut site.subsections),
            page_terms: take(&mut site.page_terms),
            reading_order: take(&mut site.reading_order),
            position: take(&mut site.position),
            taxonomies: take(&mut site.taxonomies),
            link_sigs,
            sort_keys: take(&mut site.sort_keys),
            by_key: take(&mut site.handbook.by_key),
        }
    }

    /// The same pages, in the same places, as before.
    pub fn same_pages(&self, pages: &[Page]) -> bool {
        self.keys.len() == pages.len() && pages.iter().zip(&self.keys).all(|(p, k)| p.key == *k)
    }
}

/// Outputs to check: pages by index and terms by (taxonomy, term).
pub(super) struct Affected {
    pub pages: Vec<bool>,
    pub terms: HashSet<(usize, usize)>,
    /// Whether the sidebar can have changed (a title, an address or the order).
    pub sidebars: bool,
}

/// What may have changed, given the pages whose Markdown was rendered anew (`touched`) and the
/// link signatures now. `None` when pages came, went or moved: then everything is checked.
pub(super) fn affected(
    before: &Before,
    site: &Site,
    touched: &[usize],
    link_sigs: &[u64],
) -> Option<Affected> {
    let n = site.handbook.pages.len();
    if !before.same_pages(&site.handbook.pages) {
        return None;
    }
    if !same_terms(&before.taxonomies, &site.taxonomies) {
        return None;
    }
    // Pages whose title, address, summary or kind others show changed.
    let relinked: Vec<bool> = (0..n)
        .map(|i| before.link_sigs.get(i) != link_sigs.get(i))
        .collect();
    let shows_relinked = |list: &[usize]| list.iter().any(|&j| relinked[j]);
    let neighbours = |order: &[usize], pos: &[usize], i: usize| {
        let p = pos[i];
        (
            p.checked_sub(1).and_then(|q| order.get(q).copied()),
            p.checked_add(1).and_then(|q| order.get(q).copied()),
        )
    };

    let mut terms = HashSet::new();
    let mut recounted = HashSet::new();
    for (t, (old, new)) in before.taxonomies.iter().zip(&site.taxonomies).enumerate() {
        for (k, (a, b)) in old.terms.iter().zip(&new.terms).enumerate() {
            if a.pages != b.pages || shows_relinked(&b.pages) {
                terms.insert((t, k));
            }
            if a.pages.len() != b.pages.len() {
                recounted.insert((t, k));
            }
        }
    }

    // Breadcrumbs show the sections above a page; only worth walking up when one changed.
    let section_relinked = (0..n).any(|i| relinked[i] && site.handbook.pages[i].is_section());
    // After a body edit no page shows anything new of another: only lists can have changed.
    let any_relinked = relinked.contains(&true);
    let mut out = vec![false; n];
    for &i in touched {
        out[i] = true;
    }
    for (i, flag) in out.iter_mut().enumerate() {
        if *flag {
            continue;
        }
        let (prev, next) = neighbours(&site.reading_order, &site.position, i);
        let old_nb = neighbours(&before.reading_order, &before.position, i);
        let r = &site.refs[i];
        *flag = (prev, next) != old_nb
            || *r != before.refs[i]
            || site.backlinks[i] != before.backlinks[i]
            || site.children[i] != before.children[i]
            || site.subsections[i] != before.subsections[i]
            || site.page_terms[i] != before.page_terms[i]
            || (!recounted.is_empty()
                && site.page_terms[i].iter().any(|tk| recounted.contains(tk)))
            || (any_relinked
                && (relinked[i]
                    || prev.is_some_and(|j| relinked[j])
                    || next.is_some_and(|j| relinked[j])
                    || r.all().any(|j| relinked[j])
                    || shows_relinked(&site.backlinks[i])
                    || shows_relinked(&site.children[i])
                    || shows_relinked(&site.subsections[i])
                    || (section_relinked && ancestors(site, i).any(|j| relinked[j]))));
    }
    Some(Affected {
        pages: out,
        terms,
        sidebars: true,
    })
}

/// What may have changed after [`Site::replace_pages`]: the replaced pages, the pages whose
/// relations it changed, and every output showing a replaced page whose title, address or
/// summary changed. `None` when terms came or went: then everything is checked.
///
/// [`Site::replace_pages`]: crate::handbook::resolve::Site::replace_pages
pub(super) fn from_relinked(site: &Site, r: &Relinked, touched: &[usize]) -> Option<Affected> {
    if r.terms_changed {
        return None;
    }
    let mut pages = vec![false; site.handbook.pages.len()];
    for &i in touched.iter().chain(&r.pages) {
        pages[i] = true;
    }
    let mut terms = r.terms.clone();
    for &j in &r.shown_changed {
        for k in pages_showing(site, j) {
            pages[k] = true;
        }
        terms.extend(site.page_terms[j].iter().copied());
    }
    Some(Affected {
        pages,
        terms,
        sidebars: r.reordered || !r.shown_changed.is_empty(),
    })
}

/// Pages whose output shows page `j` (its title, address, summary or kind): pages pointing at
/// it, pages it points at (their backlinks), its section, its neighbours in the reading order,
/// and, for a section, every page below it (breadcrumbs).
fn pages_showing(site: &Site, j: usize) -> Vec<usize> {
    let h = &site.handbook;
    let mut out = site.backlinks[j].clone();
    out.extend(backlink_targets(h, &site.refs[j], &site.rendered[j], j));
    out.extend(h.pages[j].parent.as_ref().and_then(|k| h.by_key.get(k)));
    let pos = site.position[j];
    out.extend(pos.checked_sub(1).map(|q| site.reading_order[q]));
    out.extend(site.reading_order.get(pos + 1));
    if h.pages[j].is_section() {
        let mut stack = vec![j];
        while let Some(s) = stack.pop() {
            out.extend(&site.children[s]);
            stack.extend(&site.subsections[s]);
            out.extend(&site.subsections[s]);
        }
    }
    out
}

fn ancestors(site: &Site, i: usize) -> impl Iterator<Item = usize> + '_ {
    let parent = move |j: usize| {
        site.handbook.pages[j]
            .parent
            .as_ref()
            .and_then(|k| site.handbook.by_key.get(k))
            .copied()
    };
    std::iter::successors(parent(i), move |&j| parent(j))
}
