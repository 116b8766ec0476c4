//! A book written as typst markup. Every piece of the user's text is escaped, so nothing they
//! write (`#`, `*`, `$`, `@`, `<`, ...) can be read by typst as markup or code: text goes through
//! [`esc`], and values passed to functions are string literals made by [`lit`].

use crate::book::doc::TimelineItem;
use crate::book::doc::{self, DocEvent, DocWriter};
use crate::book::model::{Book, ConsentPage, Part, WorkshopEntry};
use crate::text::i18n::Language;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::HashSet;

/// Page setup, styles and the small functions the book's markup calls. It reads the design's
/// values (`accent`, `skrift`, `storrelse`, ... from [`crate::book::design::Design::typst`]), written just before it.
const PREAMBLE: &str = r##"
#let kapitelfarve = state("kapitelfarve", accent)
#let kapitel(farve) = kapitelfarve.update(rgb(farve))
#set page(paper: "a4", margin: (x: 2.2cm, top: 2.4cm, bottom: 2.6cm))
#set text(font: skrift, size: storrelse, lang: "da", region: "dk", hyphenate: orddeling)
#set par(justify: lige, leading: linjeafstand, spacing: 1.05em)
#set figure(numbering: none)
#show figure.caption: set text(size: storrelse - 1pt)
#show heading: set text(fill: accent)
#show heading: set par(justify: false)
#show heading.where(level: 1): it => context {
  let farve = kapitelfarve.get()
  v(if side-pr-kapitel { 1.2cm } else { 0.4cm })
  block(below: 0.8cm, width: 100%, text(size: overskrift, weight: "bold", fill: farve, hyphenate: false, it.body))
}
#show heading.where(level: 2): set text(size: storrelse + 3.5pt)
#show heading.where(level: 3): set text(size: storrelse + 1pt)
#show link: set text(fill: accent)
#show table.cell.where(y: 0): set text(weight: "bold")
#set table(stroke: 0.5pt + luma(170), inset: 6pt, fill: (_, y) => if y == 0 { pale })
#set quote(block: true)
#show quote: set text(style: "italic")
#show outline.entry.where(level: 1): set text(size: 13pt)

#let boks(label, body) = block(
  fill: pale, stroke: (left: 3pt + accent), inset: (x: 12pt, y: 10pt), width: 100%, breakable: true,
)[#text(fill: accent, weight: "bold", label) #parbreak() #body]
#let citat(body) = quote(block: true, body)
#let kilde(who) = align(right, text(size: 10.5pt, [— #who]))
#let bogbillede(path, portrait, caption, alt: "Billede") = figure(
  if portrait { image(path, height: 11cm, alt: alt) } else { image(path, width: 100%, alt: alt) },
  caption: if caption == [] { none } else { caption },
)
#let foto(path, caption, date) = {
  pagebreak(weak: true)
  v(0.5cm)
  align(center, block(clip: true, radius: 6pt, image(path, width: 100%, height: 17cm, fit: "contain", alt: if caption == "" { "Foto" } else { caption })))
  v(0.4cm)
  align(center, text(size: 13pt, caption))
  if date != "" { align(center, text(size: 10.5pt, fill: luma(90), date)) }
}
#let udfyld(questions) = {
  for q in questions {
    block(breakable: false, below: 0.6cm)[
      #context text(weight: "bold", fill: kapitelfarve.get(), q)
      #for _ in range(4) { v(0.95cm); line(length: 100%, stroke: 0.6pt + luma(150)) }
    ]
  }
  if questions.len() == 0 {
    for _ in range(6) { v(0.95cm); line(length: 100%, stroke: 0.6pt + luma(150)) }
  }
  v(0.6cm)
  block(breakable: false, width: 100%, height: 9cm, radius: 10pt, inset: 10pt,
    stroke: (paint: accent, thickness: 1.2pt, dash: "dashed"),
    text(fill: accent, size: storrelse - 2pt, "Tegn her"))
}
#let galleri(photos) = block(breakable: false, width: 100%, grid(
  columns: (1fr, 1fr), gutter: 0.5cm,
  ..photos.map(((path, caption)) => figure(
    block(clip: true, radius: 6pt, image(path, width: 100%, height: 6.5cm, fit: "contain", alt: if caption == "" { "Foto" } else { caption })),
    caption: if caption == "" { none } else { caption },
  )),
))
#let tegning(path, caption) = {
  pagebreak(weak: true)
  align(center + horizon, figure(
    image(path, width: 100%, height: 23cm, fit: "contain", alt: if caption == "" { "Tegning" } else { caption }),
    caption: if caption == "" { none } else { caption },
  ))
  pagebreak(weak: true)
}
#let tidslinje(entries) = for (date, place, body, photo) in entries {
  block(inset: (left: 16pt, bottom: 4pt), stroke: (left: 2.5pt + accent), breakable: false, below: 14pt)[
    #text(fill: accent, weight: "bold", date) \
    #text(size: 14pt, place)
    #if body != "" { parbreak(); body }
    #if photo != "" { v(0.2cm); block(clip: true, radius: 6pt, image(photo, width: 75%, height: 8cm, fit: "contain", alt: place)) }
  ]
}
"##;

