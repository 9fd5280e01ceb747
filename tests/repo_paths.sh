#!/usr/bin/env bash
# tests/repo_paths.sh SOURCE_DIR: fails when a tracked file refers to a
# place outside the repository that a user does not have: the developers'
# folder beside the checkout, or an absolute path of the machine that
# built it (the checkout's own folder or the folder that holds it).
set -euo pipefail
src=$(cd "$1" && pwd)
cd "$src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    files=$(git ls-files)
else
    files=$(find . -type f ! -path './build*' | sed 's|^\./||')
fi
parent=$(dirname "$src")
# The patterns are assembled so that this file does not match itself.
sibling='../''shared'
patterns=("$sibling" "$src/")
# the folder holding the checkout, unless it is a system folder that code
# may name for its own reasons (/tmp in a mkstemp template, /usr/share/...)
case "$parent" in
/ | /tmp | /var/tmp | /home | /root | /usr | /usr/* | /opt | /srv | /var | /mnt | /media) ;;
*) patterns+=("$parent/") ;;
esac
[ -n "${HOME:-}" ] && [ "$HOME" != / ] && patterns+=("$HOME/")
bad=0
for p in "${patterns[@]}"; do
    hits=$(printf '%s\n' "$files" | tr '\n' '\0' | xargs -0 grep -InF -- "$p" 2>/dev/null || true)
    if [ -n "$hits" ]; then
        echo "tracked files refer to '$p':" >&2
        printf '%s\n' "$hits" | head -20 >&2
        bad=1
    fi
done
[ $bad -eq 0 ] && echo "no tracked file refers to ${patterns[*]}"
exit $bad
