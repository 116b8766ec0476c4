//! Every generated file of a handbook as a [`Target`]: where it goes, what it is rendered from,
//! and how to render it. A full build renders them all; the live preview renders only those whose
//! inputs changed (see [`crate::live::incremental`]).

use crate::handbook::render::{
    href, part_count, part_slice, part_url, root_for, Link, Pager, SiteCtx, PRINT_URL,
};
use crate::handbook::resolve::{self, PageId, Site, TaxonomyId, TermId};
use crate::handbook::theme::Theme;
use serde::Serialize;

/// One generated file of the handbook (theme static files and assets aside).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Page(PageId),
    /// A taxonomy's list of terms.
    TaxonomyList(TaxonomyId),
    /// One term's list of pages.
    Term(TaxonomyId, TermId),
    /// The whole handbook on one page.
    Print,
    NotFound,
    Sitemap,
    /// The search page (its index files come from [`crate::handbook::search::index_files`]).
    Search,
    /// A page's forms as a fillable PDF (`skema.pdf` beside the page).
    FormPdf(PageId),
    /// Page `n` (from 2) of a section's list (`<section>/side/<n>/`).
    SectionPart(PageId, usize),
    /// Page `n` (from 2) of a term's list (`<taxonomy>/<term>/side/<n>/`).
    TermPart(TaxonomyId, TermId, usize),
    /// Part `n` (from 1) of the print view (`udskrift/<n>/`), when the handbook has more pages
    /// than one part holds; `udskrift/` then lists the parts.
    PrintPart(usize),
    /// Page `n` (from 2) of the print view's list of parts (`udskrift/side/<n>/`).
    PrintContents(usize),
}

/// Every target of the site, pages first. `sitemap.xml` only with a `base_url`: see
/// [`sitemap_base`].
pub fn targets(site: &Site) -> Vec<Target> {
    let mut out: Vec<Target> = site.ids().map(Target::Page).collect();
    for (t, tax) in site.enumerate_taxonomies() {
        if tax.terms.is_empty() {
            continue;
        }
        out.push(Target::TaxonomyList(t));
        for (k, term) in tax.enumerate() {
            out.push(Target::Term(t, k));
            let parts = part_count(term.pages.len(), site.handbook.config.sider_pr_liste);
            out.extend((2..=parts).map(|n| Target::TermPart(t, k, n)));
        }
    }
    for i in site.ids() {
        out.extend((2..=site.list_parts(i)).map(|n| Target::SectionPart(i, n)));
    }
    out.extend([Target::Print, Target::NotFound, Target::Search]);
    out.extend((1..=print_parts(site)).map(Target::PrintPart));
    out.extend((2..=print_contents_pages(site)).map(Target::PrintContents));
    out.extend(
        site.ids()
            .filter(|&i| !site.rendered(i).forms.is_empty())
            .map(Target::FormPdf),
    );
    if sitemap_base(site).is_some() {
        out.push(Target::Sitemap);
    }
    out
}

impl Target {
    /// The file's path in the output, `/`-separated.
    pub fn path(&self, site: &Site) -> String {
        match *self {
            Target::Page(i) => format!("{}index.html", site.page(i).url),
            Target::TaxonomyList(t) => format!("{}/index.html", site.taxonomy(t).name),
            Target::Term(t, k) => {
                let tax = site.taxonomy(t);
                format!("{}/{}/index.html", tax.name, tax.term(k).slug)
            }
            Target::Print => format!("{PRINT_URL}index.html"),
            Target::NotFound => "404.html".into(),
            Target::Sitemap => "sitemap.xml".into(),
            Target::Search => format!("{}index.html", crate::handbook::search::SEARCH_URL),
            Target::FormPdf(i) => {
                format!("{}{}", site.page(i).url, crate::handbook::forms::PDF_NAME)
            }
            Target::SectionPart(i, n) => format!("{}index.html", part_url(&site.page(i).url, n)),
            Target::TermPart(t, k, n) => {
                format!("{}index.html", part_url(&term_url(site, t, k), n))
            }
            Target::PrintPart(n) => format!("{PRINT_URL}{n}/index.html"),
            Target::PrintContents(n) => format!("{}index.html", part_url(PRINT_URL, n)),
        }
    }

