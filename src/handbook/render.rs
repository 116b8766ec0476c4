//! Turning the resolved [`Site`] into HTML: one template context per output page.
//!
//! Every `href` is made relative here, from the page being rendered, so templates need no URL
//! logic and the output works from a folder opened as files.

use crate::handbook::frontmatter::FrontMatter;
use crate::handbook::load::{Page, PageKind};
use crate::handbook::markdown::{Heading, ROOT_MARK};
use crate::handbook::resolve::{kind_label, PageId, Site};
use crate::text::i18n::{ui_text, Date, Language, UiText};
use serde::Serialize;

/// Sections with more pages than this are not listed inline in every page's sidebar; the reader
/// gets them from `static/nav/` instead (see [`crate::handbook::targets::nav_files`]), so a page's
/// size does not grow with the handbook.
pub const INLINE_NAV_LIMIT: usize = 150;
/// A large section's sidebar list comes in groups of this many pages, each loaded when opened.
pub const NAV_GROUP: usize = 200;

/// The sidebar group of a large section that holds its member number `k` (from 0).
pub(crate) fn nav_group(k: usize) -> i64 {
    (k / NAV_GROUP) as i64
}

/// URL folders that bogbinder itself writes; content may not use them.
pub const RESERVED_URLS: &[&str] = &["static/", "udskrift/", "soeg/"];
pub const PRINT_URL: &str = "udskrift/";
/// Where a long list's follow-on pages go: page `n` of a section or term at `<url>side/<n>/`
/// (the first page is the section's or term's own address).
pub const PART_DIR: &str = "side/";

/// The address of page `n` (from 1) of the list at `url`.
pub fn part_url(url: &str, n: usize) -> String {
    match n {
        0 | 1 => url.to_string(),
        n => format!("{url}{PART_DIR}{n}/"),
    }
}

/// How many pages a list of `items` takes, `per` to a page (at least one page).
pub fn part_count(items: usize, per: usize) -> usize {
    items.div_ceil(per.max(1)).max(1)
}

/// The items of page `n` (from 1) of a list, `per` to a page.
pub fn part_slice<T>(items: &[T], n: usize, per: usize) -> &[T] {
    let per = per.max(1);
    let start = (n.max(1) - 1).saturating_mul(per).min(items.len());
    &items[start..(start + per).min(items.len())]
}

/// The numbered links under a list split over pages: first, last and two either side of the
/// current one, with gaps (`number: None`) between; what a reader sees as "Side 2 af 40".
#[derive(Debug, Serialize)]
pub struct Pager {
    pub number: usize,
    pub count: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub links: Vec<PagerLink>,
}

#[derive(Debug, Serialize)]
pub struct PagerLink {
    /// `None` for a gap ("…").
    pub number: Option<usize>,
    pub href: String,
    pub current: bool,
}

impl Pager {
    /// The pager of page `number` of `count` of the list at `url`, its links relative to `root`
    /// (the way up from the page shown). `None` when the list fits on one page.
    pub fn new(url: &str, number: usize, count: usize, root: &str) -> Option<Pager> {
        Pager::with(number, count, |n| href(root, &part_url(url, n)))
    }

    /// The pager of part `number` of the print view (`udskrift/<n>/`), seen from `root`.
    pub fn new_print(number: usize, count: usize, root: &str) -> Option<Pager> {
        Pager::with(number, count, |n| href(root, &format!("{PRINT_URL}{n}/")))
    }

