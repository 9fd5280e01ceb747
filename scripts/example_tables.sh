#!/bin/sh
# scripts/example_tables.sh: keeps the answer tables in examples/*/README.md
# equal to what samflyt prints. Used by the examples_* tests (tests/examples.cmake)
# and by `make examples`, which rewrites the tables after a model changes.
#
#   scripts/example_tables.sh SAMFLYT [--update] README.md...
#
# A README holds each table between two markers; the opening marker carries
# the samflyt arguments, run from the README's folder:
#
#   <!-- samflyt:table run model.yaml -->
#   ```text
#   (exactly what `samflyt run model.yaml` prints)
#   ```
#   <!-- /samflyt:table -->
#
# A long output may be cut to the lines a reader needs, as a shell would:
#
#   <!-- samflyt:table compare model.yaml | grep -E '^scenario|gp-office' -->
#
# (only `| grep -E 'REGEX'` or `| grep -vE 'REGEX'`, with the regex in
# single quotes, is allowed).
# The script runs each command (`run` and `compare` with `--out` pointing
# at a scratch folder), drops the "wrote ..." lines (they name that folder),
# applies the grep, drops blank lines at either end, and compares with the
# README. Without --update it exits 1 and prints a diff when a table differs
# (so a README cannot silently go stale); with --update it rewrites the
# tables in place. Exit 2: usage or a command that failed.
set -eu

usage() {
    echo "usage: scripts/example_tables.sh SAMFLYT [--update] README.md..." >&2
    exit 2
}
[ $# -ge 2 ] || usage
samflyt=$1
shift
case $samflyt in /*) ;; *) samflyt=$(pwd)/$samflyt ;; esac
[ -x "$samflyt" ] || {
    echo "example_tables.sh: $samflyt is not an executable samflyt" >&2
    exit 2
}
update=0
if [ "$1" = --update ]; then
    update=1
    shift
fi
[ $# -ge 1 ] || usage

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

for readme in "$@"; do
    [ -f "$readme" ] || {
        echo "example_tables.sh: no file $readme" >&2
        exit 2
    }
    dir=$(cd "$(dirname "$readme")" && pwd)
    rm -f "$tmp"/args.* "$tmp"/table.*
    # Split: the README with each table's body replaced by a placeholder
    # line, and each table's arguments in args.N. A malformed block (no
    # fence, no closing marker) is an error, not a table that is skipped.
    if ! awk -v tmp="$tmp" '
        function fail(msg) { printf "%s:%d: %s\n", FILENAME, NR, msg > "/dev/stderr"; bad = 1; exit 1 }
        state == 0 && /^<!-- samflyt:table .* -->$/ {
            n++
            args = $0
            sub(/^<!-- samflyt:table /, "", args)
            sub(/ -->$/, "", args)
            print args > (tmp "/args." n)
            close(tmp "/args." n)
            print
            state = 1
            next
        }
        state == 1 {
            if ($0 !~ /^```/) fail("expected a ``` fence after the samflyt:table marker")
            print
            printf "@@SAMFLYT_TABLE %d@@\n", n
            state = 2
            next
        }
        state == 2 { if ($0 ~ /^```$/) { print; state = 3 }; next }
        state == 3 {
            if ($0 != "<!-- /samflyt:table -->") fail("expected <!-- /samflyt:table --> after the closing fence")
            print
            state = 0
            next
        }
        { print }
        END {
            if (bad) exit 1
            if (state != 0) { printf "%s: unterminated samflyt:table block\n", FILENAME > "/dev/stderr"; exit 1 }
            if (n == 0) { printf "%s: no samflyt:table block\n", FILENAME > "/dev/stderr"; exit 1 }
        }' "$readme" >"$tmp/template"; then
        exit 2
    fi

    for argsf in "$tmp"/args.*; do
        n=${argsf##*.}
        args=$(cat "$argsf")
        filter=
        grepopt=-E
        case $args in
        *" | grep -E '"*"'")
            filter=${args#*" | grep -E '"}
            filter=${filter%"'"}
            args=${args%%" | grep -E '"*}
            ;;
        *" | grep -vE '"*"'")
            filter=${args#*" | grep -vE '"}
            filter=${filter%"'"}
            args=${args%%" | grep -vE '"*}
            grepopt=-vE
            ;;
        *"|"*)
            echo "example_tables.sh: $readme: only \"| grep -E 'REGEX'\" or \"| grep -vE 'REGEX'\" may follow the samflyt arguments: $args" >&2
            exit 2
            ;;
        esac
        # The arguments are the README author's, word-split like a shell
        # command line (no quoting needed in practice: file names and options).
        # shellcheck disable=SC2086
        # run and compare write files: into the scratch folder.
        out=
        case $args in run\ * | compare\ *) out="--out $tmp/out.$n" ;; esac
        # shellcheck disable=SC2086
        if ! (cd "$dir" && "$samflyt" $args $out) >"$tmp/raw.$n" 2>"$tmp/err.$n"; then
            echo "example_tables.sh: $readme: 'samflyt $args' failed:" >&2
            cat "$tmp/err.$n" >&2
            exit 2
        fi
        # Drop "wrote" lines, apply the filter, drop blank lines at the ends.
        grep -v '^wrote ' "$tmp/raw.$n" >"$tmp/kept.$n" || true
        if [ -n "$filter" ]; then
            grep $grepopt -- "$filter" "$tmp/kept.$n" >"$tmp/filtered.$n" || true
            mv "$tmp/filtered.$n" "$tmp/kept.$n"
        fi
        cat "$tmp/kept.$n" |
            awk '{ line[NR] = $0 } END {
                 s = 1; while (s <= NR && line[s] ~ /^[ \t]*$/) s++
                 e = NR; while (e >= s && line[e] ~ /^[ \t]*$/) e--
                 for (i = s; i <= e; i++) print line[i] }' >"$tmp/table.$n"
    done

    awk -v tmp="$tmp" '
        /^@@SAMFLYT_TABLE [0-9]+@@$/ {
            n = $2; sub(/@@$/, "", n)
            f = tmp "/table." n
            while ((getline l < f) > 0) print l
            close(f)
            next
        }
        { print }' "$tmp/template" >"$tmp/new"

    if ! cmp -s "$readme" "$tmp/new"; then
        if [ $update = 1 ]; then
            cp "$tmp/new" "$readme"
            echo "updated $readme"
        else
            echo "$readme: the answer table differs from what samflyt prints now." >&2
            echo "If the change is intended, refresh it with 'make examples' and re-read the README's prose." >&2
            diff -u "$readme" "$tmp/new" >&2 || true
            status=1
        fi
    fi
done
exit $status
