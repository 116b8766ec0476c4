//! A page as a form: its front matter as named fields (JSON for the desk) and back.
//!
//! Reading uses the loader's TOML reader (`toml`), after straightening typographic quotes as the
//! loader does, so the form shows what the build reads. Writing edits the front matter that is
//! on disk with `toml_edit`: comments, key order, aliases the writer used (`resumé`, `formål`) and
//! every key the form does not know (`extra`, `slug`, `template` …) stay as they were. Values
//! are written by TOML's own quoting: a title with `"`, `\` or typographic quotes is a proper
//! string that reads back as typed; a date is a TOML date.

use crate::handbook::resolve::Site;
use crate::project::config::{Config, TaxonomyConfig};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// What a field holds, and so how the desk shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Long,
    Date,
    Number,
    Bool,
    /// References to pages, as `@/…` ids.
    Pages,
    /// Free terms (taxonomies).
    List,
    Quotes,
    Workshops,
    /// Some of the project's audience editions (`[[udgaver]]`), chosen by name.
    Editions,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Text => "tekst",
            Kind::Long => "lang",
            Kind::Date => "dato",
            Kind::Number => "tal",
            Kind::Bool => "valg",
            Kind::Pages => "sider",
            Kind::List => "liste",
            Kind::Quotes => "citater",
            Kind::Workshops => "workshops",
            Kind::Editions => "udgaver",
        }
    }
}

/// A front matter field the form knows.
pub struct Field {
    pub name: &'static str,
    /// Other keys the loader reads as this field (the writer may have used one).
    pub aliases: &'static [&'static str],
    pub kind: Kind,
    pub label: &'static str,
    /// The label when the project says `sprog = "en"`.
    pub label_en: &'static str,
    /// The page kinds that show it (`*`: all but book chapters).
    pub kinds: &'static [&'static str],
}

const ALL: &[&str] = &["*"];
const PAGE_REFS: &[&str] = &["metode", "eksempel", "redskab", "kursus", "side"];

/// The fields, in the order the form shows them.
pub const FIELDS: &[Field] = &[
    Field {
        name: "title",
        aliases: &[],
        kind: Kind::Text,
        label: "Titel",
        label_en: "Title",
        kinds: &["*", "kapitel"],
    },
    Field {
        name: "description",
        aliases: &["resume", "resumé"],
        kind: Kind::Long,
        label: "Resumé",
        label_en: "Summary",
        kinds: ALL,
    },
    Field {
        name: "updated",
        aliases: &["opdateret"],
        kind: Kind::Date,
        label: "Sidst opdateret",
        label_en: "Last updated",
        kinds: ALL,
    },
    Field {
        name: "udgaver",
        aliases: &[],
        kind: Kind::Editions,
        label: "Kun i udgaverne",
        label_en: "Only in the editions",
        kinds: ALL,
    },
    Field {
        name: "formaal",
        aliases: &["formål"],
        kind: Kind::Long,
        label: "Formål",
        label_en: "Purpose",
        kinds: &["metode"],
    },
    Field {
        name: "alder",
        aliases: &[],
        kind: Kind::Text,
        label: "Alder",
        label_en: "Age",
        kinds: &["metode"],
    },
    Field {
        name: "kilde",
        aliases: &[],
        kind: Kind::Text,
        label: "Kilde",
        label_en: "Source",
        kinds: &["metode"],
    },
    Field {
        name: "aar",
        aliases: &["år"],
        kind: Kind::Number,
        label: "År",
        label_en: "Year",
        kinds: &["eksempel"],
    },
    Field {
        name: "udbytte",
        aliases: &[],
        kind: Kind::Long,
        label: "Udbytte",
        label_en: "Benefits",
        kinds: &["eksempel"],
    },
    Field {
        name: "citater",
        aliases: &[],
        kind: Kind::Quotes,
        label: "Citater",
        label_en: "Quotes",
        kinds: &["eksempel"],
    },
    Field {
        name: "type",
        aliases: &[],
        kind: Kind::Text,
        label: "Type af redskab",
        label_en: "Kind of tool",
        kinds: &["redskab"],
    },
    Field {
        name: "printable",
        aliases: &[],
        kind: Kind::Bool,
        label: "Kan printes",
        label_en: "Printable",
        kinds: &["redskab"],
    },
    Field {
        name: "varighed",
        aliases: &[],
        kind: Kind::Text,
        label: "Varighed",
        label_en: "Duration",
        kinds: &["kursus"],
    },
    Field {
        name: "workshops",
        aliases: &[],
        kind: Kind::Workshops,
        label: "Workshops",
        label_en: "Workshops",
        kinds: &["kursus"],
    },
    Field {
        name: "metoder",
        aliases: &[],
        kind: Kind::Pages,
        label: "Metoder",
        label_en: "Methods",
        kinds: &["eksempel", "redskab", "kursus", "side"],
    },
    Field {
        name: "redskaber",
        aliases: &[],
        kind: Kind::Pages,
        label: "Redskaber",
        label_en: "Tools",
        kinds: &["metode", "eksempel", "kursus", "side"],
    },
    Field {
        name: "eksempler",
        aliases: &[],
        kind: Kind::Pages,
        label: "Praksiseksempler",
        label_en: "Practice examples",
        kinds: &["metode", "redskab", "side"],
    },
    Field {
        name: "relaterede",
        aliases: &[],
        kind: Kind::Pages,
        label: "Relaterede sider",
        label_en: "Related pages",
        kinds: PAGE_REFS,
    },
    Field {
        name: "weight",
        aliases: &[],
        kind: Kind::Number,
        label: "Rækkefølge",
        label_en: "Order",
        kinds: ALL,
    },
    Field {
        name: "draft",
        aliases: &[],
        kind: Kind::Bool,
        label: "Kladde (kommer ikke med endnu)",
        label_en: "Draft (not published yet)",
        kinds: ALL,
    },
];

