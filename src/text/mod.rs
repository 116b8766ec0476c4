//! Text helpers every part shares: the user's language, the CPR guard, word stems for search,
//! and TOML errors in words a user understands.

pub mod i18n;
pub mod places;
pub mod privacy;
pub mod stemming;
pub mod toml_message;
