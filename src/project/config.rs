//! `bogbinder.toml`: the project's settings.

use crate::error::{Diagnostic, Error, Result};
use crate::problems::ProjectProblem;
use crate::text::i18n::Language;
use crate::text::places::{Places, Recorder};
use crate::text::toml_message::{self, TomlFile};
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "bogbinder.toml";

/// A taxonomy: a way of grouping pages (tema, målgruppe, ...), with one listing page per value.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// The key used in front matter and in the URL (`tema` → `/tema/`).
    pub name: String,
    /// The heading shown to readers ("Målgruppe").
    pub label: String,
}

/// The configured taxonomy a front matter key (already slugified) belongs to: by its name first,
/// then by its label or folded spelling, so that `"målgruppe"` (slug `maalgruppe`) finds the
/// taxonomy named `malgruppe` and `"mødetype"` finds `modetype`. Writers spell keys as they say them.
pub fn taxonomy_index(taxonomies: &[TaxonomyConfig], key_slug: &str) -> Option<usize> {
    if let Some(i) = taxonomies.iter().position(|t| t.name == key_slug) {
        return Some(i);
    }
    let folded = fold_danish(key_slug);
    taxonomies.iter().position(|t| {
        crate::text::i18n::slugify(&t.label) == key_slug || fold_danish(&t.name) == folded
    })
}

/// A slug with the two-letter spellings of æ, ø, å made single letters (`maalgruppe`, `malgruppe`
/// → `malgruppe`), the way names are often written without the Danish letters.
fn fold_danish(slug: &str) -> String {
    slug.replace("aa", "a")
        .replace("ae", "a")
        .replace("oe", "o")
}

/// A compendium: a printed selection of handbook pages, declared in `bogbinder.toml`.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CompendiumConfig {
    /// Used on the command line: `bogbinder book <name>`.
    pub name: String,
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Handbook pages in order, as `@/path.md`.
    #[serde(default)]
    pub pages: Vec<String>,
    /// A course page from `content/kurser/`, whose workshops, pages and tools are added in order.
    #[serde(default)]
    pub kursus: Option<String>,
    /// The course's participants, printed on its attendance list. Kept here, never in
    /// `content/`: `bogbinder.toml` is not published, and the names are never serialised.
    #[serde(default, skip_serializing)]
    pub deltagere: Vec<Participant>,
    /// Where `pages` and `kursus` values stand in `bogbinder.toml`.
    #[serde(skip)]
    pub places: Places,
}

/// One participant of a course (`[[kompendier.deltagere]]`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    pub navn: String,
    #[serde(default)]
    pub kommune: Option<String>,
}

impl CompendiumConfig {
    /// Where the reference `r` (from `pages` or `kursus`) stands in `bogbinder.toml`.
    pub fn place_of(&self, r: &str) -> Option<(usize, usize)> {
        self.places
            .of("pages", r)
            .or_else(|| self.places.of("kursus", r))
    }

    /// Where the compendium's `name` stands in `bogbinder.toml`.
    pub fn place_of_name(&self) -> Option<(usize, usize)> {
        self.places.of("name", &self.name)
    }
}

/// An audience edition (`[[udgaver]]`): the handbook as one group of readers sees it, written to
/// its own folder. Pages, sections and `> [!KUN: …]` boxes name the editions they belong to.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EditionConfig {
    /// Named in front matter (`udgaver = ["intern"]`) and boxes (`[!KUN: intern]`).
    pub navn: String,
    /// The handbook's title in this edition (default: the handbook's `title`).
    #[serde(default)]
    pub titel: Option<String>,
    /// The output folder, inside the project (default: `<output_dir>/<navn>`).
    #[serde(default)]
    pub mappe: Option<PathBuf>,
    /// Where this edition is published, for its sitemap (default: `base_url` + its folder's path
    /// under `output_dir`; none for a folder elsewhere).
    #[serde(default)]
    pub base_url: Option<String>,
    /// Where `navn` and `mappe` stand in `bogbinder.toml`.
    #[serde(skip)]
    pub places: Places,
}

impl EditionConfig {
    /// The name as a folder and address part (`forældre` → `foraeldre`).
    pub fn slug(&self) -> String {
        crate::text::i18n::slugify(&self.navn)
    }

    /// The output folder, relative to the project unless written absolute.
    pub fn folder(&self, output_dir: &Path) -> PathBuf {
        self.mappe
            .clone()
            .unwrap_or_else(|| output_dir.join(self.slug()))
    }
}