/// The functions of a compendium's parts and of every title page (after [`PREAMBLE`]). A title
/// is set unjustified, one line per part (`Ambassadørkursus:` / `Børn i centrum`), never
/// stretched over the page's width.
const COURSE_PREAMBLE: &str = r##"
#let bogtitel(lines) = {
  set par(justify: false)
  for l in lines { block(below: 0.35em, text(size: 34pt, weight: "bold", fill: accent, hyphenate: false, l)) }
}
#let workshopside(title, facts, description, uses, label-uses) = {
  pagebreak(weak: true)
  v(2cm)
  heading(level: 1, title)
  set par(justify: false)
  for f in facts { block(below: 0.5em, text(size: 13pt, weight: "bold", f)) }
  if description != "" { v(0.4cm); block(description) }
  if uses.len() > 0 {
    v(0.6cm)
    block(below: 0.6em, text(weight: "bold", label-uses))
    for (t, id) in uses {
      block(below: 0.5em, [#link(label(id), t) #box(width: 1fr, repeat[.]) #context counter(page).at(label(id)).first()])
    }
  }
}
#let delkapitel(title, id, farve) = {
  pagebreak(weak: true)
  kapitelfarve.update(rgb(farve))
  v(1.2cm)
  block(below: 0.8cm, width: 100%, [
    #show heading: set text(size: overskrift, weight: "bold", fill: rgb(farve), hyphenate: false)
    #heading(level: 2, title) #label(id)
  ])
}
"##;

/// A book as typst markup: the fixed preamble between what was generated from the book.
pub struct Document {
    pub text: String,
    preamble: std::ops::Range<usize>,
}

impl Document {
    /// The parts made from the book's text (everything but the preamble), for [`super::guard`].
    pub fn generated(&self) -> [&str; 2] {
        [
            &self.text[..self.preamble.start],
            &self.text[self.preamble.end..],
        ]
    }
}

/// The longest run of characters typst is given without a place to break the line: its line
/// breaker takes time in the square of a word's length (a 400,000-letter word took 37 s), so a
/// longer run gets an invisible break opportunity (U+200B) every this many characters.
const MAX_UNBROKEN: usize = 60;

/// The whole book as a typst document: `text` is the book's chapters as typed events.
pub fn document(book: &Book, text: &doc::Document) -> Document {
    write_document(book, text, false)
}

/// [`document`] with a running header on every page after the contents (the handbook's PDF,
/// see `crate::book::handbook_pdf`): the top-level section at the left and the chapter at the
/// right, written as plain text before each part and chapter ([`with_running_head`]), which
/// start on a new page. Typst is never asked on each page where the headings fall (`query`): a
/// header that asks makes every page depend on the layout of the whole book, and typst laid out
/// each page anew in every pass and kept every pass in memory.
pub fn document_with_running_head(book: &Book, text: &doc::Document) -> Document {
    write_document(book, text, true)
}

/// The preamble's part of the running header: `sidehoved(afsnit, side)` as a page header.
pub const RUNNING_HEAD_PREAMBLE: &str = r##"
#let sidehoved(afsnit, side) = {
  set text(size: 9pt, fill: luma(80), hyphenate: false)
  set par(justify: false)
  grid(columns: (1fr, auto), gutter: 1em, afsnit, side)
  v(-0.5em)
  line(length: 100%, stroke: 0.4pt + luma(180))
}
"##;

/// A part's or chapter's pages with the running header (see [`document_with_running_head`]):
/// the section, and the chapter when there is one. The set rule is kept inside a content block,
/// so it ends with these pages: a thousand set rules one after another would nest the styles of
/// every later page a thousand deep. Typst starts a new page where the header changes, and
/// marks page headers as artifacts, so a screen reader does not read them on every page.
fn with_running_head(section: &str, chapter: Option<&str>, body: &str) -> String {
    format!(
        "#[#set page(header: sidehoved({}, {}))\n{body}]\n",
        lit(section),
        chapter.map(lit).unwrap_or_else(|| "none".to_string())
    )
}

