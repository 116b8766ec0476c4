//! Guards for children's data: CPR numbers in content stop the build.
//!
//! The other guards live where the data flows: every file is read through the one rule of
//! [`crate::files`] (the handbook never reads `content/boeger/`, a book only its own folder, no
//! links followed), links into a book are refused ([`crate::markdown`]), and photos lose their
//! metadata in [`crate::images`].

use crate::error::Diagnostic;
use crate::i18n::days_in_month;
use std::path::Path;

/// A CPR-like number found in a text: 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CprHit {
    pub line: usize,
    pub column: usize,
}

/// Finds Danish CPR numbers written `DDMMYY-SSSS` (or with a space) whose first six digits are a real
/// date. Ten digits in a row without a separator are not reported: they are far more often phone
/// or case numbers, and a false alarm on every build teaches users to ignore the check.
pub fn find_cpr(text: &str) -> Vec<CprHit> {
    let mut hits = Vec::new();
    for (line_no, line) in text.lines().enumerate() {
        let b = line.as_bytes();
        let mut i = 0;
        while i + 11 <= b.len() {
            let window = &b[i..i + 11];
            let digits_ok = window[..6].iter().all(u8::is_ascii_digit)
                && window[7..].iter().all(u8::is_ascii_digit);
            let sep_ok = matches!(window[6], b'-' | b' ');
            let before_ok = i == 0 || !(b[i - 1].is_ascii_digit() || b[i - 1] == b'-');
            let after_ok = i + 11 == b.len() || !(b[i + 11].is_ascii_digit() || b[i + 11] == b'-');
            if digits_ok && sep_ok && before_ok && after_ok && is_cpr_date(&window[..6]) {
                let column = line[..i].chars().count() + 1;
                hits.push(CprHit {
                    line: line_no + 1,
                    column,
                });
                i += 11;
            } else {
                i += 1;
            }
        }
    }
    hits
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

/// Diagnostics for every CPR number in a file's text.
pub fn cpr_diagnostics(text: &str, file: &Path) -> Vec<Diagnostic> {
    find_cpr(text)
        .into_iter()
        .map(|h| {
            Diagnostic::new(file, "her står noget, der ligner et CPR-nummer")
                .at(h.line, h.column)
                .hint(
                    "fjern CPR-nummeret: det må ikke stå i håndbogen eller i et barns bog. Er det et \
                     opdigtet eksempel, så skriv allow_cpr = true i filens indstillinger",
                )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(find_cpr("Født 150312 1234.").len(), 1);
    }

    #[test]
    fn column_counts_characters() {
        assert_eq!(find_cpr("æøå 010203-1234")[0].column, 5);
    }
}
