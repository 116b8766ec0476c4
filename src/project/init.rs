//! `bogbinder init`: a new project that builds at once with the embedded default theme.

use crate::error::{Error, Result};
use crate::problems::ProjectProblem;
use std::path::{Path, PathBuf};

/// The files of a new project. Long because it is the starter content itself, page by page.
fn starter_files(title: &str) -> Vec<(&'static str, String)> {
    let toml_title = title.replace('\\', "\\\\").replace('"', "\\\"");
    vec![
        (
            "bogbinder.toml",
            format!(
                r#"# Indstillinger for håndbogen. Se README.md for alle muligheder.
title = "{toml_title}"
kommune = ""
sprog = "da"
# Adressen, hvor håndbogen udgives (bruges kun i sitemap.xml):
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
malgruppe = ["Børn og unge"]
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
    let files = starter_files(title);
    // Check first, write after: a half-made project is worse than none.
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
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| Error::io("oprette", &path, e))?;
        std::io::Write::write_all(&mut f, text.as_bytes())
            .map_err(|e| Error::io("skrive", &path, e))?;
        created.push(path);
    }
    Ok(created)
}
