//! Photos and other files that are copied, not rendered: photos are decoded and written anew
//! without metadata; other files are judged by their bytes before they are published.

pub mod asset_screen;
pub mod images;
