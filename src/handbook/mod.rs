//! The handbook pipeline: load → resolve → render → write.
//!
//! [`load`] reads `content/` into a [`load::Handbook`], [`resolve`] renders Markdown and works
//! out references, backlinks and taxonomies into a [`resolve::Site`], [`render`] turns pages into
//! template contexts for every [`targets::Target`], and [`build`] writes the result through
//! [`crate::output`], which swaps it in only when everything succeeded.

pub mod editions;
pub mod forms;
pub mod frontmatter;
pub mod load;
pub mod markdown;
mod portable;
pub mod rebuild;
pub(crate) mod render;
pub mod resolve;
pub mod search;
pub(crate) mod signature;
pub(crate) mod targets;
pub mod theme;

use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::handbook::markdown::Asset;
use crate::handbook::render::RESERVED_URLS;
use crate::handbook::targets::Target;
use crate::handbook::theme::Theme;
use crate::output::{check_apart_from_books, check_output_dir, Staging};
use crate::problems::{ContentProblem, TemplateProblem};
use crate::project::config::Config;
use crate::project::files::{Refusal, Scope};
use rayon::prelude::*;
use resolve::{PageId, Site};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a build did, for the summary line.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub pages: usize,
    pub taxonomy_pages: usize,
    pub assets: usize,
    pub files: usize,
    pub output_dir: PathBuf,
    pub elapsed: Duration,
    /// The audience edition built, if the project has editions.
    pub edition: Option<String>,
    /// Outputs rendered, and outputs kept as the previous edition had them (see [`rebuild`]).
    pub rendered: usize,
    pub reused: usize,
    /// The handbook's PDF, when one was made: its file name (the first volume's, see
    /// `crate::book::handbook_pdf::render_all`), its number of pages and of files (volumes).
    pub pdf: Option<(String, usize, usize)>,
}

/// Loads and resolves the handbook in `root` and checks it against the theme, writing nothing.
/// With audience editions, this is the first edition; [`load_all`] gives every one.
pub fn load(root: &Path) -> Result<(Site, Theme)> {
    let (mut sites, theme) = load_all(root)?;
    Ok((sites.swap_remove(0), theme))
}

/// Loads the handbook in `root` and resolves it once per audience edition (see [`editions`]),
/// or once when there are none. Every edition's problems are reported together.
pub fn load_all(root: &Path) -> Result<(Vec<Site>, Theme)> {
    let config = Config::load(root)?;
    let mut diags = Diagnostics::default();
    let theme = Theme::load(root, &config.theme);
    let t = crate::timing::step("load");
    let (handbook, load_problems) =
        load::load(root, config).map_err(|d| merge(d, theme.as_ref().err()))?;
    drop(t);
    diags.extend(load_problems.0);
    // Books are never loaded here, but a CPR number in one stops the build all the same.
    let t = crate::timing::step("cpr_scan");
    diags.extend(crate::book::cpr_scan(root).0);
    drop(t);
    if let Err(theme_problems) = &theme {
        diags.extend(theme_problems.0.iter().cloned());
    }
    diags.extend(editions::check_names(&handbook.config, &handbook.pages).0);
    let handbooks = match handbook.config.editions.is_empty() {
        true => vec![handbook],
        false => (handbook.config.editions.iter())
            .map(|e| editions::select(&handbook, editions::Audience::Edition(&e.navn), Some(e)))
            .collect(),
    };
    let mut sites = Vec::with_capacity(handbooks.len());
    let _t = crate::timing::step("resolve");
    for h in handbooks {
        match resolve::resolve(h) {
            Ok(site) => sites.push(site),
            Err(more) => diags.extend(more.0),
        }
    }
    // A problem in a page every edition has is found once per edition: told once (`sorted`).
    diags.sorted().into_result()?;
    let theme = theme.map_err(Error::Invalid)?;
    let mut diags = Diagnostics::default();
    let _t = crate::timing::step("check");
    for site in &sites {
        diags.extend(check(site, &theme).0);
    }
    diags.sorted().into_result()?;
    Ok((sites, theme))
}

/// What can only be checked with site and theme together: templates that pages ask for, and
/// addresses bogbinder itself needs.
pub fn check(site: &Site, theme: &Theme) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for i in site.ids() {
        check_template(site, theme, i, &mut diags);
    }
    check_url_collisions(site, &mut diags);
    portable::check(site, theme, &mut diags);
    diags
}

/// The template page `i` asks for must be in the theme.
pub fn check_template(site: &Site, theme: &Theme, i: PageId, diags: &mut Diagnostics) {
    let p = site.page(i);
    let t = site.template_for(p);
    if !theme.has_template(&t) {
        diags.push(
            Diagnostic::of(
                &p.file,
                TemplateProblem::TemplateMissing {
                    template: t.to_string(),
                    theme: site.handbook.config.theme.clone(),
                },
            )
            .at_place(p.meta.places.of("template", "")),
        );
    }
}