/// The compendiums' references with their spans, read in a second pass (see `crate::text::places`).
#[derive(Default, Deserialize)]
struct SpannedConfig {
    #[serde(default, rename = "kompendier")]
    compendiums: Vec<SpannedCompendium>,
    #[serde(default)]
    udgaver: Vec<SpannedEdition>,
}

#[derive(Default, Deserialize)]
struct SpannedEdition {
    #[serde(default)]
    navn: Option<toml::Spanned<String>>,
    #[serde(default)]
    mappe: Option<toml::Spanned<String>>,
}

#[derive(Default, Deserialize)]
struct SpannedCompendium {
    #[serde(default)]
    pages: Vec<toml::Spanned<String>>,
    #[serde(default)]
    kursus: Option<toml::Spanned<String>>,
    #[serde(default)]
    name: Option<toml::Spanned<String>>,
}

/// Gives each compendium the places of its references in `text`, and each edition those of its
/// name and folder.
fn record_places(text: &str, compendiums: &mut [CompendiumConfig], editions: &mut [EditionConfig]) {
    let Ok(spanned) = toml::from_str::<SpannedConfig>(text) else {
        return;
    };
    for (e, s) in editions.iter_mut().zip(&spanned.udgaver) {
        let mut r = Recorder::new(text, 1);
        if let Some(n) = &s.navn {
            r.add("navn", "", n.span());
        }
        if let Some(m) = &s.mappe {
            r.add("mappe", "", m.span());
        }
        e.places = r.finish();
    }
    for (c, s) in compendiums.iter_mut().zip(&spanned.compendiums) {
        let mut r = Recorder::new(text, 1);
        r.add_all("pages", &s.pages);
        if let Some(k) = &s.kursus {
            r.add("kursus", k.get_ref(), k.span());
        }
        if let Some(n) = &s.name {
            r.add("name", n.get_ref(), n.span());
        }
        c.places = r.finish();
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub kommune: Option<String>,
    #[serde(default)]
    pub sprog: Language,
    /// Absolute address where the handbook is published; used in `sitemap.xml` (written only
    /// with one) and the 404 page's links.
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_output")]
    pub output_dir: PathBuf,
    /// Where books (barnets bog, compendiums) are written: never inside the handbook output.
    #[serde(default = "default_books_output")]
    pub books_dir: PathBuf,
    #[serde(default = "default_taxonomies")]
    pub taxonomies: Vec<TaxonomyConfig>,
    #[serde(default, rename = "kompendier")]
    pub compendiums: Vec<CompendiumConfig>,
    /// A folder for a child's books only (made by `bogbinder new bog` outside a project): there
    /// is no handbook, so `build` says so instead of making an empty site.
    #[serde(default)]
    pub kun_boeger: bool,
    /// Audience editions; none means one handbook with everything (see `crate::handbook::editions`).
    #[serde(default, rename = "udgaver")]
    pub editions: Vec<EditionConfig>,
    /// `build` also writes the whole handbook as one PDF (as `build --pdf` does).
    #[serde(default)]
    pub pdf: bool,
    /// How many pages a section or term page lists before the rest go on numbered follow-on
    /// pages (`side/2/`), so a page's size does not grow with the handbook.
    #[serde(default = "default_per_list")]
    pub sider_pr_liste: usize,
    /// How many pages one part of the print view holds, when the handbook has more than that.
    #[serde(default = "default_per_print")]
    pub sider_pr_udskrift: usize,
    /// The most handbook pages in one PDF: a larger handbook is written as volumes of at most
    /// this many pages (see `crate::book::handbook_pdf`); typst holds a whole PDF in memory
    /// while it lays it out, about 1 MB a page.
    #[serde(default = "default_pdf_max_sider")]
    pub pdf_max_sider: usize,
}

/// See [`Config::pdf_max_sider`]: the 1,000-page benchmark handbook (`benches/handbook_pdf.sh`)
/// is one PDF, in just under 1 GiB.
pub const DEFAULT_PDF_MAX_PAGES: usize = 1_200;

fn default_pdf_max_sider() -> usize {
    DEFAULT_PDF_MAX_PAGES
}
fn default_per_list() -> usize {
    100
}
fn default_per_print() -> usize {
    25
}

fn default_theme() -> String {
    "default".into()
}
fn default_output() -> PathBuf {
    "output".into()
}
fn default_books_output() -> PathBuf {
    "boeger-output".into()
}

pub fn default_taxonomies() -> Vec<TaxonomyConfig> {
    [
        ("tema", "Tema"),
        ("malgruppe", "Målgruppe"),
        ("kommune", "Kommune"),
        ("anbefaling", "Anbefaling"),
        ("fase", "Fase"),
        ("modetype", "Mødetype"),
    ]
    .into_iter()
    .map(|(name, label)| TaxonomyConfig {
        name: name.into(),
        label: label.into(),
    })
    .collect()
}

impl Config {
    /// The file name of the handbook's PDF in the output folder (`build --pdf`): the title as a
    /// slug (`metodehaandbog.pdf`), or `haandbog.pdf` for a title with no letters.
    pub fn pdf_file_name(&self) -> String {
        let slug = crate::text::i18n::slugify(&self.title);
        if slug.is_empty() {
            "haandbog.pdf".to_string()
        } else {
            format!("{slug}.pdf")
        }
    }

    /// The file name of volume `n` (from 1) of a handbook too large for one PDF (see
    /// [`Config::pdf_max_sider`]): `metodehaandbog-bind-2.pdf`.
    pub fn pdf_volume_file_name(&self, n: usize) -> String {
        let name = self.pdf_file_name();
        format!("{}-bind-{n}.pdf", name.trim_end_matches(".pdf"))
    }

    /// Reads and checks `bogbinder.toml` in `root`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        // Read like every other file: never through a link (see `crate::project::files`).
        let scope = crate::project::files::Scope::project(root);
        let bytes = scope
            .read(&path, crate::project::MAX_FILE_BYTES)
            .map_err(|r| match r {
                crate::project::files::Refusal::Missing => Error::usage(ProjectProblem::NoConfig {
                    root: root.display().to_string(),
                }),
                r => Error::Invalid(crate::error::Diagnostics(vec![scope.diagnostic(
                    &r,
                    Path::new(CONFIG_FILE),
                    CONFIG_FILE,
                )])),
            })?;
        Self::parse(&bytes, Path::new(CONFIG_FILE))
    }

    pub fn parse(bytes: &[u8], shown_as: &Path) -> Result<Config> {
        let text = crate::project::files::decode_text(bytes)
            .map_err(|d| Error::Invalid(crate::error::Diagnostics(vec![d.with_file(shown_as)])))?;
        let mut cfg: Config = toml_message::read(shown_as, &text, 1, TomlFile::Config)
            .map_err(|d| Error::Invalid(crate::error::Diagnostics(vec![d])))?;
        record_places(
            &toml_message::straightened(&text),
            &mut cfg.compendiums,
            &mut cfg.editions,
        );
        crate::problems::follow_project_language(cfg.sprog);
        cfg.validate(&text, shown_as)?;
        Ok(cfg)
    }

    fn validate(&self, text: &str, shown_as: &Path) -> Result<()> {
        let mut problems = crate::error::Diagnostics::default();
        problems.extend(base_url_problem(self.base_url.as_deref(), text, shown_as));
        for (i, t) in self.taxonomies.iter().enumerate() {
            if crate::text::i18n::slugify(&t.name) != t.name || t.name.is_empty() {
                problems.push(Diagnostic::of(
                    shown_as,
                    ProjectProblem::TaxonomyName {
                        name: t.name.clone(),
                    },
                ));
            }
            if self.taxonomies[..i].iter().any(|o| o.name == t.name) {
                problems.push(Diagnostic::of(
                    shown_as,
                    ProjectProblem::TaxonomyTwice {
                        name: t.name.clone(),
                    },
                ));
            }
        }
        // The theme is a folder in themes/: a path could lead anywhere, also into a child's book.
        let theme = Path::new(&self.theme);
        let plain = matches!(
            theme.components().collect::<Vec<_>>().as_slice(),
            [std::path::Component::Normal(_)]
        );
        if !plain
            || crate::project::files::is_ignored_name(&self.theme)
            || self.theme.contains(['/', '\\'])
        {
            problems.push(Diagnostic::of(
                shown_as,
                ProjectProblem::ThemeNotFolderName {
                    name: self.theme.clone(),
                },
            ));
        }
        for c in &self.compendiums {
            if crate::text::i18n::slugify(&c.name) != c.name || c.name.is_empty() {
                problems.push(Diagnostic::of(
                    shown_as,
                    ProjectProblem::CompendiumName {
                        name: c.name.clone(),
                    },
                ));
            }
        }
        problems.extend(self.edition_problems(shown_as));
        problems.into_result()
    }

    /// Each edition needs a name of its own and a folder of its own inside the project: two
    /// editions in one folder, or one inside another, would publish one's pages with the other's.
    fn edition_problems(&self, shown_as: &Path) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let at = |e: &EditionConfig, field: &str, d: Diagnostic| d.at_place(e.places.of(field, ""));
        for (i, e) in self.editions.iter().enumerate() {
            let name = e.navn.clone();
            if e.slug().is_empty() || e.navn.trim() != e.navn || e.navn.contains([',', '/', '\\']) {
                let d = Diagnostic::of(shown_as, ProjectProblem::EditionName { name });
                problems.push(at(e, "navn", d));
                continue;
            }
            // Checked like the handbook's own (its place in the file is not kept).
            problems.extend(base_url_problem(e.base_url.as_deref(), "", shown_as));
            if let Some(o) = self.editions[..i].iter().find(|o| o.slug() == e.slug()) {
                let other = o.navn.clone();
                let d = Diagnostic::of(shown_as, ProjectProblem::EditionTwice { name, other });
                problems.push(at(e, "navn", d));
                continue;
            }
            // A folder derived from `output_dir` follows its rules; one written here stays inside.
            let folder = without_dots(&e.folder(&self.output_dir));
            let outside = e.mappe.as_deref().is_some_and(|m| {
                m.is_absolute()
                    || m.components().any(|c| {
                        !matches!(
                            c,
                            std::path::Component::Normal(_) | std::path::Component::CurDir
                        )
                    })
            });
            let field = if e.mappe.is_some() { "mappe" } else { "navn" };
            if outside {
                let folder = folder.display().to_string();
                let d = Diagnostic::of(
                    shown_as,
                    ProjectProblem::EditionFolderOutside { name, folder },
                );
                problems.push(at(e, field, d));
                continue;
            }
            let clash = self.editions[..i].iter().find(|o| {
                let theirs = without_dots(&o.folder(&self.output_dir));
                folder.starts_with(&theirs) || theirs.starts_with(&folder)
            });
            if let Some(o) = clash {
                let (other, folder) = (o.navn.clone(), folder.display().to_string());
                let d = Diagnostic::of(
                    shown_as,
                    ProjectProblem::EditionFoldersOverlap {
                        name,
                        other,
                        folder,
                    },
                );
                problems.push(at(e, field, d));
            }
        }
        problems
    }
}

