//! `bogbinder init`: a new project that builds at once with the embedded default theme, with a
//! Danish guide (`VEJLEDNING.md`) and a `.gitignore` that keeps output and children's books out
//! of git. Also the book-only folder `bogbinder new bog` makes where there is no project.

use crate::error::{Error, Result};
use crate::problems::ProjectProblem;
use std::path::{Path, PathBuf};

/// The files of a new project. Long because it is the starter content itself, page by page.
fn starter_files(title: &str) -> Vec<(&'static str, String)> {
    let toml_title = title.replace('\\', "\\\\").replace('"', "\\\"");
    vec![
        (GUIDE_FILE, guide()),
        (
            "bogbinder.toml",
            format!(
                r#"# Indstillinger for håndbogen. Se VEJLEDNING.md (eller kør `bogbinder vejledning`).
title = "{toml_title}"
kommune = ""
sprog = "da"
# Adressen, hvor håndbogen udgives, fx "https://intranet.kommune.dk/metoder/". Med den laves sitemap.xml, og 404-siden linker rigtigt; uden den laves ingen sitemap.xml.
# base_url = "https://intranet.kommune.dk/metodehaandbog/"
theme = "default"
"#
            ),
        ),
        (
            "content/_index.md",
            format!(
                r#"+++
title = "{toml_title}"
description = "Kommunens metoder, praksiseksempler og redskaber samlet ét sted."
+++
Velkommen til håndbogen. Her finder du [metoderne](@/metoder/_index.md),
[praksiseksempler](@/eksempler/_index.md), [redskaber](@/redskaber/_index.md) og
[kursusmateriale](@/kurser/_index.md).
"#
            ),
        ),
        (
            "content/metoder/_index.md",
            section("Metoder", "Beskrivelser af de metoder, vi arbejder med.", 1),
        ),
        (
            "content/metoder/boernesamtalen.md",
            r#"+++
title = "Børnesamtalen"
description = "Sådan forbereder, holder og følger vi op på en samtale med et barn."
updated = 2026-01-15
formaal = "At barnets egne ord og ønsker bliver en del af sagen."
alder = "6-18 år"
redskaber = ["@/redskaber/samtaleguide.md"]

[taxonomies]
tema = ["inddragelse"]
"målgruppe" = ["Børn og unge"]
fase = ["før", "under"]
+++
## Før samtalen

Fortæl barnet, hvorfor I skal tale sammen, og hvad samtalen skal bruges til.

## Under samtalen

Brug [samtaleguiden](@/redskaber/samtaleguide.md) som støtte.

> [!GODE RÅD]
> Lad barnet vælge, hvor I sidder.
"#
            .to_string(),
        ),
        (
            "content/eksempler/_index.md",
            section("Praksiseksempler", "Sådan gør andre kommuner.", 2),
        ),
        (
            "content/eksempler/eksempel.md",
            r#"+++
title = "Et eksempel fra praksis"
description = "Skriv her, hvordan en kommune arbejder med metoden."
aar = 2026
metoder = ["@/metoder/boernesamtalen.md"]

[taxonomies]
kommune = ["Eksempel Kommune"]
tema = ["inddragelse"]
+++
## Baggrund

Hvorfor begyndte kommunen at arbejde sådan?

> [!CITAT: Rådgiver, Eksempel Kommune]
> Skriv et citat her.
"#
            .to_string(),
        ),
        (
            "content/redskaber/_index.md",
            section(
                "Redskaber",
                "Spørgeguides, skemaer og breve til brug i praksis.",
                3,
            ),
        ),
        (
            "content/redskaber/samtaleguide.md",
            r#"+++
title = "Samtaleguide"
description = "Spørgsmål, der kan hjælpe en samtale med et barn på vej."
type = "spørgeguide"

[taxonomies]
tema = ["inddragelse"]
+++
1. Hvad er det bedste ved din hverdag?
2. Er der noget, der er svært lige nu?
3. Hvem kan du tale med, når noget er svært?
"#
            .to_string(),
        ),
        (
            "content/kurser/_index.md",
            section("Kurser", "Materiale til kurser og workshops.", 4),
        ),
        (
            "content/kurser/introduktion.md",
            r#"+++
title = "Introduktion til børnesamtalen"
varighed = "3 timer"

[[workshops]]
title = "Børnesamtalen i praksis"
varighed = "3 timer"
sider = ["@/metoder/boernesamtalen.md"]
redskaber = ["@/redskaber/samtaleguide.md"]
+++
Et kort kursus for nye medarbejdere.
"#
            .to_string(),
        ),
    ]
}

