/*
 * hist.h: a fixed-memory log histogram of nanosecond values (HDR style),
 * pure arithmetic.  Values 0..HIST_LINEAR-1 have a bucket each; above,
 * every power of two is cut into HIST_SUB equal buckets, so a bucket is
 * never wider than 1/HIST_SUB of its lower bound.  A percentile is given
 * as the midpoint of its bucket (clamped to the exact min and max), hence
 * within 1/(2 * HIST_SUB) = 3.125% of the true value.  Values from
 * 2^HIST_TOP ns (about 68.7 s) up share the last bucket; max stays exact.
 */
#ifndef HIST_H
#define HIST_H

#include <stddef.h>
#include <stdint.h>

#define HIST_SUB	16		/* buckets per power of two */
#define HIST_LINEAR	(2 * HIST_SUB)	/* exact buckets: 0..31 ns */
#define HIST_TOP	36		/* 2^36 ns: the last bucket's start */
#define HIST_BUCKETS	(HIST_LINEAR + (HIST_TOP - 5) * HIST_SUB + 1)

struct hist {
	uint64_t n;			/* values added */
	int64_t min, max;		/* exact; valid when n > 0 */
	uint64_t c[HIST_BUCKETS];
};

/* hist_add: count v (a negative v counts as 0). */
void		 hist_add(struct hist *h, int64_t v);

/*
 * hist_pct: the value at percentile pct (0..100): the midpoint of the
 * bucket holding the ceil(pct/100 * n)-th smallest value (at least the
 * first), clamped to min..max.  0 when h is empty.  Never decreases as
 * pct grows; hist_pct(h, 100) == max.
 */
int64_t		 hist_pct(const struct hist *h, double pct);

/* hist_one: h holds v alone. */
void		 hist_one(struct hist *h, int64_t v);

/* hist_bucket: the bucket v falls in.  hist_lower: a bucket's lowest value. */
size_t		 hist_bucket(int64_t v);
int64_t		 hist_lower(size_t b);

#endif /* HIST_H */
