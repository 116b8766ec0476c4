//! What lies between pages once they are resolved: sections and their members, backlinks, terms
//! and the reading order, each kept per page and looked up by [`PageId`].

use super::ids::{PageId, PerPage, TaxonomyId, TermId};

/// The relations between the pages of a site.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Links {
    /// Ordered pages (not sections) of each section; empty for pages.
    pub(super) children: PerPage<Vec<PageId>>,
    /// Ordered subsections of each section.
    pub(super) subsections: PerPage<Vec<PageId>>,
    /// Pages that point at each page, by front matter or by a link in the text, in reading order.
    pub(super) backlinks: PerPage<Vec<PageId>>,
    /// The terms each page is tagged with.
    pub(super) terms: PerPage<Vec<(TaxonomyId, TermId)>>,
    /// Every page once, front page first, each section followed by its pages and subsections.
    pub(super) reading_order: Vec<PageId>,
    /// Each page's place in `reading_order`.
    pub(super) position: PerPage<usize>,
}

impl Links {
    /// The pages (not sections) of a section, in order.
    pub fn children(&self, id: PageId) -> &[PageId] {
        &self.children[id]
    }

    /// The subsections of a section, in order.
    pub fn subsections(&self, id: PageId) -> &[PageId] {
        &self.subsections[id]
    }

    /// What a section lists: its pages, then its subsections.
    pub fn members(&self, id: PageId) -> impl Iterator<Item = PageId> + '_ {
        self.children[id]
            .iter()
            .chain(&self.subsections[id])
            .copied()
    }

    /// The pages pointing at a page, in reading order.
    pub fn backlinks(&self, id: PageId) -> &[PageId] {
        &self.backlinks[id]
    }

    /// The (taxonomy, term) pairs a page is tagged with.
    pub fn terms(&self, id: PageId) -> &[(TaxonomyId, TermId)] {
        &self.terms[id]
    }

    pub fn reading_order(&self) -> &[PageId] {
        &self.reading_order
    }

    /// The page's place in the reading order.
    pub fn position(&self, id: PageId) -> usize {
        self.position[id]
    }

    /// The pages before and after a page in the reading order.
    pub fn neighbours(&self, id: PageId) -> (Option<PageId>, Option<PageId>) {
        let pos = self.position[id];
        let at = |q: Option<usize>| q.and_then(|q| self.reading_order.get(q).copied());
        (at(pos.checked_sub(1)), at(pos.checked_add(1)))
    }
}

/// Every page once, front page first, each section followed by its pages and subsections; and
/// each page's place in that order.
pub(super) fn reading_order(
    front: PageId,
    children: &PerPage<Vec<PageId>>,
    subsections: &PerPage<Vec<PageId>>,
) -> (Vec<PageId>, PerPage<usize>) {
    let n = children.len();
    let mut order = Vec::with_capacity(n);
    let mut stack = vec![front];
    while let Some(s) = stack.pop() {
        order.push(s);
        order.extend(&children[s]);
        stack.extend(subsections[s].iter().rev());
    }
    let mut position = PerPage::filled(n, usize::MAX);
    for (pos, &i) in order.iter().enumerate() {
        position[i] = pos;
    }
    (order, position)
}
