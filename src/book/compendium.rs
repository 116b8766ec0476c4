//! A compendium: handbook pages chosen in `bogbinder.toml` (`[[kompendier]]`), optionally led by a
//! course from `content/kurser/` whose workshops bring their pages and tools, printed as a book:
//! grouped by workshop, each page once, for the participants or (`--underviser`) the trainer.

use super::{Block, Book, BookKind, Chapter, Course, MarkdownText, Part, WorkshopEntry};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::handbook::frontmatter::Workshop;
use crate::handbook::load::{Handbook, Page, CONTENT_DIR};
use crate::problems::BookProblem;
use crate::project::config::{CompendiumConfig, Config, CONFIG_FILE};
use crate::project::files::Scope;
use crate::text::dialect::join_inside;
use crate::text::i18n::{slugify, Date, Language};
use std::path::Path;
use std::sync::Arc;

/// Loads the handbook and gathers the compendium's chapters in order, each page once; with a
/// course, grouped by its workshops. `trainer` makes the trainer edition (`--underviser`).
pub fn load(root: &Path, c: &CompendiumConfig, trainer: bool) -> Result<Book> {
    let config = Config::load(root)?;
    let (handbook, problems) =
        crate::handbook::load::load(root, config.clone()).map_err(Error::Invalid)?;
    problems.into_result()?;
    let plan = pages_in_order(&handbook, c)?;
    let id_of = |i: usize| slugify(handbook.pages[i].key.trim_end_matches(".md"));
    // A compendium is handed out: it reads what the handbook may, never a child's book.
    let scope = Arc::new(Scope::handbook(root));
    let mut chapters: Vec<Chapter> = plan
        .order
        .iter()
        .map(|&i| chapter(root, &scope, &handbook.pages[i], id_of(i)))
        .collect();
    let lang = config.sprog;
    if let (Some(ci), Some(first)) = (plan.course, chapters.first_mut()) {
        let workshops = workshops(&handbook, ci, &id_of, lang);
        if !workshops.is_empty() {
            first.blocks.push(Block::Workshops(workshops));
        }
    }
    let course = plan.course.map(|ci| Course {
        trainer,
        parts: parts(&handbook.pages[ci], &plan, lang),
        participants: (c.deltagere.iter())
            .map(|d| (d.navn.clone(), d.kommune.clone().unwrap_or_default()))
            .collect(),
    });
    let (slug, subtitle) = if trainer {
        (
            format!("{}-underviser", c.name),
            Some(trainer_subtitle(lang)),
        )
    } else {
        (c.name.clone(), c.subtitle.clone())
    };
    Ok(Book {
        slug,
        kind: BookKind::Kompendium,
        title: c.title.clone(),
        subtitle,
        owner_line: config.kommune.clone(),
        cover: None,
        consent: None,
        chapters,
        pdfa: false,
        arkiv: false,
        lang,
        reader: super::design::Reader::Voksen,
        design: super::design::Reader::Voksen.design(),
        fill_in: false,
        files: scope,
        course,
    })
}

fn trainer_subtitle(lang: Language) -> String {
    match lang {
        Language::Da => "Underviserens udgave, med noter til underviseren".to_string(),
        Language::En => "The trainer's edition, with notes for the trainer".to_string(),
    }
}

/// The pages of a compendium as pages of the handbook (indices), in print order.
struct Plan {
    /// The course page, printed first.
    course: Option<usize>,
    /// Every page printed, each once: the course, the listed pages no workshop uses, then each
    /// workshop's pages and tools not printed before.
    order: Vec<usize>,
    /// Per workshop: the position in `order` of its first page, and every page it uses.
    workshops: Vec<(usize, Vec<usize>)>,
}

/// Finds every page the compendium names (all problems at once) and puts them in print order.
fn pages_in_order(handbook: &Handbook, c: &CompendiumConfig) -> Result<Plan> {
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
    let listed: Vec<usize> = c
        .pages
        .iter()
        .filter_map(|r| lookup(r, &mut diags))
        .collect();
    // A workshop's references were checked when the handbook was read; one missing is skipped.
    let uses: Vec<Vec<usize>> = course
        .map(|ci| &handbook.pages[ci].meta.workshops)
        .into_iter()
        .flatten()
        .map(|w| {
            let keys = w.sider.iter().chain(&w.redskaber);
            let found =
                keys.filter_map(|r| r.strip_prefix("@/").and_then(|k| handbook.by_key.get(k)));
            found.copied().fold(Vec::new(), |mut v, i| {
                if !v.contains(&i) {
                    v.push(i);
                }
                v
            })
        })
        .collect();
    diags.into_result()?;
    let mut order: Vec<usize> = Vec::new();
    let push = |i: usize, order: &mut Vec<usize>| {
        if !order.contains(&i) {
            order.push(i);
        }
    };
    order.extend(course);
    // A listed page a workshop uses is printed with that workshop.
    for &i in &listed {
        if !uses.iter().flatten().any(|&u| u == i) {
            push(i, &mut order);
        }
    }
    let mut workshops = Vec::new();
    for used in uses {
        let first = order.len();
        for &i in &used {
            push(i, &mut order);
        }
        workshops.push((first, used));
    }
    if order.is_empty() {
        let problem = BookProblem::CompendiumEmpty {
            compendium: c.name.clone(),
        };
        let d = Diagnostic::of(CONFIG_FILE, problem).at_place(c.place_of_name());
        return Err(Error::Invalid(Diagnostics(vec![d])));
    }
    Ok(Plan {
        course,
        order,
        workshops,
    })
}

