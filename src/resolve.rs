//! Resolving a loaded handbook: Markdown rendered, references checked and turned around into
//! backlinks, sections ordered, taxonomies grouped, and the reading order fixed.

use crate::content::{Handbook, PageKind, CONTENT_DIR};
use crate::error::{Diagnostic, Diagnostics};
use crate::i18n::{danish_key, slugify};
use crate::markdown::{self, LinkContext, Rendered};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Front-matter references of one page, resolved to page indexes.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Refs {
    pub metoder: Vec<usize>,
    pub redskaber: Vec<usize>,
    pub eksempler: Vec<usize>,
    pub relaterede: Vec<usize>,
    /// Per workshop of a course: (pages, tools).
    pub workshops: Vec<(Vec<usize>, Vec<usize>)>,
}

impl Refs {
    pub fn all(&self) -> impl Iterator<Item = usize> + '_ {
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
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: String,
    pub label: String,
    pub terms: Vec<Term>,
}

/// The handbook with everything worked out, ready to render.
#[derive(Debug)]
pub struct Site {
    pub handbook: Handbook,
    pub rendered: Vec<Rendered>,
    /// Ordered pages (not sections) of each section; empty for pages.
    pub children: Vec<Vec<usize>>,
    /// Ordered subsections of each section.
    pub subsections: Vec<Vec<usize>>,
    pub refs: Vec<Refs>,
    /// Pages that point at this page, by front matter or by a link in the text, in reading order.
    pub backlinks: Vec<Vec<usize>>,
    pub taxonomies: Vec<Taxonomy>,
    /// For each page: (taxonomy index, term index) pairs.
    pub page_terms: Vec<Vec<(usize, usize)>>,
    /// Every page once, front page first, each section followed by its pages and subsections.
    pub reading_order: Vec<usize>,
    /// Position of each page in `reading_order`.
    pub position: Vec<usize>,
    /// Each page's [`SortKey`].
    pub sort_keys: Vec<SortKey>,
}

impl Site {
    pub fn front(&self) -> usize {
        self.handbook.by_key["_index.md"]
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
    urls: &HashMap<String, String>,
    i: usize,
) -> (Rendered, Vec<Diagnostic>) {
    let p = &handbook.pages[i];
    // Relative paths start in the folder of the Markdown file (a bundle's own folder).
    let content_dir = handbook.root.join(CONTENT_DIR);
    let ctx = LinkContext {
        project_root: &handbook.root,
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
    };
    markdown::render(&p.body, &ctx)
}

pub fn resolve(handbook: Handbook) -> Result<Site, Diagnostics> {
    let mut diags = Diagnostics::default();
    let urls = url_map(&handbook);
    let results: Vec<(Rendered, Vec<Diagnostic>)> = (0..handbook.pages.len())
        .into_par_iter()
        .map(|i| render_markdown(&handbook, &urls, i))
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
        (self.handbook, self.rendered)
    }
}

