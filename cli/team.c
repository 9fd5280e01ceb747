/* team.c: opens the MPI plugin of `samflyt sweep` when the command runs
 * under mpirun or srun (cli/team.h says why it is a plugin). The plugin is
 * looked for next to the samflyt executable (the build folder), then where
 * `make install` puts it (SF_MPI_PLUGIN, from CMake). */
#include "team.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef SF_MPI_PLUGIN
#define SF_MPI_PLUGIN ""
#endif

/* How many processes the launcher started, or 0 when none did. OpenMPI's
 * mpirun sets OMPI_COMM_WORLD_SIZE; Slurm's srun SLURM_NTASKS with
 * PMI/PMIx; a plain run sets neither. */
static int launched(void) {
    const char *v = getenv("OMPI_COMM_WORLD_SIZE");
    if (!v && (getenv("PMI_SIZE") || getenv("PMIX_RANK")))
        v = getenv("PMI_SIZE") ? getenv("PMI_SIZE") : "2";
    return v ? atoi(v) : 0;
}

static void *open_plugin(char *why, size_t size) {
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 32);
    if (n > 0) {
        self[n] = '\0';
        char *slash = strrchr(self, '/');
        if (slash) {
            strcpy(slash + 1, "samflyt-mpi.so");
            void *h = dlopen(self, RTLD_NOW | RTLD_GLOBAL);
            if (h)
                return h;
        }
    }
    void *h = SF_MPI_PLUGIN[0] ? dlopen(SF_MPI_PLUGIN, RTLD_NOW | RTLD_GLOBAL) : NULL;
    if (!h)
        snprintf(why, size, "%s", SF_MPI_PLUGIN[0] ? dlerror() : "not built");
    return h;
}

int team_open(team *tm, int *argc, char ***argv, const char *cmd) {
    *tm = (team){0, 1, NULL};
    int n = launched();
    if (n < 1)
        return 0;
    char why[512] = "";
    void *h = open_plugin(why, sizeof why);
    const sf_team_ops *(*get)(void) =
        h ? (const sf_team_ops *(*)(void))dlsym(h, "samflyt_team_ops") : NULL;
    const sf_team_ops *ops = get ? get() : NULL;
    if (!ops || ops->version != 1) {
        if (n == 1)
            return 0; /* mpirun -n 1: one process either way */
        fprintf(stderr,
                "samflyt %s: started by mpirun or srun, but this samflyt has no MPI plugin "
                "(samflyt-mpi.so: %s); build with libopenmpi-dev installed (cmake "
                "-DSAMFLYT_MPI=ON) or run without mpirun\n",
                cmd, why[0] ? why : "not found");
        return 2;
    }
    if (ops->init(argc, argv, &tm->rank, &tm->size)) {
        fprintf(stderr, "samflyt %s: MPI_Init failed\n", cmd);
        return 2;
    }
    tm->ops = ops;
    return 0;
}

void team_close(team *tm) {
    if (tm->ops)
        tm->ops->finalize();
    tm->ops = NULL;
}
