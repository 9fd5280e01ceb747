/* booked.h: the settings of a booked-clinic unit (a GP office: doctors with
 * patient lists and a book of appointment slots), as the loader builds them
 * (load_booked.c) and the appointment book reads them (src/sim/booked.c).
 *
 * Times are hours. The week's slot pattern is the same for every doctor:
 * per weekday (0 = Monday) the start of every slot, in hours after
 * midnight, split into regular slots (bookable ahead) and slots reserved
 * for urgent requests on the same day. The loader guarantees at least one
 * regular slot per doctor per week, so searching forward always ends. */
#ifndef SF_BOOKED_H
#define SF_BOOKED_H

#include <stdint.h>

typedef struct sf_booked {
    int doctors;         /* >= 1 */
    const double *lists; /* listed patients per doctor, >= 0 each */
    const double *cum;   /* running share of lists, cum[doctors-1] == 1 */
    double list_total;   /* > 0 */
    double list_max;
    double listed_share;               /* share of requests from listed patients, 0..1 */
    double slot;                       /* slot length, > 0 */
    double tolerance;                  /* longest wait for the own doctor; INFINITY: always own */
    double overflow_after;             /* regular requests overflow beyond this; INFINITY: wait */
    int has_overflow;                  /* the unit has an overflow destination */
    double urgent_share;               /* share of requests that are urgent, 0..1 */
    const unsigned char *urgent_class; /* [nclasses]: always urgent; NULL: none */
    int reserve;                       /* same-day slots reserved per doctor and open day */
    int nreg[7], nres[7];              /* regular and reserved slots per weekday */
    const double *reg[7];              /* starts of regular slots, ascending */
    const double *res[7];              /* starts of reserved slots, ascending */
    double first[7];                   /* earliest slot start of the weekday (either kind) */
    /* Doctors away (holidays) by calendar period: away[p + 1] on days of
     * period p, away[0] == 0 on days in no period; each < doctors. NULL
     * when nobody is ever away. Which doctors are away rotates weekly. */
    const int *away;
} sf_booked;

#endif
