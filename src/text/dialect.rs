//! The content dialect: the one definition of the Markdown bogbinder reads, shared by the
//! handbook, the books, compendiums, the search index and the preview.
//!
//! - [`options`]: the parser's extensions (GFM, tables, footnotes, heading attributes, ...).
//! - [`BoxKind`]: the catalogues' recurring boxes (`> [!GODE RÅD]`, `> [!TIP]`, `> [!FAKTA: Titel]`)
//!   and quotes with attribution (`> [!CITAT: Ung, 14 år]`), with their labels by language.
//! - [`box_marker`]: where a blockquote opens a box, read from the parser's events.
//! - [`LinkKind`]: what a link destination is (external, `@/` page, relative file, anchor), with one
//!   [`is_external`].
//! - [`percent_decode`]: the one URL decoder, strict (see there why).
//! - [`join_inside`]: a relative path joined to a folder, never leaving it.
//! - [`prepare`]: the text as the parser reads it, with destinations people write with spaces
//!   (`![](billeder/Første skoledag.jpg)`) made readable; [`literal_links`] finds what is still
//!   left as text.

use crate::text::i18n::Language;
use pulldown_cmark::{BlockQuoteKind, Event, Options, Tag, TagEnd};
use std::borrow::Cow;
use std::path::{Component, Path};

/// The parser's extensions, the same for every reader of the content.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// A box the catalogues use again and again. [`BoxKind::Citat`] is a quote with attribution, not
/// a box with a title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoxKind {
    Anbefaling,
    Case,
    Kommune,
    Inspiration,
    GodeRaad,
    Proevehandling,
    Fakta,
    Note,
    Tip,
    Vigtigt,
    Advarsel,
    Citat,
    /// `[!KUN: intern, forældre]`: only in the audience editions named (see
    /// `crate::handbook::editions`); its title is the editions.
    Kun,
    /// A trainer's note (`> [!UNDERVISER]`): only in a compendium's trainer edition.
    Underviser,
}

impl BoxKind {
    /// Every kind, for tests and documentation.
    pub const ALL: [BoxKind; 14] = [
        BoxKind::Anbefaling,
        BoxKind::Case,
        BoxKind::Kommune,
        BoxKind::Inspiration,
        BoxKind::GodeRaad,
        BoxKind::Proevehandling,
        BoxKind::Fakta,
        BoxKind::Note,
        BoxKind::Tip,
        BoxKind::Vigtigt,
        BoxKind::Advarsel,
        BoxKind::Citat,
        BoxKind::Underviser,
        BoxKind::Kun,
    ];

