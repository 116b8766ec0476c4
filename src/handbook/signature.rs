//! Signatures: hashes of exactly what an output's template is given, so an output is rendered
//! again only when its signature changed. The live preview compares them with those of its last
//! rendering ([`crate::live::incremental`]); a build with those stored beside its previous
//! edition ([`crate::handbook::rebuild`]). A signature leaves out what is the same for every
//! output of a build (the theme, the settings, the program): whoever compares signatures must
//! know those unchanged.

use crate::handbook::resolve::{PageId, PerPage, Site};
use crate::handbook::targets::{self, Target};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

pub(crate) fn hash_of<T: Hash + ?Sized>(v: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

/// Feeds serialized JSON straight into a hasher, so a context is compared without keeping it.
struct HashWriter(std::collections::hash_map::DefaultHasher);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn hash_json<T: serde::Serialize>(h: &mut HashWriter, v: &T) {
    // Many small writes cost the hasher more than one large one.
    let mut buffered = std::io::BufWriter::with_capacity(16 * 1024, &mut *h);
    // Serializing our own context types into a hasher cannot fail.
    let _ = serde_json::to_writer(&mut buffered, v);
    let _ = std::io::Write::flush(&mut buffered);
}

/// Sidebar context signatures by (depth of the page, open top section). The sidebar marks the
/// current page, which is fixed by the page's own address, part of its signature.
pub(crate) type Sidebars = HashMap<SidebarKey, u64>;

/// Each page's sidebar key: (depth, open top section).
pub(crate) type SidebarKey = (usize, Option<PageId>);

/// The sidebar key of every page. The top sections are found by walking down from the front
/// page rather than up from each page, which would cost a key lookup per level and page.
pub(crate) fn sidebar_keys(site: &Site) -> PerPage<SidebarKey> {
    let mut top: PerPage<Option<PageId>> = PerPage::filled(site.handbook.pages.len(), None);
    // A page right under the front page is its own top (see `Site::top_section_of`).
    for &c in site.links.children(site.front()) {
        top[c] = Some(c);
    }
    for &s in site.links.subsections(site.front()) {
        let mut stack = vec![s];
        while let Some(c) = stack.pop() {
            top[c] = Some(s);
            stack.extend(site.links.members(c));
        }
    }
    site.handbook
        .pages
        .iter()
        .zip(top.into_vec())
        .map(|(p, t)| (depth(&p.url), t))
        .collect()
}

pub(crate) fn sidebar_signatures(site: &Site, page_keys: &PerPage<SidebarKey>) -> Sidebars {
    signatures_of(site, sidebar_key_set(page_keys))
}

/// Every sidebar key an output of the site has: those of the pages, of their follow-on pages,
/// and of the outputs that open no section.
pub(crate) fn sidebar_key_set(page_keys: &PerPage<SidebarKey>) -> HashSet<SidebarKey> {
    // A section's follow-on pages (`side/<n>/`) are two folders below it.
    let mut keys: HashSet<SidebarKey> = (page_keys.iter())
        .flat_map(|&(d, open)| [(d, open), (d + 2, open)])
        .collect();
    for d in 0..6 {
        keys.insert((d, None));
    }
    keys
}

/// The signatures of the sidebars of these keys.
pub(crate) fn signatures_of(site: &Site, keys: HashSet<SidebarKey>) -> Sidebars {
    keys.into_par_iter()
        .map(|(d, open)| {
            let mut h = HashWriter(Default::default());
            hash_json(&mut h, &site.site_ctx_open(&"x/".repeat(d), None, open));
            ((d, open), h.0.finish())
        })
        .collect()
}

/// How many folders down a page is: the length of [`crate::handbook::render::root_for`] in `../` steps.
pub(crate) fn depth(url: &str) -> usize {
    url.matches('/').count()
}

/// A hash of a page's rendered body ([`crate::handbook::markdown::Rendered::html`]), which stands
/// in for it in signatures.
pub(crate) fn body_hash(site: &Site, i: PageId) -> u64 {
    hash_of(&site.rendered(i).html)
}

/// A hash of everything the target is rendered from; `None` when it must always be rendered.
/// `body` gives [`body_hash`] of a page (or a hash kept from when it was rendered). The output's
/// path is no part of it: signatures are compared for the same path.
pub(crate) fn signature(
    site: &Site,
    sidebars: &Sidebars,
    body: &(dyn Fn(PageId) -> u64 + Sync),
    t: &Target,
) -> Option<u64> {
    let mut h = HashWriter(Default::default());
    let sidebar = |url: &str, open: Option<PageId>| sidebars.get(&(depth(url), open)).copied();
    // The sidebar marks the page shown, found by its address (the output's path), and opens a
    // large section at the group holding it.
    let open_group = |i: PageId| site.top_section_of(i).map(|s| site.open_group(s, i));
    match *t {
        Target::Page(i) => {
            let p = site.page(i);
            sidebar(&p.url, site.top_section_of(i))?.hash(&mut h.0);
            open_group(i).hash(&mut h.0);
            site.template_for(p).hash(&mut h.0);
            body(i).hash(&mut h.0);
            hash_json(&mut h, &site.page_ctx_with(i, false));
        }
        Target::TaxonomyList(t) => {
            sidebar("x/", None)?.hash(&mut h.0);
            hash_json(&mut h, &targets::taxonomy_ctx(site, t));
        }
        Target::Term(t, k) => {
            sidebar("x/x/", None)?.hash(&mut h.0);
            hash_json(&mut h, &targets::term_ctx(site, t, k, 1));
        }
        Target::TermPart(t, k, n) => {
            sidebar("x/x/x/x/", None)?.hash(&mut h.0);
            hash_json(&mut h, &targets::term_ctx(site, t, k, n));
        }
        Target::SectionPart(i, n) => {
            let p = site.page(i);
            let url = crate::handbook::render::part_url(&p.url, n);
            sidebar(&url, site.top_section_of(i))?.hash(&mut h.0);
            open_group(i).hash(&mut h.0);
            site.template_for(p).hash(&mut h.0);
            hash_json(&mut h, &site.page_ctx_part(i, false, n));
        }
        Target::Print | Target::PrintPart(_) | Target::PrintContents(_) => {
            let mut buffered = std::io::BufWriter::with_capacity(64 * 1024, &mut h);
            let (url, pages) = targets::print_unfilled(site, *t, &mut buffered)?;
            drop(buffered);
            sidebar(&url, None)?.hash(&mut h.0);
            for &i in pages {
                body(i).hash(&mut h.0);
            }
        }
        Target::NotFound => hash_json(&mut h, &targets::not_found_site_ctx(site)),
        Target::Search => sidebar("x/", None)?.hash(&mut h.0),
        // Made from every page's address and date, as cheap to make as to hash.
        Target::Sitemap => return None,
        Target::FormPdf(i) => {
            (&site.page(i).title, &site.rendered(i).forms).hash(&mut h.0);
            hash_json(&mut h, &site.handbook.config.sprog);
        }
    }
    Some(h.0.finish())
}

/// A hash of what other pages show of page `i` (title, address, summary, kind): when it is
/// unchanged, pages that merely list page `i` need no new rendering.
pub(crate) fn link_signature(site: &Site, i: PageId) -> u64 {
    hash_of(&crate::handbook::resolve::shown(site.page(i)))
}
