//! Mistakes in a TOML file (a page's front matter, `bogbinder.toml`, a book's `bog.toml` or a
//! chapter's front matter), shared by the three areas: the kind of mistake decides the words
//! and the number, the file's area the letter (`C073`, `P073` and `B073` are the same mistake).
//!
//! Mistakes with a field (a wrong name, kind or choice) and TOML nobody foresaw keep each area's
//! first TOML code (`C005`, `P004`, `B001`).

use super::{pick, Text};
use crate::text::i18n::Language;

/// One TOML mistake, found by `text::toml_message` from the parser's error and the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TomlMistake {
    /// A field with a wrong name, a wrong kind of value or an unknown choice, in Danish already.
    Settings { da: String, en: String },
    /// TOML the other kinds do not cover: the line as written, and the parser's words (shown
    /// only in English).
    Unreadable { line: String, parser: String },
    /// Typographic quotes (“…”, „…“, »…«) where they cannot be read as plain ones.
    TypographicQuotes { line: String },
    /// Typographic quotes read as plain ones: a warning.
    TypographicQuotesRead { written: String, read: String },
    /// A date in quotes, read as a date: a warning.
    QuotedDateRead { date: String },
    /// A date not written year-month-day (`03-02-2026`, `3/2-2026`): `iso` when it can be read.
    DateForm {
        written: String,
        iso: Option<String>,
    },
    /// A date that does not exist (`2026-02-30`).
    DateImpossible { written: String },
    /// A name (key) with letters outside a-z, not in quotes (`år = 2025`).
    KeyLetters { key: String, value: String },
    /// A text without quotes (`title = Netværksmødet`).
    UnquotedText { key: String, value: String },
    /// A yes or no not written `true`/`false` (`ja`, `True`).
    NotTrueFalse { key: String, written: String },
    /// A line without `=` between name and value.
    MissingEquals { line: String },
    /// A backslash in a text that starts no escape (`"C:\Brugere"`).
    BadEscape,
    /// A text whose quote is never closed on its line.
    UnclosedText,
    /// The same name twice.
    DuplicateKey { key: String },
    /// A number TOML cannot read (`1.000`, `2,5`, `08`).
    BadNumber { written: String },
    /// More after the value on the same line.
    ExtraOnLine,
    /// A `[table]` header written wrong.
    TableHeader { line: String },
    /// A list written wrong: a missing comma or `]`.
    ListForm,
}

/// Each numbered mistake's code in the three areas: front matter (`C`), `bogbinder.toml` (`P`),
/// a book (`B`). Literals, so the catalogue's tests and a `grep` find them. Empty where the
/// mistake cannot happen (only a page has a field that must be a date; `bogbinder.toml` has no
/// true/false field), so no code is declared that no file can give.
const CODES: [[&str; 3]; 16] = [
    ["C070", "P070", "B070"],
    ["C071", "P071", "B071"],
    ["C072", "", ""],
    ["C073", "P073", "B073"],
    ["C074", "P074", "B074"],
    ["C075", "P075", "B075"],
    ["C076", "P076", "B076"],
    ["C077", "", "B077"],
    ["C078", "P078", "B078"],
    ["C079", "P079", "B079"],
    ["C080", "P080", "B080"],
    ["C081", "P081", "B081"],
    ["C082", "P082", "B082"],
    ["C083", "P083", "B083"],
    ["C084", "P084", "B084"],
    ["C085", "P085", "B085"],
];

/// Which file's area a mistake is told in.
#[derive(Debug, Clone, Copy)]
pub(super) enum Area {
    Content = 0,
    Project = 1,
    Book = 2,
}

