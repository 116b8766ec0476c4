//! TOML and settings errors in Danish. The people who write a barnets bog or a method page do not
//! read parser English, and they write in Word: every mistake gets its own words and hint, found
//! from the parser's error and the line it is on, and the few mistakes whose meaning is plain
//! (typographic quotes, a date in quotes) are read anyway, with a warning.
//!
//! Repairs keep every byte offset (a quote becomes spaces and a straight quote), so the places
//! of later errors and of the values later checks report on stay right.

use crate::error::{Diagnostic, LineIndex};
use crate::problems::{BookProblem, ContentProblem, Problem, ProjectProblem, TomlMistake};
use serde::de::DeserializeOwned;
use std::borrow::Cow;
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

/// A repair is one line or one value, so a file of many lines with Word's quotes needs many;
/// the bound only stops a repair that would not change the error.
const MAX_REPAIRS: usize = 500;

/// Parses `text` (which starts on line `first_line` of `file`), reading typographic quotes and
/// quoted dates where their meaning is plain. Each such repair is a warning, given to
/// [`crate::error::warn`]; a mistake that cannot be read is the error returned.
pub fn read<T: DeserializeOwned>(
    file: &Path,
    text: &str,
    first_line: usize,
    kind: TomlFile,
) -> Result<T, Diagnostic> {
    let mut fixed = Cow::Borrowed(text);
    let mut warnings: Vec<(usize, Diagnostic)> = Vec::new();
    let mut outcome = toml::from_str::<T>(&fixed);
    while let Err(e) = &outcome {
        if warnings.len() >= MAX_REPAIRS {
            break;
        }
        let Some((repaired, offset, mistake)) = repair(&fixed, e) else {
            break;
        };
        let line = line_of(text, offset);
        warnings.push((line, place(file, text, first_line, offset, mistake, kind)));
        fixed = Cow::Owned(repaired);
        outcome = toml::from_str::<T>(&fixed);
    }
    match outcome {
        Ok(value) => {
            warnings
                .into_iter()
                .for_each(|(_, w)| crate::error::warn(w));
            Ok(value)
        }
        Err(e) => {
            let at = e.span().map(|s| s.start);
            // A field's wrong name or kind on a repaired line is still that; only a line that
            // cannot be read even with the repair was not what the repair took it for.
            let syntax = !is_field_error(e.message());
            let repaired_line = at.filter(|_| syntax).and_then(|o| {
                let line = line_of(text, o);
                warnings.iter().any(|(l, _)| *l == line).then_some(line)
            });
            for (line, w) in warnings {
                if Some(line) != repaired_line {
                    crate::error::warn(w);
                }
            }
            // A repaired line that still fails was not what the repair took it for.
            let mistake = match (repaired_line, at) {
                (Some(_), Some(o)) => TomlMistake::TypographicQuotes {
                    line: line_text(text, o).trim().to_string(),
                },
                _ => settled_by_trial::<T>(&fixed, at.unwrap_or(0), classify(&fixed, &e)),
            };
            let d = problem(file, mistake, kind);
            Err(match at {
                Some(o) => at_offset(d, text, first_line, o),
                None => d,
            })
        }
    }
}

/// Settled by trying the hint on the line at `at`: a text without quotes, a yes/no word, or
/// more after a value (`varighed = 2 timer`) is told as a text to quote when quoting it reads.
/// Where the quoted value still does not fit, the field's own problem is told: a number must
/// stand (`weight = fem`), or the name is unknown. A yes/no where true/false must stand, and a
/// second value after a first (`draft = true true`), stay what they are.
fn settled_by_trial<T: DeserializeOwned>(
    text: &str,
    at: usize,
    mistake: TomlMistake,
) -> TomlMistake {
    use TomlMistake::{ExtraOnLine, NotTrueFalse, UnquotedText};
    if !matches!(
        mistake,
        UnquotedText { .. } | ExtraOnLine | NotTrueFalse { .. }
    ) {
        return mistake;
    }
    let Some((trial, key, value)) = quoted_at(text, at) else {
        return mistake;
    };
    let e = match toml::from_str::<T>(&trial) {
        Ok(_) => return UnquotedText { key, value },
        Err(e) => e,
    };
    // Only the field on this line: a later line's problem is told when this one is fixed.
    let same_line = e
        .span()
        .is_some_and(|s| line_of(&trial, s.start) == line_of(text, at));
    let message = e.message();
    let keeps = match &mistake {
        ExtraOnLine => true,
        NotTrueFalse { .. } => message.contains("boolean"),
        _ => false,
    };
    if same_line && !keeps && is_field_error(message) {
        return TomlMistake::Settings {
            da: danish(message),
            en: message.to_string(),
        };
    }
    mistake
}

