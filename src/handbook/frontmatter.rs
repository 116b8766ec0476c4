//! Front matter: the TOML block between `+++` lines at the top of a content file.

use crate::error::{Diagnostic, LineIndex};
use crate::problems::{ContentProblem, TimeFault};
use crate::text::places::{Places, Recorder};
use crate::text::toml_message::{self, TomlFile};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A quote with attribution, as the catalogues print them ("Ung, 14 år").
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub tekst: String,
    #[serde(default)]
    pub kilde: Option<String>,
}

/// One workshop of a course, in order.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Workshop {
    pub title: String,
    #[serde(default)]
    pub varighed: Option<String>,
    #[serde(default)]
    pub beskrivelse: Option<String>,
    /// Handbook pages the workshop uses, as `@/path.md`.
    #[serde(default)]
    pub sider: Vec<String>,
    /// Tools handed out, as `@/path.md`.
    #[serde(default)]
    pub redskaber: Vec<String>,
    /// The day it is held (`dato = 2026-02-03`).
    #[serde(default)]
    pub dato: Option<toml::value::Datetime>,
    /// When it starts and ends (`tid = "9.00-11.30"`), checked when the page is read.
    #[serde(default)]
    pub tid: Option<String>,
    /// Where it is held.
    #[serde(default)]
    pub sted: Option<String>,
    /// Who teaches it.
    #[serde(default)]
    pub undervisere: Vec<String>,
}

/// A time of day, as a workshop's `tid` gives its start and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Clock {
    pub hour: u8,
    pub minute: u8,
}

impl Clock {
    /// `9`, `9.00`, `09:30`, `kl. 9.30`.
    fn parse(s: &str) -> Option<Clock> {
        let s = s.trim();
        let s = s.strip_prefix("kl.").unwrap_or(s).trim();
        let (h, m) = s.split_once(['.', ':']).unwrap_or((s, "00"));
        let digits =
            |t: &str| !t.is_empty() && t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(h) || !digits(m) || m.len() != 2 {
            return None;
        }
        let (hour, minute) = (h.parse().ok()?, m.parse().ok()?);
        (hour < 24 && minute < 60).then_some(Clock { hour, minute })
    }
}

impl std::fmt::Display for Clock {
    /// Danish style: `9.00`, `13.30`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:02}", self.hour, self.minute)
    }
}

impl Workshop {
    /// The start and end of `tid`: `"9.00-11.30"`, `"9:00 – 11:30"`, `"kl. 9-11.30"`, `"9.00 til 11.30"`.
    pub fn times(&self) -> Option<Result<(Clock, Clock), TimeFault>> {
        self.tid.as_deref().map(parse_times)
    }
}

/// Reads a start and an end of the day (see [`Workshop::times`]).
pub fn parse_times(tid: &str) -> Result<(Clock, Clock), TimeFault> {
    let normal = tid.replace(['–', '—'], "-").replace(" til ", "-");
    let Some((a, b)) = normal.split_once('-') else {
        return Err(match Clock::parse(&normal) {
            Some(_) => TimeFault::NoEnd,
            None => TimeFault::Unreadable,
        });
    };
    let (Some(start), Some(end)) = (Clock::parse(a), Clock::parse(b)) else {
        return Err(if Clock::parse(a).is_some() && b.trim().is_empty() {
            TimeFault::NoEnd
        } else {
            TimeFault::Unreadable
        });
    };
    if end <= start {
        return Err(TimeFault::EndFirst);
    }
    Ok((start, end))
}

