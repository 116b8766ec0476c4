//! clap in Danish (part of the binary, not the library): help pages with Danish headings and
//! flags, and Danish messages for wrong arguments. clap itself only speaks English, and the
//! people running bogbinder (method teams, foster families) should not have to.

use bogbinder::problems::CommandProblem;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// Danish help for `cmd` and every subcommand below it.
pub fn localize(cmd: Command) -> Command {
    let name = cmd.get_name().to_string();
    localize_below(cmd, &name)
}

/// [`localize`] for a command called as `path` (`bogbinder new bog`).
fn localize_below(cmd: Command, path: &str) -> Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let mut cmd = cmd
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("hjaelp")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Vis denne hjælp"),
        );
    if cmd.get_version().is_some() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Vis versionen"),
        );
    }
    // clap's usage line says [OPTIONS] and <COMMAND>; written out here in Danish.
    let mut usage = format!("{path} [VALGMULIGHEDER]");
    for p in cmd.get_positionals() {
        let name = p
            .get_value_names()
            .and_then(|v| v.first())
            .map(|v| v.to_string())
            .unwrap_or_else(|| p.get_id().to_string().to_uppercase());
        usage.push_str(&match p.is_required_set() {
            true => format!(" <{name}>"),
            false => format!(" [{name}]"),
        });
    }
    if cmd.has_subcommands() {
        usage.push_str(" <KOMMANDO>");
    }
    cmd = cmd.override_usage(usage);
    let mut template = String::from("{about-with-newline}\nBrug: {usage}\n");
    if cmd.has_subcommands() {
        template.push_str("\nKommandoer:\n{subcommands}\n");
    }
    if cmd.get_positionals().next().is_some() {
        template.push_str("\nArgumenter:\n{positionals}\n");
    }
    template.push_str("\nValgmuligheder:\n{options}{after-help}");
    cmd = cmd.help_template(template);
    for name in names {
        let below = format!("{path} {name}");
        cmd = cmd.mut_subcommand(name, |c| localize_below(c, &below));
    }
    cmd
}

/// A Danish message for a clap error; `None` for help and version (and the help shown when
/// nothing was asked for), which are printed as they are.
pub fn message(e: &clap::Error) -> Option<CommandProblem> {
    let arg = || context(e, ContextKind::InvalidArg);
    let suggestion = || {
        e.get(ContextKind::SuggestedArg)
            .or(e.get(ContextKind::SuggestedSubcommand))
            .map(|s| s.to_string())
    };
    Some(match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::UnknownArgument => CommandProblem::UnknownOption {
            option: arg(),
            suggestion: suggestion(),
        },
        ErrorKind::InvalidSubcommand => CommandProblem::UnknownCommand {
            command: context(e, ContextKind::InvalidSubcommand),
            suggestion: suggestion(),
        },
        ErrorKind::MissingRequiredArgument => CommandProblem::Missing { what: arg() },
        ErrorKind::MissingSubcommand => CommandProblem::MissingCommand,
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => CommandProblem::BadValue {
            value: context(e, ContextKind::InvalidValue),
            option: arg(),
        },
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            CommandProblem::WrongNumberOfValues { option: arg() }
        }
        ErrorKind::ArgumentConflict => CommandProblem::Conflict { option: arg() },
        other => CommandProblem::Other {
            kind: other.to_string(),
        },
    })
}

fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => format!("\"{s}\""),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}