/// `text` with the value of the `key = value` line at `at` put in quotes, and that key and
/// value; `None` if the value has quotes, a backslash or a comment of its own.
fn quoted_at(text: &str, at: usize) -> Option<(String, String, String)> {
    let at = floor(text, at);
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[start..end];
    let eq = line.find('=')?;
    let key = line[..eq].trim();
    let raw = &line[eq + 1..];
    let value = raw.trim();
    if key.is_empty() || value.is_empty() || value.contains(['"', '\\', '#', '\'']) {
        return None;
    }
    let value_at = start + eq + 1 + (raw.len() - raw.trim_start().len());
    let mut trial = String::with_capacity(text.len() + 2);
    trial.push_str(&text[..value_at]);
    trial.push('"');
    trial.push_str(value);
    trial.push('"');
    trial.push_str(&text[value_at + value.len()..]);
    Some((trial, key.to_string(), value.to_string()))
}

/// The text as [`read`] parses it once its typographic quotes are straightened, for a second
/// reader of the same text (the places of values): same length, same offsets.
pub fn straightened(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_typographic) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match straighten_line(line) {
            Some((l, _)) => out.push_str(&l),
            None => out.push_str(line),
        }
    }
    Cow::Owned(out)
}

fn problem(file: &Path, mistake: TomlMistake, kind: TomlFile) -> Diagnostic {
    let problem: Problem = match kind {
        TomlFile::FrontMatter => ContentProblem::FrontMatterToml { mistake }.into(),
        TomlFile::Config => ProjectProblem::ConfigToml { mistake }.into(),
        TomlFile::Book => BookProblem::BookToml { mistake }.into(),
    };
    Diagnostic::of(file, problem)
}

fn place(
    file: &Path,
    text: &str,
    first_line: usize,
    offset: usize,
    mistake: TomlMistake,
    kind: TomlFile,
) -> Diagnostic {
    at_offset(problem(file, mistake, kind), text, first_line, offset)
}

/// Columns are counted in the text as the user wrote it: a repair keeps bytes, not characters.
fn at_offset(d: Diagnostic, text: &str, first_line: usize, offset: usize) -> Diagnostic {
    let (line, column) = LineIndex::new(text).line_col(offset);
    d.at(line + first_line - 1, column)
}

