//! Markdown to HTML: headings with stable anchors, the catalogues' boxes, `@/` links and local
//! images checked and rewritten.
//!
//! Links are written relative to the site root behind [`ROOT_MARK`]; the page renderer replaces the
//! mark with the page's own way up (`../../`), so every link in the output is relative and the site
//! works from a web server and from a folder opened as files.

use crate::error::{Diagnostic, LineIndex};
use crate::problems::{MarkdownProblem, Nearest};
use crate::text::dialect::{self, decode_link_path, join_inside, BoxKind, LinkKind};
use crate::text::i18n::{slugify, Language};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Stands for "the way from this page up to the site root" until the page is written.
pub const ROOT_MARK: &str = "@@bogbinder-root@@";

/// A heading, for the page's table of contents and for checking `#anchor` links.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// An `@/` link whose `#anchor` can only be checked once every page is rendered.
#[derive(Debug, Clone)]
pub struct AnchorRef {
    pub target_key: String,
    pub anchor: String,
    pub line: usize,
    pub column: usize,
}

/// A local file a page uses (image, download); copied to the output at `out_path`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Asset {
    pub source: PathBuf,
    /// Path in the output, relative to the site root, `/`-separated.
    pub out_path: String,
    /// The page line that uses it, for messages about the file.
    pub used_at: crate::media::images::UsedAt,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub anchor_refs: Vec<AnchorRef>,
    pub assets: Vec<Asset>,
    /// Page keys this page links to in its text (for backlinks).
    pub linked_keys: Vec<String>,
    /// The words of the page, for search.
    pub text: String,
    /// The page's forms (```` ```skema ```` blocks), for its fillable PDF.
    pub forms: Vec<crate::handbook::forms::Form>,
}

/// What the renderer needs to know about the rest of the project.
pub struct LinkContext<'a> {
    /// What files the page may use (see [`crate::project::files`]).
    pub files: &'a crate::project::files::Scope,
    pub content_dir: &'a Path,
    /// Page key → URL folder relative to the site root.
    pub urls: &'a HashMap<String, String>,
    /// Folder (relative to `content/`, `/`-separated) that relative paths start from.
    pub page_dir: String,
    /// The file, relative to the project root, for messages.
    pub file: &'a Path,
    /// 1-based line where the Markdown body starts in the file.
    pub body_line: usize,
    /// Private folders whose files a handbook page may never use (the books).
    pub private_prefixes: &'a [&'a str],
    /// The handbook's language (`sprog`): box labels are written in it.
    pub lang: Language,
    /// In an audience edition, the pages it leaves out: a link to one is told as such.
    pub left_out: &'a crate::handbook::editions::LeftOut,
}

enum QuoteFrame {
    Plain,
    Aside,
    /// A quote figure, with its attribution if one was given.
    Citat(Option<String>),
}

/// Renders one page body. Problems are returned as diagnostics; the HTML is still usable.
pub fn render(body: &str, ctx: &LinkContext<'_>) -> (Rendered, Vec<Diagnostic>) {
    // Destinations with spaces are read as written; places are told in the text as written.
    let prepared = dialect::prepare(body);
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> =
        Parser::new_ext(&prepared.text, dialect::options())
            .into_offset_iter()
            .collect();
    let mut r = Renderer {
        ctx,
        prepared: &prepared,
        lines: LineIndex::new(body),
        out: Rendered::default(),
        diags: Vec::new(),
        result: Vec::with_capacity(events.len()),
        used_ids: UniqueIds::default(),
        quotes: Vec::new(),
        last_heading: None,
        form_ids: Default::default(),
    };
    let mut i = 0;
    while i < events.len() {
        i = r.event(&events, i) + 1;
    }
    r.left_as_text(&events, body);
    // Tables scroll sideways on a phone instead of breaking the layout.
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, r.result.into_iter());
    r.out.html = html
        .replace("<table>", "<div class=\"tabel\" tabindex=\"0\"><table>")
        .replace("</table>", "</table></div>");
    (r.out, r.diags)
}

/// One page's rendering under way: the events written so far and what was learnt on the way.
struct Renderer<'c, 'a> {
    ctx: &'c LinkContext<'c>,
    /// The text the events are read from, and the way back to the body as written.
    prepared: &'a dialect::Prepared<'a>,
    lines: LineIndex<'a>,
    out: Rendered,
    diags: Vec<Diagnostic>,
    result: Vec<Event<'a>>,
    used_ids: UniqueIds,
    quotes: Vec<QuoteFrame>,
    /// The text of the last heading, the name of a form below it.
    last_heading: Option<String>,
    form_ids: crate::handbook::forms::html::Ids,
}