/// Works out everything between pages from their rendered Markdown: anchors, references,
/// backlinks, sections, taxonomies and reading order. This is cheap next to rendering, so it is
/// redone whole after every change. The site is consistent even when problems were found.
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
    // #anchor links can be checked now that every page's headings are known.
    for (i, r) in rendered.iter().enumerate() {
        for a in &r.anchor_refs {
            let Some(&t) = handbook.by_key.get(&a.target_key) else {
                continue;
            };
            if !rendered[t].headings.iter().any(|h| h.id == a.anchor) {
                let known: Vec<&str> = rendered[t].headings.iter().map(|h| h.id.as_str()).collect();
                diags.push(
                    Diagnostic::new(
                        &handbook.pages[i].file,
                        format!(
                            "afsnittet #{} findes ikke på siden {}",
                            a.anchor, a.target_key
                        ),
                    )
                    .at(a.line, a.column)
                    .hint(if known.is_empty() {
                        "siden har ingen overskrifter; fjern #-delen af henvisningen".to_string()
                    } else {
                        format!("kendte afsnit: {}", known.join(", "))
                    }),
                );
            }
        }
    }

    let refs: Vec<Refs> = handbook
        .pages
        .iter()
        .map(|p| resolve_refs(&handbook, p, &mut diags))
        .collect();

    let n = handbook.pages.len();
    let mut children = vec![Vec::new(); n];
    let mut subsections = vec![Vec::new(); n];
    for (i, p) in handbook.pages.iter().enumerate() {
        if let Some(parent) = p.parent.as_ref().and_then(|k| handbook.by_key.get(k)) {
            if p.is_section() {
                subsections[*parent].push(i);
            } else {
                children[*parent].push(i);
            }
        }
    }
    // Weight first, then Danish alphabetical order of the title, then the file, so the order is
    // the same on every machine. Keys are computed once: comparing Danish strings is not cheap.
    let sort_keys = match sort_keys {
        Some(k) if k.len() == handbook.pages.len() => k,
        _ => handbook.pages.par_iter().map(sort_key).collect(),
    };
    for list in children.iter_mut().chain(subsections.iter_mut()) {
        list.sort_by(|a, b| sort_keys[*a].cmp(&sort_keys[*b]));
    }

    let front = handbook.by_key["_index.md"];
    let mut reading_order = Vec::with_capacity(n);
    let mut stack = vec![front];
    while let Some(s) = stack.pop() {
        reading_order.push(s);
        reading_order.extend(&children[s]);
        stack.extend(subsections[s].iter().rev());
    }
    let mut position = vec![usize::MAX; n];
    for (pos, &i) in reading_order.iter().enumerate() {
        position[i] = pos;
    }

    // Lists rather than sets: most are short, and sorting by position brings duplicates together.
    let mut backlinks: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, r) in refs.iter().enumerate() {
        for t in r.all() {
            if t != i {
                backlinks[t].push(i);
            }
        }
    }
    for (i, r) in rendered.iter().enumerate() {
        for k in &r.linked_keys {
            if let Some(&t) = handbook.by_key.get(k) {
                if t != i && !handbook.pages[i].is_section() {
                    backlinks[t].push(i);
                }
            }
        }
    }
    for v in &mut backlinks {
        v.sort_unstable_by_key(|&i| (position[i], i));
        v.dedup();
    }

    let (taxonomies, page_terms) = group_taxonomies(&handbook, &sort_keys, &mut diags);

    let site = Site {
        handbook,
        rendered,
        children,
        subsections,
        refs,
        backlinks,
        taxonomies,
        page_terms,
        reading_order,
        position,
        sort_keys,
    };
    (site, diags)
}