/// The nearest character boundary at or before `offset`.
fn floor(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

/// The 0-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// The line a byte offset is on, without its line break.
fn line_text(text: &str, offset: usize) -> &str {
    let offset = floor(text, offset);
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    text[start..end].trim_end_matches('\r')
}

// ---------------------------------------------------------------------------------------------
// Repairs: what is read anyway, with a warning.

/// One repair at the error: its line's typographic quotes straightened, or a quoted date
/// unquoted. The new text, where the repair is, and the warning's words.
fn repair(text: &str, e: &toml::de::Error) -> Option<(String, usize, TomlMistake)> {
    let at = floor(text, e.span()?.start);
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[start..end];
    if let Some((straight, first)) = straighten_line(line) {
        let mistake = TomlMistake::TypographicQuotesRead {
            written: first.0,
            read: first.1,
        };
        let offset = start + line.find(is_typographic).unwrap_or(0);
        return Some((splice(text, start, end, &straight), offset, mistake));
    }
    quoted_date(text, e)
        .map(|(repaired, date)| (repaired, at, TomlMistake::QuotedDateRead { date }))
}

fn splice(text: &str, start: usize, end: usize, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    out.push_str(with);
    out.push_str(&text[end..]);
    out
}

/// Quotes that Word, Pages and phones put in for `"`, in Danish, English, German and French use.
fn is_typographic(c: char) -> bool {
    is_double(c) || is_single(c)
}
fn is_double(c: char) -> bool {
    matches!(c, '“' | '”' | '„' | '‟' | '«' | '»' | '″')
}
fn is_single(c: char) -> bool {
    matches!(c, '‘' | '’' | '‚' | '‛')
}

/// `title = “Netværksmødet”` → `title =   "Netværksmødet"  `: each typographic pair outside
/// straight quotes whose text has no quote or backslash of its own, with the padding outside
/// the quotes so the value is unchanged. `None` if nothing on the line could be read so; with
/// it, the first value as written and as read, for the warning.
fn straighten_line(line: &str) -> Option<(String, (String, String))> {
    let mut out = String::with_capacity(line.len());
    let mut first = None;
    let mut rest = line;
    let mut in_straight: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        if let Some(q) = in_straight {
            // Inside a straight string: copied as it is, a `\"` does not close it.
            if c == '\\' && q == '"' && rest.len() > 1 {
                let esc: String = rest.chars().take(2).collect();
                out.push_str(&esc);
                rest = &rest[esc.len()..];
                continue;
            }
            if c == q {
                in_straight = None;
            }
        } else if c == '"' || c == '\'' {
            in_straight = Some(c);
        } else if c == '#' {
            out.push_str(rest);
            break;
        } else if is_typographic(c) {
            if let Some((quoted, len)) = typographic_pair(rest) {
                let (open, close) = (c.len_utf8(), rest[..len].chars().last()?.len_utf8());
                let inner = &rest[open..len - close];
                out.push_str(&" ".repeat(open - 1));
                out.push('"');
                out.push_str(inner);
                out.push('"');
                out.push_str(&" ".repeat(close - 1));
                first.get_or_insert_with(|| (quoted.to_string(), format!("\"{inner}\"")));
                rest = &rest[len..];
                continue;
            }
            return None;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    first.map(|f| (out, f))
}

/// At an opening typographic quote: the quoted text up to the next quote of the same kind
/// (double or single) on the line, and its length in bytes, if its meaning is plain.
fn typographic_pair(at: &str) -> Option<(&str, usize)> {
    let open = at.chars().next()?;
    let same: fn(char) -> bool = if is_double(open) {
        is_double
    } else {
        is_single
    };
    let body = &at[open.len_utf8()..];
    let close_at = body.find(same)?;
    let inner = &body[..close_at];
    // A straight quote or backslash inside, or a single quote used as an apostrophe after it
    // (‘Barnets’ stemme’), leaves the meaning open.
    if inner.contains(['"', '\\', '\'']) || inner.contains(is_typographic) {
        return None;
    }
    let close = body[close_at..].chars().next()?;
    let after = &body[close_at + close.len_utf8()..];
    if !same(open) || (is_single(open) && after.contains(is_single)) {
        return None;
    }
    let len = open.len_utf8() + close_at + close.len_utf8();
    Some((&at[..len], len))
}

/// `updated = "2026-02-03"` where a date must stand: the quotes become spaces. Only a valid
/// date in the form TOML writes dates, so nothing is guessed.
fn quoted_date(text: &str, e: &toml::de::Error) -> Option<(String, String)> {
    if !e.message().contains("datetime") {
        return None;
    }
    let span = e.span()?;
    let written = text.get(span.clone())?;
    let date = written.strip_prefix('"')?.strip_suffix('"')?;
    if iso_date(date)? != date || date.parse::<toml::value::Datetime>().is_err() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..span.start]);
    out.push(' ');
    out.push_str(date);
    out.push(' ');
    out.push_str(&text[span.end..]);
    Some((out, date.to_string()))
}