fn write_document(book: &Book, text: &doc::Document, running: bool) -> Document {
    let design = &book.design;
    let mut out = String::with_capacity(64 * 1024);
    out.push_str(&format!(
        "#set document(title: {}{})\n",
        lit(&book.title),
        book.subtitle
            .as_deref()
            .map(|s| format!(", description: {}", lit(s)))
            .unwrap_or_default()
    ));
    let start = out.len();
    out.push_str(&design.typst());
    out.push_str(PREAMBLE);
    out.push_str(COURSE_PREAMBLE);
    if running {
        out.push_str(RUNNING_HEAD_PREAMBLE);
    }
    let preamble = start..out.len();
    // Links may only lead to labels the document has: typst refuses a link to a missing label.
    let labels: HashSet<&str> = text.chapters.iter().map(|c| c.id.as_str()).collect();
    title_page(book, text.cover.as_deref(), &mut out);
    if let Some(c) = &book.consent {
        consent_page(c, &mut out);
    }
    // A course's compendium lists its workshops with their chapters under them.
    let depth = if book.course.is_some() { 2 } else { 1 };
    out.push_str(&format!(
        "#page(numbering: none)[#outline(title: [Indhold], depth: {depth})]\n"
    ));
    out.push_str("#set page(numbering: \"1\")\n#counter(page).update(1)\n");
    let course = book.course.as_ref();
    let titles = |i: usize| {
        text.chapters
            .get(i)
            .map(|c| (c.title.as_str(), c.id.as_str()))
    };
    // The part the chapters are in, for the running header.
    let mut section: Option<&str> = None;
    let put = |out: &mut String, head: (&str, Option<&str>), pages: String| {
        if running {
            out.push_str(&with_running_head(head.0, head.1, &pages));
        } else {
            out.push_str(&pages);
        }
    };
    for (i, ch) in text.chapters.iter().enumerate() {
        let parts: Vec<&Part> = course.map(|c| c.parts_at(i).collect()).unwrap_or_default();
        for p in &parts {
            put(&mut out, (&p.title, None), part_page(p, &titles, book.lang));
            section = Some(&p.title);
        }
        if course.is_some_and(|c| c.parts.iter().any(|p| p.first <= i)) {
            let head = (section.unwrap_or_default(), Some(ch.title.as_str()));
            put(
                &mut out,
                head,
                chapter_in_part(ch, design.colour(i), &labels),
            );
            continue;
        }
        // A new page where the design wants one, and always for a page to fill in by hand; else
        // a short chapter shares its page with the next.
        let mut chapter = String::new();
        if design.page_per_chapter || book.fill_in {
            chapter.push_str("#pagebreak(weak: true)\n");
        } else {
            chapter.push_str("#v(1.2cm, weak: true)\n");
        }
        // The id comes from a file name: a label made by `label("...")`, never `<...>` markup.
        chapter.push_str(&format!(
            "#kapitel({})\n#heading(level: 1)[{}] #label({})\n\n",
            lit(design.colour(i)),
            esc(&ch.title),
            lit(&ch.id)
        ));
        chapter.push_str(&doc::write(TypstWriter::new(&labels), &ch.events));
        put(&mut out, (&ch.title, None), chapter);
    }
    // Workshops that print no page of their own come last.
    for p in course
        .map(|c| c.parts_at(text.chapters.len()))
        .into_iter()
        .flatten()
    {
        put(&mut out, (&p.title, None), part_page(p, &titles, book.lang));
    }
    Document {
        text: out,
        preamble,
    }
}

/// A chapter inside a workshop of a compendium: a level below the workshop, its headings too.
fn chapter_in_part(ch: &doc::DocChapter, colour: &str, labels: &HashSet<&str>) -> String {
    format!(
        "#delkapitel({}, {}, {})\n\n{}",
        lit(&ch.title),
        lit(&ch.id),
        lit(colour),
        doc::write(TypstWriter::new(labels).shifted(1), &ch.events)
    )
}

/// A workshop's first page: its title (a heading above its chapters), when, where and by whom,
/// and every page it uses with the page it is printed on.
fn part_page<'t>(
    p: &Part,
    titles: &dyn Fn(usize) -> Option<(&'t str, &'t str)>,
    lang: Language,
) -> String {
    let uses: Vec<String> = (p.uses.iter().filter_map(|&i| titles(i)))
        .map(|(t, id)| format!("({}, {})", lit(t), lit(id)))
        .collect();
    let label = match lang {
        Language::Da => "Til denne workshop",
        Language::En => "For this workshop",
    };
    format!(
        "#workshopside({}, {}, {}, {}, {})\n\n",
        lit(&p.title),
        array(&p.facts),
        lit(p.description.as_deref().unwrap_or("")),
        typst_array(&uses),
        lit(label)
    )
}

