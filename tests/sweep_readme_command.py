#!/usr/bin/python3
"""The sweep command a README shows a reader is the one its checked table
runs (tests/sweep.cmake).

An example's answer table (scripts/example_tables.sh) keeps its samflyt
arguments in an HTML comment, which a rendered README hides and which is
no shell command: `<` and `{a,b}` in it would be read by the shell. So the
README also shows the command in a ```sh block, quoted for a shell. This
reads that block as a POSIX shell would (shlex: quotes removed, line
continuations joined) and checks that it gives exactly the table's
arguments, and that no argument is left for the shell to misread.

usage: sweep_readme_command.py README.md...
"""
import re
import shlex
import sys


def main():
    fails = []
    for readme in sys.argv[1:]:
        text = open(readme, encoding="utf-8").read()
        m = re.search(r"<!-- samflyt:table (sweep .*?) -->", text)
        if not m:
            fails.append("%s: no sweep table" % readme)
            continue
        table = re.split(r" \| grep ", m.group(1))[0].split()
        blocks = [b for b in re.findall(r"```sh\n(.*?)```", text, re.S)
                  if b.lstrip().startswith("samflyt sweep")]
        if len(blocks) != 1:
            fails.append("%s: %d ```sh blocks with samflyt sweep, want 1" % (readme, len(blocks)))
            continue
        words = shlex.split(blocks[0].replace("\\\n", " "))
        if words[1:] != table:
            fails.append("%s: the shown command differs from the table's:\n  shown: %s\n  table: %s"
                         % (readme, " ".join(words[1:]), " ".join(table)))
        # what bash would still read: an unquoted < > | ; { , in the block
        for line in blocks[0].splitlines():
            bare = re.sub(r"'[^']*'", "", line)
            if re.search(r"[<>|;]|\{[^}]*,", bare):
                fails.append("%s: unquoted shell character in: %s" % (readme, line))
        print("%s: the shown command is the table's (%d arguments)" % (readme, len(table)))
    if fails:
        sys.exit("\n".join(fails))


main()