/// A path without `.` parts, so `./output/a` and `output/a` compare as the same folder.
fn without_dots(p: &Path) -> PathBuf {
    p.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// `base_url` goes into `sitemap.xml` and the 404 page's links, which need a whole address:
/// `intranet.kommune.dk/haandbog` would give addresses no browser or search engine can follow.
/// An empty one is the same as none.
fn base_url_problem(base_url: Option<&str>, text: &str, shown_as: &Path) -> Option<Diagnostic> {
    let value = base_url?.trim();
    let lower = value.to_ascii_lowercase();
    let host = ["https://", "http://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme));
    if value.is_empty() || host.is_some_and(|h| !h.is_empty() && !h.starts_with('/')) {
        return None;
    }
    #[derive(Deserialize)]
    struct Place {
        base_url: Option<toml::Spanned<String>>,
    }
    let d = Diagnostic::of(
        shown_as,
        ProjectProblem::BaseUrlNotAddress {
            value: value.to_string(),
        },
    );
    let place = toml::from_str::<Place>(text).ok().and_then(|p| p.base_url);
    Some(match place {
        Some(p) => {
            let (line, col) = crate::error::LineIndex::new(text).line_col(p.span().start);
            d.at(line, col)
        }
        None => d,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config_gets_danish_defaults() {
        let c = Config::parse(b"title = \"H\"\n", Path::new("bogbinder.toml")).unwrap();
        assert_eq!(c.sprog, Language::Da);
        assert_eq!(c.output_dir, PathBuf::from("output"));
        assert_eq!(c.taxonomies.len(), 6);
    }

    #[test]
    fn taxonomy_keys_match_as_written_with_or_without_danish_letters() {
        let t = default_taxonomies();
        let name = |key: &str| {
            let slug = crate::text::i18n::slugify(key);
            taxonomy_index(&t, &slug).map(|i| t[i].name.as_str())
        };
        assert_eq!(name("målgruppe"), Some("malgruppe"));
        assert_eq!(name("Målgruppe"), Some("malgruppe"));
        assert_eq!(name("maalgruppe"), Some("malgruppe"));
        assert_eq!(name("malgruppe"), Some("malgruppe"));
        assert_eq!(name("mødetype"), Some("modetype"));
        assert_eq!(name("moedetype"), Some("modetype"));
        assert_eq!(name("tema"), Some("tema"));
        assert_eq!(name("temaer"), None);
    }

    #[test]
    fn broken_toml_names_line_and_column() {
        let err = Config::parse(
            b"title = \"H\"\nbase_url = nope\n",
            Path::new("bogbinder.toml"),
        )
        .unwrap_err();
        let d = &err.diagnostics().unwrap().0[0];
        assert_eq!(d.line, Some(2));
        assert!(d.column.is_some());
    }
}