type Events<'a> = [(Event<'a>, std::ops::Range<usize>)];

impl<'c, 'a> Renderer<'c, 'a> {
    /// Handles `events[i]` and returns the index of the last event it used.
    fn event(&mut self, events: &Events<'a>, i: usize) -> usize {
        let (ev, range) = &events[i];
        match ev {
            Event::Start(Tag::Heading { .. }) => self.heading(events, i),
            Event::Start(Tag::BlockQuote(_)) => return self.quote_start(events, i),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info
                    .trim()
                    .eq_ignore_ascii_case(crate::handbook::forms::FENCE) =>
            {
                return self.form(events, i)
            }
            Event::End(TagEnd::BlockQuote(_)) => self.quote_end(),
            Event::Start(
                tag @ (Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }
                | Tag::Image {
                    link_type,
                    dest_url,
                    ..
                }),
            ) => {
                let dest = self.rewrite_link(&LinkUse {
                    dest: dest_url,
                    link_type: *link_type,
                    offset: range.start,
                    is_image: matches!(tag, Tag::Image { .. }),
                });
                let mut tag = tag.clone();
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
                    *dest_url = CowStr::from(dest);
                }
                self.result.push(Event::Start(tag));
            }
            Event::Text(t) | Event::Code(t) => {
                self.out.text.push_str(t);
                self.out.text.push(' ');
                self.result.push(ev.clone());
            }
            Event::SoftBreak | Event::HardBreak => {
                self.out.text.push(' ');
                self.result.push(ev.clone());
            }
            _ => self.result.push(ev.clone()),
        }
        i
    }

    /// A heading gets a unique anchor, from `{#id}` or its text, and joins the page's contents.
    fn heading(&mut self, events: &Events<'a>, i: usize) {
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &events[i].0
        else {
            return;
        };
        let mut text = String::new();
        for (e, _) in events[i + 1..]
            .iter()
            .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Heading(_))))
        {
            if let Event::Text(t) | Event::Code(t) = e {
                text.push_str(t);
            }
        }
        let base = id
            .as_ref()
            .map(|s| s.to_string())
            .unwrap_or_else(|| slugify(&text));
        let base = if base.is_empty() {
            "afsnit".to_string()
        } else {
            base
        };
        let unique = self.used_ids.claim(base);
        self.last_heading = Some(text.clone());
        self.out.headings.push(Heading {
            level: heading_number(*level),
            id: unique.clone(),
            text,
        });
        // The heading's own text events follow and add its words to `out.text` once.
        self.out.text.push('\n');
        self.result.push(Event::Start(Tag::Heading {
            level: *level,
            id: Some(CowStr::from(unique)),
            classes: classes.clone(),
            attrs: attrs.clone(),
        }));
    }

    /// A blockquote: a box, a quote figure, or a plain quote. Returns the last event used (the
    /// marker's, if it had one).
    fn quote_start(&mut self, events: &Events<'a>, i: usize) -> usize {
        let Some(marker) = dialect::box_marker(|j| events.get(j).map(|e| &e.0), i) else {
            self.unknown_box(events, i);
            self.quotes.push(QuoteFrame::Plain);
            self.result.push(Event::Start(Tag::BlockQuote(None)));
            return i;
        };
        if marker.kind == BoxKind::Underviser {
            // A trainer's note is for the compendium's trainer edition only, never published.
            return dialect::quote_end(|j| events.get(j).map(|e| &e.0), i);
        }
        if marker.kind == BoxKind::Citat {
            self.result
                .push(Event::Html(CowStr::from(QUOTE_OPEN.to_string())));
            self.quotes.push(QuoteFrame::Citat(marker.title.clone()));
        } else {
            let title = marker.title_or_label(self.ctx.lang);
            self.result
                .push(Event::Html(CowStr::from(box_open(marker.kind, &title))));
            self.quotes.push(QuoteFrame::Aside);
        }
        // Re-open the paragraph whose start the marker took, unless the marker was all it held.
        if marker.skip > 0 && !marker.alone {
            self.result.push(Event::Start(Tag::Paragraph));
        }
        i + marker.skip
    }

    /// A warning for a box marker of no known kind: its box would show as a plain quote.
    fn unknown_box(&mut self, events: &Events<'_>, i: usize) {
        if let Some(m) = dialect::unknown_marker(|j| events.get(j).map(|e| &e.0), i) {
            let at = self.place(events.get(i + 2).map_or(events[i].1.start, |e| e.1.start));
            let p = MarkdownProblem::UnknownBox {
                written: m.written,
                nearest: m.nearest.to_string(),
            };
            crate::error::warn(Diagnostic::of(self.ctx.file, p).at(at.0, at.1));
        }
    }

    /// A ```` ```skema ```` block: a form (see [`crate::handbook::forms`]), or its mistakes at
    /// their lines. Returns the last event used.
    fn form(&mut self, events: &Events<'a>, i: usize) -> usize {
        use crate::handbook::forms;
        let mut text = String::new();
        let mut start = None;
        let mut j = i + 1;
        while let Some((Event::Text(t), r)) = events.get(j) {
            start.get_or_insert(r.start);
            text.push_str(t);
            j += 1;
        }
        let (line, column) = self.place(start.unwrap_or(events[i].1.start));
        if self.out.forms.is_empty() {
            self.form_ids = forms::html::Ids::for_page(&self.page_key());
        }
        let first = self.out.forms.is_empty();
        let pdf = first.then(|| self.form_pdf()).flatten();
        let pdf = pdf.as_ref().map(|(h, n)| (h.as_str(), n.as_str()));
        let heading = self.last_heading.clone();
        match forms::html::block(
            &text,
            heading,
            first,
            &mut self.form_ids,
            self.ctx.lang,
            pdf,
        ) {
            Ok((html, form)) => {
                self.out.text.push_str(&forms::words(&form));
                self.out.forms.push(form);
                self.result.push(Event::Html(CowStr::from(html)));
            }
            Err(mistakes) => {
                for m in mistakes {
                    let at = (line + m.line - 1, column + m.column - 1);
                    self.problem(at, MarkdownProblem::Form(m.mistake));
                }
            }
        }
        j
    }

    /// The page's own path in `content/` (`redskaber/trivselsskema.md`).
    fn page_key(&self) -> String {
        let name = self
            .ctx
            .file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("");
        match self.ctx.page_dir.as_str() {
            "" => name.to_string(),
            dir => format!("{dir}/{name}"),
        }
    }

    /// Where the page's fillable PDF is (from the root) and the name it is saved as.
    fn form_pdf(&self) -> Option<(String, String)> {
        let url = self.ctx.urls.get(&self.page_key())?;
        let stem = url.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        let stem = if stem.is_empty() { "skema" } else { stem };
        let pdf = crate::handbook::forms::PDF_NAME;
        Some((format!("{ROOT_MARK}{url}{pdf}"), format!("{stem}.pdf")))
    }

    fn quote_end(&mut self) {
        let html = match self.quotes.pop() {
            Some(QuoteFrame::Citat(who)) => quote_close(who.as_deref()),
            Some(QuoteFrame::Aside) => BOX_CLOSE.to_string(),
            _ => {
                self.result.push(Event::End(TagEnd::BlockQuote(None)));
                return;
            }
        };
        self.result.push(Event::Html(CowStr::from(html)));
    }
}

