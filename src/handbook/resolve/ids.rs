//! Typed indexes. Pages, taxonomies and terms are all numbered from zero; giving each its own
//! type means a term number can never be used to look up a page.

use crate::handbook::load::{Handbook, Page};
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(usize);

        impl $name {
            pub fn new(index: usize) -> Self {
                Self(index)
            }

            pub fn index(self) -> usize {
                self.0
            }
        }
    };
}

id!(
    /// A page of the handbook: its place in [`Handbook::pages`].
    PageId
);
id!(
    /// A taxonomy: its place in the site's taxonomies (the order of `bogbinder.toml`).
    TaxonomyId
);
id!(
    /// A term: its place among its taxonomy's terms (Danish alphabetical order).
    TermId
);

/// One value per page, indexed by [`PageId`].
#[derive(Debug, Clone, PartialEq)]
pub struct PerPage<T>(Vec<T>, PhantomData<PageId>);

impl<T> Default for PerPage<T> {
    fn default() -> Self {
        PerPage(Vec::new(), PhantomData)
    }
}

impl<T> PerPage<T> {
    pub fn from_vec(v: Vec<T>) -> Self {
        PerPage(v, PhantomData)
    }

    /// `value` for each of `n` pages.
    pub fn filled(n: usize, value: T) -> Self
    where
        T: Clone,
    {
        PerPage(vec![value; n], PhantomData)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, id: PageId) -> Option<&T> {
        self.0.get(id.0)
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.0.iter_mut()
    }

    /// Each page's id with its value.
    pub fn enumerate(&self) -> impl Iterator<Item = (PageId, &T)> {
        self.0.iter().enumerate().map(|(i, v)| (PageId(i), v))
    }

    pub fn into_vec(self) -> Vec<T> {
        self.0
    }
}

impl<T> FromIterator<T> for PerPage<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        PerPage(iter.into_iter().collect(), PhantomData)
    }
}

impl<T> Index<PageId> for PerPage<T> {
    type Output = T;
    fn index(&self, id: PageId) -> &T {
        &self.0[id.0]
    }
}

impl<T> IndexMut<PageId> for PerPage<T> {
    fn index_mut(&mut self, id: PageId) -> &mut T {
        &mut self.0[id.0]
    }
}

/// Pages by id. The loader numbers pages by place; these keep the numbers typed from here on.
impl Handbook {
    pub fn page(&self, id: PageId) -> &Page {
        &self.pages[id.0]
    }

    /// The page with this content key (`metoder/x.md`).
    pub fn id_of(&self, key: &str) -> Option<PageId> {
        self.by_key.get(key).copied().map(PageId)
    }

    /// The section a page belongs to (`None` for the front page).
    pub fn parent_of(&self, id: PageId) -> Option<PageId> {
        self.page(id).parent.as_deref().and_then(|k| self.id_of(k))
    }

    /// Every page's id, in file order.
    pub fn ids(&self) -> impl Iterator<Item = PageId> + Clone {
        (0..self.pages.len()).map(PageId)
    }

    pub fn front_id(&self) -> PageId {
        PageId(self.by_key["_index.md"])
    }
}
