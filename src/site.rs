//! The handbook pipeline: load → resolve → render → write.

use crate::config::Config;
use crate::content;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::markdown::Asset;
use crate::output::{check_output_dir, Staging};
use crate::render::{href, root_for, Link, SiteCtx, PRINT_URL, RESERVED_URLS};
use crate::resolve::{self, Site};
use crate::theme::{template_diagnostic, Theme};
use rayon::prelude::*;
use serde::Serialize;
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
}

/// Loads and resolves the handbook in `root` and checks it against the theme, writing nothing.
pub fn load(root: &Path) -> Result<(Site, Theme)> {
    let config = Config::load(root)?;
    let mut diags = Diagnostics::default();
    let theme = Theme::load(root, &config.theme);
    let (handbook, load_problems) =
        content::load(root, config).map_err(|d| merge(d, theme.as_ref().err()))?;
    diags.extend(load_problems.0);
    // Books are never loaded here, but a CPR number in one stops the build all the same.
    diags.extend(crate::book::cpr_scan(root).0);
    if let Err(theme_problems) = &theme {
        diags.extend(theme_problems.0.iter().cloned());
    }
    let site = match resolve::resolve(handbook) {
        Ok(site) => site,
        Err(more) => {
            diags.extend(more.0);
            return Err(Error::Invalid(diags.sorted()));
        }
    };
    diags.into_result()?;
    let theme = theme.map_err(Error::Invalid)?;
    let mut diags = Diagnostics::default();

    for p in &site.handbook.pages {
        let t = site.template_for(p);
        if !theme.has_template(&t) {
            diags.push(
                resolve::locate(
                    &site.handbook.root,
                    &p.file,
                    "template",
                    Diagnostic::new(&p.file, format!("skabelonen \"{t}\" findes ikke")),
                )
                .hint(format!(
                    "læg {t} i themes/{}/templates/, eller fjern template-linjen",
                    site.handbook.config.theme
                )),
            );
        }
    }
    check_url_collisions(&site, &mut diags);
    diags.into_result()?;
    Ok((site, theme))
}

fn merge(mut a: Diagnostics, b: Option<&Diagnostics>) -> Error {
    if let Some(b) = b {
        a.extend(b.0.iter().cloned());
    }
    Error::Invalid(a)
}

fn check_url_collisions(site: &Site, diags: &mut Diagnostics) {
    let generated: Vec<String> = site
        .taxonomies
        .iter()
        .map(|t| format!("{}/", t.name))
        .chain(RESERVED_URLS.iter().map(|s| s.to_string()))
        .collect();
    for p in &site.handbook.pages {
        if let Some(g) = generated.iter().find(|g| p.url.starts_with(g.as_str())) {
            diags.push(
                Diagnostic::new(
                    &p.file,
                    format!("adressen /{} er optaget af bogbinder ({g})", p.url),
                )
                .hint("omdøb filen eller mappen, eller sæt slug = \"...\" i sidens indstillinger"),
            );
        }
    }
}

/// Builds the handbook into its output folder, replacing the old output only on success.
pub fn build(root: &Path, output_override: Option<&Path>) -> Result<BuildReport> {
    let start = Instant::now();
    let (site, theme) = load(root)?;
    let out_rel = output_override
        .map(Path::to_path_buf)
        .unwrap_or_else(|| site.handbook.config.output_dir.clone());
    let out = check_output_dir(root, &out_rel)?;
    let staging = Staging::new(&out)?;
    let mut report = write_site(&site, &theme, &staging)?;
    staging.commit()?;
    report.output_dir = out;
    report.elapsed = start.elapsed();
    Ok(report)
}

