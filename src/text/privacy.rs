//! Guards for children's data: CPR numbers in content stop the build.
//!
//! The other guards live where the data flows: every file is read through the one rule of
//! [`crate::project::files`] (the handbook never reads `content/boeger/`, a book only its own folder, no
//! links followed), links into a book are refused ([`crate::handbook::markdown`]), and photos lose their
//! metadata in [`crate::media::images`].

use crate::error::Diagnostic;
use crate::problems::PrivacyProblem;
use crate::text::i18n::days_in_month;
use std::path::Path;

/// A CPR-like number found in a text: 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CprHit {
    pub line: usize,
    pub column: usize,
}

/// Finds Danish CPR numbers as people write them: `DDMMYY-SSSS`, `DDMMYY SSSS`, `DDMMYYSSSS`,
/// `DD.MM.YY-SSSS` (dots, spaces or dashes inside the date, used alike), with or without a word
/// such as "cpr.nr." or "personnummer" before them. The first six digits must be a real date, and
/// the number must stand alone (no digit, `.`, `,`, `-` or `/` joining it to more digits), so phone
/// numbers (eight digits), longer case numbers, amounts and dates with a four-digit year pass, and
/// so does a number labelled `ISBN`.
pub fn find_cpr(text: &str) -> Vec<CprHit> {
    let mut hits = Vec::new();
    for (line_no, line) in text.lines().enumerate() {
        if may_hold_cpr(line) {
            let at = |column| CprHit {
                line: line_no + 1,
                column,
            };
            hits.extend(cpr_columns(line).into_iter().map(at));
        }
    }
    hits
}

/// A CPR number has ten digits, and every digit a reader sees, even one written as `&#48;` or
/// `\u0030`, has at least one ASCII digit in the file: a line with fewer holds none. Most lines do,
/// so this keeps the scan of a large handbook cheap.
fn may_hold_cpr(line: &str) -> bool {
    line.bytes().filter(u8::is_ascii_digit).nth(9).is_some()
}

/// The 1-based columns (in characters) where CPR numbers start in one line.
fn cpr_columns(line: &str) -> Vec<usize> {
    let mut columns = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    // Columns are counted on from the previous hit, so a line full of numbers stays linear.
    let (mut counted_to, mut column) = (0, 1);
    while i < b.len() {
        let starts_alone = i == 0 || !joins_number(b[i - 1]);
        match (starts_alone && b[i].is_ascii_digit() && !after_isbn(&line[..i]))
            .then(|| cpr_at(b, i))
            .flatten()
        {
            Some(len) => {
                column += line[counted_to..i].chars().count();
                counted_to = i;
                columns.push(column);
                i += len;
            }
            None => i += 1,
        }
    }
    columns
}

/// Whether a number starting after `before` is a book's ISBN (`ISBN 8712031512`, `ISBN-10:
/// 1203151234`): ten digits that may well begin with a valid date.
fn after_isbn(before: &str) -> bool {
    let label = before.trim_end_matches([' ', ':', '\u{a0}']);
    let label = label
        .strip_suffix("-10")
        .or_else(|| label.strip_suffix("-13"))
        .unwrap_or(label);
    label.len() >= 4
        && label.is_char_boundary(label.len() - 4)
        && label[label.len() - 4..].eq_ignore_ascii_case("isbn")
}

/// Characters that make two digit groups one number (`1.234`, `2023-1234`, `12/03`).
fn joins_number(c: u8) -> bool {
    c.is_ascii_digit() || matches!(c, b'.' | b',' | b'-' | b'/')
}

