//! A child's book as the editing desk shows it: `bog.toml` as a form, the chapters with their
//! guiding questions, and their order.
//!
//! The form is read with the book's own loader ([`barnetsbog::BookToml`]), so the desk shows what
//! the book will print. It is written back into the text with `toml_edit`: only values that
//! changed are replaced, so comments, layout and settings the form does not show (`allow_cpr`)
//! stay as they were, and an unchanged form leaves the file byte for byte as it was. What is
//! written is read back by the loader and must give the same form.

use super::barnetsbog::{self, BookToml, DateValue};
use crate::error::{Diagnostic, Error, Result};
use crate::problems::BookProblem;
use crate::project::files::Scope;
use crate::text::toml_message::{self, TomlFile};
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

/// `bog.toml` as the desk's form: every text as typed (empty for a setting left out), every date
/// as `2026-05-01` or as words (`"sommeren 2021"`). Field names are those of `bog.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BookForm {
    pub navn: String,
    pub undertitel: String,
    pub tilhoerer: String,
    pub forside: String,
    /// "barn", "ung", or empty for the default design.
    pub laeser: String,
    pub pdfa: bool,
    /// The child's birthday: a date or empty.
    pub foedt: String,
    pub historie: Vec<HistoryForm>,
    pub tidslinje: Vec<TimelineForm>,
    pub minder: Vec<MemoryForm>,
    pub samtykker: Vec<ConsentForm>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HistoryForm {
    pub dato: String,
    pub sted: String,
    pub tekst: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimelineForm {
    pub dato: String,
    pub hvad: String,
    pub sted: String,
    pub foto: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemoryForm {
    pub fil: String,
    pub tekst: String,
    pub dato: String,
}

/// A consent to hand the book over: who gave it, to whom, when, which chapters (by name without
/// number, `"forside"` for the cover), and whether the child said yes too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsentForm {
    pub givet_af: String,
    pub modtager: String,
    pub dato: String,
    pub kapitler: Vec<String>,
    pub barnet_siger_ja: bool,
}

fn date_text(d: &DateValue) -> String {
    match d {
        DateValue::Date(d) => d.to_string(),
        DateValue::Text(t) => t.clone(),
    }
}

fn text(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

impl From<&BookToml> for BookForm {
    fn from(t: &BookToml) -> Self {
        BookForm {
            navn: t.navn.clone(),
            undertitel: text(&t.undertitel),
            tilhoerer: text(&t.tilhoerer),
            forside: t
                .forside
                .as_ref()
                .map(|f| f.get_ref().clone())
                .unwrap_or_default(),
            laeser: t
                .laeser
                .as_ref()
                .map(|f| f.get_ref().clone())
                .unwrap_or_default(),
            pdfa: t.pdfa,
            foedt: t
                .foedt
                .as_ref()
                .map(|f| f.get_ref().to_string())
                .unwrap_or_default(),
            historie: t
                .historie
                .iter()
                .map(|h| HistoryForm {
                    dato: date_text(&h.dato),
                    sted: h.sted.clone(),
                    tekst: text(&h.tekst),
                })
                .collect(),
            tidslinje: t
                .tidslinje
                .iter()
                .map(|e| TimelineForm {
                    dato: date_text(&e.dato),
                    hvad: e.hvad.clone(),
                    sted: text(&e.sted),
                    foto: e
                        .foto
                        .as_ref()
                        .map(|f| f.get_ref().clone())
                        .unwrap_or_default(),
                })
                .collect(),
            minder: t
                .minder
                .iter()
                .map(|m| MemoryForm {
                    fil: m.fil.get_ref().clone(),
                    tekst: text(&m.tekst),
                    dato: m.dato.as_ref().map(date_text).unwrap_or_default(),
                })
                .collect(),
            samtykker: t
                .samtykker
                .iter()
                .map(|c| ConsentForm {
                    givet_af: c.givet_af.clone(),
                    modtager: c.modtager.clone(),
                    dato: date_text(c.dato.get_ref()),
                    kapitler: c.kapitler.get_ref().clone(),
                    barnet_siger_ja: c.barnet_siger_ja,
                })
                .collect(),
        }
    }
}

/// The form of a `bog.toml` text, read as the book reads it; its problem when it cannot be read.
pub fn read(text: &str, shown: &Path) -> std::result::Result<BookForm, Diagnostic> {
    let t: BookToml = toml_message::read(shown, text, 1, TomlFile::Book)?;
    Ok(BookForm::from(&t))
}

/// A date typed in the form as a TOML date, if it is a real one (`2026-05-01`, not `2026-02-30`).
fn as_date(s: &str) -> Option<toml_edit::Datetime> {
    let d: toml_edit::Datetime = s.trim().parse().ok()?;
    let only_date = d.date.is_some() && d.time.is_none() && d.offset.is_none();
    (only_date && crate::text::i18n::Date::parse(s.trim()).is_some()).then_some(d)
}

/// A date that may be words (`"sommeren 2021"`): a TOML date when it is one.
fn date_or_words(s: &str) -> Value {
    match as_date(s) {
        Some(d) => Value::from(d),
        None => Value::from(s.trim()),
    }
}

fn optional(s: &str) -> Option<Value> {
    (!s.trim().is_empty()).then(|| Value::from(s))
}

impl BookForm {
    /// The form as the book can use it, or the first field that is wrong, told at `shown`.
    fn check(&self, shown: &Path) -> std::result::Result<(), Diagnostic> {
        let missing =
            |field: String| Diagnostic::of(shown, BookProblem::FormFieldMissing { field });
        if self.navn.trim().is_empty() {
            return Err(missing("navn".into()));
        }
        if !self.foedt.trim().is_empty() && as_date(&self.foedt).is_none() {
            let problem = BookProblem::FormNotADate {
                field: "foedt".into(),
                value: self.foedt.clone(),
            };
            return Err(Diagnostic::of(shown, problem));
        }
        if !self.laeser.trim().is_empty() && super::design::Reader::parse(&self.laeser).is_none() {
            let problem = BookProblem::UnknownReader {
                value: self.laeser.clone(),
            };
            return Err(Diagnostic::of(shown, problem));
        }
        let rows = |list: &str, i: usize, fields: &[(&str, &String)]| {
            fields
                .iter()
                .find(|(_, v)| v.trim().is_empty())
                .map(|(name, _)| missing(format!("{name} ({list} nr. {})", i + 1)))
        };
        let problem = (self.historie.iter().enumerate())
            .find_map(|(i, h)| rows("historie", i, &[("dato", &h.dato), ("sted", &h.sted)]))
            .or_else(|| {
                (self.tidslinje.iter().enumerate()).find_map(|(i, e)| {
                    rows("tidslinje", i, &[("dato", &e.dato), ("hvad", &e.hvad)])
                })
            })
            .or_else(|| {
                (self.minder.iter().enumerate())
                    .find_map(|(i, m)| rows("minder", i, &[("fil", &m.fil)]))
            })
            .or_else(|| {
                (self.samtykker.iter().enumerate()).find_map(|(i, c)| {
                    let fields = [
                        ("givet_af", &c.givet_af),
                        ("modtager", &c.modtager),
                        ("dato", &c.dato),
                    ];
                    rows("samtykker", i, &fields)
                })
            });
        problem.map_or(Ok(()), Err)
    }
}

/// `text` (a `bog.toml`) with the form's values in it; everything else as it was. Refused with
/// the first wrong field (nothing written) when the form cannot be a book's settings.
pub fn write(text: &str, form: &BookForm, shown: &Path) -> std::result::Result<String, Diagnostic> {
    form.check(shown)?;
    // Word's typographic quotes, which the loader reads as straight ones (with a warning), are
    // written straight: the editor reads only proper TOML.
    let base = match text.parse::<DocumentMut>() {
        Ok(_) => std::borrow::Cow::Borrowed(text),
        Err(_) => toml_message::straightened(text),
    };
    let uncommented = uncomment(&base, form);
    let Ok(mut doc) = uncommented.parse::<DocumentMut>() else {
        // The book reads it (the form came from it), the editor does not: TOML 1.1 forms such
        // as a `{ }` table over several lines.
        return Err(Diagnostic::of(shown, BookProblem::SettingsNotEditable));
    };
    fill(&mut doc, form);
    let written = doc.to_string();
    // What the desk saves is what the book reads: anything else is a bug, never saved.
    match read(&written, shown) {
        Ok(back) if back == normalised(form) => Ok(written),
        Ok(back) => Err(Diagnostic::internal(
            shown,
            format!("bog.toml skrevet fra formularen læses anderledes: {back:?}"),
        )),
        Err(d) => Err(Diagnostic::internal(
            shown,
            format!(
                "bog.toml skrevet fra formularen kan ikke læses: {}",
                d.message
            ),
        )),
    }
}

/// The form as the loader reads it back: dates as TOML writes them, words trimmed.
fn normalised(form: &BookForm) -> BookForm {
    let date = |s: &String| match as_date(s) {
        Some(d) => d.to_string(),
        None => s.trim().to_string(),
    };
    let mut f = form.clone();
    f.foedt = date(&f.foedt);
    f.historie.iter_mut().for_each(|h| h.dato = date(&h.dato));
    f.tidslinje.iter_mut().for_each(|e| e.dato = date(&e.dato));
    f.minder.iter_mut().for_each(|m| m.dato = date(&m.dato));
    f.samtykker.iter_mut().for_each(|c| c.dato = date(&c.dato));
    let blank = |s: &mut String| {
        if s.trim().is_empty() {
            s.clear()
        }
    };
    for s in [
        &mut f.undertitel,
        &mut f.tilhoerer,
        &mut f.forside,
        &mut f.laeser,
    ] {
        blank(s);
    }
    f.historie.iter_mut().for_each(|h| blank(&mut h.tekst));
    f.tidslinje.iter_mut().for_each(|e| {
        blank(&mut e.sted);
        blank(&mut e.foto)
    });
    f.minder.iter_mut().for_each(|m| blank(&mut m.tekst));
    f
}

/// Puts every field of the form into the document.
fn fill(doc: &mut DocumentMut, f: &BookForm) {
    let root = doc.as_table_mut();
    put(root, &["navn"], Some(Value::from(f.navn.as_str())));
    // An emptied setting becomes the comment `new bog` wrote for it.
    let mut setting = |keys: &[&str], new: Option<Value>| match new {
        Some(v) => put(root, keys, Some(v)),
        None => {
            let key = key_of(root, keys);
            let guide = guide_line(keys[0], &f.navn);
            root.contains_key(key)
                .then(|| remove(root, key, guide))
                .flatten()
        }
    };
    let left: String = [
        setting(&["undertitel"], optional(&f.undertitel)),
        setting(&["tilhoerer", "tilhører"], optional(&f.tilhoerer)),
        setting(&["forside"], optional(&f.forside)),
        setting(&["laeser", "læser"], optional(&f.laeser)),
        setting(&["foedt", "født"], as_date(&f.foedt).map(Value::from)),
    ]
    .into_iter()
    .flatten()
    .collect();
    put_flag(root, "pdfa", f.pdfa);
    put_tables(root, "historie", &f.historie, |t, h| {
        put(t, &["dato"], Some(date_or_words(&h.dato)));
        put(t, &["sted"], Some(Value::from(h.sted.as_str())));
        put(t, &["tekst"], optional(&h.tekst));
    });
    put_tables(root, "tidslinje", &f.tidslinje, |t, e| {
        put(t, &["dato"], Some(date_or_words(&e.dato)));
        put(t, &["hvad"], Some(Value::from(e.hvad.as_str())));
        put(t, &["sted"], optional(&e.sted));
        put(t, &["foto"], optional(&e.foto));
    });
    put_tables(root, "minder", &f.minder, |t, m| {
        put(t, &["fil"], Some(Value::from(m.fil.as_str())));
        put(t, &["tekst"], optional(&m.tekst));
        put(
            t,
            &["dato"],
            optional(&m.dato).map(|_| date_or_words(&m.dato)),
        );
    });
    put_tables(root, "samtykker", &f.samtykker, |t, c| {
        put(t, &["givet_af"], Some(Value::from(c.givet_af.as_str())));
        put(t, &["modtager"], Some(Value::from(c.modtager.as_str())));
        put(t, &["dato"], Some(date_or_words(&c.dato)));
        let chapters: toml_edit::Array = c.kapitler.iter().map(String::as_str).collect();
        put(t, &["kapitler"], Some(Value::Array(chapters)));
        put_flag(t, "barnet_siger_ja", c.barnet_siger_ja);
    });
    // Comments of removed settings that had nothing after them end the file, as they did.
    if !left.is_empty() {
        let trailing = doc.trailing().as_str().unwrap_or("").to_string();
        doc.set_trailing(format!("{left}{trailing}"));
    }
}

/// The key a field has in `table`: the first of `keys` that is there (`tilhører` as the writer
/// spelled it), else the first (the plain name).
fn key_of<'k>(table: &Table, keys: &[&'k str]) -> &'k str {
    keys.iter()
        .copied()
        .find(|k| table.contains_key(k))
        .unwrap_or(keys[0])
}

