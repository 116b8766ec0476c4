//! Markdown to HTML: headings with stable anchors, the catalogues' boxes, `@/` links and local
//! images checked and rewritten.
//!
//! Links are written relative to the site root behind [`ROOT_MARK`]; the page renderer replaces the
//! mark with the page's own way up (`../../`), so every link in the output is relative and the site
//! works from a web server and from a folder opened as files.

use crate::error::{Diagnostic, LineIndex};
use crate::text::i18n::slugify;
use pulldown_cmark::{
    BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

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
}

/// The catalogues' recurring boxes, written `> [!GODE RÅD]` or `> [!FAKTA: Titel]`.
fn box_kind(marker: &str) -> Option<(&'static str, &'static str)> {
    let m = marker.trim().to_uppercase();
    Some(match m.as_str() {
        "ANBEFALING" => ("anbefaling", "Anbefaling"),
        "CASE" => ("case", "Case"),
        "KOMMUNE" => ("kommune", "Kommune"),
        "INSPIRATION" => ("inspiration", "Inspiration"),
        "GODE RÅD" | "GODE RAAD" | "GODE RAD" => ("gode-raad", "Gode råd"),
        "PRØVEHANDLING" | "PROEVEHANDLING" => ("proevehandling", "Prøvehandling"),
        "FAKTA" | "DEFINITION" => ("fakta", "Fakta"),
        "CITAT" => ("citat", ""),
        "NOTE" => ("fakta", "Note"),
        "TIP" => ("gode-raad", "Tip"),
        "IMPORTANT" | "VIGTIGT" => ("anbefaling", "Vigtigt"),
        "WARNING" | "ADVARSEL" | "CAUTION" => ("advarsel", "Advarsel"),
        _ => return None,
    })
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

enum QuoteFrame {
    Plain,
    Aside,
    /// A quote figure, with its attribution if one was given.
    Citat(Option<String>),
}

/// Renders one page body. Problems are returned as diagnostics; the HTML is still usable.
pub fn render(body: &str, ctx: &LinkContext<'_>) -> (Rendered, Vec<Diagnostic>) {
    let mut out = Rendered::default();
    let mut diags = Vec::new();
    let lines = LineIndex::new(body);
    let at = |offset: usize| {
        let (l, c) = lines.line_col(offset);
        (l + ctx.body_line - 1, c)
    };

    let events: Vec<(Event<'_>, std::ops::Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let mut result: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut used_ids = UniqueIds::default();
    let mut quotes: Vec<QuoteFrame> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (ev, range) = &events[i];
        match ev {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // Gather the heading's text to make its anchor.
                let mut j = i + 1;
                let mut text = String::new();
                while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                    if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                        text.push_str(t);
                    }
                    j += 1;
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
                let unique = used_ids.claim(base);
                out.headings.push(Heading {
                    level: heading_number(*level),
                    id: unique.clone(),
                    text: text.clone(),
                });
                // The heading's own text events follow and add its words to `out.text` once.
                out.text.push('\n');
                result.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(unique)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::Start(Tag::BlockQuote(kind)) => {
                let marker = match kind {
                    Some(k) => Some((gfm_marker(*k).to_string(), None)),
                    None => read_box_marker(&events, i),
                };
                match marker
                    .as_ref()
                    .and_then(|(m, title)| box_kind(m).map(|k| (k, title.clone())))
                {
                    Some(((class, label), title)) => {
                        let skip = if kind.is_some() {
                            0
                        } else {
                            marker_event_count(&events, i)
                        };
                        if class == "citat" {
                            result.push(Event::Html(CowStr::from(
                                "<figure class=\"citat\"><blockquote>\n".to_string(),
                            )));
                            quotes.push(QuoteFrame::Citat(title));
                        } else {
                            let heading = title.unwrap_or_else(|| label.to_string());
                            result.push(Event::Html(CowStr::from(format!(
                                "<aside class=\"boks boks-{class}\"><p class=\"boks-titel\">{}</p>\n",
                                escape_html(&heading)
                            ))));
                            quotes.push(QuoteFrame::Aside);
                        }
                        // Re-open the paragraph whose start we consumed with the marker.
                        if skip > 0 {
                            result.push(Event::Start(Tag::Paragraph));
                            i += skip;
                            // A paragraph that held only the marker is closed again at once.
                            if matches!(
                                events.get(i + 1).map(|e| &e.0),
                                Some(Event::End(TagEnd::Paragraph))
                            ) {
                                result.pop();
                                i += 1;
                            }
                        }
                    }
                    None => {
                        quotes.push(QuoteFrame::Plain);
                        result.push(Event::Start(Tag::BlockQuote(None)));
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => match quotes.pop() {
                Some(QuoteFrame::Citat(Some(who))) => {
                    result.push(Event::Html(CowStr::from(format!(
                        "</blockquote><figcaption>— {}</figcaption></figure>\n",
                        escape_html(&who)
                    ))))
                }
                Some(QuoteFrame::Citat(None)) => {
                    result.push(Event::Html(CowStr::from("</blockquote></figure>\n")))
                }
                Some(QuoteFrame::Aside) => result.push(Event::Html(CowStr::from("</aside>\n"))),
                _ => result.push(Event::End(TagEnd::BlockQuote(None))),
            },
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = rewrite_link(
                    dest_url,
                    *link_type,
                    range.start,
                    ctx,
                    &at,
                    &mut out,
                    &mut diags,
                    false,
                );
                result.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: CowStr::from(dest),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = rewrite_link(
                    dest_url,
                    *link_type,
                    range.start,
                    ctx,
                    &at,
                    &mut out,
                    &mut diags,
                    true,
                );
                result.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: CowStr::from(dest),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Text(t) => {
                out.text.push_str(t);
                out.text.push(' ');
                result.push(ev.clone());
            }
            Event::Code(t) => {
                out.text.push_str(t);
                out.text.push(' ');
                result.push(ev.clone());
            }
            Event::SoftBreak | Event::HardBreak => {
                out.text.push(' ');
                result.push(ev.clone());
            }
            _ => result.push(ev.clone()),
        }
        i += 1;
    }
    // Tables scroll sideways on a phone instead of breaking the layout.
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, result.into_iter());
    out.html = html
        .replace("<table>", "<div class=\"tabel\" tabindex=\"0\"><table>")
        .replace("</table>", "</table></div>");
    (out, diags)
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

fn gfm_marker(k: BlockQuoteKind) -> &'static str {
    match k {
        BlockQuoteKind::Note => "NOTE",
        BlockQuoteKind::Tip => "TIP",
        BlockQuoteKind::Important => "IMPORTANT",
        BlockQuoteKind::Warning => "WARNING",
        BlockQuoteKind::Caution => "CAUTION",
    }
}

/// The text events that open a blockquote's first paragraph, joined, up to the first line break.
fn first_line_text(
    events: &[(Event<'_>, std::ops::Range<usize>)],
    quote_start: usize,
) -> Option<(String, usize)> {
    if !matches!(
        events.get(quote_start + 1).map(|e| &e.0),
        Some(Event::Start(Tag::Paragraph))
    ) {
        return None;
    }
    let mut text = String::new();
    let mut j = quote_start + 2;
    while let Some((Event::Text(t), _)) = events.get(j) {
        text.push_str(t);
        j += 1;
    }
    Some((text, j - (quote_start + 2)))
}

/// `[!GODE RÅD]` or `[!FAKTA: Titel]` at the start of a blockquote, if the marker stands alone on
/// its line.
fn read_box_marker(
    events: &[(Event<'_>, std::ops::Range<usize>)],
    quote_start: usize,
) -> Option<(String, Option<String>)> {
    let (text, _) = first_line_text(events, quote_start)?;
    let inner = text.trim().strip_prefix("[!")?.strip_suffix(']')?;
    let (kind, title) = match inner.split_once(':') {
        Some((k, t)) => (
            k.trim().to_string(),
            Some(t.trim().to_string()).filter(|t| !t.is_empty()),
        ),
        None => (inner.trim().to_string(), None),
    };
    box_kind(&kind)?;
    Some((kind, title))
}

/// How many events the marker occupies (paragraph start + its text events + a following break).
fn marker_event_count(events: &[(Event<'_>, std::ops::Range<usize>)], quote_start: usize) -> usize {
    let (_, n_text) = first_line_text(events, quote_start).unwrap_or_default();
    let mut n = 1 + n_text;
    if matches!(
        events.get(quote_start + 1 + n).map(|e| &e.0),
        Some(Event::SoftBreak | Event::HardBreak)
    ) {
        n += 1;
    }
    n
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

fn is_external(dest: &str) -> bool {
    let lower = dest.to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
        || lower.starts_with("tel:")
        || lower.starts_with("data:")
        || lower.starts_with("//")
}

/// Joins `base` (a `/`-separated folder inside `content/`) and a relative path; `None` if the
/// result would leave `content/`.
pub fn join_inside(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for comp in Path::new(rel).components() {
        match comp {
            Component::Normal(s) => parts.push(s.to_str()?),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

/// Decodes `%XX` escapes in a link path (invalid escapes are kept as they are).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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

#[allow(clippy::too_many_arguments)]
fn rewrite_link(
    dest: &str,
    link_type: LinkType,
    offset: usize,
    ctx: &LinkContext<'_>,
    at: &dyn Fn(usize) -> (usize, usize),
    out: &mut Rendered,
    diags: &mut Vec<Diagnostic>,
    is_image: bool,
) -> String {
    if matches!(link_type, LinkType::Email)
        || is_external(dest)
        || dest.starts_with('#')
        || dest.is_empty()
    {
        return dest.to_string();
    }
    let (line, column) = at(offset);
    let err = |msg: String, hint: &str| {
        Diagnostic::new(ctx.file, msg)
            .at(line, column)
            .hint(hint.to_string())
    };
    let (path_part, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    let path_part = percent_decode(path_part);

    let key = if let Some(abs) = path_part.strip_prefix("@/") {
        join_inside("", abs)
    } else if path_part.starts_with('/') {
        diags.push(err(
            format!("stien \"{dest}\" begynder med /, så den virker ikke, når håndbogen åbnes fra en mappe"),
            "skriv en henvisning til en side som @/mappe/side.md, eller en sti i forhold til siden selv",
        ));
        return dest.to_string();
    } else {
        join_inside(&ctx.page_dir, &path_part)
    };
    let Some(key) = key else {
        diags.push(err(
            format!("stien \"{dest}\" peger uden for projektets content-mappe"),
            "læg filen i content/ og henvis til den derfra; bogbinder læser aldrig uden for projektet",
        ));
        return dest.to_string();
    };
    if ctx
        .private_prefixes
        .iter()
        .any(|p| key == p.trim_end_matches('/') || key.starts_with(p))
    {
        diags.push(err(
            format!("\"{dest}\" peger ind i et barns bog, som er privat"),
            "et barns bog må aldrig vises i håndbogen; fjern henvisningen",
        ));
        return String::new();
    }

    if key.ends_with(".md") && !is_image {
        match ctx.urls.get(&key) {
            Some(url) => {
                out.linked_keys.push(key.clone());
                if let Some(a) = anchor.filter(|a| !a.is_empty()) {
                    out.anchor_refs.push(AnchorRef {
                        target_key: key.clone(),
                        anchor: a.to_string(),
                        line,
                        column,
                    });
                    format!("{ROOT_MARK}{url}index.html#{a}")
                } else {
                    format!("{ROOT_MARK}{url}index.html")
                }
            }
            None => {
                diags.push(err(
                    format!("henvisningen \"{dest}\" peger på en side, der ikke findes (content/{key})"),
                    "ret stien, så den svarer til en fil i content/, fx @/metoder/barnets-stemme.md",
                ));
                dest.to_string()
            }
        }
    } else {
        let source = ctx.content_dir.join(&key);
        // What the file really is decides, whatever the path says: not through a link, not a
        // hidden name, not in (or the same file as one in) a child's book. Read again the same way.
        match ctx.files.check(&source) {
            Ok(()) => {}
            Err(crate::project::files::Refusal::Missing) => {
                diags.push(err(
                    format!("filen \"{dest}\" findes ikke (content/{key})"),
                    "læg filen i mappen, eller ret stien; store og små bogstaver tæller",
                ));
                return dest.to_string();
            }
            Err(r) => {
                diags.push(ctx.files.diagnostic(&r, ctx.file, dest).at(line, column));
                return String::new();
            }
        }
        let out_path = crate::media::images::output_name(&key);
        out.assets.push(Asset {
            source,
            out_path: out_path.clone(),
            used_at: crate::media::images::UsedAt {
                file: ctx.file.to_path_buf(),
                line,
                column,
            },
        });
        let encoded = percent_encode_path(&out_path);
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
