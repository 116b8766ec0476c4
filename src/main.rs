//! The `bogbinder` command: a thin layer over the library that parses arguments and prints results.

use bogbinder::{Error, Result};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// A build makes and drops millions of small strings on every core; mimalloc's per-thread heaps
// take a third of the time glibc's malloc did (benches/bench.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "bogbinder",
    version,
    about = "Laver en statisk metodehåndbog og bøger til udskrift ud fra Markdown.",
    long_about = "bogbinder bygger en metodehåndbog (metoder, praksiseksempler, redskaber, kurser) som \
                  en statisk hjemmeside, der kan lægges på en webserver eller et fællesdrev, og bøger til \
                  udskrift: barnets bog og kompendier til kurser.\n\nKør kommandoerne i projektets mappe \
                  (den med bogbinder.toml), eller angiv den med --root.",
    after_help = "Eksempler:\n  bogbinder init min-haandbog           Lav et nyt projekt (med en vejledning i VEJLEDNING.md)\n  bogbinder new metode \"Netværksmøder\"  Lav en ny metode (også eksempel, redskab, kursus)\n  bogbinder serve                       Vis håndbogen i browseren, mens du skriver\n  bogbinder skriv                       Skriv sider og bøger i browseren (skrivebordet)\n  bogbinder build                       Byg håndbogen til output/\n  bogbinder check                       Tjek alt uden at skrive noget\n  bogbinder new bog \"Emma\"              Lav en barnets bog (også uden en håndbog)\n  bogbinder vejledning                  Vis vejledningen: sider, bokse, links, billeder, bøger"
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
        /// Skriv også hele håndbogen som én tilgængelig PDF (PDF/A-2a og PDF/UA-1) i outputmappen (som pdf = true i bogbinder.toml)
        #[arg(long)]
        pdf: bool,
    },
    /// Vis håndbogen og bøgerne i browseren, mens du skriver: bygger igen og genindlæser siden ved ændringer
    #[command(
        after_help = "Håndbogen bygges i hukommelsen; output/ røres ikke. Fejl vises oven på siden i browseren.\n\nBøgerne (barnets bøger og kompendier) ses på deres egen port på 127.0.0.1, fx http://127.0.0.1:1112/__boeger/emma/ (serve skriver adressen).\nDe bygges i hukommelsen, når du åbner dem, og igen, når du gemmer en fil i bogen eller lægger et foto i billeder/.\nBøgerne vises kun på denne maskine, også med --bind, og skrives aldrig i håndbogen eller i boeger-output/.\n\nSkrivebordet (skriv sider og bøger i browseren) har adressen, serve skriver efter \"Skrivebord:\"; den åbnes i browseren, når serve kører i en terminal (ikke med --no-open). Adressen har en hemmelig nøgle, der skifter ved hver start. Skrivebordet svarer kun denne maskine, også med --bind."
    )]
    Serve(ServeArgs),
    /// Skriv i håndbogen og bøgerne i browseren: som serve, og skrivebordet åbnes med det samme
    #[command(
        after_help = "Eksempler:\n  bogbinder skriv                 Åbn skrivebordet i browseren\n  bogbinder skriv --no-open       Skriv kun adressen (med den hemmelige nøgle)\n\nSiderne gemmes som almindelige filer i content/. Den forrige udgave af en side gemmes i .bogbinder-skriv/ ved siden af den, så den kan hentes frem igen; det, du er i gang med, gemmes dér som kladde, indtil du gemmer.\nSkrivebordet svarer kun denne maskine (127.0.0.1). --skriv-paa-netvaerk gør det muligt at skrive fra andre maskiner: brug det kun på et netværk, du stoler på."
    )]
    Skriv(ServeArgs),
    /// Tjek hele projektet (indstillinger, henvisninger, skabeloner, CPR-numre) uden at skrive noget
    Check,
    /// Lav en ny side eller bog, fx: bogbinder new metode "Netværksmøder" eller bogbinder new bog "Emma"
    New {
        #[command(subcommand)]
        what: NewWhat,
    },
    /// Byg en bog (barnets bog eller kompendium) som HTML og PDF til boeger-output/<navn>/
    #[command(
        after_help = "Eksempler:\n  bogbinder book emma                            Byg Emmas bog\n  bogbinder book emma --pdfa                     Som PDF/A til arkivering\n  bogbinder book emma --arkiv                    Også en dateret arkivkopi (PDF/A-2a, PDF/UA-1)\n  bogbinder book emma --overgang \"Solsikkeskolen\"  Overgangsudgave med samtykke\n  bogbinder book emma --udfyld                   Sider at udfylde i hånden\n  bogbinder book emma --log                      Vis de kopier, der er givet af bogen\n  bogbinder book ambassadoerkursus               Byg et kompendium fra bogbinder.toml\n  bogbinder book ambassadoerkursus --underviser  Kompendiet med noter til underviseren"
    )]
    Book {
        /// Bogens navn, som du skrev det til new bog ("Søren Åge"), eller dens mappenavn i content/boeger/ (soeren-aage), eller kompendiets navn i bogbinder.toml
        #[arg(value_name = "NAVN")]
        name: String,
        /// Gem PDF'en som PDF/A-2b til arkivering (fx i sagssystemet)
        #[arg(long)]
        pdfa: bool,
        /// Skriv også en dateret arkivkopi (PDF/A-2a og PDF/UA-1: tagget, med sprog og billedtekster som alternativ tekst) til sagsarkivet
        #[arg(long)]
        arkiv: bool,
        /// Lav en overgangsudgave til denne modtager: kun kapitlerne i samtykket i bog.toml
        #[arg(long, value_name = "MODTAGER")]
        overgang: Option<String>,
        /// Vis, hvilke kopier af bogen der er givet (overgangsudgaver og arkivkopier), i stedet for at bygge den
        #[arg(long, conflicts_with_all = ["pdfa", "overgang"])]
        log: bool,
        /// Lav en udgave at udfylde i hånden: alle kapitler med spørgsmål, linjer at skrive på og rammer at tegne i (emma-udfyld.pdf)
        #[arg(long)]
        udfyld: bool,
        /// Lav kompendiets udgave til underviseren, med noterne > [!UNDERVISER] (ambassadoerkursus-underviser.pdf)
        #[arg(long)]
        underviser: bool,
    },
    /// Lav et nyt projekt med indstillinger og eksempelindhold, der kan bygges med det samme
    Init {
        /// Mappen, projektet skal ligge i (standard: denne mappe; oprettes; må ikke indeholde et projekt i forvejen)
        #[arg(default_value = ".", hide_default_value = true, value_name = "MAPPE")]
        dir: PathBuf,
        /// Håndbogens titel
        #[arg(long, value_name = "TITEL")]
        title: Option<String>,
    },
    /// Vis vejledningen i at skrive sider og bøger (den samme som VEJLEDNING.md i et nyt projekt)
    #[command(alias = "hjælp", alias = "hjaelp")]
    Vejledning,
}

