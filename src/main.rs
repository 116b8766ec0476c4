//! The `bogbinder` command: a thin layer over the library that parses arguments and prints results.

use bogbinder::{Error, Result};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "bogbinder",
    version,
    about = "Laver en statisk metodehåndbog og bøger til udskrift ud fra Markdown.",
    long_about = "bogbinder bygger en metodehåndbog (metoder, praksiseksempler, redskaber, kurser) som \
                  en statisk hjemmeside, der kan lægges på en webserver eller et fællesdrev, og bøger til \
                  udskrift: barnets bog og kompendier til kurser.\n\nKør kommandoerne i projektets mappe \
                  (den med bogbinder.toml), eller angiv den med --root.",
    after_help = "Eksempler:\n  bogbinder init min-haandbog   Lav et nyt projekt\n  bogbinder build               Byg håndbogen til output/\n  bogbinder serve               Vis håndbogen i browseren, mens du skriver\n  bogbinder check               Tjek alt uden at skrive noget"
)]
struct Cli {
    /// Projektets mappe (standard: den nærmeste mappe med bogbinder.toml)
    #[arg(long, short = 'r', global = true, value_name = "MAPPE")]
    root: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Byg håndbogen til outputmappen (standard: output/)
    Build {
        /// Skriv til denne mappe i stedet for output_dir fra bogbinder.toml
        #[arg(long, short = 'o', value_name = "MAPPE")]
        output: Option<PathBuf>,
    },
    /// Vis håndbogen i browseren, mens du skriver: bygger igen og genindlæser siden ved ændringer
    #[command(
        after_help = "Håndbogen bygges i hukommelsen; output/ røres ikke. Fejl vises oven på siden i browseren."
    )]
    Serve {
        /// Porten (standard: 1111, eller en ledig port hvis 1111 er optaget; 0 = en ledig port)
        #[arg(long, short = 'p', value_name = "PORT")]
        port: Option<u16>,
        /// Adressen, der lyttes på. Andet end 127.0.0.1 gør håndbogen synlig på netværket
        #[arg(long, default_value = "127.0.0.1", value_name = "IP")]
        bind: std::net::IpAddr,
    },
    /// Tjek hele projektet (indstillinger, henvisninger, skabeloner, CPR-numre) uden at skrive noget
    Check,
    /// Lav et nyt projekt med indstillinger og eksempelindhold, der kan bygges med det samme
    Init {
        /// Mappen, projektet skal ligge i (oprettes; må ikke indeholde et projekt i forvejen)
        #[arg(default_value = ".", value_name = "MAPPE")]
        dir: PathBuf,
        /// Håndbogens titel
        #[arg(long, value_name = "TITEL")]
        title: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            match e {
                Error::Invalid(_) => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    }
}

fn report(e: &Error) {
    match e {
        Error::Usage { message, hint } => {
            eprintln!("fejl: {message}");
            if let Some(h) = hint {
                eprintln!("    → {h}");
            }
        }
        other => eprintln!("{other}"),
    }
}

fn project_root(root: Option<PathBuf>) -> Result<PathBuf> {
    match root {
        Some(r) => Ok(r),
        None => bogbinder::find_root(Path::new(".")).ok_or_else(|| {
            Error::usage_hint(
                "der er ingen bogbinder.toml i denne mappe eller mapperne over den",
                "gå til projektets mappe, brug --root MAPPE, eller lav et nyt projekt med `bogbinder init`",
            )
        }),
    }
}

fn seconds(d: std::time::Duration) -> String {
    format!("{:.2}", d.as_secs_f64()).replace('.', ",")
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Build { output } => {
            let root = project_root(cli.root)?;
            let r = bogbinder::site::build(&root, output.as_deref())?;
            println!(
                "Byggede {} sider, {} emnesider og {} filer i alt på {} s → {}",
                r.pages,
                r.taxonomy_pages,
                r.files,
                seconds(r.elapsed),
                r.output_dir.display()
            );
            Ok(())
        }
        Command::Serve { port, bind } => {
            let root = project_root(cli.root)?;
            bogbinder::serve::serve(&root, bogbinder::serve::Options { bind, port })
        }
        Command::Check => {
            let root = project_root(cli.root)?;
            let start = std::time::Instant::now();
            let (site, _) = bogbinder::site::load(&root)?;
            println!(
                "Alt i orden: {} sider tjekket på {} s. Intet blev skrevet.",
                site.handbook.pages.len(),
                seconds(start.elapsed())
            );
            Ok(())
        }
        Command::Init { dir, title } => {
            let created = bogbinder::init::init(&dir, title.as_deref())?;
            println!(
                "Nyt projekt i {}: {} filer oprettet.",
                dir.display(),
                created.len()
            );
            println!("Byg det med:  cd {} && bogbinder build", dir.display());
            Ok(())
        }
    }
}
