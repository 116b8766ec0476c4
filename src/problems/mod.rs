//! The catalogue of problems: every problem bogbinder can report, with a stable code, a severity
//! and its text in Danish and English, in one place.
//!
//! A problem is data ([`Problem`]); where it happened is the [`crate::error::Diagnostic`] that
//! carries it. Tests assert on [`Problem::code`], never on the prose, so the words can be
//! improved without breaking them. Codes never change meaning once released: a retired code is
//! not reused.
//!
//! The catalogue is split by area, one file each, so an area's codes and words sit together:
//!
//! | prefix | area                                   | file          |
//! |--------|----------------------------------------|---------------|
//! | `P`    | the project: `bogbinder.toml`, folders | `project.rs`  |
//! | `C`    | content pages and front matter         | `content.rs`  |
//! | `M`    | Markdown: links, images named in text  | `markdown.rs` |
//! | `D`    | writing a book's HTML and PDF          | `document.rs` |
//! | `I`    | bogbinder itself (a bug, not the user) | this file     |

mod content;
mod document;
mod markdown;
mod project;

pub use content::ContentProblem;
pub use document::DocumentProblem;
pub use markdown::MarkdownProblem;
pub use project::ProjectProblem;

use crate::text::i18n::Language;
use std::sync::OnceLock;

/// Whether a problem stops the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Nothing is written until it is fixed.
    Error,
    /// Reported; the build goes on.
    Warning,
}

/// A problem's stable code, for example `C002`: the area's letter and three digits. Four bytes,
/// so that a [`crate::error::Diagnostic`] stays small enough to return by value.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code([u8; 4]);

impl Code {
    /// Panics at compile time (codes are constants) unless `code` is a letter and three digits.
    pub const fn new(code: &str) -> Code {
        let b = code.as_bytes();
        assert!(b.len() == 4 && b[0].is_ascii_uppercase());
        assert!(b[1].is_ascii_digit() && b[2].is_ascii_digit() && b[3].is_ascii_digit());
        Code([b[0], b[1], b[2], b[3]])
    }
    pub fn as_str(&self) -> &str {
        // Only ever built from ASCII by `new`.
        std::str::from_utf8(&self.0).unwrap_or("????")
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// What a user reads about a problem: what is wrong and, where it helps, what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub message: String,
    pub hint: Option<String>,
}

impl Text {
    pub fn new(message: impl Into<String>) -> Self {
        Text {
            message: message.into(),
            hint: None,
        }
    }
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// One area's problems: each has a stable code, a severity and its words in both languages.
pub trait Catalogued {
    /// Stable code, for example `C004`: letter of the area, three digits.
    fn code(&self) -> Code;
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn text(&self, lang: Language) -> Text;
}

/// Every problem bogbinder reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Project(ProjectProblem),
    Content(ContentProblem),
    Markdown(MarkdownProblem),
    Document(DocumentProblem),
    /// A bug in bogbinder, never the user's fault: reported as such, with what went wrong.
    Internal(String),
}

impl Problem {
    pub fn code(&self) -> Code {
        match self {
            Problem::Project(p) => p.code(),
            Problem::Content(p) => p.code(),
            Problem::Markdown(p) => p.code(),
            Problem::Document(p) => p.code(),
            Problem::Internal(_) => Code::new("I001"),
        }
    }
    pub fn severity(&self) -> Severity {
        match self {
            Problem::Project(p) => p.severity(),
            Problem::Content(p) => p.severity(),
            Problem::Markdown(p) => p.severity(),
            Problem::Document(p) => p.severity(),
            Problem::Internal(_) => Severity::Error,
        }
    }
    pub fn text(&self, lang: Language) -> Text {
        match self {
            Problem::Project(p) => p.text(lang),
            Problem::Content(p) => p.text(lang),
            Problem::Markdown(p) => p.text(lang),
            Problem::Document(p) => p.text(lang),
            Problem::Internal(what) => internal_text(what, lang),
        }
    }
}

fn internal_text(what: &str, lang: Language) -> Text {
    match lang {
        Language::Da => Text::new(format!("en fejl i bogbinder: {what}")).hint(
            "det er ikke din skyld; skriv til dem, der vedligeholder bogbinder, og send denne besked med",
        ),
        Language::En => Text::new(format!("a bug in bogbinder: {what}")).hint(
            "this is not your fault; please send this message to bogbinder's maintainers",
        ),
    }
}

impl From<ProjectProblem> for Problem {
    fn from(p: ProjectProblem) -> Self {
        Problem::Project(p)
    }
}
impl From<ContentProblem> for Problem {
    fn from(p: ContentProblem) -> Self {
        Problem::Content(p)
    }
}
impl From<MarkdownProblem> for Problem {
    fn from(p: MarkdownProblem) -> Self {
        Problem::Markdown(p)
    }
}
impl From<DocumentProblem> for Problem {
    fn from(p: DocumentProblem) -> Self {
        Problem::Document(p)
    }
}

/// The language problems are reported in: Danish, or English when `BOGBINDER_SPROG=en`.
/// Read once: a build reports in one language.
pub fn language() -> Language {
    static LANGUAGE: OnceLock<Language> = OnceLock::new();
    *LANGUAGE.get_or_init(|| match std::env::var("BOGBINDER_SPROG").as_deref() {
        Ok("en") => Language::En,
        _ => Language::Da,
    })
}