    /// The markers a writer may use, one per kind (as `docs/indhold.md` names them), for the
    /// nearest kind in a warning about an unknown one.
    pub const MARKERS: &'static [&'static str] = &[
        "ANBEFALING",
        "CASE",
        "KOMMUNE",
        "INSPIRATION",
        "GODE RÅD",
        "PRØVEHANDLING",
        "FAKTA",
        "NOTE",
        "TIP",
        "VIGTIGT",
        "ADVARSEL",
        "CITAT",
        "UNDERVISER",
        "KUN",
    ];

    /// The kind a marker names (`GODE RÅD`, `tip`, `Advarsel`), in any case; `None` if unknown.
    pub fn from_marker(marker: &str) -> Option<BoxKind> {
        use BoxKind::*;
        Some(match marker.trim().to_uppercase().as_str() {
            "ANBEFALING" => Anbefaling,
            "CASE" => Case,
            "KOMMUNE" => Kommune,
            "INSPIRATION" => Inspiration,
            "GODE RÅD" | "GODE RAAD" | "GODE RAD" => GodeRaad,
            "PRØVEHANDLING" | "PROEVEHANDLING" => Proevehandling,
            "FAKTA" | "DEFINITION" => Fakta,
            "CITAT" => Citat,
            "NOTE" => Note,
            "TIP" => Tip,
            "IMPORTANT" | "VIGTIGT" => Vigtigt,
            "WARNING" | "ADVARSEL" | "CAUTION" => Advarsel,
            "KUN" => Kun,
            "UNDERVISER" => Underviser,
            _ => return None,
        })
    }

    /// The kind of a GitHub alert (`> [!NOTE]`), which the parser reads itself.
    pub fn from_gfm(kind: BlockQuoteKind) -> BoxKind {
        match kind {
            BlockQuoteKind::Note => BoxKind::Note,
            BlockQuoteKind::Tip => BoxKind::Tip,
            BlockQuoteKind::Important => BoxKind::Vigtigt,
            BlockQuoteKind::Warning | BlockQuoteKind::Caution => BoxKind::Advarsel,
        }
    }

    /// The CSS class (`boks-{class}`) the themes style. Several markers share one look: a tip is
    /// good advice, a note is a fact.
    pub fn class(self) -> &'static str {
        use BoxKind::*;
        match self {
            Anbefaling | Vigtigt => "anbefaling",
            Case => "case",
            Kommune => "kommune",
            Inspiration => "inspiration",
            GodeRaad | Tip => "gode-raad",
            Proevehandling => "proevehandling",
            Fakta | Note => "fakta",
            Advarsel => "advarsel",
            Citat => "citat",
            Kun => "kun",
            Underviser => "underviser",
        }
    }

    /// The title a box gets when the marker gives none (empty for a quote).
    pub fn label(self, lang: Language) -> &'static str {
        use BoxKind::*;
        match (self, lang) {
            (Anbefaling, Language::Da) => "Anbefaling",
            (Anbefaling, Language::En) => "Recommendation",
            (Case, _) => "Case",
            (Kommune, Language::Da) => "Kommune",
            (Kommune, Language::En) => "Municipality",
            (Inspiration, _) => "Inspiration",
            (GodeRaad, Language::Da) => "Gode råd",
            (GodeRaad, Language::En) => "Good advice",
            (Proevehandling, Language::Da) => "Prøvehandling",
            (Proevehandling, Language::En) => "Try it out",
            (Fakta, Language::Da) => "Fakta",
            (Fakta, Language::En) => "Facts",
            (Note, _) => "Note",
            (Tip, _) => "Tip",
            (Vigtigt, Language::Da) => "Vigtigt",
            (Vigtigt, Language::En) => "Important",
            (Advarsel, Language::Da) => "Advarsel",
            (Advarsel, Language::En) => "Warning",
            (Citat, _) => "",
            (Kun, Language::Da) => "Kun for",
            (Kun, Language::En) => "Only for",
            (Underviser, Language::Da) => "Til underviseren",
            (Underviser, Language::En) => "For the trainer",
        }
    }
}

/// A box marker read from the start of a blockquote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoxMarker {
    pub kind: BoxKind,
    /// The title after `:` (`[!FAKTA: Titel]`); for a quote, its attribution. `None` if empty.
    pub title: Option<String>,
    /// How many events after the quote's start the marker takes (the paragraph start, its text
    /// and a line break after it); 0 for a GitHub alert, whose marker the parser already took.
    pub skip: usize,
    /// The marker was all the paragraph held: its end is skipped too, no paragraph re-opened.
    pub alone: bool,
}

impl BoxMarker {
    /// The title to show: the one written, or the kind's label.
    pub fn title_or_label(&self, lang: Language) -> String {
        match (&self.title, self.kind) {
            // The editions, after the label: "Kun for intern, forældre".
            (Some(t), BoxKind::Kun) => format!("{} {t}", self.kind.label(lang)),
            (Some(t), _) => t.clone(),
            (None, _) => self.kind.label(lang).to_string(),
        }
    }