/// The guide for writers, written into every new project (at its root, not in `content/`, so it
/// is never published as a page) and printed by `bogbinder vejledning`.
pub const GUIDE_FILE: &str = "VEJLEDNING.md";

/// Keeps what bogbinder makes, and the children's books, out of git.
pub const GITIGNORE: &str =
    "# Det, bogbinder laver. Det laves forfra ved hver bygning og skal ikke i git.
/output/
/.output.*
/boeger-output/
/.bogbinder-cache/

# Barnets bøger er private: et barns bog må aldrig ligge i et offentligt repository.
/content/boeger/
";

/// The guide for a handbook project: writing pages, then the books.
pub fn guide() -> String {
    [
        include_str!("guide/haandbog.md"),
        include_str!("guide/boeger.md"),
    ]
    .concat()
}

/// The guide for a folder with books only.
pub fn books_only_guide() -> String {
    [
        include_str!("guide/kun-boeger.md"),
        include_str!("guide/boeger.md"),
    ]
    .concat()
}

fn section(title: &str, description: &str, weight: u32) -> String {
    format!("+++\ntitle = \"{title}\"\ndescription = \"{description}\"\nweight = {weight}\n+++\n")
}

/// Creates a new project in `dir`. Refuses if `dir` already has a project; never overwrites a file.
pub fn init(dir: &Path, title: Option<&str>) -> Result<Vec<PathBuf>> {
    if dir.join(crate::project::config::CONFIG_FILE).exists() {
        return Err(Error::usage(ProjectProblem::ProjectExists {
            dir: dir.display().to_string(),
        }));
    }
    let title = title.unwrap_or("Metodehåndbog");
    write_all_new(dir, starter_files(title))
}

/// Makes `dir` a folder for children's books only (no handbook): `bogbinder.toml` with
/// `kun_boeger = true`, the books' guide and a `.gitignore`. The book itself is made by
/// [`crate::book::scaffold::new_book`]. Never overwrites a file.
pub fn init_books_only(dir: &Path) -> Result<Vec<PathBuf>> {
    let config = "# Denne mappe rummer kun barnets bøger, ingen håndbog. Se VEJLEDNING.md.
title = \"Barnets bog\"
kun_boeger = true
"
    .to_string();
    let files = vec![
        (GUIDE_FILE, books_only_guide()),
        (crate::project::config::CONFIG_FILE, config),
    ];
    write_all_new(dir, files)
}

/// Writes `files` (relative to `dir`) and adds bogbinder's lines to `.gitignore`. Checks first,
/// writes after: a half-made project is worse than none.
fn write_all_new(dir: &Path, files: Vec<(&'static str, String)>) -> Result<Vec<PathBuf>> {
    for (rel, _) in &files {
        let path = dir.join(rel);
        if path.exists() {
            return Err(Error::usage(ProjectProblem::InitFileExists {
                path: path.display().to_string(),
            }));
        }
    }
    let mut created = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("oprette", parent, e))?;
        }
        super::new_page::write_new(&path, &text)?;
        created.push(path);
    }
    created.push(add_gitignore(dir)?);
    Ok(created)
}

/// Writes `.gitignore`, or adds the lines it lacks to the one there is (a folder that is already
/// a git repository keeps its own lines).
fn add_gitignore(dir: &Path) -> Result<PathBuf> {
    let path = dir.join(".gitignore");
    if crate::project::files::link_on_the_way(dir, Path::new(".gitignore")).is_some() {
        // Never written through a link; the project works without it.
        return Ok(path);
    }
    let old = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io("læse", &path, e)),
    };
    let have: Vec<&str> = old.lines().map(str::trim).collect();
    let missing: Vec<&str> = GITIGNORE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty() && !have.contains(l))
        .collect();
    let text = if old.is_empty() {
        GITIGNORE.to_string()
    } else if missing.is_empty() {
        return Ok(path);
    } else {
        let sep = if old.ends_with('\n') { "\n" } else { "\n\n" };
        format!(
            "{old}{sep}# bogbinder: output, mellemlager og barnets bøger (private) skal ikke i git.\n{}\n",
            missing.join("\n")
        )
    };
    std::fs::write(&path, text).map_err(|e| Error::io("skrive", &path, e))?;
    Ok(path)
}
