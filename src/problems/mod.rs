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
//! | `T`    | themes and templates                   | `template.rs` |
//! | `F`    | files and photos                       | `files.rs`    |
//! | `B`    | books, consent, compendiums            | `book.rs`     |
//! | `S`    | the preview (`serve`)                  | `serve.rs`    |
//! | `V`    | privacy (CPR numbers)                  | `privacy.rs`  |
//! | `A`    | the command line's arguments           | `command.rs`  |
//! | `I`    | bogbinder itself (a bug, not the user) | this file     |

mod book;
mod command;
mod content;
mod document;
mod files;
mod form;
mod markdown;
mod portable;
mod privacy;
mod project;
mod serve;
mod template;
mod toml_mistake;

pub use book::BookProblem;
pub use command::CommandProblem;
pub use content::{ContentProblem, TimeFault};
pub use document::DocumentProblem;
pub use files::{io_words, FileProblem, Home, IoWhy};
pub use form::FormMistake;
pub use markdown::{MarkdownProblem, Nearest};
pub use portable::{NameFrom, PortableName};
pub use privacy::PrivacyProblem;
pub use project::{OutputClash, ProjectProblem};
pub use serve::ServeProblem;
pub use template::{TemplateExpected, TemplateProblem};
pub use toml_mistake::TomlMistake;

use crate::text::i18n::Language;
use std::sync::atomic::{AtomicU8, Ordering};
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

impl Severity {
    /// How a report names it: `fejl[C002]: …`, `advarsel[F001]: …`.
    pub fn word(self, lang: Language) -> &'static str {
        match (self, lang) {
            (Severity::Error, Language::Da) => "fejl",
            (Severity::Warning, Language::Da) => "advarsel",
            (Severity::Error, Language::En) => "error",
            (Severity::Warning, Language::En) => "warning",
        }
    }
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

/// The Danish or the English of two.
pub(crate) fn pick<T>(lang: Language, da: T, en: T) -> T {
    match lang {
        Language::Da => da,
        Language::En => en,
    }
}