/// Sets a field (`None` removes it). A value that did not change is not touched, so its
/// spelling stays; a changed one keeps the comment written after it.
fn put(table: &mut Table, keys: &[&str], new: Option<Value>) -> Option<String> {
    let key = key_of(table, keys);
    let Some(mut new) = new else {
        return remove(table, key, None);
    };
    match table.get_mut(key) {
        Some(Item::Value(old)) if same(old, &new) => {}
        Some(Item::Value(old)) => {
            *new.decor_mut() = old.decor().clone();
            *old = new;
        }
        Some(item) => *item = Item::Value(new),
        None => {
            table.insert(key, Item::Value(new));
        }
    }
    None
}

/// Removes a field, keeping the comment lines above it (in a book made by `new bog`, the guide to
/// the next settings), followed by `guide`, the line `new bog` wrote for the setting
/// (`# laeser = "barn"  # "barn" (ca. 6-11 år …)`), so an emptied setting reads as it did in a
/// new book. What is kept goes before the next field of the table, or is returned when there is
/// none.
fn remove(table: &mut Table, key: &str, guide: Option<String>) -> Option<String> {
    let prefix = table
        .key(key)
        .and_then(|k| k.leaf_decor().prefix())
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_string();
    let kept = match guide {
        Some(line) => Some(format!("{prefix}{line}")),
        None => prefix.contains('#').then_some(prefix),
    };
    let values: Vec<String> = table
        .iter()
        .filter(|(_, item)| item.is_value())
        .map(|(k, _)| k.to_string())
        .collect();
    let next = values.iter().skip_while(|k| *k != key).nth(1).cloned();
    table.remove(key)?;
    let kept = kept?;
    match next.as_deref().and_then(|n| table.key_mut(n)) {
        Some(mut next) => {
            let decor = next.leaf_decor_mut();
            let own = decor
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or("")
                .to_string();
            decor.set_prefix(format!("{kept}{own}"));
            None
        }
        None => Some(kept),
    }
}

