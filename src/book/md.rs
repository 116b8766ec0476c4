//! A book's Markdown, read once into events both writers (HTML and typst) understand: guiding
//! questions in `<!-- -->` removed, raw HTML shown as text, images pointed at the processed photos,
//! `@/` links pointed at the chapter they lead to, and the catalogues' boxes marked.

use super::photos::Processed;
use super::MarkdownText;
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;

/// Opens a box (`> [!GODE RÅD]`); the label follows the mark.
pub const BOX_START: &str = "\u{E001}boks:";
pub const BOX_END: &str = "\u{E001}/boks";
/// Opens a quote with attribution (`> [!CITAT: Ung, 14 år]`).
pub const QUOTE_START: &str = "\u{E001}citat";
/// Closes it; the attribution (possibly empty) follows the mark.
pub const QUOTE_END: &str = "\u{E001}/citat:";

pub fn md_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

/// Handbook page keys (`metoder/x.md`) → chapter ids, for links between a compendium's chapters.
pub type ChapterLinks = HashMap<String, String>;

/// The text with comments blanked out but its lines kept, so later messages keep their lines.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 4..];
        let (inside, next) = match after.find("-->") {
            Some(end) => (&after[..end], &after[end + 3..]),
            None => (after, ""),
        };
        out.extend(inside.chars().filter(|&c| c == '\n'));
        rest = next;
    }
    out.push_str(rest);
    out
}

fn box_label(marker: &str) -> Option<(bool, String)> {
    let inner = marker.trim().strip_prefix("[!")?.strip_suffix(']')?;
    let (kind, title) = match inner.split_once(':') {
        Some((k, t)) => (k.trim().to_uppercase(), Some(t.trim().to_string())),
        None => (inner.trim().to_uppercase(), None),
    };
    let label = match kind.as_str() {
        "CITAT" => return Some((true, title.unwrap_or_default())),
        "ANBEFALING" => "Anbefaling",
        "CASE" => "Case",
        "KOMMUNE" => "Kommune",
        "INSPIRATION" => "Inspiration",
        "GODE RÅD" | "GODE RAAD" | "GODE RAD" => "Gode råd",
        "PRØVEHANDLING" | "PROEVEHANDLING" => "Prøvehandling",
        "FAKTA" | "DEFINITION" => "Fakta",
        "NOTE" => "Note",
        "TIP" => "Tip",
        "IMPORTANT" | "VIGTIGT" => "Vigtigt",
        "WARNING" | "ADVARSEL" | "CAUTION" => "Advarsel",
        _ => return None,
    };
    Some((
        false,
        title
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| label.into()),
    ))
}

fn gfm_label(k: BlockQuoteKind) -> &'static str {
    match k {
        BlockQuoteKind::Note => "[!NOTE]",
        BlockQuoteKind::Tip => "[!TIP]",
        BlockQuoteKind::Important => "[!IMPORTANT]",
        BlockQuoteKind::Warning => "[!WARNING]",
        BlockQuoteKind::Caution => "[!CAUTION]",
    }
}

enum Frame {
    Plain,
    Box,
    Quote(String),
}

/// Chapter headings are level 1; headings inside a chapter start at level 2.
fn shifted(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 => HeadingLevel::H2,
        HeadingLevel::H3 => HeadingLevel::H3,
        HeadingLevel::H4 => HeadingLevel::H4,
        HeadingLevel::H5 => HeadingLevel::H5,
        HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// The book's view of one Markdown text.
pub fn events(md: &MarkdownText, photos: &Processed, links: &ChapterLinks) -> Vec<Event<'static>> {
    let text = without_comments(&md.text);
    let raw: Vec<Event<'_>> = Parser::new_ext(&text, md_options()).collect();
    let mut out: Vec<Event<'static>> = Vec::with_capacity(raw.len());
    let mut frames: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        match &raw[i] {
            Event::Start(Tag::BlockQuote(kind)) => {
                // The marker is the first text of the quote's first paragraph.
                let marker = match kind {
                    Some(k) => Some((gfm_label(*k).to_string(), 0)),
                    None if matches!(raw.get(i + 1), Some(Event::Start(Tag::Paragraph))) => {
                        // The parser may split `[!GODE RÅD]` into several text events.
                        let mut first = String::new();
                        let mut j = i + 2;
                        while let Some(Event::Text(t)) = raw.get(j) {
                            first.push_str(t);
                            j += 1;
                        }
                        Some((first, j - i - 1))
                    }
                    None => None,
                };
                match marker.and_then(|(m, skip)| box_label(&m).map(|l| (l, skip))) {
                    Some(((is_quote, label), skip)) => {
                        if is_quote {
                            out.push(Event::Html(QUOTE_START.into()));
                            frames.push(Frame::Quote(label));
                        } else {
                            out.push(Event::Html(format!("{BOX_START}{label}").into()));
                            frames.push(Frame::Box);
                        }
                        if skip > 0 {
                            i += skip;
                            match raw.get(i + 1) {
                                Some(Event::SoftBreak | Event::HardBreak) => {
                                    out.push(Event::Start(Tag::Paragraph));
                                    i += 1;
                                }
                                Some(Event::End(TagEnd::Paragraph)) => i += 1,
                                _ => out.push(Event::Start(Tag::Paragraph)),
                            }
                        }
                    }
                    None => {
                        frames.push(Frame::Plain);
                        out.push(Event::Start(Tag::BlockQuote(None)));
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => match frames.pop() {
                Some(Frame::Box) => out.push(Event::Html(BOX_END.into())),
                Some(Frame::Quote(who)) => {
                    out.push(Event::Html(format!("{QUOTE_END}{who}").into()))
                }
                _ => out.push(Event::End(TagEnd::BlockQuote(None))),
            },
            Event::Start(Tag::Heading { level, .. }) => out.push(Event::Start(Tag::Heading {
                level: shifted(*level),
                id: None,
                classes: vec![],
                attrs: vec![],
            })),
            Event::End(TagEnd::Heading(level)) => {
                out.push(Event::End(TagEnd::Heading(shifted(*level))))
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = photos.name_in(md, dest_url).unwrap_or_default().to_string();
                out.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: dest.into(),
                    title: title.to_string().into(),
                    id: id.to_string().into(),
                }));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match link_target(dest_url, md, links) {
                Some(dest) => out.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: dest.into(),
                    title: title.to_string().into(),
                    id: id.to_string().into(),
                })),
                // A link to something not in the book keeps its words and loses the link.
                None => {
                    let mut depth = 0;
                    i += 1;
                    while i < raw.len() {
                        match &raw[i] {
                            Event::Start(Tag::Link { .. }) => depth += 1,
                            Event::End(TagEnd::Link) if depth == 0 => break,
                            Event::End(TagEnd::Link) => depth -= 1,
                            e => out.push(owned(e.clone())),
                        }
                        i += 1;
                    }
                }
            },
            Event::Html(h) | Event::InlineHtml(h) => out.push(Event::Text(h.to_string().into())),
            Event::Start(Tag::HtmlBlock) => out.push(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) => out.push(Event::End(TagEnd::Paragraph)),
            e => out.push(owned(e.clone())),
        }
        i += 1;
    }
    out
}

