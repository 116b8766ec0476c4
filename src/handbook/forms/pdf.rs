//! A page's forms as a PDF with real fields to fill in (AcroForm), for a common PDF reader.
//!
//! Typst has no form fields, so this is done in two steps. The forms are laid out as typst
//! markup in which every field is an empty box of a size set here, holding a `metadata` with
//! the field's number and the label `<bbf>`. After layout, the introspector tells where each
//! box landed (page and top-left corner); lopdf then adds a widget annotation with that rectangle
//! to the page, and the fields to the catalogue's `/AcroForm`.

use super::{Field, Form, Kind};
use crate::book::pdf::guard::{check_with, Allowed};
use crate::book::pdf::markup::{esc, lit};
use crate::text::i18n::Language;
use lopdf::{dictionary, Object, ObjectId, Stream, StringFormat};
use std::collections::HashMap;
use std::fmt::Write;

/// The width of the text on an A4 page with 50 pt margins, in points.
const WIDTH: f64 = 495.0;
/// The side of a box to tick.
const BOX: f64 = 12.0;
/// Space between grid columns.
const GUTTER: f64 = 6.0;
/// The label that marks a field's box in the markup.
const LABEL: &str = "bbf";

/// One widget to put on a page: a text field, a box to tick, or one button of a radio group
/// (`name` is the group's).
#[derive(Debug, Clone, PartialEq)]
pub struct Widget {
    pub name: String,
    pub kind: WidgetKind,
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum WidgetKind {
    Text { multiline: bool },
    Check,
    Radio { value: String },
}

/// The typst markup of a page's forms and the widgets its boxes stand for (by number).
pub struct Layout {
    pub markup: String,
    pub widgets: Vec<Widget>,
}

/// Makes the fillable PDF of a page titled `title` with these forms.
pub fn render(title: &str, forms: &[Form], lang: Language) -> Result<Vec<u8>, String> {
    let layout = layout(title, forms, lang);
    // Every label is escaped, but if an escape were ever missed a label would run as typst code:
    // the markup must hold only what this module writes (as `book::pdf::guard` does for books).
    guard(&layout.markup)?;
    let doc = crate::book::pdf::compile_alone(layout.markup.clone()).map_err(|e| e.to_string())?;
    let placed = placed(&doc, &layout.widgets);
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(format!("bogbinder-skema/{title}")),
        ..Default::default()
    };
    let bytes = typst_pdf::pdf(&doc, &options).map_err(|errs| {
        let words: Vec<String> = errs.iter().map(|e| e.message.to_string()).collect();
        words.join("; ")
    })?;
    add_fields(&bytes, &placed).map_err(|e| format!("skemafelterne kunne ikke sættes i: {e}"))
}

/// A widget and where it landed: the page (1-based) and its rectangle in PDF points.
struct Placed<'w> {
    widget: &'w Widget,
    page: u32,
    rect: [f64; 4],
}

/// Where typst put each field's box.
fn placed<'w>(doc: &typst_layout::PagedDocument, widgets: &'w [Widget]) -> Vec<Placed<'w>> {
    use typst::foundations::{Label, Selector, Value};
    use typst::introspection::{Introspector, MetadataElem};
    let Some(label) = Label::new(typst::utils::PicoStr::intern(LABEL)) else {
        return Vec::new();
    };
    let intro = doc.introspector();
    let mut out = Vec::new();
    for content in intro.query(&Selector::Label(label)) {
        let Some(meta) = content.to_packed::<MetadataElem>() else {
            continue;
        };
        let Value::Int(n) = meta.value else { continue };
        let (Some(widget), Some(loc)) = (widgets.get(n as usize), content.location()) else {
            continue;
        };
        let Some(pos) = intro.position(loc) else {
            continue;
        };
        let page = pos.page.get();
        let Some(height) = doc.pages().get(page - 1).map(|p| p.frame.height().to_pt()) else {
            continue;
        };
        let (x, top) = (pos.point.x.to_pt(), height - pos.point.y.to_pt());
        out.push(Placed {
            widget,
            page: page as u32,
            rect: [x, top - widget.height, x + widget.width, top],
        });
    }
    out
}

