//! Resolving a loaded handbook: Markdown rendered, references checked and turned around into
//! backlinks, sections ordered, taxonomies grouped, and the reading order fixed.
//!
//! Pages are named by [`PageId`] from here on (taxonomies and terms by [`TaxonomyId`] and
//! [`TermId`]), and what lies between pages is kept in [`Links`], per page: `site.page(id)`,
//! `site.rendered(id)`, `site.links.backlinks(id)`, `site.links.children(id)`.

use crate::error::{Diagnostic, Diagnostics};
use crate::handbook::load::{Handbook, Page, PageKind, CONTENT_DIR};
use crate::handbook::markdown::{self, LinkContext, Rendered};
use crate::problems::ContentProblem;
use crate::project::files::Scope;
use crate::text::i18n::{danish_key, Language};
use rayon::prelude::*;
use taxonomy::group_taxonomies;

mod ids;
mod links;
mod relink;
mod taxonomy;

pub use ids::{PageId, PerPage, TaxonomyId, TermId};
pub use links::Links;
pub use relink::{shown, Relinked, Replacement, Resorted};
use std::collections::HashMap;
use std::path::Path;
pub use taxonomy::same_terms;

/// Front-matter references of one page, resolved to pages.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Refs {
    pub metoder: Vec<PageId>,
    pub redskaber: Vec<PageId>,
    pub eksempler: Vec<PageId>,
    pub relaterede: Vec<PageId>,
    /// Per workshop of a course: (pages, tools).
    pub workshops: Vec<(Vec<PageId>, Vec<PageId>)>,
}

impl Refs {
    pub fn all(&self) -> impl Iterator<Item = PageId> + '_ {
        self.metoder
            .iter()
            .chain(&self.redskaber)
            .chain(&self.eksempler)
            .chain(&self.relaterede)
            .chain(self.workshops.iter().flat_map(|(a, b)| a.iter().chain(b)))
            .copied()
    }
}

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// Pages tagged with the term, by title.
    pub pages: Vec<PageId>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: String,
    pub label: String,
    pub terms: Vec<Term>,
}

impl Taxonomy {
    pub fn term(&self, k: TermId) -> &Term {
        &self.terms[k.index()]
    }

    /// Each term's id with the term.
    pub fn enumerate(&self) -> impl Iterator<Item = (TermId, &Term)> {
        self.terms
            .iter()
            .enumerate()
            .map(|(k, t)| (TermId::new(k), t))
    }
}

/// The handbook with everything worked out, ready to render.
#[derive(Debug)]
pub struct Site {
    pub handbook: Handbook,
    pub(crate) rendered: PerPage<Rendered>,
    pub(crate) refs: PerPage<Refs>,
    pub links: Links,
    pub(crate) taxonomies: Vec<Taxonomy>,
    /// Each page's [`SortKey`].
    pub(crate) sort_keys: PerPage<SortKey>,
}

impl Site {
    pub fn front(&self) -> PageId {
        self.handbook.front_id()
    }

    pub fn page(&self, id: PageId) -> &Page {
        self.handbook.page(id)
    }

    /// A page's Markdown as rendered: its HTML, headings, links and assets.
    pub fn rendered(&self, id: PageId) -> &Rendered {
        &self.rendered[id]
    }

    /// A page's references from its front matter.
    pub fn refs(&self, id: PageId) -> &Refs {
        &self.refs[id]
    }

    /// Every page's id, in file order.
    pub fn ids(&self) -> impl Iterator<Item = PageId> + Clone {
        self.handbook.ids()
    }

    pub fn taxonomies(&self) -> &[Taxonomy] {
        &self.taxonomies
    }

    pub fn taxonomy(&self, t: TaxonomyId) -> &Taxonomy {
        &self.taxonomies[t.index()]
    }

    /// Each taxonomy's id with the taxonomy.
    pub fn enumerate_taxonomies(&self) -> impl Iterator<Item = (TaxonomyId, &Taxonomy)> {
        (self.taxonomies.iter().enumerate()).map(|(t, x)| (TaxonomyId::new(t), x))
    }
}

/// Pages a handbook may never link to or show.
pub const PRIVATE_PREFIXES: &[&str] = &["boeger/"];

