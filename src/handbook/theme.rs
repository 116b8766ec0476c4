//! Themes: Tera templates and static files. The default theme is compiled into the binary; a
//! project overrides any template or static file by putting one of the same name in
//! `themes/<name>/templates/` or `themes/<name>/static/`.

use crate::error::{Diagnostic, Diagnostics};
use crate::problems::{FileProblem, Home, TemplateExpected, TemplateProblem, Words};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

macro_rules! embedded {
    ($kind:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../themes/default/", $kind, "/", $name)) as &[u8])),*]
    };
}

/// The default theme's templates.
pub const DEFAULT_TEMPLATES: &[(&str, &[u8])] = embedded!("templates":
    "base.html", "macros.html", "index.html", "section.html", "page.html", "taxonomy_list.html",
    "taxonomy_term.html", "print.html", "404.html", "book.html", "search.html",
);

/// The default theme's static files, written to `static/` in the output.
pub const DEFAULT_STATIC: &[(&str, &[u8])] = embedded!("static":
    "style.css", "print.css", "bogbinder.js", "book.css", "search.js", "skema.css", "skema.js",
    "print.js",
);

/// Larger static files are refused: a theme's files are styles, scripts, fonts and small images.
const MAX_STATIC_BYTES: u64 = 64 * 1024 * 1024;

pub struct Theme {
    pub tera: tera::Tera,
    /// Where each template came from, for messages: the project's file, or the built-in theme.
    sources: Vec<(String, PathBuf)>,
    /// Static files by name (relative to `static/`).
    pub statics: Vec<(String, Cow<'static, [u8]>)>,
    /// Whether the project has templates of its own: if not, a template error is bogbinder's bug.
    customized: bool,
    /// A hash of every template's and static file's name and contents (see [`fingerprint`]).
    pub fingerprint: u64,
}

/// A hash of the theme's files. A template may read the environment (Tera's `get_env`); then
/// the environment counts as part of the theme.
fn fingerprint(files: &Files) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for (name, text, _) in &files.templates {
        (name, text).hash(&mut h);
    }
    for (name, bytes) in &files.statics {
        (name, bytes.as_ref()).hash(&mut h);
    }
    if files
        .templates
        .iter()
        .any(|(_, t, _)| t.contains("get_env"))
    {
        let mut vars: Vec<_> = std::env::vars_os().collect();
        vars.sort();
        vars.hash(&mut h);
    }
    h.finish()
}

/// How messages name the folder of the built-in theme's templates.
const BUILT_IN: &str = "<indbygget tema>";

impl Theme {
    /// Loads the default theme with the project's overrides on top.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
        let mut diags = Diagnostics::default();
        let theme_dir = root.join("themes").join(name);
        if name != "default" && !theme_dir.is_dir() {
            let problem = TemplateProblem::ThemeMissing {
                name: name.to_string(),
            };
            diags.push(Diagnostic::of("bogbinder.toml", problem));
            return Err(diags);
        }
        let mut files = Files {
            templates: DEFAULT_TEMPLATES
                .iter()
                .map(|(n, b)| {
                    let shown = PathBuf::from(format!("{BUILT_IN}/templates/{n}"));
                    let text = String::from_utf8_lossy(b).into_owned();
                    (n.to_string(), text, shown)
                })
                .collect(),
            statics: DEFAULT_STATIC
                .iter()
                .map(|(n, b)| (n.to_string(), Cow::Borrowed(*b)))
                .collect(),
        };
        files.read_project_overrides(root, name, &mut diags);
        let customized = files
            .templates
            .iter()
            .any(|(_, _, s)| !s.starts_with(BUILT_IN));
        let tera = compile(&files.templates, customized, &mut diags);
        if !diags.is_empty() {
            return Err(diags);
        }
        let fingerprint = fingerprint(&files);
        let sources = files
            .templates
            .into_iter()
            .map(|(n, _, shown)| (n, shown))
            .collect();
        Ok(Theme {
            tera,
            sources,
            statics: files.statics,
            customized,
            fingerprint,
        })
    }

    /// The file template `name` was read from, as messages name it.
    pub fn template_file(&self, name: &str) -> PathBuf {
        self.sources
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, shown)| shown.clone())
            .unwrap_or_else(|| PathBuf::from(name))
    }

    /// A failure to render `template` (for `page`, if one): the project's template is wrong, or,
    /// when the project has none of its own, bogbinder's built-in theme is (a bug).
    pub fn render_problem(
        &self,
        template: &str,
        e: &tera::Error,
        page: Option<&Path>,
    ) -> Diagnostic {
        let file = self.template_file(template);
        if self.customized {
            template_diagnostic(&file, e, page)
        } else {
            Diagnostic::internal(file, error_chain(e))
        }
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    pub fn static_file(&self, name: &str) -> Option<&[u8]> {
        self.statics
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.as_ref())
    }
}