/// Lays out the forms; every field's box is numbered in `widgets`.
pub fn layout(title: &str, forms: &[Form], lang: Language) -> Layout {
    let mut l = Writer {
        out: String::new(),
        widgets: Vec::new(),
        names: HashMap::new(),
        lang,
        width: WIDTH,
        paper: false,
    };
    let notice = match lang {
        Language::Da => {
            "Et udfyldt skema indeholder personoplysninger. Gem det efter jeres regler."
        }
        Language::En => "A filled-in form holds personal data. Keep it by your rules.",
    };
    let _ = write!(
        l.out,
        "#set document(title: {t})\n#set page(paper: \"a4\", margin: 50pt, footer: text(size: 8pt)[{n}])\n\
         #set text(font: (\"Ubuntu\", \"Libertinus Serif\"), size: 10.5pt, lang: {lang})\n#set smartquote(enabled: false)\n\
         #block(below: 14pt)[#text(size: 18pt)[{title}]]\n",
        t = lit(title),
        n = esc(notice),
        lang = lit(match lang {
            Language::Da => "da",
            Language::En => "en",
        }),
        title = esc(title),
    );
    for f in forms {
        if let Some(h) = &f.heading {
            let _ = writeln!(
                l.out,
                "#block(above: 16pt, below: 8pt, sticky: true)[#text(size: 13pt)[{}]]",
                esc(h)
            );
        }
        for field in &f.fields {
            l.field(field);
        }
    }
    Layout {
        markup: l.out,
        widgets: l.widgets,
    }
}

/// Forms as typst markup to print inside another document (a book's chapter) and fill in by
/// hand: the same layout as [`layout`], `width` points wide, with empty boxes instead of
/// numbered fields and without a page setup or title (the text around the block has its own).
pub fn paper(forms: &[Form], width: f64, lang: Language) -> String {
    let mut l = Writer {
        out: String::new(),
        widgets: Vec::new(),
        names: HashMap::new(),
        lang,
        width,
        paper: true,
    };
    for f in forms {
        for field in &f.fields {
            l.field(field);
        }
    }
    l.out
}

struct Writer {
    out: String,
    widgets: Vec<Widget>,
    /// How often each field name was used, so every name is unique in the PDF.
    names: HashMap<String, usize>,
    lang: Language,
    /// The width of the text the form is laid out in, in points.
    width: f64,
    /// Only boxes to fill in by hand: no field numbers and no label (see [`paper`]).
    paper: bool,
}

impl Writer {
    /// A field name unique in the document: a reader joins fields of the same name, and a dot
    /// would make it a child of another field.
    fn name(&mut self, wanted: &str) -> String {
        let clean: String = wanted
            .chars()
            .map(|c| if c == '.' || c.is_control() { ' ' } else { c })
            .collect();
        let clean = clean.trim().to_string();
        let n = self.names.entry(clean.clone()).or_insert(0);
        *n += 1;
        match *n {
            1 => clean,
            n => format!("{clean} {n}"),
        }
    }

    /// A numbered box standing for `widget`, drawn with `style` (typst arguments).
    fn slot(&mut self, widget: Widget, style: &str) -> String {
        let n = self.widgets.len();
        let (w, h) = (widget.width, widget.height);
        self.widgets.push(widget);
        if self.paper {
            return format!("#box(width: {w:.2}pt, height: {h:.2}pt, {style})[]");
        }
        format!("#box(width: {w:.2}pt, height: {h:.2}pt, {style})[#metadata({n})<{LABEL}>]")
    }

    fn text_box(&mut self, name: String, width: f64, height: f64) -> String {
        let multiline = height > 24.0;
        let w = Widget {
            name,
            kind: WidgetKind::Text { multiline },
            width,
            height,
        };
        self.slot(w, "stroke: 0.5pt + luma(120)")
    }

    fn tick_box(&mut self, name: String, radio: Option<&str>, colour: &str) -> String {
        let kind = match radio {
            Some(v) => WidgetKind::Radio { value: v.into() },
            None => WidgetKind::Check,
        };
        let w = Widget {
            name,
            kind,
            width: BOX,
            height: BOX,
        };
        self.slot(w, &format!("stroke: 0.8pt + {colour}"))
    }

    fn label(&mut self, text: &str) {
        let _ = writeln!(
            self.out,
            "#block(below: 4pt, sticky: true)[#text(weight: \"bold\")[{}]]",
            esc(text)
        );
    }

