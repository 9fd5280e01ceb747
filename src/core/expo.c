/* expo.c: ziggurat tables and the rare slow path (see expo.h). */
#include "core/expo.h"

/* The right edge of the base layer and the common area of the 256 layers,
 * from Marsaglia and Tsang (2000), table for 256 layers. */
static const double R = 7.697117470131487;
static const double V = 3.949659822581572e-3;
static const double M = 72057594037927936.0; /* 2^56 */

void sf_expo_init(sf_expo *z) {
    double de = R, te = R;
    double q = V / exp(-de);
    z->k[0] = (uint64_t)((de / q) * M);
    z->k[1] = 0;
    z->w[0] = q / M;
    z->w[255] = de / M;
    z->f[0] = 1.0;
    z->f[255] = exp(-de);
    for (int i = 254; i >= 1; i--) {
        de = -log(V / de + exp(-de));
        z->k[i + 1] = (uint64_t)((de / te) * M);
        te = de;
        z->f[i] = exp(-de);
        z->w[i] = de / M;
    }
}

double sf_expo_slow(const sf_expo *z, sf_rng *r, uint64_t u, int i) {
    for (;;) {
        if (i == 0) /* the tail beyond R is again exponential: shift it */
            return R - log(sf_rng_u01(r));
        double x = (double)u * z->w[i];
        if (z->f[i] + sf_rng_u01(r) * (z->f[i - 1] - z->f[i]) < exp(-x))
            return x;
        u = sf_rng_u64(r);
        i = (int)(u & 0xff);
        u >>= 8;
        if (u < z->k[i])
            return (double)u * z->w[i];
    }
}
