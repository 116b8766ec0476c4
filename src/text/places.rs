//! Where values stand in a TOML text, as its parser saw them (`toml::Spanned`). A problem found
//! after parsing (a reference to a page that does not exist, an unknown taxonomy) points at the
//! value itself; searching the file for the first match of its text could point at a title or an
//! earlier field that happens to hold the same words.

use crate::error::LineIndex;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

/// 1-based (line, column) of values by field and value; the first place of a value in a field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places(BTreeMap<(String, String), (usize, usize)>);

/// Records places in one TOML `text` that starts on line `first_line` of its file.
pub struct Recorder<'a> {
    text: &'a str,
    first_line: usize,
    lines: LineIndex<'a>,
    places: Places,
}

impl<'a> Recorder<'a> {
    pub fn new(text: &'a str, first_line: usize) -> Self {
        Recorder {
            text,
            first_line,
            lines: LineIndex::new(text),
            places: Places::default(),
        }
    }

    /// Where `value` of `field` stands. A quoted string's place is its first letter, not the quote.
    pub fn add(&mut self, field: &str, value: &str, span: Range<usize>) {
        let quoted = matches!(self.text.as_bytes().get(span.start), Some(b'"' | b'\''));
        let start = span.start + usize::from(quoted);
        let (line, column) = self.lines.line_col(start);
        self.places
            .0
            .entry((field.to_string(), value.to_string()))
            .or_insert((line + self.first_line - 1, column));
    }

    /// Every string of a list.
    pub fn add_all(&mut self, field: &str, values: &[Spanned<String>]) {
        for v in values {
            self.add(field, v.get_ref(), v.span());
        }
    }

    pub fn finish(self) -> Places {
        self.places
    }
}

impl Places {
    /// Where `value` of `field` stands, if the parser saw it.
    pub fn of(&self, field: &str, value: &str) -> Option<(usize, usize)> {
        self.0.get(&(field.to_string(), value.to_string())).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_the_value_s_first_letter_in_the_whole_file() {
        let text = "title = \"x\"\nmetoder = [\n  \"a\", 'b']\n";
        let mut r = Recorder::new(text, 2);
        let a = text.find("\"a\"").unwrap();
        let b = text.find("'b'").unwrap();
        r.add("metoder", "a", a..a + 3);
        r.add("metoder", "b", b..b + 3);
        r.add("metoder", "a", b..b + 3);
        let places = r.finish();
        assert_eq!(places.of("metoder", "a"), Some((4, 4)));
        assert_eq!(places.of("metoder", "b"), Some((4, 9)));
        assert_eq!(places.of("redskaber", "a"), None);
    }
}