    /// A pager whose page `n` is at `to(n)`.
    fn with(number: usize, count: usize, to: impl Fn(usize) -> String) -> Option<Pager> {
        if count < 2 {
            return None;
        }
        let mut links = Vec::new();
        let mut last = 0;
        for k in 1..=count {
            if k != 1 && k != count && k.abs_diff(number) > 2 {
                continue;
            }
            if k > last + 1 {
                links.push(PagerLink {
                    number: None,
                    href: String::new(),
                    current: false,
                });
            }
            links.push(PagerLink {
                number: Some(k),
                href: to(k),
                current: k == number,
            });
            last = k;
        }
        Some(Pager {
            number,
            count,
            prev: (number > 1).then(|| to(number - 1)),
            next: (number < count).then(|| to(number + 1)),
            links,
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub href: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct NavSection {
    pub title: String,
    pub href: String,
    /// The section's URL folder, which names its files in `static/nav/`.
    pub id: String,
    /// How many groups the section's list comes in from `static/nav/` (0: listed inline).
    pub groups: usize,
    /// The group holding the page shown (opened at once), or -1.
    pub open_group: i64,
    pub open: bool,
    pub current: bool,
    /// Pages listed inline (only for the open section, and only when small enough).
    pub pages: Vec<Link>,
    pub page_count: usize,
}

#[derive(Debug, Serialize)]
pub struct SiteCtx<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub kommune: Option<&'a str>,
    pub lang: &'static str,
    pub ui: &'a UiText,
    /// The way up from this page to the site root (`../../`), or "" at the root.
    pub root: String,
    pub home_href: String,
    pub print_href: String,
    pub search_href: String,
    /// The handbook as one PDF, when the build makes it (`build --pdf`, `pdf = true`).
    pub pdf_href: Option<String>,
    pub sections: Vec<NavSection>,
    pub taxonomies: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct Group {
    pub label: String,
    pub links: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct Fact {
    pub label: &'static str,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct WorkshopCtx {
    pub number: usize,
    pub title: String,
    pub varighed: Option<String>,
    pub beskrivelse: Option<String>,
    pub pages: Vec<Link>,
    pub tools: Vec<Link>,
    /// The day in words (`3. februar 2026`) and as `2026-02-03` for `<time>`.
    pub dato: Option<String>,
    pub dato_iso: Option<String>,
    /// `9.00–11.30`.
    pub tid: Option<String>,
    pub sted: Option<String>,
    pub undervisere: Vec<String>,
}

/// See [`Site::page_head`].
pub(crate) struct PageHead {
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
    pub facts: Vec<Fact>,
    pub quotes: Vec<QuoteCtx>,
}

#[derive(Debug, Serialize)]
pub struct QuoteCtx {
    pub tekst: String,
    pub kilde: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PageCtx {
    pub title: String,
    pub description: Option<String>,
    pub kind: PageKind,
    pub kind_label: &'static str,
    pub content: String,
    pub toc: Vec<Heading>,
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
    pub breadcrumbs: Vec<Link>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    pub taxonomies: Vec<Group>,
    pub relations: Vec<Group>,
    pub backlinks: Vec<Group>,
    /// A section's pages: those of the page shown when the list is split (see `pager`).
    pub children: Vec<Link>,
    /// How many pages the section has in all.
    pub children_total: usize,
    /// The numbered pages of a section's list, when it has more than `sider_pr_liste` pages.
    pub pager: Option<Pager>,
    pub subsections: Vec<Link>,
    pub facts: Vec<Fact>,
    pub quotes: Vec<QuoteCtx>,
    pub workshops: Vec<WorkshopCtx>,
    pub printable: bool,
    pub extra: toml::Table,
}

pub fn root_for(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

pub fn href(root: &str, url: &str) -> String {
    format!("{root}{url}index.html")
}

impl Site {
    pub fn link(&self, i: PageId, root: &str, current: Option<PageId>) -> Link {
        let p = self.page(i);
        Link {
            title: p.title.clone(),
            href: href(root, &p.url),
            description: p.meta.description.clone(),
            count: None,
            current: current == Some(i),
        }
    }

    /// The top-level section a page is in (its own, for a top-level section), whose pages the
    /// sidebar lists.
    pub fn top_section_of(&self, i: PageId) -> Option<PageId> {
        let front = self.front();
        let mut cur = i;
        loop {
            let parent = self.handbook.parent_of(cur)?;
            if parent == front {
                return Some(cur);
            }
            cur = parent;
        }
    }

    /// The shared parts of every page's context: site title, sidebar, taxonomy links.
    pub fn site_ctx(&self, url: &str, current: Option<PageId>) -> SiteCtx<'_> {
        let open_top = current.and_then(|c| self.top_section_of(c));
        self.site_ctx_open(url, current, open_top)
    }

    /// [`Site::site_ctx`] with the open sidebar section given. Only the depth of `url` matters.
    pub fn site_ctx_open(
        &self,
        url: &str,
        current: Option<PageId>,
        open_top: Option<PageId>,
    ) -> SiteCtx<'_> {
        let cfg = &self.handbook.config;
        let root = root_for(url);
        let sections = (self.links.subsections(self.front()).iter())
            .map(|&s| self.nav_section(s, &root, current, open_top == Some(s)))
            .collect();
        let taxonomies = self
            .taxonomies
            .iter()
            .filter(|t| !t.terms.is_empty())
            .map(|t| Link {
                title: t.label.clone(),
                href: href(&root, &format!("{}/", t.name)),
                description: None,
                count: Some(t.terms.len()),
                current: false,
            })
            .collect();
        SiteCtx {
            title: &cfg.title,
            description: cfg.description.as_deref(),
            kommune: cfg.kommune.as_deref(),
            lang: cfg.sprog.code(),
            ui: self.ui(),
            home_href: href(&root, ""),
            print_href: href(&root, PRINT_URL),
            search_href: href(&root, "soeg/"),
            pdf_href: cfg.pdf.then(|| format!("{root}{}", cfg.pdf_file_name())),
            root,
            sections,
            taxonomies,
        }
    }

    /// A top-level section in the sidebar; the open one lists its pages when there are few.
    fn nav_section(
        &self,
        s: PageId,
        root: &str,
        current: Option<PageId>,
        open: bool,
    ) -> NavSection {
        let p = self.page(s);
        let page_count = self.links.children(s).len() + self.links.subsections(s).len();
        let inline = page_count <= INLINE_NAV_LIMIT;
        let pages = match open && inline {
            true => (self.links.members(s))
                .map(|c| self.link(c, root, current))
                .collect(),
            false => Vec::new(),
        };
        let open_group = match (open && !inline, current) {
            (true, Some(c)) => self.open_group(s, c),
            _ => -1,
        };
        NavSection {
            title: p.title.clone(),
            href: href(root, &p.url),
            id: p.url.clone(),
            groups: if inline {
                0
            } else {
                page_count.div_ceil(NAV_GROUP)
            },
            open_group,
            open,
            current: current == Some(s),
            page_count,
            pages,
        }
    }

    /// A large top-level section's members in sidebar groups of [`NAV_GROUP`]; none for a section
    /// listed inline.
    pub fn nav_groups(&self, s: PageId) -> Vec<Vec<PageId>> {
        let members: Vec<PageId> = self.links.members(s).collect();
        if members.len() <= INLINE_NAV_LIMIT {
            return Vec::new();
        }
        members.chunks(NAV_GROUP).map(<[PageId]>::to_vec).collect()
    }

    /// The sidebar group of section `s` that holds page `c` (or the subsection holding it), or
    /// -1: the group a large section opens at when `c` is shown.
    pub(crate) fn open_group(&self, s: PageId, c: PageId) -> i64 {
        self.member_index(s, c).map_or(-1, nav_group)
    }

    /// Where page `c` (or the subsection holding it) stands among section `s`'s members. Pages
    /// follow their section in the reading order, so a page's place is found without a search.
    fn member_index(&self, s: PageId, c: PageId) -> Option<usize> {
        let children = self.links.children(s);
        let k = (self.links.position(c)).checked_sub(self.links.position(s) + 1)?;
        if children.get(k) == Some(&c) {
            return Some(k);
        }
        let url = &self.page(c).url;
        (self.links.subsections(s).iter())
            .position(|&sub| url.starts_with(self.page(sub).url.as_str()))
            .map(|j| children.len() + j)
    }

    pub fn ui(&self) -> &'static UiText {
        static DA: std::sync::OnceLock<UiText> = std::sync::OnceLock::new();
        static EN: std::sync::OnceLock<UiText> = std::sync::OnceLock::new();
        match self.handbook.config.sprog {
            Language::Da => DA.get_or_init(|| ui_text(Language::Da)),
            Language::En => EN.get_or_init(|| ui_text(Language::En)),
        }
    }

    /// The page's HTML body with its links made relative to where the page is written.
    pub fn content_html(&self, i: PageId, root: &str) -> String {
        self.rendered(i).html.replace(ROOT_MARK, root)
    }

    pub fn page_ctx(&self, i: PageId) -> PageCtx {
        self.page_ctx_with(i, true)
    }

    /// The page's context, with its content left empty unless `with_content` (for comparing the
    /// rest of the context cheaply).
    pub fn page_ctx_with(&self, i: PageId, with_content: bool) -> PageCtx {
        self.page_ctx_part(i, with_content, 1)
    }

    /// How many pages a section's list takes (1 for every other page).
    pub fn list_parts(&self, i: PageId) -> usize {
        match self.page(i).kind {
            PageKind::Sektion => part_count(
                self.links.children(i).len(),
                self.handbook.config.sider_pr_liste,
            ),
            _ => 1,
        }
    }

    /// [`Site::page_ctx_with`] for page `part` (from 1) of a section's list: the section's text,
    /// table of contents and subsections only on the first, the pages of this part, and the
    /// pager; its links lead from `side/<part>/`.
    pub fn page_ctx_part(&self, i: PageId, with_content: bool, part: usize) -> PageCtx {
        let p = self.page(i);
        let url = part_url(&p.url, part);
        let root = root_for(&url);
        let first = part <= 1;
        let all_children = self.links.children(i);
        let children = match p.kind {
            PageKind::Sektion => {
                part_slice(all_children, part, self.handbook.config.sider_pr_liste)
            }
            _ => all_children,
        };
        let lang = self.handbook.config.sprog;
        let links = |list: &[PageId]| -> Vec<Link> {
            list.iter().map(|&j| self.link(j, &root, None)).collect()
        };
        let (prev, next) = self.links.neighbours(i);
        let m = &p.meta;
        let head = self.page_head(i);
        PageCtx {
            title: p.title.clone(),
            description: m.description.clone(),
            kind: p.kind,
            kind_label: kind_label(p.kind, lang),
            content: match with_content && first {
                true => self.content_html(i, &root),
                false => String::new(),
            },
            toc: (self.rendered(i).headings.iter())
                .filter(|h| h.level == 2 && first)
                .cloned()
                .collect(),
            updated: head.updated,
            updated_iso: head.updated_iso,
            breadcrumbs: self.breadcrumbs(i, &root),
            prev: prev.map(|q| self.link(q, &root, None)),
            next: next.map(|q| self.link(q, &root, None)),
            taxonomies: self.term_groups(i, &root),
            relations: self.relation_groups(i, &root),
            backlinks: self.backlink_groups(i, &root),
            children: links(children),
            children_total: all_children.len(),
            pager: Pager::new(&p.url, part.max(1), self.list_parts(i), &root),
            subsections: match first {
                true => links(self.links.subsections(i)),
                false => Vec::new(),
            },
            facts: head.facts,
            quotes: head.quotes,
            workshops: self.workshops(i, &root),
            printable: m.printable.unwrap_or(p.kind == PageKind::Redskab),
            extra: m.extra.clone(),
        }
    }

    /// What a page shows around its text from its front matter alone (its web page and the
    /// print view alike): the date, the facts and the quotes.
    pub(crate) fn page_head(&self, i: PageId) -> PageHead {
        let m = &self.page(i).meta;
        let lang = self.handbook.config.sprog;
        let updated = m.updated.as_ref().and_then(Date::from_toml);
        PageHead {
            updated: updated.map(|d| d.human(lang)),
            updated_iso: updated.map(|d| d.iso()),
            facts: facts(m, self.ui()),
            quotes: (m.citater.iter())
                .map(|q| QuoteCtx {
                    tekst: q.tekst.clone(),
                    kilde: q.kilde.clone(),
                })
                .collect(),
        }
    }

    /// A link in a relation list: title only; the summaries belong to section listings.
    fn short_link(&self, j: PageId, root: &str) -> Link {
        Link {
            description: None,
            ..self.link(j, root, None)
        }
    }

    /// The sections above a page, the front page (named "home") first.
    fn breadcrumbs(&self, i: PageId, root: &str) -> Vec<Link> {
        let mut breadcrumbs: Vec<Link> =
            std::iter::successors(self.handbook.parent_of(i), |&c| self.handbook.parent_of(c))
                .map(|c| self.link(c, root, None))
                .collect();
        breadcrumbs.reverse();
        if let Some(first) = breadcrumbs.first_mut() {
            first.title = self.ui().home.to_string();
        }
        breadcrumbs
    }

    /// The page's terms, grouped by taxonomy, each with how many pages it has.
    pub(crate) fn term_groups(&self, i: PageId, root: &str) -> Vec<Group> {
        let mut groups: Vec<Group> = Vec::new();
        for &(t, k) in self.links.terms(i) {
            let tax = self.taxonomy(t);
            let term = tax.term(k);
            let link = Link {
                title: term.name.clone(),
                href: href(root, &format!("{}/{}/", tax.name, term.slug)),
                description: None,
                count: Some(term.pages.len()),
                current: false,
            };
            push_grouped(&mut groups, &tax.label, link);
        }
        groups
    }

    /// The page's references from its front matter, one group per kind of reference.
    fn relation_groups(&self, i: PageId, root: &str) -> Vec<Group> {
        let (ui, r) = (self.ui(), self.refs(i));
        [
            (ui.methods, &r.metoder),
            (ui.tools, &r.redskaber),
            (ui.examples, &r.eksempler),
            (ui.related, &r.relaterede),
        ]
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(label, list)| Group {
            label: label.to_string(),
            links: list.iter().map(|&j| self.short_link(j, root)).collect(),
        })
        .collect()
    }

    /// The pages pointing at this one, grouped by what kind of page points here.
    fn backlink_groups(&self, i: PageId, root: &str) -> Vec<Group> {
        let lang = self.handbook.config.sprog;
        let kind = self.page(i).kind;
        // A page already listed as a forward reference is not listed again as a backlink.
        let forward: Vec<PageId> = self.refs(i).all().collect();
        let mut groups: Vec<Group> = Vec::new();
        for &b in self
            .links
            .backlinks(i)
            .iter()
            .filter(|b| !forward.contains(b))
        {
            let label = backlink_label(lang, kind, self.page(b).kind);
            push_grouped(&mut groups, label, self.short_link(b, root));
        }
        groups
    }

    /// A course's workshops with the pages and tools each uses.
    fn workshops(&self, i: PageId, root: &str) -> Vec<WorkshopCtx> {
        let lang = self.handbook.config.sprog;
        let date = |w: &crate::handbook::frontmatter::Workshop| {
            w.dato.as_ref().and_then(crate::text::i18n::Date::from_toml)
        };
        let short = |list: &[PageId]| -> Vec<Link> {
            list.iter().map(|&j| self.short_link(j, root)).collect()
        };
        (self.page(i).meta.workshops.iter())
            .zip(&self.refs(i).workshops)
            .enumerate()
            .map(|(n, (w, (pages, tools)))| WorkshopCtx {
                number: n + 1,
                title: w.title.clone(),
                varighed: w.varighed.clone(),
                beskrivelse: w.beskrivelse.clone(),
                pages: short(pages),
                tools: short(tools),
                dato: date(w).map(|d| d.human(lang)),
                dato_iso: date(w).map(|d| d.iso()),
                tid: w
                    .times()
                    .and_then(|t| t.ok())
                    .map(|(a, b)| format!("{a}–{b}")),
                sted: w.sted.clone(),
                undervisere: w.undervisere.clone(),
            })
            .collect()
    }

    /// The template a page is rendered with.
    pub fn template_for(&self, p: &Page) -> String {
        if let Some(t) = &p.meta.template {
            return t.clone();
        }
        match p.kind {
            PageKind::Forside => "index.html",
            PageKind::Sektion => "section.html",
            _ => "page.html",
        }
        .to_string()
    }
}

/// Adds `link` to the group labelled `label`, making the group when it is the first.
fn push_grouped(groups: &mut Vec<Group>, label: &str, link: Link) {
    match groups.iter_mut().find(|g| g.label == label) {
        Some(g) => g.links.push(link),
        None => groups.push(Group {
            label: label.to_string(),
            links: vec![link],
        }),
    }
}

/// The facts a page's front matter gives (tool type, purpose, age, ...), those filled in.
fn facts(m: &FrontMatter, ui: &UiText) -> Vec<Fact> {
    fact_values(m, ui)
        .into_iter()
        .map(|(label, value)| Fact {
            label,
            value: value.into_owned(),
        })
        .collect()
}

/// The filled-in facts as label and value, in the page's order. The search index reads the
/// values too (`search::shown_fields`), so what a page shows can be found.
pub(crate) fn fact_values<'m>(
    m: &'m FrontMatter,
    ui: &UiText,
) -> Vec<(&'static str, std::borrow::Cow<'m, str>)> {
    let text = |v: &'m Option<String>| v.as_deref().map(std::borrow::Cow::Borrowed);
    [
        (ui.tool_type, text(&m.tool_type)),
        (ui.purpose, text(&m.formaal)),
        (ui.age, text(&m.alder)),
        (ui.year, m.aar.map(|y| y.to_string().into())),
        (ui.duration, text(&m.varighed)),
        (ui.outcome, text(&m.udbytte)),
        (ui.source, text(&m.kilde)),
    ]
    .into_iter()
    .filter_map(|(label, v)| {
        let value = v.filter(|v| !v.trim().is_empty())?;
        Some((label, value))
    })
    .collect()
}

fn backlink_label(lang: Language, target: PageKind, source: PageKind) -> &'static str {
    let (da, en) = match (target, source) {
        (PageKind::Metode, PageKind::Eksempel) => (
            "Praksiseksempler, der bruger metoden",
            "Practice examples using this method",
        ),
        (PageKind::Redskab, PageKind::Metode) => {
            ("Metoder, der bruger redskabet", "Methods using this tool")
        }
        (PageKind::Redskab, PageKind::Eksempel) => (
            "Praksiseksempler, der bruger redskabet",
            "Practice examples using this tool",
        ),
        (_, PageKind::Kursus) => ("Bruges på kurserne", "Used in the courses"),
        (_, PageKind::Metode) => ("Metoder, der henviser hertil", "Methods referring here"),
        (_, PageKind::Eksempel) => (
            "Praksiseksempler, der henviser hertil",
            "Practice examples referring here",
        ),
        (_, PageKind::Redskab) => ("Redskaber, der henviser hertil", "Tools referring here"),
        _ => ("Sider, der henviser hertil", "Pages referring here"),
    };
    match lang {
        Language::Da => da,
        Language::En => en,
    }
}