/// The options of `serve` and `skriv`.
#[derive(clap::Args)]
struct ServeArgs {
    /// Porten (standard: 1111, eller en ledig port hvis 1111 er optaget; 0 = en ledig port)
    #[arg(long, short = 'p', value_name = "PORT")]
    port: Option<u16>,
    /// Adressen, der lyttes på (standard: 127.0.0.1). Andet end 127.0.0.1 gør håndbogen synlig på netværket; aldrig bøgerne, og skrivebordet kun med --skriv-paa-netvaerk
    #[arg(
        long,
        default_value = "127.0.0.1",
        hide_default_value = true,
        value_name = "IP"
    )]
    bind: std::net::IpAddr,
    /// Åbn ikke skrivebordet i browseren; skriv kun adressen
    #[arg(long)]
    no_open: bool,
    /// Lad andre maskiner på netværket bruge skrivebordet (på adressen fra --bind). Kun på et netværk, du stoler på: den, der har adressen med nøglen, kan ændre projektet
    #[arg(long)]
    skriv_paa_netvaerk: bool,
}

#[derive(Subcommand)]
enum NewWhat {
    /// Lav en ny barnets bog i content/boeger/<navn>/ med kapitler og spørgsmål. Uden for et projekt laves en mappe kun til bøger
    Bog {
        /// Barnets navn (eller det navn, barnet selv vælger)
        #[arg(value_name = "NAVN")]
        navn: String,
    },
    /// Lav en ny metode i content/metoder/ med alle felter forklaret
    Metode {
        /// Sidens titel, fx "Netværksmøder i praksis"
        #[arg(value_name = "TITEL")]
        titel: String,
    },
    /// Lav et nyt praksiseksempel i content/eksempler/ med alle felter forklaret
    Eksempel {
        /// Sidens titel
        #[arg(value_name = "TITEL")]
        titel: String,
    },
    /// Lav et nyt redskab i content/redskaber/ med alle felter forklaret
    Redskab {
        /// Sidens titel
        #[arg(value_name = "TITEL")]
        titel: String,
    },
    /// Lav et nyt kursus i content/kurser/ med alle felter forklaret
    Kursus {
        /// Sidens titel
        #[arg(value_name = "TITEL")]
        titel: String,
    },
}