/// Renders every output file into `staging`. All render errors are collected.
pub fn write_site(site: &Site, theme: &Theme, staging: &Staging) -> Result<BuildReport> {
    let n = site.handbook.pages.len();
    staging.create_dirs(site.handbook.pages.iter().map(|p| p.url.as_str()))?;
    let errors: Vec<Diagnostic> = (0..n)
        .into_par_iter()
        .filter_map(|i| {
            let p = &site.handbook.pages[i];
            let html = render_page(site, theme, i);
            match html {
                Ok(html) => staging
                    .write(&format!("{}index.html", p.url), html.as_bytes())
                    .err()
                    .map(|e| Diagnostic::new(&p.file, e.to_string())),
                Err(d) => Some(d),
            }
        })
        .collect();
    let mut diags = Diagnostics(errors);

    let mut taxonomy_pages = 0;
    for t in &site.taxonomies {
        if t.terms.is_empty() {
            continue;
        }
        let url = format!("{}/", t.name);
        let sctx = site.site_ctx(&url, None);
        let root = root_for(&url);
        let terms: Vec<Link> = t
            .terms
            .iter()
            .map(|term| Link {
                title: term.name.clone(),
                href: href(&root, &format!("{url}{}/", term.slug)),
                description: None,
                count: Some(term.pages.len()),
                current: false,
            })
            .collect();
        let ctx = TaxonomyCtx {
            label: &t.label,
            name: &t.name,
            terms,
        };
        write_template(
            theme,
            staging,
            "taxonomy_list.html",
            &format!("{url}index.html"),
            &sctx,
            "taxonomy",
            &ctx,
            &mut diags,
        );
        taxonomy_pages += 1;
        for term in &t.terms {
            let turl = format!("{url}{}/", term.slug);
            let sctx = site.site_ctx(&turl, None);
            let troot = root_for(&turl);
            let pages: Vec<Link> = term
                .pages
                .iter()
                .map(|&i| site.link(i, &troot, None))
                .collect();
            let ctx = TermCtx {
                label: &t.label,
                name: &term.name,
                taxonomy_href: href(&troot, &url),
                pages,
            };
            write_template(
                theme,
                staging,
                "taxonomy_term.html",
                &format!("{turl}index.html"),
                &sctx,
                "term",
                &ctx,
                &mut diags,
            );
            taxonomy_pages += 1;
        }
    }

    // The whole handbook on one page, for printing.
    let proot = root_for(PRINT_URL);
    let print_pages: Vec<PrintPage> = site
        .reading_order
        .iter()
        .map(|&i| {
            let p = &site.handbook.pages[i];
            PrintPage {
                id: format!("side-{}", crate::i18n::slugify(&p.url)),
                title: p.title.clone(),
                kind_label: resolve::kind_label(p.kind),
                depth: p.url.matches('/').count(),
                description: p.meta.description.clone(),
                content: site.content_html(i, &proot),
            }
        })
        .collect();
    let sctx = site.site_ctx(PRINT_URL, None);
    write_template(
        theme,
        staging,
        "print.html",
        &format!("{PRINT_URL}index.html"),
        &sctx,
        "pages",
        &print_pages,
        &mut diags,
    );
    drop(print_pages);

    // The 404 page may be served from any depth; with a known base URL its links are absolute.
    let mut sctx404 = site.site_ctx("", None);
    if let Some(base) = site.handbook.config.base_url.as_deref().and_then(base_path) {
        rebase(&mut sctx404, &base);
    }
    write_template(
        theme,
        staging,
        "404.html",
        "404.html",
        &sctx404,
        "page",
        &(),
        &mut diags,
    );

    let mut files = n + taxonomy_pages + 2;
    for (name, bytes) in &theme.statics {
        if let Err(e) = staging.write(&format!("static/{name}"), bytes) {
            diags.push(Diagnostic::new(
                PathBuf::from("themes").join(name),
                e.to_string(),
            ));
        }
        files += 1;
    }
    if let Err(e) = staging.write("static/nav.js", nav_js(site).as_bytes()) {
        diags.push(Diagnostic::new("static/nav.js", e.to_string()));
    }
    if let Err(e) = staging.write("sitemap.xml", sitemap(site).as_bytes()) {
        diags.push(Diagnostic::new("sitemap.xml", e.to_string()));
    }
    files += 2;

    let assets = collect_assets(site);
    let asset_errors: Vec<Diagnostic> = assets
        .par_iter()
        .filter_map(|a| {
            let shown = a
                .source
                .strip_prefix(&site.handbook.root)
                .unwrap_or(&a.source);
            match crate::images::publish_asset(&a.source, shown) {
                Ok(bytes) => staging
                    .write(&a.out_path, &bytes)
                    .err()
                    .map(|e| Diagnostic::new(shown, e.to_string())),
                Err(d) => Some(d),
            }
        })
        .collect();
    diags.extend(asset_errors);
    files += assets.len();
    diags.into_result()?;
    Ok(BuildReport {
        pages: n,
        taxonomy_pages,
        assets: assets.len(),
        files,
        output_dir: staging.dir.clone(),
        elapsed: Duration::ZERO,
    })
}

/// The assets every page uses, each once.
fn collect_assets(site: &Site) -> Vec<Asset> {
    let mut seen = HashSet::new();
    site.rendered
        .iter()
        .flat_map(|r| r.assets.iter())
        .filter(|a| seen.insert(a.out_path.clone()))
        .cloned()
        .collect()
}

#[derive(Serialize)]
struct TaxonomyCtx<'a> {
    label: &'a str,
    name: &'a str,
    terms: Vec<Link>,
}

#[derive(Serialize)]
struct TermCtx<'a> {
    label: &'a str,
    name: &'a str,
    taxonomy_href: String,
    pages: Vec<Link>,
}

