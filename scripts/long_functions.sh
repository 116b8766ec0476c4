#!/usr/bin/env bash
# Lists functions longer than a limit (default 80 lines), longest first, from the `fn` line to
# its closing brace (found by indentation, as rustfmt writes it). Issue 10: a function over about
# 80 lines needs a comment saying why it must be long.
#
#   scripts/long_functions.sh [LIMIT] [FILES...]     (files default to src/**/*.rs)
set -euo pipefail
limit=${1:-80}
shift || true
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
    set -- $(find src -name '*.rs' | sort)
fi
awk -v limit="$limit" '
    FNR == 1 { open = 0 }
    !open && match($0, /^ *((pub(\([a-z:]+\))? )?(const )?(async )?(unsafe )?fn [A-Za-z_][A-Za-z0-9_]*)/) {
        indent = match($0, /[^ ]/) - 1
        name = $0
        sub(/^ *((pub(\([a-z:]+\))? )?(const )?(async )?(unsafe )?fn )/, "", name)
        sub(/[^A-Za-z0-9_].*/, "", name)
        start = FNR
        open = 1
        pad = sprintf("%" indent "s", "")
        next
    }
    open && $0 ~ ("^" pad "}") {
        n = FNR - start + 1
        if (n > limit) printf "%5d  %s:%d  %s\n", n, FILENAME, start, name
        open = 0
        next
    }
    open && $0 ~ ("^" pad "[^ }]") && $0 ~ /;$/ && FNR == start + 0 { open = 0 }
' "$@" | sort -rn