    /// Renders the file. A template error names the template (and the page it was rendering).
    pub fn render(&self, site: &Site, theme: &Theme) -> Result<Vec<u8>, crate::Diagnostic> {
        let html = match *self {
            Target::Page(i) => render_page(site, theme, i)?,
            Target::TaxonomyList(t) => {
                let url = format!("{}/", site.taxonomy(t).name);
                template(
                    theme,
                    "taxonomy_list.html",
                    &site.site_ctx(&url, None),
                    "taxonomy",
                    &taxonomy_ctx(site, t),
                )?
            }
            Target::Term(t, k) => term_page(site, theme, t, k, 1)?,
            Target::TermPart(t, k, n) => term_page(site, theme, t, k, n)?,
            Target::SectionPart(i, n) => render_page_part(site, theme, i, n)?,
            Target::Print => print_view(site, theme, PrintShown::Contents(1))?,
            Target::PrintContents(n) => print_view(site, theme, PrintShown::Contents(n))?,
            Target::PrintPart(n) => print_view(site, theme, PrintShown::Part(n))?,
            Target::NotFound => {
                template(theme, "404.html", &not_found_site_ctx(site), "page", &())?
            }
            Target::Sitemap => return Ok(sitemap(site).into_bytes()),
            Target::FormPdf(i) => return form_pdf(site, i),
            Target::Search => template(
                theme,
                "search.html",
                &site.site_ctx(crate::handbook::search::SEARCH_URL, None),
                "page",
                &(),
            )?,
        };
        Ok(html.into_bytes())
    }
}

/// The fillable PDF of a page's forms. Its markup is bogbinder's own, so a failure is a bug.
fn form_pdf(site: &Site, i: PageId) -> Result<Vec<u8>, crate::Diagnostic> {
    let p = site.page(i);
    let forms = &site.rendered(i).forms;
    crate::handbook::forms::pdf::render(&p.title, forms, site.handbook.config.sprog)
        .map_err(|e| crate::Diagnostic::internal(&p.file, e))
}

pub fn render_page(site: &Site, theme: &Theme, i: PageId) -> Result<String, crate::Diagnostic> {
    render_page_part(site, theme, i, 1)
}

/// Page `n` (from 1) of a page: a section's list may be split over several.
fn render_page_part(
    site: &Site,
    theme: &Theme,
    i: PageId,
    n: usize,
) -> Result<String, crate::Diagnostic> {
    let p = site.page(i);
    let template = site.template_for(p);
    let mut ctx = tera::Context::new();
    ctx.insert("site", &site.site_ctx(&part_url(&p.url, n), Some(i)));
    ctx.insert("page", &site.page_ctx_part(i, true, n));
    theme
        .tera
        .render(&template, &ctx)
        .map_err(|e| theme.render_problem(&template, &e, Some(&p.file)))
}

fn template<T: Serialize + ?Sized>(
    theme: &Theme,
    template: &str,
    site: &SiteCtx<'_>,
    key: &str,
    value: &T,
) -> Result<String, crate::Diagnostic> {
    let mut ctx = tera::Context::new();
    ctx.insert("site", site);
    ctx.insert(key, value);
    theme
        .tera
        .render(template, &ctx)
        .map_err(|e| theme.render_problem(template, &e, None))
}

#[derive(Serialize)]
pub struct TaxonomyCtx<'a> {
    label: &'a str,
    name: &'a str,
    terms: Vec<Link>,
}

