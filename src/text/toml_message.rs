//! TOML and settings errors in Danish. The people who write a barnets bog or a method page do not
//! read parser English, so the common messages are translated, and a misspelt field name gets
//! the nearest valid one ("mente du `title`?").

use crate::error::{Diagnostic, LineIndex};
use crate::problems::{BookProblem, ContentProblem, Problem, ProjectProblem};
use std::path::Path;

/// Which kind of TOML file an error is in: it decides the problem's code and what the hint says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TomlFile {
    /// A content page's front matter.
    FrontMatter,
    /// `bogbinder.toml`.
    Config,
    /// A book's `bog.toml`, or a chapter's front matter.
    Book,
}

/// The one way a TOML error becomes a problem: the message in Danish, at the line and column of
/// the error's span. `text` is what was parsed; it starts on line `first_line` of `file`.
pub fn diagnostic(
    file: &Path,
    text: &str,
    first_line: usize,
    e: &toml::de::Error,
    kind: TomlFile,
) -> Diagnostic {
    let message = danish(e.message());
    let problem: Problem = match kind {
        TomlFile::FrontMatter => ContentProblem::FrontMatterToml { message }.into(),
        TomlFile::Config => ProjectProblem::ConfigToml { message }.into(),
        TomlFile::Book => BookProblem::BookToml { message }.into(),
    };
    let d = Diagnostic::of(file, problem);
    match e.span() {
        Some(span) => {
            let (line, column) = LineIndex::new(text).line_col(span.start);
            d.at(line + first_line - 1, column)
        }
        None => d,
    }
}

/// The Danish form of a message from `toml` (syntax) or serde (fields and types).
pub fn danish(message: &str) -> String {
    let msg = message.trim();
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        return unknown_field(rest);
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("mangler feltet {rest}");
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let expected = match expected {
            "" => String::new(),
            e => format!(", men her skal stå {}", kind(e)),
        };
        return format!("forkert slags værdi: {}{expected}", kind(found));
    }
    msg.to_string()
}

/// `` `titel`, expected one of `title`, `description` `` → the field and the nearest valid one.
fn unknown_field(rest: &str) -> String {
    let (field, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
    let name = field.trim_matches('`');
    let known: Vec<&str> = expected
        .trim_start_matches("one of ")
        .split(", ")
        .map(|k| k.trim_matches('`'))
        .filter(|k| !k.is_empty())
        .collect();
    let nearest = known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&name.to_lowercase(), k), *k))
        .min();
    match nearest {
        Some((d, k)) if d <= 2 && d < name.chars().count() => {
            format!("ukendt felt `{name}` – mente du `{k}`?")
        }
        _ if !known.is_empty() => format!(
            "ukendt felt `{name}`; de gyldige felter er {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => format!("ukendt felt `{name}`"),
    }
}

/// serde's names for kinds of values, in Danish.
fn kind(s: &str) -> String {
    const WORDS: [(&str, &str); 12] = [
        ("a sequence", "en liste, fx [\"a\", \"b\"]"),
        ("sequence", "en liste"),
        ("a string", "en tekst i \"anførselstegn\""),
        ("string", "tekst"),
        ("a boolean", "true eller false"),
        ("boolean", "sand/falsk"),
        ("an integer", "et helt tal"),
        ("integer", "heltal"),
        ("i64", "et helt tal"),
        ("a map", "en tabel"),
        ("map", "tabel"),
        ("floating point", "kommatal"),
    ];
    for (en, da) in WORDS {
        if s == en {
            return da.to_string();
        }
        if let Some(rest) = s.strip_prefix(&format!("{en} ")) {
            return format!("{da} {rest}");
        }
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::danish;

    #[test]
    fn a_misspelt_field_gets_the_nearest_valid_one() {
        let m = danish("unknown field `titel`, expected one of `title`, `description`, `weight`");
        assert_eq!(m, "ukendt felt `titel` – mente du `title`?");
        let m = danish("unknown field `farve`, expected one of `title`, `description`");
        assert_eq!(
            m,
            "ukendt felt `farve`; de gyldige felter er `title`, `description`"
        );
        assert_eq!(
            danish("unknown field `navn`, expected `fil`"),
            "ukendt felt `navn`; de gyldige felter er `fil`"
        );
    }

    #[test]
    fn kinds_of_values_are_named_in_danish() {
        assert_eq!(
            danish("invalid type: string \"trivsel\", expected a sequence"),
            "forkert slags værdi: tekst \"trivsel\", men her skal stå en liste, fx [\"a\", \"b\"]"
        );
        assert_eq!(
            danish("invalid type: integer `5`, expected a string"),
            "forkert slags værdi: heltal `5`, men her skal stå en tekst i \"anførselstegn\""
        );
        assert_eq!(danish("missing field `navn`"), "mangler feltet `navn`");
    }
}