/// A yes/no setting: written when yes or when it is already there; no is the default.
fn put_flag(table: &mut Table, key: &str, on: bool) {
    if on || table.contains_key(key) {
        put(table, &[key], Some(Value::from(on)));
    }
}

/// Whether two values mean the same (however they are written).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Datetime(x), Value::Datetime(y)) => x.value() == y.value(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same(a, b))
        }
        _ => false,
    }
}

/// A list of tables (`[[samtykker]]`): row `i` of the form goes into table `i`, so each table
/// keeps its comments and fields the form does not know; extra tables are removed, new ones added
/// after the last.
fn put_tables<T>(root: &mut Table, key: &str, rows: &[T], fill: impl Fn(&mut Table, &T)) {
    if rows.is_empty() {
        root.remove(key);
        return;
    }
    if let Some(Item::ArrayOfTables(tables)) = root.get_mut(key) {
        while tables.len() > rows.len() {
            tables.remove(tables.len() - 1);
        }
        for (i, row) in rows.iter().enumerate() {
            match tables.get_mut(i) {
                Some(t) => fill(t, row),
                None => {
                    let mut t = Table::new();
                    fill(&mut t, row);
                    tables.push(t);
                }
            }
        }
        return;
    }
    // Missing, or written another way (an inline array): written anew as tables.
    let mut tables = ArrayOfTables::new();
    for row in rows {
        let mut t = Table::new();
        fill(&mut t, row);
        tables.push(t);
    }
    root.insert(key, Item::ArrayOfTables(tables));
}