fn merge(mut a: Diagnostics, b: Option<&Diagnostics>) -> Error {
    if let Some(b) = b {
        a.extend(b.0.iter().cloned());
    }
    Error::Invalid(a)
}

fn check_url_collisions(site: &Site, diags: &mut Diagnostics) {
    let generated: Vec<String> = site
        .taxonomies()
        .iter()
        .map(|t| format!("{}/", t.name))
        .chain(RESERVED_URLS.iter().map(|s| s.to_string()))
        .collect();
    // A long section's follow-on pages (`<section>/side/<n>/`) are bogbinder's too.
    let parts: std::collections::HashMap<&str, usize> = site
        .ids()
        .map(|i| (site.page(i).url.as_str(), site.list_parts(i)))
        .filter(|&(_, n)| n > 1)
        .collect();
    for p in &site.handbook.pages {
        let taken = match generated.iter().find(|g| p.url.starts_with(g.as_str())) {
            Some(g) => Some(g.clone()),
            None => list_page_in(&p.url, &parts),
        };
        if let Some(by) = taken {
            diags.push(Diagnostic::of(
                &p.file,
                ContentProblem::AddressReserved {
                    url: p.url.clone(),
                    by,
                },
            ));
        }
    }
}

/// The follow-on list page (`metoder/side/2/`) that `url` is or lies in, if any: `parts` gives
/// how many list pages each long section has.
fn list_page_in(url: &str, parts: &std::collections::HashMap<&str, usize>) -> Option<String> {
    let dir = crate::handbook::render::PART_DIR;
    let mut from = 0;
    while let Some(k) = url[from..].find(dir).map(|k| k + from) {
        from = k + dir.len();
        if k > 0 && !url[..k].ends_with('/') {
            continue;
        }
        let number = url[from..].split('/').next().unwrap_or_default();
        let n: usize = match number.parse() {
            Ok(n) => n,
            Err(_) => continue,
        };
        if parts
            .get(&url[..k])
            .is_some_and(|&count| (2..=count).contains(&n))
        {
            return Some(crate::handbook::render::part_url(&url[..k], n));
        }
    }
    None
}

/// Renders every output in memory and drops it, for `check`: a template that fails only when
/// it is used (an unknown variable, a filter on the wrong kind of value) is found without writing.
pub fn render_check(site: &Site, theme: &Theme) -> Diagnostics {
    let errors: Vec<Diagnostic> = crate::handbook::targets::targets(site)
        .par_iter()
        .filter_map(|t| t.render(site, theme).err())
        .collect();
    Diagnostics(errors).sorted()
}

/// Builds the handbook (every audience edition) into its output folder(s), replacing the old
/// output only on success.
pub fn build(root: &Path, output_override: Option<&Path>) -> Result<Vec<BuildReport>> {
    let start = Instant::now();
    let (sites, theme) = load_all(root)?;
    build_all(&sites, &theme, output_override, start, Vec::new())
}

/// [`build`] for a handbook already loaded; `start` is when the build began, for the report.
pub fn build_loaded(
    site: &Site,
    theme: &Theme,
    output_override: Option<&Path>,
    start: Instant,
) -> Result<BuildReport> {
    let mut reports = build_all(
        std::slice::from_ref(site),
        theme,
        output_override,
        start,
        Vec::new(),
    )?;
    Ok(reports.remove(0))
}

/// Builds every site loaded by [`load_all`], each into its own folder. All are written before
/// any is swapped in, so a failing edition leaves every edition's old output in place. With
/// editions, an `output_override` is the folder the editions' folders go in. `extra[i]` are files
/// (name in the output folder, bytes) written with site `i`, such as the handbook's PDF: made
/// before, so the old output is replaced only when all is there.
pub fn build_all(
    sites: &[Site],
    theme: &Theme,
    output_override: Option<&Path>,
    start: Instant,
    mut extra: Vec<Vec<(String, Vec<u8>)>>,
) -> Result<Vec<BuildReport>> {
    extra.resize_with(sites.len(), Vec::new);
    let mut staged = Vec::with_capacity(sites.len());
    for (site, extra) in sites.iter().zip(extra) {
        let root = &site.handbook.root;
        let edition = site.handbook.left_out.edition.clone();
        let out_rel = match output_override {
            Some(o) if edition.is_empty() => o.to_path_buf(),
            Some(o) => o.join(crate::text::i18n::slugify(&edition)),
            None => site.handbook.config.output_dir.clone(),
        };
        let out = check_output_dir(root, &out_rel)?;
        check_apart_from_books(root, &out, &site.handbook.config.books_dir)?;
        portable::warn_long_paths(site, theme, &out);
        let t = crate::timing::step("staging");
        let staging = Staging::new(&out)?;
        drop(t);
        let mut report = write_site(site, theme, &staging)?;
        for (name, bytes) in &extra {
            staging.write(name, bytes)?;
            report.files += 1;
        }
        report.output_dir = out;
        report.edition = Some(edition).filter(|e| !e.is_empty());
        staged.push((staging, report));
    }
    let mut reports = Vec::with_capacity(staged.len());
    let _t = crate::timing::step("commit");
    for (staging, mut report) in staged {
        staging.commit()?;
        report.elapsed = start.elapsed();
        reports.push(report);
    }
    Ok(reports)
}