    /// The editions a `[!KUN: …]` box names, as written (empty for other boxes).
    pub fn editions(&self) -> Vec<String> {
        match (self.kind, &self.title) {
            (BoxKind::Kun, Some(t)) => t
                .split(',')
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// `[!GODE RÅD]` or `[!FAKTA: Titel]` alone on the first line of a blockquote.
pub fn parse_marker(text: &str) -> Option<(BoxKind, Option<String>)> {
    let inner = text.trim().strip_prefix("[!")?.strip_suffix(']')?;
    let (kind, title) = match inner.split_once(':') {
        Some((k, t)) => (k, Some(t.trim().to_string()).filter(|t| !t.is_empty())),
        None => (inner, None),
    };
    Some((BoxKind::from_marker(kind)?, title))
}

/// The box a blockquote starting at event `at` opens, if any: either a GitHub alert the parser
/// read, or a marker in the first text of its first paragraph. The parser may split
/// `[!GODE RÅD]` into several text events, so they are joined. `ev(i)` is the parser's `i`th event.
pub fn box_marker<'e, 'a: 'e>(
    ev: impl Fn(usize) -> Option<&'e Event<'a>>,
    at: usize,
) -> Option<BoxMarker> {
    let Some(Event::Start(Tag::BlockQuote(kind))) = ev(at) else {
        return None;
    };
    if let Some(k) = kind {
        return Some(BoxMarker {
            kind: BoxKind::from_gfm(*k),
            title: None,
            skip: 0,
            alone: false,
        });
    }
    if !matches!(ev(at + 1), Some(Event::Start(Tag::Paragraph))) {
        return None;
    }
    // The first line's words: markup in a title (`[!FAKTA: *Om* loven]`) counts by its text.
    let mut text = String::new();
    let mut j = at + 2;
    loop {
        match ev(j) {
            None | Some(Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph)) => {
                break
            }
            Some(Event::Text(t) | Event::Code(t)) => text.push_str(t),
            Some(_) => {}
        }
        j += 1;
    }
    let (kind, title) = parse_marker(&text)?;
    // The paragraph start and the text; a line break after the marker goes with it.
    let mut skip = j - at - 1;
    let mut alone = false;
    match ev(j) {
        Some(Event::SoftBreak | Event::HardBreak) => skip += 1,
        Some(Event::End(TagEnd::Paragraph)) => {
            skip += 1;
            alone = true;
        }
        _ => {}
    }
    Some(BoxMarker {
        kind,
        title,
        skip,
        alone,
    })
}

/// The index of the event that closes the blockquote starting at `at` (or the last event), for
/// a reader that leaves a whole box out.
pub fn quote_end<'e, 'a: 'e>(ev: impl Fn(usize) -> Option<&'e Event<'a>>, at: usize) -> usize {
    let mut depth = 0usize;
    let mut j = at;
    while let Some(e) = ev(j) {
        match e {
            Event::Start(Tag::BlockQuote(_)) => depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
        j += 1;
    }
    j.saturating_sub(1)
}

/// A `[!…]` marker at the start of a blockquote that names no kind the dialect knows
/// (`[!GODE IDEER]`, a misspelt `[!UNDERVISSER: Titel]`): without a warning its box would be
/// printed as a plain quote, marker and all, to every reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownMarker {
    /// The kind as written (`GODE IDEER`).
    pub written: String,
    /// The known marker nearest to it (`GODE RÅD`).
    pub nearest: &'static str,
}

/// The unknown marker a blockquote starting at event `at` opens with, if any (see
/// [`UnknownMarker`]). Only a kind of letters and spaces counts, so `[!1]` or a link is no marker.
pub fn unknown_marker<'e, 'a: 'e>(
    ev: impl Fn(usize) -> Option<&'e Event<'a>>,
    at: usize,
) -> Option<UnknownMarker> {
    if !matches!(ev(at), Some(Event::Start(Tag::BlockQuote(None))))
        || !matches!(ev(at + 1), Some(Event::Start(Tag::Paragraph)))
    {
        return None;
    }
    let mut text = String::new();
    let mut j = at + 2;
    while let Some(Event::Text(t) | Event::Code(t)) = ev(j) {
        text.push_str(t);
        j += 1;
    }
    let inner = text.trim_start().strip_prefix("[!")?;
    let kind = inner[..inner.find(']')?].split(':').next()?.trim();
    let letters = kind.chars().all(|c| c.is_alphabetic() || c == ' ');
    if kind.is_empty() || kind.chars().count() > 40 || !letters {
        return None;
    }
    if BoxKind::from_marker(kind).is_some() {
        return None;
    }
    Some(UnknownMarker {
        written: kind.to_string(),
        nearest: nearest_marker(kind),
    })
}

/// The known marker nearest to `written`, by edits on the upper-cased words.
pub fn nearest_marker(written: &str) -> &'static str {
    let want = written.trim().to_uppercase();
    BoxKind::MARKERS
        .iter()
        .min_by_key(|m| strsim::damerau_levenshtein(&want, m))
        .copied()
        .unwrap_or("FAKTA")
}