/// Page key → URL folder, the map Markdown links are rewritten with.
pub fn url_map(handbook: &Handbook) -> HashMap<String, String> {
    handbook
        .pages
        .iter()
        .map(|p| (p.key.clone(), p.url.clone()))
        // Files that failed to load count as present here: their own error is already reported.
        .chain(
            handbook
                .failed_keys
                .iter()
                .map(|k| (k.clone(), String::new())),
        )
        .collect()
}

/// Renders the Markdown body of page `i`. Its problems come back beside the HTML.
pub fn render_markdown(
    handbook: &Handbook,
    files: &Scope,
    urls: &HashMap<String, String>,
    i: PageId,
) -> (Rendered, Vec<Diagnostic>) {
    let lang = handbook.config.sprog;
    let page = handbook.page(i);
    render_page(&handbook.root, files, page, urls, lang, &handbook.left_out)
}

/// Renders the Markdown body of a page of the project in `root`, with links resolved by `urls`
/// and files checked by `files` (the handbook's [`Scope`]).
pub fn render_page(
    root: &Path,
    files: &Scope,
    p: &Page,
    urls: &HashMap<String, String>,
    lang: Language,
    left_out: &crate::handbook::editions::LeftOut,
) -> (Rendered, Vec<Diagnostic>) {
    // Relative paths start in the folder of the Markdown file (a bundle's own folder).
    let content_dir = root.join(CONTENT_DIR);
    let ctx = LinkContext {
        files,
        content_dir: &content_dir,
        urls,
        page_dir: p
            .key
            .rsplit_once('/')
            .map(|(d, _)| d.to_string())
            .unwrap_or_default(),
        file: &p.file,
        body_line: p.body_line,
        private_prefixes: PRIVATE_PREFIXES,
        lang,
        left_out,
    };
    markdown::render(&p.body, &ctx)
}

pub fn resolve(handbook: Handbook) -> Result<Site, Diagnostics> {
    let mut diags = Diagnostics::default();
    let urls = url_map(&handbook);
    let files = Scope::handbook(&handbook.root);
    let results: Vec<(Rendered, Vec<Diagnostic>)> = (0..handbook.pages.len())
        .into_par_iter()
        .map(|i| render_markdown(&handbook, &files, &urls, PageId::new(i)))
        .collect();
    let mut rendered = Vec::with_capacity(results.len());
    for (r, d) in results {
        diags.extend(d);
        rendered.push(r);
    }
    let (site, problems) = link(handbook, rendered);
    diags.extend(problems.0);
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(site)
}

impl Site {
    /// Takes the site apart again, so its pages can be changed and linked anew.
    pub fn into_parts(self) -> (Handbook, Vec<Rendered>) {
        (self.handbook, self.rendered.into_vec())
    }
}

/// Works out everything between pages from their rendered Markdown: anchors, references,
/// backlinks, sections, taxonomies and reading order. The site is consistent even when problems
/// were found. After an edit that keeps every page in place, [`Site::replace_pages`] brings a
/// linked site up to date for a fraction of the cost.
pub fn link(handbook: Handbook, rendered: Vec<Rendered>) -> (Site, Diagnostics) {
    link_with(handbook, rendered, None)
}

/// [`link`] with the pages' sort keys given (see [`sort_key`]), when the caller has them.
pub fn link_with(
    handbook: Handbook,
    rendered: Vec<Rendered>,
    sort_keys: Option<Vec<SortKey>>,
) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::default();
    let rendered = PerPage::from_vec(rendered);
    // #anchor links can be checked now that every page's headings are known.
    for i in handbook.ids() {
        check_anchors(&handbook, &rendered, i, &mut diags);
    }
    let refs: PerPage<Refs> = handbook
        .pages
        .iter()
        .map(|p| resolve_refs(&handbook, p, &mut diags))
        .collect();
    // Weight first, then Danish alphabetical order of the title, then the file, so the order is
    // the same on every machine. Keys are computed once: comparing Danish strings is not cheap.
    let sort_keys = match sort_keys {
        Some(k) if k.len() == handbook.pages.len() => PerPage::from_vec(k),
        _ => PerPage::from_vec(handbook.pages.par_iter().map(sort_key).collect()),
    };
    let (children, subsections) = sections(&handbook, &sort_keys);
    let (reading_order, position) =
        links::reading_order(handbook.front_id(), &children, &subsections);
    let backlinks = backlinks(&handbook, &refs, &rendered, &position);
    let (taxonomies, terms) = group_taxonomies(&handbook, &sort_keys, &mut diags);
    let links = Links {
        children,
        subsections,
        backlinks,
        terms,
        reading_order,
        position,
    };
    let site = Site {
        handbook,
        rendered,
        refs,
        links,
        taxonomies,
        sort_keys,
    };
    (site, diags)
}

