/*
 * test_hist.c: cmocka tests for the log histogram (src/hist.c).  Bucket
 * bounds are worked out by hand; percentiles are checked against the
 * exact ones of the same samples kept and sorted, for several
 * distributions drawn from a fixed-seed generator.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hist.h"

#define LAST	(HIST_BUCKETS - 1)
#define TOP	((int64_t)1 << HIST_TOP)
#define NMAX	20000

/* xorshift64*: the same samples on every run. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

/* A uniform double in (0, 1). */
static double
unif(uint64_t *s)
{
	return ((double)(rnd(s) >> 11) + 0.5) / 9007199254740992.0;
}

static int
cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* ---- buckets ---- */

static void
test_bucket_linear(void **state)
{
	int64_t v;

	(void)state;
	for (v = 0; v < HIST_LINEAR; v++) {
		assert_int_equal(hist_bucket(v), v);
		assert_int_equal(hist_lower((size_t)v), v);
	}
	assert_int_equal(hist_bucket(-1), 0);
	assert_int_equal(hist_bucket(INT64_MIN), 0);
}

static void
test_bucket_log(void **state)
{
	(void)state;
	/* 32..63: 16 buckets 2 wide; 64..127: 4 wide. */
	assert_int_equal(hist_bucket(32), 32);
	assert_int_equal(hist_bucket(33), 32);
	assert_int_equal(hist_bucket(34), 33);
	assert_int_equal(hist_bucket(63), 47);
	assert_int_equal(hist_bucket(64), 48);
	assert_int_equal(hist_bucket(67), 48);
	assert_int_equal(hist_bucket(68), 49);
	assert_int_equal(hist_lower(33), 34);
	assert_int_equal(hist_lower(48), 64);
	assert_int_equal(hist_lower(49), 68);
	/* 1 s = 2^29 * 1.86..: exponent 29, sub-bucket 13 */
	assert_int_equal(hist_bucket(1000000000), 32 + 24 * 16 + 13);
	/* The top: 2^36 - 1 in the last log bucket, 2^36 on in the last. */
	assert_int_equal(hist_bucket(TOP - 1), LAST - 1);
	assert_int_equal(hist_bucket(TOP), LAST);
	assert_int_equal(hist_bucket(INT64_MAX), LAST);
	assert_int_equal(hist_lower(LAST), TOP);
	assert_int_equal(HIST_BUCKETS, 529);
}

/* Every bucket: its bounds map back to it, and its width is small. */
static void
test_bucket_every(void **state)
{
	size_t b;
	int64_t lo, hi;

	(void)state;
	for (b = 0; b < LAST; b++) {
		lo = hist_lower(b);
		hi = hist_lower(b + 1) - 1;
		assert_true(hi >= lo);
		assert_int_equal(hist_bucket(lo), b);
		assert_int_equal(hist_bucket(hi), b);
		assert_int_equal(hist_bucket(hi + 1), b + 1);
		if (b >= HIST_LINEAR)
			assert_true((hi - lo + 1) * HIST_SUB <= lo);
		else
			assert_int_equal(hi, lo);
	}
}

/* ---- add, percentiles ---- */

static void
test_empty(void **state)
{
	struct hist h = { 0 };

	(void)state;
	assert_int_equal(hist_pct(&h, 0), 0);
	assert_int_equal(hist_pct(&h, 50), 0);
	assert_int_equal(hist_pct(&h, 100), 0);
}

static void
test_one(void **state)
{
	struct hist h = { 0 };

	(void)state;
	hist_add(&h, 1000001);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.min, 1000001);
	assert_int_equal(h.max, 1000001);
	/* Clamped to min and max: the exact value. */
	assert_int_equal(hist_pct(&h, 0), 1000001);
	assert_int_equal(hist_pct(&h, 50), 1000001);
	assert_int_equal(hist_pct(&h, 100), 1000001);
}

static void
test_negative(void **state)
{
	struct hist h = { 0 };

	(void)state;
	hist_add(&h, -5);
	hist_add(&h, INT64_MIN);
	hist_add(&h, 10);
	assert_int_equal(h.n, 3);
	assert_int_equal(h.min, 0);
	assert_int_equal(h.max, 10);
	assert_int_equal(h.c[0], 2);
	assert_int_equal(hist_pct(&h, 50), 0);
	assert_int_equal(hist_pct(&h, 100), 10);
}