pub fn taxonomy_ctx(site: &Site, t: TaxonomyId) -> TaxonomyCtx<'_> {
    let tax = site.taxonomy(t);
    let url = format!("{}/", tax.name);
    let root = root_for(&url);
    TaxonomyCtx {
        label: &tax.label,
        name: &tax.name,
        terms: tax
            .terms
            .iter()
            .map(|term| Link {
                title: term.name.clone(),
                href: href(&root, &format!("{url}{}/", term.slug)),
                description: None,
                count: Some(term.pages.len()),
                current: false,
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub struct TermCtx<'a> {
    label: &'a str,
    name: &'a str,
    taxonomy_href: String,
    /// The pages of the part shown (all of them when they fit on one page).
    pages: Vec<Link>,
    /// How many pages the term has in all.
    total: usize,
    pager: Option<Pager>,
}

/// A term's own address: `<taxonomy>/<term>/`.
fn term_url(site: &Site, t: TaxonomyId, k: TermId) -> String {
    let tax = site.taxonomy(t);
    format!("{}/{}/", tax.name, tax.term(k).slug)
}

fn term_page(
    site: &Site,
    theme: &Theme,
    t: TaxonomyId,
    k: TermId,
    n: usize,
) -> Result<String, crate::Diagnostic> {
    template(
        theme,
        "taxonomy_term.html",
        &site.site_ctx(&part_url(&term_url(site, t, k), n), None),
        "term",
        &term_ctx(site, t, k, n),
    )
}

/// The context of page `n` (from 1) of a term's list.
pub fn term_ctx(site: &Site, t: TaxonomyId, k: TermId, n: usize) -> TermCtx<'_> {
    let tax = site.taxonomy(t);
    let term = tax.term(k);
    let url = term_url(site, t, k);
    let troot = root_for(&part_url(&url, n));
    let per = site.handbook.config.sider_pr_liste;
    TermCtx {
        label: &tax.label,
        name: &term.name,
        taxonomy_href: href(&troot, &format!("{}/", tax.name)),
        pages: part_slice(&term.pages, n, per)
            .iter()
            .map(|&i| site.link(i, &troot, None))
            .collect(),
        total: term.pages.len(),
        pager: Pager::new(&url, n, part_count(term.pages.len(), per), &troot),
    }
}

#[derive(Serialize)]
struct PrintPage {
    id: String,
    title: String,
    kind_label: &'static str,
    depth: usize,
    description: Option<String>,
    content: String,
    /// What the page's own web page shows around its text: the date, the facts box, the
    /// taxonomies and the quotes (from [`Site::page_head`], its links made to lead from here).
    updated: Option<String>,
    updated_iso: Option<String>,
    facts: Vec<crate::handbook::render::Fact>,
    taxonomies: Vec<crate::handbook::render::Group>,
    quotes: Vec<crate::handbook::render::QuoteCtx>,
}

/// How many parts the print view comes in: none when the whole handbook fits on one page
/// (`sider_pr_udskrift`), so `udskrift/` holds it all.
pub fn print_parts(site: &Site) -> usize {
    let pages = site.links.reading_order().len();
    let per = site.handbook.config.sider_pr_udskrift.max(1);
    match pages > per {
        true => part_count(pages, per),
        false => 0,
    }
}

/// One part in the print view's list of parts: its first and last page.
#[derive(Serialize)]
struct PrintPartLink {
    number: usize,
    href: String,
    first: String,
    last: String,
    pages: usize,
}

/// How many pages the print view's list of parts takes (`sider_pr_liste` parts to a page).
pub fn print_contents_pages(site: &Site) -> usize {
    part_count(print_parts(site), site.handbook.config.sider_pr_liste)
}

/// What one page of the print view shows.
#[derive(Clone, Copy)]
enum PrintShown {
    /// Page `n` (from 1) of the list of parts; the whole handbook when it has no parts.
    Contents(usize),
    /// Part `n` (from 1).
    Part(usize),
}

/// What one page of the print view is rendered from, its pages' texts aside.
struct PrintCtx<'a> {
    url: String,
    root: String,
    pages: &'a [PageId],
    parts: Vec<PrintPartLink>,
    pager: Option<Pager>,
}