/// The field named `name` (its name, not an alias).
pub fn field(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.name == name)
}

fn shown_for(f: &Field, kind: &str) -> bool {
    f.kinds.contains(&kind) || (kind != "kapitel" && f.kinds.contains(&"*"))
}

/// The prefix of a taxonomy's field name (`taxonomies.tema`).
pub const TAXONOMY: &str = "taxonomies.";

/// The form of a page of `kind`: its fields with labels, and the project's terms to suggest.
pub fn schema(
    kind: &str,
    config: Option<&Config>,
    terms: &BTreeMap<String, Vec<String>>,
) -> Vec<Value> {
    let english = config.is_some_and(|c| c.sprog == crate::text::i18n::Language::En);
    let editions: Vec<&str> = config.map_or_else(Vec::new, |c| {
        c.editions.iter().map(|e| e.navn.as_str()).collect()
    });
    let mut out: Vec<Value> = FIELDS
        .iter()
        .filter(|f| shown_for(f, kind))
        // Editions are offered only where the project has them (`[[udgaver]]`).
        .filter(|f| f.kind != Kind::Editions || !editions.is_empty())
        .map(|f| {
            let label = if english { f.label_en } else { f.label };
            let mut spec = json!({"navn": f.name, "etiket": label, "type": f.kind.word()});
            if f.kind == Kind::Editions {
                spec["forslag"] = json!(editions);
            }
            spec
        })
        .collect();
    if kind != "kapitel" {
        let taxonomies = config.map_or_else(crate::project::config::default_taxonomies, |c| {
            c.taxonomies.clone()
        });
        for t in taxonomies {
            let forslag = terms.get(&t.name).cloned().unwrap_or_default();
            out.push(
                json!({"navn": format!("{TAXONOMY}{}", t.name), "etiket": t.label,
                "type": Kind::List.word(), "forslag": forslag}),
            );
        }
    }
    out
}

/// The terms used in the handbook, by taxonomy (its configured name), sorted.
pub fn terms(site: &Site) -> BTreeMap<String, Vec<String>> {
    let config = &site.handbook.config;
    let mut out: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for t in &config.taxonomies {
        out.entry(t.name.clone()).or_default();
    }
    for page in &site.handbook.pages {
        for (key, values) in &page.meta.taxonomies {
            let name = taxonomy_name(&config.taxonomies, key);
            out.entry(name).or_default().extend(values.iter().cloned());
        }
    }
    out.into_iter()
        .map(|(k, v)| (k, v.into_iter().collect()))
        .collect()
}

