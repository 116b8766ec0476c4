//! The whole handbook as one PDF (`bogbinder build --pdf`, or `pdf = true` in `bogbinder.toml`):
//! every page of the handbook once, in reading order, grouped by its top-level section, each with
//! the facts, quotes, date and taxonomies its web page shows. Made with the books' pipeline (the
//! typed document of [`super::doc`], the typst writer of [`super::pdf::markup`]) as a compendium of
//! every page, and always PDF/A-2a and PDF/UA-1 at once: tagged, with language and alt texts.
//!
//! Only handbook pages are read (the handbook never loads `content/boeger/`, and images are read
//! through [`Scope::handbook`]); trainer notes (`> [!UNDERVISER]`) are left out.

use super::model::{Block, Book, BookKind, Chapter, Course, MarkdownText, Part};
use crate::error::Result;
use crate::handbook::load::{Page, CONTENT_DIR};
use crate::handbook::resolve::Site;
use crate::project::config::Config;
use crate::project::files::Scope;
use crate::text::i18n::{slugify, Date, Language};
use std::path::Path;
use std::sync::Arc;

/// The PDF's file name in the handbook's output folder (see [`Config::pdf_file_name`]).
pub fn file_name(config: &Config) -> String {
    config.pdf_file_name()
}

/// Renders the handbook's PDFs, each with its file name: one, or for a handbook of more than
/// `pdf_max_sider` pages, volumes of at most that many pages, one after another, so the memory
/// typst needs is that of one volume (warning B045 names them).
pub fn render_all(site: &Site) -> Result<Vec<(String, super::pdf::Pdf)>> {
    let config = &site.handbook.config;
    let whole = book(site, super::pdf::today());
    let max = config.pdf_max_sider.max(1);
    if whole.chapters.len() <= max {
        return Ok(vec![(file_name(config), render(site, whole)?)]);
    }
    let volumes = volumes(whole, max, config.sprog);
    crate::error::warn(crate::error::Diagnostic::of(
        crate::project::config::CONFIG_FILE,
        crate::problems::BookProblem::HandbookPdfInVolumes {
            pages: volumes.iter().map(|b| b.chapters.len()).sum(),
            max,
            volumes: volumes.len(),
            first: config.pdf_volume_file_name(1),
        },
    ));
    let mut out = Vec::with_capacity(volumes.len());
    for (i, volume) in volumes.into_iter().enumerate() {
        out.push((config.pdf_volume_file_name(i + 1), render(site, volume)?));
    }
    Ok(out)
}

/// The handbook split into volumes of at most `max` pages in reading order, as even as they can
/// be. A section that goes on in the next volume starts it again under its own title; the
/// subtitle says which volume it is. A link to a page in another volume is printed as its text.
fn volumes(mut whole: Book, max: usize, lang: Language) -> Vec<Book> {
    let total = whole.chapters.len();
    let count = total.div_ceil(max);
    // As even as they come: 2,401 pages are three volumes of 801, not 1,200 + 1,200 + 1.
    let per = total.div_ceil(count);
    let parts = whole
        .course
        .as_ref()
        .map(|c| c.parts.clone())
        .unwrap_or_default();
    let mut out = Vec::with_capacity(count);
    let mut chapters = std::mem::take(&mut whole.chapters).into_iter();
    for n in 0..count {
        let (start, end) = (n * per, ((n + 1) * per).min(total));
        let mut volume = whole.clone();
        volume.chapters = chapters.by_ref().take(end - start).collect();
        // The parts that start in this volume, and the one it starts inside of.
        let mut own: Vec<Part> = Vec::new();
        if let Some(open) = parts.iter().rfind(|p| p.first < start) {
            if !parts.iter().any(|p| p.first == start) {
                own.push(Part {
                    first: 0,
                    ..open.clone()
                });
            }
        }
        own.extend(
            (parts.iter().filter(|p| (start..end).contains(&p.first))).map(|p| Part {
                first: p.first - start,
                ..p.clone()
            }),
        );
        if let Some(course) = volume.course.as_mut() {
            course.parts = own;
        }
        let label = match lang {
            Language::Da => format!("Bind {} af {count}", n + 1),
            Language::En => format!("Volume {} of {count}", n + 1),
        };
        volume.subtitle = Some(match volume.subtitle.take() {
            Some(s) => format!("{label}\n{s}"),
            None => label,
        });
        volume.slug = format!("{}-bind-{}", whole.slug, n + 1);
        out.push(volume);
    }
    out
}