fn consent_page(c: &ConsentPage, out: &mut String) {
    out.push_str(&format!(
        "#page(numbering: none)[\n#v(1.5cm)\n#text(size: 22pt, weight: \"bold\", fill: accent)[Samtykke til overlevering]\n#v(0.8cm)\n\
         Denne udgave af bogen gives til #strong({}) med samtykke fra #strong({}), givet {}.\n\n\
         Samtykket dækker kun disse kapitler, og kun de er med i denne udgave:\n\n#list({})\n\n\
         {}#text(size: 10pt)[Bogen må ikke gives videre til andre uden et nyt samtykke.]\n\n{}]\n",
        lit(&c.recipient),
        lit(&c.given_by),
        esc(&c.date),
        c.chapters
            .iter()
            .map(|t| lit(t))
            .collect::<Vec<_>>()
            .join(", ")
            + if c.chapters.len() == 1 { "," } else { "" },
        if c.child_yes {
            "Barnet har også selv sagt ja.\n\n"
        } else {
            ""
        },
        SIGNATURES
    ));
}

/// Lines for the custody holders and the child to sign the consent page.
const SIGNATURES: &str = "#v(1cm)\n\
    #v(1.2cm)\n#line(length: 100%, stroke: 0.5pt)\n#text(size: 9pt)[Dato og underskrift, forældremyndighedsindehaver]\n\
    #v(1.2cm)\n#line(length: 100%, stroke: 0.5pt)\n#text(size: 9pt)[Dato og underskrift, forældremyndighedsindehaver]\n\
    #v(1.2cm)\n#line(length: 100%, stroke: 0.5pt)\n#text(size: 9pt)[Dato og underskrift, barnet]\n";

/// Opens a link to a chapter's label (closed by `]`), or plain content if there is no such label.
fn label_link(id: &str, labels: &HashSet<&str>) -> String {
    if labels.contains(id) {
        format!("#link(label({}))[", lit(id))
    } else {
        "#[".to_string()
    }
}

fn title_page(book: &Book, cover: Option<&str>, out: &mut String) {
    out.push_str("#page(numbering: none, margin: 2cm)[\n#align(center + horizon)[\n");
    if let Some(name) = cover {
        out.push_str(&format!(
            // The whole photo, never cut: a child's face must not be cropped off the cover.
            "#image({}, width: 15cm, height: 15cm, fit: \"contain\", alt: {})\n#v(1cm)\n",
            lit(&format!("/{name}")),
            lit(&format!("Forsidefoto: {}", book.title))
        ));
    }
    out.push_str(&format!(
        "#bogtitel({})\n",
        array(&title_lines(&book.title))
    ));
    if let Some(s) = &book.subtitle {
        out.push_str(&format!("#v(0.3cm)\n#text(size: 17pt, {})\n", lit(s)));
    }
    if let Some(o) = &book.owner_line {
        out.push_str(&format!(
            "#v(1.2cm)\n#text(size: 13pt, style: \"italic\", {})\n",
            lit(o)
        ));
    }
    out.push_str("]\n]\n");
}

/// A typst array of typst values: `()`, `(a,)` (one needs its comma) or `(a, b)`.
pub fn typst_array(values: &[String]) -> String {
    match values {
        [] => "()".to_string(),
        [one] => format!("({one},)"),
        many => format!("({})", many.join(", ")),
    }
}

/// A typst array of strings, each a literal made by [`lit`].
pub fn array(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| lit(s)).collect();
    typst_array(&items)
}

/// A title's lines on the title page: a break after a colon or a dash (`Ambassadørkursus:` /
/// `Børn i centrum`), so a title breaks where its words do, not where the width ends.
fn title_lines(title: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest = title.trim();
    while let Some(at) = [": ", " – ", " - "]
        .iter()
        .filter_map(|sep| rest.find(sep).map(|i| (i, sep)))
        .min()
    {
        let (i, sep) = at;
        let keep = if sep.starts_with(':') { i + 1 } else { i };
        lines.push(rest[..keep].trim().to_string());
        rest = rest[i + sep.len()..].trim_start();
    }
    lines.push(rest.to_string());
    lines.retain(|l| !l.is_empty());
    lines
}

fn figure(src: &str, caption: &str, date: Option<&str>) -> String {
    format!(
        "#foto({}, {}, {})\n\n",
        lit(&format!("/{src}")),
        lit(caption),
        lit(date.unwrap_or(""))
    )
}