/// The configured name of the taxonomy a front matter key means (`"målgruppe"` -> `malgruppe`);
/// the key itself if none is configured.
fn taxonomy_name(taxonomies: &[TaxonomyConfig], key: &str) -> String {
    let slug = crate::text::i18n::slugify(key);
    crate::project::config::taxonomy_index(taxonomies, &slug)
        .map_or_else(|| key.to_string(), |i| taxonomies[i].name.clone())
}

/// A page read for the form.
#[derive(Debug, Default)]
pub struct Page {
    pub fields: Map<String, Value>,
    pub body: String,
    /// Why the front matter could not be read (the build says where); the form is then empty.
    pub error: Option<String>,
}

impl Page {
    /// Reads a page's text. `taxonomies`: the project's, to name taxonomy fields by them.
    pub fn parse(text: &str, taxonomies: &[TaxonomyConfig]) -> Page {
        let name = Path::new("side.md");
        let split = match crate::handbook::frontmatter::split(text, name) {
            Ok(s) => s,
            Err(d) => {
                return Page {
                    body: text.to_string(),
                    error: Some(d.message),
                    ..Page::default()
                }
            }
        };
        let body = split.body.to_string();
        let straight = crate::text::toml_message::straightened(split.front_matter);
        let table = match toml::from_str::<toml::Table>(&straight) {
            Ok(t) => t,
            Err(e) => {
                return Page {
                    body,
                    error: Some(e.message().to_string()),
                    ..Page::default()
                }
            }
        };
        Page {
            fields: fields_of(&table, taxonomies),
            body,
            error: None,
        }
    }

    /// The page's new text: the front matter of `disk` (the file as it is now) with `fields`
    /// set, and `body` below it. `Err`: a field value that cannot be written, in Danish.
    pub fn write(
        disk: &str,
        fields: &Map<String, Value>,
        body: &str,
        taxonomies: &[TaxonomyConfig],
    ) -> Result<String, String> {
        let mut doc = disk_document(disk);
        for (name, value) in fields {
            if let Some(tax) = name.strip_prefix(TAXONOMY) {
                set_taxonomy(&mut doc, taxonomies, tax, value)?;
                continue;
            }
            let f = field(name).ok_or_else(|| format!("ukendt felt {name:?}"))?;
            set_field(&mut doc, f, value)?;
        }
        let mut fm = doc.to_string();
        if !fm.is_empty() && !fm.ends_with('\n') {
            fm.push('\n');
        }
        Ok(format!("+++\n{fm}+++\n{body}"))
    }
}

/// The fields the form knows, from a front matter table.
fn fields_of(table: &toml::Table, taxonomies: &[TaxonomyConfig]) -> Map<String, Value> {
    let mut out = Map::new();
    for f in FIELDS {
        let found = std::iter::once(f.name)
            .chain(f.aliases.iter().copied())
            .find_map(|k| table.get(k));
        if let Some(v) = found {
            out.insert(f.name.to_string(), to_json(f.kind, v));
        }
    }
    if let Some(toml::Value::Table(t)) = table.get("taxonomies") {
        for (key, v) in t {
            let name = taxonomy_name(taxonomies, key);
            out.insert(format!("{TAXONOMY}{name}"), to_json(Kind::List, v));
        }
    }
    out
}

fn to_json(kind: Kind, v: &toml::Value) -> Value {
    match (kind, v) {
        (_, toml::Value::Datetime(d)) => Value::String(d.to_string()),
        (_, toml::Value::Array(a)) => Value::Array(a.iter().map(|t| to_json(kind, t)).collect()),
        // A row of quotes or workshops: its dates as the date field shows them (`2026-02-03`).
        (_, toml::Value::Table(t)) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), to_json(Kind::Text, v)))
                .collect(),
        ),
        _ => serde_json::to_value(v).unwrap_or(Value::Null),
    }
}

