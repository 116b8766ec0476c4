//! Errors as data: every problem found in a project is a [`Diagnostic`] that names the file, the
//! place in it, what is wrong and what to do. A build collects all of them before it stops, so a user
//! fixes everything in one round instead of one error per run.

use crate::problems::{Code, Problem, Severity};
use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in the user's project, with enough context to find and fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// The file, relative to the project root where possible.
    pub file: PathBuf,
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    pub column: Option<usize>,
    /// What is wrong, in the user's language.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The catalogue entry: its stable code (`C002`), what tests assert on.
    pub code: Code,
    pub severity: Severity,
}

impl Diagnostic {
    /// A problem from the catalogue in `file`, in the language problems are reported in.
    pub fn of(file: impl Into<PathBuf>, problem: impl Into<Problem>) -> Self {
        let problem = problem.into();
        let text = problem.text(crate::problems::language());
        Diagnostic {
            file: file.into(),
            line: None,
            column: None,
            message: text.message,
            hint: text.hint,
            code: problem.code(),
            severity: problem.severity(),
        }
    }

    /// A bug in bogbinder, told as such (code `I001`), never as the user's mistake.
    pub fn internal(file: impl Into<PathBuf>, what: impl Into<String>) -> Self {
        Diagnostic::of(file, Problem::Internal(what.into()))
    }

    /// A finished file of the output that could not be written.
    pub fn not_written(file: impl Into<PathBuf>, e: &Error) -> Self {
        let error = e.to_string();
        Diagnostic::of(file, crate::problems::FileProblem::CannotWrite { error })
    }

    /// The same problem told at the place that uses `self.file` (a photo's problem at the
    /// Markdown line naming it): the old file leads the message.
    pub fn told_at(self, file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Diagnostic {
            message: format!("{}: {}", self.file.display(), self.message),
            file: file.into(),
            line: Some(line),
            column: Some(column),
            ..self
        }
    }

    /// At a place given by the parser, if it gave one.
    pub fn at_place(self, place: Option<(usize, usize)>) -> Self {
        match place {
            Some((line, column)) => self.at(line, column),
            None => self,
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// `file:line:column` as editors and terminals understand it.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => format!("{file}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n    → {hint}")?;
        }
        Ok(())
    }
}

/// All the problems of one build, reported together.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Sorted by file and place so the report reads top to bottom.
    pub fn sorted(mut self) -> Self {
        self.0
            .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        self.0.dedup();
        self
    }
    pub fn into_result(self) -> Result<(), Error> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self.sorted()))
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            let word = d.severity.word(crate::problems::language());
            writeln!(f, "{word}[{}]: {d}", d.code)?;
        }
        Ok(())
    }
}

/// Warnings found while reading (typographic quotes read as plain ones). They stop nothing and
/// come from deep inside parsers that run in parallel, so they are gathered here, and the command
/// prints them when it ends (`serve` after each rebuild).
static WARNINGS: std::sync::Mutex<Vec<Diagnostic>> = std::sync::Mutex::new(Vec::new());

/// Keeps a warning for the command to print.
pub fn warn(d: Diagnostic) {
    if let Ok(mut w) = WARNINGS.lock() {
        w.push(d);
    }
}

/// The warnings gathered since the last call, in order and each once.
pub fn take_warnings() -> Diagnostics {
    let taken = WARNINGS
        .lock()
        .map(|mut w| std::mem::take(&mut *w))
        .unwrap_or_default();
    Diagnostics(taken).sorted()
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The project has problems the user must fix; the list says where.
    #[error("{}", invalid_summary(.0))]
    Invalid(Diagnostics),
    /// A file or folder could not be read or written.
    #[error("kunne ikke {action} {}: {}", .path.display(), crate::problems::io_words(.source))]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The command cannot run as asked (bad argument, unsafe output folder, ...).
    #[error("{}", .0.text(crate::problems::language()).message)]
    Usage(Problem),
    /// A bug in bogbinder (code `I001`): never the user's mistake, and never told as one.
    #[error("{}", Problem::Internal(.0.clone()).text(crate::problems::language()).message)]
    Internal(String),
}

