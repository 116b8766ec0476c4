//! The handbook kept in memory between edits, for the live preview.
//!
//! After a change only the changed files are read and their Markdown rendered again. Most edits
//! keep every page at its address; then the edited pages are put in place in the linked site and
//! only what they take part in is linked anew (`in_place.rs`). When pages come, go or move, what
//! lies between pages (sections, reading order, references, backlinks, taxonomies) is worked out
//! whole, and pages whose links may point at a moved page are rendered again. The outputs that
//! can have changed are named from what changed (`affected.rs`), never by asking each output of
//! the handbook, so an edit in place costs about the same at 100,000 pages as at 1,000. They get
//! a signature: a hash of exactly what their template is given, with a page's own body standing
//! in as a hash made when it was rendered. Only outputs whose signature changed are rendered
//! again (the edited pages at once, the others when asked for), so neighbours, sections, taxonomy
//! pages and backlinks follow by construction, and the result is the same as a full build
//! (tests/incremental.rs).

use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::handbook::editions::{self, Audience};
use crate::handbook::load::{self, Page, CONTENT_DIR};
use crate::handbook::markdown::Rendered;
use crate::handbook::resolve::{self, PageId, PerPage, Site};
use crate::handbook::targets::Target;
use crate::handbook::theme::Theme;
use crate::project::config::{Config, CONFIG_FILE};
use crate::project::files::Scope;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod affected;
mod in_place;
mod render;

use crate::handbook::signature;
use render::Now;

use affected::Before;
use signature::hash_of;

/// The output path of the print view, which is rendered only when asked for (it holds every page).
pub const PRINT_PATH: &str = "udskrift/index.html";

/// Outputs that each list every page, rendered only when asked for: after an edit the page
/// being looked at is wanted at once, these only when the browser fetches them.
const LAZY: [(Target, &str); 2] = [
    (Target::Print, PRINT_PATH),
    (Target::Sitemap, "sitemap.xml"),
];

/// Stands in `stale` for the sidebar lists of large sections (`static/nav/`), made together
/// when one is asked for.
const NAV_FILES: &str = crate::handbook::targets::NAV_DIR;

/// Stands in `stale` for the search index files, which are rebuilt together when asked for.
const SEARCH_INDEX: &str = "soeg/index.js";

/// Is this one of the search index files (not the search page)?
fn is_search_index(path: &str) -> bool {
    path == SEARCH_INDEX
        || path.starts_with("soeg/i/")
        || path.starts_with("soeg/r/")
        || path.starts_with("soeg/t/")
}

/// Markdown files read again, by file relative to the root: `None` when the file is gone.
type Reloaded = HashMap<PathBuf, Option<std::result::Result<Page, Vec<Diagnostic>>>>;

/// Output files by `/`-separated path.
pub type Files = HashMap<String, Arc<[u8]>>;

/// What an update did.
#[derive(Debug, Default)]
pub struct Update {
    /// Output paths rendered anew (or removed); `None` after a full rebuild.
    pub changed: Option<Vec<String>>,
    /// The project's problems now; when there are any, the last good output was kept.
    pub problems: Diagnostics,
}

pub struct Incremental {
    root: PathBuf,
    config: Config,
    theme: Theme,
    /// Every page that loaded, linked (possibly with problems).
    site: Site,
    /// Whether the front page was made up because `content/_index.md` is missing.
    implicit_front: bool,
    /// Problems of files that could not be loaded, by file (relative to the root).
    broken: HashMap<PathBuf, Vec<Diagnostic>>,
    /// Per page file: Markdown problems and a hash of the rendered body.
    rendered_info: HashMap<PathBuf, (Vec<Diagnostic>, u64)>,
    urls: HashMap<String, String>,
    problems: Diagnostics,
    /// Problems found when listing `content/` (symbolic links, unreadable folders).
    scan_problems: Vec<Diagnostic>,
    /// The last good output, and the signature each file was rendered from.
    files: Files,
    signatures: HashMap<String, u64>,
    /// Lazy outputs (see [`LAZY`]) not rendered since the last change.
    stale: HashSet<&'static str>,
    /// Top-level sections whose sidebar lists are out of date, when not all are (`NAV_FILES`
    /// in `stale`).
    stale_nav: HashSet<PageId>,
    /// Per page: [`signature::link_signature`].
    link_sigs: PerPage<u64>,
    sidebars: signature::Sidebars,
    /// Each page's sidebar key, kept while every page stays at its address and in its section.
    sidebar_keys: Option<render::SidebarIndex>,
    /// Whether every output must be checked at the next render, because the last update
    /// stopped on problems (what changed since the last render is then not known).
    check_all: bool,
    /// Outputs an edit may have changed that are rendered when asked for, by path.
    pending: HashMap<String, Target>,
    /// Published assets: out path → (source, modification time).
    assets: HashMap<String, (PathBuf, Option<std::time::SystemTime>)>,
    /// With audience editions, the preview shows the first (see `editions::previewed`): the pages
    /// it leaves out, kept here so that they come back when their limits change.
    held_back: Vec<Page>,
    /// Every edition's settings, to check the names pages and boxes use.
    whole_config: Config,
    /// Per page file: editions named in it that do not exist (found before its boxes are cut).
    edition_names: HashMap<PathBuf, Vec<Diagnostic>>,
}

