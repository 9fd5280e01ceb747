/* main.c: the samflyt command: dispatches to the subcommands. */
#include "cli.h"
#include "model/load.h"
#include "samflyt/samflyt.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *help;
} commands[] = {
    {"check", cli_check, "check MODEL            validate a model file"},
    {"run", cli_run, "run MODEL [options]    simulate a model and write results"},
    {"compare", cli_compare, "compare MODEL [options] run every scenario against the base (CRN)"},
    {"sweep", cli_sweep, "sweep MODEL [options]   the cheapest decisions that meet targets (CRN)"},
    {"size", cli_size, "size [options]         servers or beds for a target (Erlang B/C)"},
    {"flow", cli_flow, "flow FILE... [options] read patient-flow data (CSV, FHIR) into stays"},
    {"calibrate", cli_calibrate,
     "calibrate FILE... -o MODEL.yaml  fit a model from patient-flow data"},
    {"serve", cli_serve, "serve [DIR] [options]  dashboard and what-if API for the models in DIR"},
};

void cli_diag_default(sf_diag *d, int err) {
    if (err && !d->msg[0])
        snprintf(d->msg, sizeof d->msg, "%s", sf_strerror(err));
}

enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static void usage(FILE *f) {
    fputs("samflyt " SF_VERSION
          " - patient flow across care levels\n\nusage: samflyt COMMAND ...\n\n",
          f);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  samflyt %s\n", commands[i].help);
    fputs("\n  samflyt help COMMAND     options of a command (or samflyt COMMAND --help)\n"
          "  samflyt --version        the version\n",
          f);
}

static int find(const char *name) {
    for (int i = 0; i < NCOMMANDS; i++)
        if (!strcmp(name, commands[i].name))
            return i;
    return -1;
}

/* An unknown command: says so, with the closest command if one is close. */
static int unknown(const char *name) {
    const char *names[NCOMMANDS];
    for (int i = 0; i < NCOMMANDS; i++)
        names[i] = commands[i].name;
    const char *best = sf_load_suggest(name, strlen(name), names, NCOMMANDS);
    fprintf(stderr, "samflyt: unknown command '%s'", name);
    if (best)
        fprintf(stderr, "; did you mean '%s'?", best);
    fputs("\n\n", stderr);
    usage(stderr);
    return 2;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *a = argv[1];
    if (!strcmp(a, "--help") || !strcmp(a, "-h") || (!strcmp(a, "help") && argc == 2)) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(a, "--version") || !strcmp(a, "-V") || !strcmp(a, "version")) {
        puts("samflyt " SF_VERSION);
        return 0;
    }
    if (!strcmp(a, "help")) {
        int i = find(argv[2]);
        if (i < 0)
            return unknown(argv[2]);
        char *help[] = {argv[2], "--help", NULL};
        return commands[i].fn(2, help);
    }
    int i = find(a);
    if (i < 0)
        return unknown(a);
    return commands[i].fn(argc - 1, argv + 1);
}