/// The course's workshops as parts of the book: title, when, where and by whom, and the chapters.
fn parts(course: &Page, plan: &Plan, lang: Language) -> Vec<Part> {
    let chapter_of = |i: &usize| plan.order.iter().position(|o| o == i);
    course
        .meta
        .workshops
        .iter()
        .zip(&plan.workshops)
        .map(|(w, (first, used))| Part {
            title: w.title.clone(),
            facts: workshop_facts(w, lang),
            description: w.beskrivelse.clone(),
            first: *first,
            uses: used.iter().filter_map(chapter_of).collect(),
        })
        .collect()
}

/// When, where and by whom a workshop is held, as lines to print (`3. februar 2026, kl. 9.00–11.30`).
pub fn workshop_facts(w: &Workshop, lang: Language) -> Vec<String> {
    let (at, place, by) = match lang {
        Language::Da => ("kl.", "Sted", "Undervisere"),
        Language::En => ("at", "Place", "Trainers"),
    };
    let date = w
        .dato
        .as_ref()
        .and_then(Date::from_toml)
        .map(|d| d.human(lang));
    let time = w
        .times()
        .and_then(|t| t.ok())
        .map(|(a, b)| format!("{at} {a}–{b}"));
    let when: Vec<String> = date.into_iter().chain(time).collect();
    let mut facts = Vec::new();
    if !when.is_empty() {
        facts.push(when.join(", "));
    }
    if let Some(s) = w.sted.as_deref().filter(|s| !s.trim().is_empty()) {
        facts.push(format!("{place}: {s}"));
    }
    if !w.undervisere.is_empty() {
        facts.push(format!("{by}: {}", w.undervisere.join(", ")));
    }
    facts
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
    lang: Language,
) -> Vec<WorkshopEntry> {
    handbook.pages[ci]
        .meta
        .workshops
        .iter()
        .map(|w| WorkshopEntry {
            title: w.title.clone(),
            duration: w.varighed.clone(),
            facts: workshop_facts(w, lang),
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

/// A handout per workshop of a course's participant compendium: the workshop's page and every
/// page it uses, as a book of its own (`<navn>-workshop-1`). None for the trainer edition.
pub fn handouts(book: &Book) -> Vec<Book> {
    let Some(course) = book.course.as_ref().filter(|c| !c.trainer) else {
        return Vec::new();
    };
    course
        .parts
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let chapters: Vec<Chapter> = (p.uses.iter().filter_map(|&i| book.chapters.get(i)))
                .cloned()
                .collect();
            let part = Part {
                first: 0,
                uses: (0..chapters.len()).collect(),
                ..p.clone()
            };
            Book {
                slug: format!("{}-workshop-{}", book.slug, n + 1),
                title: p.title.clone(),
                subtitle: Some(book.title.clone()),
                chapters,
                course: Some(Course {
                    trainer: false,
                    parts: vec![part],
                    participants: Vec::new(),
                }),
                ..book.clone()
            }
        })
        .collect()
}

/// The sheets printed with a course's participant compendium, as (file name, typst call): the
/// attendance list and the evaluation form. None for the trainer edition or without a course.
pub fn sheets(book: &Book) -> Vec<(String, String)> {
    use super::pdf::sheets;
    let Some(course) = book.course.as_ref().filter(|c| !c.trainer) else {
        return Vec::new();
    };
    let numbers: Vec<String> = (1..=course.parts.len()).map(|n| n.to_string()).collect();
    // A signature column per workshop, headed by its number and first fact (its date and time).
    let columns: Vec<String> = (course.parts.iter().enumerate())
        .map(|(n, p)| match p.facts.first() {
            // The first fact is the date when it starts with one (see `workshop_facts`).
            Some(f) if f.starts_with(|c: char| c.is_ascii_digit()) => format!("{}: {f}", n + 1),
            _ => format!("Workshop {}", n + 1),
        })
        .collect();
    vec![
        (
            format!("{}-deltagerliste.pdf", book.slug),
            sheets::attendance(
                &book.title,
                book.owner_line.as_deref(),
                &columns,
                &course.participants,
                book.lang,
            ),
        ),
        (
            format!("{}-evaluering.pdf", book.slug),
            sheets::evaluation(&book.title, &numbers, book.lang),
        ),
    ]
}
