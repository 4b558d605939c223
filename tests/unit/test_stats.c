/*
 * test_stats.c: cmocka tests for sequence tracking, loss and round-trip
 * arithmetic (src/stats.c).  Expected values are worked out by hand.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "stats.h"

#define MS	1000000LL	/* ns */

/* Floating results to within eps. */
#define assert_near(x, want, eps) do {					\
	double x_ = (x), w_ = (want);					\
	if (!(fabs(x_ - w_) < (eps)))					\
		fail_msg("%s = %.9f, want %.9f", #x, x_, w_);		\
} while (0)

/* Add each of n numbers and check what seq_add said about each. */
static void
add_all(struct seqtrack *st, const uint32_t *seq, const enum seq_result *want,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (seq_add(st, seq[i]) != want[i])
			fail_msg("seq_add #%zu (%lu): want %d", i,
			    (unsigned long)seq[i], (int)want[i]);
}

/* ---- seq_add ---- */

static void
test_seq_in_order(void **state)
{
	static const uint32_t seq[] = { 0, 1, 2, 3 };
	static const enum seq_result want[] = {
		SEQ_NEW, SEQ_NEW, SEQ_NEW, SEQ_NEW,
	};
	struct seqtrack st = { 0 };
	uint32_t i;

	(void)state;
	add_all(&st, seq, want, 4);
	assert_int_equal(st.total, 4);
	assert_int_equal(st.distinct, 4);
	assert_int_equal(st.dups, 0);
	assert_int_equal(st.reordered, 0);
	assert_int_equal(st.first, 0);
	assert_int_equal(st.highest, 3);
	assert_int_equal(seq_gaps(&st), 0);
	for (i = 0; i < 4; i++)
		assert_true(seq_seen(&st, i));
	assert_false(seq_seen(&st, 4));
	assert_false(seq_seen(&st, 8));
}

static void
test_seq_reordered(void **state)
{
	static const uint32_t seq[] = { 0, 2, 1 };
	static const enum seq_result want[] = {
		SEQ_NEW, SEQ_NEW, SEQ_REORDERED,
	};
	static const uint32_t seq2[] = { 5, 3, 4, 6 };
	static const enum seq_result want2[] = {
		SEQ_NEW, SEQ_REORDERED, SEQ_REORDERED, SEQ_NEW,
	};
	struct seqtrack st = { 0 };

	(void)state;
	add_all(&st, seq, want, 3);
	assert_int_equal(st.total, 3);
	assert_int_equal(st.distinct, 3);
	assert_int_equal(st.dups, 0);
	assert_int_equal(st.reordered, 1);
	assert_int_equal(st.first, 0);
	assert_int_equal(st.highest, 2);
	assert_int_equal(seq_gaps(&st), 0);
	memset(&st, 0, sizeof(st));

	/* Below the first seen is also out of order, and moves first. */
	add_all(&st, seq2, want2, 4);
	assert_int_equal(st.reordered, 2);
	assert_int_equal(st.first, 3);
	assert_int_equal(st.highest, 6);
	assert_int_equal(seq_gaps(&st), 0);
}

static void
test_seq_dup(void **state)
{
	static const uint32_t seq[] = { 0, 1, 1, 2 };
	static const enum seq_result want[] = {
		SEQ_NEW, SEQ_NEW, SEQ_DUP, SEQ_NEW,
	};
	static const uint32_t seq2[] = { 0, 2, 1, 1, 2, 0 };
	static const enum seq_result want2[] = {
		SEQ_NEW, SEQ_NEW, SEQ_REORDERED, SEQ_DUP, SEQ_DUP, SEQ_DUP,
	};
	struct seqtrack st = { 0 };

	(void)state;
	add_all(&st, seq, want, 4);
	assert_int_equal(st.total, 4);
	assert_int_equal(st.distinct, 3);
	assert_int_equal(st.dups, 1);
	assert_int_equal(st.reordered, 0);
	assert_int_equal(st.highest, 2);
	assert_int_equal(seq_gaps(&st), 0);
	memset(&st, 0, sizeof(st));

	/* A duplicate is not counted as reordered as well. */
	add_all(&st, seq2, want2, 6);
	assert_int_equal(st.total, 6);
	assert_int_equal(st.distinct, 3);
	assert_int_equal(st.dups, 3);
	assert_int_equal(st.reordered, 1);
}