/// Each section's pages and subsections, each list in sort key order.
fn sections(
    handbook: &Handbook,
    sort_keys: &PerPage<SortKey>,
) -> (PerPage<Vec<PageId>>, PerPage<Vec<PageId>>) {
    let n = handbook.pages.len();
    let mut children = PerPage::filled(n, Vec::new());
    let mut subsections = PerPage::filled(n, Vec::new());
    for i in handbook.ids() {
        if let Some(parent) = handbook.parent_of(i) {
            if handbook.page(i).is_section() {
                subsections[parent].push(i);
            } else {
                children[parent].push(i);
            }
        }
    }
    for list in children.iter_mut().chain(subsections.iter_mut()) {
        list.sort_by(|a, b| sort_keys[*a].cmp(&sort_keys[*b]));
    }
    (children, subsections)
}

/// Every page's backlinks: the pages pointing at it, in reading order.
fn backlinks(
    handbook: &Handbook,
    refs: &PerPage<Refs>,
    rendered: &PerPage<Rendered>,
    position: &PerPage<usize>,
) -> PerPage<Vec<PageId>> {
    // Lists rather than sets: most are short, and sorting by position brings duplicates together.
    let mut backlinks = PerPage::filled(handbook.pages.len(), Vec::new());
    for i in handbook.ids() {
        for t in backlink_targets(handbook, &refs[i], &rendered[i], i) {
            backlinks[t].push(i);
        }
    }
    for v in backlinks.iter_mut() {
        v.sort_unstable_by_key(|&i| (position[i], i));
        v.dedup();
    }
    backlinks
}

/// Reports `#anchor` links of page `i` to headings that do not exist.
fn check_anchors(
    handbook: &Handbook,
    rendered: &PerPage<Rendered>,
    i: PageId,
    diags: &mut Diagnostics,
) {
    // The anchors of each page linked to, looked up once: a page may hold thousands of `#` links
    // to a page with thousands of headings.
    let mut anchors: HashMap<PageId, std::collections::HashSet<&str>> = HashMap::new();
    for a in &rendered[i].anchor_refs {
        let Some(t) = handbook.id_of(&a.target_key) else {
            continue;
        };
        let ids = anchors
            .entry(t)
            .or_insert_with(|| rendered[t].headings.iter().map(|h| h.id.as_str()).collect());
        if ids.contains(a.anchor.as_str()) {
            continue;
        }
        let known = known_anchors(&rendered[t]);
        diags.push(
            Diagnostic::of(
                &handbook.page(i).file,
                ContentProblem::MissingAnchor {
                    anchor: a.anchor.clone(),
                    page: a.target_key.clone(),
                    known,
                },
            )
            .at(a.line, a.column),
        );
    }
}

/// At most this many of a page's anchors are named in a message.
const KNOWN_ANCHORS_SHOWN: usize = 20;

/// The anchors of a page for a message: the first few, and how many more there are, so a page
/// with thousands of headings does not make every broken link's message thousands of names long.
fn known_anchors(r: &Rendered) -> String {
    let list: Vec<&str> = r
        .headings
        .iter()
        .take(KNOWN_ANCHORS_SHOWN)
        .map(|h| h.id.as_str())
        .collect();
    match r.headings.len().saturating_sub(KNOWN_ANCHORS_SHOWN) {
        0 => list.join(", "),
        more => format!("{} og {more} flere", list.join(", ")),
    }
}

