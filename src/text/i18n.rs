//! Danish (and English) words, dates, sorting and URL slugs.
//!
//! Everything a reader sees comes from here, so a handbook in `sprog = "en"` changes in one place.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// The language of the UI text in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Da,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Da => "da",
            Language::En => "en",
        }
    }
}

/// The months in Danish, January first.
pub(crate) const MONTHS_DA: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar date as written in front matter (`2026-11-23`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Accepts a TOML date or date-time; the time, if any, is ignored.
    pub fn from_toml(dt: &toml::value::Datetime) -> Option<Date> {
        let d = dt.date?;
        Some(Date {
            year: d.year,
            month: d.month,
            day: d.day,
        })
    }

    /// Parses `YYYY-MM-DD` and checks that the day exists.
    pub fn parse(s: &str) -> Option<Date> {
        let mut it = s.trim().splitn(3, '-');
        let year: u16 = it.next()?.parse().ok()?;
        let month: u8 = it.next()?.parse().ok()?;
        let day: u8 = it.next()?.get(..2)?.parse().ok()?;
        let d = Date { year, month, day };
        d.is_valid().then_some(d)
    }

    pub fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
    }

    /// "23. november 2026" in Danish, "23 November 2026" in English.
    pub fn human(&self, lang: Language) -> String {
        let m = usize::from(self.month.clamp(1, 12)) - 1;
        match lang {
            Language::Da => format!("{}. {} {}", self.day, MONTHS_DA[m], self.year),
            Language::En => format!("{} {} {}", self.day, MONTHS_EN[m], self.year),
        }
    }

    /// `2026-11-23`, for `<time datetime>` and the sitemap.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// A URL- and anchor-safe slug in the Danish way: "Gode råd" → "gode-raad", "Ærø" → "aeroe".
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for ch in text.chars() {
        let mapped: Option<&str> = match ch {
            'æ' | 'Æ' | 'ä' | 'Ä' => Some("ae"),
            'ø' | 'Ø' | 'ö' | 'Ö' => Some("oe"),
            'å' | 'Å' => Some("aa"),
            'ü' | 'Ü' => Some("ue"),
            'é' | 'è' | 'ê' | 'É' | 'È' => Some("e"),
            'á' | 'à' | 'â' | 'Á' | 'À' => Some("a"),
            'ó' | 'ò' | 'ô' => Some("o"),
            'í' | 'ì' => Some("i"),
            'ß' => Some("ss"),
            _ => None,
        };
        if let Some(m) = mapped {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push_str(m);
        } else if ch.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(ch.to_ascii_lowercase());
        } else if ch.is_whitespace() || ch == '-' || ch == '_' || ch == '/' || ch == '.' {
            pending_dash = true;
        }
        // Other punctuation is dropped without a dash: "Hvornår kan det bruges, og hvornår ikke?"
        // becomes "hvornaar-kan-det-bruges-og-hvornaar-ikke".
    }
    shorten_slug(out)
}

/// The longest address part a slug makes: a file or folder name may be 255 bytes, and a long
/// title or `slug` must not end a build in "File name too long". Two slugs that are the same
/// once shortened are told as one address taken twice (C008).
pub const MAX_SLUG_BYTES: usize = 100;

/// Cut at the last word boundary before [`MAX_SLUG_BYTES`] if there is one late enough.
fn shorten_slug(mut slug: String) -> String {
    if slug.len() <= MAX_SLUG_BYTES {
        return slug;
    }
    // Slugs are ASCII, so any byte is a character boundary.
    let cut = match slug[..=MAX_SLUG_BYTES].rfind('-') {
        Some(i) if i >= MAX_SLUG_BYTES / 2 => i,
        _ => MAX_SLUG_BYTES,
    };
    slug.truncate(cut);
    slug
}

/// Sort key position of one character in the Danish alphabet (æ, ø, å after z; aa is not folded,
/// as modern dictionaries do for names but not for ordinary words).
fn danish_rank(ch: char) -> (u32, u32) {
    let lower: char = ch.to_lowercase().next().unwrap_or(ch);
    let base = match lower {
        'a'..='z' => (lower as u32 - 'a' as u32) + 100,
        'æ' | 'ä' => 126,
        'ø' | 'ö' => 127,
        'å' => 128,
        'é' | 'è' | 'ê' => 'e' as u32 - 'a' as u32 + 100,
        'á' | 'à' | 'â' => 100,
        'ü' => 'y' as u32 - 'a' as u32 + 100,
        '0'..='9' => lower as u32 - '0' as u32 + 10,
        c if c.is_whitespace() => 1,
        c if c.is_alphabetic() => 200 + c as u32,
        _ => 0,
    };
    // Upper case sorts after lower case only as a tie-break.
    (base, u32::from(ch.is_uppercase()))
}