mod cli_danish;
mod no_command;

fn main() -> ExitCode {
    // No arguments at all: a double-click on bogbinder.exe, or `bogbinder` typed alone.
    if std::env::args_os().len() <= 1 {
        return no_command::run();
    }
    let parsed = cli_danish::localize(Cli::command())
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return argument_error(&e),
    };
    finish(run(cli))
}

/// Tells the warnings and the problem of a finished command, and gives its exit code.
fn finish(result: Result<()>) -> ExitCode {
    // Warnings (what was read though written wrong) are told whether or not the command failed.
    let warnings = bogbinder::take_warnings();
    if !warnings.is_empty() {
        eprint!("{warnings}");
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            match e {
                Error::Invalid(_) => ExitCode::from(1),
                // EX_SOFTWARE: a bug in bogbinder, not in what the user asked.
                Error::Internal(_) => ExitCode::from(70),
                _ => ExitCode::from(2),
            }
        }
    }
}

/// Help and version are printed as clap made them (in Danish, see `cli_danish`); wrong
/// arguments get a Danish message and the way to the help.
fn argument_error(e: &clap::Error) -> ExitCode {
    match cli_danish::message(e) {
        None => {
            let _ = e.print();
            if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        Some(problem) => {
            report(&Error::usage(problem));
            ExitCode::from(2)
        }
    }
}

fn report(e: &Error) {
    match e.problem() {
        Some(problem) => {
            let lang = bogbinder::problems::language();
            let text = problem.text(lang);
            let word = problem.severity().word(lang);
            eprintln!("{word}[{}]: {}", problem.code(), text.message);
            if let Some(h) = text.hint {
                eprintln!("    → {h}");
            }
        }
        None => eprintln!("{e}"),
    }
}

fn project_root(root: Option<PathBuf>) -> Result<PathBuf> {
    match root {
        Some(r) => Ok(r),
        None => bogbinder::find_root(Path::new("."))
            .ok_or_else(|| Error::usage(bogbinder::problems::ProjectProblem::NoConfigFound)),
    }
}

fn seconds(d: std::time::Duration) -> String {
    format!("{:.2}", d.as_secs_f64()).replace('.', ",")
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Build { output, pdf } => build(&project_root(cli.root)?, output.as_deref(), pdf),
        Command::Serve(args) => {
            // The desk opens by itself only for a person at a terminal, never for a script.
            let open = !args.no_open && std::io::IsTerminal::is_terminal(&std::io::stdout());
            serve(cli.root, args, open)
        }
        Command::Skriv(args) => {
            let open = !args.no_open;
            serve(cli.root, args, open)
        }
        Command::Check => check(&project_root(cli.root)?),
        Command::New { what } => new(cli.root, what),
        Command::Book {
            name,
            pdfa,
            arkiv,
            overgang,
            log,
            udfyld,
            underviser,
        } => {
            if log {
                let root = project_root(cli.root)?;
                print!("{}", bogbinder::book::copies_log(&root, &name)?);
                return Ok(());
            }
            let req = bogbinder::BookRequest {
                name,
                pdfa,
                arkiv,
                overgang,
                udfyld,
                underviser,
            };
            book(&project_root(cli.root)?, &req)
        }
        Command::Init { dir, title } => init(&dir, title.as_deref()),
        Command::Vejledning => guide(cli.root),
    }
}

