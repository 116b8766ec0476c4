//! Photos and other files that are copied, not rendered: photos are decoded and written anew
//! without metadata; other files are judged by their bytes before they are published.

pub mod asset_screen;
pub mod images;
pub mod nearest;

/// The photo formats bogbinder decodes and writes anew (the others are refused or copied as is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoKind {
    Jpeg,
    Png,
    Webp,
}