/// Everything a page may say about itself. Unknown keys are errors (a typo must not silently lose
/// a field); free-form data goes under `[extra]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default, alias = "resume", alias = "resumé")]
    pub description: Option<String>,
    #[serde(default, alias = "opdateret")]
    pub updated: Option<toml::value::Datetime>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub template: Option<String>,
    /// This file may contain CPR-like numbers on purpose (a fictional form, say).
    #[serde(default)]
    pub allow_cpr: bool,
    /// The audience editions this page (or, in `_index.md`, this section) is in; empty: all.
    #[serde(default)]
    pub udgaver: Vec<String>,

    // References, declared once and shown both ways.
    #[serde(default)]
    pub metoder: Vec<String>,
    #[serde(default)]
    pub redskaber: Vec<String>,
    #[serde(default)]
    pub eksempler: Vec<String>,
    #[serde(default)]
    pub relaterede: Vec<String>,

    #[serde(default)]
    pub taxonomies: BTreeMap<String, Vec<String>>,

    // metode
    #[serde(default, alias = "formål")]
    pub formaal: Option<String>,
    #[serde(default)]
    pub alder: Option<String>,
    #[serde(default)]
    pub kilde: Option<String>,
    // eksempel
    #[serde(default, alias = "år")]
    pub aar: Option<i64>,
    #[serde(default)]
    pub udbytte: Option<String>,
    #[serde(default)]
    pub citater: Vec<Quote>,
    // redskab
    #[serde(default, rename = "type")]
    pub tool_type: Option<String>,
    #[serde(default)]
    pub printable: Option<bool>,
    // kursus
    #[serde(default)]
    pub varighed: Option<String>,
    #[serde(default)]
    pub workshops: Vec<Workshop>,

    #[serde(default)]
    pub extra: toml::Table,

    /// Where the values later checks report on stand in the file (read in a second pass, see `spanned`).
    #[serde(skip)]
    pub places: Places,
}

/// The fields whose values a later check may report on, with their spans. Read in a second pass
/// so that every other reader of [`FrontMatter`] keeps plain values.
#[derive(Default, Deserialize)]
struct Spanned {
    #[serde(default)]
    template: Option<toml::Spanned<String>>,
    #[serde(default)]
    slug: Option<toml::Spanned<String>>,
    #[serde(default)]
    metoder: Vec<toml::Spanned<String>>,
    #[serde(default)]
    redskaber: Vec<toml::Spanned<String>>,
    #[serde(default)]
    eksempler: Vec<toml::Spanned<String>>,
    #[serde(default)]
    relaterede: Vec<toml::Spanned<String>>,
    #[serde(default)]
    taxonomies: BTreeMap<toml::Spanned<String>, serde::de::IgnoredAny>,
    #[serde(default)]
    workshops: Vec<SpannedWorkshop>,
    #[serde(default)]
    udgaver: Vec<toml::Spanned<String>>,
}

#[derive(Default, Deserialize)]
struct SpannedWorkshop {
    #[serde(default)]
    sider: Vec<toml::Spanned<String>>,
    #[serde(default)]
    redskaber: Vec<toml::Spanned<String>>,
    #[serde(default)]
    tid: Option<toml::Spanned<String>>,
}

/// Field names as checks report them: `template` and `slug` (value ""), `taxonomies` (the key), the
/// reference lists by name, and `workshops.sider` / `workshops.redskaber`.
fn spanned(split: &Split<'_>) -> Places {
    // Read as `parse` read it: typographic quotes straightened, every offset kept.
    let text = toml_message::straightened(split.front_matter);
    let Ok(s) = toml::from_str::<Spanned>(&text) else {
        return Places::default();
    };
    let mut r = Recorder::new(split.front_matter, split.front_matter_line);
    if let Some(t) = &s.template {
        r.add("template", "", t.span());
    }
    if let Some(s) = &s.slug {
        r.add("slug", "", s.span());
    }
    r.add_all("metoder", &s.metoder);
    r.add_all("redskaber", &s.redskaber);
    r.add_all("eksempler", &s.eksempler);
    r.add_all("relaterede", &s.relaterede);
    for key in s.taxonomies.keys() {
        r.add("taxonomies", key.get_ref(), key.span());
    }
    r.add_all("udgaver", &s.udgaver);
    for w in &s.workshops {
        r.add_all("workshops.sider", &w.sider);
        r.add_all("workshops.redskaber", &w.redskaber);
        if let Some(t) = &w.tid {
            r.add("workshops.tid", t.get_ref(), t.span());
        }
    }
    r.finish()
}

/// A content file split into its parts.
#[derive(Debug)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// 1-based line of the first front-matter line (just after the opening `+++`).
    pub front_matter_line: usize,
    pub body: &'a str,
    /// 1-based line on which the body starts.
    pub body_line: usize,
}