fn print_ctx(site: &Site, shown: PrintShown) -> PrintCtx<'_> {
    let order = site.links.reading_order();
    let per = site.handbook.config.sider_pr_udskrift;
    let per_list = site.handbook.config.sider_pr_liste;
    let parts = print_parts(site);
    let url = match shown {
        PrintShown::Part(n) => format!("{PRINT_URL}{n}/"),
        PrintShown::Contents(n) => part_url(PRINT_URL, n),
    };
    let root = root_for(&url);
    let pages: &[PageId] = match (shown, parts) {
        (PrintShown::Part(n), _) => part_slice(order, n, per),
        (PrintShown::Contents(_), 0) => order,
        (PrintShown::Contents(_), _) => &[],
    };
    let numbers: Vec<usize> = (1..=parts).collect();
    let list: Vec<PrintPartLink> = match shown {
        PrintShown::Part(_) => Vec::new(),
        PrintShown::Contents(c) => part_slice(&numbers, c, per_list)
            .iter()
            .map(|&n| {
                let slice = part_slice(order, n, per);
                let title = |i: Option<&PageId>| i.map(|&i| site.page(i).title.clone());
                PrintPartLink {
                    number: n,
                    href: href(&root, &format!("{PRINT_URL}{n}/")),
                    first: title(slice.first()).unwrap_or_default(),
                    last: title(slice.last()).unwrap_or_default(),
                    pages: slice.len(),
                }
            })
            .collect(),
    };
    let pager = match shown {
        PrintShown::Part(n) => Pager::new_print(n, parts, &root),
        PrintShown::Contents(c) => Pager::new(PRINT_URL, c, part_count(parts, per_list), &root),
    };
    PrintCtx {
        url,
        root,
        pages,
        parts: list,
        pager,
    }
}

/// The print view: the whole handbook, a page of the list of its parts, or one part.
fn print_view(site: &Site, theme: &Theme, shown: PrintShown) -> Result<String, crate::Diagnostic> {
    let c = print_ctx(site, shown);
    let mut ctx = tera::Context::new();
    ctx.insert("site", &site.site_ctx(&c.url, None));
    ctx.insert("pages", &print_pages(site, c.pages, &c.root, true));
    ctx.insert("parts", &c.parts);
    ctx.insert("pager", &c.pager);
    theme
        .tera
        .render("print.html", &ctx)
        .map_err(|e| theme.render_problem("print.html", &e, None))
}

/// For signatures: writes as JSON what the print view's target `t` gives its template besides
/// the sidebar, with each page's text left out (the caller hashes the texts of the pages
/// returned). Returns its address and its pages; `None` when `t` is no part of the print view.
pub(crate) fn print_unfilled<'s>(
    site: &'s Site,
    t: Target,
    w: &mut impl std::io::Write,
) -> Option<(String, &'s [PageId])> {
    let shown = match t {
        Target::Print => PrintShown::Contents(1),
        Target::PrintContents(n) => PrintShown::Contents(n),
        Target::PrintPart(n) => PrintShown::Part(n),
        _ => return None,
    };
    let c = print_ctx(site, shown);
    let pages = print_pages(site, c.pages, &c.root, false);
    // Serializing our own context types cannot fail.
    let _ = serde_json::to_writer(w, &(&c.root, &pages, &c.parts, &c.pager));
    Some((c.url, c.pages))
}

/// The pages of the print view shown, their texts left empty unless `with_content`.
fn print_pages(site: &Site, shown: &[PageId], proot: &str, with_content: bool) -> Vec<PrintPage> {
    (shown.iter())
        .map(|&i| {
            let p = site.page(i);
            let head = site.page_head(i);
            PrintPage {
                id: format!("side-{}", crate::text::i18n::slugify(&p.url)),
                title: p.title.clone(),
                kind_label: resolve::kind_label(p.kind, site.handbook.config.sprog),
                depth: p.url.matches('/').count(),
                description: p.meta.description.clone(),
                content: match with_content {
                    true => site.content_html(i, proot),
                    false => String::new(),
                },
                updated: head.updated,
                updated_iso: head.updated_iso,
                facts: head.facts,
                taxonomies: site.term_groups(i, proot),
                quotes: head.quotes,
            }
        })
        .collect()
}

/// The 404 page may be served from any depth; with a known base URL its links are absolute.
pub fn not_found_site_ctx(site: &Site) -> SiteCtx<'_> {
    let mut ctx = site.site_ctx("", None);
    if let Some(base) = site.handbook.config.base_url.as_deref().map(base_path) {
        rebase(&mut ctx, &base);
    }
    ctx
}

