//! Names in the output that Windows (or a case-insensitive disk) cannot hold: a handbook built on
//! Linux is opened from a Windows share, and a book folder is copied to a family's laptop. Part of
//! the files area (`F18x`), told through [`super::FileProblem::Portable`].

use super::{pick, Code, Severity, Text, Words};
use crate::text::i18n::Language;

/// What gave a troubled name, for the hint: what the user renames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameFrom {
    /// A page's address: its file or folder name, or its `slug`.
    Page,
    /// A taxonomy value a page lists (its address is the value's slug).
    Term,
    /// A taxonomy's name in `bogbinder.toml`.
    Taxonomy,
    /// A file copied as it is named (a photo, a PDF, a theme's static file).
    File,
    /// A book's name (its folder and its output folder).
    Book,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortableName {
    /// `con`, `aux`, `nul`, `prn`, `com1`..`com9`, `lpt1`..`lpt9`, also with an extension:
    /// Windows reads them as devices, never as files (`device`: the word, upper case).
    Reserved {
        name: String,
        device: String,
        from: NameFrom,
    },
    /// A name Windows cannot store: it ends in a dot or a space, or holds one of `<>:"\|?*`.
    Unstorable {
        name: String,
        why: Words,
        from: NameFrom,
    },
    /// Two output files whose paths differ only in upper and lower case: one file on Windows
    /// and macOS, so one would overwrite the other.
    CaseClash { path: String, other: String },
    /// An output path longer than Windows' classic limit of 259 characters (`MAX_PATH`).
    /// The new edition could not replace the output: a file or folder in it stayed open in
    /// another program (Windows refuses to rename a folder then).
    Held { out: String },
    /// `others`: how many more paths are over the limit (told as one warning).
    TooLong {
        path: String,
        chars: usize,
        others: usize,
    },
}

impl PortableName {
    pub(super) fn code(&self) -> Code {
        Code::new(match self {
            PortableName::Reserved { .. } => "F180",
            PortableName::Unstorable { .. } => "F181",
            PortableName::CaseClash { .. } => "F182",
            PortableName::TooLong { .. } => "F183",
            PortableName::Held { .. } => "F184",
        })
    }

