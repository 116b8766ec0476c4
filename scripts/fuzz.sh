#!/usr/bin/env bash
# Deep fuzzing with libFuzzer (cargo-fuzz): runs every target in fuzz/ for SECONDS each
# (default 1200), all at once, and prints each target's executions, coverage and crashes.
#   scripts/fuzz.sh [SECONDS] [TARGET ...]     targets: project, markdown, forms (default: all)
# Needs `cargo install cargo-fuzz`; uses a nightly toolchain if rustup has one, otherwise the
# stable one with RUSTC_BOOTSTRAP=1. Crashes land in fuzz/artifacts/<target>/; reproduce one with
#   cargo fuzz run <target> fuzz/artifacts/<target>/<file>
# The same generator and properties run inside `cargo test` (tests/fuzz_projects.rs), bounded.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-1200}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(project markdown forms)

toolchain=()
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=(+nightly)
else
  export RUSTC_BOOTSTRAP=1
fi
command -v cargo-fuzz >/dev/null || { echo "cargo-fuzz mangler: cargo install cargo-fuzz" >&2; exit 1; }

# No sanitizer: bogbinder is safe Rust; the properties (panics, leaks of a child's text,
# typst injection) are checked by the targets themselves, and uninstrumented memory runs faster.
for t in "${targets[@]}"; do
  cargo "${toolchain[@]}" fuzz build -s none "$t" > /dev/null
done

pids=()
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  cargo "${toolchain[@]}" fuzz run -s none "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=60 -print_final_stats=1 \
    > "fuzz/artifacts/$t.log" 2>&1 &
  pids+=($!)
done
status=0
for i in "${!targets[@]}"; do
  t=${targets[$i]}
  if ! wait "${pids[$i]}"; then status=1; fi
  echo "== $t ($seconds s)"
  grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec|^stat::peak_rss_mb' "fuzz/artifacts/$t.log" || true
  grep -E '#[0-9]+ +(DONE|pulse|NEW).*cov:' "fuzz/artifacts/$t.log" | tail -1 || true
  ls "fuzz/artifacts/$t" | sed 's/^/crash: /' || true
done
exit $status