/// What a link (or image) destination written in the content is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind<'a> {
    /// Nothing written: `[x]()`.
    Empty,
    /// On the web or outside bogbinder: see [`is_external`]. Kept as written.
    External(External),
    /// `#afsnit`: a place in the same page. In a book, links to its chapters travel as anchors.
    Anchor(&'a str),
    /// `@/metoder/x.md#afsnit`: a handbook page (or file) by its path in `content/`.
    Content {
        path: &'a str,
        anchor: Option<&'a str>,
    },
    /// `/billeder/x.png`: from the server's root, which breaks when the output is opened as files.
    RootAbsolute,
    /// `billeder/x.png`, `../x.md#afsnit`: relative to the text's own folder.
    Relative {
        path: &'a str,
        anchor: Option<&'a str>,
    },
}

impl<'a> LinkKind<'a> {
    /// Reads a destination as written (still percent-encoded: decode `path` with
    /// [`decode_link_path`]).
    pub fn of(dest: &'a str) -> LinkKind<'a> {
        if dest.is_empty() {
            return LinkKind::Empty;
        }
        if let Some(e) = External::of(dest) {
            return LinkKind::External(e);
        }
        if let Some(anchor) = dest.strip_prefix('#') {
            return LinkKind::Anchor(anchor);
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest, None),
        };
        if let Some(path) = path.strip_prefix("@/") {
            LinkKind::Content { path, anchor }
        } else if path.starts_with('/') {
            LinkKind::RootAbsolute
        } else {
            LinkKind::Relative { path, anchor }
        }
    }
}

/// Where an external link leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum External {
    /// `http://`, `https://`, or `//host` (the page's own scheme).
    Web,
    /// `mailto:`
    Mail,
    /// `tel:`
    Phone,
    /// `data:`: the content is written into the link itself.
    Data,
}

impl External {
    /// What `dest` leads to outside the project, if it does (the scheme in any case).
    pub fn of(dest: &str) -> Option<External> {
        const SCHEMES: [(&str, External); 6] = [
            ("http://", External::Web),
            ("https://", External::Web),
            ("//", External::Web),
            ("mailto:", External::Mail),
            ("tel:", External::Phone),
            ("data:", External::Data),
        ];
        SCHEMES.iter().find_map(|(s, kind)| {
            dest.get(..s.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(s))
                .then_some(*kind)
        })
    }
}

/// Whether a destination leads out of the project: the web, mail, phone, or data written into
/// the link. Such links are kept as written, and never read as files.
pub fn is_external(dest: &str) -> bool {
    External::of(dest).is_some()
}

/// Decodes `%XX` escapes, strictly: `None` for a `%` not followed by two hex digits, or bytes
/// that are not UTF-8. Strict, because the preview server decodes request paths with it, and a
/// request must never reach a file by a spelling that a lenient decoder would have repaired
/// (`%2e%2E`, half an escape, overlong bytes). Links in the content use [`decode_link_path`].
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A path written in a link, decoded: writers escape spaces and signs (`min%20side.md`), but a
/// path that is not valid percent-encoding (a file called `100%.md`) is meant as written.
pub fn decode_link_path(path: &str) -> String {
    percent_decode(path).unwrap_or_else(|| path.to_string())
}

/// Joins `base` (a `/`-separated folder) and a relative path; `None` if the result would leave
/// `base`'s root (`..` past it, or an absolute path).
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

/// Markdown text as the parser reads it: [`prepare`]d, with the way back to the text as written.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    pub text: Cow<'a, str>,
    /// Offsets in `text` of the bytes [`prepare`] added, ascending.
    added: Vec<usize>,
}

impl Prepared<'_> {
    /// The byte offset in the text as written of byte offset `at` in [`Prepared::text`], so
    /// messages name the place the writer sees.
    pub fn written_offset(&self, at: usize) -> usize {
        at - self.added.partition_point(|&a| a < at)
    }
}

/// Longest destination rewritten: longer than any path a writer types, and it keeps the work
/// per destination small on a page full of nested parentheses.
const MAX_DESTINATION: usize = 1024;

