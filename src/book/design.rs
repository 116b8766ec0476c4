//! A book's look, chosen by its reader (`laeser = "barn"` or `"ung"` in `bog.toml`): one table of
//! font, sizes and colours that both writers read, the PDF as typst values ([`Design::typst`]) and
//! the HTML as CSS custom properties ([`Design::css`]), so a change here changes both.

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
            Reader::Barn => BARN,
            Reader::Ung => UNG,
            Reader::Voksen => VOKSEN,
        }
    }
}

/// The rounded sans-serif of the children's designs (Ubuntu, from `epaint_default_fonts`): it
/// has æøå, and it is embedded in the PDF and in the HTML, so nothing is fetched.
pub const ROUNDED_FONT: &[u8] = epaint_default_fonts::UBUNTU_LIGHT;
/// Its family name, as typst and CSS know it.
const ROUNDED: &str = "Ubuntu";

/// Fonts, sizes and colours of one design.
#[derive(Debug, Clone, Copy, PartialEq)]
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
    /// Chapter colours, used in turn; the first is also the book's accent.
    pub colours: &'static [&'static str],
    /// The pale background of boxes and table heads.
    pub pale: &'static str,
}

const BARN: Design = Design {
    reader: Reader::Barn,
    font: ROUNDED,
    size_pt: 15.0,
    heading_pt: 28.0,
    leading_em: 0.8,
    hyphenate: false,
    justify: false,
    page_per_chapter: false,
    colours: &[
        "#e4572e", "#2e86ab", "#3f9b4b", "#8e44ad", "#e08e0b", "#d6336c",
    ],
    pale: "#fff6e5",
};

const UNG: Design = Design {
    reader: Reader::Ung,
    font: ROUNDED,
    size_pt: 12.0,
    heading_pt: 22.0,
    leading_em: 0.72,
    hyphenate: false,
    justify: false,
    page_per_chapter: false,
    colours: &["#2f4858", "#33658a", "#55828b", "#86626e"],
    pale: "#eef2f4",
};

const VOKSEN: Design = Design {
    reader: Reader::Voksen,
    font: "Libertinus Serif",
    size_pt: 11.5,
    heading_pt: 24.0,
    leading_em: 0.68,
    hyphenate: true,
    justify: true,
    page_per_chapter: true,
    colours: &["#2f6f5e"],
    pale: "#eef5f2",
};

impl Design {
    /// The colour of chapter number `i` (from 0).
    pub fn colour(&self, i: usize) -> &'static str {
        self.colours[i % self.colours.len()]
    }

    /// The design as typst values the preamble reads (`accent`, `pale`, `skrift`, ...). Only
    /// constants of this table go in here, never the user's text.
    pub fn typst(&self) -> String {
        format!(
            "#let accent = rgb(\"{}\")\n#let pale = rgb(\"{}\")\n#let skrift = (\"{}\", \"Libertinus Serif\")\n\
             #let storrelse = {}pt\n#let overskrift = {}pt\n#let linjeafstand = {}em\n\
             #let orddeling = {}\n#let lige = {}\n#let side-pr-kapitel = {}\n",
            self.colours[0],
            self.pale,
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
            self.colours[0],
            self.pale,
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
    fn laeser_values() {
        assert_eq!(Reader::parse("Barn"), Some(Reader::Barn));
        assert_eq!(Reader::parse("ung"), Some(Reader::Ung));
        assert_eq!(Reader::parse("voksen"), None);
        assert!(!Reader::Barn.design().hyphenate);
        assert!(Reader::Barn.design().size_pt >= 14.0);
    }
}
