//! A book's Markdown, read once into the typed events both writers (HTML and typst) understand
//! ([`super::doc`]): guiding questions in `<!-- -->` removed, raw HTML shown as text, images
//! pointed at the processed photos, `@/` links pointed at the chapter they lead to, and the
//! dialect's boxes and quotes as their own events.

use super::design;
use super::doc::{DocChapter, DocEvent, Document, TimelineItem};
use super::model::{Block, Book, BookKind, MarkdownText};
use super::photos::Processed;
use crate::error::{Diagnostic, Diagnostics, LineIndex};
use crate::problems::{BookProblem, MarkdownProblem};
use crate::text::dialect::{self, decode_link_path, join_inside, BoxKind, LinkKind};
use crate::text::i18n::Language;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

/// Handbook page keys (`metoder/x.md`) → chapter ids, for links between a compendium's chapters.
pub type ChapterLinks = HashMap<String, String>;

/// Where links in a book may lead: its chapters, by the handbook page they were made from (a
/// compendium's `@/metoder/x.md`) and by their own id (`#min-historie`).
pub struct Targets<'a> {
    pub pages: &'a ChapterLinks,
    pub ids: HashSet<&'a str>,
}

/// The whole book as the typed document its writers read.
pub fn document(book: &Book, photos: &Processed, links: &ChapterLinks) -> Document {
    let links = Targets {
        pages: links,
        ids: book.chapters.iter().map(|c| c.id.as_str()).collect(),
    };
    let links = &links;
    let chapters = book
        .chapters
        .iter()
        .map(|ch| {
            let events = ch
                .blocks
                .iter()
                .flat_map(|b| block_events(b, photos, links, book.lang))
                .collect();
            DocChapter {
                id: ch.id.clone(),
                title: ch.title.clone(),
                events: if book.reader == design::Reader::Barn {
                    pictures_first(events)
                } else {
                    events
                },
            }
        })
        .collect();
    Document {
        cover: book
            .cover
            .as_ref()
            .and_then(|c| photos.name_of(&c.source))
            .map(str::to_string),
        chapters,
    }
}

/// One block of a chapter as events; a Markdown text is closed by [`DocEvent::BlockEnd`].
fn block_events(
    block: &Block,
    photos: &Processed,
    links: &Targets<'_>,
    lang: Language,
) -> Vec<DocEvent> {
    match block {
        Block::Markdown(text) => {
            let mut out = events(text, photos, links, lang);
            out.push(DocEvent::BlockEnd);
            out
        }
        Block::Photos(list) => list
            .iter()
            .filter_map(|p| {
                Some(DocEvent::Figure {
                    src: photos.name_of(&p.source)?.to_string(),
                    caption: p.caption.clone().unwrap_or_default(),
                    date: p.date.clone(),
                })
            })
            .collect(),
        Block::Timeline(entries) => vec![DocEvent::Timeline(
            entries
                .iter()
                .map(|e| TimelineItem {
                    date: e.date.clone(),
                    place: e.place.clone(),
                    text: e.text.clone(),
                    photo: e
                        .photo
                        .as_ref()
                        .and_then(|p| photos.name_of(&p.source))
                        .map(str::to_string),
                })
                .collect(),
        )],
        Block::Workshops(list) => vec![DocEvent::Workshops(list.clone())],
        Block::FillIn(questions) => vec![DocEvent::FillIn(questions.clone())],
    }
}