// ---------------------------------------------------------------------------------------------
// Classifying: which mistake an error is, from its line more than from the parser's words.

/// The mistake behind a parser error in `text` (with any repairs already made).
fn classify(text: &str, e: &toml::de::Error) -> TomlMistake {
    let message = e.message().trim();
    let at = floor(text, e.span().map_or(0, |s| s.start));
    let line = line_text(text, at).trim();
    let (key, value) = match line.split_once('=') {
        Some((k, v)) => (k.trim(), v.trim()),
        None => ("", ""),
    };
    if let Some(m) = field_mistake(message, text, e) {
        return m;
    }
    if line.contains(is_typographic) {
        return TomlMistake::TypographicQuotes {
            line: line.to_string(),
        };
    }
    if let Some(m) = value_mistake(key, value) {
        return m;
    }
    syntax_mistake(message, line, key)
}

/// An error of serde (a field's name, kind or choice), not of TOML's form.
fn is_field_error(message: &str) -> bool {
    let serde = [
        "unknown field",
        "missing field",
        "invalid type",
        "unknown variant",
    ];
    serde.iter().any(|s| message.starts_with(s)) || message.contains("invalid value")
}

/// serde's errors: a field's name, kind or choice; a date in the wrong form in quotes.
fn field_mistake(message: &str, text: &str, e: &toml::de::Error) -> Option<TomlMistake> {
    if !is_field_error(message) {
        return None;
    }
    let written = e
        .span()
        .and_then(|s| text.get(s))
        .map(|w| w.trim().trim_matches('"'))
        .unwrap_or("");
    if message.contains("datetime") && looks_like_date(written) {
        return Some(date_mistake(written));
    }
    Some(TomlMistake::Settings {
        da: danish(message),
        en: message.to_string(),
    })
}

/// Mistakes seen in the value after `=`: a date, a yes/no, a number, a text without quotes.
fn value_mistake(key: &str, value: &str) -> Option<TomlMistake> {
    let value = value.split(" #").next().unwrap_or(value).trim();
    if key.is_empty() || value.is_empty() || key.starts_with('[') {
        return None;
    }
    // A value that reads well on its own is not the mistake (`title.x = 1`: the name is).
    let value_reads = toml::from_str::<toml::Table>(&format!("v = {value}")).is_ok();
    if !key.starts_with(['"', '\'']) && !key.is_ascii() {
        return Some(TomlMistake::KeyLetters {
            key: key.to_string(),
            value: value.to_string(),
        });
    }
    if value_reads {
        return None;
    }
    if looks_like_date(value) {
        return Some(date_mistake(value));
    }
    let reads = |v: &str| toml::from_str::<toml::Table>(&format!("v = {v}")).is_ok();
    if value
        .split_once(char::is_whitespace)
        .is_some_and(|(first, _)| reads(first))
    {
        return Some(TomlMistake::ExtraOnLine);
    }
    let lower = value.to_lowercase();
    let yes_no = [
        "ja", "nej", "true", "false", "sand", "falsk", "yes", "no", "j", "n",
    ];
    if yes_no.contains(&lower.as_str()) {
        return Some(TomlMistake::NotTrueFalse {
            key: key.to_string(),
            written: value.to_string(),
        });
    }
    let numeric = value.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+')
        && value
            .chars()
            .all(|c| c.is_ascii_digit() || ".,_-+eE".contains(c));
    if numeric && !value.starts_with(['[', '"']) {
        return Some(TomlMistake::BadNumber {
            written: value.to_string(),
        });
    }
    // The parser guesses from the first letter (`Netværksmødet` is "invalid float, expected
    // `nan`"), so a bare word is told as what it is, whatever the parser's words.
    let bare = !value.starts_with(['"', '\'', '[', '{']);
    if bare {
        return Some(TomlMistake::UnquotedText {
            key: key.to_string(),
            value: value.to_string(),
        });
    }
    None
}