#[derive(Serialize)]
struct PrintPage {
    id: String,
    title: String,
    kind_label: &'static str,
    depth: usize,
    description: Option<String>,
    content: String,
}

pub fn render_page(
    site: &Site,
    theme: &Theme,
    i: usize,
) -> std::result::Result<String, Diagnostic> {
    let p = &site.handbook.pages[i];
    let template = site.template_for(p);
    let mut ctx = tera::Context::new();
    ctx.insert("site", &site.site_ctx(&p.url, Some(i)));
    ctx.insert("page", &site.page_ctx(i));
    theme.tera.render(&template, &ctx).map_err(|e| {
        let mut d = template_diagnostic(Path::new(&template), &e);
        d.message = format!("{} (ved siden {})", d.message, p.file.display());
        d
    })
}

#[allow(clippy::too_many_arguments)]
fn write_template<T: Serialize + ?Sized>(
    theme: &Theme,
    staging: &Staging,
    template: &str,
    out: &str,
    site: &SiteCtx<'_>,
    key: &str,
    value: &T,
    diags: &mut Diagnostics,
) {
    let mut ctx = tera::Context::new();
    ctx.insert("site", site);
    ctx.insert(key, value);
    match theme.tera.render(template, &ctx) {
        Ok(html) => {
            if let Err(e) = staging.write(out, html.as_bytes()) {
                diags.push(Diagnostic::new(out, e.to_string()));
            }
        }
        Err(e) => diags.push(template_diagnostic(Path::new(template), &e)),
    }
}

/// The path part of `base_url` (`https://x.dk/haandbog/` → `/haandbog/`).
fn base_path(base: &str) -> Option<String> {
    let after_scheme = base.split_once("://").map(|(_, r)| r).unwrap_or(base);
    let path = after_scheme
        .find('/')
        .map(|i| &after_scheme[i..])
        .unwrap_or("/");
    let mut path = path.to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    Some(path)
}

fn rebase(ctx: &mut SiteCtx<'_>, base: &str) {
    let fix = |h: &mut String| *h = format!("{base}{h}");
    fix(&mut ctx.home_href);
    fix(&mut ctx.print_href);
    fix(&mut ctx.search_href);
    for s in &mut ctx.sections {
        fix(&mut s.href);
        for p in &mut s.pages {
            fix(&mut p.href);
        }
    }
    for t in &mut ctx.taxonomies {
        fix(&mut t.href);
    }
    ctx.root = base.to_string();
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The full table of contents as a script, loaded once and cached by the browser, so pages need
/// not carry it inline. A script (not JSON fetched at run time) works from file:// too.
fn nav_js(site: &Site) -> String {
    let mut out = String::from("window.BOGBINDER_NAV={");
    let front = site.front();
    let mut first = true;
    let mut stack: Vec<usize> = site.subsections[front].clone();
    while let Some(s) = stack.pop() {
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(&json_string(&site.handbook.pages[s].url));
        out.push_str(":[");
        let members = site.children[s].iter().chain(&site.subsections[s]);
        for (k, &c) in members.enumerate() {
            if k > 0 {
                out.push(',');
            }
            let p = &site.handbook.pages[c];
            out.push('[');
            out.push_str(&json_string(&p.title));
            out.push(',');
            out.push_str(&json_string(&p.url));
            out.push(']');
        }
        out.push(']');
        stack.extend(&site.subsections[s]);
    }
    out.push_str("};\n");
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `sitemap.xml` of the handbook pages (never a book: they are not in the site).
fn sitemap(site: &Site) -> String {
    let base = site.handbook.config.base_url.clone().unwrap_or_default();
    let base = if base.is_empty() || base.ends_with('/') {
        base
    } else {
        format!("{base}/")
    };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for &i in &site.reading_order {
        let p = &site.handbook.pages[i];
        out.push_str("  <url><loc>");
        out.push_str(&xml_escape(&format!("{base}{}", p.url)));
        out.push_str("</loc>");
        if let Some(d) = p
            .meta
            .updated
            .as_ref()
            .and_then(crate::i18n::Date::from_toml)
        {
            out.push_str(&format!("<lastmod>{}</lastmod>", d.iso()));
        }
        out.push_str("</url>\n");
    }
    for t in site.taxonomies.iter().filter(|t| !t.terms.is_empty()) {
        out.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            xml_escape(&format!("{base}{}/", t.name))
        ));
        for term in &t.terms {
            out.push_str(&format!(
                "  <url><loc>{}</loc></url>\n",
                xml_escape(&format!("{base}{}/{}/", t.name, term.slug))
            ));
        }
    }
    out.push_str("</urlset>\n");
    out
}
