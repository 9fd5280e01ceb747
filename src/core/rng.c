/* rng.c: the GSL generator type behind sf_rng_gsl_bind (see rng.h). */
#include "core/rng.h"

_Static_assert(sizeof(unsigned long) == 8, "the GSL view returns 64-bit outputs");

const gsl_rng_type sf_rng_gsl_type = {
    "philox4x64-10",       ULONG_MAX, 0, sizeof(sf_rng), sf_rng_gsl_set, sf_rng_gsl_get,
    sf_rng_gsl_get_double,
};