/// A theme's files by name: templates (name, text, as messages name the file) and static files.
/// The project's own replace the built-in ones of the same name.
struct Files {
    templates: Vec<(String, String, PathBuf)>,
    statics: Vec<(String, Cow<'static, [u8]>)>,
}

impl Files {
    /// Reads `themes/<name>/templates/` and `static/`: the theme's own files only, no links, no
    /// hidden files, nothing of a child's book.
    fn read_project_overrides(&mut self, root: &Path, name: &str, diags: &mut Diagnostics) {
        let theme_dir = root.join("themes").join(name);
        let scope = crate::project::files::Scope::theme(root, name);
        for (sub, is_template) in [("templates", true), ("static", false)] {
            let dir = theme_dir.join(sub);
            if std::fs::symlink_metadata(&dir).is_err() {
                continue;
            }
            let mut walker = walkdir::WalkDir::new(&dir)
                .follow_links(false)
                .follow_root_links(false)
                .sort_by_file_name()
                .into_iter();
            while let Some(entry) = walker.next() {
                let Ok(entry) = entry else { continue };
                let shown = entry
                    .path()
                    .strip_prefix(root)
                    .unwrap_or(entry.path())
                    .to_path_buf();
                let file_name = entry.file_name().to_string_lossy();
                if entry.file_type().is_symlink() {
                    if !crate::project::files::is_editor_lock(&file_name) {
                        let problem = FileProblem::LinkFound { home: Home::Theme };
                        diags.push(Diagnostic::of(&shown, problem));
                    }
                    continue;
                }
                if crate::project::files::is_ignored_name(&file_name) && entry.depth() > 0 {
                    if entry.file_type().is_dir() {
                        walker.skip_current_dir();
                    }
                    continue;
                }
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                let name = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                if is_template {
                    match scope.read_text(entry.path(), &shown) {
                        Ok(text) => {
                            self.templates.retain(|(n, _, _)| *n != name);
                            self.templates.push((name, text, shown));
                        }
                        Err(d) => diags.push(d),
                    }
                } else {
                    match scope.read(entry.path(), MAX_STATIC_BYTES) {
                        Ok(bytes) => {
                            self.statics.retain(|(n, _)| *n != name);
                            self.statics.push((name, Cow::Owned(bytes)));
                        }
                        Err(r) => {
                            diags.push(scope.diagnostic(&r, &shown, &shown.display().to_string()))
                        }
                    }
                }
            }
        }
    }
}

/// The templates as one Tera: inheritance and macro imports are resolved across all of them, so
/// they are added together. A template that does not parse is the project's problem, or, when the
/// project has no templates of its own, bogbinder's bug.
fn compile(
    templates: &[(String, String, PathBuf)],
    customized: bool,
    diags: &mut Diagnostics,
) -> tera::Tera {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes "/", which makes every relative URL unreadable.
    tera.set_escape_fn(crate::handbook::markdown::escape_html);
    let sources = templates.iter().map(|(n, t, _)| (n.as_str(), t.as_str()));
    if let Err(e) = tera.add_raw_templates(sources) {
        let full = error_chain(&e);
        let shown = templates
            .iter()
            .find(|(n, _, _)| full.contains(&format!("'{n}'")) || full.contains(&format!("`{n}`")))
            .map(|(_, _, shown)| shown.as_path())
            .unwrap_or(Path::new("themes"));
        diags.push(if customized {
            template_diagnostic(shown, &e, None)
        } else {
            Diagnostic::internal(shown, full)
        });
    }
    tera
}

/// A Tera error in a project's template as a catalogued problem, at its line and column where
/// Tera gives them (its whole chain of causes is read: the first line alone rarely says what is
/// wrong).
fn template_diagnostic(file: &Path, e: &tera::Error, page: Option<&Path>) -> Diagnostic {
    let message = error_chain(e);
    let page = page.map(|p| p.display().to_string());
    if let Some((line, column)) = find_place_in_message(&message) {
        let problem = TemplateProblem::TemplateSyntax {
            expected: expected_in(&message),
            line: source_line(&message, line).unwrap_or_default(),
            raw: tera_expected(&message).unwrap_or(&message).to_string(),
        };
        return Diagnostic::of(file, problem).at(line, column);
    }
    let problem = match unknown_name(&message) {
        Some((what, name)) => TemplateProblem::TemplateUnknown {
            what,
            name,
            page,
            raw: message,
        },
        None => TemplateProblem::Template { message, page },
    };
    Diagnostic::of(file, problem)
}

/// Tera's "--> 3:5": line 3, column 5.
fn find_place_in_message(msg: &str) -> Option<(usize, usize)> {
    let idx = msg.find("--> ")?;
    let rest = &msg[idx + 4..];
    let place = rest.split_whitespace().next()?;
    let (line, column) = place.split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// The template's line as Tera quotes it ("3 | {{ page.title").
fn source_line(msg: &str, line: usize) -> Option<String> {
    let prefix = format!("{line} | ");
    msg.lines()
        .find_map(|l| l.trim_start().strip_prefix(&prefix))
        .map(|l| l.trim().to_string())
}

/// Tera's "= expected …" line.
fn tera_expected(msg: &str) -> Option<&str> {
    msg.lines()
        .find_map(|l| l.trim_start().strip_prefix("= "))
        .map(str::trim)
}

fn expected_in(msg: &str) -> TemplateExpected {
    let expected = tera_expected(msg).unwrap_or("");
    if expected.contains("`}}`") {
        TemplateExpected::VariableEnd
    } else if expected.contains("`%}`") {
        TemplateExpected::TagEnd
    } else if expected.contains("`#}`") {
        TemplateExpected::CommentEnd
    } else if expected.contains("end") {
        TemplateExpected::EndTag
    } else {
        TemplateExpected::Other
    }
}

/// "Variable `page.titel` not found", "Filter 'x' not found", "… inheriting from 'base2.html',
/// which doesn't exist": what kind of name, and the name.
fn unknown_name(msg: &str) -> Option<(Words, String)> {
    let kinds = [
        ("Variable `", '`', "variablen", "the variable"),
        ("Filter '", '\'', "filteret", "the filter"),
        ("Function '", '\'', "funktionen", "the function"),
        ("Test '", '\'', "testen", "the test"),
        ("Template '", '\'', "skabelonen", "the template"),
        ("inheriting from '", '\'', "skabelonen", "the template"),
    ];
    for (start, end, da, en) in kinds {
        let Some(i) = msg.find(start) else { continue };
        let rest = &msg[i + start.len()..];
        let Some((name, after)) = rest.split_once(end) else {
            continue;
        };
        let missing = after.starts_with(" not found") || after.starts_with(", which doesn't exist");
        if missing {
            return Some((Words { da, en }, name.to_string()));
        }
    }
    None
}

/// A Tera error with all its causes on one line.
pub fn error_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A project folder of its own for each test, removed at the end.
    fn project(name: &str, templates: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::Builder::new().prefix(name).tempdir().unwrap();
        for (file, text) in templates {
            let path = dir.path().join("themes/default/templates").join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn a_built_in_template_failing_is_a_bug_not_the_user_s() {
        let dir = project("theme-built-in", &[]);
        let theme = Theme::load(dir.path(), "default").unwrap();
        let e = theme
            .tera
            .render("page.html", &tera::Context::new())
            .unwrap_err();
        let d = theme.render_problem("page.html", &e, None);
        assert_eq!(d.code, "I001", "{d}");
    }

    #[test]
    fn a_project_template_failing_is_the_project_s() {
        let dir = project("theme-own", &[("extra.html", "{{ nothing.here }}")]);
        let theme = Theme::load(dir.path(), "default").unwrap();
        let e = theme
            .tera
            .render("extra.html", &tera::Context::new())
            .unwrap_err();
        let d = theme.render_problem("extra.html", &e, Some(Path::new("content/a.md")));
        // A variable that does not exist is named as such (T071), still the project's.
        assert_eq!(d.code, "T071", "{d}");
        assert!(d.message.contains("`nothing.here`"), "{d}");
        assert!(d.message.contains("content/a.md"), "{d}");
    }
}
