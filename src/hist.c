/*
 * hist.c: the fixed-memory log histogram (hist.h).
 *
 * Bucket b below HIST_LINEAR holds the value b.  Above, a value v with
 * its highest bit at e (5 <= e < HIST_TOP) falls in sub-bucket
 * (v >> (e - 4)) & 15 of its power of two, a bucket 2^(e-4) wide whose
 * lower bound is at least 16 of its widths.  Everything from 2^HIST_TOP
 * is the last bucket.
 */
#include <string.h>

#include "hist.h"

/* hist.h's sizes as constants, not as the products its macros spell. */
enum {
	LINEAR = HIST_LINEAR,
	LAST = HIST_BUCKETS - 1,
	SUB_BITS = 4,			/* log2(HIST_SUB) */
	LINEAR_BITS = 5			/* log2(HIST_LINEAR) */
};

/* The position of v's highest bit; v > 0. */
static int
top_bit(uint64_t v)
{
#if defined(__GNUC__) || defined(__clang__)
	return 63 - __builtin_clzll(v);
#else
	int e = 0;

	while (v >>= 1)
		e++;
	return e;
#endif
}

size_t
hist_bucket(int64_t v)
{
	uint64_t u;
	int e;

	if (v < LINEAR)
		return v < 0 ? 0 : (size_t)v;
	u = (uint64_t)v;
	e = top_bit(u);
	if (e >= HIST_TOP)
		return LAST;
	return LINEAR + (size_t)(e - LINEAR_BITS) * HIST_SUB +
	    (size_t)(u >> (e - SUB_BITS) & (HIST_SUB - 1));
}

int64_t
hist_lower(size_t b)
{
	size_t e, sub;

	if (b < LINEAR)
		return (int64_t)b;
	if (b >= LAST)
		return (int64_t)1 << HIST_TOP;
	e = (b - LINEAR) / HIST_SUB + LINEAR_BITS;
	sub = (b - LINEAR) % HIST_SUB;
	return (int64_t)(HIST_SUB + sub) << (e - SUB_BITS);
}

void
hist_one(struct hist *h, int64_t v)
{
	memset(h, 0, sizeof(*h));
	hist_add(h, v);
}

void
hist_add(struct hist *h, int64_t v)
{
	if (v < 0)
		v = 0;
	if (h->n == 0 || v < h->min)
		h->min = v;
	if (h->n == 0 || v > h->max)
		h->max = v;
	h->n++;
	h->c[hist_bucket(v)]++;
}

/*
 * The rank of percentile pct among n values: ceil(pct / 100 * n), within
 * 1..n.  pct * n is exact for whole percentiles (and n below 2^46), so
 * that 99 of 100 values is rank 99, not 100 through a rounded 0.99.
 */
static uint64_t
rank(double pct, uint64_t n)
{
	double r;

	if (!(pct > 0.0))
		return 1;
	if (pct >= 100.0)
		return n;
	r = pct * (double)n / 100.0;
	if (r >= (double)n)
		return n;
	if (r <= 1.0)
		return 1;
	return (uint64_t)r + ((double)(uint64_t)r < r ? 1 : 0);
}

/*
 * The value a bucket stands for: its midpoint, rounded down, so that no
 * value in it is further away than half its width.  The last bucket has
 * no upper end; it stands for the exact max.
 */
static int64_t
midpoint(const struct hist *h, size_t b)
{
	int64_t lo;

	if (b >= LAST)
		return h->max;
	lo = hist_lower(b);
	return lo + (hist_lower(b + 1) - lo - 1) / 2;
}

int64_t
hist_pct(const struct hist *h, double pct)
{
	uint64_t want, seen = 0;
	size_t b;
	int64_t v;

	if (h->n == 0)
		return 0;
	want = rank(pct, h->n);
	if (want >= h->n)
		return h->max;
	for (b = 0; b < LAST; b++) {
		seen += h->c[b];
		if (seen >= want)
			break;
	}
	v = midpoint(h, b);
	if (v < h->min)
		v = h->min;
	if (v > h->max)
		v = h->max;
	return v;
}