fn serve(root: Option<PathBuf>, args: ServeArgs, open: bool) -> Result<()> {
    let root = project_root(root)?;
    let opts = bogbinder::ServeOptions {
        bind: args.bind,
        port: args.port,
        open_desk: open,
        desk_on_network: args.skriv_paa_netvaerk,
    };
    bogbinder::serve(&root, opts)
}

fn new(root: Option<PathBuf>, what: NewWhat) -> Result<()> {
    use bogbinder::project::new_page::NewPage;
    let (kind, title) = match what {
        NewWhat::Bog { navn } => return new_book(root, &navn),
        NewWhat::Metode { titel } => (NewPage::Metode, titel),
        NewWhat::Eksempel { titel } => (NewPage::Eksempel, titel),
        NewWhat::Redskab { titel } => (NewPage::Redskab, titel),
        NewWhat::Kursus { titel } => (NewPage::Kursus, titel),
    };
    let root = project_root(root)?;
    let today = bogbinder::book::pdf::today().iso();
    let path = bogbinder::project::new_page::new_page(&root, kind, &title, &today)?;
    let shown = path.strip_prefix(&root).unwrap_or(&path);
    println!("Ny side: {}", shown.display());
    println!(
        "Åbn filen i din editor, udfyld felterne øverst (hvert felt er forklaret), og skriv teksten under +++."
    );
    println!("Se siden, mens du skriver, med:  bogbinder serve");
    Ok(())
}

/// A folder made for books only (`kun_boeger = true`), whose settings can be read.
fn books_only(root: &Path) -> Option<bogbinder::Config> {
    bogbinder::Config::load(root).ok().filter(|c| c.kun_boeger)
}

fn guide(root: Option<PathBuf>) -> Result<()> {
    let root = root.or_else(|| bogbinder::find_root(Path::new(".")));
    let text = match root.as_deref().and_then(books_only) {
        Some(_) => bogbinder::project::init::books_only_guide(),
        None => bogbinder::project::init::guide(),
    };
    print!("{text}");
    Ok(())
}

fn build(root: &Path, output: Option<&Path>, pdf: bool) -> Result<()> {
    if let Some(config) = books_only(root) {
        let books = bogbinder::book::list(root, &config)
            .into_iter()
            .map(|b| b.name)
            .collect();
        return Err(Error::usage(
            bogbinder::problems::ProjectProblem::BooksOnly { books },
        ));
    }
    for r in bogbinder::build_with_pdf(root, output, pdf)? {
        let edition = match &r.edition {
            Some(e) => format!("Udgaven \"{e}\": "),
            None => String::new(),
        };
        println!(
            "{edition}Byggede {} sider, {} emnesider og {} filer i alt på {} s → {}",
            r.pages,
            r.taxonomy_pages,
            r.files,
            seconds(r.elapsed),
            r.output_dir.display()
        );
        match &r.pdf {
            Some((name, pages, 1)) => println!(
                "{edition}Håndbogen som PDF: {} ({pages} sider)",
                r.output_dir.join(name).display()
            ),
            Some((name, pages, volumes)) => println!(
                "{edition}Håndbogen som PDF i {volumes} bind: {} og de følgende ({pages} sider i alt)",
                r.output_dir.join(name).display()
            ),
            None => {}
        }
    }
    Ok(())
}