    fn field(&mut self, f: &Field) {
        match &f.kind {
            Kind::Text | Kind::Date | Kind::LongText => {
                self.label(&f.label);
                let (w, h) = match f.kind {
                    Kind::Date => (140.0, 20.0),
                    Kind::Text => (self.width, 20.0),
                    _ => (self.width, 90.0),
                };
                let name = self.name(&f.label);
                let b = self.text_box(name, w, h);
                let _ = writeln!(self.out, "#block(below: 10pt)[{b}]");
            }
            Kind::Check => {
                let name = self.name(&f.label);
                let b = self.tick_box(name, None, "black");
                let _ = writeln!(
                    self.out,
                    "#block(below: 10pt)[{b} #h(4pt) {}]",
                    esc(&f.label)
                );
            }
            Kind::Choice(choices) => {
                self.label(&f.label);
                let name = self.name(&f.label);
                let mut line = String::new();
                for (n, c) in choices.iter().enumerate() {
                    let b = self.tick_box(name.clone(), Some(&(n + 1).to_string()), "black");
                    let _ = write!(line, "#box[{b} #h(3pt) {}] #h(14pt) ", esc(c));
                }
                let _ = writeln!(self.out, "#block(below: 10pt)[{line}]");
            }
            Kind::TrafficLight { rows, notes } => self.traffic_light(rows, *notes),
            Kind::Scale { low, high } => self.scale(&f.label, low.as_deref(), high.as_deref()),
            Kind::Matrix {
                rows,
                columns,
                text,
            } => self.matrix(rows, columns, *text),
            Kind::Plan(columns) => self.plan(columns),
        }
    }

    fn traffic_light(&mut self, rows: &[String], notes: bool) {
        let lights = super::html::lights(self.lang);
        let colours = ["rgb(\"#2e7d32\")", "rgb(\"#b58900\")", "rgb(\"#c62828\")"];
        let light = 40.0;
        let note = if notes { 170.0 } else { 0.0 };
        let gutters = if notes { 4.0 } else { 3.0 } * GUTTER;
        let first = self.width - 3.0 * light - note - gutters;
        let mut cols = format!("{first:.2}pt, {light}pt, {light}pt, {light}pt");
        let mut cells = String::from("[],");
        for (_, word) in lights {
            let _ = write!(cells, " align(center)[{}],", esc(word));
        }
        let seen = match self.lang {
            Language::Da => "Det har vi set",
            Language::En => "What we have seen",
        };
        if notes {
            let _ = write!(cols, ", {note}pt");
            let _ = write!(cells, " [{}],", esc(seen));
        }
        for row in rows {
            let name = self.name(row);
            let _ = write!(cells, "\n  [{}],", esc(row));
            for ((value, _), colour) in lights.iter().zip(colours) {
                let b = self.tick_box(name.clone(), Some(value), colour);
                let _ = write!(cells, " align(center)[{b}],");
            }
            if notes {
                let n = self.name(&format!("{row} – {seen}"));
                let b = self.text_box(n, note, 18.0);
                let _ = write!(cells, " [{b}],");
            }
        }
        let _ = writeln!(
            self.out,
            "#block(below: 12pt)[#grid(columns: ({cols}), column-gutter: {GUTTER}pt, row-gutter: 7pt, align: horizon, {cells}\n)]"
        );
    }

    fn scale(&mut self, label: &str, low: Option<&str>, high: Option<&str>) {
        self.label(label);
        let name = self.name(label);
        let mut cells = String::new();
        for n in 1..=10 {
            let b = self.tick_box(name.clone(), Some(&n.to_string()), "black");
            let _ = write!(cells, " align(center)[{b} \\ {n}],");
        }
        let _ = writeln!(
            self.out,
            "#block(below: 4pt)[#grid(columns: (1fr,) * 10, column-gutter: 0pt, {cells})]"
        );
        if low.is_some() || high.is_some() {
            let _ = writeln!(
                self.out,
                "#block(below: 12pt)[#grid(columns: (1fr, 1fr), [#text(size: 9pt)[{}]], align(right)[#text(size: 9pt)[{}]])]",
                esc(low.unwrap_or("")),
                esc(high.unwrap_or(""))
            );
        }
    }

    fn matrix(&mut self, rows: &[String], columns: &[String], text: bool) {
        let first = 120.0;
        let n = columns.len() as f64;
        let cell = ((self.width - first - n * GUTTER) / n).floor();
        let mut cols = format!("{first}pt");
        let mut cells = String::from("[],");
        for c in columns {
            let _ = write!(cols, ", {cell}pt");
            let _ = write!(cells, " [#text(weight: \"bold\")[{}]],", esc(c));
        }
        for r in rows {
            let _ = write!(cells, "\n  [#text(weight: \"bold\")[{}]],", esc(r));
            for c in columns {
                let name = self.name(&format!("{r} – {c}"));
                let b = if text {
                    self.text_box(name, cell, 150.0)
                } else {
                    self.tick_box(name, None, "black")
                };
                let _ = write!(cells, " align(center)[{b}],");
            }
        }
        let _ = writeln!(
            self.out,
            "#block(below: 12pt)[#grid(columns: ({cols}), column-gutter: {GUTTER}pt, row-gutter: 8pt, align: horizon, {cells}\n)]"
        );
    }

