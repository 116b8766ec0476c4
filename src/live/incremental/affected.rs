//! Which outputs can have changed after an edit, worked out from what changed between the site
//! before and after it. Only these get their signature computed again: hashing the context of
//! all 10,000 pages of a large handbook after every keystroke-save would cost far more than the
//! edit itself. Erring on the side of too many is only slower; the signature decides.

use crate::handbook::load::Page;
use crate::handbook::resolve::{
    backlink_targets, same_terms, Links, PageId, PerPage, Refs, Relinked, Site, SortKey, Taxonomy,
    TaxonomyId, TermId,
};
use std::collections::HashSet;

/// The relations of the site before an edit, taken out of it before it is taken apart.
pub(super) struct Before {
    pub keys: Vec<String>,
    pub refs: PerPage<Refs>,
    pub links: Links,
    pub taxonomies: Vec<Taxonomy>,
    pub link_sigs: PerPage<u64>,
    pub sort_keys: Vec<SortKey>,
    pub by_key: std::collections::HashMap<String, usize>,
}

impl Before {
    pub fn take(site: &mut Site, link_sigs: PerPage<u64>) -> Before {
        use std::mem::take;
        Before {
            keys: site.handbook.pages.iter().map(|p| p.key.clone()).collect(),
            refs: take(&mut site.refs),
            links: take(&mut site.links),
            taxonomies: take(&mut site.taxonomies),
            link_sigs,
            sort_keys: take(&mut site.sort_keys).into_vec(),
            by_key: take(&mut site.handbook.by_key),
        }
    }

    /// The same pages, in the same places, as before.
    pub fn same_pages(&self, pages: &[Page]) -> bool {
        self.keys.len() == pages.len() && pages.iter().zip(&self.keys).all(|(p, k)| p.key == *k)
    }
}

/// A term of a taxonomy.
type TermKey = (TaxonomyId, TermId);

/// Outputs to check: pages, and terms by (taxonomy, term).
pub(super) struct Affected {
    pub pages: PerPage<bool>,
    pub terms: HashSet<TermKey>,
    /// Whether the sidebar can have changed (a title, an address or the order).
    pub sidebars: bool,
    /// Whether the reading order changed: then a page of a large section may have slid into
    /// another of its sidebar groups, which it opens at.
    pub reordered: bool,
}

/// What may have changed, given the pages whose Markdown was rendered anew (`touched`) and the
/// link signatures now. `None` when pages came, went or moved: then everything is checked.
pub(super) fn affected(
    before: &Before,
    site: &Site,
    touched: &[PageId],
    link_sigs: &PerPage<u64>,
) -> Option<Affected> {
    if !before.same_pages(&site.handbook.pages) {
        return None;
    }
    if !same_terms(&before.taxonomies, site.taxonomies()) {
        return None;
    }
    // Pages whose title, address, summary or kind others show changed.
    let relinked: PerPage<bool> = site
        .ids()
        .map(|i| before.link_sigs.get(i) != link_sigs.get(i))
        .collect();
    let (terms, recounted) = changed_terms(before, site, &relinked);
    let changes = Changes {
        before,
        site,
        relinked: &relinked,
        recounted: &recounted,
        // Breadcrumbs show the sections above a page; only worth walking up when one changed.
        section_relinked: site.ids().any(|i| relinked[i] && site.page(i).is_section()),
        // After a body edit no page shows anything new of another: only lists can have changed.
        any_relinked: relinked.iter().any(|&r| r),
    };
    let mut pages = PerPage::filled(site.handbook.pages.len(), false);
    for &i in touched {
        pages[i] = true;
    }
    for i in site.ids() {
        if !pages[i] {
            pages[i] = changes.page_changed(i);
        }
    }
    Some(Affected {
        pages,
        terms,
        sidebars: true,
        reordered: before.links.reading_order() != site.links.reading_order(),
    })
}

