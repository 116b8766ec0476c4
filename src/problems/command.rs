//! Problems with the command line itself: unknown commands and options, missing or wrong values.

use super::{pick, Catalogued, Code, Text};
use crate::text::i18n::Language;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandProblem {
    /// `suggestion`: the nearest option clap knows, if any.
    UnknownOption {
        option: String,
        suggestion: Option<String>,
    },
    UnknownCommand {
        command: String,
        suggestion: Option<String>,
    },
    Missing {
        what: String,
    },
    MissingCommand,
    BadValue {
        value: String,
        option: String,
    },
    WrongNumberOfValues {
        option: String,
    },
    Conflict {
        option: String,
    },
    /// Any other mistake clap reports (`kind`: clap's name for it).
    Other {
        kind: String,
    },
}

impl Catalogued for CommandProblem {
    fn code(&self) -> Code {
        use CommandProblem::*;
        Code::new(match self {
            UnknownOption { .. } => "A001",
            UnknownCommand { .. } => "A002",
            Missing { .. } => "A003",
            MissingCommand => "A004",
            BadValue { .. } => "A005",
            WrongNumberOfValues { .. } => "A006",
            Conflict { .. } => "A007",
            Other { .. } => "A008",
        })
    }

    fn text(&self, lang: Language) -> Text {
        use CommandProblem::*;
        let message = match self {
            UnknownOption { option, .. } => pick(
                lang,
                format!("ukendt valgmulighed {option}"),
                format!("unknown option {option}"),
            ),
            UnknownCommand { command, .. } => pick(
                lang,
                format!("ukendt kommando {command}"),
                format!("unknown command {command}"),
            ),
            Missing { what } => pick(
                lang,
                format!("mangler {what}"),
                format!("{what} is missing"),
            ),
            MissingCommand => pick(lang, "mangler en kommando", "a command is missing").to_string(),
            BadValue { value, option } => pick(
                lang,
                format!("{value} kan ikke bruges til {option}"),
                format!("{value} cannot be used for {option}"),
            ),
            WrongNumberOfValues { option } => pick(
                lang,
                format!("forkert antal værdier til {option}"),
                format!("wrong number of values for {option}"),
            ),
            Conflict { option } => pick(
                lang,
                format!("{option} kan ikke bruges sammen med andre her"),
                format!("{option} cannot be used together with the others here"),
            ),
            // clap's `kind` is English; in practice an argument that is not UTF-8.
            Other { kind } => pick(
                lang,
                "argumenterne kan ikke læses (er der et tegn, som ikke er UTF-8?)".to_string(),
                format!("wrong arguments ({kind})"),
            ),
        };
        let suggestion = match self {
            UnknownOption { suggestion, .. } | UnknownCommand { suggestion, .. } => {
                suggestion.as_deref()
            }
            _ => None,
        };
        let message = match suggestion {
            Some(s) => pick(
                lang,
                format!("{message} – mente du {s}?"),
                format!("{message} – did you mean {s}?"),
            ),
            None => message,
        };
        Text::new(message).hint(pick(
            lang,
            "skriv `bogbinder --help` for at se kommandoerne og deres valgmuligheder",
            "write `bogbinder --help` to see the commands and their options",
        ))
    }
}

#[cfg(test)]
pub(super) fn samples() -> Vec<CommandProblem> {
    use CommandProblem::*;
    let s = || "x".to_string();
    vec![
        UnknownOption {
            option: s(),
            suggestion: None,
        },
        UnknownOption {
            option: s(),
            suggestion: Some(s()),
        },
        UnknownCommand {
            command: s(),
            suggestion: Some(s()),
        },
        Missing { what: s() },
        MissingCommand,
        BadValue {
            value: s(),
            option: s(),
        },
        WrongNumberOfValues { option: s() },
        Conflict { option: s() },
        Other { kind: s() },
    ]
}