/// The keys of a quote, and what each holds.
const QUOTE_KEYS: &[(&str, Kind)] = &[("tekst", Kind::Long), ("kilde", Kind::Text)];

/// The keys of a workshop (every key `frontmatter::Workshop` reads, so a save loses none), and
/// what each holds.
const WORKSHOP_KEYS: &[(&str, Kind)] = &[
    ("title", Kind::Text),
    ("varighed", Kind::Text),
    ("dato", Kind::Date),
    ("tid", Kind::Text),
    ("sted", Kind::Text),
    ("undervisere", Kind::List),
    ("beskrivelse", Kind::Long),
    ("sider", Kind::Pages),
    ("redskaber", Kind::Pages),
];

/// The front matter on disk as an editable document. Unreadable by `toml_edit` but readable by
/// the loader (TOML 1.1): rebuilt from the loader's values, comments lost but no value; not
/// readable at all (the writer is mid-thought): a new one (the old file goes to the history).
fn disk_document(disk: &str) -> toml_edit::DocumentMut {
    let Ok(split) = crate::handbook::frontmatter::split(disk, Path::new("side.md")) else {
        return toml_edit::DocumentMut::new();
    };
    let straight = crate::text::toml_message::straightened(split.front_matter);
    if let Ok(doc) = straight.parse::<toml_edit::DocumentMut>() {
        return doc;
    }
    toml::from_str::<toml::Table>(&straight)
        .ok()
        .and_then(|t| toml::to_string(&t).ok())
        .and_then(|s| s.parse().ok())
        .unwrap_or_default()
}

/// The key `f` has in `doc` (its name or an alias the writer used), if any.
fn existing_key(doc: &toml_edit::DocumentMut, f: &Field) -> Option<&'static str> {
    std::iter::once(f.name)
        .chain(f.aliases.iter().copied())
        .find(|k| doc.contains_key(k))
}

fn set_field(doc: &mut toml_edit::DocumentMut, f: &Field, value: &Value) -> Result<(), String> {
    let key = existing_key(doc, f);
    let item = to_item(f, value)?;
    match (item, key) {
        (Some(item), Some(k)) => doc[k] = item,
        (Some(item), None) => doc[f.name] = item,
        // Emptied: a key the writer has keeps an empty value where TOML has one (so the
        // template's explanation above it stays useful); otherwise it goes.
        (None, Some(k)) => match empty_item(f.kind) {
            Some(item) => doc[k] = item,
            None => {
                doc.remove(k);
            }
        },
        (None, None) => {}
    }
    Ok(())
}

fn empty_item(kind: Kind) -> Option<toml_edit::Item> {
    match kind {
        Kind::Text | Kind::Long => Some(toml_edit::value("")),
        Kind::Pages | Kind::List => Some(toml_edit::value(toml_edit::Array::new())),
        _ => None,
    }
}

/// The TOML for a field's value; `None` for an empty one.
fn to_item(f: &Field, value: &Value) -> Result<Option<toml_edit::Item>, String> {
    let wrong = || format!("{} har en værdi, der ikke passer til feltet", f.label);
    Ok(match f.kind {
        Kind::Text | Kind::Long => match value {
            Value::Null => None,
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(toml_edit::value(s.as_str())),
            _ => return Err(wrong()),
        },
        Kind::Date => match value {
            Value::Null => None,
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(toml_edit::value(parse_date(s).ok_or_else(|| {
                format!(
                    "{}: {s:?} er ikke en dato; skriv den som 2026-02-03 eller 3.2.2026",
                    f.label
                )
            })?)),
            _ => return Err(wrong()),
        },
        Kind::Number => match value {
            Value::Null => None,
            Value::String(s) if s.trim().is_empty() => None,
            Value::Number(n) => Some(toml_edit::value(n.as_i64().ok_or_else(wrong)?)),
            Value::String(s) => {
                Some(toml_edit::value(s.trim().parse::<i64>().map_err(|_| {
                    format!("{}: {s:?} er ikke et helt tal", f.label)
                })?))
            }
            _ => return Err(wrong()),
        },
        Kind::Bool => match value {
            Value::Null | Value::Bool(false) => None,
            Value::Bool(true) => Some(toml_edit::value(true)),
            _ => return Err(wrong()),
        },
        Kind::Pages | Kind::List | Kind::Editions => {
            let items = strings(value).ok_or_else(wrong)?;
            (!items.is_empty()).then(|| toml_edit::value(string_array(&items)))
        }
        Kind::Quotes => tables(f, value, QUOTE_KEYS, "tekst")?,
        Kind::Workshops => tables(f, value, WORKSHOP_KEYS, "title")?,
    })
}