/// Terms whose list changed or shows a relinked page, and terms whose page count changed.
fn changed_terms(
    before: &Before,
    site: &Site,
    relinked: &PerPage<bool>,
) -> (HashSet<TermKey>, HashSet<TermKey>) {
    let mut terms = HashSet::new();
    let mut recounted = HashSet::new();
    for ((t, new), old) in site.enumerate_taxonomies().zip(&before.taxonomies) {
        for ((k, b), a) in new.enumerate().zip(&old.terms) {
            if a.pages != b.pages || b.pages.iter().any(|&j| relinked[j]) {
                terms.insert((t, k));
            }
            if a.pages.len() != b.pages.len() {
                recounted.insert((t, k));
            }
        }
    }
    (terms, recounted)
}

/// The site before and after an edit, for asking whether one page's output can have changed.
struct Changes<'a> {
    before: &'a Before,
    site: &'a Site,
    relinked: &'a PerPage<bool>,
    recounted: &'a HashSet<TermKey>,
    section_relinked: bool,
    any_relinked: bool,
}

impl Changes<'_> {
    /// Whether page `i` lists other pages differently, or lists a page others now see differently.
    fn page_changed(&self, i: PageId) -> bool {
        let (site, before, links) = (self.site, self.before, &self.site.links);
        let (prev, next) = links.neighbours(i);
        let r = site.refs(i);
        let lists_changed = (prev, next) != before.links.neighbours(i)
            || *r != before.refs[i]
            || links.backlinks(i) != before.links.backlinks(i)
            || links.children(i) != before.links.children(i)
            || links.subsections(i) != before.links.subsections(i)
            || links.terms(i) != before.links.terms(i)
            || (!self.recounted.is_empty()
                && links.terms(i).iter().any(|tk| self.recounted.contains(tk)));
        if lists_changed || !self.any_relinked {
            return lists_changed;
        }
        let relinked = |j: PageId| self.relinked[j];
        let shows_relinked = |list: &[PageId]| list.iter().any(|&j| relinked(j));
        relinked(i)
            || prev.is_some_and(relinked)
            || next.is_some_and(relinked)
            || r.all().any(relinked)
            || shows_relinked(links.backlinks(i))
            || shows_relinked(links.children(i))
            || shows_relinked(links.subsections(i))
            || (self.section_relinked && ancestors(site, i).any(relinked))
    }
}

/// What may have changed after [`Site::replace_pages`]: the replaced pages, the pages whose
/// relations it changed, and every output showing a replaced page whose title, address or
/// summary changed. `None` when terms came or went: then everything is checked.
///
/// [`Site::replace_pages`]: crate::handbook::resolve::Site::replace_pages
pub(super) fn from_relinked(site: &Site, r: &Relinked, touched: &[PageId]) -> Option<Affected> {
    if r.terms_changed {
        return None;
    }
    let mut pages = PerPage::filled(site.handbook.pages.len(), false);
    for &i in touched.iter().chain(&r.pages) {
        pages[i] = true;
    }
    let mut terms = r.terms.clone();
    for &j in &r.shown_changed {
        for k in pages_showing(site, j) {
            pages[k] = true;
        }
        terms.extend(site.links.terms(j).iter().copied());
    }
    Some(Affected {
        pages,
        terms,
        sidebars: r.reordered || !r.shown_changed.is_empty(),
        reordered: r.reordered,
    })
}

/// Pages whose output shows page `j` (its title, address, summary or kind): pages pointing at
/// it, pages it points at (their backlinks), its section, its neighbours in the reading order,
/// and, for a section, every page below it (breadcrumbs).
fn pages_showing(site: &Site, j: PageId) -> Vec<PageId> {
    let (h, links) = (&site.handbook, &site.links);
    let mut out = links.backlinks(j).to_vec();
    out.extend(backlink_targets(h, site.refs(j), site.rendered(j), j));
    out.extend(h.parent_of(j));
    let (prev, next) = links.neighbours(j);
    out.extend(prev.into_iter().chain(next));
    if site.page(j).is_section() {
        let mut stack = vec![j];
        while let Some(s) = stack.pop() {
            out.extend(links.children(s));
            stack.extend(links.subsections(s));
            out.extend(links.subsections(s));
        }
    }
    out
}

fn ancestors(site: &Site, i: PageId) -> impl Iterator<Item = PageId> + '_ {
    let parent = move |j: PageId| site.handbook.parent_of(j);
    std::iter::successors(parent(i), move |&j| parent(j))
}
