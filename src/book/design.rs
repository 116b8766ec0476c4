//! A book's look, chosen by its reader (`laeser = "barn"` or `"ung"` in `bog.toml`): one table of
//! font, sizes and colours that both writers read, the PDF as typst values ([`Design::typst`]) and
//! the HTML as CSS custom properties ([`Design::css`]), so a change here changes both. A book may
//! override it with `[design]` in `bog.toml` ([`DesignToml`]), for both writers alike.

use crate::error::{Diagnostic, LineIndex};
use crate::problems::BookProblem;
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

/// Who reads the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reader {
    /// About 6-11: large rounded type, no hyphenation, a colour per chapter.
    Barn,
    /// About 12-18: calmer, more text on a page. The default of a barnets bog without `laeser`,
    /// because it suits every age: a 15-year-old is not shown a picture book.
    #[default]
    Ung,
    /// A course compendium for adults: the handbook's serif look, a page per chapter.
    Voksen,
}

impl Reader {
    /// The value of `laeser` in `bog.toml`, if it is one.
    pub fn parse(s: &str) -> Option<Reader> {
        match s.trim().to_lowercase().as_str() {
            "barn" => Some(Reader::Barn),
            "ung" => Some(Reader::Ung),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Reader::Barn => "barn",
            Reader::Ung => "ung",
            Reader::Voksen => "voksen",
        }
    }

    pub fn design(self) -> Design {
        match self {
            Reader::Barn => Design {
                reader: self,
                font: ROUNDED,
                size_pt: 15.0,
                heading_pt: 28.0,
                leading_em: 0.8,
                hyphenate: false,
                justify: false,
                page_per_chapter: false,
                colours: colours(&[
                    "#e4572e", "#2e86ab", "#3f9b4b", "#8e44ad", "#e08e0b", "#d6336c",
                ]),
                pale: Colour::known("#fff6e5"),
            },
            Reader::Ung => Design {
                reader: self,
                font: ROUNDED,
                size_pt: 12.0,
                heading_pt: 22.0,
                leading_em: 0.72,
                hyphenate: false,
                justify: false,
                page_per_chapter: false,
                colours: colours(&["#2f4858", "#33658a", "#55828b", "#86626e"]),
                pale: Colour::known("#eef2f4"),
            },
            Reader::Voksen => Design {
                reader: self,
                font: "Libertinus Serif",
                size_pt: 11.5,
                heading_pt: 24.0,
                leading_em: 0.68,
                hyphenate: true,
                justify: true,
                page_per_chapter: true,
                colours: colours(&["#2f6f5e"]),
                pale: Colour::known("#eef5f2"),
            },
        }
    }
}

fn colours(list: &[&str]) -> Vec<Colour> {
    list.iter().map(|c| Colour::known(c)).collect()
}

/// A colour as `#rrggbb`: the only form that reaches the CSS and the typst markup, so a value
/// from `bog.toml` can never be read as anything but a colour by either.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Colour(String);

impl Colour {
    /// `#rgb` or `#rrggbb` (any case), as `#rrggbb`; anything else is not a colour.
    pub fn parse(s: &str) -> Option<Colour> {
        let hex = s.trim().strip_prefix('#')?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let hex = hex.to_ascii_lowercase();
        match hex.len() {
            6 => Some(Colour(format!("#{hex}"))),
            3 => Some(Colour(format!(
                "#{}",
                hex.chars().flat_map(|c| [c, c]).collect::<String>()
            ))),
            _ => None,
        }
    }