static void
test_seq_from_five(void **state)
{
	static const uint32_t seq[] = { 5, 6, 7 };
	static const enum seq_result want[] = { SEQ_NEW, SEQ_NEW, SEQ_NEW };
	struct seqtrack st = { 0 };

	(void)state;
	add_all(&st, seq, want, 3);
	assert_int_equal(st.first, 5);
	assert_int_equal(st.highest, 7);
	assert_int_equal(st.distinct, 3);
	assert_int_equal(st.reordered, 0);
	/* Nothing is missing between 5 and 7; 0..4 are not gaps. */
	assert_int_equal(seq_gaps(&st), 0);
	assert_false(seq_seen(&st, 0));
	assert_false(seq_seen(&st, 4));
	assert_true(seq_seen(&st, 5));
	assert_true(seq_seen(&st, 7));
	assert_false(seq_seen(&st, 8));
}

static void
test_seq_large(void **state)
{
	struct seqtrack st = { 0 };

	(void)state;
	assert_int_equal(seq_add(&st, 1000000), SEQ_NEW);
	assert_true(seq_seen(&st, 1000000));
	assert_false(seq_seen(&st, 999999));
	assert_false(seq_seen(&st, 1000001));
	assert_false(seq_seen(&st, 0));
	assert_int_equal(st.first, 1000000);
	assert_int_equal(st.highest, 1000000);
	assert_int_equal(seq_gaps(&st), 0);

	/* 3 lies far below the window: new, out of order, not remembered. */
	assert_int_equal(seq_add(&st, 3), SEQ_REORDERED);
	assert_false(seq_seen(&st, 3));
	assert_int_equal(seq_add(&st, 999999), SEQ_REORDERED);
	assert_true(seq_seen(&st, 999999));
	assert_int_equal(seq_add(&st, 1000000), SEQ_DUP);
	/* A jump past the window forgets what lay in it. */
	assert_int_equal(seq_add(&st, 2000000), SEQ_NEW);
	assert_false(seq_seen(&st, 999999));
	assert_false(seq_seen(&st, 1000000));
	assert_true(seq_seen(&st, 2000000));
	assert_false(seq_seen(&st, 1999999));
	/* Within the window, below the highest: exact again. */
	assert_int_equal(seq_add(&st, 2000000 - SEQ_WINDOW + 1), SEQ_REORDERED);
	assert_int_equal(seq_add(&st, 2000000 - SEQ_WINDOW + 1), SEQ_DUP);
	assert_int_equal(st.first, 3);
	assert_int_equal(st.highest, 2000000);
	assert_int_equal(st.distinct, 5);
	assert_int_equal(st.dups, 2);
	assert_int_equal(st.reordered, 3);
	/* 3..2000000 is 1999998 numbers, 5 of them seen. */
	assert_int_equal(seq_gaps(&st), 1999993);
}

/* Sliding by less than the window clears exactly the numbers passed over. */
static void
test_seq_slide(void **state)
{
	struct seqtrack st = { 0 };
	uint32_t i;

	(void)state;
	for (i = 0; i < SEQ_WINDOW; i++)
		assert_int_equal(seq_add(&st, i), SEQ_NEW);
	/* 5 + SEQ_WINDOW shares bit positions with 0..5: they must clear. */
	assert_int_equal(seq_add(&st, SEQ_WINDOW + 5), SEQ_NEW);
	for (i = SEQ_WINDOW; i < SEQ_WINDOW + 5; i++)
		assert_false(seq_seen(&st, i));
	assert_int_equal(seq_add(&st, SEQ_WINDOW + 2), SEQ_REORDERED);
	assert_int_equal(seq_add(&st, SEQ_WINDOW + 2), SEQ_DUP);
	assert_int_equal(seq_add(&st, 100), SEQ_DUP);
	assert_int_equal(seq_gaps(&st), 4);
}