/// Opens a box of the dialect, in the handbook and in books alike: the themes style it by kind.
pub fn box_open(kind: BoxKind, title: &str) -> String {
    format!(
        "<aside class=\"boks boks-{}\"><p class=\"boks-titel\">{}</p>\n",
        kind.class(),
        escape_html(title)
    )
}

pub const BOX_CLOSE: &str = "</aside>\n";

/// Opens a quote with attribution (`> [!CITAT: Ung, 14 år]`).
pub const QUOTE_OPEN: &str = "<figure class=\"citat\"><blockquote>\n";

/// Closes a quote with attribution, naming who said it if the marker did.
pub fn quote_close(attribution: Option<&str>) -> String {
    match attribution {
        Some(who) => format!(
            "</blockquote><figcaption>— {}</figcaption></figure>\n",
            escape_html(who)
        ),
        None => "</blockquote></figure>\n".to_string(),
    }
}

/// Heading anchors unique in a page: the second "Gode råd" gets `gode-raad-2`, the third
/// `gode-raad-3`. Each base remembers the next number to try, so a page with thousands of equal
/// headings takes linear time instead of counting up from 2 for every one.
#[derive(Default)]
struct UniqueIds {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl UniqueIds {
    fn claim(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            // An explicit `{#gode-raad-2}` may already hold a number: skip it.
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn percent_encode_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Where a link inside the project leads: its path in `content/` and how it was written.
struct Target<'d> {
    dest: &'d str,
    key: String,
    anchor: Option<&'d str>,
    /// Written as `@/…` (from `content/`), not relative to the page.
    from_root: bool,
    /// The path as written, decoded.
    written: String,
}

/// A link or image destination as written, and where.
struct LinkUse<'d> {
    dest: &'d str,
    link_type: LinkType,
    /// Byte offset in the body, for messages.
    offset: usize,
    is_image: bool,
}

impl Renderer<'_, '_> {
    /// The line and column in the file of a byte offset in the parsed text.
    fn place(&self, offset: usize) -> (usize, usize) {
        let (l, c) = self.lines.line_col(self.prepared.written_offset(offset));
        (l + self.ctx.body_line - 1, c)
    }

