//! `bogbinder new bog "Emma"`: a new barnets bog with the standard chapters, each holding a few
//! guiding questions for the child. The questions stand in `<!-- -->` comments, so they are never
//! printed, and a chapter with nothing but questions is left out of the book until it is answered.

use super::barnetsbog::{BOOK_FILE, PHOTO_DIR, STANDARD_CHAPTERS, WHY};
use crate::error::{Error, Result};
use crate::problems::BookProblem;
use crate::text::i18n::slugify;
use std::path::{Path, PathBuf};

/// Guiding questions per chapter, written for a child.
pub fn questions(slug: &str) -> &'static [&'static str] {
    match slug {
        "alt-om-mig" => &[
            "Hvad hedder du, og hvad vil du gerne kaldes?",
            "Hvor gammel er du, og hvornår har du fødselsdag?",
            "Hvad er du god til? Hvad kan du godt lide at lave?",
            "Hvad er din yndlingsmad, din yndlingsfarve og dit yndlingsdyr?",
        ],
        "mit-helbred" => &[
            "Hvordan har din krop det for tiden?",
            "Sover du godt? Hvad gør du, når du ikke kan sove?",
            "Har du været syg eller på hospitalet? Hvem hjalp dig?",
        ],
        "de-vigtigste-mennesker" => &[
            "Hvem er de vigtigste mennesker i dit liv?",
            "Hvem kan du tale med, når noget er svært?",
            "Hvem savner du?",
        ],
        "skolen" => &[
            "Hvad hedder din skole eller børnehave, og hvilken klasse går du i?",
            "Hvad er det bedste ved at være der? Er der noget, der er svært?",
            "Hvem leger du med i frikvarteret?",
        ],
        "hvem-passer-paa-mig" => &[
            "Hvem passer på dig nu?",
            "Hvem bor du sammen med?",
            "Hvem kan du ringe til, hvis du har brug for hjælp?",
        ],
        "min-familie" => &[
            "Hvem er med i din familie?",
            "Hvornår ser du din familie? Hvad laver I sammen?",
            "Er der noget, du gerne vil fortælle om din familie?",
        ],
        "det-der-bekymrer-mig" => &[
            "Er der noget, du tænker meget på eller er bange for?",
            "Hvad ville du ønske, de voksne vidste?",
        ],
        "det-der-hjaelper-mig" => &[
            "Hvad gør dig glad, når du er ked af det?",
            "Hvad gør de voksne, som hjælper dig?",
            "Hvor har du det bedst?",
        ],
        "mine-haab-for-fremtiden" => &[
            "Hvad drømmer du om?",
            "Hvad vil du gerne lære eller prøve?",
            "Hvordan ser dit liv ud, når du er stor?",
        ],
        "mine-minder" => &[
            "Hvilke dage vil du gerne huske?",
            "Læg billeder i mappen billeder/ og skriv dem i bog.toml under [[minder]] med en tekst og en dato.",
        ],
        "min-historie" => &[
            "Hvor har du boet, og hvorfor flyttede du?",
            "Hvad vil du gerne vide om, hvad de voksne har besluttet og hvorfor?",
            "Skriv stederne i bog.toml under [[historie]]; de bliver til en tidslinje her.",
        ],
        "min-tidslinje" => &[
            "Hvad er der sket i dit liv, som du gerne vil huske? Hvornår, og hvor var du?",
            "Skriv det i bog.toml under [[tidslinje]] med dato, hvad og sted (og gerne et foto); det bliver til en tidslinje her, i rækkefølge efter dato.",
        ],
        // For the adult who writes it (the caseworker), about the decisions made for the child.
        WHY => &[
            "Til den voksne, der skriver kapitlet (fx sagsbehandleren): skriv til barnet, i korte sætninger og med ord, barnet selv bruger.",
            "Hvorfor bor barnet her, og ikke hjemme? Sig det ærligt og uden skyld: hvad var svært for de voksne, ikke hvad barnet gjorde.",
            "Hvem har besluttet det, og hvad har barnet og forældrene selv sagt?",
            "Hvad bliver ved med at være det samme (fx samvær, skole, venner), og hvad kan ændre sig?",
            "Hvornår bliver beslutningen set på igen, og hvem kan barnet spørge, hvis det vil vide mere?",
            "Læs teksten højt for barnet, og ret den sammen med barnet.",
        ],
        _ => &[],
    }
}

