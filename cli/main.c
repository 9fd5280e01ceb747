/* main.c: the samflyt command: dispatches to the subcommands. */
#include "cli.h"
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
    {"size", cli_size, "size [options]         servers or beds for a target (Erlang B/C)"},
    {"flow", cli_flow, "flow FILE... [options] read patient-flow data (CSV, FHIR) into stays"},
    {"calibrate", cli_calibrate,
     "calibrate FILE... -o MODEL.yaml  fit a model from patient-flow data"},
};

static void usage(FILE *f) {
    fputs("samflyt " SF_VERSION
          " - patient flow across care levels\n\nusage: samflyt COMMAND ...\n\n",
          f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  samflyt %s\n", commands[i].help);
    fputs("\n  samflyt COMMAND --help   options of a command\n", f);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        puts("samflyt " SF_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "samflyt: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return 2;
}