/// A young child's chapter shows its photos first, then the words (docs/boeger.md, "Billeder
/// først"): every photo in the chapter's text is lifted, in order, into one paragraph under the
/// title, where the writers lay it out full width (one) or as a grid (more). Drawings keep their
/// place, each on its own page, and so do the photo pages of `[[minder]]` and the timeline's
/// photos, which already are the chapter. A paragraph left empty by the lift is dropped.
pub fn pictures_first(events: Vec<DocEvent>) -> Vec<DocEvent> {
    let is_photo = |e: &DocEvent| matches!(e, DocEvent::Image { drawing: false, .. });
    if !events.iter().any(is_photo) {
        return events;
    }
    let mut lifted = vec![DocEvent::Md(Event::Start(Tag::Paragraph))];
    let mut rest: Vec<DocEvent> = Vec::with_capacity(events.len());
    // Where the paragraph being read starts in `rest`.
    let mut paragraph = None;
    for e in events {
        match &e {
            e if is_photo(e) => lifted.push(e.clone()),
            DocEvent::Md(Event::Start(Tag::Paragraph)) => {
                paragraph = Some(rest.len());
                rest.push(e);
            }
            DocEvent::Md(Event::End(TagEnd::Paragraph)) => {
                let start = paragraph.take().unwrap_or(rest.len());
                let empty = rest.get(start + 1..).is_some_and(|inside| {
                    inside.iter().all(|e| match e {
                        DocEvent::Md(Event::SoftBreak | Event::HardBreak) => true,
                        DocEvent::Md(Event::Text(t)) => t.trim().is_empty(),
                        _ => false,
                    })
                });
                if empty && rest.len() > start {
                    rest.truncate(start);
                } else {
                    rest.push(e);
                }
            }
            _ => rest.push(e),
        }
    }
    lifted.push(DocEvent::Md(Event::End(TagEnd::Paragraph)));
    lifted.push(DocEvent::BlockEnd);
    lifted.extend(rest);
    lifted
}

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

enum Frame {
    Plain,
    Box,
    Quote(Option<String>),
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
pub fn events(
    md: &MarkdownText,
    photos: &Processed,
    links: &Targets<'_>,
    lang: Language,
) -> Vec<DocEvent> {
    let text = without_comments(&md.text);
    // Destinations with spaces are read as written, as in the handbook.
    let text = dialect::prepare(&text).text;
    let raw: Vec<Event<'_>> = Parser::new_ext(&text, dialect::options()).collect();
    let mut r = Reader {
        md,
        photos,
        links,
        lang,
        out: Vec::with_capacity(raw.len()),
        frames: Vec::new(),
    };
    let mut i = 0;
    while i < raw.len() {
        i = r.event(&raw, i) + 1;
    }
    r.out
}

/// One Markdown text being read into events.
struct Reader<'r> {
    md: &'r MarkdownText,
    photos: &'r Processed,
    links: &'r Targets<'r>,
    lang: Language,
    out: Vec<DocEvent>,
    frames: Vec<Frame>,
}