pub fn book_toml(name: &str) -> String {
    format!(
        r#"# Barnets bog. Læs mere i VEJLEDNING.md (eller kør `bogbinder vejledning`).
# Bogen er privat: den bliver aldrig en del af håndbogen. Byg den med `bogbinder book {slug}`.

navn = "{name}"                      # navnet på forsiden (det navn, barnet selv vælger)
# undertitel = "Min bog"
# tilhoerer = "{name}"               # "Denne bog tilhører ..."
# forside = "billeder/forside.jpg"   # forsidebillede
# laeser = "barn"                    # "barn" (ca. 6-11 år: stor, rund skrift) eller "ung" (ca. 12-18 år)
# pdfa = true                        # gem PDF'en som PDF/A til arkivering i sagssystemet

# Min historie: de steder, barnet har boet, og hvorfor. Bliver til en tidslinje.
# [[historie]]
# dato = 2019-08-01                  # eller fx "sommeren 2019"
# sted = "Hjemme hos mor"
# tekst = "Her boede du, da du var lille."

# Min tidslinje: det, der er sket i barnets liv. Sorteres efter dato; ord som "sommeren 2019"
# sorteres efter årstal og måned/årstid, og en dato uden årstal kommer til sidst.
# [[tidslinje]]
# dato = 2019-08-01                  # eller fx "sommeren 2019"
# hvad = "Jeg startede i 0. klasse"
# sted = "Solsikkeskolen"
# foto = "billeder/skolestart.jpg"   # kan udelades

# Mine minder: billeder med tekst og dato, et på hver side.
# [[minder]]
# fil = "billeder/sommer.jpg"
# tekst = "Sommerferie ved stranden"
# dato = 2024-07-10

# Barnets fødselsdag: fra 12 år skal barnet selv sige ja, før bogen gives videre.
# foedt = 2015-03-01

# Samtykke: bogen må kun gives videre (fx fra børnehave til skole) med forældrenes samtykke.
# Hver overgangsudgave og hver arkivkopi (PDF/A) skrives i udleveringer.log i bogens mappe;
# `bogbinder book {slug} --log` viser, hvem der har fået hvad.
# `bogbinder book {slug} --overgang "Solsikkeskolen"` laver en udgave med kun disse kapitler.
# [[samtykker]]
# givet_af = "Mor og far"
# modtager = "Solsikkeskolen"
# dato = 2026-05-01
# kapitler = ["alt-om-mig", "skolen", "det-der-hjaelper-mig"]
# barnet_siger_ja = true             # barnet har selv sagt ja (skal med fra 12 år)
"#,
        slug = slugify(name)
    )
}

fn chapter_file(slug: &str, title: &str, qs: &[&str]) -> String {
    let intro = if slug == WHY {
        "Spørgsmål til den voksne, der skriver kapitlet til barnet (de bliver ikke trykt):"
    } else {
        "Spørgsmål, du kan svare på (de bliver ikke trykt):"
    };
    let mut s = format!("+++\ntitle = \"{title}\"\n+++\n\n<!--\n{intro}\n");
    for q in qs {
        s.push_str(&format!("- {q}\n"));
    }
    s.push_str("-->\n\n");
    s
}

/// The book's folder name for `name` (`"Søren Åge"` → `soeren-aage`), or why it cannot be one.
pub fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    let slug = slugify(name);
    if slug.is_empty() {
        return Err(Error::usage(BookProblem::BadName {
            name: name.to_string(),
        }));
    }
    if name.contains('"') {
        return Err(Error::usage(BookProblem::QuoteInName));
    }
    crate::output::portable::refuse_device_book(&slug)?;
    Ok(slug)
}

/// Creates `content/boeger/<slug>/`; refuses (writing nothing) when the folder exists.
pub fn new_book(root: &Path, name: &str) -> Result<(PathBuf, Vec<PathBuf>)> {
    let slug = check_name(name)?;
    let name = name.trim();
    let dir = super::books_content_dir(root).join(&slug);
    // A child's book is written only into the project itself, never through a link.
    let inside = Path::new(crate::handbook::load::CONTENT_DIR)
        .join(crate::handbook::load::BOOKS_DIR)
        .join(&slug);
    if let Some(link) = crate::project::files::link_on_the_way(root, &inside) {
        return Err(Error::usage(BookProblem::LinkOnTheWay {
            link: link.display().to_string(),
        }));
    }
    if dir.exists() {
        return Err(Error::usage(BookProblem::BookExists { slug }));
    }
    let mut files = Vec::new();
    let write = |rel: &str, text: &str, files: &mut Vec<PathBuf>| -> Result<()> {
        let path = dir.join(rel);
        std::fs::write(&path, text).map_err(|e| Error::io("skrive", &path, e))?;
        files.push(path);
        Ok(())
    };
    std::fs::create_dir_all(dir.join(PHOTO_DIR)).map_err(|e| Error::io("oprette", &dir, e))?;
    write(BOOK_FILE, &book_toml(name), &mut files)?;
    for (i, (slug, title)) in STANDARD_CHAPTERS.iter().enumerate() {
        let file = format!("{:02}-{slug}.md", i + 1);
        write(
            &file,
            &chapter_file(slug, title, questions(slug)),
            &mut files,
        )?;
    }
    // Keeps the empty photo folder in git.
    write(&format!("{PHOTO_DIR}/.gitkeep"), "", &mut files)?;
    Ok((dir, files))
}