fn check(root: &Path) -> Result<()> {
    let start = std::time::Instant::now();
    if let Some(config) = books_only(root) {
        // No handbook here: the books are all there is to check.
        bogbinder::book::check_all(root, &config).into_result()?;
        let n = bogbinder::book::list(root, &config).len();
        println!(
            "Alt i orden: {n} {} tjekket på {} s. Intet blev skrevet.",
            if n == 1 { "bog" } else { "bøger" },
            seconds(start.elapsed())
        );
        return Ok(());
    }
    let handbook = bogbinder::Handbook::load(root)?;
    handbook.check()?;
    let counts: Vec<String> = (handbook.sites().iter())
        .map(|s| match s.handbook.left_out.edition.as_str() {
            "" => format!("{} sider", s.handbook.pages.len()),
            e => format!("{} sider i udgaven \"{e}\"", s.handbook.pages.len()),
        })
        .collect();
    println!(
        "Alt i orden: {} tjekket på {} s. Intet blev skrevet.",
        counts.join(", "),
        seconds(start.elapsed())
    );
    Ok(())
}

/// A new book in the project; where there is no project, a folder for books only is made first.
fn new_book(root: Option<PathBuf>, navn: &str) -> Result<()> {
    let found = match &root {
        Some(r) => r
            .join(bogbinder::project::config::CONFIG_FILE)
            .is_file()
            .then(|| r.clone()),
        None => bogbinder::find_root(Path::new(".")),
    };
    let root = match found {
        Some(r) => r,
        None => {
            let dir = root.unwrap_or_else(|| PathBuf::from("."));
            // Checked before anything is written, so a bad name leaves the folder as it was.
            bogbinder::book::scaffold::check_name(navn)?;
            let made = bogbinder::project::init::init_books_only(&dir)?;
            println!(
                "Der var ingen håndbog her, så mappen er gjort klar til barnets bøger: {} er lavet.",
                made.iter()
                    .filter_map(|p| p.file_name())
                    .map(|n| n.to_string_lossy())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            println!("Læs VEJLEDNING.md for at komme i gang (eller kør `bogbinder vejledning`).");
            dir
        }
    };
    let root = root.as_path();
    let (dir, files) = bogbinder::new_book(root, navn)?;
    let shown = dir.strip_prefix(root).unwrap_or(&dir);
    println!(
        "Ny bog i {}: {} filer oprettet.",
        shown.display(),
        files.len()
    );
    println!(
        "Skriv i kapitlerne, læg billeder i billeder/, og byg bogen med:  bogbinder book {}",
        shown.file_name().unwrap_or_default().to_string_lossy()
    );
    Ok(())
}

fn book(root: &Path, req: &bogbinder::BookRequest) -> Result<()> {
    let r = bogbinder::build_book(root, req)?;
    println!(
        "Byggede bogen: {} kapitler, {} billeder, {} sider i PDF på {} s",
        r.chapters,
        r.photos,
        r.pdf_pages,
        seconds(r.elapsed)
    );
    println!("  HTML: {}", r.html.display());
    println!("  PDF:  {}", r.pdf.display());
    if let Some(a) = &r.archive {
        println!("  Arkivkopi (PDF/A-2a, PDF/UA-1): {}", a.display());
    }
    Ok(())
}

fn init(dir: &Path, title: Option<&str>) -> Result<()> {
    let created = bogbinder::init(dir, title)?;
    println!(
        "Nyt projekt i {}: {} filer oprettet.",
        dir.display(),
        created.len()
    );
    println!(
        "Læs {} for at komme i gang (eller kør `bogbinder vejledning`).",
        dir.join(bogbinder::project::init::GUIDE_FILE).display()
    );
    println!(
        "Se håndbogen, mens du skriver:  cd {} && bogbinder serve",
        dir.display()
    );
    println!(
        "Byg den til output/:            cd {} && bogbinder build",
        dir.display()
    );
    Ok(())
}