/// Where a link goes in the book: the web for external links, a chapter for `@/` links to a page
/// in the book, nowhere for anything else.
fn link_target(dest: &str, md: &MarkdownText, links: &ChapterLinks) -> Option<String> {
    let lower = dest.to_ascii_lowercase();
    if ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return Some(dest.to_string());
    }
    let path = dest.split('#').next().unwrap_or("");
    let key = if let Some(abs) = path.strip_prefix("@/") {
        crate::handbook::markdown::join_inside("", abs)?
    } else {
        let base = md
            .dir
            .strip_prefix(md.scope.dir())
            .ok()?
            .to_string_lossy()
            .replace('\\', "/");
        crate::handbook::markdown::join_inside(&base, path)?
    };
    links.get(&key).map(|id| format!("#{id}"))
}

fn owned(e: Event<'_>) -> Event<'static> {
    fn s(c: CowStr<'_>) -> CowStr<'static> {
        c.to_string().into()
    }
    match e {
        Event::Start(t) => Event::Start(tag_owned(t)),
        Event::End(t) => Event::End(t),
        Event::Text(t) => Event::Text(s(t)),
        Event::Code(t) => Event::Code(s(t)),
        Event::Html(t) => Event::Html(s(t)),
        Event::InlineHtml(t) => Event::InlineHtml(s(t)),
        Event::FootnoteReference(t) => Event::FootnoteReference(s(t)),
        Event::InlineMath(t) => Event::Text(s(t)),
        Event::DisplayMath(t) => Event::Text(s(t)),
        Event::SoftBreak => Event::SoftBreak,
        Event::HardBreak => Event::HardBreak,
        Event::Rule => Event::Rule,
        Event::TaskListMarker(b) => Event::TaskListMarker(b),
    }
}

fn tag_owned(t: Tag<'_>) -> Tag<'static> {
    fn s(c: CowStr<'_>) -> CowStr<'static> {
        c.to_string().into()
    }
    match t {
        Tag::Paragraph => Tag::Paragraph,
        Tag::Heading { level, .. } => Tag::Heading {
            level,
            id: None,
            classes: vec![],
            attrs: vec![],
        },
        Tag::BlockQuote(k) => Tag::BlockQuote(k),
        Tag::CodeBlock(k) => Tag::CodeBlock(match k {
            pulldown_cmark::CodeBlockKind::Indented => pulldown_cmark::CodeBlockKind::Indented,
            pulldown_cmark::CodeBlockKind::Fenced(l) => pulldown_cmark::CodeBlockKind::Fenced(s(l)),
        }),
        Tag::HtmlBlock => Tag::HtmlBlock,
        Tag::List(n) => Tag::List(n),
        Tag::Item => Tag::Item,
        Tag::FootnoteDefinition(l) => Tag::FootnoteDefinition(s(l)),
        Tag::Table(a) => Tag::Table(a),
        Tag::TableHead => Tag::TableHead,
        Tag::TableRow => Tag::TableRow,
        Tag::TableCell => Tag::TableCell,
        Tag::Emphasis => Tag::Emphasis,
        Tag::Strong => Tag::Strong,
        Tag::Strikethrough => Tag::Strikethrough,
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type,
            dest_url: s(dest_url),
            title: s(title),
            id: s(id),
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Image {
            link_type,
            dest_url: s(dest_url),
            title: s(title),
            id: s(id),
        },
        // Not enabled in `md_options`; shown as a plain paragraph if ever met.
        _ => Tag::Paragraph,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_keep_lines() {
        assert_eq!(without_comments("a<!-- x\ny\n-->b\nc"), "a\n\nb\nc");
    }

    #[test]
    fn box_markers() {
        assert_eq!(box_label("[!GODE RÅD]"), Some((false, "Gode råd".into())));
        assert_eq!(
            box_label("[!CITAT: Ung, 14 år]"),
            Some((true, "Ung, 14 år".into()))
        );
        assert_eq!(box_label("[!NOGET]"), None);
    }
}