/// The settings of the root table that `new bog` writes as comments (`# laeser = "barn"  # …`).
const COMMENTED: &[(&str, &str)] = &[
    ("undertitel", "undertitel"),
    ("tilhoerer", "tilhører"),
    ("forside", "forside"),
    ("laeser", "læser"),
    ("pdfa", "pdfa"),
    ("foedt", "født"),
];

/// A setting the form fills in that `text` has only as a comment takes that comment's line, so
/// its explanation stays beside it (the value is set afterwards). Only lines before the first
/// table header, where a setting belongs to the root; anything unclear is left as it is.
fn uncomment(text: &str, form: &BookForm) -> String {
    let Ok(doc) = text.parse::<DocumentMut>() else {
        return text.to_string();
    };
    let filled = |key: &str| match key {
        "undertitel" => !form.undertitel.trim().is_empty(),
        "tilhoerer" => !form.tilhoerer.trim().is_empty(),
        "forside" => !form.forside.trim().is_empty(),
        "laeser" => !form.laeser.trim().is_empty(),
        "pdfa" => form.pdfa,
        "foedt" => !form.foedt.trim().is_empty(),
        _ => false,
    };
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    for (key, alias) in COMMENTED {
        if !filled(key) || doc.contains_key(key) || doc.contains_key(alias) {
            continue;
        }
        let found = lines
            .iter()
            .take_while(|l| !l.trim_start().starts_with('['))
            .position(|l| commented_setting(l).is_some_and(|k| k == *key || k == *alias));
        if let Some(i) = found {
            let line = &lines[i];
            let uncommented = line
                .trim_start()
                .trim_start_matches('#')
                .trim_start()
                .to_string();
            let mut tried = lines.clone();
            tried[i] = uncommented;
            let candidate: String = tried.concat();
            // Kept only if the line really became that root setting.
            if candidate
                .parse::<DocumentMut>()
                .is_ok_and(|d| d.contains_key(key) || d.contains_key(alias))
            {
                lines = tried;
            }
        }
    }
    lines.concat()
}