fn invalid_summary(d: &Diagnostics) -> String {
    match crate::problems::language() {
        // "fejl" is both singular and plural in Danish.
        crate::text::i18n::Language::Da => format!(
            "{d}{} fejl fundet: intet blev skrevet, og den tidligere udgave er uændret.",
            d.len()
        ),
        crate::text::i18n::Language::En => format!(
            "{d}{} problem(s) found: nothing was written, and the previous edition is unchanged.",
            d.len()
        ),
    }
}

impl Error {
    pub fn io(action: &'static str, path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.as_ref().to_path_buf(),
            source,
        }
    }
    /// The command cannot run as asked; `problem` says why and what to do.
    pub fn usage(problem: impl Into<Problem>) -> Self {
        Error::Usage(problem.into())
    }
    /// A bug in bogbinder: `what` went wrong that should not.
    pub fn internal(what: impl Into<String>) -> Self {
        Error::Internal(what.into())
    }
    /// The problem this error reports, with its code: what `main` prints. `None` for
    /// [`Error::Invalid`], whose diagnostics each have their own.
    pub fn problem(&self) -> Option<Problem> {
        match self {
            Error::Usage(p) => Some(p.clone()),
            Error::Internal(what) => Some(Problem::Internal(what.clone())),
            Error::Io {
                action,
                path,
                source,
            } => Some(io_problem(action, path, source).into()),
            Error::Invalid(_) => None,
        }
    }
    /// Any failure as diagnostics, so it can be shown like a content problem (in the preview):
    /// a usage problem or a bug is told at `fallback`, a file error at its file (relative to
    /// `root`).
    pub fn into_diagnostics(self, root: &Path, fallback: &Path) -> Diagnostics {
        match self {
            Error::Invalid(d) => d,
            Error::Usage(p) => Diagnostics(vec![Diagnostic::of(fallback, p)]),
            Error::Internal(what) => Diagnostics(vec![Diagnostic::internal(fallback, what)]),
            Error::Io {
                path,
                source,
                action,
            } => {
                let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                let problem = io_problem(action, &shown, &source);
                Diagnostics(vec![Diagnostic::of(shown, problem)])
            }
        }
    }
    /// The diagnostics, if this is a content error.
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        match self {
            Error::Invalid(d) => Some(d),
            _ => None,
        }
    }
}

fn io_problem(
    action: &'static str,
    path: &Path,
    source: &std::io::Error,
) -> crate::problems::FileProblem {
    crate::problems::FileProblem::Io {
        action,
        path: path.display().to_string(),
        why: crate::problems::IoWhy::of(source),
        error: source.to_string(),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Maps byte offsets in a text to 1-based line and column (in characters).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last place asked for (byte offset, column): offsets usually come in order, and
    /// counting on from there keeps a line of a million letters with thousands of links linear.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            text,
            starts,
            last: std::cell::Cell::new((0, 1)),
        }
    }
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let (last_offset, last_col) = self.last.get();
        let (from, col) = if last_offset >= start && last_offset <= offset {
            (last_offset, last_col)
        } else {
            (start, 1)
        };
        let col = col + self.text[from..offset].chars().count();
        self.last.set((offset, col));
        (line + 1, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_characters_not_bytes() {
        let idx = LineIndex::new("æøå\nab");
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(6), (1, 4));
        assert_eq!(idx.line_col(7), (2, 1));
        assert_eq!(idx.line_col(8), (2, 2));
    }

    #[test]
    fn line_index_gives_the_same_columns_in_any_order() {
        let text = "æb\ncød æ\n\nx";
        let idx = LineIndex::new(text);
        let fresh = |o: usize| LineIndex::new(text).line_col(o);
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|&o| text.is_char_boundary(o))
            .collect();
        for &o in offsets
            .iter()
            .chain(offsets.iter().rev())
            .chain(&[3, 0, 7, 7, 2])
        {
            assert_eq!(idx.line_col(o), fresh(o), "offset {o}");
        }
    }
}
