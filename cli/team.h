/* team.h: the processes of an MPI run of `samflyt sweep` (docs/sweep.md,
 * "On a cluster"). MPI lives in a plugin, samflyt-mpi.so (mpi/team_mpi.c),
 * built when CMake finds MPI and opened only when the command runs under
 * mpirun or srun: linking libmpi and the dozen libraries it pulls in would
 * cost every samflyt command start-up time (bench/README.md, "Start-up").
 * Without MPI a team is one process and nothing here talks to anyone. */
#ifndef SF_TEAM_H
#define SF_TEAM_H

/* What the plugin provides (samflyt_team_ops()); version 1. */
typedef struct sf_team_ops {
    int version;
    /* MPI_Init and the rank and size of MPI_COMM_WORLD; 0 or -1 */
    int (*init)(int *argc, char ***argv, int *rank, int *size);
    /* MPI_Allgatherv of doubles: n from this process, counts[r] from rank r
     * at displs[r] of recv */
    int (*allgatherv)(const double *send, int n, double *recv, const int *counts,
                      const int *displs);
    /* the largest v of every process (MPI_Allreduce, MPI_MAX) */
    int (*max)(int v);
    void (*finalize)(void);
} sf_team_ops;

typedef struct team {
    int rank, size;
    const sf_team_ops *ops; /* NULL: one process */
} team;

/* Joins the MPI run when started by mpirun or srun (their environment
 * says so), else a team of one. 0, or 2 after a message (MPI asked for
 * but not available). */
int team_open(team *tm, int *argc, char ***argv, const char *cmd);
void team_close(team *tm);

#endif
