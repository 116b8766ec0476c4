//! Phase timings for benchmarks: with `BOGBINDER_TIDER=1` in the environment, each timed step of
//! a build prints its wall time to stderr when it ends. Off, a step costs one cached lookup.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("BOGBINDER_TIDER").is_some_and(|v| v != "0"))
}

/// A step being timed; prints `tid <name>: <ms> ms` when dropped.
pub struct Step {
    name: &'static str,
    start: Instant,
}

/// Starts timing the step `name`, when timings are asked for.
pub fn step(name: &'static str) -> Option<Step> {
    enabled().then(|| Step {
        name,
        start: Instant::now(),
    })
}

impl Drop for Step {
    fn drop(&mut self) {
        let ms = self.start.elapsed().as_secs_f64() * 1000.0;
        eprintln!("tid {}: {ms:.0} ms", self.name);
    }
}