/// Renders every output file into `staging`. All render errors are collected.
pub fn write_site(site: &Site, theme: &Theme, staging: &Staging) -> Result<BuildReport> {
    // The search index is built and written beside the pages: both are parallel, but each has
    // steps that are one thread's work (making ten thousand folders in the kernel, the index's
    // shards), which the other fills in.
    let targets = crate::handbook::targets::targets(site);
    let ledger = rebuild::Ledger::new(site, theme, staging);
    let (pages, (search_files, search_problems)) = rayon::join(
        || write_targets(site, theme, staging, &targets, &ledger),
        || {
            let mut problems = Diagnostics::default();
            let n = ledger.search(site, &mut problems);
            (n, problems)
        },
    );
    let mut diags = Diagnostics(pages?);
    diags.extend(search_problems.0);
    let taxonomy_pages = targets
        .iter()
        .filter(|t| {
            matches!(
                t,
                Target::TaxonomyList(_) | Target::Term(..) | Target::TermPart(..)
            )
        })
        .count();

    let t = crate::timing::step("nav+statics+assets");
    // The sidebar lists of large sections.
    let nav = crate::handbook::targets::nav_files(site);
    let nav_errors: Vec<Diagnostic> = (nav.par_iter())
        .filter_map(|(path, body)| staging.write(path, body.as_bytes()).err())
        .map(|e| Diagnostic::not_written(crate::handbook::targets::NAV_DIR, &e))
        .collect();
    diags.extend(nav_errors);

    let mut files = targets.len() + search_files + nav.len();
    for (name, bytes) in &theme.statics {
        if let Err(e) = staging.write(&format!("static/{name}"), bytes) {
            diags.push(Diagnostic::not_written(
                PathBuf::from("themes").join(name),
                &e,
            ));
        }
        files += 1;
    }

    let assets = collect_assets(site);
    let scope = Scope::handbook(&site.handbook.root);
    let asset_errors: Vec<Diagnostic> = assets
        .par_iter()
        .filter_map(|a| ledger.asset(site, &scope, a))
        .collect();
    diags.extend(asset_errors);
    files += assets.len();
    drop(t);
    diags.into_result()?;
    let (rendered, reused) = ledger.finish()?;
    Ok(BuildReport {
        rendered,
        reused,
        pages: site.handbook.pages.len(),
        taxonomy_pages,
        assets: assets.len(),
        files,
        output_dir: staging.dir.clone(),
        elapsed: Duration::ZERO,
        edition: None,
        pdf: None,
    })
}

/// Makes the pages' folders, then renders every target whose signature changed (see
/// [`rebuild`]) and writes it: the problems found.
fn write_targets(
    site: &Site,
    theme: &Theme,
    staging: &Staging,
    targets: &[Target],
    ledger: &rebuild::Ledger,
) -> Result<Vec<Diagnostic>> {
    let t = crate::timing::step("create_dirs");
    staging.create_dirs(site.handbook.pages.iter().map(|p| p.url.as_str()))?;
    drop(t);
    let _t = crate::timing::step("render+write");
    Ok((targets.par_iter())
        .filter_map(|t| ledger.render(site, theme, t, ledger.signature(site, t)))
        .collect())
}

/// Reads an asset of the handbook: checked again as it is read, since the check when its page was
/// rendered, the file may have been swapped for a link.
pub fn read_asset(scope: &Scope, source: &Path, shown: &Path) -> Result<Vec<u8>, Diagnostic> {
    scope
        .read(source, crate::media::images::MAX_IMAGE_BYTES)
        .map_err(|r| match r {
            Refusal::TooLarge { bytes, .. } => crate::media::images::too_large(shown, bytes),
            r => scope.diagnostic(&r, shown, &shown.display().to_string()),
        })
}

/// The assets every page uses, each once.
pub fn collect_assets(site: &Site) -> Vec<Asset> {
    let mut seen = HashSet::new();
    site.rendered
        .iter()
        .flat_map(|r| r.assets.iter())
        .filter(|a| seen.insert(a.out_path.clone()))
        .cloned()
        .collect()
}