impl TomlMistake {
    /// The mistake's code in `area`; `None` for those that keep the area's first TOML code.
    pub(super) fn code(&self, area: Area) -> Option<&'static str> {
        use TomlMistake::*;
        let row = match self {
            Settings { .. } | Unreadable { .. } => return None,
            TypographicQuotes { .. } => 0,
            TypographicQuotesRead { .. } => 1,
            QuotedDateRead { .. } => 2,
            DateForm { .. } => 3,
            DateImpossible { .. } => 4,
            KeyLetters { .. } => 5,
            UnquotedText { .. } => 6,
            NotTrueFalse { .. } => 7,
            MissingEquals { .. } => 8,
            BadEscape => 9,
            UnclosedText => 10,
            DuplicateKey { .. } => 11,
            BadNumber { .. } => 12,
            ExtraOnLine => 13,
            TableHeader { .. } => 14,
            ListForm => 15,
        };
        Some(CODES[row][area as usize]).filter(|c| !c.is_empty())
    }

    /// Read anyway, so only a warning.
    pub fn is_warning(&self) -> bool {
        matches!(
            self,
            TomlMistake::TypographicQuotesRead { .. } | TomlMistake::QuotedDateRead { .. }
        )
    }

    // One arm per mistake with its Danish and English words side by side: a table, long because
    // the catalogue is; splitting it would part a mistake's two languages.
    pub(super) fn text(&self, lang: Language) -> Text {
        use TomlMistake::*;
        match self {
            Settings { da, en } => {
                let (hint_da, hint_en) = settings_hint(en);
                pick(
                    lang,
                    Text::new(format!("forkert indstilling: {da}")).hint(hint_da),
                    Text::new(format!("wrong setting: {en}")).hint(hint_en),
                )
            }
            Unreadable { line, parser } => pick(
                lang,
                Text::new(format!("linjen kan ikke læses som en indstilling: {line}")).hint(
                    "en indstilling skrives navn = værdi på én linje, fx title = \"Netværksmødet\", weight = 3, draft = false, \
                     tags = [\"a\", \"b\"]; tjek anførselstegn, = og kommaer fra markøren og frem",
                ),
                Text::new(format!("this line cannot be read as a setting: {line} ({parser})")).hint(
                    "a setting is written name = value on one line, e.g. title = \"Network meeting\", weight = 3, draft = false, \
                     tags = [\"a\", \"b\"]; check quotes, = and commas from the marker on",
                ),
            ),
            TypographicQuotes { line } => pick(
                lang,
                Text::new(format!("typografiske anførselstegn (“ ” „ « ») kan ikke læses her: {line}")).hint(
                    "skriv lige anførselstegn \" om teksten, fx title = \"Netværksmødet\"; Word og Pages laver dem om, \
                     så skriv filen i en teksteditor; et \" inde i teksten skrives \\\"",
                ),
                Text::new(format!("typographic quotes (“ ” „ « ») cannot be read here: {line}")).hint(
                    "write straight quotes \" around the text, e.g. title = \"Network meeting\"; Word and Pages change them, \
                     so edit the file in a text editor; a \" inside the text is written \\\"",
                ),
            ),
            TypographicQuotesRead { written, read } => pick(
                lang,
                Text::new(format!("typografiske anførselstegn {written} er læst som {read}")).hint(
                    format!("skriv {read} med lige anførselstegn for at undgå advarslen (Word laver dem om; brug en teksteditor)"),
                ),
                Text::new(format!("typographic quotes {written} were read as {read}")).hint(
                    format!("write {read} with straight quotes to avoid this warning (Word changes them; use a text editor)"),
                ),
            ),
            QuotedDateRead { date } => pick(
                lang,
                Text::new(format!("datoen \"{date}\" står i anførselstegn; den er læst som datoen {date}")).hint(
                    format!("skriv datoen uden anførselstegn for at undgå advarslen: {date}"),
                ),
                Text::new(format!("the date \"{date}\" is in quotes; it was read as the date {date}")).hint(
                    format!("write the date without quotes to avoid this warning: {date}"),
                ),
            ),
            DateForm { written, iso } => {
                let (da, en) = match iso {
                    Some(iso) => (
                        format!("skriv datoen som {iso} (år-måned-dag, uden anførselstegn)"),
                        format!("write the date as {iso} (year-month-day, without quotes)"),
                    ),
                    None => (
                        "skriv datoen som år-måned-dag uden anførselstegn, fx 2026-02-03".to_string(),
                        "write the date as year-month-day without quotes, e.g. 2026-02-03".to_string(),
                    ),
                };
                pick(
                    lang,
                    Text::new(format!("datoen {written} er ikke skrevet som år-måned-dag")).hint(da),
                    Text::new(format!("the date {written} is not written as year-month-day")).hint(en),
                )
            }
            DateImpossible { written } => pick(
                lang,
                Text::new(format!("datoen {written} findes ikke"))
                    .hint("tjek dag og måned; datoer skrives år-måned-dag, fx 2026-02-03"),
                Text::new(format!("the date {written} does not exist"))
                    .hint("check day and month; dates are written year-month-day, e.g. 2026-02-03"),
            ),
            KeyLetters { key, value } => pick(
                lang,
                Text::new(format!("navnet {key} har bogstaver uden for a-z og skal derfor stå i anførselstegn"))
                    .hint(format!("sæt navnet i anførselstegn: \"{key}\" = {value}")),
                Text::new(format!("the name {key} has letters outside a-z, so it must be in quotes"))
                    .hint(format!("put the name in quotes: \"{key}\" = {value}")),
            ),
            UnquotedText { key, value } => pick(
                lang,
                Text::new(format!("teksten {value} står ikke i anførselstegn"))
                    .hint(format!("sæt anførselstegn om teksten: {key} = \"{value}\"")),
                Text::new(format!("the text {value} is not in quotes"))
                    .hint(format!("put quotes around the text: {key} = \"{value}\"")),
            ),
            NotTrueFalse { key, written } => pick(
                lang,
                Text::new(format!("{written} kan ikke læses som ja eller nej"))
                    .hint(format!("skriv {key} = true (ja) eller {key} = false (nej), med små bogstaver og uden anførselstegn")),
                Text::new(format!("{written} cannot be read as yes or no"))
                    .hint(format!("write {key} = true or {key} = false, in small letters and without quotes")),
            ),
            MissingEquals { line } => pick(
                lang,
                Text::new(format!("der mangler et = mellem navn og værdi: {line}"))
                    .hint("skriv navn = værdi, fx title = \"Netværksmødet\"; en linje, der ikke er en indstilling, skal begynde med #"),
                Text::new(format!("there is no = between name and value: {line}"))
                    .hint("write name = value, e.g. title = \"Network meeting\"; a line that is not a setting must start with #"),
            ),
            BadEscape => pick(
                lang,
                Text::new("en \\ (omvendt skråstreg) i en tekst i \"anførselstegn\" skal skrives \\\\")
                    .hint("skriv \\\\ for hver \\, eller sæt teksten i enkelte anførselstegn: 'C:\\Brugere\\mappe'"),
                Text::new("a \\ (backslash) in a text in \"quotes\" must be written \\\\")
                    .hint("write \\\\ for each \\, or put the text in single quotes: 'C:\\Users\\folder'"),
            ),
            UnclosedText => pick(
                lang,
                Text::new("teksten bliver aldrig lukket med \" på sin linje").hint(
                    "afslut teksten med \" på samme linje; en tekst over flere linjer skrives mellem \"\"\" og \"\"\"",
                ),
                Text::new("the text is never closed with \" on its line").hint(
                    "end the text with \" on the same line; a text over several lines goes between \"\"\" and \"\"\"",
                ),
            ),
            DuplicateKey { key } => pick(
                lang,
                Text::new(format!("{key} står to gange"))
                    .hint("hvert navn må kun stå én gang; slet den ene linje, eller saml værdierne i en liste [\"a\", \"b\"]"),
                Text::new(format!("{key} is given twice"))
                    .hint("each name may be given only once; delete one line, or put the values in one list [\"a\", \"b\"]"),
            ),
            BadNumber { written } => pick(
                lang,
                Text::new(format!("{written} kan ikke læses som et tal")).hint(
                    "skriv tal uden tusindtalspunktum og uden foranstillet 0, med punktum som decimaltegn: 1000, 2.5; \
                     er det en tekst, så sæt den i \"anførselstegn\"",
                ),
                Text::new(format!("{written} cannot be read as a number")).hint(
                    "write numbers without thousands separators or leading 0, with a point as decimal mark: 1000, 2.5; \
                     if it is a text, put it in \"quotes\"",
                ),
            ),
            ExtraOnLine => pick(
                lang,
                Text::new("der står mere på linjen efter værdien").hint(
                    "skriv én indstilling pr. linje; en tekst med mellemrum skal stå i \"anførselstegn\", og en kommentar begynder med #",
                ),
                Text::new("there is more on the line after the value").hint(
                    "write one setting per line; a text with spaces must be in \"quotes\", and a comment starts with #",
                ),
            ),
            TableHeader { line } => pick(
                lang,
                Text::new(format!("overskriften {line} er skrevet forkert"))
                    .hint("en overskrift står alene på linjen som [navn] eller [[navn]], fx [extra] eller [[citater]]"),
                Text::new(format!("the heading {line} is written wrong"))
                    .hint("a heading stands alone on its line as [name] or [[name]], e.g. [extra] or [[citater]]"),
            ),
            ListForm => pick(
                lang,
                Text::new("listen er skrevet forkert").hint(
                    "skriv en liste som [\"a\", \"b\"]: komma mellem værdierne, hver tekst i \"anførselstegn\", og ] til sidst",
                ),
                Text::new("the list is written wrong").hint(
                    "write a list as [\"a\", \"b\"]: commas between the values, each text in \"quotes\", and ] at the end",
                ),
            ),
        }
    }
}