impl Reader<'_> {
    fn push(&mut self, e: Event<'_>) {
        self.out.push(DocEvent::Md(e.into_static()));
    }

    /// Reads `raw[i]` and returns the index of the last event it used.
    fn event(&mut self, raw: &[Event<'_>], i: usize) -> usize {
        match &raw[i] {
            Event::Start(Tag::BlockQuote(_)) => return self.quote_start(raw, i),
            Event::End(TagEnd::BlockQuote(_)) => {
                let e = match self.frames.pop() {
                    Some(Frame::Box) => DocEvent::BoxEnd,
                    Some(Frame::Quote(attribution)) => DocEvent::QuoteEnd { attribution },
                    _ => DocEvent::Md(Event::End(TagEnd::BlockQuote(None))),
                };
                self.out.push(e);
            }
            Event::Start(Tag::Heading { level, .. }) => self.push(Event::Start(Tag::Heading {
                level: shifted(*level),
                id: None,
                classes: vec![],
                attrs: vec![],
            })),
            Event::End(TagEnd::Heading(level)) => {
                self.push(Event::End(TagEnd::Heading(shifted(*level))))
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if is_form(info) => {
                return self.form(raw, i)
            }
            Event::Start(Tag::Image { .. }) => return self.image(raw, i),
            Event::Start(Tag::Link { .. }) => return self.link(raw, i),
            Event::Html(h) | Event::InlineHtml(h) => self.push(Event::Text(h.clone())),
            Event::Start(Tag::HtmlBlock) => self.push(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) => self.push(Event::End(TagEnd::Paragraph)),
            e => self.push(e.clone()),
        }
        i
    }

    /// A blockquote: a box, a quote with attribution, or a plain quote.
    fn quote_start(&mut self, raw: &[Event<'_>], i: usize) -> usize {
        let Some(marker) = dialect::box_marker(|j| raw.get(j), i) else {
            self.frames.push(Frame::Plain);
            self.push(Event::Start(Tag::BlockQuote(None)));
            return i;
        };
        if marker.kind == BoxKind::Citat {
            self.out.push(DocEvent::QuoteStart);
            self.frames.push(Frame::Quote(marker.title.clone()));
        } else {
            self.out.push(DocEvent::BoxStart {
                kind: marker.kind,
                title: marker.title_or_label(self.lang),
            });
            self.frames.push(Frame::Box);
        }
        // Re-open the paragraph whose start the marker took, unless the marker was all it held.
        if marker.skip > 0 && !marker.alone {
            self.push(Event::Start(Tag::Paragraph));
        }
        i + marker.skip
    }

    /// A ```` ```skema ```` block as the form it describes, to fill in by hand on paper and in
    /// the HTML. A block with mistakes stops the book ([`errors`]); should one get here, it
    /// stays a code block as written, so nothing of it is lost.
    fn form(&mut self, raw: &[Event<'_>], i: usize) -> usize {
        let mut text = String::new();
        let mut j = i + 1;
        while let Some(Event::Text(t)) = raw.get(j) {
            text.push_str(t);
            j += 1;
        }
        // The heading above the block is already in the chapter: the form needs no title.
        match crate::handbook::forms::parse(&text, None) {
            Ok(form) => {
                // A book belongs to no edition: a field limited to some is left out.
                let form = form.shared();
                if !form.fields.is_empty() {
                    self.out.push(DocEvent::Form {
                        form,
                        lang: self.lang,
                    });
                }
                j
            }
            Err(_) => {
                self.push(raw[i].clone());
                i
            }
        }
    }

    /// An image: the processed photo with its words as plain text. An image that is not a photo
    /// of the book (it was reported when the photos were processed) is left out.
    fn image(&mut self, raw: &[Event<'_>], i: usize) -> usize {
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = &raw[i]
        else {
            return i;
        };
        let (alt, end) = inner_text(raw, i);
        if let Some(src) = self.photos.name_in(self.md, dest_url) {
            self.out.push(DocEvent::Image {
                drawing: is_drawing(dest_url, &alt),
                src: src.to_string(),
                alt,
                title: title.to_string(),
                portrait: self.photos.is_portrait(src),
            });
        }
        end
    }

    /// A link to the web or to a chapter of the book; any other keeps its words and loses the link.
    fn link(&mut self, raw: &[Event<'_>], i: usize) -> usize {
        let Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) = &raw[i]
        else {
            return i;
        };
        if let Some(dest) = link_target(dest_url, self.md, self.links) {
            self.push(Event::Start(Tag::Link {
                link_type: *link_type,
                dest_url: dest.into(),
                title: title.clone(),
                id: id.clone(),
            }));
            return i;
        }
        let mut depth = 0;
        let mut j = i + 1;
        while j < raw.len() {
            match &raw[j] {
                Event::Start(Tag::Link { .. }) => depth += 1,
                Event::End(TagEnd::Link) if depth == 0 => break,
                Event::End(TagEnd::Link) => depth -= 1,
                e => self.push(e.clone()),
            }
            j += 1;
        }
        j
    }
}

/// Links and images Markdown left as text in the book's chapters (a line break in the path):
/// they would be printed as written, so the writer is told, though the book is still made. In a
/// child's book, also each image without words (`![](foto.jpg)`), whose alt text would say only
/// "Billede".
pub fn warnings(book: &Book) -> Diagnostics {
    let mut out = Diagnostics::default();
    for ch in &book.chapters {
        for block in &ch.blocks {
            if let Block::Markdown(md) = block {
                out.extend(text_warnings(md));
                if book.kind == BookKind::BarnetsBog {
                    out.extend(images_without_words(md));
                }
            }
        }
    }
    out.sorted()
}

/// Each image without words (`![](foto.jpg)`) in the book, whose alt text would say only
/// "Billede": for the handbook's PDF, which is read by screen readers as a child's book is.
pub fn images_without_alt(book: &Book) -> Diagnostics {
    let mut out = Diagnostics::default();
    for ch in &book.chapters {
        for block in &ch.blocks {
            if let Block::Markdown(md) = block {
                out.extend(images_without_words(md));
            }
        }
    }
    out.sorted()
}

fn images_without_words(md: &MarkdownText) -> Vec<Diagnostic> {
    let text = without_comments(&md.text);
    let prepared = dialect::prepare(&text);
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> =
        Parser::new_ext(&prepared.text, dialect::options())
            .into_offset_iter()
            .collect();
    let raw: Vec<Event<'_>> = events.iter().map(|(e, _)| e.clone()).collect();
    let lines = LineIndex::new(&text);
    let mut out = Vec::new();
    for (i, (e, range)) in events.iter().enumerate() {
        let Event::Start(Tag::Image { dest_url, .. }) = e else {
            continue;
        };
        if !inner_text(&raw, i).0.trim().is_empty() {
            continue;
        }
        let (l, c) = lines.line_col(prepared.written_offset(range.start));
        let problem = BookProblem::ImageWithoutWords {
            image: decode_link_path(dest_url),
        };
        out.push(Diagnostic::of(&md.file, problem).at(l + md.line - 1, c));
    }
    out
}

fn text_warnings(md: &MarkdownText) -> Vec<Diagnostic> {
    // Comments are blanked with their lines kept, so lines stay those of the file.
    let text = without_comments(&md.text);
    let prepared = dialect::prepare(&text);
    let events: Vec<_> = Parser::new_ext(&prepared.text, dialect::options())
        .into_offset_iter()
        .collect();
    let lines = LineIndex::new(&text);
    let place = |o: usize| {
        let (l, c) = lines.line_col(prepared.written_offset(o));
        (l + md.line - 1, c)
    };
    let mut out: Vec<Diagnostic> = dialect::literal_links(&events)
        .into_iter()
        .map(|o| {
            let from = prepared.written_offset(o);
            let (l, c) = place(o);
            let written = dialect::quoted_link(&text[from..]);
            Diagnostic::of(&md.file, MarkdownProblem::LeftAsText { written }).at(l, c)
        })
        .collect();
    // A box of no known kind would be printed as a quote, marker and all, to every reader.
    for i in 0..events.len() {
        if let Some(m) = dialect::unknown_marker(|j| events.get(j).map(|e| &e.0), i) {
            let (l, c) = place(events.get(i + 2).map_or(events[i].1.start, |e| e.1.start));
            let p = MarkdownProblem::UnknownBox {
                written: m.written,
                nearest: m.nearest.to_string(),
            };
            out.push(Diagnostic::of(&md.file, p).at(l, c));
        }
    }
    out
}

/// What stops a book before it is made: a form block with mistakes, and, in a compendium's
/// participant edition, a box whose unknown kind is nearest to `[!UNDERVISER]` (a misspelt
/// trainer's note would otherwise be printed for the participants).
pub fn errors(book: &Book) -> Diagnostics {
    let participants = book.kind == BookKind::Kompendium && !book.for_trainer();
    let mut out = Diagnostics::default();
    for ch in &book.chapters {
        for block in &ch.blocks {
            if let Block::Markdown(md) = block {
                out.extend(text_errors(md, participants));
            }
        }
    }
    out.sorted()
}

fn text_errors(md: &MarkdownText, participants: bool) -> Vec<Diagnostic> {
    let text = without_comments(&md.text);
    let prepared = dialect::prepare(&text);
    let events: Vec<_> = Parser::new_ext(&prepared.text, dialect::options())
        .into_offset_iter()
        .collect();
    let lines = LineIndex::new(&text);
    let place = |o: usize| {
        let (l, c) = lines.line_col(prepared.written_offset(o));
        (l + md.line - 1, c)
    };
    let mut out = form_errors(&events, place, &md.file);
    if !participants {
        return out;
    }
    for i in 0..events.len() {
        let Some(m) = dialect::unknown_marker(|j| events.get(j).map(|e| &e.0), i) else {
            continue;
        };
        if BoxKind::from_marker(m.nearest) == Some(BoxKind::Underviser) {
            let (l, c) = place(events.get(i + 2).map_or(events[i].1.start, |e| e.1.start));
            let p = MarkdownProblem::TrainerBoxMisspelt { written: m.written };
            out.push(Diagnostic::of(&md.file, p).at(l, c));
        }
    }
    out
}

/// A fenced block's info string names a form (```` ```skema ````).
fn is_form(info: &str) -> bool {
    info.trim()
        .eq_ignore_ascii_case(crate::handbook::forms::FENCE)
}

/// A form block's mistakes, each at its file, line and column.
fn form_errors(
    events: &[(Event<'_>, std::ops::Range<usize>)],
    place: impl Fn(usize) -> (usize, usize),
    file: &std::path::Path,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, (e, range)) in events.iter().enumerate() {
        let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = e else {
            continue;
        };
        if !is_form(info) {
            continue;
        }
        let mut text = String::new();
        let mut start = None;
        for (e, r) in &events[i + 1..] {
            let Event::Text(t) = e else { break };
            start.get_or_insert(r.start);
            text.push_str(t);
        }
        let Err(mistakes) = crate::handbook::forms::parse(&text, None) else {
            continue;
        };
        let (line, column) = place(start.unwrap_or(range.start));
        for m in mistakes {
            let p = MarkdownProblem::Form(m.mistake);
            out.push(Diagnostic::of(file, p).at(line + m.line - 1, column + m.column - 1));
        }
    }
    out
}

/// The words inside an image (from `raw[start]` to its end) as plain text, and where it ends.
fn inner_text(raw: &[Event<'_>], start: usize) -> (String, usize) {
    let mut text = String::new();
    let mut depth = 0;
    for (j, e) in raw.iter().enumerate().skip(start + 1) {
        match e {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) if depth == 0 => return (text, j),
            Event::End(TagEnd::Image) => depth -= 1,
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(t)
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    (text, raw.len())
}

/// Where a link goes in the book: the web for external links, a chapter for an anchor naming
/// one (`#min-historie`) or an `@/` (or relative) link to a page in the book, nowhere for
/// anything else.
fn link_target(dest: &str, md: &MarkdownText, links: &Targets<'_>) -> Option<String> {
    let key = match LinkKind::of(dest) {
        LinkKind::External(_) => return Some(dest.to_string()),
        LinkKind::Anchor(id) => return links.ids.contains(id).then(|| dest.to_string()),
        LinkKind::Empty | LinkKind::RootAbsolute => return None,
        LinkKind::Content { path, .. } => join_inside("", &decode_link_path(path))?,
        LinkKind::Relative { path, .. } => {
            let base = md
                .dir
                .strip_prefix(md.scope.dir())
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            join_inside(&base, &decode_link_path(path))?
        }
    };
    links.pages.get(&key).map(|id| format!("#{id}"))
}

/// A child's drawing, printed alone on a page and as large as it fits: a file in a folder
/// `tegninger/`, or an image whose words start with "Tegning" (`![Tegning af min hest](hest.jpg)`).
fn is_drawing(dest: &str, alt: &str) -> bool {
    dest.split(['/', '\\'])
        .rev()
        .skip(1)
        .any(|dir| dir.eq_ignore_ascii_case("tegninger"))
        || alt.trim_start().to_lowercase().starts_with("tegning")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_keep_lines() {
        assert_eq!(without_comments("a<!-- x\ny\n-->b\nc"), "a\n\nb\nc");
    }

    #[test]
    fn alt_text_is_plain() {
        let raw: Vec<Event<'_>> =
            Parser::new_ext("![Sommer *ved* `havet`](x.jpg) efter", dialect::options()).collect();
        let (alt, end) = inner_text(&raw, 1);
        assert_eq!(alt, "Sommer ved havet");
        assert!(matches!(raw[end], Event::End(TagEnd::Image)));
    }
}