/// Resolves one list of `@/` references from front matter, naming the line where each bad one is.
fn resolve_list(
    handbook: &Handbook,
    page: &crate::content::Page,
    field: &str,
    list: &[String],
    diags: &mut Diagnostics,
) -> Vec<usize> {
    let mut out = Vec::new();
    for r in list {
        let key = r.trim().trim_start_matches("@/").trim_start_matches('/');
        let key = key.split('#').next().unwrap_or(key);
        if PRIVATE_PREFIXES.iter().any(|p| key.starts_with(p)) {
            diags.push(
                locate(
                    &handbook.root,
                    &page.file,
                    r,
                    Diagnostic::new(
                        &page.file,
                        format!("{field}: \"{r}\" peger ind i et barns bog, som er privat"),
                    ),
                )
                .hint("et barns bog må aldrig vises i håndbogen; fjern henvisningen"),
            );
            continue;
        }
        match handbook.by_key.get(key) {
            Some(&i) => {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
            None if handbook.failed_keys.contains(key) => {}
            None => diags.push(
                locate(
                    &handbook.root,
                    &page.file,
                    r,
                    Diagnostic::new(&page.file, format!("{field}: henvisningen \"{r}\" peger på en side, der ikke findes (content/{key})")),
                )
                .hint("ret stien, så den svarer til en fil i content/, fx \"@/redskaber/trivselsskema.md\""),
            ),
        }
    }
    out
}

fn resolve_refs(handbook: &Handbook, page: &crate::content::Page, diags: &mut Diagnostics) -> Refs {
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

/// Finds the line and column where `needle` is written in the file, for a message about it.
pub fn locate(root: &Path, file: &Path, needle: &str, d: Diagnostic) -> Diagnostic {
    let Ok(text) = std::fs::read_to_string(root.join(file)) else {
        return d;
    };
    for (n, line) in text.lines().enumerate() {
        if let Some(pos) = line.find(needle) {
            return d.at(n + 1, line[..pos].chars().count() + 1);
        }
    }
    d
}

/// Where a page goes among its siblings: weight, Danish title order, file.
pub type SortKey = (i64, (Vec<u32>, Vec<u32>, String), String);

/// Computing these is a large part of linking, so they are kept with the site.
pub fn sort_key(p: &crate::content::Page) -> SortKey {
    (
        p.meta.weight.unwrap_or(i64::MAX),
        danish_key(&p.title),
        p.key.clone(),
    )
}

fn group_taxonomies(
    handbook: &Handbook,
    sort_keys: &[SortKey],
    diags: &mut Diagnostics,
) -> (Vec<Taxonomy>, Vec<Vec<(usize, usize)>>) {
    let configured = &handbook.config.taxonomies;
    let mut terms: Vec<BTreeMap<String, Term>> = vec![BTreeMap::new(); configured.len()];
    // The same few names come back on thousands of pages: slugify each once.
    let mut slugs: HashMap<&str, String> = HashMap::new();
    for (i, p) in handbook.pages.iter().enumerate() {
        for (key, values) in &p.meta.taxonomies {
            let key_slug: &str = slugs.entry(key).or_insert_with(|| slugify(key));
            let Some(t) = configured.iter().position(|c| c.name == key_slug) else {
                let names: Vec<&str> = configured.iter().map(|c| c.name.as_str()).collect();
                diags.push(
                    locate(
                        &handbook.root,
                        &p.file,
                        key,
                        Diagnostic::new(&p.file, format!("ukendt taksonomi \"{key}\"")),
                    )
                    .hint(format!(
                        "brug en af {}, eller tilføj den under [[taxonomies]] i bogbinder.toml",
                        names.join(", ")
                    )),
                );
                continue;
            };
            for v in values {
                let name = v.trim();
                let slug: &str = slugs.entry(name).or_insert_with(|| slugify(name));
                if slug.is_empty() {
                    continue;
                }
                if !terms[t].contains_key(slug) {
                    let term = Term {
                        name: name.to_string(),
                        slug: slug.to_string(),
                        pages: Vec::new(),
                    };
                    terms[t].insert(slug.to_string(), term);
                }
                let Some(term) = terms[t].get_mut(slug) else {
                    continue;
                };
                // Pages come in order, so a page listing a term twice is caught by the last entry.
                if term.pages.last() != Some(&i) {
                    term.pages.push(i);
                }
            }
        }
    }
    // Term pages are listed by title: rank every page by title once (ties keep file order),
    // then each term's list sorts by number.
    let mut title_rank = vec![0; handbook.pages.len()];
    if terms.iter().any(|t| !t.is_empty()) {
        let mut by_title: Vec<usize> = (0..handbook.pages.len()).collect();
        by_title.sort_by(|a, b| sort_keys[*a].1.cmp(&sort_keys[*b].1));
        for (r, &i) in by_title.iter().enumerate() {
            title_rank[i] = r;
        }
    }
    let mut page_terms = vec![Vec::new(); handbook.pages.len()];
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
                    page_terms[p].push((ti, si));
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

/// Is this page one of the kinds that list examples using them (for the template's wording)?
pub fn kind_label(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Metode => "Metode",
        PageKind::Eksempel => "Praksiseksempel",
        PageKind::Redskab => "Redskab",
        PageKind::Kursus => "Kursus",
        PageKind::Sektion => "Sektion",
        PageKind::Forside => "Forside",
        PageKind::Side => "Side",
    }
}