/// The length in bytes of a CPR number starting at `i`, if one does.
fn cpr_at(b: &[u8], i: usize) -> Option<usize> {
    let digit = |at: usize| b.get(at).copied().filter(u8::is_ascii_digit);
    let mut at = i;
    let mut date = [0u8; 6];
    // The date's separator, if any, is whatever stands after the day, and must repeat after the month.
    let mut date_sep: Option<u8> = None;
    for (n, slot) in date.iter_mut().enumerate() {
        if n == 2 || n == 4 {
            let sep = separator_at(b, at);
            match (n, date_sep, sep) {
                (2, _, Some((c, len))) => {
                    date_sep = Some(c);
                    at += len;
                }
                (4, Some(want), Some((c, len))) if c == want => at += len,
                (4, Some(_), _) => return None,
                _ => {}
            }
        }
        *slot = digit(at)?;
        at += 1;
    }
    // Between date and serial number: nothing, a dash, a space, or (after a dotted date) a dot.
    match separator_at(b, at) {
        Some((b'-' | b' ', len)) => at += len,
        Some((b'.', len)) if date_sep == Some(b'.') => at += len,
        _ => {}
    }
    for _ in 0..4 {
        digit(at)?;
        at += 1;
    }
    let ends_alone = match b.get(at) {
        None => true,
        Some(c) if c.is_ascii_digit() || matches!(c, b'-' | b'/') => false,
        // A sentence may end right after the number, but `1203151234.5` is one number.
        Some(b'.' | b',') => !b.get(at + 1).is_some_and(u8::is_ascii_digit),
        Some(_) => true,
    };
    (ends_alone && is_cpr_date(&date)).then_some(at - i)
}

/// The separator at `at` as `-`, ` ` or `.`, with its length in bytes. Word processors and phones
/// put typographic dashes and non-breaking spaces where a person typed `-` or a space, and the number
/// is as readable with them, so they count as the plain signs.
fn separator_at(b: &[u8], at: usize) -> Option<(u8, usize)> {
    match b.get(at..)? {
        [c @ (b'-' | b' ' | b'.'), ..] => Some((*c, 1)),
        // U+2010 hyphen, U+2011 non-breaking hyphen, U+2012 figure dash, U+2013 en dash, U+2212 minus.
        [0xE2, 0x80, 0x90..=0x93, ..] | [0xE2, 0x88, 0x92, ..] => Some((b'-', 3)),
        // U+00A0 no-break space.
        [0xC2, 0xA0, ..] => Some((b' ', 2)),
        // U+2007 figure space, U+2009 thin space, U+202F narrow no-break space.
        [0xE2, 0x80, 0x87 | 0x89 | 0xAF, ..] => Some((b' ', 3)),
        _ => None,
    }
}

fn is_cpr_date(d: &[u8]) -> bool {
    let num = |a: u8, b: u8| u16::from(a - b'0') * 10 + u16::from(b - b'0');
    let day = num(d[0], d[1]);
    let month = num(d[2], d[3]);
    let yy = num(d[4], d[5]);
    if !(1..=12).contains(&month) || day == 0 {
        return false;
    }
    // The century is not in the number; a 29th of February is valid if either century allows it.
    let max = days_in_month(2000 + yy, month as u8).max(days_in_month(1900 + yy, month as u8));
    day <= u16::from(max)
}

/// CPR numbers in a file's text as written and as a reader sees it: Markdown emphasis, HTML tags
/// and comments, character references (`&#48;`) and TOML or backslash escapes (`\u0030`) can
/// split or hide the digits in the file, yet the published page or the book shows them whole.
/// Positions are always those in the file.
pub fn find_cpr_seen(text: &str) -> Vec<CprHit> {
    let mut hits = Vec::new();
    for (line_no, line) in text.lines().enumerate() {
        if !may_hold_cpr(line) {
            continue;
        }
        let mut columns = cpr_columns(line);
        // Only markup and escapes make the line a reader sees differ from the file's.
        if line.contains(['*', '_', '`', '~', '<', '&', '\\', '%']) {
            let (seen, in_file) = as_seen(line);
            // A reference can stand for a line break (`&#10;`): the seen line is still one line.
            for c in cpr_columns(&seen) {
                columns.push(in_file[c - 1]);
            }
            columns.sort_unstable();
            columns.dedup();
        }
        hits.extend(columns.into_iter().map(|column| CprHit {
            line: line_no + 1,
            column,
        }));
    }
    hits
}