/// The text with every link or image destination written with spaces (`![Første skoledag]
/// (billeder/Første skoledag på Ærø.jpg)`, a phone's `Screenshot 2025-06-01 at 18.22.10.png`)
/// put in `<…>`, the form CommonMark reads spaces in; bare, the parser leaves the whole construct
/// as text. A rewrite is kept only where the parser then reads a link or image, so code, HTML and
/// plain brackets stay exactly as written. Text without such a destination is borrowed as it is.
pub fn prepare(text: &str) -> Prepared<'_> {
    let spaced = spaced_destinations(text);
    if spaced.is_empty() {
        return Prepared {
            text: Cow::Borrowed(text),
            added: Vec::new(),
        };
    }
    let tried = with_angles(text, &spaced);
    // Links and images in the order they start, each with the furthest end of any so far: a
    // place is inside one if the furthest end of those starting before it lies beyond it.
    let mut furthest = 0;
    let links: Vec<(usize, usize)> = pulldown_cmark::Parser::new_ext(&tried.text, options())
        .into_offset_iter()
        .filter(|(e, _)| matches!(e, Event::Start(Tag::Link { .. } | Tag::Image { .. })))
        .map(|(_, r)| {
            furthest = furthest.max(r.end);
            (r.start, furthest)
        })
        .collect();
    let inside = |at: usize| match links.partition_point(|&(start, _)| start <= at) {
        0 => false,
        n => links[n - 1].1 > at,
    };
    // Where the `<` of the k-th rewrite landed: each rewrite before it added two bytes.
    let kept: Vec<(usize, usize)> = spaced
        .iter()
        .enumerate()
        .filter(|(k, (start, _))| inside(start + 2 * k))
        .map(|(_, d)| *d)
        .collect();
    if kept.len() == spaced.len() {
        tried
    } else if kept.is_empty() {
        Prepared {
            text: Cow::Borrowed(text),
            added: Vec::new(),
        }
    } else {
        with_angles(text, &kept)
    }
}

/// `text` with `<` and `>` around each destination (byte ranges, ascending).
fn with_angles<'a>(text: &str, destinations: &[(usize, usize)]) -> Prepared<'a> {
    let mut out = String::with_capacity(text.len() + 2 * destinations.len());
    let mut added = Vec::with_capacity(2 * destinations.len());
    let mut from = 0;
    for &(start, end) in destinations {
        out.push_str(&text[from..start]);
        added.push(out.len());
        out.push('<');
        out.push_str(&text[start..end]);
        added.push(out.len());
        out.push('>');
        from = end;
    }
    out.push_str(&text[from..]);
    Prepared {
        text: Cow::Owned(out),
        added,
    }
}

/// Byte ranges of destinations after `](` that hold a space or tab, on one line, with balanced
/// parentheses, not already in `<…>`; a `"title"` or `'title'` after them stays outside. Each
/// `(` is matched once (see [`paren_pairs`]), so a page full of `](` takes linear time.
fn spaced_destinations(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    // Matched only when a destination may have a space: most pages never need it.
    let mut pairs = None;
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("](").map(|i| from + i) {
        from = i + 2;
        // `](a.md)`: the first sign that matters after `(` ends a destination without spaces.
        let rest = &text[i + 2..];
        let sign = rest.find(['(', ')', '\n', '\r', ' ', '\t', '\\']);
        if sign.is_none_or(|k| matches!(b[i + 2 + k], b')' | b'\n' | b'\r')) {
            continue;
        }
        let pairs = pairs.get_or_insert_with(|| paren_pairs(b));
        let escaped = b[..i].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1;
        let close = match pairs.binary_search_by_key(&(i + 1), |&(open, _)| open) {
            Ok(k) if !escaped => pairs[k].1,
            _ => continue,
        };
        if close - (i + 2) > MAX_DESTINATION {
            continue;
        }
        let inner = &text[i + 2..close];
        let lead = inner.len() - inner.trim_start_matches([' ', '\t']).len();
        let dest = without_title(inner[lead..].trim_end_matches([' ', '\t']));
        if !dest.is_empty() && dest.contains([' ', '\t']) {
            let start = i + 2 + lead;
            found.push((start, start + dest.len()));
            from = close + 1;
        }
    }
    found
}

