/* team_mpi.c: the MPI plugin of `samflyt sweep` (cli/team.h), built as
 * samflyt-mpi.so against the MPI CMake found (-DSAMFLYT_MPI). Four calls
 * of MPI, nothing else: the sweep deals the work and combines nothing, so
 * every process ends with the same bits as a single-process run. */
#include "team.h"

#include <mpi.h>

static int team_init(int *argc, char ***argv, int *rank, int *size) {
    if (MPI_Init(argc, argv) != MPI_SUCCESS)
        return -1;
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
    return 0;
}

static int team_allgatherv(const double *send, int n, double *recv, const int *counts,
                           const int *displs) {
    return MPI_Allgatherv(send, n, MPI_DOUBLE, recv, counts, displs, MPI_DOUBLE, MPI_COMM_WORLD) ==
                   MPI_SUCCESS
               ? 0
               : -1;
}

static int team_max(int v) {
    int r = v;
    MPI_Allreduce(&v, &r, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return r;
}

static void team_finalize(void) { MPI_Finalize(); }

const sf_team_ops *samflyt_team_ops(void);
const sf_team_ops *samflyt_team_ops(void) {
    static const sf_team_ops ops = {1, team_init, team_allgatherv, team_max, team_finalize};
    return &ops;
}
