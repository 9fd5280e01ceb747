#!/usr/bin/env bash
# tests/repo_layers.sh SOURCE_DIR: the analysis of flow data (src/flow/)
# computes and never formats: it includes nothing from src/report/ and
# writes to no stream. Every CSV, JSON, YAML and HTML writer of flow data
# lives in src/report/ (flow_out.c, flow_html.c, calib_out.c).
set -euo pipefail
cd "$1/src/flow"
bad=0
if hits=$(grep -n '#include "report/' -- *.c *.h); then
    echo "src/flow/ includes src/report/:" >&2
    echo "$hits" >&2
    bad=1
fi
if hits=$(grep -nE '\b(f?printf|fputs|fputc|putchar|fwrite)\(' -- *.c *.h); then
    echo "src/flow/ writes output (move the writer to src/report/):" >&2
    echo "$hits" >&2
    bad=1
fi
[ "$bad" = 0 ] && echo "src/flow computes, src/report writes"
exit "$bad"