    /// A colour of the tables above, known to be well formed.
    fn known(s: &str) -> Colour {
        Colour::parse(s).unwrap_or_else(|| Colour("#000000".into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The fonts the PDF has embedded, by the family name a `[design]` may choose. Only Ubuntu is
/// also embedded in the HTML; for the others the browser uses its own if it has them.
pub const FONTS: &[&str] = &[
    ROUNDED,
    "Libertinus Serif",
    "New Computer Modern",
    "DejaVu Sans Mono",
];

/// The rounded sans-serif of the children's designs (Ubuntu, from `epaint_default_fonts`): it
/// has æøå, and it is embedded in the PDF and in the HTML, so nothing is fetched.
pub const ROUNDED_FONT: &[u8] = epaint_default_fonts::UBUNTU_LIGHT;
/// Its family name, as typst and CSS know it.
const ROUNDED: &str = "Ubuntu";

/// Fonts, sizes and colours of one design.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    pub reader: Reader,
    /// Font family, first choice (the fallbacks follow it in both writers).
    pub font: &'static str,
    /// Body text in points.
    pub size_pt: f32,
    /// Chapter titles in points.
    pub heading_pt: f32,
    /// Space between lines, in em.
    pub leading_em: f32,
    /// Words broken at line ends: never in a child's own words.
    pub hyphenate: bool,
    pub justify: bool,
    /// Every chapter on a new page; otherwise a short chapter shares its page with the next.
    pub page_per_chapter: bool,
    /// Chapter colours, used in turn; the first is also the book's accent. Never empty.
    pub colours: Vec<Colour>,
    /// The pale background of boxes and table heads.
    pub pale: Colour,
}

impl Design {
    /// The colour of chapter number `i` (from 0).
    pub fn colour(&self, i: usize) -> &str {
        self.colours[i % self.colours.len()].as_str()
    }

    /// The design as typst values the preamble reads (`accent`, `pale`, `skrift`, ...). Only
    /// checked values go in here (a font of [`FONTS`], colours as `#rrggbb`, numbers), never
    /// the user's text.
    pub fn typst(&self) -> String {
        format!(
            "#let accent = rgb(\"{}\")\n#let pale = rgb(\"{}\")\n#let skrift = (\"{}\", \"Libertinus Serif\")\n\
             #let storrelse = {}pt\n#let overskrift = {}pt\n#let linjeafstand = {}em\n\
             #let orddeling = {}\n#let lige = {}\n#let side-pr-kapitel = {}\n",
            self.colour(0),
            self.pale.as_str(),
            self.font,
            self.size_pt,
            self.heading_pt,
            self.leading_em,
            self.hyphenate,
            self.justify,
            self.page_per_chapter,
        )
    }

    /// The design as CSS, after the theme's `book.css`: custom properties and the rules that
    /// differ by reader. The rounded font is embedded, so the HTML shows what the PDF shows.
    pub fn css(&self) -> String {
        let font_face = if self.font == ROUNDED {
            format!(
                "@font-face {{ font-family: \"{ROUNDED}\"; src: url(data:font/ttf;base64,{}) format(\"truetype\"); }}\n",
                base64(ROUNDED_FONT)
            )
        } else {
            String::new()
        };
        format!(
            "{font_face}:root {{ --accent: {}; --blid: {}; --skrift: \"{}\", \"Libertinus Serif\", sans-serif; \
             --str: {}pt; --overskrift: {}pt; }}\n\
             body.bog {{ font-family: var(--skrift); font-size: var(--str); hyphens: {}; text-align: {}; }}\n\
             .kapitel h2 {{ font-family: var(--skrift); font-size: var(--overskrift); color: var(--kapitelfarve, var(--accent)); }}\n\
             .tidslinje-foto {{ display: block; max-width: 75%; max-height: 8cm; border-radius: 6px; margin-top: .4em; }}\n\
             {}",
            self.colour(0),
            self.pale.as_str(),
            self.font,
            self.size_pt,
            self.heading_pt,
            if self.hyphenate { "auto" } else { "manual" },
            if self.justify { "justify" } else { "left" },
            if self.page_per_chapter {
                ""
            } else {
                ".kapitel { break-before: auto; padding-top: 10mm; }\n"
            }
        )
    }
}

/// `[design]` in `bog.toml`: the book's own fonts, sizes and colours over its reader's design,
/// for the HTML and the PDF alike. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DesignToml {
    #[serde(default)]
    pub skrift: Option<Spanned<String>>,
    /// Body text in points.
    #[serde(default, alias = "størrelse")]
    pub stoerrelse: Option<Spanned<f64>>,
    /// Chapter titles in points.
    #[serde(default)]
    pub overskrift: Option<Spanned<f64>>,
    /// Space between lines, in em.
    #[serde(default)]
    pub linjeafstand: Option<Spanned<f64>>,
    /// Chapter colours, used in turn; the first is also the book's accent.
    #[serde(default)]
    pub farver: Option<Vec<Spanned<String>>>,
    /// The pale background of boxes and table heads.
    #[serde(default)]
    pub baggrund: Option<Spanned<String>>,
    #[serde(default)]
    pub orddeling: Option<bool>,
    /// Text set flush on both sides.
    #[serde(default)]
    pub lige_margen: Option<bool>,
    #[serde(default)]
    pub side_pr_kapitel: Option<bool>,
}

/// The ranges a size may have: readable, and within what a page holds.
const SIZE_PT: (f64, f64) = (8.0, 30.0);
const HEADING_PT: (f64, f64) = (10.0, 60.0);
const LEADING_EM: (f64, f64) = (0.3, 2.0);

impl DesignToml {
    /// `base` with this table's values; each bad value is a problem at its place in `text`
    /// (`bog.toml`, shown as `shown`), and all are told together.
    pub fn apply(
        &self,
        mut base: Design,
        text: &str,
        shown: &Path,
    ) -> std::result::Result<Design, Vec<Diagnostic>> {
        let lines = LineIndex::new(text);
        let mut problems = Vec::new();
        let mut at = |span: std::ops::Range<usize>, p: BookProblem| {
            let (l, c) = lines.line_col(span.start);
            problems.push(Diagnostic::of(shown, p).at(l, c));
        };
        if let Some(f) = &self.skrift {
            match FONTS
                .iter()
                .find(|k| k.eq_ignore_ascii_case(f.get_ref().trim()))
            {
                Some(k) => base.font = k,
                None => at(
                    f.span(),
                    BookProblem::DesignUnknownFont {
                        font: f.get_ref().clone(),
                        fonts: FONTS.iter().map(|f| f.to_string()).collect(),
                    },
                ),
            }
        }
        for (value, range, key, field) in [
            (&self.stoerrelse, SIZE_PT, "stoerrelse", &mut base.size_pt),
            (
                &self.overskrift,
                HEADING_PT,
                "overskrift",
                &mut base.heading_pt,
            ),
            (
                &self.linjeafstand,
                LEADING_EM,
                "linjeafstand",
                &mut base.leading_em,
            ),
        ] {
            let Some(v) = value else { continue };
            let n = *v.get_ref();
            if (range.0..=range.1).contains(&n) {
                *field = n as f32;
            } else {
                at(
                    v.span(),
                    BookProblem::DesignOutOfRange {
                        key: key.to_string(),
                        value: n.to_string(),
                        min: range.0.to_string(),
                        max: range.1.to_string(),
                    },
                );
            }
        }
        let mut colour = |c: &Spanned<String>| {
            let parsed = Colour::parse(c.get_ref());
            if parsed.is_none() {
                at(
                    c.span(),
                    BookProblem::DesignBadColour {
                        colour: c.get_ref().clone(),
                    },
                );
            }
            parsed
        };
        if let Some(list) = &self.farver {
            let parsed: Vec<Option<Colour>> = list.iter().map(&mut colour).collect();
            // An empty list keeps the reader's colours: there must be one to use.
            if !parsed.is_empty() && parsed.iter().all(Option::is_some) {
                base.colours = parsed.into_iter().flatten().collect();
            }
        }
        if let Some(c) = self.baggrund.as_ref().and_then(&mut colour) {
            base.pale = c;
        }
        base.hyphenate = self.orddeling.unwrap_or(base.hyphenate);
        base.justify = self.lige_margen.unwrap_or(base.justify);
        base.page_per_chapter = self.side_pr_kapitel.unwrap_or(base.page_per_chapter);
        if problems.is_empty() {
            Ok(base)
        } else {
            Err(problems)
        }
    }
}

/// Standard base64 (RFC 4648, with padding), for the embedded font.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_as_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn colours_only_as_hex() {
        assert_eq!(Colour::parse("#E4572e").unwrap().as_str(), "#e4572e");
        assert_eq!(Colour::parse(" #0a3 ").unwrap().as_str(), "#00aa33");
        for bad in [
            "rød",
            "e4572e",
            "#12345",
            "#gggggg",
            "#fff;} body{x",
            "\"#fff",
            "",
        ] {
            assert_eq!(Colour::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn laeser_values() {
        assert_eq!(Reader::parse("Barn"), Some(Reader::Barn));
        assert_eq!(Reader::parse("ung"), Some(Reader::Ung));
        assert_eq!(Reader::parse("voksen"), None);
        assert!(!Reader::Barn.design().hyphenate);
        assert!(Reader::Barn.design().size_pt >= 14.0);
    }
}
