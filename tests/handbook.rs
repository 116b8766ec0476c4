mod common;
use common::*;

#[test]
fn demo_builds_without_warnings() {
    let p = demo_project();
    let run = p.build();
    run.assert_ok();
    assert!(run.stderr().trim().is_empty(), "warnings: {}", run.stderr());
    assert!(p.exists("output/metoder/barnets-stemme/index.html"));
}
