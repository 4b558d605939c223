/*
 * fuzz_hist.c: the log histogram (src/hist.c).
 *
 * The input is a stream of values, each a selector byte and its operand:
 * a small value, 2, 4 or 8 bytes outright (so negative and huge ones
 * too), a bucket's bound or one below it, or the last value again, each
 * perhaps repeated.  The first MAXV values are also kept, and sorted.
 *
 * Always: the counts add up to n, min and max are exact, the percentiles
 * never decrease and lie within min..max, p100 is the max.  While every
 * value is kept: percentiles k/8 % (a fraction a double holds exactly,
 * so the rank is exactly ceil(k * n / 800)) lie within
 * 1/(2 * HIST_SUB) of the exact one, or, past 2^HIST_TOP, is the max.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "fuzz.h"

#define MAXV	4096
#define TOP	((int64_t)1 << HIST_TOP)

/* The next value from the input, and how many times to add it. */
static int64_t
next(struct cursor *c, int64_t last, unsigned int *times)
{
	uint8_t op = (uint8_t)take(c, 1);
	uint64_t v;

	*times = op >> 5 == 7 ? 1 + (unsigned int)take(c, 1) : 1;
	switch (op % 8) {
	case 0:
		return (int64_t)take(c, 1);
	case 1:
		return (int64_t)take(c, 2);
	case 2:
		return (int64_t)take(c, 4);
	case 3:
		v = take(c, 8);		/* any int64_t, negative too */
		return v <= INT64_MAX ? (int64_t)v : -(int64_t)(~v) - 1;
	case 4:
		return hist_lower((size_t)take(c, 2) % HIST_BUCKETS);
	case 5:
		return hist_lower((size_t)take(c, 2) % HIST_BUCKETS) - 1;
	case 6:	/* a small value times a power of two: spread out */
		v = take(c, 1);
		return (int64_t)(v << (take(c, 1) % 40));
	default:
		return last;
	}
}

static int
cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Every percentile k/8 % against the exact one of the sorted values. */
static void
check_exact(const struct hist *h, const int64_t *sorted, size_t n)
{
	uint64_t rank;
	int64_t got, want, err;
	unsigned int k;

	/* all near both ends, every 5th between: 50, 90 and 99 among them */
	for (k = 0; k <= 800; k += k < 10 || k >= 790 ? 1 : 5) {
		rank = ((uint64_t)k * n + 799) / 800;
		if (rank == 0)
			rank = 1;
		want = sorted[rank - 1];
		got = hist_pct(h, k / 8.0);
		if (want >= TOP) {
			CHECK(got >= TOP && got <= h->max);
			continue;
		}
		err = got > want ? got - want : want - got;
		CHECK(err * 2 * HIST_SUB < want || err == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct hist h;
	static int64_t kept[MAXV];
	struct cursor c = { data, size };
	uint64_t sum = 0, n = 0;
	int64_t v = 0, w, lo = 0, hi = 0, prev, got;
	unsigned int times, t;
	size_t b;

	memset(&h, 0, sizeof(h));
	CHECK(hist_pct(&h, 50) == 0);
	while (c.n > 0) {
		v = next(&c, v, &times);
		w = v < 0 ? 0 : v;		/* what a negative counts as */
		for (t = 0; t < times; t++, n++) {
			hist_add(&h, v);
			if (n < MAXV)
				kept[n] = w;
			if (n == 0 || w < lo)
				lo = w;
			if (n == 0 || w > hi)
				hi = w;
		}
	}
	CHECK(h.n == n);
	for (b = 0; b < HIST_BUCKETS; b++)
		sum += h.c[b];
	CHECK(sum == n);
	if (n == 0)
		return 0;
	CHECK(h.min == lo && h.max == hi);
	CHECK(hist_pct(&h, 100) == h.max);
	CHECK(hist_pct(&h, 50) <= hist_pct(&h, 90));
	CHECK(hist_pct(&h, 90) <= hist_pct(&h, 99));
	prev = hist_pct(&h, 0);
	CHECK(prev >= h.min);
	for (t = 1; t <= 200; t++) {
		got = hist_pct(&h, t / 2.0);
		CHECK(got >= prev && got <= h.max);
		prev = got;
	}
	if (n <= MAXV) {
		qsort(kept, (size_t)n, sizeof(kept[0]), cmp64);
		check_exact(&h, kept, (size_t)n);
	}
	return 0;
}