/// What to do about a field's mistake, told by serde's words for it (kept in `en`).
fn settings_hint(en: &str) -> (&'static str, &'static str) {
    if en.starts_with("unknown field") {
        (
            "ret navnet til et af de gyldige i beskeden, eller slet linjen; på en side kan egne felter stå under [extra]",
            "change the name to a valid one from the message, or delete the line; on a page, fields of your own can go under [extra]",
        )
    } else if en.starts_with("missing field") {
        (
            "tilføj feltet på en linje for sig: navn = værdi",
            "add the field on a line of its own: name = value",
        )
    } else if en.starts_with("unknown variant") {
        (
            "skriv en af mulighederne i \"anførselstegn\"",
            "write one of the choices in \"quotes\"",
        )
    } else if en.starts_with("invalid type") {
        (
            "skriv værdien som den slags, der skal stå her: tekst i \"anførselstegn\", tal og true/false uden",
            "write the value as the kind that belongs here: text in \"quotes\", numbers and true/false without",
        )
    } else {
        (
            "ret navnet eller værdien på linjen, som beskeden siger",
            "fix the name or the value on this line as the message says",
        )
    }
}

/// One of every mistake, for the areas' samples.
#[cfg(test)]
pub(super) fn samples() -> Vec<TomlMistake> {
    use TomlMistake::*;
    let s = || "x".to_string();
    vec![
        Settings { da: s(), en: s() },
        Settings {
            da: s(),
            en: "missing field `x`".into(),
        },
        Unreadable {
            line: s(),
            parser: s(),
        },
        TypographicQuotes { line: s() },
        TypographicQuotesRead {
            written: s(),
            read: s(),
        },
        QuotedDateRead { date: s() },
        DateForm {
            written: s(),
            iso: Some(s()),
        },
        DateForm {
            written: s(),
            iso: None,
        },
        DateImpossible { written: s() },
        KeyLetters {
            key: s(),
            value: s(),
        },
        UnquotedText {
            key: s(),
            value: s(),
        },
        NotTrueFalse {
            key: s(),
            written: s(),
        },
        MissingEquals { line: s() },
        BadEscape,
        UnclosedText,
        DuplicateKey { key: s() },
        BadNumber { written: s() },
        ExtraOnLine,
        TableHeader { line: s() },
        ListForm,
    ]
}
