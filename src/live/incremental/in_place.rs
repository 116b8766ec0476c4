//! The quick way through an update: when every page stays at its address, the edited pages are
//! put in place in the linked site ([`Site::replace_pages`]) instead of linking all pages anew,
//! and what they change tells which outputs to look at.
//!
//! [`Site::replace_pages`]: crate::handbook::resolve::Site::replace_pages

use super::affected;
use super::render::Now;
use super::{names_any, Incremental, Reloaded, Update};
use crate::error::Diagnostics;
use crate::handbook::load::Page;
use crate::handbook::resolve::{self, PageId, Replacement};
use crate::handbook::signature::{hash_of, link_signature};
use rayon::prelude::*;
use std::collections::HashSet;

impl Incremental {
    /// Handles an update in place when it can: every Markdown file read again is a page that
    /// loads, is no draft and keeps its address. Pages naming a changed other file (an image)
    /// are rendered again as they are. `None`, with `reloaded` untouched, when the whole way is
    /// needed. Only called when the last update left no problems.
    pub(super) fn try_in_place(
        &mut self,
        reloaded: &mut Reloaded,
        mentioned: &HashSet<String>,
    ) -> Option<Update> {
        let _whole = crate::timing::step("inc: in place");
        let pages = self.pages_in_place(reloaded, mentioned)?;
        let mut problems = Diagnostics::default();
        let t = crate::timing::step("inc: markdown");
        let replacements = self.render_replacements(pages, &mut problems);
        let touched: Vec<PageId> = replacements.iter().map(|r| r.index).collect();
        drop(t);
        let t = crate::timing::step("inc: replace_pages");
        let relinked = self.site.replace_pages(replacements);
        drop(t);
        let t = crate::timing::step("inc: check");
        for &i in &touched {
            self.link_sigs[i] = link_signature(&self.site, i);
            crate::handbook::check_template(&self.site, &self.theme, i, &mut problems);
        }
        drop(t);
        problems.extend(relinked.problems.0.iter().cloned());
        if !problems.is_empty() {
            // The site holds the edit; the output stays the last good one until it is fixed,
            // and the next update works everything out whole.
            self.problems = problems.sorted();
            self.check_all = true;
            return Some(Update {
                changed: Some(Vec::new()),
                problems: self.problems.clone(),
            });
        }
        self.problems = Diagnostics::default();
        let t = crate::timing::step("inc: from_relinked");
        let affected = affected::from_relinked(&self.site, &relinked, &touched);
        drop(t);
        Some(self.render_changed(affected, Now::Pages(touched)))
    }

    /// The pages to replace, by id, when every file read again is a page that loads, is no
    /// draft and keeps its address (taken out of `reloaded`), with the pages naming a changed
    /// other file. `None`, with `reloaded` untouched, otherwise.
    fn pages_in_place(
        &self,
        reloaded: &mut Reloaded,
        mentioned: &HashSet<String>,
    ) -> Option<Vec<(PageId, Page)>> {
        let handbook = &self.site.handbook;
        let front_made_up = (self.implicit_front).then(|| PageId::new(handbook.pages.len() - 1));
        let mut places = Vec::with_capacity(reloaded.len());
        for (file, r) in reloaded.iter() {
            let Some(Ok(page)) = r else { return None };
            let i = handbook.id_of(&page.key)?;
            let old = handbook.page(i);
            if old.file != *file
                || old.url != page.url
                || page.meta.draft
                || front_made_up == Some(i)
            {
                return None;
            }
            places.push((i, file.clone()));
        }
        let mut pages: Vec<_> = places
            .into_iter()
            .filter_map(|(i, file)| match reloaded.remove(&file) {
                Some(Some(Ok(page))) => Some((i, page)),
                _ => None,
            })
            .collect();
        if !mentioned.is_empty() {
            let read: HashSet<PageId> = pages.iter().map(|(i, _)| *i).collect();
            let naming = handbook
                .pages
                .par_iter()
                .enumerate()
                .map(|(i, p)| (PageId::new(i), p))
                .filter(|(i, p)| !read.contains(i) && names_any(p, mentioned))
                .map(|(i, p)| (i, p.clone()))
                .collect::<Vec<_>>();
            pages.extend(naming);
        }
        pages.sort_by_key(|(i, _)| *i);

        Some(pages)
    }

    /// Renders the Markdown of the pages to replace; their problems go into `problems`.
    fn render_replacements(
        &mut self,
        pages: Vec<(PageId, Page)>,
        problems: &mut Diagnostics,
    ) -> Vec<Replacement> {
        let root = &self.root;
        let urls = &self.urls;
        let files = crate::project::files::Scope::handbook(root);
        let lang = self.site.handbook.config.sprog;
        let left_out = &self.site.handbook.left_out;
        let rendered: Vec<_> = pages
            .into_par_iter()
            .map(|(i, page)| {
                let (r, d) = resolve::render_page(root, &files, &page, urls, lang, left_out);
                (i, page, r, d)
            })
            .collect();
        let mut replacements = Vec::with_capacity(rendered.len());
        for (index, page, rendered, d) in rendered {
            problems.extend(d.iter().cloned());
            self.rendered_info
                .insert(page.file.clone(), (d, hash_of(&rendered.html)));
            replacements.push(Replacement {
                index,
                page,
                rendered,
            });
        }
        replacements
    }
}
