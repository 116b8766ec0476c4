//! A compendium: handbook pages chosen in `bogbinder.toml` (`[[kompendier]]`), optionally led by a
//! course from `content/kurser/` whose workshops bring their pages and tools, printed as a book.

use super::{Block, Book, BookKind, Chapter, MarkdownText, WorkshopEntry};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::handbook::load::{Handbook, Page, CONTENT_DIR};
use crate::problems::BookProblem;
use crate::project::config::{CompendiumConfig, Config, CONFIG_FILE};
use crate::project::files::Scope;
use crate::text::dialect::join_inside;
use crate::text::i18n::slugify;
use std::path::Path;
use std::sync::Arc;

/// Loads the handbook and gathers the compendium's chapters in order, each page once.
pub fn load(root: &Path, c: &CompendiumConfig) -> Result<Book> {
    let config = Config::load(root)?;
    let (handbook, problems) =
        crate::handbook::load::load(root, config.clone()).map_err(Error::Invalid)?;
    problems.into_result()?;
    // A compendium belongs to no audience edition: it gets only what every edition has.
    let everyone = crate::handbook::editions::Audience::Everyone;
    let handbook = crate::handbook::editions::select(&handbook, everyone, None);
    let (course, order) = pages_in_order(&handbook, c)?;
    let id_of = |i: usize| slugify(handbook.pages[i].key.trim_end_matches(".md"));
    // A compendium is handed out: it reads what the handbook may, never a child's book.
    let scope = Arc::new(Scope::handbook(root));
    let mut chapters: Vec<Chapter> = order
        .iter()
        .map(|&i| chapter(root, &scope, &handbook.pages[i], id_of(i)))
        .collect();
    if let (Some(ci), Some(first)) = (course, chapters.first_mut()) {
        let workshops = workshops(&handbook, ci, &id_of);
        if !workshops.is_empty() {
            first.blocks.push(Block::Workshops(workshops));
        }
    }
    Ok(Book {
        slug: c.name.clone(),
        kind: BookKind::Kompendium,
        title: c.title.clone(),
        subtitle: c.subtitle.clone(),
        owner_line: config.kommune.clone(),
        cover: None,
        consent: None,
        chapters,
        pdfa: false,
        arkiv: false,
        lang: config.sprog,
        reader: super::design::Reader::Voksen,
        fill_in: false,
        files: scope,
    })
}

/// The course page (if any) and every page of the compendium in order, each once: the course,
/// the pages listed, then the pages and tools its workshops use.
fn pages_in_order(
    handbook: &Handbook,
    c: &CompendiumConfig,
) -> Result<(Option<usize>, Vec<usize>)> {
    let mut diags = Diagnostics::default();
    let lookup = |r: &str, diags: &mut Diagnostics| -> Option<usize> {
        let key = r.strip_prefix("@/").and_then(|k| join_inside("", k));
        if let Some(&i) = key.as_ref().and_then(|k| handbook.by_key.get(k)) {
            return Some(i);
        }
        let problem = BookProblem::CompendiumMissingPage {
            compendium: c.name.clone(),
            page: r.to_string(),
        };
        // The line in bogbinder.toml, so the message points at what to fix.
        diags.push(Diagnostic::of(CONFIG_FILE, problem).at_place(c.place_of(r)));
        None
    };
    let course = c.kursus.as_deref().and_then(|k| lookup(k, &mut diags));
    let mut order: Vec<usize> = Vec::new();
    let push = |i: usize, order: &mut Vec<usize>| {
        if !order.contains(&i) {
            order.push(i);
        }
    };
    if let Some(ci) = course {
        push(ci, &mut order);
    }
    for r in &c.pages {
        if let Some(i) = lookup(r, &mut diags) {
            push(i, &mut order);
        }
    }
    if let Some(ci) = course {
        for w in &handbook.pages[ci].meta.workshops {
            for r in w.sider.iter().chain(&w.redskaber) {
                if let Some(i) = lookup(r, &mut diags) {
                    push(i, &mut order);
                }
            }
        }
    }
    diags.into_result()?;
    if order.is_empty() {
        let problem = BookProblem::CompendiumEmpty {
            compendium: c.name.clone(),
        };
        let d = Diagnostic::of(CONFIG_FILE, problem).at_place(c.place_of_name());
        return Err(Error::Invalid(Diagnostics(vec![d])));
    }
    Ok((course, order))
}

fn chapter(root: &Path, scope: &Arc<Scope>, page: &Page, id: String) -> Chapter {
    let content = root.join(CONTENT_DIR);
    let dir = match &page.bundle_dir {
        Some(d) => d.clone(),
        None => {
            let mut d = content.clone();
            let mut parts: Vec<&str> = page.key.split('/').collect();
            parts.pop();
            for p in parts {
                d.push(p);
            }
            d
        }
    };
    let mut blocks = Vec::new();
    if let Some(desc) = page
        .meta
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        blocks.push(Block::Markdown(MarkdownText {
            text: format!("*{}*\n", desc.trim()),
            file: page.file.clone(),
            line: 1,
            dir: dir.clone(),
            scope: Arc::clone(scope),
            root: root.to_path_buf(),
        }));
    }
    blocks.push(Block::Markdown(MarkdownText {
        text: page.body.clone(),
        file: page.file.clone(),
        line: page.body_line,
        dir,
        scope: Arc::clone(scope),
        root: root.to_path_buf(),
    }));
    Chapter {
        id,
        key: Some(page.key.clone()),
        title: page.title.clone(),
        blocks,
    }
}

fn workshops(
    handbook: &Handbook,
    ci: usize,
    id_of: &dyn Fn(usize) -> String,
) -> Vec<WorkshopEntry> {
    handbook.pages[ci]
        .meta
        .workshops
        .iter()
        .map(|w| WorkshopEntry {
            title: w.title.clone(),
            duration: w.varighed.clone(),
            description: w.beskrivelse.clone(),
            uses: w
                .sider
                .iter()
                .chain(&w.redskaber)
                .filter_map(|r| {
                    let key = r.strip_prefix("@/")?;
                    let &i = handbook.by_key.get(key)?;
                    Some((handbook.pages[i].title.clone(), id_of(i)))
                })
                .collect(),
        })
        .collect()
}
