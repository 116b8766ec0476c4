//! Problems starting the preview (`bogbinder serve`).

use super::{pick, Catalogued, Code, Text};
use crate::text::i18n::Language;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServeProblem {
    /// The handbook's port cannot be opened (`error`: the system's words).
    CannotListen { bind: String, error: String },
    /// The books' port on 127.0.0.1 cannot be opened.
    CannotListenBooks { error: String },
    /// A listener was opened but has no address.
    NoAddress { error: String },
    /// The project folder cannot be watched for changes.
    CannotWatch { root: String, error: String },
}

impl Catalogued for ServeProblem {
    fn code(&self) -> Code {
        use ServeProblem::*;
        Code::new(match self {
            CannotListen { .. } => "S001",
            CannotListenBooks { .. } => "S002",
            NoAddress { .. } => "S003",
            CannotWatch { .. } => "S004",
        })
    }

    fn text(&self, lang: Language) -> Text {
        use ServeProblem::*;
        match self {
            CannotListen { bind, error } => pick(
                lang,
                Text::new(format!("kan ikke lytte på {bind}: {error}"))
                    .hint("vælg en anden port med --port, eller luk det program, der bruger porten"),
                Text::new(format!("cannot listen on {bind}: {error}"))
                    .hint("choose another port with --port, or close the program that uses the port"),
            ),
            CannotListenBooks { error } => pick(
                lang,
                Text::new(format!("kan ikke lytte på 127.0.0.1 til bøgerne: {error}"))
                    .hint("tjek at netværket på denne maskine har 127.0.0.1 (loopback)"),
                Text::new(format!("cannot listen on 127.0.0.1 for the books: {error}"))
                    .hint("check that the network on this machine has 127.0.0.1 (loopback)"),
            ),
            NoAddress { error } => pick(
                lang,
                Text::new(format!("serveren fik ingen adresse: {error}"))
                    .hint("prøv igen, eller vælg en anden adresse med --bind"),
                Text::new(format!("the server got no address: {error}"))
                    .hint("try again, or choose another address with --bind"),
            ),
            CannotWatch { root, error } => pick(
                lang,
                Text::new(format!("kan ikke holde øje med ændringer i {root}: {error}")).hint(
                    "tjek at mappen findes og kan læses; på Linux kan grænsen for inotify-overvågninger være nået (fs.inotify.max_user_watches)",
                ),
                Text::new(format!("cannot watch for changes in {root}: {error}")).hint(
                    "check that the folder exists and can be read; on Linux the limit of inotify watches may be reached (fs.inotify.max_user_watches)",
                ),
            ),
        }
    }
}

#[cfg(test)]
pub(super) fn samples() -> Vec<ServeProblem> {
    use ServeProblem::*;
    let s = || "x".to_string();
    vec![
        CannotListen {
            bind: s(),
            error: s(),
        },
        CannotListenBooks { error: s() },
        NoAddress { error: s() },
        CannotWatch {
            root: s(),
            error: s(),
        },
    ]
}