/// Mistakes in the form of the line: escapes, open quotes, names twice, headers, lists.
fn syntax_mistake(message: &str, line: &str, key: &str) -> TomlMistake {
    let has = |words: &[&str]| words.iter().any(|w| message.contains(w));
    if has(&["escape"]) {
        TomlMistake::BadEscape
    } else if has(&["string, expected `\"`", "string, expected `'`"]) {
        TomlMistake::UnclosedText
    } else if has(&["duplicate key"]) {
        TomlMistake::DuplicateKey {
            key: duplicate_name(line, key),
        }
    } else if line.starts_with('[') && !line.contains('=') {
        TomlMistake::TableHeader {
            line: line.to_string(),
        }
    } else if has(&["array", "comma between array"]) {
        TomlMistake::ListForm
    } else if !line.contains('=') && !line.is_empty() {
        TomlMistake::MissingEquals {
            line: line.to_string(),
        }
    } else if has(&["unexpected content", "expected newline", "missing newline"]) {
        TomlMistake::ExtraOnLine
    } else {
        TomlMistake::Unreadable {
            line: line.to_string(),
            parser: message.to_string(),
        }
    }
}

/// The name given twice: a line's key, or a header's name.
fn duplicate_name(line: &str, key: &str) -> String {
    if key.is_empty() {
        line.trim_matches(['[', ']', ' ']).to_string()
    } else {
        key.to_string()
    }
}

/// A date in some form, in quotes or not: digits and two separators.
fn looks_like_date(s: &str) -> bool {
    let s = s.trim_matches('"');
    let seps = s.chars().filter(|c| "-./".contains(*c)).count();
    (6..=10).contains(&s.len())
        && seps == 2
        && s.chars().all(|c| c.is_ascii_digit() || "-./".contains(c))
}

fn date_mistake(written: &str) -> TomlMistake {
    match iso_date(written) {
        Some(iso) if iso == written => TomlMistake::DateImpossible {
            written: written.to_string(),
        },
        Some(iso) => TomlMistake::DateForm {
            written: written.to_string(),
            iso: Some(iso),
        },
        None if written.len() == 10 && written.as_bytes()[4] == b'-' => {
            TomlMistake::DateImpossible {
                written: written.to_string(),
            }
        }
        None => TomlMistake::DateForm {
            written: written.to_string(),
            iso: None,
        },
    }
}

/// A date written year first (`2026-2-3`, `2026.02.03`) or day first as in Danish (`03-02-2026`,
/// `3/2-2026`, `03.02.26`), as `2026-02-03`: only when the day exists.
fn iso_date(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.split(['-', '.', '/']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (year, month, day) = if a.len() == 4 {
        (*a, *b, *c)
    } else {
        (*c, *b, *a)
    };
    let mut year: u32 = year.parse().ok()?;
    let (month, day): (u32, u32) = (month.parse().ok()?, day.parse().ok()?);
    if year < 100 {
        year += 2000;
    }
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days)
        .contains(&day)
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The Danish form of a message from serde (fields and types).
pub fn danish(message: &str) -> String {
    let msg = message.trim();
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        return unknown_field(rest);
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("mangler feltet {rest}");
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let (value, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let choices = expected.trim_start_matches("one of ").replace(" or ", ", ");
        return format!("{value} er ikke en af mulighederne; skriv en af {choices}");
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let expected = match expected {
            "" => String::new(),
            e => format!(", men her skal stå {}", kind(e)),
        };
        return format!("forkert slags værdi: {}{expected}", kind(found));
    }
    format!("værdien kan ikke bruges her ({msg})")
}

/// `` `titel`, expected one of `title`, `description` `` → the field and the nearest valid one.
fn unknown_field(rest: &str) -> String {
    let (field, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
    let name = field.trim_matches('`');
    // serde lists two fields as "`a` or `b`" and more as "one of `a`, `b`".
    let known: Vec<&str> = expected
        .trim_start_matches("one of ")
        .split(", ")
        .flat_map(|k| k.split(" or "))
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
        _ if !known.is_empty() => {
            let quoted: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
            let list = match quoted.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} og {last}", rest.join(", ")),
                _ => quoted.join(""),
            };
            format!("ukendt felt `{name}`; de gyldige felter er {list}")
        }
        _ => format!("ukendt felt `{name}`"),
    }
}

