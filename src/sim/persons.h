/* persons.h: simulated people with a history, for one engine (one thread),
 * reused across its replications: who a contact from a population is,
 * where that person lives, which doctor the person is listed with, how
 * often the person comes (frailty), and whether a patient going home
 * comes back (return behaviour). docs/simulation.md, "Persons and
 * returns", gives the rules.
 *
 * Data first. A population with `persons:` has n people, numbered 0..n-1
 * in order of age band, so a band is a range of numbers. Per person it
 * keeps the home zone (4 bytes, only when the population has several
 * zones) and, with frailty, the relative contact rate in a Fenwick tree
 * over each band (8 bytes): drawing a person by rate and raising one
 * rate are both O(log n). Nothing grows with the contacts. The listed
 * doctor at a booked clinic is a pure function of (seed, replication,
 * clinic, person), so it costs no memory and never changes within a
 * replication.
 *
 * Contacts still come from the sources' Poisson streams; a contact of a
 * population with persons goes to one of them (with probability persons
 * / size when only a sample is simulated, else it stays anonymous),
 * drawn by age band as the demand's rates weigh them and within the band
 * by frailty. Shares of one Poisson stream are independent Poisson
 * streams, so each person has the rate (its band's rate times its
 * frailty) and the population's total rate is exactly the declared one
 * (until frailties rise: see sf_persons_accept).
 *
 * A person is a global number: population p's person i is base[p] + i. */
#ifndef SF_SIM_PERSONS_H
#define SF_SIM_PERSONS_H

#include "core/expo.h"
#include "core/gauss.h"
#include "model/booked.h"
#include "model/model.h"

#include <stdint.h>

typedef struct sf_persons sf_persons;

/* Needed when a population has persons or a unit has `return:` rules. */
int sf_persons_needed(const sf_model *m);
/* SF_OK or SF_ERR_NOMEM; expo, gauss: the engine's variate tables. */
int sf_persons_create(const sf_model *m, const sf_expo *expo, sf_gauss *gauss, sf_persons **out);
void sf_persons_free(sf_persons *ps);
/* Draws everyone anew for replication rep: zones, frailties, streams. */
void sf_persons_reset(sf_persons *ps, uint64_t seed, int rep);

/* The person of a contact from source si, or -1 for an anonymous one
 * (a source of `arrivals`, a population without persons, or a contact
 * outside the sample). For a person, *zone is its home zone (or -1 when
 * the population has no zone); else *zone is left alone. */
int64_t sf_persons_pick(sf_persons *ps, int si, int *zone);

/* The doctor person is listed with at booked clinic ui (def its
 * settings), or -1 when the person is on no list there: listed with
 * probability def->listed_share, with a doctor drawn by the lists. */
int sf_persons_doctor(const sf_persons *ps, int64_t person, int ui, const sf_booked *def);

/* Rising frailty raises a population's rate (frailty-rise): its sources
 * draw candidates at sf_persons_envelope times their rate, and
 * sf_persons_accept keeps a candidate with the right probability: 1 keep,
 * 0 drop (always 1 and 1 for other sources, drawing nothing), -1 when the
 * risen rate no longer fits under the envelope: the replication cannot
 * go on exactly (persons.c says why there is a bound). */
double sf_persons_envelope(const sf_persons *ps, int si);
int sf_persons_accept(sf_persons *ps, int si);

/* The person went home from a ward: its frailty rises (frailty-rise). */
void sf_persons_admitted(sf_persons *ps, int64_t person);

/* Population and number within it (from 1) of a person, for the trace. */
void sf_persons_name(const sf_persons *ps, int64_t person, int *pop, int64_t *number);

/* A patient of class cls goes home from unit ui: returns 1 when it comes
 * back, with the delay (hours) and the unit it returns to; else 0. */
int sf_persons_return(sf_persons *ps, int ui, int cls, double *delay, int *dest);

/* Bytes per person of population p (the memory figure of docs). */
double sf_persons_bytes_per_person(const sf_population *p);

#endif
