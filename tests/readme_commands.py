#!/usr/bin/python3
"""readme_commands.py SOURCE SAMFLYT: the README's shell commands work as
printed after `make demo`, from the repository's folder: each samflyt
command is written as the build leaves it (build/samflyt), every input
file it names exists, and its options are ones the command accepts
(`samflyt help COMMAND` lists them). Prints "readme ok N"."""
import os
import re
import subprocess
import sys

src, samflyt = sys.argv[1], sys.argv[2]
text = open(os.path.join(src, "README.md"), encoding="utf-8").read()
bad, n = [], 0
for block in re.findall(r"```sh\n(.*?)```", text, re.S):
    for line in block.splitlines():
        cmd = line.split("  #")[0].strip()
        if not cmd or cmd.startswith("#") or cmd.startswith("make "):
            continue
        words = cmd.split()
        if words[0] != "build/samflyt":
            bad.append(f"not run as build/samflyt: {cmd}")
            continue
        n += 1
        sub = words[2] if words[1] == "help" else words[1]
        help_text = subprocess.run([samflyt, "help", sub], capture_output=True, text=True)
        if help_text.returncode != 0:
            bad.append(f"unknown command: {cmd}")
            continue
        outputs = False
        for w in words[2:]:
            if w.startswith("--"):
                if w.split("=")[0] not in help_text.stdout:
                    bad.append(f"option {w} not in samflyt help {sub}: {cmd}")
            elif w.startswith("-") and len(w) == 2:
                pass
            elif re.search(r"\.(yaml|csv|gz|json)$", w) and not outputs:
                if not os.path.exists(os.path.join(src, w)):
                    bad.append(f"no file {w}: {cmd}")
            outputs = w in ("-o", "--out")
for b in bad:
    print(b)
print("readme ok", n) if not bad and n else sys.exit(1)