/// A sort key that orders strings in Danish dictionary order, case-insensitive first. Computing it
/// once per item (`sort_by_cached_key`) is much cheaper than comparing characters in every step.
pub fn danish_key(s: &str) -> (Vec<u32>, Vec<u32>, String) {
    let primary = s
        .chars()
        .map(|c| danish_rank(c).0)
        .filter(|&r| r != 0)
        .collect();
    let ties = s.chars().map(|c| danish_rank(c).1).collect();
    (primary, ties, s.to_string())
}

/// Compares two strings in Danish dictionary order, case-insensitive first.
pub fn danish_cmp(a: &str, b: &str) -> Ordering {
    danish_key(a).cmp(&danish_key(b))
}

/// The fixed words of the interface.
#[derive(Debug, Clone, Serialize)]
pub struct UiText {
    pub skip_to_content: &'static str,
    pub contents: &'static str,
    pub menu: &'static str,
    pub breadcrumbs: &'static str,
    pub home: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub last_updated: &'static str,
    pub on_this_page: &'static str,
    pub pages: &'static str,
    pub page_one: &'static str,
    pub used_by: &'static str,
    pub related: &'static str,
    pub tools: &'static str,
    pub methods: &'static str,
    pub examples: &'static str,
    pub taxonomies: &'static str,
    pub print_view: &'static str,
    pub print_whole: &'static str,
    pub print_this: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub purpose: &'static str,
    pub age: &'static str,
    pub source: &'static str,
    pub year: &'static str,
    pub outcome: &'static str,
    pub duration: &'static str,
    pub workshops: &'static str,
    pub tool_type: &'static str,
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub search_help: &'static str,
    pub search_noscript: &'static str,
    pub search_busy: &'static str,
    pub search_one: &'static str,
    pub search_many: &'static str,
    /// A first page of results from a common word's best pages, before all are counted.
    pub search_at_least: &'static str,
    pub search_none: &'static str,
    pub search_some_words: &'static str,
    pub search_failed: &'static str,
    pub search_more: &'static str,
    pub all_terms: &'static str,
    pub generated_by: &'static str,
    /// A course's programme table: its heading and columns.
    pub programme: &'static str,
    pub workshop: &'static str,
    pub date: &'static str,
    pub time: &'static str,
    pub place: &'static str,
    pub trainers: &'static str,
    /// A list split over numbered pages: "Side", "af" ("Side 2 af 40"), the nav's label, and a
    /// print view in parts: "Del".
    pub page_word: &'static str,
    pub of: &'static str,
    pub list_pages: &'static str,
    pub part: &'static str,
}