/// The comment line `new bog` writes for a root setting (`# laeser = "barn"  # …`), with a line end.
fn guide_line(key: &str, name: &str) -> Option<String> {
    super::scaffold::book_toml(name)
        .lines()
        .find(|l| commented_setting(l).as_deref() == Some(key))
        .map(|l| format!("{l}\n"))
}

/// The setting a comment line holds (`# laeser = "barn"  # …` → `laeser`), if it holds one.
fn commented_setting(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix('#')?.trim_start();
    let doc = rest.parse::<DocumentMut>().ok()?;
    let mut keys = doc.iter().map(|(k, _)| k.to_string());
    let key = keys.next()?;
    keys.next().is_none().then_some(key)
}

/// A chapter as the desk lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChapterInfo {
    /// The desk's id of its file: `boeger/emma/01-alt-om-mig.md`.
    pub id: String,
    /// Its file name: `01-alt-om-mig.md`.
    pub fil: String,
    pub titel: String,
    /// The guiding questions: those in its `<!-- -->` comments, or, when the writer has removed
    /// them, those `new bog` wrote for a standard chapter.
    pub spoergsmaal: Vec<String>,
    /// Nothing but questions yet (such a chapter is not printed).
    pub tom: bool,
}

/// The chapter files of a book that the book may read (no links, no hidden names), in order.
fn chapter_files(root: &Path, book: &str) -> (Scope, Vec<(String, PathBuf)>) {
    let scope = Scope::book(root, book);
    if scope.check_dir(&scope.dir()).is_err() {
        return (scope, Vec::new());
    }
    let files = barnetsbog::chapter_paths(&scope.dir())
        .into_iter()
        .filter(|(_, _, path)| scope.check(path).is_ok())
        .map(|(_, slug, path)| (slug, path))
        .collect();
    (scope, files)
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The book's chapters with their titles and guiding questions, in order. A chapter that cannot be
/// read is listed by its name; its problem shows when it is opened.
pub fn chapters(root: &Path, book: &str) -> Vec<ChapterInfo> {
    let (scope, files) = chapter_files(root, book);
    files
        .into_iter()
        .map(|(slug, path)| {
            let fil = file_name(&path);
            let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let text = scope.read_text(&path, &shown).unwrap_or_default();
            let split = crate::handbook::frontmatter::split(&text, &shown).ok();
            let title = split
                .as_ref()
                .and_then(|s| s.front_matter.parse::<toml::Table>().ok())
                .and_then(|t| t.get("title")?.as_str().map(str::to_string))
                .filter(|t| !t.trim().is_empty())
                .or_else(|| barnetsbog::standard_title(&slug).map(str::to_string))
                .unwrap_or_else(|| slug.replace('-', " "));
            let body = split.as_ref().map_or(text.as_str(), |s| s.body);
            let mut questions = barnetsbog::questions(body);
            if questions.is_empty() {
                questions = super::scaffold::questions(&slug)
                    .iter()
                    .map(|q| q.to_string())
                    .collect();
            }
            ChapterInfo {
                id: format!("{}/{book}/{fil}", crate::handbook::load::BOOKS_DIR),
                tom: barnetsbog::strip_comments(body).trim().is_empty(),
                titel: title,
                spoergsmaal: questions,
                fil,
            }
        })
        .collect()
}

/// Puts the chapters in the order of `order` (their ids or file names) by renumbering their
/// files `01-…`, `02-…`; returns each renamed file's old and new name. `order` must name exactly
/// the book's chapters (else B112, nothing renamed). If a rename fails, those already done are
/// undone, so no chapter is lost or left twice; a chapter's name after its number never changes,
/// so consents (which name chapters without numbers) still hold.
pub fn reorder(root: &Path, book: &str, order: &[String]) -> Result<Vec<(String, String)>> {
    let (scope, files) = chapter_files(root, book);
    let wanted: Vec<&str> = order
        .iter()
        .map(|o| o.rsplit('/').next().unwrap_or(o))
        .collect();
    let have: Vec<String> = files.iter().map(|(_, p)| file_name(p)).collect();
    let missing: Vec<String> = have
        .iter()
        .filter(|h| !wanted.contains(&h.as_str()))
        .cloned()
        .collect();
    let mut unknown: Vec<String> = wanted
        .iter()
        .filter(|w| !have.iter().any(|h| h == *w))
        .map(|w| w.to_string())
        .collect();
    if wanted.len() != have.len() && missing.is_empty() && unknown.is_empty() {
        // A chapter named twice.
        unknown = wanted.iter().map(|w| w.to_string()).collect();
    }
    if !missing.is_empty() || !unknown.is_empty() {
        return Err(Error::usage(BookProblem::ChapterOrderStale {
            missing,
            unknown,
        }));
    }
    let width = wanted.len().to_string().len().max(2);
    let moves: Vec<(String, String)> = wanted
        .iter()
        .enumerate()
        .filter_map(|(i, fil)| {
            let slug = &files.iter().find(|(_, p)| file_name(p) == *fil)?.0;
            let to = format!("{:0width$}-{slug}.md", i + 1);
            (to != *fil).then(|| (fil.to_string(), to))
        })
        .collect();
    let dir = scope.dir();
    rename_all(&dir, &moves).map_err(|(path, e)| Error::io("omdøbe", path, e))?;
    Ok(moves)
}

/// Renames files of `dir` (`(from, to)` names); all or none. A rename never replaces a file: a
/// target still taken waits until its file has moved on, and a ring of renames (two chapters
/// trading numbers under one name) is broken by one file stepping aside to a hidden name.
pub fn rename_all(
    dir: &Path,
    moves: &[(String, String)],
) -> std::result::Result<(), (PathBuf, io::Error)> {
    let mut pending: Vec<(PathBuf, PathBuf)> = moves
        .iter()
        .map(|(a, b)| (dir.join(a), dir.join(b)))
        .collect();
    let mut done: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        while !pending.is_empty() {
            let before = pending.len();
            let mut i = 0;
            while i < pending.len() {
                match rename_no_replace(&pending[i].0, &pending[i].1) {
                    Ok(()) => done.push(pending.remove(i)),
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => i += 1,
                    Err(e) => return Err((pending[i].0.clone(), e)),
                }
            }
            if pending.len() < before {
                continue;
            }
            // No rename could be made: a ring, if the first target is another rename's source.
            let (from, to) = pending.remove(0);
            if !pending.iter().any(|(f, _)| *f == to) {
                return Err((to, io::Error::from(io::ErrorKind::AlreadyExists)));
            }
            let aside = dir.join(format!(".bogbinder-flyttes-{}", file_name(&to)));
            rename_no_replace(&from, &aside).map_err(|e| (from.clone(), e))?;
            done.push((from, aside.clone()));
            pending.push((aside, to));
        }
        Ok(())
    })();
    if result.is_err() {
        // Undone newest first: each file goes back to a name it has just left.
        for (from, to) in done.iter().rev() {
            let _ = std::fs::rename(to, from);
        }
    }
    result
}