/// Renders one PDF of the handbook: the slow step (typst lays out every page).
fn render(site: &Site, mut book: Book) -> Result<super::pdf::Pdf> {
    let root = site.handbook.root.as_path();
    super::unique_ids(&mut book);
    let photos = super::photos::process(&book, &super::photo_cache(root))?;
    let mut text = super::write::document(&book, &photos, &super::chapter_links(&book));
    // Trainer notes are for the trainer's compendium only, never the handbook's PDF.
    text.without_boxes(crate::text::dialect::BoxKind::Underviser);
    let mut warnings = super::md::warnings(&book);
    // Every image in an accessible PDF needs words (PDF/UA): one without is named at its place.
    warnings.extend(super::md::images_without_alt(&book).0);
    warnings.sorted().0.into_iter().for_each(crate::error::warn);
    // With a running header on every page, set as text (see `document_with_running_head`).
    let markup = super::pdf::markup::document_with_running_head(&book, &text);
    let markup = super::pdf::checked_markup(&book, markup)?;
    super::pdf::compile_once(&book, markup, photos.files())
}

/// The handbook as a book: a chapter per page in reading order, a part per top-level section.
fn book(site: &Site, today: Date) -> Book {
    let root = site.handbook.root.as_path();
    let config = &site.handbook.config;
    let lang = config.sprog;
    let scope = Arc::new(Scope::handbook(root));
    let mut chapters = Vec::new();
    let mut parts: Vec<Part> = Vec::new();
    for &id in site.links.reading_order() {
        let page = site.page(id);
        let top_section = page.is_section() && page.url.matches('/').count() == 1;
        if top_section {
            parts.push(Part {
                title: page.title.clone(),
                facts: Vec::new(),
                description: None,
                first: chapters.len(),
                uses: Vec::new(),
            });
        }
        // A section's title is its part's heading, and the front page's is the title page's:
        // their pages are printed only for what they say.
        let front = page.url.is_empty();
        if (top_section || front) && page.body.trim().is_empty() {
            continue;
        }
        let mut ch = chapter(root, &scope, site, page, lang);
        // Under its part's heading, a section's own text would repeat the section's title.
        if top_section {
            ch.title = match lang {
                Language::Da => "Introduktion".to_string(),
                Language::En => "Introduction".to_string(),
            };
        }
        // Under the title page, the front page's title (most often the handbook's) is said.
        if front && ch.title.trim() == config.title.trim() {
            ch.title = match lang {
                Language::Da => "Om håndbogen".to_string(),
                Language::En => "About this handbook".to_string(),
            };
        }
        chapters.push(ch);
    }
    let printed = match lang {
        Language::Da => format!("Udskrevet {}", today.human(lang)),
        Language::En => format!("Printed {}", today.human(lang)),
    };
    Book {
        slug: file_name(config).trim_end_matches(".pdf").to_string(),
        kind: BookKind::Kompendium,
        title: config.title.clone(),
        subtitle: Some(match &config.description {
            Some(d) if !d.trim().is_empty() => format!("{}\n{printed}", d.trim()),
            _ => printed,
        }),
        owner_line: config.kommune.clone(),
        cover: None,
        consent: None,
        chapters,
        pdfa: false,
        arkiv: true,
        lang,
        reader: super::design::Reader::Voksen,
        design: super::design::Reader::Voksen.design(),
        fill_in: false,
        files: scope,
        course: Some(Course {
            trainer: false,
            parts,
            participants: Vec::new(),
        }),
    }
}

/// One handbook page as a chapter: its facts, its quotes and its text.
fn chapter(root: &Path, scope: &Arc<Scope>, site: &Site, page: &Page, lang: Language) -> Chapter {
    let dir = match &page.bundle_dir {
        Some(d) => d.clone(),
        None => {
            let mut d = root.join(CONTENT_DIR);
            let mut parts: Vec<&str> = page.key.split('/').collect();
            parts.pop();
            d.extend(parts);
            d
        }
    };
    let text = |text: String, line: usize| {
        Block::Markdown(MarkdownText {
            text,
            file: page.file.clone(),
            line,
            dir: dir.clone(),
            scope: Arc::clone(scope),
            root: root.to_path_buf(),
        })
    };
    let mut blocks = Vec::new();
    let head = head_markdown(page, &site.handbook.config, lang);
    if !head.is_empty() {
        blocks.push(text(head, 1));
    }
    blocks.push(text(page.body.clone(), page.body_line));
    Chapter {
        id: slugify(page.key.trim_end_matches(".md")),
        key: Some(page.key.clone()),
        title: page.title.clone(),
        blocks,
    }
}