/// Every word of the output's interface in one language. Long because it is a table: one field
/// per word, both languages side by side, so a missing translation shows at a glance.
pub fn ui_text(lang: Language) -> UiText {
    match lang {
        Language::Da => UiText {
            skip_to_content: "Gå til indhold",
            contents: "Indhold",
            menu: "Menu",
            breadcrumbs: "Brødkrummer",
            home: "Forside",
            previous: "Forrige",
            next: "Næste",
            last_updated: "Sidst opdateret",
            on_this_page: "På denne side",
            pages: "sider",
            page_one: "side",
            used_by: "Bruges i",
            related: "Relateret",
            tools: "Redskaber",
            methods: "Metoder",
            examples: "Praksiseksempler",
            taxonomies: "Emner",
            print_view: "Udskriftsvisning",
            print_whole: "Udskriv hele håndbogen",
            print_this: "Udskriv siden",
            not_found_title: "Siden findes ikke",
            not_found_text: "Siden, du leder efter, er flyttet eller findes ikke. Gå til forsiden eller brug indholdsfortegnelsen.",
            purpose: "Formål",
            age: "Alder",
            source: "Kilde",
            year: "År",
            outcome: "Udbytte",
            duration: "Varighed",
            workshops: "Workshops",
            tool_type: "Type",
            search: "Søg",
            search_placeholder: "Søg i håndbogen",
            search_help: "Skriv et eller flere ord. Søgningen finder også ordenes andre former, fx samtale, samtalen og samtaler. Tast / for at søge fra alle sider, og brug piletasterne til at gå mellem resultaterne.",
            search_noscript: "Søgningen kræver JavaScript. Brug indholdsfortegnelsen eller emnesiderne i stedet.",
            search_busy: "Søger …",
            search_one: "1 side fundet for »{q}«",
            search_many: "{n} sider fundet for »{q}«",
            search_at_least: "Mindst {n} sider fundet for »{q}«",
            search_none: "Ingen sider fundet for »{q}«. Prøv et andet ord eller færre ord.",
            search_some_words: "Ingen sider har alle ordene. Her er sider med nogle af dem.",
            search_failed: "Søgningen kunne ikke indlæses. Prøv at genindlæse siden.",
            search_more: "Vis flere resultater",
            all_terms: "Alle",
            generated_by: "Lavet med bogbinder",
            programme: "Program",
            workshop: "Workshop",
            date: "Dato",
            time: "Tid",
            place: "Sted",
            trainers: "Undervisere",
            page_word: "Side",
            of: "af",
            list_pages: "Listens sider",
            part: "Del",
        },
        Language::En => UiText {
            skip_to_content: "Skip to content",
            contents: "Contents",
            menu: "Menu",
            breadcrumbs: "Breadcrumbs",
            home: "Home",
            previous: "Previous",
            next: "Next",
            last_updated: "Last updated",
            on_this_page: "On this page",
            pages: "pages",
            page_one: "page",
            used_by: "Used in",
            related: "Related",
            tools: "Tools",
            methods: "Methods",
            examples: "Practice examples",
            taxonomies: "Topics",
            print_view: "Print view",
            print_whole: "Print the whole handbook",
            print_this: "Print this page",
            not_found_title: "Page not found",
            not_found_text: "The page you are looking for has moved or does not exist. Go to the front page or use the contents.",
            purpose: "Purpose",
            age: "Age",
            source: "Source",
            year: "Year",
            outcome: "Outcome",
            duration: "Duration",
            workshops: "Workshops",
            tool_type: "Type",
            search: "Search",
            search_placeholder: "Search the handbook",
            search_help: "Type one or more words. Press / to search from any page, and use the arrow keys to move between results.",
            search_noscript: "Search needs JavaScript. Use the contents or the topic pages instead.",
            search_busy: "Searching …",
            search_one: "1 page found for “{q}”",
            search_many: "{n} pages found for “{q}”",
            search_at_least: "At least {n} pages found for “{q}”",
            search_none: "No pages found for “{q}”. Try another word or fewer words.",
            search_some_words: "No page has all the words. Here are pages with some of them.",
            search_failed: "Search could not be loaded. Try reloading the page.",
            search_more: "Show more results",
            all_terms: "All",
            generated_by: "Made with bogbinder",
            programme: "Programme",
            workshop: "Workshop",
            date: "Date",
            time: "Time",
            place: "Place",
            trainers: "Trainers",
            page_word: "Page",
            of: "of",
            list_pages: "Pages of the list",
            part: "Part",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_spell_danish_letters_out() {
        assert_eq!(
            slugify("Gode råd til andre kommuner"),
            "gode-raad-til-andre-kommuner"
        );
        assert_eq!(slugify("Ærø & Søby"), "aeroe-soeby");
        assert_eq!(
            slugify("Hvornår kan det bruges, og hvornår ikke?"),
            "hvornaar-kan-det-bruges-og-hvornaar-ikke"
        );
        assert_eq!(slugify("  --Trivsel 0-6 år-- "), "trivsel-0-6-aar");
    }

    #[test]
    fn danish_order_puts_aeoeaa_after_z() {
        let mut words = vec!["Åbenhed", "Zebra", "øje", "Ærlighed", "abe", "Bog"];
        words.sort_by(|a, b| danish_cmp(a, b));
        assert_eq!(
            words,
            vec!["abe", "Bog", "Zebra", "Ærlighed", "øje", "Åbenhed"]
        );
    }

    #[test]
    fn dates_in_danish() {
        let d = Date::parse("2026-11-23").unwrap();
        assert_eq!(d.human(Language::Da), "23. november 2026");
        assert_eq!(d.iso(), "2026-11-23");
        assert!(Date::parse("2026-02-30").is_none());
    }
}