/// A list of non-empty strings (trimmed), from a JSON array (or `null`).
fn strings(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Null => Some(Vec::new()),
        Value::Array(a) => a
            .iter()
            .map(|v| v.as_str().map(|s| s.trim().to_string()))
            .filter(|s| s.as_ref().is_none_or(|s| !s.is_empty()))
            .collect(),
        _ => None,
    }
}

fn string_array(items: &[String]) -> toml_edit::Array {
    items.iter().map(String::as_str).collect()
}

/// An array of tables (`[[citater]]`) from JSON objects with these keys; an object whose
/// `required` key is empty is left out (a quote row the writer added but did not fill).
fn tables(
    f: &Field,
    value: &Value,
    keys: &'static [(&'static str, Kind)],
    required: &str,
) -> Result<Option<toml_edit::Item>, String> {
    let wrong = || format!("{} har en værdi, der ikke passer til feltet", f.label);
    let rows = match value {
        Value::Null => return Ok(None),
        Value::Array(a) => a,
        _ => return Err(wrong()),
    };
    let mut out = toml_edit::ArrayOfTables::new();
    for (n, row) in rows.iter().enumerate() {
        let obj = row.as_object().ok_or_else(wrong)?;
        let mut t = toml_edit::Table::new();
        for (key, kind) in keys {
            let Some(v) = obj.get(*key) else { continue };
            // A key of a row is written as a field of its kind is; its label names the row.
            let cell = Field {
                name: "",
                aliases: &[],
                kind: *kind,
                label: key,
                label_en: key,
                kinds: &[],
            };
            let item = to_item(&cell, v).map_err(|e| format!("{} {}, {e}", f.label, n + 1))?;
            if let Some(item) = item {
                t[*key] = item;
            }
        }
        if t.contains_key(required) {
            out.push(t);
        }
    }
    Ok((!out.is_empty()).then_some(toml_edit::Item::ArrayOfTables(out)))
}

fn set_taxonomy(
    doc: &mut toml_edit::DocumentMut,
    taxonomies: &[TaxonomyConfig],
    name: &str,
    value: &Value,
) -> Result<(), String> {
    let items = strings(value).ok_or_else(|| format!("{name}: forventede en liste af emner"))?;
    if name.is_empty() {
        return Err("et emne uden navn".into());
    }
    if !doc.contains_key("taxonomies") {
        if items.is_empty() {
            return Ok(());
        }
        doc["taxonomies"] = toml_edit::table();
    }
    let table = doc["taxonomies"]
        .as_table_like_mut()
        .ok_or_else(|| "taxonomies er ikke en tabel i filen".to_string())?;
    // The key the writer used for this taxonomy (`"målgruppe"` for `malgruppe`), else its name.
    let key = table
        .iter()
        .map(|(k, _)| k.to_string())
        .find(|k| taxonomy_name(taxonomies, k) == name)
        .unwrap_or_else(|| name.to_string());
    if items.is_empty() && !table.contains_key(&key) {
        return Ok(());
    }
    table.insert(&key, toml_edit::value(string_array(&items)));
    Ok(())
}