/// Splits `+++` front matter from the Markdown body. A file without front matter is all body.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let Some(rest) = text.strip_prefix("+++") else {
        return Ok(Split {
            front_matter: "",
            front_matter_line: 1,
            body: text,
            body_line: 1,
        });
    };
    let Some(rest) = rest
        .strip_prefix('\n')
        .or_else(|| rest.trim_start_matches([' ', '\t']).strip_prefix('\n'))
    else {
        return Err(Diagnostic::of(file, ContentProblem::FenceNotAlone).at(1, 4));
    };
    let start = text.len() - rest.len();
    // The closing fence is a line consisting of +++ (trailing spaces allowed).
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let fm = &text[start..offset];
            let body_start = offset + line.len();
            let idx = LineIndex::new(text);
            return Ok(Split {
                front_matter: fm,
                front_matter_line: 2,
                body: &text[body_start..],
                body_line: idx.line_col(body_start).0,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::of(file, ContentProblem::FrontMatterUnclosed).at(1, 1))
}

/// Parses the front matter; TOML errors point at the line and column in the whole file.
pub fn parse(split: &Split<'_>, file: &Path) -> Result<FrontMatter, Diagnostic> {
    let mut meta = toml_message::read::<FrontMatter>(
        file,
        split.front_matter,
        split.front_matter_line,
        TomlFile::FrontMatter,
    )?;
    meta.places = spanned(split);
    for w in &meta.workshops {
        if let (Some(tid), Some(Err(fault))) = (&w.tid, w.times()) {
            let problem = ContentProblem::WorkshopTime {
                written: tid.clone(),
                fault,
            };
            let place = meta.places.of("workshops.tid", tid);
            return Err(Diagnostic::of(file, problem).at_place(place));
        }
    }
    Ok(meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let text = "+++\ntitle = \"A\"\n+++\n# Hej\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(s.front_matter, "title = \"A\"\n");
        assert_eq!(s.body, "# Hej\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split("+++\ntitle = \"A\"\n# Hej\n", Path::new("a.md")).unwrap_err();
        assert!(e.message.contains("aldrig lukket"));
    }

    #[test]
    fn toml_error_line_is_line_in_file() {
        let text = "+++\ntitle = \"A\"\nweight = x\n+++\n";
        let s = split(text, Path::new("a.md")).unwrap();
        let e = parse(&s, Path::new("a.md")).unwrap_err();
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn workshop_times_are_read_as_danes_write_them() {
        let ok = |t: &str| parse_times(t).map(|(a, b)| format!("{a}-{b}"));
        assert_eq!(ok("9.00-11.30"), Ok("9.00-11.30".into()));
        assert_eq!(ok("09:00 – 11:30"), Ok("9.00-11.30".into()));
        assert_eq!(ok("kl. 9-11.30"), Ok("9.00-11.30".into()));
        assert_eq!(ok("13.00 til 15.30"), Ok("13.00-15.30".into()));
        assert_eq!(ok("9.00"), Err(TimeFault::NoEnd));
        assert_eq!(ok("9.00-"), Err(TimeFault::NoEnd));
        assert_eq!(ok("11.30-9.00"), Err(TimeFault::EndFirst));
        assert_eq!(ok("formiddag"), Err(TimeFault::Unreadable));
        assert_eq!(ok("25.00-26.00"), Err(TimeFault::Unreadable));
        assert_eq!(ok("9.5-10"), Err(TimeFault::Unreadable));
    }

    #[test]
    fn a_bad_workshop_time_is_reported_at_its_value() {
        let text = "+++\ntitle = \"K\"\n[[workshops]]\ntitle = \"W\"\ntid = \"11.30-9.00\"\n+++\n";
        let s = split(text, Path::new("k.md")).unwrap();
        let e = parse(&s, Path::new("k.md")).unwrap_err();
        assert_eq!((e.line, e.column), (Some(5), Some(8)));
    }

    #[test]
    fn unknown_field_is_reported_in_danish() {
        let text = "+++\ntitel = \"A\"\n+++\n";
        let s = split(text, Path::new("a.md")).unwrap();
        let e = parse(&s, Path::new("a.md")).unwrap_err();
        assert!(e.message.contains("ukendt felt"), "{}", e.message);
        assert_eq!(e.line, Some(2));
    }
}