    fn plan(&mut self, columns: &[String]) {
        let n = columns.len() as f64;
        let cell = ((self.width - (n - 1.0) * GUTTER) / n).floor();
        let mut cells = String::new();
        for c in columns {
            let _ = write!(cells, " [#text(weight: \"bold\")[{}]],", esc(c));
        }
        for c in columns {
            let name = self.name(c);
            let b = self.text_box(name, cell, 220.0);
            let _ = write!(cells, " [{b}],");
        }
        let _ = writeln!(
            self.out,
            "#block(below: 12pt, breakable: false)[#grid(columns: ({cell}pt,) * {}, column-gutter: {GUTTER}pt, row-gutter: 5pt, {cells})]",
            columns.len()
        );
    }
}

/// Functions and set rules the form markup calls, and its one label.
const CALLABLE: &[&str] = &[
    "align", "block", "box", "grid", "h", "luma", "metadata", "rgb", "text", "v",
];
const SETTABLE: &[&str] = &["document", "page", "text", "smartquote"];

/// Refuses markup that holds anything this module does not write: code, structure typst reads
/// from text (a heading, a reference, math), a call of another function or another label.
pub fn guard(markup: &str) -> Result<(), String> {
    let label = format!("<{LABEL}>");
    let allowed = Allowed {
        callable: CALLABLE,
        settable: SETTABLE,
        label: Some(&label),
    };
    check_with(markup, &allowed)
        .map_err(|(what, _)| format!("skemaets typst-kode indeholder {what}"))
}

/// A PDF text string: UTF-16 with its byte order mark, so æøå are read right by every reader.
fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// A form XObject `w`×`h`: a cross when `on`, nothing when off (the box is drawn on the page).
/// The cross is ZapfDingbats' ✘, the same a reader draws when it makes the appearance itself
/// from `/MK /CA` (poppler does with `/NeedAppearances`).
fn appearance(pdf: &mut lopdf::Document, dingbats: ObjectId, w: f64, h: f64, on: bool) -> ObjectId {
    let content = if on {
        let size = h * 0.8;
        format!(
            "q BT 0 g /ZaDb {size:.2} Tf {x:.2} {y:.2} Td ({CROSS}) Tj ET Q",
            x = (w - size * 0.75) / 2.0,
            y = (h - size * 0.7) / 2.0
        )
    } else {
        String::new()
    };
    let dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Form",
        "BBox" => vec![0.into(), 0.into(), Object::Real(w as f32), Object::Real(h as f32)],
        "Resources" => dictionary! { "Font" => dictionary! { "ZaDb" => dingbats } },
    };
    pdf.add_object(Stream::new(dict, content.into_bytes()))
}

/// ZapfDingbats' heavy ballot X (✘).
const CROSS: &str = "8";

fn rect(r: [f64; 4]) -> Object {
    Object::Array(r.iter().map(|v| Object::Real(*v as f32)).collect())
}