/// Every `(` with the `)` that closes it on the same line, in order, where no `<` or `>` (which
/// `<…>` cannot hold) stands between them. Escaped parentheses (`\(`) do not count.
fn paren_pairs(b: &[u8]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    // Open parentheses, each with how many `<` or `>` the line had before it.
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut angles = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' | b'\r' => open.clear(),
            b'<' | b'>' => angles += 1,
            b'\\' => i += 1,
            b'(' => open.push((i, angles)),
            b')' => {
                if let Some((at, before)) = open.pop() {
                    if before == angles {
                        pairs.push((at, i));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    pairs.sort_unstable();
    pairs
}

/// A destination without the `"title"` or `'title'` written after it.
fn without_title(inner: &str) -> &str {
    for q in ['"', '\''] {
        let Some(rest) = inner.strip_suffix(q) else {
            continue;
        };
        if let Some(open) = rest.rfind(q) {
            let before = &inner[..open];
            if before.ends_with([' ', '\t']) {
                return before.trim_end_matches([' ', '\t']);
            }
        }
    }
    inner
}

/// Byte offsets (in the parsed text) of links and images the parser left as text: `![..](..)` or
/// `[..](..)` seen in a paragraph's words, for instance with a line break or an unbalanced
/// parenthesis in the destination. `events` are the parser's, with their ranges.
pub fn literal_links(events: &[(Event<'_>, std::ops::Range<usize>)]) -> Vec<usize> {
    let mut found = Vec::new();
    // The words of one block (emphasis and inline code do not part them), and where each text
    // event's words start in them and in the source, and whether they are the source's bytes.
    let mut words = String::new();
    let mut at: Vec<(usize, usize, bool)> = Vec::new();
    let mut flush = |words: &mut String, at: &mut Vec<(usize, usize, bool)>| {
        if words.contains("](") {
            for start in left_links(words) {
                let (w, src, same) = at[at.partition_point(|&(w, _, _)| w <= start) - 1];
                found.push(if same { src + start - w } else { src });
            }
        }
        words.clear();
        at.clear();
    };
    let mut in_code = false;
    for (e, r) in events {
        match e {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if in_code => {}
            Event::Text(t) => {
                // The parser's text is the source's, unless escapes or entities changed it.
                at.push((words.len(), r.start, r.len() == t.len()));
                words.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak => {
                at.push((words.len(), r.start, false));
                words.push('\n');
            }
            Event::Code(_)
            | Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. },
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            _ => flush(&mut words, &mut at),
        }
    }
    flush(&mut words, &mut at);
    found
}

/// Where in `words` each `[..](` starts (at its `!` for an image), once per `[`: each `](` with
/// the last `[` before it, in one pass.
fn left_links(words: &str) -> Vec<usize> {
    let b = words.as_bytes();
    let (mut open, mut starts) = (None, Vec::new());
    for i in 0..b.len() {
        match b[i] {
            b'[' => open = Some(i),
            b']' if b.get(i + 1) == Some(&b'(') => {
                let Some(o) = open else { continue };
                let start = if o > 0 && b[o - 1] == b'!' { o - 1 } else { o };
                if starts.last() != Some(&start) {
                    starts.push(start);
                }
            }
            _ => {}
        }
    }
    starts
}

/// The start of a link or image left as text, as a message quotes it: up to its `)` or the end
/// of its second line, at most 80 characters.
pub fn quoted_link(from: &str) -> String {
    let mut out = String::new();
    let mut lines = 0;
    for c in from.chars().take(80) {
        if c == '\n' {
            lines += 1;
            if lines == 2 {
                break;
            }
            out.push(' ');
            continue;
        }
        out.push(c);
        if c == ')' {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn marker_of(md: &str) -> Option<BoxMarker> {
        let events: Vec<Event<'_>> = Parser::new_ext(md, options()).collect();
        box_marker(|i| events.get(i), 0)
    }

    #[test]
    fn every_box_kind_has_a_class_and_labels_in_both_languages() {
        for kind in BoxKind::ALL {
            assert!(!kind.class().is_empty(), "{kind:?}");
            if kind != BoxKind::Citat {
                assert!(!kind.label(Language::Da).is_empty(), "{kind:?}");
                assert!(!kind.label(Language::En).is_empty(), "{kind:?}");
            }
        }
        assert_eq!(BoxKind::GodeRaad.label(Language::Da), "Gode råd");
        assert_eq!(BoxKind::GodeRaad.label(Language::En), "Good advice");
    }

    #[test]
    fn markers_in_danish_english_and_any_case() {
        use BoxKind::*;
        for (m, kind) in [
            ("GODE RÅD", GodeRaad),
            ("gode raad", GodeRaad),
            ("Prøvehandling", Proevehandling),
            ("DEFINITION", Fakta),
            ("tip", Tip),
            ("VIGTIGT", Vigtigt),
            ("caution", Advarsel),
            ("citat", Citat),
        ] {
            assert_eq!(BoxKind::from_marker(m), Some(kind), "{m}");
        }
        assert_eq!(BoxKind::from_marker("NOGET"), None);
        assert_eq!(
            parse_marker("[!CITAT: Ung, 14 år]"),
            Some((Citat, Some("Ung, 14 år".into())))
        );
        assert_eq!(parse_marker("[!FAKTA: ]"), Some((Fakta, None)));
        assert_eq!(parse_marker("[!FAKTA] mere"), None);
    }

    #[test]
    fn unknown_markers_name_the_nearest_kind() {
        let unknown = |md: &str| {
            let events: Vec<Event<'_>> = pulldown_cmark::Parser::new_ext(md, options()).collect();
            unknown_marker(|j| events.get(j), 0)
        };
        let m = unknown("> [!GODE IDEER]\n> Tekst\n").unwrap();
        assert_eq!((m.written.as_str(), m.nearest), ("GODE IDEER", "GODE RÅD"));
        let m = unknown("> [!UNDERVISSER: Kun til dig]\n> Tekst\n").unwrap();
        assert_eq!(
            (m.written.as_str(), m.nearest),
            ("UNDERVISSER", "UNDERVISER")
        );
        assert_eq!(unknown("> [!underviser]\n> Tekst\n"), None);
        assert_eq!(unknown("> [!FAKTA: Om loven]\n"), None);
        assert_eq!(unknown("> [!1]\n"), None);
        assert_eq!(unknown("> Et helt almindeligt citat\n"), None);
        assert_eq!(unknown("> [!NOTE]\n> GitHub\n"), None);
    }

    #[test]
    fn box_markers_are_read_from_the_parsers_events() {
        let md = "> [!GODE RÅD]\n> Start i det små.\n";
        let m = marker_of(md).unwrap();
        assert_eq!((m.kind, m.title, m.alone), (BoxKind::GodeRaad, None, false));
        // The marker's events end where the box's own text begins.
        let events: Vec<Event<'_>> = Parser::new_ext(md, options()).collect();
        assert_eq!(events[m.skip + 1], Event::Text("Start i det små.".into()));
        let m = marker_of("> [!FAKTA: Om loven]\n\n> Tekst.\n").unwrap();
        assert_eq!(m.title.as_deref(), Some("Om loven"));
        assert!(m.alone);
        let m = marker_of("> [!TIP]\n> Kort.\n").unwrap();
        assert_eq!((m.kind, m.skip), (BoxKind::Tip, 0));
        assert_eq!(marker_of("> Bare et citat.\n"), None);
        let m = marker_of("> [!FAKTA: *Om* `loven`]\n> Tekst.\n").unwrap();
        assert_eq!(m.title.as_deref(), Some("Om loven"));
        assert_eq!(marker_of("> [!FAKTA] og *mere*\n> x\n"), None);
        assert_eq!(marker_of("> [!UKENDT]\n> x\n"), None);
    }

    #[test]
    fn link_kinds() {
        use LinkKind::*;
        assert_eq!(LinkKind::of(""), Empty);
        for ext in [
            "https://x.dk",
            "HTTP://x.dk",
            "mailto:a@b.dk",
            "tel:12345678",
            "data:image/png;base64,AA",
            "//x.dk/a",
        ] {
            assert!(matches!(LinkKind::of(ext), LinkKind::External(_)), "{ext}");
        }
        assert_eq!(LinkKind::of("#afsnit"), Anchor("afsnit"));
        assert_eq!(
            LinkKind::of("@/metoder/a.md#x"),
            Content {
                path: "metoder/a.md",
                anchor: Some("x")
            }
        );
        assert_eq!(LinkKind::of("/billeder/a.png"), RootAbsolute);
        assert_eq!(
            LinkKind::of("../a%20b.md"),
            Relative {
                path: "../a%20b.md",
                anchor: None
            }
        );
        assert_eq!(
            LinkKind::of("//x.dk"),
            LinkKind::External(super::External::Web)
        );
        assert_eq!(
            LinkKind::of("Data:x"),
            LinkKind::External(super::External::Data)
        );
        assert!(!is_external("httpx://x") && !is_external("billeder/http.png"));
    }

    #[test]
    fn the_decoder_is_strict_and_links_fall_back_to_what_was_written() {
        assert_eq!(percent_decode("a%20b%C3%A6").as_deref(), Some("a bæ"));
        assert_eq!(percent_decode("%2e%2E").as_deref(), Some(".."));
        for bad in ["100%", "100%.md", "%zz", "%4", "%FF", "%+1", "%C3"] {
            assert_eq!(percent_decode(bad), None, "{bad}");
        }
        assert_eq!(decode_link_path("100%.md"), "100%.md");
        assert_eq!(decode_link_path("100%25.md"), "100%.md");
        assert_eq!(decode_link_path("%62oeger/x"), "boeger/x");
    }

    fn dests(md: &str) -> Vec<String> {
        let p = prepare(md);
        Parser::new_ext(&p.text, options())
            .filter_map(|e| match e {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    Some(dest_url.to_string())
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn destinations_with_spaces_are_read_as_written() {
        assert_eq!(
            dests("![Første skoledag](billeder/Første skoledag på Ærø.jpg) og mere"),
            ["billeder/Første skoledag på Ærø.jpg"]
        );
        assert_eq!(
            dests("![](Screenshot 2025-06-01 at 18.22.10.png)"),
            ["Screenshot 2025-06-01 at 18.22.10.png"]
        );
        assert_eq!(
            dests("[bilag](bilag 1 (ny).pdf \"Titel\") og [a](b.md) og [c]( c d.md )"),
            ["bilag 1 (ny).pdf", "b.md", "c d.md"]
        );
        // Forms the parser reads already stay as they are.
        for md in ["[a](<a b.md>)", "[a](a%20b.md)", "[a](a.md 'Titel her')"] {
            assert!(matches!(prepare(md).text, Cow::Borrowed(_)), "{md}");
        }
        assert_eq!(dests("[a](<a b.md>)"), ["a b.md"]);
        assert_eq!(
            dests("![a](b (c) d.png) ![e](f\\) g.png)"),
            ["b (c) d.png", "f) g.png"]
        );
    }

    #[test]
    fn code_html_and_plain_brackets_stay_as_written() {
        for md in [
            "`![x](a b.png)`",
            "```\n![x](a b.png)\n```\n",
            "<!-- [x](a b.md) -->\n",
            "Tekst ](a b) uden start.",
            "\\[x](a b.md)",
            "[x](a\nb.md)",
            "[x](a <b> c.md)",
            "[x](a \\) b.md",
        ] {
            assert_eq!(prepare(md).text, md, "{md}");
        }
    }

    #[test]
    fn places_after_a_rewrite_are_those_written() {
        let md = "[a](a b.md) [c](c d.md) ![e](e.png)";
        let p = prepare(md);
        let image = p.text.find("![e]").unwrap();
        assert_eq!(p.written_offset(image), md.find("![e]").unwrap());
        assert_eq!(p.written_offset(0), 0);
    }

    #[test]
    fn links_left_as_text_are_found_where_they_start() {
        let found = |md: &str| {
            let p = prepare(md);
            let events: Vec<_> = Parser::new_ext(&p.text, options())
                .into_offset_iter()
                .collect();
            literal_links(&events)
                .into_iter()
                .map(|o| p.written_offset(o))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            found("Se ![Første](billeder/Første\nskoledag.jpg) her"),
            [3]
        );
        assert_eq!(found("x [a](b(c.md) y"), [2]);
        assert!(found("[a](b.md) og ![c](d e.png) og `[x](y`").is_empty());
        assert!(found("```\n[a](b\n```\n").is_empty());
        assert_eq!(found("Se ![Første *skoledag*](a\nb.jpg)"), [3]);
    }

    #[test]
    fn joined_paths_never_leave_the_root() {
        assert_eq!(join_inside("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(join_inside("a", "./b/./c").as_deref(), Some("a/b/c"));
        assert_eq!(join_inside("a", "../../x"), None);
        assert_eq!(join_inside("", "/etc/passwd"), None);
    }
}
