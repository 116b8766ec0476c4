#!/usr/bin/env bash
# Handbook build benchmark on synthetic projects (benches/gen_corpus.py), against the peers.
# usage: benches/bench.sh [N ...]     (default: 1000 10000; try 1000 10000 100000)
#        BOGBINDER_BIN=old/bogbinder benches/bench.sh 10000
#        ROUNDS=5 benches/bench.sh     (paired rounds per size; default 3, 1 from 100,000 pages)
# Per size and round, in turn (paired, so a busy machine slows all alike): bogbinder's first build
# into a new, empty folder, then `hugo` and `zola` where they are installed (Debian: hugo; cargo:
# zola) on the same pages, taxonomies and references with minimal templates (benches/peers.py),
# each into a new folder too; then bogbinder's rebuild over its previous edition (a third build:
# the second keeps the first beside the output as `.output.forrige`), and a rebuild after one
# page was edited. Prints the best wall time of the rounds, peak memory (max RSS), system time,
# files written per page, and bogbinder's time over each peer's; then what a reader downloads
# from the build (benches/reader.sh: the largest page with all it loads, and a first search),
# counted in headless Chromium. The BOGBINDER_TIDER=1 step times of the last first build follow.
# Needs /usr/bin/time (Debian: time).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# BOGBINDER_BIN=/path/to/an/older/bogbinder compares a build before a change with one after.
bin="${BOGBINDER_BIN:-$here/target/release/bogbinder}"
[ -n "${BOGBINDER_BIN:-}" ] || cargo build --release --quiet --manifest-path "$here/Cargo.toml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
peers=()
for p in hugo zola; do command -v "$p" > /dev/null && peers+=("$p"); done
echo "peers: ${peers[*]:-none installed}; load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"

# run NAME DIR CMD...: one timed run; keeps the best wall time, the highest RSS, the system time of
# the best run, and the wall times of every round (for the paired ratios).
declare -A best rss sys walls
run() {
  local name=$1 dir=$2
  shift 2
  (cd "$dir" && /usr/bin/time -f '%e %M %S' -o "$work/time" "$@" > /dev/null 2> "$work/stderr") ||
    { cat "$work/stderr" >&2; echo "$name failed" >&2; exit 1; }
  local wall kb s
  read -r wall kb s < "$work/time"
  walls[$name]="${walls[$name]:-} $wall"
  if [ -z "${best[$name]:-}" ] || awk "BEGIN{exit !($wall < ${best[$name]})}"; then
    best[$name]=$wall
    sys[$name]=$s
  fi
  [ "$kb" -gt "${rss[$name]:-0}" ] && rss[$name]=$kb
  return 0
}

# median of the per-round ratios a/b
paired() {
  paste <(tr ' ' '\n' <<< "${walls[$1]# }") <(tr ' ' '\n' <<< "${walls[$2]# }") |
    awk '{print $1 / $2}' | sort -g | awk '{a[NR] = $1} END {printf "%.2f", a[int((NR + 1) / 2)]}'
}

printf '\n%-8s %-26s %-9s %-10s %-9s %-12s\n' pages build "wall (s)" "RSS (MiB)" "sys (s)" "files/page"
for n in "${sizes[@]}"; do
  best=() rss=() sys=() walls=()
  dir="$work/corpus-$n"
  python3 "$here/benches/gen_corpus.py" "$dir" "$n"
  for p in "${peers[@]}"; do python3 "$here/benches/peers.py" "$p" "$dir" "$work/$p-$n"; done
  rounds=${ROUNDS:-$([ "$n" -ge 100000 ] && echo 1 || echo 3)}
  for r in $(seq "$rounds"); do
    # Every round writes into new folders and nothing is deleted until the end: ext4 without a
    # journal (as on many virtual machines) scans past every inode freed in the last minute or
    # more on each file it creates, so right after deleting a large output whichever program
    # writes next pays seconds of system time for it. A first build is into an empty folder,
    # not one emptied a moment ago.
    out="$work/out-$n-$r"
    mkdir -p "$out"
    run first "$dir" "$bin" build -o "$out/bogbinder"
    for p in "${peers[@]}"; do
      case $p in
        hugo) run hugo "$work/$p-$n" hugo --quiet -d "$out/hugo" ;;
        zola) run zola "$work/$p-$n" zola build -o "$out/zola" ;;
      esac
    done
    # The second build keeps the first as the previous edition, which the third reuses.
    (cd "$dir" && "$bin" build -o "$out/bogbinder" > /dev/null)
    run rebuild "$dir" "$bin" build -o "$out/bogbinder"
    # One page edited, as a writer does between two builds.
    page=$(find "$dir/content/metoder" -name '*.md' ! -name '_index.md' | sort | awk 'NR == 1')
    printf '\nEt afsnit mere i runde %s.\n' "$r" >> "$page"
    run edit "$dir" "$bin" build -o "$out/bogbinder"
  done
  final="$work/out-$n-$rounds"
  files=$(find "$final/bogbinder" -type f | wc -l)
  row() {
    printf '%-8s %-26s %-9s %-10s %-9s %s\n' "$n" "$1" "${best[$2]}" "$((rss[$2] / 1024))" "${sys[$2]}" "${3:-}"
  }
  row "bogbinder, empty folder" first "$(awk "BEGIN{printf \"%.2f (%d files)\", $files / $n, $files}")"
  row "bogbinder, rebuild" rebuild
  row "bogbinder, one page edited" edit
  for p in "${peers[@]}"; do
    pf=$(find "$final/$p" -type f | wc -l)
    row "$p (minimal templates)" "$p" "$(awk "BEGIN{printf \"%.2f (%d files)\", $pf / $n, $pf}")"
    echo "         bogbinder / $p, median of $rounds paired rounds: empty folder $(paired first "$p"), rebuild $(paired rebuild "$p"), one page edited $(paired edit "$p")"
    echo "         each round (s): empty folder${walls[first]}; rebuild${walls[rebuild]}; one page edited${walls[edit]}; $p${walls[$p]}"
  done
  size=$(du -sm "$final/bogbinder" | cut -f1)
  largest=$(find "$final/bogbinder" -name index.html -path '*/metoder/*' -printf '%s\n' | sort -n | tail -1)
  echo "         output $size MiB; largest method page $largest bytes; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  bash "$here/benches/reader.sh" "$final/bogbinder"
  (cd "$dir" && BOGBINDER_TIDER=1 "$bin" build -o "$out/steps" 2>&1 >/dev/null | grep '^tid' | sed 's/^/         /')
done