/// The images of one paragraph, without new syntax: drawings each on their own page as large as
/// they fit; one photo full width with its caption; two or more photos in a grid of two columns.
fn photos(images: &[PendingImage]) -> String {
    let mut out = String::new();
    for d in images.iter().filter(|i| i.drawing) {
        out.push_str(&format!(
            "#tegning({}, {})\n\n",
            lit(&format!("/{}", d.src)),
            lit(&d.alt)
        ));
    }
    let photos: Vec<&PendingImage> = images.iter().filter(|i| !i.drawing).collect();
    match photos.as_slice() {
        [] => {}
        [one] => out.push_str(&format!(
            "#bogbillede({}, {}, [{}], alt: {})\n\n",
            lit(&format!("/{}", one.src)),
            one.portrait,
            esc(&one.alt),
            lit(if one.alt.trim().is_empty() {
                "Billede"
            } else {
                &one.alt
            })
        )),
        many => {
            let items: Vec<String> = many
                .iter()
                .map(|p| format!("({}, {})", lit(&format!("/{}", p.src)), lit(&p.alt)))
                .collect();
            out.push_str(&format!("#galleri(({},))\n\n", items.join(", ")));
        }
    }
    out
}

/// Lines to write on under each question, and a frame to draw in.
fn fill_in(questions: &[String]) -> String {
    let items: Vec<String> = questions.iter().map(|q| lit(q)).collect();
    let comma = if items.len() == 1 { "," } else { "" };
    format!("#udfyld(({}{comma}))\n\n", items.join(", "))
}

fn timeline(entries: &[TimelineItem]) -> String {
    let items: Vec<String> = entries
        .iter()
        .map(|e| {
            format!(
                "({}, {}, {}, {})",
                lit(&e.date),
                lit(&e.place),
                lit(e.text.as_deref().unwrap_or("")),
                lit(&e
                    .photo
                    .as_deref()
                    .map(|p| format!("/{p}"))
                    .unwrap_or_default())
            )
        })
        .collect();
    format!("#tidslinje(({},))\n\n", items.join(", "))
}

fn workshops(list: &[WorkshopEntry], labels: &HashSet<&str>) -> String {
    let mut out = String::new();
    for w in list {
        out.push_str(&format!(
            "#heading(level: 2, outlined: false)[{}]\n\n",
            esc(&w.title)
        ));
        if let Some(d) = &w.duration {
            out.push_str(&format!("#text(fill: luma(80))[{}]\n\n", esc(d)));
        }
        for f in &w.facts {
            out.push_str(&format!("#strong[{}] \\\n", esc(f)));
        }
        if let Some(d) = &w.description {
            out.push_str(&format!("{}\n\n", esc(d)));
        }
        if !w.uses.is_empty() {
            let uses: Vec<String> = w
                .uses
                .iter()
                .map(|(t, id)| format!("{}{}]", label_link(id, labels), esc(t)))
                .collect();
            out.push_str(&format!("Læs: {}\n\n", uses.join(", ")));
        }
    }
    out
}

/// A chapter's events as typst markup.
pub struct TypstWriter<'a> {
    out: String,
    /// The chapters' labels, the only ones a link may lead to.
    labels: &'a HashSet<&'a str>,
    /// Text of the code block being read.
    code: Option<String>,
    /// The level of the last heading (1: the chapter's title).
    heading: usize,
    /// The images of the paragraph being read, laid out together at its end (see [`photos`]).
    images: Vec<PendingImage>,
    /// Inside a paragraph (images there wait for its end).
    in_paragraph: bool,
    /// Levels added to every heading: 1 for a chapter inside a workshop of a compendium.
    shift: usize,
}

/// An image waiting for the end of its paragraph.
struct PendingImage {
    src: String,
    alt: String,
    portrait: bool,
    drawing: bool,
}

impl<'a> TypstWriter<'a> {
    pub fn new(labels: &'a HashSet<&'a str>) -> Self {
        TypstWriter {
            out: String::new(),
            labels,
            code: None,
            heading: 1,
            images: Vec::new(),
            in_paragraph: false,
            shift: 0,
        }
    }

    /// Every heading `by` levels lower (a chapter inside a part of the book).
    pub fn shifted(mut self, by: usize) -> Self {
        self.shift = by;
        self
    }