/// Renames `from` to `to` unless `to` exists (`AlreadyExists` then): never replaces a file, so an
/// upload or a chapter cannot overwrite another that appeared meanwhile.
pub fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        use rustix::io::Errno;
        match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            // A file system that cannot do it in one step: checked, then renamed, below.
            Err(e) if e == Errno::INVAL || e == Errno::NOSYS || e == Errno::OPNOTSUPP => {}
            Err(e) => return Err(e.into()),
        }
    }
    if std::fs::symlink_metadata(to).is_ok() {
        return Err(io::Error::from(io::ErrorKind::AlreadyExists));
    }
    std::fs::rename(from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHOWN: &str = "content/boeger/emma/bog.toml";

    fn scaffolded() -> (tempfile::TempDir, String) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/boeger")).unwrap();
        super::super::scaffold::new_book(dir.path(), "Emma").unwrap();
        let text =
            std::fs::read_to_string(dir.path().join("content/boeger/emma/bog.toml")).unwrap();
        (dir, text)
    }

    fn full_form() -> BookForm {
        BookForm {
            navn: "Emma Åse \"Lille\"".into(),
            undertitel: "Min bog".into(),
            tilhoerer: "Emma".into(),
            forside: "billeder/Første skoledag.jpg".into(),
            laeser: "barn".into(),
            pdfa: true,
            foedt: "2015-03-01".into(),
            historie: vec![HistoryForm {
                dato: "sommeren 2019".into(),
                sted: "Hjemme hos mor".into(),
                tekst: "Her boede du, da du var lille.".into(),
            }],
            tidslinje: vec![TimelineForm {
                dato: "2019-08-01".into(),
                hvad: "Jeg startede i 0. klasse".into(),
                sted: "Solsikkeskolen".into(),
                foto: String::new(),
            }],
            minder: vec![MemoryForm {
                fil: "billeder/sommer.jpg".into(),
                tekst: "Sommerferie ved stranden".into(),
                dato: "2024-07-10".into(),
            }],
            samtykker: vec![ConsentForm {
                givet_af: "Mor og far".into(),
                modtager: "Solsikkeskolen".into(),
                dato: "2026-05-01".into(),
                kapitler: vec!["alt-om-mig".into(), "skolen".into()],
                barnet_siger_ja: true,
            }],
        }
    }

    #[test]
    fn an_unchanged_form_leaves_the_file_byte_for_byte() {
        let (_dir, text) = scaffolded();
        let form = read(&text, Path::new(SHOWN)).unwrap();
        assert_eq!(form.navn, "Emma");
        assert_eq!(write(&text, &form, Path::new(SHOWN)).unwrap(), text);
        let hand = "navn = 'Emma'   # literal\n\"læser\" = \"ung\"\nallow_cpr = true\n\n[[samtykker]]\ngivet_af = \"Mor\" # hvem\nmodtager = \"Skolen\"\ndato = 2026-01-02\nkapitler = [ \"alt-om-mig\" ]\n";
        let form = read(hand, Path::new(SHOWN)).unwrap();
        assert_eq!(form.laeser, "ung");
        assert_eq!(write(hand, &form, Path::new(SHOWN)).unwrap(), hand);
    }

    #[test]
    fn every_field_round_trips_through_the_loader_and_keeps_the_comments() {
        let (_dir, text) = scaffolded();
        let form = full_form();
        let written = write(&text, &form, Path::new(SHOWN)).unwrap();
        assert_eq!(read(&written, Path::new(SHOWN)).unwrap(), form);
        // The guide's comments are still there, and settings took their commented lines.
        assert!(
            written.contains("# Samtykke: bogen må kun gives videre"),
            "{written}"
        );
        assert!(
            written.contains("laeser = \"barn\"                    # \"barn\" (ca. 6-11 år"),
            "{written}"
        );
        assert!(!written.contains("# laeser ="), "{written}");
        assert!(written.contains("foedt = 2015-03-01"), "{written}");
        assert!(written.contains("dato = \"sommeren 2019\""), "{written}");
        assert!(
            written.contains("dato = 2026-05-01"),
            "a date is a TOML date: {written}"
        );
        // Written again, nothing changes.
        assert_eq!(write(&written, &form, Path::new(SHOWN)).unwrap(), written);
        // Emptied, the settings go and the consent with them.
        let plain = BookForm {
            navn: "Emma".into(),
            ..BookForm::default()
        };
        let emptied = write(&written, &plain, Path::new(SHOWN)).unwrap();
        assert_eq!(read(&emptied, Path::new(SHOWN)).unwrap(), plain);
        assert!(!emptied.contains("\n[[samtykker]]"), "{emptied}");
        // The guide stays, and the emptied settings are comments again with their explanation.
        for guide in [
            "# Barnets fødselsdag",
            "# Samtykke:",
            "# Min tidslinje:",
            "# laeser = \"barn\"                    # \"barn\" (ca. 6-11 år",
            "# foedt = 2015-03-01",
        ] {
            assert!(emptied.contains(guide), "{guide} lost:\n{emptied}");
        }
    }

    #[test]
    fn unknown_settings_and_aliases_stay() {
        let text = "navn = \"Ida\"\nallow_cpr = true\n\"tilhører\" = \"Ida\"\n\n[[samtykker]]\ngivet_af = \"Mor\"\nmodtager = \"Skolen\"\ndato = 2026-01-02\nkapitler = [\"alt-om-mig\"]\n";
        let mut form = read(text, Path::new(SHOWN)).unwrap();
        form.tilhoerer = "Ida B".into();
        form.samtykker[0].barnet_siger_ja = true;
        form.samtykker.push(ConsentForm {
            givet_af: "Far".into(),
            modtager: "Klubben".into(),
            dato: "foråret 2026".into(),
            kapitler: vec![],
            barnet_siger_ja: false,
        });
        let written = write(text, &form, Path::new(SHOWN)).unwrap();
        assert!(written.contains("allow_cpr = true"));
        assert!(written.contains("\"tilhører\" = \"Ida B\""), "{written}");
        assert!(written.find("Skolen").unwrap() < written.find("Klubben").unwrap());
        assert_eq!(read(&written, Path::new(SHOWN)).unwrap(), form);
    }

    #[test]
    fn typographic_quotes_are_written_straight_and_toml_the_editor_cannot_keep_is_refused() {
        let word = "navn = \u{201c}Ida\u{201d}\n";
        let form = read(word, Path::new(SHOWN)).unwrap();
        assert_eq!(form.navn, "Ida");
        let written = write(
            word,
            &BookForm {
                laeser: "ung".into(),
                ..form
            },
            Path::new(SHOWN),
        )
        .unwrap();
        // Straightened in place (the repair keeps every byte offset, so spaces stand in).
        assert!(written.starts_with("navn =   \"Ida\""), "{written}");
        assert!(written.ends_with("\nlaeser = \"ung\"\n"), "{written}");
        // A table in { } over two lines: TOML 1.1, read by the book, not by the editor.
        let wide = "navn = \"Ida\"\nsamtykker = [{ givet_af = \"Mor\", modtager = \"Skolen\",\n  dato = 2026-01-02, kapitler = [\"alt-om-mig\"] }]\n";
        let form = read(wide, Path::new(SHOWN)).unwrap();
        assert_eq!(form.samtykker[0].modtager, "Skolen");
        let e = write(wide, &form, Path::new(SHOWN)).unwrap_err();
        assert_eq!(e.code.to_string(), "B113");
    }

    #[test]
    fn wrong_fields_are_refused_with_their_name() {
        let text = "navn = \"Ida\"\n";
        let code = |f: BookForm| {
            write(text, &f, Path::new(SHOWN))
                .unwrap_err()
                .code
                .to_string()
        };
        let ok = read(text, Path::new(SHOWN)).unwrap();
        assert_eq!(
            code(BookForm {
                foedt: "2015-02-30".into(),
                ..ok.clone()
            }),
            "B110"
        );
        assert_eq!(
            code(BookForm {
                foedt: "1. marts 2015".into(),
                ..ok.clone()
            }),
            "B110"
        );
        assert_eq!(
            code(BookForm {
                navn: " ".into(),
                ..ok.clone()
            }),
            "B111"
        );
        assert_eq!(
            code(BookForm {
                laeser: "voksen".into(),
                ..ok.clone()
            }),
            "B030"
        );
        let no_recipient = BookForm {
            samtykker: vec![ConsentForm {
                givet_af: "Mor".into(),
                dato: "2026-01-01".into(),
                ..ConsentForm::default()
            }],
            ..ok
        };
        let e = write(text, &no_recipient, Path::new(SHOWN)).unwrap_err();
        assert!(
            e.message.contains("modtager (samtykker nr. 1)"),
            "{}",
            e.message
        );
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md"))
            .collect();
        n.sort();
        n
    }

    #[test]
    fn chapters_list_their_questions_and_reorder_keeps_every_chapter() {
        let (dir, _) = scaffolded();
        let book = dir.path().join("content/boeger/emma");
        std::fs::write(
            book.join("04-skolen.md"),
            "+++\ntitle = \"Min skole\"\n+++\n\nJeg går i 3. klasse.\n",
        )
        .unwrap();
        let list = chapters(dir.path(), "emma");
        assert_eq!(list.len(), 13);
        assert_eq!(list[0].id, "boeger/emma/01-alt-om-mig.md");
        assert_eq!(list[0].titel, "Alt om mig");
        assert!(list[0].tom);
        assert!(list[0].spoergsmaal[0].starts_with("Hvad hedder du"));
        // Its questions were written over, but the standard ones are still shown.
        assert_eq!(list[3].titel, "Min skole");
        assert!(!list[3].tom);
        assert!(!list[3].spoergsmaal.is_empty());

        let mut order: Vec<String> = list.iter().map(|c| c.id.clone()).collect();
        order.swap(0, 3);
        let moved = reorder(dir.path(), "emma", &order).unwrap();
        assert_eq!(moved.len(), 2);
        let after = chapters(dir.path(), "emma");
        assert_eq!(after[0].fil, "01-skolen.md");
        assert_eq!(after[3].fil, "04-alt-om-mig.md");
        assert_eq!(after.len(), 13);
        // Stale: a chapter missing from the order.
        let e = reorder(dir.path(), "emma", &order[1..]).unwrap_err();
        assert_eq!(e.problem().unwrap().code().to_string(), "B112");
    }

    #[test]
    fn a_ring_of_renames_and_a_failed_rename_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        for n in ["01-a.md", "02-a.md", "03-b.md"] {
            std::fs::write(dir.path().join(n), n).unwrap();
        }
        // Two chapters with one name trading numbers.
        rename_all(
            dir.path(),
            &[
                ("01-a.md".into(), "02-a.md".into()),
                ("02-a.md".into(), "01-a.md".into()),
            ],
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("01-a.md")).unwrap(),
            "02-a.md"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("02-a.md")).unwrap(),
            "01-a.md"
        );
        // A target taken by a file that does not move: everything is undone.
        std::fs::write(dir.path().join("09-x.md"), "x").unwrap();
        let before = names(dir.path());
        let e = rename_all(
            dir.path(),
            &[
                ("03-b.md".into(), "04-b.md".into()),
                ("01-a.md".into(), "09-x.md".into()),
            ],
        );
        assert!(e.is_err());
        assert_eq!(names(dir.path()), before);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("09-x.md")).unwrap(),
            "x"
        );
        // A rename that fails midway (its source is gone) undoes the ones before it.
        let e = rename_all(
            dir.path(),
            &[
                ("03-b.md".into(), "05-b.md".into()),
                ("07-gone.md".into(), "08-gone.md".into()),
            ],
        );
        assert!(e.is_err());
        assert_eq!(names(dir.path()), before);
    }
}