/// A line as a reader sees it, and for each of its characters the 1-based column in the file.
fn as_seen(line: &str) -> (String, Vec<usize>) {
    let chars: Vec<char> = line.chars().collect();
    let (mut seen, mut columns) = (String::new(), Vec::new());
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        match rest[0] {
            // Markup that shows nothing: emphasis, code, strike-through, escapes' backslashes.
            '*' | '_' | '`' | '~' => i += 1,
            // A tag or comment, within the line.
            '<' => match rest.iter().position(|&c| c == '>') {
                Some(end) => i += end + 1,
                None => {
                    seen.push('<');
                    columns.push(i + 1);
                    i += 1;
                }
            },
            '&' | '\\' | '%' => match escaped_char(rest) {
                Some((c, len)) => {
                    seen.push(c);
                    columns.push(i + 1);
                    i += len;
                }
                None if rest[0] == '\\' => i += 1,
                None => {
                    seen.push(rest[0]);
                    columns.push(i + 1);
                    i += 1;
                }
            },
            c => {
                seen.push(c);
                columns.push(i + 1);
                i += 1;
            }
        }
    }
    (seen, columns)
}

/// A character written as `&#48;`, `&#x30;`, `\u0030` or `\U00000030`, and how many characters
/// the reference takes.
fn escaped_char(s: &[char]) -> Option<(char, usize)> {
    let take = |from: usize, max: usize, radix: u32| {
        let digits: String = s[from..]
            .iter()
            .take(max)
            .take_while(|c| c.is_digit(radix))
            .collect();
        let c = u32::from_str_radix(&digits, radix)
            .ok()
            .and_then(char::from_u32)?;
        Some((c, from + digits.chars().count()))
    };
    match s {
        ['&', '#', 'x' | 'X', ..] => take(3, 8, 16)
            .filter(|&(_, end)| s.get(end) == Some(&';'))
            .map(|(c, end)| (c, end + 1)),
        ['&', '#', ..] => take(2, 8, 10)
            .filter(|&(_, end)| s.get(end) == Some(&';'))
            .map(|(c, end)| (c, end + 1)),
        ['\\', 'u', ..] => take(2, 4, 16).filter(|&(_, end)| end == 6),
        // Percent-encoding in a link (`010203%2D1234.pdf`).
        ['%', ..] => take(1, 2, 16).filter(|&(_, end)| end == 3),
        ['\\', 'U', ..] => take(2, 8, 16).filter(|&(_, end)| end == 10),
        _ => None,
    }
}

/// A CPR number in a file's or folder's name (`content/metoder/010203-1234.md`): names become web
/// addresses, links and sitemap lines, so the number would be published with them.
pub fn cpr_in_name(shown: &Path) -> Option<Diagnostic> {
    // Folders and words in a name are parted by `/`, `-` and `_` (`01-010203-1234.md`); as spaces
    // they still part a number's groups (`010203 1234`) but no longer join it to the words.
    let name: String = shown
        .to_string_lossy()
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | '-' | '_') {
                ' '
            } else {
                c
            }
        })
        .collect();
    find_cpr_seen(&name)
        .first()
        .map(|_| Diagnostic::of(shown, PrivacyProblem::CprInName))
}