/// serde's names for kinds of values, in Danish.
fn kind(s: &str) -> String {
    const WORDS: [(&str, &str); 14] = [
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
        (
            "a TOML datetime",
            "en dato, fx 2026-02-03 (uden anførselstegn)",
        ),
        ("a date", "en dato, fx 2026-02-03"),
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
    use super::*;

    #[test]
    fn a_misspelt_field_gets_the_nearest_valid_one() {
        let m = danish("unknown field `titel`, expected one of `title`, `description`, `weight`");
        assert_eq!(m, "ukendt felt `titel` – mente du `title`?");
        let m = danish("unknown field `farve`, expected one of `title`, `description`");
        assert_eq!(
            m,
            "ukendt felt `farve`; de gyldige felter er `title` og `description`"
        );
        assert_eq!(
            danish("unknown field `theme`, expected `name` or `label`"),
            "ukendt felt `theme`; de gyldige felter er `name` og `label`"
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

    #[test]
    fn typographic_quotes_are_straightened_keeping_every_offset() {
        for (line, want) in [
            ("title = “Netværksmødet”", "title =   \"Netværksmødet\"  "),
            ("title = „Mødet“ # note", "title =   \"Mødet\"   # note"),
            ("title = »Mødet«", "title =  \"Mødet\" "),
            ("tags = [“a”, ”b”]", "tags = [  \"a\"  ,   \"b\"  ]"),
        ] {
            let (got, _) = straighten_line(line).unwrap();
            assert_eq!(got, want);
            assert_eq!(got.len(), line.len());
        }
        // Ambiguous: a straight quote inside, an apostrophe, typographic quotes inside "…".
        assert!(straighten_line("title = “Han sagde \"hej\"”").is_none());
        assert!(straighten_line("title = ‘Barnets’ stemme’").is_none());
        assert!(straighten_line("title = \"Han sagde “hej”\"").is_none());
    }

    /// Hostile mixtures of quotes, letters and line breaks: every one gives a value or a
    /// problem, never a panic, and a problem's place is inside the text.
    #[test]
    fn any_text_gives_a_value_or_a_problem() {
        let pieces = [
            "title",
            " = ",
            "“",
            "”",
            "„",
            "«",
            "»",
            "‘",
            "’",
            "\"",
            "'",
            "\\",
            "\n",
            "#",
            "[",
            "]",
            "æøå",
            "2026-02-03",
            "03-02-2026",
            ",",
            "=",
            " ",
            "\r\n",
            "\"\"\"",
            "x.y",
            "{",
            "}",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 14) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            seed = seed.wrapping_add(1);
            if let Err(d) = read::<toml::Table>(Path::new("a.md"), &text, 2, TomlFile::FrontMatter)
            {
                let line = d.line.unwrap_or(2);
                assert!(
                    line >= 2 && line <= 2 + text.lines().count(),
                    "{text:?}: {d}"
                );
            }
        }
    }

    #[test]
    fn danish_dates_are_turned_around() {
        assert_eq!(iso_date("03-02-2026").as_deref(), Some("2026-02-03"));
        assert_eq!(iso_date("3/2-2026").as_deref(), Some("2026-02-03"));
        assert_eq!(iso_date("03.02.2026").as_deref(), Some("2026-02-03"));
        assert_eq!(iso_date("2026-2-3").as_deref(), Some("2026-02-03"));
        assert_eq!(iso_date("31-02-2026"), None);
        assert_eq!(iso_date("29-02-2024").as_deref(), Some("2024-02-29"));
    }
}
