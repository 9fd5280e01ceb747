/* gv_layout.h: graph layout by Graphviz's `dot`, loaded only when a report
 * draws a graph (the process map of the flow report).
 *
 * libgvc is opened with dlopen on the first call, not linked: loading it
 * and the libraries it pulls in would cost every `samflyt run` start-up
 * time for a feature run never uses (bench/startup.sh). Without Graphviz
 * (Debian libgvc6 not installed, or SAMFLYT_NO_GRAPHVIZ set in the
 * environment) the call fails with the reason, and the report shows the
 * table instead. Graphviz is not thread-safe: calls are serialised. */
#ifndef SF_REPORT_GV_LAYOUT_H
#define SF_REPORT_GV_LAYOUT_H

#include <stddef.h>

/* Lays out the graph in DOT text `dot` with the dot engine and returns
 * the layout in Graphviz's "plain" format (graph/node/edge/stop lines,
 * inches, y upwards) in *out (malloc'd, NUL-terminated; the caller frees).
 * 0, or -1 with the reason in why (Graphviz missing, a bad graph). */
int sf_gv_layout_plain(const char *dot, char **out, char *why, size_t whysize);

#endif
