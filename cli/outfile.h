/* outfile.h: every file the samflyt command writes goes through one output
 * set (outfile.c), so that a kill, a full disk or a misspelt option never
 * leaves a truncated file, a folder mixing the previous run's files with
 * new ones, or an input overwritten by an output.
 *
 * A command registers its inputs, stages each output (written to
 * NAME.tmp-XXXXXX beside NAME), and commits the set at the end: every
 * staged file is flushed and closed, and only when all of them were
 * written completely are they renamed over their final names (not synced
 * to disk: outfile.c says why). On any
 * failure the temporary files are removed and the previous files stay as
 * they were. Outputs that are not regular files (/dev/stdout, a pipe) are
 * written directly. Every message names the file and the system's reason. */
#ifndef SF_CLI_OUTFILE_H
#define SF_CLI_OUTFILE_H

#include <stdio.h>

typedef struct cli_outset cli_outset;

/* A new, empty set; cmd prefixes its messages ("samflyt run"). NULL when
 * out of memory (message printed). */
cli_outset *cli_outset_new(const char *cmd);
/* Removes whatever was staged and not committed; frees s (NULL is fine). */
void cli_outset_free(cli_outset *s);

/* Registers a file the command reads: no output may be that file. A path
 * that does not exist is ignored (the reader reports it). */
void cli_outset_input(cli_outset *s, const char *path);
/* 0 when path may be written: it is not a registered input and fits the
 * system's path length. Otherwise prints why and returns 2 (a usage error):
 * call it for every output before any work is done. */
int cli_outset_check(cli_outset *s, const char *path);
/* The same check for DIR/NAME for each name in the NULL-terminated list. */
int cli_outset_check_dir(cli_outset *s, const char *dir, const char *const *names);

/* Creates the folder dir and its parents; 0, or 1 after a message. */
int cli_outset_mkdir(cli_outset *s, const char *dir);
/* Stages path (dir/name when dir is not NULL) and returns the stream to
 * write it to, or NULL after a message (an input, the same output twice, a
 * folder that does not exist, ...). The set owns the stream. */
FILE *cli_outset_add(cli_outset *s, const char *dir, const char *name);
/* The temporary name a staged stream is written under, after flushing it,
 * for reading back what was written before the commit; NULL on a write
 * error (message printed). */
const char *cli_outset_staged(cli_outset *s, FILE *f);
/* Writes out and renames every staged file (see the top). 0, or 1 after a
 * message naming the file and the reason; the set is empty afterwards. */
int cli_outset_commit(cli_outset *s);

/* --csv excel: every *.csv staged from now on is written for a Nordic
 * Excel: ';' between fields, a decimal comma in numbers, CRLF line ends,
 * UTF-8 with a byte-order mark (quoting as RFC 4180, with ';'). The
 * writers keep writing plain CSV; the set rewrites it on the way out. */
void cli_outset_csv_excel(cli_outset *s, int on);
/* The --csv option's value: "excel" (*excel = 1) or "plain" (0). 0, or 2
 * after a usage message. */
int cli_csv_option(const char *cmd, const char *arg, int *excel);
/* getopt_long's code for --csv, the same in every command. */
#define CLI_OPT_CSV 0x3c0

/* Copies name into buf as one safe folder-name component: '/', '\\' and
 * control characters become '_', a leading '.' becomes '_' (so ".." or
 * "../x" cannot leave out/), and an empty name becomes "model". */
void cli_safe_name(char *buf, size_t size, const char *name);

#endif
