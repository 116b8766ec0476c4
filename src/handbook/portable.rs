//! Every path the handbook writes, checked for what Windows and case-insensitive disks cannot
//! hold (see [`crate::output::portable`]), and told at the file and line that gave the name: a
//! page's `slug` or file name, a taxonomy value, a linked file, a theme's file.

use crate::error::{Diagnostic, Diagnostics};
use crate::handbook::markdown::Asset;
use crate::handbook::resolve::{PageId, Site, TaxonomyId, TermId};
use crate::handbook::targets::{targets, Target};
use crate::handbook::theme::Theme;
use crate::output::portable::{case_clashes, name_problem, too_long};
use crate::problems::{FileProblem, NameFrom, PortableName};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Where an output path's name came from.
#[derive(Clone, Copy)]
enum Origin<'a> {
    Page(PageId),
    Term(TaxonomyId, TermId),
    Taxonomy,
    Asset(&'a Asset),
    Static(&'a str),
    /// A name bogbinder chose itself (`404.html`, `static/nav.js`): never troubled, but part of
    /// the clash check.
    Own,
}

impl Origin<'_> {
    fn from(self) -> NameFrom {
        match self {
            Origin::Page(_) | Origin::Own => NameFrom::Page,
            Origin::Term(..) => NameFrom::Term,
            Origin::Taxonomy => NameFrom::Taxonomy,
            Origin::Asset(_) | Origin::Static(_) => NameFrom::File,
        }
    }

    /// The problem told where the name was written.
    fn diagnostic(self, site: &Site, problem: PortableName) -> Diagnostic {
        let problem = FileProblem::Portable(problem);
        match self {
            Origin::Page(i) => {
                let p = site.page(i);
                // The `slug` line if the page has one, else the top of its settings.
                let place = p.meta.places.of("slug", "").unwrap_or((1, 1));
                Diagnostic::of(&p.file, problem).at(place.0, place.1)
            }
            Origin::Term(t, k) => term_diagnostic(site, t, k, problem),
            Origin::Asset(a) => {
                let shown = a
                    .source
                    .strip_prefix(&site.handbook.root)
                    .unwrap_or(&a.source);
                a.used_at.place(Diagnostic::of(shown, problem))
            }
            Origin::Static(name) => Diagnostic::of(
                PathBuf::from("themes")
                    .join(&site.handbook.config.theme)
                    .join("static")
                    .join(name),
                problem,
            ),
            Origin::Taxonomy | Origin::Own => {
                Diagnostic::of(crate::project::config::CONFIG_FILE, problem)
            }
        }
    }
}

/// A term's problem, told at the first page that lists it, on the line of its taxonomy.
fn term_diagnostic(site: &Site, t: TaxonomyId, k: TermId, problem: FileProblem) -> Diagnostic {
    let term = site.taxonomy(t).term(k);
    let Some(&first) = term.pages.first() else {
        return Diagnostic::of(crate::project::config::CONFIG_FILE, problem);
    };
    let p = site.page(first);
    let key = p.meta.taxonomies.iter().find_map(|(key, values)| {
        values
            .iter()
            .any(|v| crate::text::i18n::slugify(v.trim()) == term.slug)
            .then_some(key.as_str())
    });
    let place = key.and_then(|key| p.meta.places.of("taxonomies", key));
    Diagnostic::of(&p.file, problem).at_place(place)
}

/// Every file the site writes (search index files aside: their names are bogbinder's own and
/// are checked by their own tests), with where its name came from.
fn outputs<'a>(site: &'a Site, theme: &'a Theme) -> Vec<(String, Origin<'a>)> {
    let mut out: Vec<(String, Origin<'a>)> = targets(site)
        .into_iter()
        .map(|t| {
            let origin = match t {
                Target::Page(i) | Target::FormPdf(i) | Target::SectionPart(i, _) => Origin::Page(i),
                Target::Term(t, k) | Target::TermPart(t, k, _) => Origin::Term(t, k),
                Target::TaxonomyList(_) => Origin::Taxonomy,
                _ => Origin::Own,
            };
            (t.path(site), origin)
        })
        .collect();
    let mut seen = HashSet::new();
    for r in site.rendered.iter() {
        for a in &r.assets {
            if seen.insert(a.out_path.as_str()) {
                out.push((a.out_path.clone(), Origin::Asset(a)));
            }
        }
    }
    for (name, bytes) in &theme.statics {
        // Borrowed: bogbinder's own theme, not a file of the project.
        let origin = match bytes {
            std::borrow::Cow::Owned(_) => Origin::Static(name),
            std::borrow::Cow::Borrowed(_) => Origin::Own,
        };
        out.push((format!("static/{name}"), origin));
    }
    out
}

/// Names Windows cannot hold and paths a case-insensitive disk would merge: each an error, told
/// once where the name was written.
pub fn check(site: &Site, theme: &Theme, diags: &mut Diagnostics) {
    let outputs = outputs(site, theme);
    let mut told: HashSet<String> = HashSet::new();
    for (path, origin) in &outputs {
        if let Some((upto, problem)) = name_problem(path, origin.from()) {
            if told.insert(upto) {
                diags.push(origin.diagnostic(site, problem));
            }
        }
    }
    let paths: Vec<&str> = outputs.iter().map(|(p, _)| p.as_str()).collect();
    for (i, first) in case_clashes(&paths) {
        let problem = PortableName::CaseClash {
            path: paths[i].to_string(),
            other: paths[first].to_string(),
        };
        diags.push(outputs[i].1.diagnostic(site, problem));
    }
}

/// Warns about output paths over Windows' length limit once `out` (absolute) is known: a few at
/// the file that gave each name; many (a long output folder) as one warning with the longest.
pub fn warn_long_paths(site: &Site, theme: &Theme, out: &Path) {
    let mut long: Vec<(usize, String, Origin<'_>)> = outputs(site, theme)
        .into_iter()
        .filter_map(|(path, origin)| too_long(out, &path).map(|n| (n, path, origin)))
        .collect();
    long.sort_by_key(|(n, ..)| std::cmp::Reverse(*n));
    let shown = |path: &str| out.join(path).display().to_string();
    if long.len() > MAX_TOLD {
        let (chars, path, _) = &long[0];
        let problem = PortableName::TooLong {
            path: shown(path),
            chars: *chars,
            others: long.len() - 1,
        };
        crate::error::warn(Diagnostic::of(
            crate::project::config::CONFIG_FILE,
            FileProblem::Portable(problem),
        ));
        return;
    }
    for (chars, path, origin) in long {
        let problem = PortableName::TooLong {
            path: shown(&path),
            chars,
            others: 0,
        };
        crate::error::warn(origin.diagnostic(site, problem));
    }
}

/// More paths over the limit than this are told as one: the output folder is what is long.
const MAX_TOLD: usize = 3;