/// What the web page shows above its text, as Markdown: the summary, a facts box (formål, alder,
/// kilde, udbytte, år, the date and the taxonomies) and the quotes. Every value is escaped: it is
/// the writer's plain text, never Markdown.
fn head_markdown(page: &Page, config: &Config, lang: Language) -> String {
    let m = &page.meta;
    let mut out = String::new();
    if let Some(d) = m.description.as_deref().filter(|d| !d.trim().is_empty()) {
        out.push_str(&format!("*{}*\n\n", md_escape(d.trim())));
    }
    let l = labels(lang);
    let mut facts: Vec<(String, String)> = Vec::new();
    let mut fact = |label: &str, value: Option<&str>| {
        if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
            facts.push((label.to_string(), v.to_string()));
        }
    };
    fact(l.purpose, m.formaal.as_deref());
    fact(l.age, m.alder.as_deref());
    fact(l.source, m.kilde.as_deref());
    fact(l.outcome, m.udbytte.as_deref());
    fact(l.year, m.aar.map(|y| y.to_string()).as_deref());
    fact(l.kind, m.tool_type.as_deref());
    fact(l.duration, m.varighed.as_deref());
    let updated = m.updated.as_ref().and_then(Date::from_toml);
    fact(l.updated, updated.map(|d| d.human(lang)).as_deref());
    for tax in &config.taxonomies {
        if let Some(terms) = m.taxonomies.get(&tax.name).filter(|t| !t.is_empty()) {
            fact(&tax.label, Some(&terms.join(", ")));
        }
    }
    if !facts.is_empty() {
        out.push_str(&format!("> [!FAKTA: {}]\n", l.facts));
        for (i, (label, value)) in facts.iter().enumerate() {
            let end = if i + 1 < facts.len() { "\\" } else { "" };
            out.push_str(&format!(
                "> **{}:** {}{end}\n",
                md_escape(label),
                md_escape(&one_line(value))
            ));
        }
        out.push('\n');
    }
    for q in &m.citater {
        let who = q.kilde.as_deref().map(one_line).unwrap_or_default();
        // The attribution stands inside `[!CITAT: …]`: a bracket there would end it early.
        let who: String = who.chars().filter(|c| !matches!(c, '[' | ']')).collect();
        if who.trim().is_empty() {
            out.push_str("> [!CITAT]\n");
        } else {
            out.push_str(&format!("> [!CITAT: {}]\n", who.trim()));
        }
        for line in q.tekst.trim().lines() {
            out.push_str(&format!("> {}\n", md_escape(line)));
        }
        out.push('\n');
    }
    out
}

struct Labels {
    facts: &'static str,
    purpose: &'static str,
    age: &'static str,
    source: &'static str,
    outcome: &'static str,
    year: &'static str,
    kind: &'static str,
    duration: &'static str,
    updated: &'static str,
}

fn labels(lang: Language) -> Labels {
    match lang {
        Language::Da => Labels {
            facts: "Fakta",
            purpose: "Formål",
            age: "Alder",
            source: "Kilde",
            outcome: "Udbytte",
            year: "År",
            kind: "Type",
            duration: "Varighed",
            updated: "Opdateret",
        },
        Language::En => Labels {
            facts: "Facts",
            purpose: "Purpose",
            age: "Age",
            source: "Source",
            outcome: "Outcome",
            year: "Year",
            kind: "Type",
            duration: "Duration",
            updated: "Updated",
        },
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Plain text as Markdown that reads as the same text: every ASCII punctuation character that
/// Markdown might read as structure gets a backslash (CommonMark allows one before any of them).
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_has_no_markdown_left() {
        assert_eq!(
            md_escape("*a* [b](c) <d> #1"),
            "\\*a\\* \\[b\\]\\(c\\) \\<d\\> \\#1"
        );
    }

    #[test]
    fn a_title_without_letters_names_the_file_haandbog() {
        let mut c: Config = toml::from_str("title = \"Metodehåndbog\"").unwrap();
        assert_eq!(file_name(&c), "metodehaandbog.pdf");
        c.title = "!!!".into();
        assert_eq!(file_name(&c), "haandbog.pdf");
    }
}