    /// A warning for each link or image the parser left as text: it would be shown as written.
    fn left_as_text(&mut self, events: &Events<'_>, body: &str) {
        for offset in dialect::literal_links(events) {
            let at = self.place(offset);
            let from = self.prepared.written_offset(offset);
            let written = dialect::quoted_link(&body[from..]);
            let p = MarkdownProblem::LeftAsText { written };
            crate::error::warn(Diagnostic::of(self.ctx.file, p).at(at.0, at.1));
        }
    }

    fn problem(&mut self, (line, column): (usize, usize), p: MarkdownProblem) {
        self.diags
            .push(Diagnostic::of(self.ctx.file, p).at(line, column));
    }

    /// The destination written into the page for a link or image: pages become their URL, files
    /// are checked and become assets; anything else is kept as written, or reported.
    fn rewrite_link(&mut self, link: &LinkUse<'_>) -> String {
        let dest = link.dest;
        let (key, anchor, from_root, written) = match LinkKind::of(dest) {
            _ if matches!(link.link_type, LinkType::Email) => return dest.to_string(),
            LinkKind::Empty | LinkKind::External(_) | LinkKind::Anchor(_) => {
                return dest.to_string()
            }
            LinkKind::RootAbsolute => {
                let at = self.place(link.offset);
                self.problem(at, MarkdownProblem::RootAbsolute { dest: dest.into() });
                return dest.to_string();
            }
            LinkKind::Content { path, anchor } => {
                let written = decode_link_path(path);
                (join_inside("", &written), anchor, true, written)
            }
            LinkKind::Relative { path, anchor } => {
                let written = decode_link_path(path);
                let key = join_inside(&self.ctx.page_dir, &written);
                (key, anchor, false, written)
            }
        };
        let at = self.place(link.offset);
        let Some(key) = key else {
            self.problem(at, MarkdownProblem::OutsideContent { dest: dest.into() });
            return dest.to_string();
        };
        if self
            .ctx
            .private_prefixes
            .iter()
            .any(|p| key == p.trim_end_matches('/') || key.starts_with(p))
        {
            self.problem(at, MarkdownProblem::IntoChildsBook { dest: dest.into() });
            return String::new();
        }
        let target = Target {
            dest,
            key,
            anchor,
            from_root,
            written,
        };
        if target.key.ends_with(".md") && !link.is_image {
            self.page_link(target, at)
        } else {
            self.file_link(target, at)
        }
    }

    /// The nearest existing file to a missing one, written as the link would name it.
    fn meant_file(&self, t: &Target<'_>) -> Option<String> {
        let base = if t.from_root {
            self.ctx.content_dir.to_path_buf()
        } else {
            self.ctx.content_dir.join(&self.ctx.page_dir)
        };
        let found = crate::media::nearest::nearest_file(self.ctx.files, &base, &t.written)?;
        Some(if t.from_root {
            format!("@/{found}")
        } else {
            found
        })
    }

    /// A page of the project to name for a link to one that does not exist.
    fn nearest_page(&self, key: &str) -> Nearest {
        match crate::media::nearest::nearest_key(key, self.ctx.urls.keys().map(String::as_str)) {
            Some((k, true)) => Nearest::Meant(format!("@/{k}")),
            Some((k, false)) => Nearest::Example(format!("@/{k}")),
            None => Nearest::Nothing,
        }
    }

    /// A link to a page: its URL, and the page remembered for backlinks and anchor checks.
    fn page_link(&mut self, t: Target<'_>, (line, column): (usize, usize)) -> String {
        let Target {
            dest, key, anchor, ..
        } = t;
        let Some(url) = self.ctx.urls.get(&key) else {
            if let Some(edition) = self.ctx.left_out.edition_without(&key) {
                let p = crate::problems::ContentProblem::LeftOutOfEdition {
                    reference: dest.to_string(),
                    edition: edition.to_string(),
                };
                let d = Diagnostic::of(self.ctx.file, p).at(line, column);
                self.diags.push(d);
                return dest.to_string();
            }
            let nearest = self.nearest_page(&key);
            let p = MarkdownProblem::MissingPage {
                dest: dest.into(),
                key,
                nearest,
            };
            self.problem((line, column), p);
            return dest.to_string();
        };
        self.out.linked_keys.push(key.clone());
        match anchor.filter(|a| !a.is_empty()) {
            Some(a) => {
                self.out.anchor_refs.push(AnchorRef {
                    target_key: key,
                    anchor: a.to_string(),
                    line,
                    column,
                });
                format!("{ROOT_MARK}{url}index.html#{a}")
            }
            None => format!("{ROOT_MARK}{url}index.html"),
        }
    }

