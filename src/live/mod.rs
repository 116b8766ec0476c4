//! The live preview: `serve` watches the project and rebuilds only what an edit changes
//! (`incremental`), and the result is byte for byte what a full build writes.

pub mod desk;
pub mod incremental;
pub mod serve;