static void
test_seq_max(void **state)
{
	struct seqtrack st = { 0 };

	(void)state;
	assert_int_equal(seq_add(&st, 0), SEQ_NEW);
	assert_int_equal(seq_add(&st, 1000), SEQ_NEW);
	assert_int_equal(seq_add(&st, 0xffffffffU), SEQ_NEW);
	assert_true(seq_seen(&st, 0xffffffffU));
	assert_false(seq_seen(&st, 0xfffffffeU));
	/* A forged jump forgets the window: no memory is spent on it. */
	assert_false(seq_seen(&st, 0));
	assert_false(seq_seen(&st, 1000));
	assert_true(sizeof(st) < 4096);
	assert_true(st.highest == 0xffffffffU);
	assert_int_equal(st.first, 0);
	assert_int_equal(seq_add(&st, 0xffffffffU), SEQ_DUP);
	assert_int_equal(seq_add(&st, 0xfffffffeU), SEQ_REORDERED);
	/* 0..0xffffffff is 2^32 numbers, 4 of them seen. */
	assert_true(seq_gaps(&st) == 4294967296ULL - 4);
}

static void
test_seq_gaps(void **state)
{
	static const uint32_t seq[] = { 0, 1, 3, 7 };
	static const enum seq_result want[] = {
		SEQ_NEW, SEQ_NEW, SEQ_NEW, SEQ_NEW,
	};
	struct seqtrack st = { 0 };

	(void)state;
	assert_int_equal(seq_gaps(&st), 0);
	add_all(&st, seq, want, 4);
	/* Missing: 2, 4, 5, 6. */
	assert_int_equal(seq_gaps(&st), 4);
	assert_false(seq_seen(&st, 2));
	assert_false(seq_seen(&st, 4));
	assert_false(seq_seen(&st, 6));
	/* Filling one in and repeating one. */
	assert_int_equal(seq_add(&st, 5), SEQ_REORDERED);
	assert_int_equal(seq_add(&st, 3), SEQ_DUP);
	assert_int_equal(seq_gaps(&st), 3);
	memset(&st, 0, sizeof(st));

	assert_int_equal(seq_add(&st, 42), SEQ_NEW);
	assert_int_equal(seq_gaps(&st), 0);
	assert_int_equal(seq_add(&st, 40), SEQ_REORDERED);
	assert_int_equal(seq_gaps(&st), 1);
}

static void
test_seq_seen_empty(void **state)
{
	struct seqtrack st = { 0 };

	(void)state;
	assert_false(seq_seen(&st, 0));
	assert_false(seq_seen(&st, 7));
	assert_false(seq_seen(&st, 0xffffffffU));
}

/* ---- loss ---- */

static void
test_loss_pct(void **state)
{
	(void)state;
	assert_near(loss_pct(10, 7), 30.0, 1e-9);
	assert_near(loss_pct(10, 10), 0.0, 1e-9);
	assert_near(loss_pct(10, 0), 100.0, 1e-9);
	assert_near(loss_pct(4, 1), 75.0, 1e-9);
	assert_near(loss_pct(3, 1), 200.0 / 3.0, 1e-9);
	assert_near(loss_pct(0, 0), 0.0, 1e-9);
	/* More answers than probes (duplicates counted elsewhere): 0. */
	assert_near(loss_pct(10, 11), 0.0, 1e-9);
	assert_near(loss_pct(0, 5), 0.0, 1e-9);
	assert_near(loss_pct(UINT64_MAX, 0), 100.0, 1e-9);
}

static void
test_loss_since_pct(void **state)
{
	(void)state;
	/* Probes 4..9 are 6, all answered. */
	assert_near(loss_since_pct(10, 6, 4), 0.0, 1e-9);
	/* Probes 2..9 are 8, 4 answered. */
	assert_near(loss_since_pct(10, 4, 2), 50.0, 1e-9);
	/* From probe 0 it is plain loss. */
	assert_near(loss_since_pct(10, 7, 0), 30.0, 1e-9);
	/* Probes 9..9 is 1, answered. */
	assert_near(loss_since_pct(10, 1, 9), 0.0, 1e-9);
	/* None answered: everything was lost. */
	assert_near(loss_since_pct(10, 0, 0), 100.0, 1e-9);
	assert_near(loss_since_pct(10, 0, 5), 100.0, 1e-9);
	assert_near(loss_since_pct(0, 0, 0), 0.0, 1e-9);
}

/* ---- rtt ---- */

