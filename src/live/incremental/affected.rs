//! Which outputs can have changed after an edit, worked out from what changed between the site
//! before and after it. Only these get their signature computed again: hashing the context of
//! all 10,000 pages of a large handbook after every keystroke-save would cost far more than the
//! edit itself. Erring on the side of too many is only slower; the signature decides.

use crate::handbook::load::Page;
use crate::handbook::render::nav_group;
use crate::handbook::resolve::{
    backlink_targets, same_terms, Links, PageId, PerPage, Refs, Relinked, Resorted, Site, SortKey,
    Taxonomy, TaxonomyId, TermId,
};
use std::collections::{HashMap, HashSet};

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

/// Outputs to check, named by what they are made from: pages, terms, sidebars and places in the
/// reading order. Only these are looked at, so an edit costs no work for each output of the
/// handbook.
pub(super) struct Affected {
    /// Pages whose output, with their list's follow-on pages, may have changed. May repeat.
    pub pages: Vec<PageId>,
    /// Terms (taxonomy, term) whose list pages may have changed.
    pub terms: HashSet<TermKey>,
    /// Whether the sidebar can have changed (a title, an address or the order).
    pub sidebars: bool,
    /// Pages of a large section whose sidebar opens at another group now: their place among
    /// the section's members moved over the edge of a group (see `Site::open_group`).
    pub regrouped: Vec<PageId>,
    /// What of the print view may have changed; `None`: all of it.
    pub print: Option<PrintChanges>,
    /// Top-level sections whose sidebar lists (`static/nav/`) may have changed; `None`: all.
    pub nav: Option<Vec<PageId>>,
}

/// Places in the reading order whose entry in the print view may have changed.
pub(super) struct PrintChanges {
    /// Places of pages whose own entry may have changed.
    pub positions: Vec<usize>,
    /// First and last place that holds another page now.
    pub span: Option<(usize, usize)>,
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
    let mut marked = PerPage::filled(site.handbook.pages.len(), false);
    for &i in touched {
        marked[i] = true;
    }
    for i in site.ids() {
        if !marked[i] {
            marked[i] = changes.page_changed(i);
        }
    }
    let pages = site.ids().filter(|&i| marked[i]).collect();
    // After a new reading order, any page of a large section may open its sidebar at
    // another group.
    let reordered = before.links.reading_order() != site.links.reading_order();
    let regrouped = match reordered {
        true => site.ids().filter(|&i| in_large_section(site, i)).collect(),
        false => Vec::new(),
    };
    Some(Affected {
        pages,
        terms,
        sidebars: true,
        regrouped,
        print: None,
        nav: None,
    })
}

/// Whether page `i` is in a top-level section whose sidebar list comes in groups.
fn in_large_section(site: &Site, i: PageId) -> bool {
    site.top_section_of(i).is_some_and(|s| {
        let members = site.links.children(s).len() + site.links.subsections(s).len();
        members > crate::handbook::render::INLINE_NAV_LIMIT
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
    let mut pages: Vec<PageId> = touched.iter().chain(&r.pages).copied().collect();
    // A page's entry in the print view shows only the page itself and its terms' counts.
    let positions = pages.iter().map(|&i| site.links.position(i)).collect();
    let mut terms = r.terms.clone();
    for &j in &r.shown_changed {
        pages.extend(pages_showing(site, j));
        terms.extend(site.links.terms(j).iter().copied());
    }
    Some(Affected {
        pages,
        terms,
        sidebars: r.reordered || !r.shown_changed.is_empty(),
        regrouped: regrouped(site, &r.resorted),
        print: Some(PrintChanges {
            positions,
            span: r.order_changed,
        }),
        nav: Some(nav_changed(site, r)),
    })
}

/// Top-level sections whose sidebar lists may have changed: they list their members' titles
/// and addresses, in order.
fn nav_changed(site: &Site, r: &Relinked) -> Vec<PageId> {
    let parents = r
        .shown_changed
        .iter()
        .filter_map(|&j| site.handbook.parent_of(j));
    let mut out: Vec<PageId> = (parents.chain(r.resorted.iter().map(|x| x.section)))
        .filter(|&s| site.top_section_of(s) == Some(s))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Pages whose sidebar opens at another group after lists of sections were sorted anew: members
/// of a large top-level section whose place moved over the edge of a group, and for a
/// subsection every page below it.
fn regrouped(site: &Site, resorted: &[Resorted]) -> Vec<PageId> {
    let mut out = Vec::new();
    for r in resorted {
        let s = r.section;
        // Only a top-level section's members are grouped (see `Site::open_group`).
        if site.top_section_of(s) != Some(s) {
            continue;
        }
        let links = &site.links;
        let (now, offset) = match r.subsections {
            true => (links.subsections(s), links.children(s).len()),
            false => (links.children(s), 0),
        };
        let moved: Vec<usize> = (0..now.len())
            .filter(|&k| r.before.get(k) != Some(&now[k]))
            .collect();
        let was: HashMap<PageId, usize> = moved.iter().map(|&k| (r.before[k], k)).collect();
        for &k in &moved {
            let page = now[k];
            let from = was.get(&page).copied().unwrap_or(usize::MAX - offset);
            if nav_group(offset + k) == nav_group(offset + from) {
                continue;
            }
            out.push(page);
            if r.subsections {
                out.extend(below(site, page));
            }
        }
    }
    out
}

/// Every page below section `s`.
fn below(site: &Site, s: PageId) -> Vec<PageId> {
    let links = &site.links;
    let mut out = Vec::new();
    let mut stack = vec![s];
    while let Some(s) = stack.pop() {
        out.extend(links.children(s));
        out.extend(links.subsections(s));
        stack.extend(links.subsections(s));
    }
    out
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
        out.extend(below(site, j));
    }
    out
}

fn ancestors(site: &Site, i: PageId) -> impl Iterator<Item = PageId> + '_ {
    let parent = move |j: PageId| site.handbook.parent_of(j);
    std::iter::successors(parent(i), move |&j| parent(j))
}