    fn start(&mut self, tag: &Tag<'_>) {
        let o = &mut self.out;
        match tag {
            // A heading is at most one level below the one before (`####` right after the
            // chapter's title becomes level 2): a skipped level breaks PDF/UA (`--arkiv`).
            Tag::Heading { level, .. } => {
                self.heading = (*level as usize).min(self.heading + 1);
                o.push_str(&format!(
                    "#heading(level: {}, outlined: false)[",
                    self.heading + self.shift
                ))
            }
            Tag::BlockQuote(_) => o.push_str("#quote(block: true)["),
            Tag::CodeBlock(_) => self.code = Some(String::new()),
            Tag::List(None) => o.push_str("#list("),
            Tag::List(Some(n)) => o.push_str(&format!("#enum(start: {n}, ")),
            Tag::Item | Tag::TableCell => o.push('['),
            Tag::Table(aligns) => o.push_str(&format!("#table(columns: {}, ", aligns.len().max(1))),
            Tag::TableHead => o.push_str("table.header("),
            Tag::Emphasis => o.push_str("#emph["),
            Tag::Strong => o.push_str("#strong["),
            Tag::Strikethrough => o.push_str("#strike["),
            Tag::Link { dest_url, .. } => match dest_url.strip_prefix('#') {
                Some(id) => o.push_str(&label_link(id, self.labels)),
                // typst refuses URLs longer than 8000 bytes: such a link is kept as text.
                None if dest_url.is_empty() || dest_url.len() > 8000 => o.push_str("#["),
                None => o.push_str(&format!("#link({})[", lit(dest_url))),
            },
            Tag::FootnoteDefinition(name) => o.push_str(&format!("#super[{}] ", esc(name))),
            Tag::Paragraph => self.in_paragraph = true,
            // Paragraphs and rows need no opening; images come as their own event.
            _ => {}
        }
    }

    fn end(&mut self, tag: &TagEnd) {
        let o = &mut self.out;
        match tag {
            TagEnd::Paragraph => {
                o.push_str("\n\n");
                self.in_paragraph = false;
                let images = std::mem::take(&mut self.images);
                o.push_str(&photos(&images));
            }
            TagEnd::FootnoteDefinition => o.push_str("\n\n"),
            TagEnd::Heading(_) | TagEnd::BlockQuote(_) => o.push_str("]\n\n"),
            TagEnd::List(_) | TagEnd::Table => o.push_str(")\n\n"),
            TagEnd::Item | TagEnd::TableCell => o.push_str("], "),
            TagEnd::TableHead => o.push_str("), "),
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => o.push(']'),
            _ => {}
        }
    }

    fn markdown(&mut self, e: &Event<'_>) {
        if let Some(code) = &mut self.code {
            match e {
                Event::Text(t) => code.push_str(t),
                Event::End(TagEnd::CodeBlock) => {
                    let code = self.code.take().unwrap_or_default();
                    self.out
                        .push_str(&format!("#raw(block: true, {})\n\n", lit(code.trim_end())));
                }
                _ => {}
            }
            return;
        }
        let o = &mut self.out;
        match e {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => o.push_str(&esc(t)),
            Event::Code(t) => o.push_str(&format!("#raw({})", lit(t))),
            Event::SoftBreak => o.push(' '),
            Event::HardBreak => o.push_str("#linebreak()"),
            Event::Rule => o.push_str("#line(length: 100%, stroke: 0.5pt + luma(170))\n\n"),
            Event::FootnoteReference(n) => o.push_str(&format!("#super[{}]", esc(n))),
            Event::TaskListMarker(done) => o.push_str(if *done { "\\[x\\] " } else { "\\[ \\] " }),
            Event::Html(t)
            | Event::InlineHtml(t)
            | Event::InlineMath(t)
            | Event::DisplayMath(t) => o.push_str(&esc(t)),
        }
    }
}

impl DocWriter for TypstWriter<'_> {
    fn event(&mut self, e: &DocEvent) {
        let o = &mut self.out;
        match e {
            DocEvent::Md(ev) => self.markdown(ev),
            DocEvent::BoxStart { title, .. } => o.push_str(&format!("#boks({})[", lit(title))),
            DocEvent::BoxEnd => o.push_str("]\n\n"),
            DocEvent::QuoteStart => o.push_str("#citat["),
            DocEvent::QuoteEnd { attribution } => {
                o.push_str("]\n\n");
                if let Some(who) = attribution {
                    o.push_str(&format!("#kilde({})\n\n", lit(who)));
                }
            }
            DocEvent::Image {
                src,
                alt,
                portrait,
                drawing,
                ..
            } => {
                let image = PendingImage {
                    src: src.clone(),
                    alt: alt.clone(),
                    portrait: *portrait,
                    drawing: *drawing,
                };
                if self.in_paragraph {
                    self.images.push(image);
                } else {
                    o.push_str(&photos(&[image]));
                }
            }
            DocEvent::Figure { src, caption, date } => {
                o.push_str(&figure(src, caption, date.as_deref()))
            }
            DocEvent::Timeline(entries) => o.push_str(&timeline(entries)),
            DocEvent::Workshops(list) => o.push_str(&workshops(list, self.labels)),
            DocEvent::FillIn(questions) => o.push_str(&fill_in(questions)),
            DocEvent::Form { form, lang } => o.push_str(&form_on_paper(form, *lang)),
            DocEvent::BlockEnd => o.push('\n'),
        }
    }

    fn finish(self) -> String {
        self.out
    }
}