/// A date as a writer types it: `2026-02-03`, or the Danish day first `3.2.2026`, `03-02-2026`,
/// `3/2/2026`. Checked against the calendar.
pub fn parse_date(s: &str) -> Option<toml_edit::Datetime> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['-', '.', '/']).map(str::trim).collect();
    let [a, b, c] = parts[..] else {
        return None;
    };
    let num = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (year, month, day) = if a.len() == 4 {
        (num(a)?, num(b)?, num(c)?)
    } else if c.len() == 4 {
        (num(c)?, num(b)?, num(a)?)
    } else {
        return None;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if !(1..=days).contains(&day) || !(1000..=9999).contains(&year) {
        return None;
    }
    Some(toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        }),
        time: None,
        offset: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handbook::frontmatter::{self, FrontMatter};

    fn taxonomies() -> Vec<TaxonomyConfig> {
        crate::project::config::default_taxonomies()
    }

    /// What the loader reads from `text`.
    fn loaded(text: &str) -> FrontMatter {
        let split = frontmatter::split(text, Path::new("x.md")).unwrap();
        frontmatter::parse(&split, Path::new("x.md"))
            .unwrap_or_else(|d| panic!("{}\n{text}", d.message))
    }

    fn write(disk: &str, fields: Value) -> String {
        Page::write(disk, fields.as_object().unwrap(), "Tekst.\n", &taxonomies()).unwrap()
    }

    #[test]
    fn every_field_kind_reads_back_as_written() {
        let title = "“Citat” med \"lige\" og 'enkelte' \\ æøå ÆØÅ\ttab";
        let fields = json!({
            "title": title,
            "description": "To\nlinjer # ikke en kommentar",
            "updated": "03-02-2026",
            "formaal": "Formål",
            "alder": "6-18 år",
            "kilde": "Bog, s. 3",
            "aar": "2024",
            "udbytte": "Udbytte",
            "citater": [{"tekst": "Jeg blev hørt", "kilde": "Ung, 14 år"}, {"tekst": "", "kilde": "tom"}],
            "type": "Skema",
            "printable": true,
            "varighed": "2 dage",
            "workshops": [{"title": "Første", "varighed": "3 timer", "dato": "3.2.2026", "tid": "9.00-11.30",
                "sted": "Rådhuset", "undervisere": ["Mette", " "], "sider": ["@/metoder/a.md"], "redskaber": []}],
            "udgaver": ["intern"],
            "metoder": ["@/metoder/a.md", " "],
            "redskaber": ["@/redskaber/b.md"],
            "eksempler": [],
            "relaterede": ["@/c.md"],
            "weight": 3,
            "draft": false,
            "taxonomies.malgruppe": ["Børn og unge"],
            "taxonomies.tema": ["inddragelse", "“netværk”"],
        });
        let text = write("", fields);
        let m = loaded(&text);
        assert_eq!(m.title.as_deref(), Some(title));
        assert_eq!(
            m.description.as_deref(),
            Some("To\nlinjer # ikke en kommentar")
        );
        assert_eq!(
            m.updated.map(|d| d.to_string()).as_deref(),
            Some("2026-02-03")
        );
        assert!(text.contains("updated = 2026-02-03\n"), "{text}");
        assert_eq!(m.formaal.as_deref(), Some("Formål"));
        assert_eq!(m.alder.as_deref(), Some("6-18 år"));
        assert_eq!(m.kilde.as_deref(), Some("Bog, s. 3"));
        assert_eq!(m.aar, Some(2024));
        assert_eq!(m.udbytte.as_deref(), Some("Udbytte"));
        assert_eq!(m.citater.len(), 1, "an empty quote row is left out");
        assert_eq!(m.citater[0].kilde.as_deref(), Some("Ung, 14 år"));
        assert_eq!(m.tool_type.as_deref(), Some("Skema"));
        assert_eq!(m.printable, Some(true));
        assert_eq!(m.varighed.as_deref(), Some("2 dage"));
        assert_eq!(m.workshops[0].title, "Første");
        assert_eq!(m.workshops[0].sider, vec!["@/metoder/a.md"]);
        assert_eq!(
            m.workshops[0].dato.map(|d| d.to_string()).as_deref(),
            Some("2026-02-03")
        );
        assert_eq!(m.workshops[0].tid.as_deref(), Some("9.00-11.30"));
        assert_eq!(m.workshops[0].sted.as_deref(), Some("Rådhuset"));
        assert_eq!(m.workshops[0].undervisere, vec!["Mette"]);
        assert_eq!(m.udgaver, vec!["intern"]);
        assert_eq!(m.metoder, vec!["@/metoder/a.md"]);
        assert_eq!(m.redskaber, vec!["@/redskaber/b.md"]);
        assert!(m.eksempler.is_empty());
        assert_eq!(m.relaterede, vec!["@/c.md"]);
        assert_eq!(m.weight, Some(3));
        assert!(!m.draft);
        assert_eq!(m.taxonomies["malgruppe"], vec!["Børn og unge"]);
        assert_eq!(m.taxonomies["tema"], vec!["inddragelse", "“netværk”"]);
        // And the form reads what it wrote.
        let page = Page::parse(&text, &taxonomies());
        assert_eq!(page.fields["title"], title);
        assert_eq!(page.fields["updated"], "2026-02-03");
        assert_eq!(
            page.fields["taxonomies.tema"],
            json!(["inddragelse", "“netværk”"])
        );
        assert_eq!(page.body, "Tekst.\n");
    }

    #[test]
    fn a_course_read_into_the_form_and_saved_unchanged_loses_nothing() {
        // As the demo's course is written: workshops with day, time, place and trainers, and a
        // page limited to an edition. The desk sends back every field it read.
        let disk = "+++\ntitle = \"Kursus\"\nudgaver = [\"intern\"]\n\n[[workshops]]\ntitle = \"Workshop 1\"\nvarighed = \"2½ time\"\ndato = 2026-02-03\ntid = \"9.00-11.30\"\nsted = \"Rådhuset, mødelokale 2\"\nundervisere = [\"Mette Holm\", \"Ali Rahimi\"]\nbeskrivelse = \"Om barnets perspektiv.\"\nsider = [\"@/metoder/a.md\"]\nredskaber = [\"@/redskaber/b.md\"]\n+++\nTekst.\n";
        let page = Page::parse(disk, &taxonomies());
        assert_eq!(page.fields["workshops"][0]["dato"], "2026-02-03");
        let text = Page::write(disk, &page.fields, &page.body, &taxonomies()).unwrap();
        let without_places = |text: &str| FrontMatter {
            places: Default::default(),
            ..loaded(text)
        };
        assert_eq!(without_places(&text), without_places(disk), "{text}");
        assert!(text.contains("dato = 2026-02-03\n"), "{text}");
        // A day the calendar does not have is refused, naming the workshop.
        let mut fields = page.fields.clone();
        fields["workshops"][0]["dato"] = json!("31.2.2026");
        let err = Page::write(disk, &fields, "", &taxonomies()).unwrap_err();
        assert!(err.starts_with("Workshops 1, dato: "), "{err}");
    }

    #[test]
    fn editions_are_offered_only_where_the_project_has_them_and_labels_follow_the_language() {
        let terms = BTreeMap::new();
        let plain: Config = toml::from_str("title = \"H\"").unwrap();
        let names = |c: &Config| -> Vec<String> {
            schema("metode", Some(c), &terms)
                .iter()
                .map(|f| f["navn"].as_str().unwrap().to_string())
                .collect()
        };
        assert!(!names(&plain).contains(&"udgaver".to_string()));
        let with: Config = toml::from_str(
            "title = \"H\"\nsprog = \"en\"\n[[udgaver]]\nnavn = \"intern\"\n[[udgaver]]\nnavn = \"forældre\"\n",
        )
        .unwrap();
        let schema = schema("metode", Some(&with), &terms);
        let editions = schema.iter().find(|f| f["navn"] == "udgaver").unwrap();
        assert_eq!(editions["forslag"], json!(["intern", "forældre"]));
        assert_eq!(editions["type"], "udgaver");
        assert_eq!(schema[0]["etiket"], "Title");
        // A chapter of a child's book belongs to no edition.
        assert!(!super::schema("kapitel", Some(&with), &terms)
            .iter()
            .any(|f| f["navn"] == "udgaver"));
    }

    #[test]
    fn comments_aliases_and_unknown_keys_stay_and_emptied_fields_go() {
        let disk = "+++\n# Forklaring af titlen\ntitle = \"Gammel\"\n\"resumé\" = \"Kort\"\nslug = \"min-side\"\nupdated = 2026-01-01\nweight = 2\nredskaber = [\"@/r.md\"]\n\n[taxonomies]\n\"målgruppe\" = [\"Børn\"]\n\n[extra]\nfarve = \"grøn\"\n+++\nGammel tekst\n";
        let text = write(
            disk,
            json!({"title": "Ny", "description": "Længere", "updated": "", "weight": null,
                "redskaber": [], "taxonomies.malgruppe": ["Unge"]}),
        );
        assert!(
            text.contains("# Forklaring af titlen\ntitle = \"Ny\"\n"),
            "{text}"
        );
        assert!(text.contains("\"resumé\" = \"Længere\""), "{text}");
        assert!(!text.contains("description"), "{text}");
        assert!(text.contains("slug = \"min-side\""), "{text}");
        assert!(
            !text.contains("updated") && !text.contains("weight"),
            "{text}"
        );
        assert!(text.contains("redskaber = []"), "{text}");
        assert!(text.contains("\"målgruppe\" = [\"Unge\"]"), "{text}");
        assert!(text.contains("[extra]\nfarve = \"grøn\""), "{text}");
        assert!(text.ends_with("+++\nTekst.\n"), "{text}");
        let m = loaded(&text);
        assert_eq!(m.extra["farve"].as_str(), Some("grøn"));
        assert_eq!(m.slug.as_deref(), Some("min-side"));
        assert_eq!(m.description.as_deref(), Some("Længere"));
    }

    #[test]
    fn typographic_quotes_on_disk_are_read_and_written_straight() {
        // As Word types it: the loader straightens it, and so does the desk when it writes.
        let disk = "+++\ntitle = “Netværk”\nalder = \"0-18\"\n+++\n";
        let page = Page::parse(disk, &taxonomies());
        assert_eq!(page.fields["title"], "Netværk");
        let text = write(disk, json!({"alder": "6-18"}));
        assert_eq!(loaded(&text).title.as_deref(), Some("Netværk"));
        assert!(
            text.contains("\"Netværk\"") && !text.contains('“'),
            "{text}"
        );
    }

    #[test]
    fn dates_are_read_as_written_by_danes_and_checked() {
        let d = |s: &str| parse_date(s).map(|d| d.to_string());
        assert_eq!(d("2026-02-03").as_deref(), Some("2026-02-03"));
        assert_eq!(d("3.2.2026").as_deref(), Some("2026-02-03"));
        assert_eq!(d("03-02-2026").as_deref(), Some("2026-02-03"));
        assert_eq!(d(" 3/2/2026 ").as_deref(), Some("2026-02-03"));
        assert_eq!(d("29.2.2024").as_deref(), Some("2024-02-29"));
        for bad in [
            "29.2.2026",
            "31-04-2026",
            "2026-13-01",
            "3.2.26",
            "i går",
            "",
            "2026-02-03T10:00",
        ] {
            assert_eq!(d(bad), None, "{bad}");
        }
        let err = Page::write(
            "",
            json!({"updated": "31.2.2026"}).as_object().unwrap(),
            "",
            &taxonomies(),
        );
        assert!(err.unwrap_err().contains("2026-02-03"));
    }

    #[test]
    fn a_field_the_form_does_not_know_is_refused_not_written() {
        let r = Page::write(
            "",
            json!({"extra": "x"}).as_object().unwrap(),
            "",
            &taxonomies(),
        );
        assert!(r.is_err());
        let r = Page::write(
            "",
            json!({"title": 3}).as_object().unwrap(),
            "",
            &taxonomies(),
        );
        assert!(r.is_err());
    }

    #[test]
    fn a_front_matter_the_loader_cannot_read_is_told_and_the_body_kept() {
        let page = Page::parse("+++\ntitle = \n+++\nKrop\n", &taxonomies());
        assert!(page.error.is_some());
        assert_eq!(page.body, "Krop\n");
        assert!(page.fields.is_empty());
    }
}