/// The pages that list page `i` as a backlink: those it references in its front matter, and,
/// unless it is a section, those it links to in its text. Possibly with repeats.
pub(crate) fn backlink_targets<'a>(
    handbook: &'a Handbook,
    refs: &'a Refs,
    rendered: &'a Rendered,
    i: PageId,
) -> impl Iterator<Item = PageId> + 'a {
    let in_text = (!handbook.page(i).is_section())
        .then_some(&rendered.linked_keys)
        .into_iter()
        .flatten()
        .filter_map(|k| handbook.id_of(k));
    refs.all().chain(in_text).filter(move |&t| t != i)
}

/// Resolves one list of `@/` references from front matter, naming the line where each bad one is.
fn resolve_list(
    handbook: &Handbook,
    page: &crate::handbook::load::Page,
    field: &str,
    list: &[String],
    diags: &mut Diagnostics,
) -> Vec<PageId> {
    let mut out = Vec::new();
    for r in list {
        let key = r.trim().trim_start_matches("@/").trim_start_matches('/');
        let key = key.split('#').next().unwrap_or(key);
        if PRIVATE_PREFIXES.iter().any(|p| key.starts_with(p)) {
            diags.push(
                Diagnostic::of(
                    &page.file,
                    ContentProblem::PrivateReference {
                        field: field.to_string(),
                        reference: r.clone(),
                    },
                )
                .at_place(page.meta.places.of(field, r)),
            );
            continue;
        }
        match handbook.id_of(key) {
            Some(i) => {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
            None if handbook.failed_keys.contains(key) => {}
            None if handbook.left_out.edition_without(key).is_some() => diags.push(
                Diagnostic::of(
                    &page.file,
                    ContentProblem::LeftOutOfEdition {
                        reference: r.clone(),
                        edition: handbook.left_out.edition.clone(),
                    },
                )
                .at_place(page.meta.places.of(field, r)),
            ),
            None => diags.push(
                Diagnostic::of(
                    &page.file,
                    ContentProblem::MissingPage {
                        field: field.to_string(),
                        reference: r.clone(),
                        key: key.to_string(),
                    },
                )
                .at_place(page.meta.places.of(field, r)),
            ),
        }
    }
    out
}

/// Also the desk's preview (`live::desk::preview`), for a page not saved yet.
pub(crate) fn resolve_refs(
    handbook: &Handbook,
    page: &crate::handbook::load::Page,
    diags: &mut Diagnostics,
) -> Refs {
    let m = &page.meta;
    Refs {
        metoder: resolve_list(handbook, page, "metoder", &m.metoder, diags),
        redskaber: resolve_list(handbook, page, "redskaber", &m.redskaber, diags),
        eksempler: resolve_list(handbook, page, "eksempler", &m.eksempler, diags),
        relaterede: resolve_list(handbook, page, "relaterede", &m.relaterede, diags),
        workshops: m
            .workshops
            .iter()
            .map(|w| {
                (
                    resolve_list(handbook, page, "workshops.sider", &w.sider, diags),
                    resolve_list(handbook, page, "workshops.redskaber", &w.redskaber, diags),
                )
            })
            .collect(),
    }
}

/// Where a page goes among its siblings: weight, Danish title order, file.
pub type SortKey = (i64, (Vec<u32>, Vec<u32>, String), String);

/// Computing these is a large part of linking, so they are kept with the site.
pub fn sort_key(p: &crate::handbook::load::Page) -> SortKey {
    (
        p.meta.weight.unwrap_or(i64::MAX),
        danish_key(&p.title),
        p.key.clone(),
    )
}

/// What kind of page this is, as the reader is told it (above the title, in search results).
pub fn kind_label(kind: PageKind, lang: Language) -> &'static str {
    let (da, en) = match kind {
        PageKind::Metode => ("Metode", "Method"),
        PageKind::Eksempel => ("Praksiseksempel", "Practice example"),
        PageKind::Redskab => ("Redskab", "Tool"),
        PageKind::Kursus => ("Kursus", "Course"),
        PageKind::Sektion => ("Sektion", "Section"),
        PageKind::Forside => ("Forside", "Front page"),
        PageKind::Side => ("Side", "Page"),
    };
    match lang {
        Language::Da => da,
        Language::En => en,
    }
}