/// A form with blank fields to fill in by hand, as wide as the text of a page (A4, 2.2 cm
/// margins: 470 pt) less a little, so it also fits inside a box.
fn form_on_paper(form: &crate::handbook::forms::Form, lang: crate::text::i18n::Language) -> String {
    let body = crate::handbook::forms::pdf::paper(std::slice::from_ref(form), 440.0, lang);
    format!("#block(above: 10pt, below: 12pt)[\n{body}]\n\n")
}

/// Text as typst markup that shows exactly these characters: every ASCII sign that could start
/// markup or continue a function call is escaped, line breaks become spaces.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut run = 0;
    for c in s.chars() {
        if c.is_whitespace() {
            run = 0;
        } else {
            run += 1;
            if run > MAX_UNBROKEN {
                out.push('\u{200B}');
                run = 1;
            }
        }
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '#' | '*' | '_' | '`' | '$' | '<' | '>' | '@' | '[' | ']' | '~' | '=' | '-'
            | '+' | '/' | '.' | '(' | ')' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A typst string literal.
pub fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push_str("\\t"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_signs_are_escaped() {
        assert_eq!(
            esc("#let x = $1 *fed* <a> @b"),
            "\\#let x \\= \\$1 \\*fed\\* \\<a\\> \\@b"
        );
        assert_eq!(lit("sagde \"hej\" \\"), "\"sagde \\\"hej\\\" \\\\\"");
    }

    /// Every printable ASCII sign, alone, doubled, at the start of a line and after a call, plus
    /// Danish letters, emoji and control characters.
    fn hostile_texts() -> Vec<String> {
        let mut texts: Vec<String> = (0x20u8..0x7F)
            .map(|b| (b as char).to_string())
            .flat_map(|c| {
                [
                    c.clone(),
                    c.repeat(2),
                    c.repeat(3),
                    format!("{c} x"),
                    format!("a{c}b"),
                    format!("x {c}"),
                    format!("1{c} x"),
                ]
            })
            .collect();
        texts.extend(
            [
                "mor & far 100% æøå ÆØÅ 🙂",
                "x> #for i in range(3) [PWNED] <y",
                "#let x = 1\n#x",
                "https://example.com/a?b=c#d",
                "// kommentar /* blok */",
                "\\u{41} \\ \\\\",
                "'enkelt' \"dobbelt\" ...",
                "--- -- -? ~",
                "= overskrift\n- punkt\n+ tal\n/ term: x\n1. en",
                "$x^2$ `kode` ```blok```",
                "@ref <label> *fed* _kursiv_",
                "slut med \\",
                "tab\there\r\nog ny linje\u{0}\u{7f}\u{200b}",
            ]
            .map(String::from),
        );
        texts
    }

    /// What typst shows for markup that must be plain text: any node that is not text, an escape,
    /// a space or a quote means a sign was read as markup.
    fn shown(markup: &str) -> String {
        use typst::syntax::{ast, SyntaxKind, SyntaxNode};
        fn walk(n: &SyntaxNode, out: &mut String) {
            match n.kind() {
                SyntaxKind::Markup => n.children().for_each(|c| walk(c, out)),
                SyntaxKind::Text | SyntaxKind::SmartQuote | SyntaxKind::Space => {
                    out.push_str(n.leaf_text())
                }
                SyntaxKind::Escape => out.push(n.cast::<ast::Escape>().unwrap().get()),
                other => panic!("{other:?} in {:?}", n.full_text()),
            }
        }
        let mut out = String::new();
        walk(&typst::syntax::parse(markup), &mut out);
        out
    }

    #[test]
    fn escaped_text_is_only_text_whatever_the_signs() {
        for t in hostile_texts() {
            let expected = t.replace(['\n', '\r', '\t'], " ");
            assert_eq!(shown(&esc(&t)), expected, "esc({t:?}) = {:?}", esc(&t));
            // Also right after a call and inside a content block, where `(`, `[` and `.` would
            // continue the call.
            let after = format!("#strong[x]{}", esc(&t));
            assert_eq!(super::super::guard::check(&after), Ok(()), "{after:?}");
        }
    }

    #[test]
    fn string_literals_hold_exactly_the_text() {
        use typst::syntax::{ast, SyntaxKind};
        for t in hostile_texts() {
            let code = format!("#text({})", lit(&t));
            let root = typst::syntax::parse(&code);
            assert_eq!(super::super::guard::check(&code), Ok(()), "{code:?}");
            let mut strings = Vec::new();
            let mut stack = vec![&root];
            while let Some(n) = stack.pop() {
                if n.kind() == SyntaxKind::Str {
                    strings.push(n.cast::<ast::Str>().unwrap().get().to_string());
                }
                stack.extend(n.children());
            }
            assert_eq!(
                strings,
                vec![t.replace('\r', "")],
                "lit({t:?}) = {}",
                lit(&t)
            );
        }
    }

    /// Every kind of event, carrying hostile text, writes markup the guard lets through.
    #[test]
    fn every_document_event_writes_only_guarded_markup() {
        use crate::text::dialect::BoxKind;
        let labels: HashSet<&str> = ["min-historie"].into_iter().collect();
        for t in hostile_texts() {
            let events = [
                DocEvent::BoxStart {
                    kind: BoxKind::Fakta,
                    title: t.clone(),
                },
                DocEvent::Md(Event::Start(Tag::Link {
                    link_type: pulldown_cmark::LinkType::Inline,
                    dest_url: "#min-historie".into(),
                    title: "".into(),
                    id: "".into(),
                })),
                DocEvent::Md(Event::Text(t.clone().into())),
                DocEvent::Md(Event::End(TagEnd::Link)),
                DocEvent::BoxEnd,
                DocEvent::QuoteStart,
                DocEvent::Md(Event::Code(t.clone().into())),
                DocEvent::QuoteEnd {
                    attribution: Some(t.clone()),
                },
                DocEvent::Image {
                    src: format!("billeder/{t}.png"),
                    alt: t.clone(),
                    title: t.clone(),
                    portrait: true,
                    drawing: false,
                },
                DocEvent::Md(Event::Start(Tag::Paragraph)),
                DocEvent::Image {
                    src: format!("billeder/{t}.png"),
                    alt: t.clone(),
                    title: t.clone(),
                    portrait: false,
                    drawing: true,
                },
                DocEvent::Image {
                    src: format!("billeder/{t}.png"),
                    alt: t.clone(),
                    title: t.clone(),
                    portrait: false,
                    drawing: false,
                },
                DocEvent::Image {
                    src: format!("billeder/{t}.png"),
                    alt: t.clone(),
                    title: t.clone(),
                    portrait: false,
                    drawing: false,
                },
                DocEvent::Md(Event::End(TagEnd::Paragraph)),
                DocEvent::Figure {
                    src: "billeder/01.jpg".into(),
                    caption: t.clone(),
                    date: Some(t.clone()),
                },
                DocEvent::Timeline(vec![TimelineItem {
                    date: t.clone(),
                    place: t.clone(),
                    text: Some(t.clone()),
                    photo: Some("billeder/02.jpg".into()),
                }]),
                DocEvent::Workshops(vec![WorkshopEntry {
                    title: t.clone(),
                    duration: Some(t.clone()),
                    facts: vec![t.clone()],
                    description: Some(t.clone()),
                    uses: vec![(t.clone(), "min-historie".into()), (t.clone(), t.clone())],
                }]),
                DocEvent::BlockEnd,
            ];
            let markup = doc::write(TypstWriter::new(&labels), &events);
            assert_eq!(super::super::guard::check(&markup), Ok(()), "{markup}");
            assert!(
                markup.contains("#link(label(\"min-historie\"))["),
                "{markup}"
            );
        }
    }

    #[test]
    fn a_title_breaks_after_its_colon_and_may_be_empty() {
        assert_eq!(
            title_lines("Ambassadørkursus: Børn i centrum"),
            ["Ambassadørkursus:", "Børn i centrum"]
        );
        assert_eq!(
            title_lines("Mig – og min familie"),
            ["Mig", "og min familie"]
        );
        assert_eq!(title_lines("Emma"), ["Emma"]);
        assert_eq!(array(&title_lines("  ")), "()");
        assert_eq!(array(&title_lines("A: B")), "(\"A:\", \"B\")");
    }

    #[test]
    fn very_long_words_get_invisible_break_opportunities() {
        let word = "æ".repeat(2 * MAX_UNBROKEN + 5);
        let out = esc(&format!("kort {word} kort"));
        assert_eq!(out.matches('\u{200B}').count(), 2);
        assert_eq!(out.replace('\u{200B}', ""), format!("kort {word} kort"));
        assert!(!esc(&"a".repeat(MAX_UNBROKEN)).contains('\u{200B}'));
    }
}