    pub(super) fn severity(&self) -> Severity {
        match self {
            // Most programs on a current Windows open it all the same; some (and Explorer's
            // copy to an old share) do not. Told, not refused.
            PortableName::TooLong { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }

    pub(super) fn text(&self, lang: Language) -> Text {
        match self {
            PortableName::Reserved { name, device, from } => pick(
                lang,
                Text::new(format!(
                    "navnet \"{name}\" kan ikke bruges: Windows læser {device} som navnet på en enhed, ikke en fil, så det kan ikke åbnes fra et Windows-drev"
                ))
                .hint(rename_hint(*from, lang)),
                Text::new(format!(
                    "the name \"{name}\" cannot be used: Windows reads {device} as the name of a device, not a file, so it cannot be opened from a Windows drive"
                ))
                .hint(rename_hint(*from, lang)),
            ),
            PortableName::Unstorable { name, why, from } => pick(
                lang,
                Text::new(format!(
                    "navnet \"{name}\" kan ikke gemmes på Windows: det {}",
                    why.da
                ))
                .hint(rename_hint(*from, lang)),
                Text::new(format!(
                    "the name \"{name}\" cannot be stored on Windows: it {}",
                    why.en
                ))
                .hint(rename_hint(*from, lang)),
            ),
            PortableName::CaseClash { path, other } => pick(
                lang,
                Text::new(format!(
                    "\"{path}\" og \"{other}\" bliver den samme fil på Windows og Mac, hvor store og små bogstaver ikke skiller navne; den ene ville overskrive den anden"
                ))
                .hint("omdøb den ene (og ret henvisningerne til den), så navnene også er forskellige skrevet med små bogstaver"),
                Text::new(format!(
                    "\"{path}\" and \"{other}\" become the same file on Windows and Mac, where upper and lower case do not tell names apart; one would overwrite the other"
                ))
                .hint("rename one of them (and fix the references to it), so the names differ in lower case too"),
            ),
            PortableName::Held { out } => pick(
                lang,
                Text::new(format!(
                    "den nye udgave kunne ikke sættes i stedet for {out}: en fil i mappen er åben i et andet program, eller et vindue står i mappen"
                ))
                .hint("luk det program, der har en fil fra mappen åben (fx en PDF-læser), og Stifinder- eller kommandoprompt-vinduer i mappen, og byg igen; den tidligere udgave er uændret"),
                Text::new(format!(
                    "the new edition could not take the place of {out}: a file in the folder is open in another program, or a window stands in the folder"
                ))
                .hint("close the program that has a file from the folder open (a PDF reader, say) and Explorer or command prompt windows in the folder, and build again; the previous edition is unchanged"),
            ),
            PortableName::TooLong { path, chars, others } => pick(
                lang,
                Text::new(format!(
                    "stien til {path} er {chars} tegn lang{}; mange Windows-programmer kan ikke åbne en sti over 259 tegn",
                    match others {
                        0 => String::new(),
                        n => format!(", og {n} andre stier i outputmappen er også for lange"),
                    }
                ))
                .hint("giv siden en kortere adresse (slug = \"…\") eller filen et kortere navn, eller byg til en mappe med en kortere sti (--output)"),
                Text::new(format!(
                    "the path to {path} is {chars} characters long{}; many Windows programs cannot open a path over 259 characters",
                    match others {
                        0 => String::new(),
                        n => format!(", and {n} more paths in the output folder are too long as well"),
                    }
                ))
                .hint("give the page a shorter address (slug = \"…\") or the file a shorter name, or build into a folder with a shorter path (--output)"),
            ),
        }
    }
}

/// What to rename, by where the name came from.
fn rename_hint(from: NameFrom, lang: Language) -> &'static str {
    match (from, lang) {
        (NameFrom::Page, Language::Da) => {
            "giv siden en anden adresse med slug = \"…\" i dens indstillinger, eller omdøb filen eller mappen"
        }
        (NameFrom::Page, Language::En) => {
            "give the page another address with slug = \"…\" in its settings, or rename the file or folder"
        }
        (NameFrom::Term, Language::Da) => {
            "skriv værdien anderledes (den bliver til en adresse), fx med et ord mere"
        }
        (NameFrom::Term, Language::En) => {
            "write the value differently (it becomes an address), for example with one more word"
        }
        (NameFrom::Taxonomy, Language::Da) => "giv taksonomien et andet navn i bogbinder.toml",
        (NameFrom::Taxonomy, Language::En) => "give the taxonomy another name in bogbinder.toml",
        (NameFrom::File, Language::Da) => {
            "omdøb filen eller mappen, og ret henvisningen til den"
        }
        (NameFrom::File, Language::En) => "rename the file or folder, and fix the reference to it",
        (NameFrom::Book, Language::Da) => {
            "vælg et andet navn til bogen, fx barnets navn med et efternavn eller et kaldenavn"
        }
        (NameFrom::Book, Language::En) => {
            "choose another name for the book, for example the child's name with a surname or a nickname"
        }
    }
}

#[cfg(test)]
pub(super) fn samples() -> Vec<PortableName> {
    let s = || "x".to_string();
    let why = Words { da: "x", en: "y" };
    let mut all = Vec::new();
    for from in [
        NameFrom::Page,
        NameFrom::Term,
        NameFrom::Taxonomy,
        NameFrom::File,
        NameFrom::Book,
    ] {
        all.push(PortableName::Reserved {
            name: s(),
            device: s(),
            from,
        });
        all.push(PortableName::Unstorable {
            name: s(),
            why,
            from,
        });
    }
    all.push(PortableName::CaseClash {
        path: s(),
        other: s(),
    });
    all.push(PortableName::Held { out: s() });
    all.push(PortableName::TooLong {
        path: s(),
        chars: 300,
        others: 2,
    });
    all
}