/// Adds the fields to the PDF typst wrote: one widget per box, radio buttons of one name as
/// kids of one field, and the catalogue's `/AcroForm` listing the fields.
fn add_fields(bytes: &[u8], placed: &[Placed<'_>]) -> Result<Vec<u8>, lopdf::Error> {
    let mut pdf = lopdf::Document::load_mem(bytes)?;
    let pages = pdf.get_pages();
    let font = pdf.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let dingbats = pdf.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "ZapfDingbats",
    });
    let da = Object::string_literal("/Helv 10 Tf 0 g");
    let button_da = Object::string_literal("/ZaDb 0 Tf 0 g");
    let mk = dictionary! { "CA" => Object::string_literal(CROSS) };
    let mut fields: Vec<Object> = Vec::new();
    let mut groups: HashMap<&str, (ObjectId, Vec<Object>)> = HashMap::new();
    let mut annots: HashMap<ObjectId, Vec<Object>> = HashMap::new();
    for p in placed {
        let Some(&page) = pages.get(&p.page) else {
            continue;
        };
        let w = p.widget;
        let mut d = dictionary! {
            "Type" => "Annot",
            "Subtype" => "Widget",
            "Rect" => rect(p.rect),
            "P" => page,
            "F" => 4,
        };
        match &w.kind {
            WidgetKind::Text { multiline } => {
                d.set("FT", "Tx");
                d.set("T", text_string(&w.name));
                d.set("TU", text_string(&w.name));
                d.set("DA", da.clone());
                if *multiline {
                    d.set("Ff", 1 << 12);
                }
            }
            WidgetKind::Check => {
                let (on, off) = (
                    appearance(&mut pdf, dingbats, w.width, w.height, true),
                    appearance(&mut pdf, dingbats, w.width, w.height, false),
                );
                d.set("FT", "Btn");
                d.set("T", text_string(&w.name));
                d.set("TU", text_string(&w.name));
                d.set("V", Object::Name(b"Off".to_vec()));
                d.set("AS", Object::Name(b"Off".to_vec()));
                d.set("DA", button_da.clone());
                d.set("MK", mk.clone());
                d.set(
                    "AP",
                    dictionary! { "N" => dictionary! { "Yes" => on, "Off" => off } },
                );
            }
            WidgetKind::Radio { value } => {
                let (on, off) = (
                    appearance(&mut pdf, dingbats, w.width, w.height, true),
                    appearance(&mut pdf, dingbats, w.width, w.height, false),
                );
                let parent = match groups.get(w.name.as_str()) {
                    Some((id, _)) => *id,
                    None => {
                        let id = pdf.new_object_id();
                        groups.insert(&w.name, (id, Vec::new()));
                        id
                    }
                };
                d.set("Parent", parent);
                d.set("AS", Object::Name(b"Off".to_vec()));
                d.set("DA", button_da.clone());
                d.set("MK", mk.clone());
                let mut n = lopdf::Dictionary::new();
                n.set(value.as_bytes().to_vec(), on);
                n.set("Off", off);
                d.set("AP", dictionary! { "N" => n });
            }
        }
        let is_radio = matches!(w.kind, WidgetKind::Radio { .. });
        let id = pdf.add_object(d);
        annots.entry(page).or_default().push(id.into());
        if is_radio {
            if let Some((_, kids)) = groups.get_mut(w.name.as_str()) {
                kids.push(id.into());
            }
        } else {
            fields.push(id.into());
        }
    }
    let mut groups: Vec<(&str, (ObjectId, Vec<Object>))> = groups.into_iter().collect();
    groups.sort_by_key(|(_, (id, _))| *id);
    for (name, (id, kids)) in groups {
        // Radio (bit 16) and never all off once chosen (bit 15).
        let parent = dictionary! {
            "FT" => "Btn",
            "Ff" => (1 << 15) | (1 << 14),
            "T" => text_string(name),
            "TU" => text_string(name),
            "V" => Object::Name(b"Off".to_vec()),
            "DA" => button_da.clone(),
            "Kids" => kids,
        };
        pdf.objects.insert(id, Object::Dictionary(parent));
        fields.push(id.into());
    }
    for (page, list) in annots {
        add_annots(&mut pdf, page, list)?;
    }
    let form = pdf.add_object(dictionary! {
        "Fields" => fields,
        "NeedAppearances" => true,
        "DA" => da,
        "DR" => dictionary! { "Font" => dictionary! { "Helv" => font, "ZaDb" => dingbats } },
    });
    pdf.catalog_mut()?.set("AcroForm", form);
    let mut out = Vec::new();
    pdf.save_to(&mut out)?;
    Ok(out)
}

/// Appends widgets to a page's `/Annots`, which typst may have written inline or as a reference.
fn add_annots(
    pdf: &mut lopdf::Document,
    page: ObjectId,
    mut list: Vec<Object>,
) -> Result<(), lopdf::Error> {
    let existing = pdf.get_dictionary(page)?.get(b"Annots").ok().cloned();
    match existing {
        Some(Object::Reference(id)) => {
            if let Ok(Object::Array(a)) = pdf.get_object_mut(id) {
                a.append(&mut list);
                return Ok(());
            }
        }
        Some(Object::Array(mut a)) => {
            a.append(&mut list);
            list = a;
        }
        _ => {}
    }
    pdf.get_dictionary_mut(page)?.set("Annots", list);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_refuses_code_and_other_labels() {
        let form =
            crate::handbook::forms::parse("tekst: a\nvalg: b | c | d\nplan:\n", None).unwrap();
        assert_eq!(guard(&layout("T", &[form], Language::Da).markup), Ok(()));
        for bad in [
            "#let x = 1",
            "#eval(\"1\")",
            "#import \"x.typ\": *",
            "#show: it => it",
            "#set par(leading: 1pt)",
            "#metadata(1)<other>",
            "= Overskrift",
            "@ref",
            "$x$",
            "#context 1",
        ] {
            assert!(guard(bad).is_err(), "{bad}");
        }
    }
}