/// Diagnostics for every CPR number in a file's text.
pub fn cpr_diagnostics(text: &str, file: &Path) -> Vec<Diagnostic> {
    find_cpr_seen(text)
        .into_iter()
        .map(|h| Diagnostic::of(file, PrivacyProblem::CprInText).at(h.line, h.column))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reference that stands for a line break made the seen text one line longer than the file,
    /// and looking up the hit's column in it panicked.
    #[test]
    fn a_reference_to_a_line_break_neither_panics_nor_hides_a_number() {
        let hits = find_cpr_seen("Note&#10;1203151234 og &#10;12&#48;315-1234\nslut");
        assert_eq!(
            hits,
            vec![
                CprHit {
                    line: 1,
                    column: 10
                },
                CprHit {
                    line: 1,
                    column: 29
                }
            ]
        );
    }

    #[test]
    fn lines_with_fewer_than_ten_digits_are_skipped_yet_escaped_digits_count() {
        assert!(find_cpr_seen("Mødet er 12.03.15 kl. 10\n*ingen* tal\n").is_empty());
        let hits = find_cpr_seen("a\n&#49;2031*5*1234");
        assert_eq!(hits, vec![CprHit { line: 2, column: 1 }]);
    }

    #[test]
    fn finds_cpr_with_valid_date_only() {
        let hits =
            find_cpr("Barnet: 010203-1234 og tlf 12345678\nForkert: 320199-1234, 131399-1111\n");
        assert_eq!(hits, vec![CprHit { line: 1, column: 9 }]);
    }

    #[test]
    fn leap_day_and_boundaries() {
        assert_eq!(find_cpr("290200-1234").len(), 1);
        assert_eq!(find_cpr("290201-1234").len(), 0);
        assert_eq!(find_cpr("sag 1290200-12345").len(), 0);
        assert_eq!(find_cpr("sag 290200-12345").len(), 0);
        assert_eq!(find_cpr("Født 150312 1234.").len(), 1);
    }

    #[test]
    fn common_written_forms_are_found() {
        for form in [
            "1203151234",
            "cpr.nr. 1203151234",
            "CPR: 120315-1234",
            "personnummer 120315 1234",
            "12.03.15-1234",
            "12.03.15 1234",
            "12.03.151234",
            "12 03 15 1234",
            "12-03-15-1234",
            "født 1203151234.",
            "(120315-1234)",
            "120315\u{2013}1234",
            "120315\u{2011}1234",
            "120315\u{a0}1234",
            "12.03.15\u{2212}1234",
            "CPR-nr. 120315-1234",
            "cpr 1203151234",
            "Cpr.nr.: 12.03.15-1234",
            "personnummer: 12 03 15 1234",
        ] {
            assert_eq!(find_cpr(form).len(), 1, "{form:?} should be found");
        }
    }

    #[test]
    fn look_alikes_pass() {
        for text in [
            "ring 12 34 56 78",
            "tlf. +45 12345678",
            "sag 2023-1203151234",
            "EAN 5790001203151234",
            "beløb 1.203.151.234 kr.",
            "12.03.2015 kl. 12.30",
            "den 12.03.15",
            "1203151234567",
            "12.03 15-1234",
            "12.03-15-1234",
            "version 1203151234.5",
            "320115-1234",
            "121315 1234",
            "000000-0000",
            "sagsnr. 2023-123456",
            "ISBN 1203151234",
            "ISBN-10: 1203151234",
            "ISBN 978-87-12-03151-2",
            "isbn: 9788712031512",
            "320315-1234",
            "dato 12.03.2015",
        ] {
            assert!(find_cpr(text).is_empty(), "{text:?} is not a CPR number");
        }
    }

    #[test]
    fn numbers_hidden_by_markup_or_escapes_are_found_where_they_start() {
        for (text, column) in [
            ("A: &#48;10203-1234", 4),
            ("A: &#x30;10203-1234", 4),
            ("B: 0102**03**-1234", 4),
            ("E: 0102<!-- -->03-1234", 4),
            ("navn = \"\\u0030102031234\"", 9),
            ("x <b>010203</b>-1234", 6),
            ("[bilag](010203%2D1234.pdf)", 9),
            ("010203\\-1234", 1),
        ] {
            assert_eq!(
                find_cpr_seen(text),
                vec![CprHit { line: 1, column }],
                "{text:?}"
            );
        }
        // Each number once, at its place in the file.
        assert_eq!(find_cpr_seen("x\n\n*010203-1234*").len(), 1);
        assert!(find_cpr_seen("tlf **1234** 5678, &amp; <a href=\"x\">12</a>").is_empty());
    }

    #[test]
    fn names_with_a_cpr_number_are_found() {
        for name in [
            "content/metoder/010203-1234.md",
            "b/01-010203-1234.md",
            "b/x_0102031234.jpg",
        ] {
            assert!(cpr_in_name(Path::new(name)).is_some(), "{name}");
        }
        for name in [
            "content/metoder/2015-03-12-1234.md",
            "b/01-alt-om-mig.md",
            "IMG_20240312_123456.jpg",
        ] {
            assert!(cpr_in_name(Path::new(name)).is_none(), "{name}");
        }
    }

    #[test]
    fn column_counts_characters() {
        assert_eq!(find_cpr("æøå 010203-1234")[0].column, 5);
    }
}
