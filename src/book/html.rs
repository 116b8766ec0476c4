//! A book as one print-ready HTML page (A4, a page per chapter, no navigation), written with the
//! theme's `book.html` template and `book.css`.

use super::md::{self, ChapterLinks, BOX_END, BOX_START, QUOTE_END, QUOTE_START};
use super::photos::Processed;
use super::{Block, Book, BookKind};
use crate::error::{Diagnostic, Error, Result};
use crate::handbook::markdown::escape_html;
use crate::handbook::theme::Theme;
use pulldown_cmark::{CowStr, Event};
use serde::Serialize;

#[derive(Serialize)]
struct BookCtx<'a> {
    title: &'a str,
    subtitle: Option<&'a str>,
    owner_line: Option<&'a str>,
    cover: Option<&'a str>,
    lang: &'static str,
    kind: &'static str,
    consent: Option<ConsentCtx<'a>>,
    chapters: Vec<ChapterCtx<'a>>,
    css: String,
    made: String,
}

#[derive(Serialize)]
struct ConsentCtx<'a> {
    given_by: &'a str,
    recipient: &'a str,
    date: &'a str,
    chapters: &'a [String],
}

#[derive(Serialize)]
struct ChapterCtx<'a> {
    id: &'a str,
    title: &'a str,
    html: String,
}

/// Renders the whole book to HTML with the project's theme.
pub fn render(
    book: &Book,
    photos: &Processed,
    theme: &Theme,
    links: &ChapterLinks,
) -> Result<String> {
    let css = theme
        .statics
        .iter()
        .find(|(n, _)| n == "book.css")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let ctx = BookCtx {
        title: &book.title,
        subtitle: book.subtitle.as_deref(),
        owner_line: book.owner_line.as_deref(),
        cover: book.cover.as_ref().and_then(|c| photos.name_of(&c.source)),
        lang: book.lang.code(),
        kind: match book.kind {
            BookKind::BarnetsBog => "barnetsbog",
            BookKind::Kompendium => "kompendium",
        },
        consent: book.consent.as_ref().map(|c| ConsentCtx {
            given_by: &c.given_by,
            recipient: &c.recipient,
            date: &c.date,
            chapters: &c.chapters,
        }),
        chapters: book
            .chapters
            .iter()
            .map(|c| ChapterCtx {
                id: &c.id,
                title: &c.title,
                html: c
                    .blocks
                    .iter()
                    .map(|b| block_html(b, photos, links))
                    .collect(),
            })
            .collect(),
        css,
        made: crate::book::pdf::today().human(book.lang),
    };
    let tctx = tera::Context::from_serialize(&ctx)
        .map_err(|e| Error::internal(format!("bogen kunne ikke forberedes: {e}")))?;
    theme.tera.render("book.html", &tctx).map_err(|e| {
        Error::Invalid(crate::error::Diagnostics(vec![Diagnostic::new(
            "book.html",
            format!("skabelonen book.html fejler: {}", crate::handbook::theme::error_chain(&e)),
        )
        .hint("ret skabelonen i themes/<tema>/templates/book.html, eller slet den for at bruge standardskabelonen")]))
    })
}

fn block_html(block: &Block, photos: &Processed, links: &ChapterLinks) -> String {
    match block {
        Block::Markdown(text) => {
            let events = md::events(text, photos, links).into_iter().map(|e| match e {
                Event::Html(h) => Event::Html(CowStr::from(marker_html(&h))),
                other => other,
            });
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, events);
            html
        }
        Block::Photos(list) => list
            .iter()
            .filter_map(|p| {
                let src = photos.name_of(&p.source)?;
                let caption = p.caption.as_deref().unwrap_or("");
                let date = p
                    .date
                    .as_deref()
                    .map(|d| format!(" <span class=\"dato\">{}</span>", escape_html(d)))
                    .unwrap_or_default();
                Some(format!(
                    "<figure class=\"foto\"><img src=\"{src}\" alt=\"{}\"><figcaption>{}{date}</figcaption></figure>\n",
                    escape_html(caption),
                    escape_html(caption)
                ))
            })
            .collect(),
        Block::Timeline(entries) => {
            let items: String = entries
                .iter()
                .map(|e| {
                    format!(
                        "<li><p class=\"dato\">{}</p><p class=\"sted\">{}</p>{}</li>\n",
                        escape_html(&e.date),
                        escape_html(&e.place),
                        e.text
                            .as_deref()
                            .map(|t| format!("<p>{}</p>", escape_html(t)))
                            .unwrap_or_default()
                    )
                })
                .collect();
            format!("<ol class=\"tidslinje\">\n{items}</ol>\n")
        }
        Block::Workshops(list) => {
            let items: String = list
                .iter()
                .map(|w| {
                    let uses: Vec<String> = w
                        .uses
                        .iter()
                        .map(|(t, id)| format!("<a href=\"#{id}\">{}</a>", escape_html(t)))
                        .collect();
                    format!(
                        "<li><h3>{}</h3>{}{}{}</li>\n",
                        escape_html(&w.title),
                        w.duration
                            .as_deref()
                            .map(|d| format!("<p class=\"varighed\">{}</p>", escape_html(d)))
                            .unwrap_or_default(),
                        w.description
                            .as_deref()
                            .map(|d| format!("<p>{}</p>", escape_html(d)))
                            .unwrap_or_default(),
                        if uses.is_empty() {
                            String::new()
                        } else {
                            format!("<p class=\"bruger\">Læs: {}</p>", uses.join(", "))
                        }
                    )
                })
                .collect();
            format!("<ol class=\"workshops\">\n{items}</ol>\n")
        }
    }
}

/// The HTML for the box and quote marks of [`md::events`].
fn marker_html(mark: &str) -> String {
    if let Some(label) = mark.strip_prefix(BOX_START) {
        format!(
            "<aside class=\"boks\"><p class=\"boks-titel\">{}</p>\n",
            escape_html(label)
        )
    } else if mark == BOX_END {
        "</aside>\n".into()
    } else if mark == QUOTE_START {
        "<figure class=\"citat\"><blockquote>\n".into()
    } else if let Some(who) = mark.strip_prefix(QUOTE_END) {
        if who.is_empty() {
            "</blockquote></figure>\n".into()
        } else {
            format!(
                "</blockquote><figcaption>— {}</figcaption></figure>\n",
                escape_html(who)
            )
        }
    } else {
        escape_html(mark)
    }
}
