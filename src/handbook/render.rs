//! Turning the resolved [`Site`] into HTML: one template context per output page.
//!
//! Every `href` is made relative here, from the page being rendered, so templates need no URL
//! logic and the output works from a folder opened as files.

use crate::handbook::load::{Page, PageKind};
use crate::handbook::markdown::{Heading, ROOT_MARK};
use crate::handbook::resolve::{kind_label, Site};
use crate::text::i18n::{ui_text, Date, Language, UiText};
use serde::Serialize;

/// Sections with more pages than this are not listed inline in every page's sidebar; the reader
/// gets them from `nav.js` instead, so a page's size does not grow with the handbook.
pub const INLINE_NAV_LIMIT: usize = 150;

/// URL folders that bogbinder itself writes; content may not use them.
pub const RESERVED_URLS: &[&str] = &["static/", "udskrift/", "soeg/"];
pub const PRINT_URL: &str = "udskrift/";

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
    /// The section's URL folder, the key into `nav.js`.
    pub id: String,
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
    pub children: Vec<Link>,
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
    pub fn link(&self, i: usize, root: &str, current: Option<usize>) -> Link {
        let p = &self.handbook.pages[i];
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
    pub fn top_section_of(&self, i: usize) -> Option<usize> {
        let mut cur = i;
        loop {
            let p = &self.handbook.pages[cur];
            let parent = p
                .parent
                .as_ref()
                .and_then(|k| self.handbook.by_key.get(k))
                .copied()?;
            if parent == self.front() {
                return Some(cur);
            }
            cur = parent;
        }
    }

    /// The shared parts of every page's context: site title, sidebar, taxonomy links.
    pub fn site_ctx(&self, url: &str, current: Option<usize>) -> SiteCtx<'_> {
        let open_top = current.and_then(|c| self.top_section_of(c));
        self.site_ctx_open(url, current, open_top)
    }

    /// [`Site::site_ctx`] with the open sidebar section given. Only the depth of `url` matters.
    pub fn site_ctx_open(
        &self,
        url: &str,
        current: Option<usize>,
        open_top: Option<usize>,
    ) -> SiteCtx<'_> {
        let cfg = &self.handbook.config;
        let root = root_for(url);
        let front = self.front();
        let sections = self.subsections[front]
            .iter()
            .map(|&s| {
                let p = &self.handbook.pages[s];
                let open = open_top == Some(s);
                let mut pages = Vec::new();
                if open {
                    let members: Vec<usize> = self.children[s]
                        .iter()
                        .chain(&self.subsections[s])
                        .copied()
                        .collect();
                    if members.len() <= INLINE_NAV_LIMIT {
                        pages = members
                            .iter()
                            .map(|&c| self.link(c, &root, current))
                            .collect();
                    }
                }
                NavSection {
                    title: p.title.clone(),
                    href: href(&root, &p.url),
                    id: p.url.clone(),
                    open,
                    current: current == Some(s),
                    page_count: self.children[s].len() + self.subsections[s].len(),
                    pages,
                }
            })
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
            root,
            sections,
            taxonomies,
        }
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
    pub fn content_html(&self, i: usize, root: &str) -> String {
        self.rendered[i].html.replace(ROOT_MARK, root)
    }

    pub fn page_ctx(&self, i: usize) -> PageCtx {
        self.page_ctx_with(i, true)
    }

    /// The page's context, with its content left empty unless `with_content` (for comparing the
    /// rest of the context cheaply).
    pub fn page_ctx_with(&self, i: usize, with_content: bool) -> PageCtx {
        let p = &self.handbook.pages[i];
        let root = root_for(&p.url);
        let lang = self.handbook.config.sprog;
        let ui = self.ui();
        let links = |list: &[usize]| -> Vec<Link> {
            list.iter().map(|&j| self.link(j, &root, None)).collect()
        };
        // Relation lists are compact: title only; the summaries belong to section listings.
        let short = |j: usize| Link {
            description: None,
            ..self.link(j, &root, None)
        };

        let mut breadcrumbs = Vec::new();
        let mut cur = p
            .parent
            .as_ref()
            .and_then(|k| self.handbook.by_key.get(k))
            .copied();
        while let Some(c) = cur {
            breadcrumbs.push(self.link(c, &root, None));
            cur = self.handbook.pages[c]
                .parent
                .as_ref()
                .and_then(|k| self.handbook.by_key.get(k))
                .copied();
        }
        breadcrumbs.reverse();
        if let Some(first) = breadcrumbs.first_mut() {
            first.title = ui.home.to_string();
        }

        let pos = self.position[i];
        let prev = pos
            .checked_sub(1)
            .map(|q| self.link(self.reading_order[q], &root, None));
        let next = self
            .reading_order
            .get(pos + 1)
            .map(|&q| self.link(q, &root, None));

        let mut taxonomies: Vec<Group> = Vec::new();
        for &(t, term) in &self.page_terms[i] {
            let tax = &self.taxonomies[t];
            let term = &tax.terms[term];
            let link = Link {
                title: term.name.clone(),
                href: href(&root, &format!("{}/{}/", tax.name, term.slug)),
                description: None,
                count: Some(term.pages.len()),
                current: false,
            };
            match taxonomies.iter_mut().find(|g| g.label == tax.label) {
                Some(g) => g.links.push(link),
                None => taxonomies.push(Group {
                    label: tax.label.clone(),
                    links: vec![link],
                }),
            }
        }

        let r = &self.refs[i];
        let mut relations = Vec::new();
        for (label, list) in [
            (ui.methods, &r.metoder),
            (ui.tools, &r.redskaber),
            (ui.examples, &r.eksempler),
            (ui.related, &r.relaterede),
        ] {
            if !list.is_empty() {
                relations.push(Group {
                    label: label.to_string(),
                    links: list.iter().map(|&j| short(j)).collect(),
                });
            }
        }

        let mut backlinks: Vec<Group> = Vec::new();
        // A page already listed as a forward reference is not listed again as a backlink.
        let forward: Vec<usize> = r.all().collect();
        for &b in self.backlinks[i].iter().filter(|b| !forward.contains(b)) {
            let label = backlink_label(lang, p.kind, self.handbook.pages[b].kind);
            let link = short(b);
            match backlinks.iter_mut().find(|g| g.label == label) {
                Some(g) => g.links.push(link),
                None => backlinks.push(Group {
                    label: label.to_string(),
                    links: vec![link],
                }),
            }
        }

        let updated = p.meta.updated.as_ref().and_then(Date::from_toml);
        let m = &p.meta;
        let mut facts = Vec::new();
        let mut fact = |label: &'static str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
                facts.push(Fact { label, value: v });
            }
        };
        fact(ui.tool_type, m.tool_type.clone());
        fact(ui.purpose, m.formaal.clone());
        fact(ui.age, m.alder.clone());
        fact(ui.year, m.aar.map(|y| y.to_string()));
        fact(ui.duration, m.varighed.clone());
        fact(ui.outcome, m.udbytte.clone());
        fact(ui.source, m.kilde.clone());

        let workshops = m
            .workshops
            .iter()
            .zip(&r.workshops)
            .enumerate()
            .map(|(n, (w, (pages, tools)))| WorkshopCtx {
                number: n + 1,
                title: w.title.clone(),
                varighed: w.varighed.clone(),
                beskrivelse: w.beskrivelse.clone(),
                pages: pages.iter().map(|&j| short(j)).collect(),
                tools: tools.iter().map(|&j| short(j)).collect(),
            })
            .collect();

        PageCtx {
            title: p.title.clone(),
            description: m.description.clone(),
            kind: p.kind,
            kind_label: kind_label(p.kind, lang),
            content: if with_content {
                self.content_html(i, &root)
            } else {
                String::new()
            },
            toc: self.rendered[i]
                .headings
                .iter()
                .filter(|h| h.level == 2)
                .cloned()
                .collect(),
            updated: updated.map(|d| d.human(lang)),
            updated_iso: updated.map(|d| d.iso()),
            breadcrumbs,
            prev,
            next,
            taxonomies,
            relations,
            backlinks,
            children: links(&self.children[i]),
            subsections: links(&self.subsections[i]),
            facts,
            quotes: m
                .citater
                .iter()
                .map(|q| QuoteCtx {
                    tekst: q.tekst.clone(),
                    kilde: q.kilde.clone(),
                })
                .collect(),
            workshops,
            printable: m.printable.unwrap_or(p.kind == PageKind::Redskab),
            extra: m.extra.clone(),
        }
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
