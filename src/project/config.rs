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

/// The compendiums' references with their spans, read in a second pass (see `crate::text::places`).
#[derive(Default, Deserialize)]
struct SpannedConfig {
    #[serde(default, rename = "kompendier")]
    compendiums: Vec<SpannedCompendium>,
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

/// Gives each compendium the places of its references in `text`.
fn record_places(text: &str, compendiums: &mut [CompendiumConfig]) {
    let Ok(spanned) = toml::from_str::<SpannedConfig>(text) else {
        return;
    };
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
    /// `build` also writes the whole handbook as one PDF (as `build --pdf` does).
    #[serde(default)]
    pub pdf: bool,
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
        record_places(&toml_message::straightened(&text), &mut cfg.compendiums);
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
        problems.into_result()
    }
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