/// The path part of `base_url` (`https://x.dk/haandbog/` → `/haandbog/`).
fn base_path(base: &str) -> String {
    let after_scheme = base.split_once("://").map(|(_, r)| r).unwrap_or(base);
    let path = after_scheme
        .find('/')
        .map(|i| &after_scheme[i..])
        .unwrap_or("/");
    let mut path = path.to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    path
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

/// Where the sidebar lists of large sections go: `static/nav/<section>.js` names the section's
/// groups, `static/nav/<section>/<group>.js` lists a group's pages.
pub const NAV_DIR: &str = "static/nav/";

/// The sidebar lists of the top-level sections too large to be listed in every page
/// ([`crate::handbook::render::INLINE_NAV_LIMIT`]), as scripts (they work from file:// too, where
/// nothing can be fetched). A section's pages are split into groups of
/// [`crate::handbook::render::NAV_GROUP`]; a page loads the section's list of groups (first and last
/// title of each) and its own group, and the others only when the reader opens them. So what a
/// page loads does not grow with the handbook: a section of 40,000 pages has 200 groups.
pub fn nav_files(site: &Site) -> Vec<(String, String)> {
    (site.links.subsections(site.front()).iter())
        .flat_map(|&s| nav_files_of(site, s))
        .collect()
}

/// The sidebar lists of top-level section `s` (none when it is listed in every page).
pub fn nav_files_of(site: &Site, s: PageId) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let groups = site.nav_groups(s);
    if groups.is_empty() {
        return files;
    }
    let url = &site.page(s).url;
    let id = json_string(url);
    let base = format!("{NAV_DIR}{}", url.trim_end_matches('/'));
    let mut list = String::new();
    for (g, group) in groups.iter().enumerate() {
        let mut pages = String::new();
        for (k, &c) in group.iter().enumerate() {
            let p = site.page(c);
            if k > 0 {
                pages.push(',');
            }
            pages.push('[');
            pages.push_str(&json_string(&p.title));
            pages.push(',');
            pages.push_str(&json_string(&p.url));
            pages.push(']');
        }
        files.push((
            format!("{base}/{g}.js"),
            format!("BOGBINDER_NAV.pages({id},{g},[{pages}]);\n"),
        ));
        let first = group.first().map(|&c| site.page(c).title.as_str());
        let last = group.last().map(|&c| site.page(c).title.as_str());
        if g > 0 {
            list.push(',');
        }
        list.push_str(&format!(
            "[{},{},{}]",
            json_string(first.unwrap_or_default()),
            json_string(last.unwrap_or_default()),
            group.len()
        ));
    }
    files.push((
        format!("{base}.js"),
        format!("BOGBINDER_NAV.groups({id},[{list}]);\n"),
    ));
    files
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The address the sitemap's entries start with: `base_url` ending in `/`, or `None` without a
/// `base_url`. The sitemap protocol takes only absolute addresses, and a handbook opened from a
/// shared drive or an intranet has no use for one; so without `base_url` no `sitemap.xml` is
/// written (said where `base_url` is explained), rather than one with empty or relative `<loc>`s
/// or a warning at every build of a project that is never put on the web.
pub fn sitemap_base(site: &Site) -> Option<String> {
    let base = site.handbook.config.base_url.as_deref()?.trim();
    match base {
        "" => None,
        b if b.ends_with('/') => Some(b.to_string()),
        b => Some(format!("{b}/")),
    }
}

/// `sitemap.xml` of the handbook pages (never a book: they are not in the site).
fn sitemap(site: &Site) -> String {
    let base = sitemap_base(site).unwrap_or_default();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for &i in site.links.reading_order() {
        let p = site.page(i);
        out.push_str("  <url><loc>");
        out.push_str(&xml_escape(&format!("{base}{}", p.url)));
        out.push_str("</loc>");
        if let Some(d) = p
            .meta
            .updated
            .as_ref()
            .and_then(crate::text::i18n::Date::from_toml)
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