/// A few words in both languages that a problem quotes, for words chosen where the problem is
/// found (what part of a photo is too large, what kind of video a file is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    pub da: &'static str,
    pub en: &'static str,
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
    Template(TemplateProblem),
    File(FileProblem),
    Book(BookProblem),
    Serve(ServeProblem),
    Privacy(PrivacyProblem),
    Command(CommandProblem),
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
            Problem::Template(p) => p.code(),
            Problem::File(p) => p.code(),
            Problem::Book(p) => p.code(),
            Problem::Serve(p) => p.code(),
            Problem::Privacy(p) => p.code(),
            Problem::Command(p) => p.code(),
            Problem::Internal(_) => Code::new("I001"),
        }
    }
    pub fn severity(&self) -> Severity {
        match self {
            Problem::Project(p) => p.severity(),
            Problem::Content(p) => p.severity(),
            Problem::Markdown(p) => p.severity(),
            Problem::Document(p) => p.severity(),
            Problem::Template(p) => p.severity(),
            Problem::File(p) => p.severity(),
            Problem::Book(p) => p.severity(),
            Problem::Serve(p) => p.severity(),
            Problem::Privacy(p) => p.severity(),
            Problem::Command(p) => p.severity(),
            Problem::Internal(_) => Severity::Error,
        }
    }
    pub fn text(&self, lang: Language) -> Text {
        match self {
            Problem::Project(p) => p.text(lang),
            Problem::Content(p) => p.text(lang),
            Problem::Markdown(p) => p.text(lang),
            Problem::Document(p) => p.text(lang),
            Problem::Template(p) => p.text(lang),
            Problem::File(p) => p.text(lang),
            Problem::Book(p) => p.text(lang),
            Problem::Serve(p) => p.text(lang),
            Problem::Privacy(p) => p.text(lang),
            Problem::Command(p) => p.text(lang),
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
impl From<TemplateProblem> for Problem {
    fn from(p: TemplateProblem) -> Self {
        Problem::Template(p)
    }
}
impl From<FileProblem> for Problem {
    fn from(p: FileProblem) -> Self {
        Problem::File(p)
    }
}
impl From<BookProblem> for Problem {
    fn from(p: BookProblem) -> Self {
        Problem::Book(p)
    }
}
impl From<ServeProblem> for Problem {
    fn from(p: ServeProblem) -> Self {
        Problem::Serve(p)
    }
}
impl From<CommandProblem> for Problem {
    fn from(p: CommandProblem) -> Self {
        Problem::Command(p)
    }
}
impl From<PrivacyProblem> for Problem {
    fn from(p: PrivacyProblem) -> Self {
        Problem::Privacy(p)
    }
}

/// The language problems are reported in: `BOGBINDER_SPROG` (`da`, `en`) if set, else the
/// project's `sprog` once its settings are read ([`follow_project_language`]), else Danish.
pub fn language() -> Language {
    if let Some(lang) = *chosen_language() {
        return lang;
    }
    match PROJECT_LANGUAGE.load(Ordering::Relaxed) {
        ENGLISH => Language::En,
        _ => Language::Da,
    }
}

/// The project's `sprog`, for the problems found after `bogbinder.toml` was read: a handbook
/// written in English gets its problems in English too. `BOGBINDER_SPROG` still wins.
pub fn follow_project_language(lang: Language) {
    let value = match lang {
        Language::En => ENGLISH,
        Language::Da => DANISH,
    };
    PROJECT_LANGUAGE.store(value, Ordering::Relaxed);
}

const DANISH: u8 = 0;
const ENGLISH: u8 = 1;
static PROJECT_LANGUAGE: AtomicU8 = AtomicU8::new(DANISH);

/// `BOGBINDER_SPROG`, read once: a run reports in one language.
fn chosen_language() -> &'static Option<Language> {
    static CHOSEN: OnceLock<Option<Language>> = OnceLock::new();
    CHOSEN.get_or_init(|| match std::env::var("BOGBINDER_SPROG").as_deref() {
        Ok("en") => Some(Language::En),
        Ok("da") => Some(Language::Da),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// Samples of every variant of every area (each area's `samples` lists them all).
    fn samples() -> Vec<Problem> {
        let mut all: Vec<Problem> = Vec::new();
        all.extend(project::samples().into_iter().map(Problem::from));
        all.extend(content::samples().into_iter().map(Problem::from));
        all.extend(markdown::samples().into_iter().map(Problem::from));
        all.extend(document::samples().into_iter().map(Problem::from));
        all.extend(template::samples().into_iter().map(Problem::from));
        all.extend(files::samples().into_iter().map(Problem::from));
        all.extend(book::samples().into_iter().map(Problem::from));
        all.extend(serve::samples().into_iter().map(Problem::from));
        all.extend(privacy::samples().into_iter().map(Problem::from));
        all.extend(command::samples().into_iter().map(Problem::from));
        all.push(Problem::Internal("x".into()));
        all
    }

    /// The variant's name (`Book(NoConsent`), so two samples of one variant may share a code and
    /// no two variants may.
    fn variant(p: &Problem) -> String {
        let debug = format!("{p:?}");
        debug
            .split([' ', ')', '"', '{'])
            .next()
            .unwrap_or_default()
            .to_string()
    }

    /// Every code the areas' sources give out (`=> "C002"`, `Code::new("I001")`).
    fn declared_codes() -> BTreeSet<String> {
        let sources = [
            include_str!("mod.rs"),
            include_str!("project.rs"),
            include_str!("content.rs"),
            include_str!("markdown.rs"),
            include_str!("document.rs"),
            include_str!("template.rs"),
            include_str!("files.rs"),
            include_str!("portable.rs"),
            include_str!("book.rs"),
            include_str!("serve.rs"),
            include_str!("privacy.rs"),
            include_str!("command.rs"),
            include_str!("toml_mistake.rs"),
            include_str!("form.rs"),
        ];
        let mut codes = BTreeSet::new();
        for source in sources {
            for (i, _) in source.match_indices('"') {
                let Some(code) = source.get(i + 1..i + 6) else {
                    continue;
                };
                let b = code.as_bytes();
                if b[4] == b'"'
                    && b[0].is_ascii_uppercase()
                    && b[1..4].iter().all(u8::is_ascii_digit)
                {
                    codes.insert(code[..4].to_string());
                }
            }
        }
        codes
    }

    /// A variant missing from its area's `samples` would escape the other tests.
    #[test]
    fn every_declared_code_is_sampled() {
        let sampled: BTreeSet<String> = samples().iter().map(|p| p.code().to_string()).collect();
        assert_eq!(sampled, declared_codes());
    }

    #[test]
    fn every_code_names_one_kind_of_problem() {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for p in samples() {
            let code = p.code().to_string();
            let name = variant(&p);
            if let Some(other) = seen.insert(code.clone(), name.clone()) {
                assert_eq!(other, name, "{code} is used by two kinds of problem");
            }
            let area = match &p {
                Problem::Project(_) => 'P',
                Problem::Content(_) => 'C',
                Problem::Markdown(_) => 'M',
                Problem::Document(_) => 'D',
                Problem::Template(_) => 'T',
                Problem::File(_) => 'F',
                Problem::Book(_) => 'B',
                Problem::Serve(_) => 'S',
                Problem::Privacy(_) => 'V',
                Problem::Command(_) => 'A',
                Problem::Internal(_) => 'I',
            };
            assert!(code.starts_with(area), "{code} is not in area {area}");
        }
        assert!(seen.len() > 60, "only {} codes sampled", seen.len());
    }

    #[test]
    fn every_problem_has_danish_and_english_words_that_differ() {
        for p in samples() {
            let (da, en) = (p.text(Language::Da), p.text(Language::En));
            assert!(!da.message.trim().is_empty(), "{p:?}");
            assert!(!en.message.trim().is_empty(), "{p:?}");
            assert_ne!(da.message, en.message, "{p:?}: message not translated");
            assert_eq!(
                da.hint.is_some(),
                en.hint.is_some(),
                "{p:?}: hint in one language only"
            );
            if da.hint.is_some() {
                assert_ne!(da.hint, en.hint, "{p:?}: hint not translated");
            }
        }
    }
}