impl Incremental {
    /// Loads and renders the whole project. Fails only when settings or theme are unusable;
    /// content problems are kept in [`Incremental::problems`].
    pub fn load(root: &Path) -> Result<Incremental> {
        let whole_config = Config::load(root)?;
        let config = match editions::previewed(&whole_config) {
            Some(e) => editions::edition_config(&whole_config, e),
            None => whole_config.clone(),
        };
        let theme = Theme::load(root, &config.theme).map_err(Error::Invalid)?;
        let (files, scan_problems) = load::scan(root).map_err(Error::Invalid)?;
        let scope = Scope::handbook(root);
        let loaded: Vec<_> = files
            .par_iter()
            .map(|f| load::load_page(&scope, root, f))
            .collect();
        let mut broken = HashMap::new();
        let mut pages = Vec::new();
        for (file, r) in files.iter().zip(loaded) {
            match r {
                Ok(p) => pages.push((p, None)),
                Err(d) => {
                    broken.insert(rel(root, file), d);
                }
            }
        }
        let mut me = Incremental {
            root: root.to_path_buf(),
            theme,
            site: empty_site(root, &config),
            config,
            implicit_front: false,
            broken,
            rendered_info: HashMap::new(),
            urls: HashMap::new(),
            problems: Diagnostics::default(),
            scan_problems: scan_problems.0,
            files: HashMap::new(),
            signatures: HashMap::new(),
            stale: (LAZY.iter().map(|(_, p)| *p))
                .chain([SEARCH_INDEX, NAV_FILES])
                .collect(),
            stale_nav: HashSet::new(),
            link_sigs: PerPage::default(),
            sidebars: HashMap::new(),
            sidebar_keys: None,
            check_all: true,
            pending: HashMap::new(),
            assets: HashMap::new(),
            held_back: Vec::new(),
            whole_config,
            edition_names: HashMap::new(),
        };
        for (p, _) in &pages {
            me.note_names(p);
        }
        for (name, bytes) in &me.theme.statics {
            me.files
                .insert(format!("static/{name}"), Arc::from(bytes.as_ref()));
        }
        me.relink(pages, &HashSet::new(), None);
        Ok(me)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn problems(&self) -> &Diagnostics {
        &self.problems
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    /// A file of the last good output; the print view is rendered here when it is out of date.
    pub fn file(&mut self, path: &str) -> Option<Arc<[u8]>> {
        if self.pending.contains_key(path) && self.problems.is_empty() {
            self.render_pending(&[path.to_string()]);
        }
        if is_search_index(path) && self.stale.contains(SEARCH_INDEX) && self.problems.is_empty() {
            self.files.retain(|p, _| !is_search_index(p));
            let index = crate::handbook::search::build_index(&self.site);
            for (p, body) in crate::handbook::search::index_files(&index) {
                self.files.insert(p, Arc::from(body.into_bytes()));
            }
            self.stale.remove(SEARCH_INDEX);
        }
        if path.starts_with(NAV_FILES) && self.problems.is_empty() {
            self.refresh_nav();
        }
        if let Some(&(target, lazy)) = LAZY.iter().find(|(_, p)| *p == path) {
            // Without a base_url there is no sitemap (see `targets::sitemap_base`).
            let wanted = target != Target::Sitemap
                || crate::handbook::targets::sitemap_base(&self.site).is_some();
            if wanted && self.stale.contains(lazy) && self.problems.is_empty() {
                if let Ok(bytes) = target.render(&self.site, &self.theme) {
                    self.files.insert(lazy.into(), Arc::from(bytes));
                    self.stale.remove(lazy);
                }
            }
        }
        self.files.get(path).cloned()
    }

    /// Makes the sidebar lists of large sections anew where they are out of date: all of
    /// them, or those of the sections an edit in place changed.
    fn refresh_nav(&mut self) {
        use crate::handbook::targets::{nav_files, nav_files_of};
        if self.stale.remove(NAV_FILES) {
            self.stale_nav.clear();
            self.files.retain(|p, _| !p.starts_with(NAV_FILES));
            for (p, body) in nav_files(&self.site) {
                self.files.insert(p, Arc::from(body.into_bytes()));
            }
        }
        for s in std::mem::take(&mut self.stale_nav) {
            let base = format!("{NAV_FILES}{}", self.site.page(s).url.trim_end_matches('/'));
            let (list, folder) = (format!("{base}.js"), format!("{base}/"));
            self.files
                .retain(|p, _| *p != list && !p.starts_with(&folder));
            for (p, body) in nav_files_of(&self.site, s) {
                self.files.insert(p, Arc::from(body.into_bytes()));
            }
        }
    }

    /// The whole last good output, print view included.
    pub fn all_files(&mut self) -> &Files {
        if self.problems.is_empty() {
            let pending: Vec<String> = self.pending.keys().cloned().collect();
            self.render_pending(&pending);
        }
        for (_, path) in LAZY {
            self.file(path);
        }
        self.file(SEARCH_INDEX);
        self.file(NAV_FILES);
        &self.files
    }

    /// Takes in changed paths (absolute; files or folders, existing or gone).
    pub fn update(&mut self, changed: &[PathBuf]) -> Update {
        let config_file = self.root.join(CONFIG_FILE);
        let themes = self.root.join("themes");
        if changed
            .iter()
            .any(|p| *p == config_file || p.starts_with(&themes) || *p == self.root)
        {
            return self.reload();
        }
        let content_dir = self.root.join(CONTENT_DIR);
        let books = content_dir.join(load::BOOKS_DIR);
        let changed: Vec<&PathBuf> = changed
            .iter()
            .filter(|p| p.starts_with(&content_dir) && !p.starts_with(&books))
            .collect();
        if changed.is_empty() {
            return Update {
                changed: Some(Vec::new()),
                problems: self.problems.clone(),
            };
        }

        let t = crate::timing::step("inc: scan");
        let (md, mentioned, folders) = self.markdown_under(&changed);
        drop(t);
        let t = crate::timing::step("inc: read");
        let scope = Scope::handbook(&self.root);
        let mut reloaded: Reloaded = md
            .par_iter()
            .map(|f| {
                // A file that is now a link is gone as a page: the link is a scan problem.
                let r = is_file_now(f).then(|| load::load_page(&scope, &self.root, f));
                (rel(&self.root, f), r)
            })
            .collect();
        // Problems of the listing (a link, say) are reported by the whole way only.
        drop(t);
        let t = crate::timing::step("inc: editions");
        let same_editions = self.cut_for_edition(&mut reloaded);
        drop(t);
        if !folders && !self.check_all && self.scan_problems.is_empty() && same_editions {
            if let Some(u) = self.try_in_place(&mut reloaded, &mentioned) {
                return u;
            }
        }

        let mut old = std::mem::replace(&mut self.site, empty_site(&self.root, &self.config));
        let before = Before::take(&mut old, std::mem::take(&mut self.link_sigs));
        let (handbook, rendered) = old.into_parts();
        let mut pages: Vec<(Page, Option<Rendered>)> = handbook
            .pages
            .into_iter()
            .zip(rendered.into_iter().map(Some))
            .collect();
        if self.implicit_front {
            pages.pop();
        }
        // Pages the edition leaves out are put back, to be sorted out again with the edit.
        pages.extend(self.held_back.drain(..).map(|p| (p, None)));
        pages.sort_by(|a, b| a.0.file.cmp(&b.0.file));
        self.merge_reloaded(&mut pages, reloaded);
        self.relink(pages, &mentioned, Some(before))
    }

    /// Every Markdown file at or under a changed path, known ones and ones there now; the names
    /// of the other changed files; and whether pages may have come or gone with a folder.
    fn markdown_under(&mut self, changed: &[&PathBuf]) -> (Vec<PathBuf>, HashSet<String>, bool) {
        let found = self.rescan(changed);
        let known = || -> Vec<PathBuf> {
            (self.site.handbook.pages.iter().map(|pg| &pg.file))
                .chain(self.held_back.iter().map(|pg| &pg.file))
                .chain(self.broken.keys())
                .map(|f| self.root.join(f))
                .collect()
        };
        let mut md: Vec<PathBuf> = Vec::new();
        let mut others: HashSet<String> = HashSet::new();
        let mut folders = false;
        for (p, found) in changed.iter().zip(found) {
            if p.extension().is_some_and(|x| x == "md") && !is_dir_now(p) {
                // A page the listing would not take (in a folder that looks like the books) is
                // not read; one that is gone or now a link is read as gone.
                if !ignored(p) && (found.contains(*p) || !is_file_now(p)) {
                    md.push(p.to_path_buf());
                }
                continue;
            }
            let before = md.len();
            md.extend(known().into_iter().filter(|f| f.starts_with(p)));
            md.extend(found);
            folders |= md.len() > before || is_dir_now(p);
            if let Some(name) = p.file_name() {
                others.insert(name.to_string_lossy().into_owned());
            }
        }
        md.sort();
        md.dedup();
        (md, others, folders)
    }

    /// Puts the files read again among the pages: changed pages in their place, new ones added,
    /// gone ones removed. A file that fails to load keeps its last good page until it is fixed:
    /// nothing is rendered while there are problems, and links to it need no new rendering
    /// meanwhile.
    fn merge_reloaded(&mut self, pages: &mut Vec<(Page, Option<Rendered>)>, reloaded: Reloaded) {
        // A changed page keeps its place, so the pages need no sorting after a plain edit.
        let mut added = false;
        for (file, r) in reloaded {
            self.broken.remove(&file);
            let at = find_page(pages, &file);
            match r {
                Some(Ok(mut p)) => {
                    self.rendered_info.remove(&file);
                    match at {
                        Some(i) => {
                            // Parents change only when pages come or go; then all are redone.
                            p.parent = pages[i].0.parent.take();
                            pages[i] = (p, None);
                        }
                        None => {
                            pages.push((p, None));
                            added = true;
                        }
                    }
                }
                Some(Err(d)) => {
                    self.broken.insert(file, d);
                }
                None => {
                    self.rendered_info.remove(&file);
                    if let Some(i) = at {
                        pages.remove(i);
                    }
                }
            }
        }
        if added {
            // The order `load::scan` gives: paths compared folder by folder.
            pages.sort_by(|a, b| a.0.file.cmp(&b.0.file));
        }
    }

    /// Lists again what may not be in content/ (links, above all) where it changed, and where a
    /// problem was before: a link made while the preview runs is reported like one found at the
    /// start, and its problem goes with it. Returns the Markdown files under each changed path.
    fn rescan(&mut self, changed: &[&PathBuf]) -> Vec<Vec<PathBuf>> {
        let earlier: Vec<PathBuf> = self
            .scan_problems
            .iter()
            .map(|d| self.root.join(&d.file))
            .collect();
        let mut found = Vec::with_capacity(changed.len());
        let paths = changed
            .iter()
            .map(|p| p.as_path())
            .chain(earlier.iter().map(PathBuf::as_path));
        for (i, p) in paths.enumerate() {
            let (files, problems) = load::scan_under(&self.root, p);
            let root = &self.root;
            self.scan_problems
                .retain(|d| !root.join(&d.file).starts_with(p));
            self.scan_problems.extend(problems);
            if i < changed.len() {
                found.push(files);
            }
        }
        self.scan_problems
            .sort_by(|a, b| (&a.file, &a.message).cmp(&(&b.file, &b.message)));
        self.scan_problems.dedup();
        found
    }

    /// Starts over from the files (settings or theme changed). On failure the old output stays.
    fn reload(&mut self) -> Update {
        match Incremental::load(&self.root) {
            Ok(fresh) => {
                *self = fresh;
                Update {
                    changed: None,
                    problems: self.problems.clone(),
                }
            }
            Err(e) => {
                self.problems = match e {
                    Error::Invalid(d) => d,
                    other => other.into_diagnostics(&self.root, Path::new(CONFIG_FILE)),
                };
                Update {
                    changed: Some(Vec::new()),
                    problems: self.problems.clone(),
                }
            }
        }
    }

    /// Assembles and links the pages, renders what lacks rendering, and renders changed outputs.
    /// `mentioned` are names of changed non-Markdown files: pages naming them are rendered again.
    fn relink(
        &mut self,
        pages: Vec<(Page, Option<Rendered>)>,
        mentioned: &HashSet<String>,
        mut before: Option<Before>,
    ) -> Update {
        let mut diags = Diagnostics::default();
        // Pages may come, go or move to another section: their sidebar keys are made anew,
        // and all sidebar lists of large sections.
        self.sidebar_keys = None;
        self.stale_nav.clear();
        self.stale.insert(NAV_FILES);
        let pages = self.hold_back(pages);
        let (handbook, mut rendered, reused) = self.assemble(pages, before.as_mut(), &mut diags);
        self.forget_moved(&handbook, &mut rendered, reused, mentioned);
        let touched = self.render_missing(&handbook, &mut rendered);
        let rendered: Vec<Rendered> = rendered
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        // Sort keys are costly to make; with the same pages only those read again are new.
        let sort_keys = before
            .as_mut()
            .filter(|b| b.same_pages(&handbook.pages))
            .map(|b| {
                let mut keys = std::mem::take(&mut b.sort_keys);
                for &i in &touched {
                    keys[i.index()] = resolve::sort_key(handbook.page(i));
                }
                keys
            });
        let (site, link_problems) = resolve::link_with(handbook, rendered, sort_keys);
        self.site = site;
        self.link_sigs = self.link_signatures(before.as_ref(), &touched);
        let after_edit = before.is_some();
        let affected = before
            .filter(|_| !self.check_all)
            .and_then(|b| affected::affected(&b, &self.site, &touched, &self.link_sigs));
        // Until outputs are rendered again, what changed since they were is not tracked.
        self.check_all = true;

        self.problems = self.all_problems(diags, link_problems);
        if !self.problems.is_empty() {
            return Update {
                changed: Some(Vec::new()),
                problems: self.problems.clone(),
            };
        }
        // A first load renders everything; after an edit the pages read again come first.
        let now = match after_edit {
            true => Now::Pages(touched),
            false => Now::All,
        };
        self.render_changed(affected, now)
    }

    /// Checks the editions a page read from its file names (with its boxes not yet cut), and
    /// keeps its problems until it is read again. Returns whether all exist.
    fn note_names(&mut self, p: &Page) -> bool {
        if self.whole_config.editions.is_empty()
            && !p.body.contains("[!")
            && p.meta.udgaver.is_empty()
        {
            return true;
        }
        let found = editions::check_names(&self.whole_config, std::slice::from_ref(p)).0;
        let fine = found.is_empty();
        match fine {
            true => self.edition_names.remove(&p.file),
            false => self.edition_names.insert(p.file.clone(), found),
        };
        fine
    }

    /// With editions: holds back the pages the previewed edition leaves out; the others lose
    /// the boxes it does not see.
    fn hold_back(&mut self, pages: Vec<(Page, Option<Rendered>)>) -> Vec<(Page, Option<Rendered>)> {
        let Some(e) = editions::previewed(&self.whole_config) else {
            return pages;
        };
        let mut renderings = HashMap::new();
        let mut all = Vec::with_capacity(pages.len());
        for (p, r) in pages {
            if let Some(r) = r {
                renderings.insert(p.file.clone(), r);
            }
            all.push(p);
        }
        let (kept, out) = editions::partition(all, Audience::Edition(&e.navn));
        self.held_back = out;
        // A page that comes or goes is like one made or deleted: `forget_moved` renders again
        // the pages that name it.
        kept.into_iter()
            .map(|p| {
                let r = renderings.remove(&p.file);
                (p, r)
            })
            .collect()
    }

    /// With editions: cuts the boxes the previewed edition does not see out of the pages read
    /// again. Returns whether each stays as it was in or out of the edition, with names that
    /// exist; if not, the edit is worked out the whole way (see [`Incremental::hold_back`]).
    fn cut_for_edition(&mut self, reloaded: &mut Reloaded) -> bool {
        let previewed = editions::previewed(&self.whole_config).cloned();
        let mut same = true;
        for (file, r) in reloaded.iter_mut() {
            let Some(Ok(p)) = r else {
                self.edition_names.remove(file);
                continue;
            };
            // Found by its key, not by a walk over every page.
            let handbook = &self.site.handbook;
            let before =
                (handbook.id_of(&p.key).map(|i| handbook.page(i))).filter(|q| &q.file == file);
            let moved = before.is_none_or(|q| q.meta.udgaver != p.meta.udgaver);
            if !self.note_names(p) || (moved && previewed.is_some()) {
                same = false;
            }
            let Some(e) = &previewed else { continue };
            if let Some(body) = editions::cut_boxes(&p.body, Audience::Edition(&e.navn)) {
                p.body = body;
            }
        }
        same
    }

    /// The handbook of the pages that are no drafts, with a made-up front page when there is
    /// none, and their renderings where kept. Reuses the old key index when it can (the `bool`).
    fn assemble(
        &mut self,
        pages: Vec<(Page, Option<Rendered>)>,
        before: Option<&mut Before>,
        diags: &mut Diagnostics,
    ) -> (load::Handbook, Vec<Option<Rendered>>, bool) {
        let (pages, mut rendered): (Vec<Page>, Vec<Option<Rendered>>) =
            pages.into_iter().filter(|(p, _)| !p.meta.draft).unzip();
        self.implicit_front = !pages.iter().any(|p| p.key == "_index.md");
        let failed = self.failed_keys(&pages);
        let by_key = self.reusable_index(&pages, &rendered, before);
        let reused = by_key.is_some();
        let handbook = match by_key {
            Some(by_key) => load::Handbook {
                root: self.root.clone(),
                config: self.config.clone(),
                pages,
                by_key,
                failed_keys: failed,
                left_out: Default::default(),
            },
            None => load::assemble(&self.root, self.config.clone(), pages, failed, diags),
        };
        let mut handbook = handbook;
        if let Some(e) = editions::previewed(&self.whole_config) {
            handbook.left_out = editions::left_out(Audience::Edition(&e.navn), &self.held_back);
        }
        if self.implicit_front {
            rendered.push(None);
        }
        (handbook, rendered, reused)
    }

    /// Takes the new address map, and drops the renderings of pages whose links may point at a
    /// page that came, went or moved, or that name a changed file.
    fn forget_moved(
        &mut self,
        handbook: &load::Handbook,
        rendered: &mut [Option<Rendered>],
        reused: bool,
        mentioned: &HashSet<String>,
    ) {
        let urls = match reused {
            true => std::mem::take(&mut self.urls),
            false => resolve::url_map(handbook),
        };
        let moved: Vec<&str> = match reused {
            true => Vec::new(),
            false => url_changes(&self.urls, &urls),
        };
        // Only renderings kept from before can be out of date. On the first load there are none,
        // and every address counts as moved: looking for each in every page would take time
        // growing with the square of the handbook (minutes at 10,000 pages).
        for (p, r) in handbook.pages.iter().zip(rendered.iter_mut()) {
            if r.is_none() {
                continue;
            }
            let names_moved = moved.iter().any(|k| p.body.contains(file_name(k)));
            let names_changed = names_any(p, mentioned);
            // Links may be percent-encoded, so such pages cannot be ruled out by name.
            if names_moved || names_changed || (!moved.is_empty() && p.body.contains('%')) {
                *r = None;
            }
        }
        self.urls = urls;
    }

    /// Renders the Markdown of the pages that have no rendering; returns them.
    fn render_missing(
        &mut self,
        handbook: &load::Handbook,
        rendered: &mut [Option<Rendered>],
    ) -> Vec<PageId> {
        let files = Scope::handbook(&self.root);
        let urls = &self.urls;
        let fresh: Vec<(PageId, Rendered, Vec<Diagnostic>)> = rendered
            .par_iter()
            .enumerate()
            .filter(|(_, r)| r.is_none())
            .map(|(i, _)| {
                let i = PageId::new(i);
                let (r, d) = resolve::render_markdown(handbook, &files, urls, i);
                (i, r, d)
            })
            .collect();
        let touched: Vec<PageId> = fresh.iter().map(|(i, _, _)| *i).collect();
        for (i, r, d) in fresh {
            let hash = hash_of(&r.html);
            self.rendered_info
                .insert(handbook.page(i).file.clone(), (d, hash));
            rendered[i.index()] = Some(r);
        }
        touched
    }

    /// Every page's link signature. What others show of a page comes from its own file only, so
    /// with the same pages only the pages read again can have new ones.
    fn link_signatures(&self, before: Option<&Before>, touched: &[PageId]) -> PerPage<u64> {
        let site = &self.site;
        match before {
            Some(b) if b.same_pages(&site.handbook.pages) => {
                let mut sigs = b.link_sigs.clone();
                for &i in touched {
                    sigs[i] = signature::link_signature(site, i);
                }
                sigs
            }
            _ => PerPage::from_vec(
                (0..site.handbook.pages.len())
                    .into_par_iter()
                    .map(|i| signature::link_signature(site, PageId::new(i)))
                    .collect(),
            ),
        }
    }

    /// The project's problems after linking, `diags` among them. Like a full build, all problems
    /// are reported together; links to files that do not load are not reported again (see
    /// `failed_keys`).
    fn all_problems(&self, mut diags: Diagnostics, link_problems: Diagnostics) -> Diagnostics {
        diags.extend(self.scan_problems.iter().cloned());
        for d in self.broken.values().chain(self.edition_names.values()) {
            diags.extend(d.iter().cloned());
        }
        // Entries are dropped with their pages, so these are the current pages' problems.
        for (d, _) in self.rendered_info.values() {
            diags.extend(d.iter().cloned());
        }
        diags.extend(link_problems.0);
        diags.extend(crate::handbook::check(&self.site, &self.theme).0);
        diags.sorted()
    }

    /// The old key index, when the pages are the same as before at the same addresses, so
    /// assembling them again (parents, index, address clashes) would give the same.
    fn reusable_index(
        &self,
        pages: &[Page],
        rendered: &[Option<Rendered>],
        before: Option<&mut Before>,
    ) -> Option<HashMap<String, usize>> {
        let before = before?;
        let same = !self.check_all
            && !self.implicit_front
            && before.same_pages(pages)
            && (pages.iter().zip(rendered))
                .all(|(p, r)| r.is_some() || self.urls.get(&p.key) == Some(&p.url));
        same.then(|| std::mem::take(&mut before.by_key))
    }

    /// Content keys of files that exist but do not load and have no last good page, so links
    /// to them are not reported on top of their own problem.
    fn failed_keys(&self, pages: &[Page]) -> HashSet<String> {
        if self.broken.is_empty() {
            return HashSet::new();
        }
        let present: HashSet<&Path> = pages.iter().map(|p| p.file.as_path()).collect();
        self.broken
            .keys()
            .filter(|f| !present.contains(f.as_path()))
            .map(|f| {
                let inside = f.strip_prefix(CONTENT_DIR).unwrap_or(f);
                let parts: Vec<String> = inside
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                parts.join("/")
            })
            .collect()
    }
}

fn rel(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).unwrap_or(p).to_path_buf()
}

/// Where the page of `file` is: pages are kept sorted by file, so usually found by halving.
fn find_page(pages: &[(Page, Option<Rendered>)], file: &Path) -> Option<usize> {
    pages
        .binary_search_by(|(p, _)| p.file.as_path().cmp(file))
        .ok()
        .or_else(|| pages.iter().position(|(p, _)| p.file == file))
}

/// Whether the page's Markdown names one of the changed files (an image it shows, a download).
fn names_any(page: &Page, names: &HashSet<String>) -> bool {
    names.iter().any(|n| page.body.contains(n.as_str()))
}

fn file_name(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or(key)
}

/// A site with no pages, standing in while the real one is taken apart.
fn empty_site(root: &Path, config: &Config) -> Site {
    let mut diags = Diagnostics::default();
    let handbook = load::assemble(root, config.clone(), Vec::new(), HashSet::new(), &mut diags);
    resolve::link(handbook, vec![Rendered::default()]).0
}

/// Keys that were added, removed or got another address.
fn url_changes<'a>(
    old: &'a HashMap<String, String>,
    new: &'a HashMap<String, String>,
) -> Vec<&'a str> {
    let mut out: Vec<&str> = new
        .iter()
        .filter(|(k, u)| old.get(*k) != Some(u))
        .map(|(k, _)| k.as_str())
        .collect();
    out.extend(
        old.keys()
            .filter(|k| !new.contains_key(*k))
            .map(String::as_str),
    );
    out
}

/// Whether `p` is a folder (not a link to one) now.
fn is_dir_now(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir())
}

/// Whether `p` is a file (not a link to one) now.
fn is_file_now(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file())
}

fn ignored(p: &Path) -> bool {
    p.components()
        .any(|c| load::is_ignored_name(&c.as_os_str().to_string_lossy()))
}
