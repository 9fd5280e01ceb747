/* analytic.h: closed-form queueing results for sizing units without a
 * simulation, and for validating the simulator against theory.
 *
 * What is here, and when it applies:
 *   - Erlang B (M/G/c/c loss system: beds with no waiting room). Needs
 *     Poisson arrivals; the length-of-stay distribution may be anything
 *     (insensitivity), only its mean enters through a = lambda * E[S].
 *   - Erlang C and M/M/c (queue with unlimited waiting room, first come
 *     first served). Needs Poisson arrivals and exponential service.
 *   - M/M/c/K (at most K in the unit, waiting included; arrivals that find
 *     K present are turned away). Poisson arrivals, exponential service.
 *   - M/G/inf (enough beds for everyone): the number present is Poisson
 *     with mean a, whatever the length-of-stay distribution.
 *   - Sizing: the smallest number of servers that meets a target.
 *
 * Sources: D. Gross, J. F. Shortle, J. M. Thompson, C. M. Harris,
 * "Fundamentals of Queueing Theory", 4th ed., Wiley 2008 (sections 2.3,
 * 2.5, 2.6, 2.7 and 6.1); L. Kleinrock, "Queueing Systems, Vol. 1", Wiley
 * 1975 (chapter 3).
 *
 * Units: any consistent time unit (samflyt uses hours). lambda is the
 * arrival rate, mu the service rate of one server (1 / mean service time),
 * a = lambda / mu the offered load in erlang.
 *
 * Invalid arguments (negative rates, c < 1, NaN, ...) give NaN from the
 * functions that return a double, SF_ERR_ARG from those that return a
 * status, and -1 from the sizing functions. Nothing here allocates, prints
 * or exits; every function is thread-safe. Cost is O(c) (or O(K)) and the
 * results stay finite and accurate for c and a up to at least 10^6. */
#ifndef SAMFLYT_ANALYTIC_H
#define SAMFLYT_ANALYTIC_H

#include "samflyt/samflyt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Loss and delay systems with c servers ------------------------------ */

/* Erlang B: the probability that an arrival finds all c servers busy and
 * is lost, in M/M/c/c and (by insensitivity) in M/G/c/c. c >= 0 (B = 1
 * when c = 0), a >= 0. */
double sf_erlang_b(int c, double a);

/* Erlang C: the probability that an arrival has to wait in M/M/c. Returns
 * 1 when a >= c (no steady state: everyone eventually waits). c >= 1. */
double sf_erlang_c(int c, double a);

/* M/M/c. The functions below return INFINITY (or, for the tail, 1) when
 * lambda >= c * mu; lambda >= 0, mu > 0, c >= 1. */

/* Mean wait in the queue, W_q = C / (c mu - lambda). */
double sf_mmc_mean_wait(int c, double lambda, double mu);
/* P(W > t) = C exp(-(c mu - lambda) t) for t >= 0 (and 1 for t < 0). */
double sf_mmc_wait_tail(int c, double lambda, double mu, double t);
/* The p-quantile of the wait: the smallest t with P(W <= t) >= p. It is 0
 * when P(wait) <= 1 - p, and INFINITY for p >= 1 when lambda > 0.
 * 0 <= p <= 1. */
double sf_mmc_wait_quantile(int c, double lambda, double mu, double p);
/* Mean number waiting, L_q = lambda W_q. */
double sf_mmc_mean_queue(int c, double lambda, double mu);
/* Mean number in the system, L = L_q + a. */
double sf_mmc_mean_in_system(int c, double lambda, double mu);

/* ---- M/M/c/K: finite room, arrivals turned away when K are present ------ */

typedef struct sf_mmck_result {
    double p_block;        /* pi_K: share of arrivals turned away */
    double throughput;     /* admitted per time unit, lambda (1 - pi_K) */
    double mean_in_system; /* L: mean number present, waiting or served */
    double mean_queue;     /* L_q: mean number waiting */
    double mean_busy;      /* mean busy servers, L - L_q = throughput / mu */
    double mean_wait;      /* W_q of admitted customers, L_q / throughput */
    double mean_time;      /* W of admitted customers, L / throughput */
    double p_wait;         /* share of admitted customers who wait at all */
} sf_mmck_result;

/* Solves M/M/c/K with c servers and room for K >= c customers in total.
 * Returns 0, or SF_ERR_ARG (out untouched) for c < 1, K < c, lambda < 0,
 * mu <= 0, anything not finite, or lambda / mu > 1e100. With lambda = 0
 * the waits are 0 and mean_time is 1 / mu. Cost O(K). */
int sf_mmck(int c, int K, double lambda, double mu, sf_mmck_result *out);

/* pi_n, the stationary probability that n customers are present in
 * M/M/c/K: 0 for n outside 0..K, NaN for arguments sf_mmck rejects. */
double sf_mmck_prob(int c, int K, double lambda, double mu, int n);

/* ---- M/G/inf: unlimited servers ---------------------------------------- */

/* P(N = n) for N ~ Poisson(a): the number present in M/G/inf with offered
 * load a. 0 for n < 0; NaN for a < 0 or a not finite. */
double sf_mginf_pmf(double a, int n);

/* The smallest n with P(N <= n) >= p, N ~ Poisson(a): the number of beds
 * that are enough a share p of the time. 0 <= p < 1 (p = 0 gives 0);
 * returns -1 for p outside [0, 1), a < 0, a not finite or a > 1e9. */
int sf_mginf_quantile(double a, double p);

/* ---- Sizing ------------------------------------------------------------ */

/* Each returns the smallest number of servers c >= 1 that meets the
 * target, or -1 when no finite c can meet it or an argument is invalid:
 *   sf_size_erlang_b:       max_block <= 0 while a > 0, max_block < 0;
 *   sf_size_erlang_c_wait:  max_mean_wait <= 0 while lambda > 0;
 *   sf_size_erlang_c_prob:  max_wait_prob <= 0 while lambda > 0;
 *   sf_size_erlang_c_service_level: share >= 1 while lambda > 0, t < 0.
 * The Erlang C functions only consider stable c (c mu > lambda). Loads
 * above 1e9 erlang are refused (-1): the answer would not fit in an int
 * soon enough to be useful, and the search is O(c). */

/* Smallest c with Erlang B(c, a) <= max_block (any service distribution). */
int sf_size_erlang_b(double a, double max_block);
/* Smallest c with the M/M/c mean wait W_q <= max_mean_wait. */
int sf_size_erlang_c_wait(double lambda, double mu, double max_mean_wait);
/* Smallest c with P(wait) = Erlang C <= max_wait_prob. */
int sf_size_erlang_c_prob(double lambda, double mu, double max_wait_prob);
/* Smallest c with P(W <= t) >= share in M/M/c (a service level such as
 * "90 % wait at most 15 minutes"). */
int sf_size_erlang_c_service_level(double lambda, double mu, double t, double share);

#ifdef __cplusplus
}
#endif
#endif