static void
test_rtt_four(void **state)
{
	struct rtt r = { 0 };

	(void)state;
	rtt_add(&r, 1 * MS);
	rtt_add(&r, 2 * MS);
	rtt_add(&r, 3 * MS);
	rtt_add(&r, 4 * MS);
	assert_int_equal(r.n, 4);
	assert_int_equal(r.min, 1 * MS);
	assert_int_equal(r.max, 4 * MS);
	assert_near(r.mean, 2.5 * MS, 1e-3);
	/* Deviations 1.5, 0.5, 0.5, 1.5 ms: variance 5/4 ms^2. */
	assert_near(rtt_mdev(&r), sqrt(1.25) * MS, 1e-3);
	assert_near(rtt_mdev(&r), 1118033.988749895, 1e-3);
}

static void
test_rtt_order(void **state)
{
	struct rtt r = { 0 };

	(void)state;
	/* The same samples in another order, min and max in the middle. */
	rtt_add(&r, 3 * MS);
	rtt_add(&r, 1 * MS);
	rtt_add(&r, 4 * MS);
	rtt_add(&r, 2 * MS);
	assert_int_equal(r.min, 1 * MS);
	assert_int_equal(r.max, 4 * MS);
	assert_near(r.mean, 2.5 * MS, 1e-3);
	assert_near(rtt_mdev(&r), 1118033.988749895, 1e-3);
}

static void
test_rtt_single(void **state)
{
	struct rtt r = { 0 };

	(void)state;
	assert_near(rtt_mdev(&r), 0.0, 1e-12);
	rtt_add(&r, 5 * MS);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.min, 5 * MS);
	assert_int_equal(r.max, 5 * MS);
	assert_near(r.mean, 5.0 * MS, 1e-6);
	assert_near(rtt_mdev(&r), 0.0, 1e-12);

	/* Equal samples: still no deviation. */
	rtt_add(&r, 5 * MS);
	rtt_add(&r, 5 * MS);
	assert_near(rtt_mdev(&r), 0.0, 1e-6);
}

static void
test_rtt_zero_first(void **state)
{
	struct rtt r = { 0 };

	(void)state;
	/* 0 ns is a sample like any other, not "unset". */
	rtt_add(&r, 0);
	rtt_add(&r, 2000);
	assert_int_equal(r.min, 0);
	assert_int_equal(r.max, 2000);
	assert_near(r.mean, 1000.0, 1e-9);
	assert_near(rtt_mdev(&r), 1000.0, 1e-9);
	/* A first sample above 0 must replace min, not keep 0. */
	memset(&r, 0, sizeof(r));
	rtt_add(&r, 7000);
	assert_int_equal(r.min, 7000);
}

static void
test_rtt_large_offset(void **state)
{
	struct rtt r = { 0 };
	int64_t base = 1000000000000000LL;	/* 1e15 ns */

	(void)state;
	/* Shifting every sample leaves the deviation alone (Welford). */
	rtt_add(&r, base + 1 * MS);
	rtt_add(&r, base + 2 * MS);
	rtt_add(&r, base + 3 * MS);
	rtt_add(&r, base + 4 * MS);
	assert_int_equal(r.min, base + 1 * MS);
	assert_int_equal(r.max, base + 4 * MS);
	assert_near(r.mean, (double)base + 2.5 * MS, 1.0);
	assert_near(rtt_mdev(&r), 1118033.988749895, 1.0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seq_in_order),
		cmocka_unit_test(test_seq_reordered),
		cmocka_unit_test(test_seq_dup),
		cmocka_unit_test(test_seq_from_five),
		cmocka_unit_test(test_seq_large),
		cmocka_unit_test(test_seq_slide),
		cmocka_unit_test(test_seq_max),
		cmocka_unit_test(test_seq_gaps),
		cmocka_unit_test(test_seq_seen_empty),
		cmocka_unit_test(test_loss_pct),
		cmocka_unit_test(test_loss_since_pct),
		cmocka_unit_test(test_rtt_four),
		cmocka_unit_test(test_rtt_order),
		cmocka_unit_test(test_rtt_single),
		cmocka_unit_test(test_rtt_zero_first),
		cmocka_unit_test(test_rtt_large_offset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
