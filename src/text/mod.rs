//! Text helpers every part shares: the content dialect, the user's language, the CPR guard, word
//! stems for search, and TOML errors in words a user understands.

pub mod dialect;
pub mod i18n;
pub mod places;
pub mod privacy;
pub mod stemming;
pub mod toml_message;