/* Ranks: ceil(pct / 100 * n), whole percentiles not rounded up. */
static void
test_rank(void **state)
{
	struct hist h = { 0 };
	int64_t v;

	(void)state;
	for (v = 1; v <= 100; v++)
		hist_add(&h, v);
	/* rank 99 is 99, in [96, 99]: midpoint 97; rank 100 the max */
	assert_int_equal(hist_pct(&h, 99), 97);
	assert_int_equal(hist_pct(&h, 99.5), 100);
	assert_int_equal(hist_pct(&h, 100), 100);
	assert_int_equal(hist_pct(&h, 200), 100);
	/* rank 50 and 51 in [50, 51], rank 52 in [52, 53] */
	assert_int_equal(hist_pct(&h, 50), 50);
	assert_int_equal(hist_pct(&h, 50.5), 50);
	assert_int_equal(hist_pct(&h, 51.5), 52);
	/* rank 1 at and below 1 %, exact in the linear buckets */
	assert_int_equal(hist_pct(&h, 1), 1);
	assert_int_equal(hist_pct(&h, 1.01), 2);
	assert_int_equal(hist_pct(&h, 0), 1);
	assert_int_equal(hist_pct(&h, -3), 1);
	assert_int_equal(hist_pct(&h, NAN), 1);
}

/* Clamped: a bucket's midpoint beyond the max is the max. */
static void
test_clamp(void **state)
{
	struct hist h = { 0 };
	int64_t v;

	(void)state;
	for (v = 1; v <= 100; v++)
		hist_add(&h, v * 1000);
	/* rank 50: 50000 in [49152, 51199], midpoint 50175 */
	assert_int_equal(hist_pct(&h, 50), 50175);
	/* rank 99: 99000 in [98304, 102399]: midpoint 100351 > max */
	assert_int_equal(hist_pct(&h, 99), 100000);
	/* rank 1: 1000 in [992, 1023]: midpoint 1007; min stays exact */
	assert_int_equal(hist_pct(&h, 1), 1007);
	assert_int_equal(h.min, 1000);
}

static void
test_huge(void **state)
{
	struct hist h = { 0 };

	(void)state;
	hist_add(&h, 5);
	hist_add(&h, TOP);
	hist_add(&h, INT64_MAX);
	assert_int_equal(h.c[LAST], 2);
	assert_int_equal(h.max, INT64_MAX);
	assert_int_equal(hist_pct(&h, 33), 5);
	/* The last bucket stands for the max: no midpoint to give. */
	assert_int_equal(hist_pct(&h, 50), INT64_MAX);
	assert_int_equal(hist_pct(&h, 100), INT64_MAX);
}

/* Draw n values of distribution d into v. */
static void
draw(int d, uint64_t *s, int64_t *v, size_t n)
{
	size_t i;
	double x;

	for (i = 0; i < n; i++) {
		switch (d) {
		case 0:		/* uniform 0..99: the exact buckets */
			v[i] = (int64_t)(rnd(s) % 100);
			break;
		case 1:		/* uniform 0..10 ms */
			v[i] = (int64_t)(rnd(s) % 10000000);
			break;
		case 2:		/* exponential, mean 1 ms */
			v[i] = (int64_t)(-log(unif(s)) * 1e6);
			break;
		case 3:		/* log-normal around 200 us, wide */
			x = sqrt(-2 * log(unif(s))) * cos(6.283185307179586 *
			    unif(s));
			v[i] = (int64_t)(2e5 * exp(2 * x));
			break;
		case 4:		/* bimodal: 50 us and 30 ms */
			v[i] = (int64_t)(rnd(s) % 4 ? 50000 + rnd(s) % 1000 :
			    30000000 + rnd(s) % 100000);
			break;
		case 5:		/* log-uniform over the whole range */
			v[i] = (int64_t)(rnd(s) % ((uint64_t)TOP >> (rnd(s) % 36)));
			break;
		case 6:		/* bucket bounds and one below */
			v[i] = hist_lower(rnd(s) % LAST) - (int64_t)(rnd(s) % 2);
			break;
		default:	/* a constant */
			v[i] = 123456789;
			break;
		}
		if (v[i] < 0)
			v[i] = 0;
		if (v[i] >= TOP)
			v[i] = TOP - 1;
	}
}

/*
 * Each percentile within 1/(2 * HIST_SUB) of the exact one, the rank
 * computed in integers; returns the largest relative error seen.
 */