    /// A link to a file (or any image): checked, and copied to the output as an asset.
    fn file_link(&mut self, t: Target<'_>, (line, column): (usize, usize)) -> String {
        let Target {
            dest, key, anchor, ..
        } = &t;
        let (dest, anchor) = (*dest, *anchor);
        let source = self.ctx.content_dir.join(key);
        // What the file really is decides, whatever the path says: not through a link, not a
        // hidden name, not in (or the same file as one in) a child's book. Read again the same way.
        match self.ctx.files.check(&source) {
            Ok(()) => {}
            Err(crate::project::files::Refusal::Missing) => {
                let p = MarkdownProblem::MissingFile {
                    dest: dest.into(),
                    key: key.clone(),
                    meant: self.meant_file(&t),
                };
                self.problem((line, column), p);
                return dest.to_string();
            }
            Err(r) => {
                let d = self.ctx.files.diagnostic(&r, self.ctx.file, dest);
                self.diags.push(d.at(line, column));
                return String::new();
            }
        }
        let out_path = crate::media::images::output_name(key);
        let encoded = percent_encode_path(&out_path);
        self.out.assets.push(Asset {
            source,
            out_path,
            used_at: crate::media::images::UsedAt {
                file: self.ctx.file.to_path_buf(),
                line,
                column,
            },
        });
        match anchor {
            Some(a) => format!("{ROOT_MARK}{encoded}#{a}"),
            None => format!("{ROOT_MARK}{encoded}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_simple(md: &str) -> (Rendered, Vec<Diagnostic>) {
        let urls: HashMap<String, String> =
            [("metoder/a.md".to_string(), "metoder/a/".to_string())]
                .into_iter()
                .collect();
        let dir = std::env::temp_dir();
        let files = crate::project::files::Scope::handbook(&dir);
        let ctx = LinkContext {
            files: &files,
            content_dir: &dir,
            urls: &urls,
            page_dir: "eksempler".into(),
            file: Path::new("content/eksempler/x.md"),
            body_line: 5,
            private_prefixes: &["boeger/"],
            lang: Language::Da,
            left_out: &Default::default(),
        };
        render(md, &ctx)
    }

    #[test]
    fn headings_get_danish_unique_anchors() {
        let (r, _) = render_simple("## Gode råd\n\n## Gode råd\n");
        assert!(r.html.contains("<h2 id=\"gode-raad\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"gode-raad-2\">"));
    }

    #[test]
    fn boxes_become_asides_and_quotes_figures() {
        let (r, _) = render_simple(
            "> [!GODE RÅD]\n> Start i det små.\n\n> [!CITAT: Ung, 14 år]\n> Jeg blev hørt.\n",
        );
        assert!(
            r.html.contains(
                "<aside class=\"boks boks-gode-raad\"><p class=\"boks-titel\">Gode råd</p>"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("<p>Start i det små.</p>"), "{}", r.html);
        assert!(
            r.html.contains("<figcaption>— Ung, 14 år</figcaption>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("[!"), "{}", r.html);
    }

    #[test]
    fn at_links_resolve_and_missing_ones_are_errors_with_line() {
        let (r, d) = render_simple("Se [A](@/metoder/a.md#x).\n\nOg [B](@/metoder/b.md).\n");
        assert!(r
            .html
            .contains(&format!("href=\"{ROOT_MARK}metoder/a/index.html#x\"")));
        assert_eq!(r.anchor_refs.len(), 1);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, Some(7));
        assert!(d[0].message.contains("content/metoder/b.md"));
    }

    #[test]
    fn paths_leaving_content_are_refused() {
        let (_, d) = render_simple("![x](../../../etc/passwd)\n");
        assert!(d[0].message.contains("uden for"), "{:?}", d);
        let (_, d) = render_simple("[bog](@/boeger/emma/01-alt-om-mig.md)\n");
        assert!(d[0].message.contains("privat"), "{:?}", d);
    }
}
