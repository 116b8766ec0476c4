//! Taxonomies: the terms pages are tagged with, grouped and ordered.

use super::ids::{PageId, PerPage, TaxonomyId, TermId};
use super::{SortKey, Taxonomy, Term};
use crate::error::{Diagnostic, Diagnostics};
use crate::handbook::load::Handbook;
use crate::problems::ContentProblem;
use crate::text::i18n::{danish_key, slugify};
use std::collections::{BTreeMap, HashMap};

/// The site's taxonomies with their terms, each term's pages by title, and the terms of each page.
pub(super) fn group_taxonomies(
    handbook: &Handbook,
    sort_keys: &PerPage<SortKey>,
    diags: &mut Diagnostics,
) -> (Vec<Taxonomy>, PerPage<Vec<(TaxonomyId, TermId)>>) {
    let configured = &handbook.config.taxonomies;
    let terms = collect_terms(handbook, diags);
    // Term pages are listed by title: rank every page by title once (ties keep file order),
    // then each term's list sorts by number.
    let mut title_rank = PerPage::filled(handbook.pages.len(), 0);
    if terms.iter().any(|t| !t.is_empty()) {
        let mut by_title: Vec<PageId> = handbook.ids().collect();
        by_title.sort_by(|a, b| sort_keys[*a].1.cmp(&sort_keys[*b].1));
        for (r, &i) in by_title.iter().enumerate() {
            title_rank[i] = r;
        }
    }
    let mut page_terms = PerPage::filled(handbook.pages.len(), Vec::new());
    let taxonomies: Vec<Taxonomy> = configured
        .iter()
        .zip(terms)
        .enumerate()
        .map(|(ti, (c, map))| {
            let mut list: Vec<Term> = map.into_values().collect();
            list.sort_by_cached_key(|t| danish_key(&t.name));
            for (si, term) in list.iter_mut().enumerate() {
                term.pages.sort_unstable_by_key(|&i| title_rank[i]);
                for &p in &term.pages {
                    page_terms[p].push((TaxonomyId::new(ti), TermId::new(si)));
                }
            }
            Taxonomy {
                name: c.name.clone(),
                label: c.label.clone(),
                terms: list,
            }
        })
        .collect();
    (taxonomies, page_terms)
}

/// Each configured taxonomy's terms by slug, each with its pages in file order. Unknown
/// taxonomies are reported.
fn collect_terms(handbook: &Handbook, diags: &mut Diagnostics) -> Vec<BTreeMap<String, Term>> {
    let configured = &handbook.config.taxonomies;
    let mut terms: Vec<BTreeMap<String, Term>> = vec![BTreeMap::new(); configured.len()];
    // The same few names come back on thousands of pages: slugify each once.
    let mut slugs: HashMap<String, String> = HashMap::new();
    for (i, p) in handbook.ids().zip(&handbook.pages) {
        for (t, name, slug) in page_terms(handbook, p, &mut slugs, diags) {
            let term = terms[t].entry(slug.clone()).or_insert_with(|| Term {
                name: name.to_string(),
                slug,
                pages: Vec::new(),
            });
            // Pages come in order, so a page listing a term twice is caught by the last entry.
            if term.pages.last() != Some(&i) {
                term.pages.push(i);
            }
        }
    }
    terms
}

/// The terms a page is tagged with, in the order it names them: (taxonomy, name, slug). A
/// term's name is the one the first page naming it gives. Unknown taxonomies are reported.
pub(super) fn page_terms<'p>(
    handbook: &Handbook,
    p: &'p crate::handbook::load::Page,
    slugs: &mut HashMap<String, String>,
    diags: &mut Diagnostics,
) -> Vec<(usize, &'p str, String)> {
    let configured = &handbook.config.taxonomies;
    let mut slug_of = |s: &str| -> String {
        if let Some(slug) = slugs.get(s) {
            return slug.clone();
        }
        let slug = slugify(s);
        slugs.insert(s.to_string(), slug.clone());
        slug
    };
    let mut out = Vec::new();
    for (key, values) in &p.meta.taxonomies {
        let key_slug = slug_of(key);
        let Some(t) = crate::project::config::taxonomy_index(configured, &key_slug) else {
            let problem = ContentProblem::UnknownTaxonomy {
                key: key.clone(),
                known: configured.iter().map(|c| c.name.clone()).collect(),
            };
            diags.push(
                Diagnostic::of(&p.file, problem).at_place(p.meta.places.of("taxonomies", key)),
            );
            continue;
        };
        for v in values {
            let name = v.trim();
            let slug = slug_of(name);
            if !slug.is_empty() {
                out.push((t, name, slug));
            }
        }
    }
    out
}

/// Same taxonomies with the same terms in the same places (names and addresses).
pub fn same_terms(a: &[Taxonomy], b: &[Taxonomy]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.name == y.name
                && x.terms.len() == y.terms.len()
                && x.terms
                    .iter()
                    .zip(&y.terms)
                    .all(|(s, t)| s.name == t.name && s.slug == t.slug)
        })
}