static double
check_pcts(const struct hist *h, const int64_t *sorted, size_t n)
{
	static const unsigned int per_mille[] = { 0, 1, 10, 100, 250, 500,
	    750, 900, 950, 990, 999, 1000 };
	double worst = 0, err;
	size_t i, rank;
	int64_t got, want;

	for (i = 0; i < sizeof(per_mille) / sizeof(per_mille[0]); i++) {
		rank = (per_mille[i] * n + 999) / 1000;
		if (rank == 0)
			rank = 1;
		want = sorted[rank - 1];
		got = hist_pct(h, per_mille[i] / 10.0);
		err = fabs((double)(got - want));
		if (err * 2 * HIST_SUB > (double)want)
			fail_msg("n %zu pct %.1f: got %lld, want %lld", n,
			    per_mille[i] / 10.0, (long long)got,
			    (long long)want);
		if (want > 0 && err / (double)want > worst)
			worst = err / (double)want;
	}
	return worst;
}

static void
test_error_bound(void **state)
{
	static const size_t ns[] = { 1, 2, 3, 10, 99, 100, 101, 1000, 4097,
	    NMAX };
	static int64_t v[NMAX];
	uint64_t s = 0x9e3779b97f4a7c15ull;
	double worst = 0, w;
	struct hist *h;
	size_t i, k;
	int d, rep;

	(void)state;
	h = malloc(sizeof(*h));
	assert_non_null(h);
	for (d = 0; d < 8; d++)
		for (k = 0; k < sizeof(ns) / sizeof(ns[0]); k++)
			for (rep = 0; rep < 5; rep++) {
				memset(h, 0, sizeof(*h));
				draw(d, &s, v, ns[k]);
				for (i = 0; i < ns[k]; i++)
					hist_add(h, v[i]);
				qsort(v, ns[k], sizeof(v[0]), cmp64);
				assert_int_equal(h->min, v[0]);
				assert_int_equal(h->max, v[ns[k] - 1]);
				w = check_pcts(h, v, ns[k]);
				if (w > worst)
					worst = w;
			}
	/* Not a pass criterion (that is the bound above): the figure. */
	printf("# largest relative error seen: %.9f %% (bound %.9f %%)\n",
	    100 * worst, 100.0 / (2 * HIST_SUB));
	assert_true(worst < 1.0 / (2 * HIST_SUB));
	free(h);
}

/* The error at its worst: the upper end of a wide bucket. */
static void
test_error_worst(void **state)
{
	struct hist h = { 0 };
	int64_t lo = (int64_t)1 << 30, w = lo / HIST_SUB;

	(void)state;
	/* 0 and lo + 10 w so that neither min nor max clamps */
	hist_add(&h, 0);
	hist_add(&h, lo + w - 1);
	hist_add(&h, lo + w - 1);
	hist_add(&h, lo + 10 * w);
	assert_int_equal(hist_pct(&h, 50), lo + w / 2 - 1);
	assert_true((double)(lo + w - 1 - hist_pct(&h, 50)) * 2 * HIST_SUB <
	    (double)(lo + w - 1));
}

static void
test_monotone(void **state)
{
	static int64_t v[NMAX];
	uint64_t s = 42;
	struct hist *h;
	int64_t prev, got;
	int d, i;

	(void)state;
	h = malloc(sizeof(*h));
	assert_non_null(h);
	for (d = 0; d < 8; d++) {
		memset(h, 0, sizeof(*h));
		draw(d, &s, v, 3000);
		for (i = 0; i < 3000; i++)
			hist_add(h, v[i]);
		prev = hist_pct(h, 0);
		assert_true(prev >= h->min);
		for (i = 1; i <= 1000; i++) {
			got = hist_pct(h, i / 10.0);
			assert_true(got >= prev);
			assert_true(got <= h->max);
			prev = got;
		}
		assert_int_equal(prev, h->max);
	}
	free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bucket_linear),
		cmocka_unit_test(test_bucket_log),
		cmocka_unit_test(test_bucket_every),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_one),
		cmocka_unit_test(test_negative),
		cmocka_unit_test(test_rank),
		cmocka_unit_test(test_clamp),
		cmocka_unit_test(test_huge),
		cmocka_unit_test(test_error_bound),
		cmocka_unit_test(test_error_worst),
		cmocka_unit_test(test_monotone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
