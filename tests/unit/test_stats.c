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

/* The counters of st: total, distinct, dups, reordered, old. */
static void
assert_counts(const struct seqtrack *st, uint64_t total, uint64_t distinct,
    uint64_t dups, uint64_t reordered, uint64_t old)
{
	assert_int_equal(st->total, total);
	assert_int_equal(st->distinct, distinct);
	assert_int_equal(st->dups, dups);
	assert_int_equal(st->reordered, reordered);
	assert_int_equal(st->old, old);
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

	/* 3 lies far below the window: old, never counted as new. */
	assert_int_equal(seq_add(&st, 3), SEQ_OLD);
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
	assert_int_equal(st.first, 999999);
	assert_int_equal(st.highest, 2000000);
	assert_counts(&st, 7, 4, 2, 2, 1);
	/* 999999..2000000 is 1000002 numbers, 4 of them seen. */
	assert_int_equal(seq_gaps(&st), 999998);
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

/* The replay: 0..20000, then 0 again. */
static void
test_seq_replay(void **state)
{
	struct seqtrack st = { 0 };
	uint32_t i;

	(void)state;
	for (i = 0; i <= 20000; i++)
		assert_int_equal(seq_add(&st, i), SEQ_NEW);
	/* Below the window: old, whether seen or not; never new again. */
	assert_int_equal(seq_add(&st, 0), SEQ_OLD);
	assert_int_equal(seq_add(&st, 20000 - SEQ_WINDOW), SEQ_OLD);
	/* The lowest number within the window is still told exactly. */
	assert_int_equal(seq_add(&st, 20000 - SEQ_WINDOW + 1), SEQ_DUP);
	assert_counts(&st, 20004, 20001, 1, 0, 2);
	assert_int_equal(st.first, 0);
	assert_int_equal(seq_gaps(&st), 0);

	/* Every number replayed: still 20001 distinct, nothing lost. */
	for (i = 0; i <= 20000; i++)
		assert_int_not_equal(seq_add(&st, i), SEQ_NEW);
	assert_counts(&st, 20004 + 20001, 20001, 1 + SEQ_WINDOW, 0,
	    2 + 20000 - SEQ_WINDOW + 1);
	assert_int_equal(seq_gaps(&st), 0);
}

/* Below the first seen: reordered within the window, old below it. */
static void
test_seq_below_first(void **state)
{
	struct seqtrack st = { 0 };
	uint32_t low = 20000 - SEQ_WINDOW + 1;

	(void)state;
	assert_int_equal(seq_add(&st, 20000), SEQ_NEW);
	assert_int_equal(seq_add(&st, low), SEQ_REORDERED);
	assert_int_equal(st.first, low);
	assert_int_equal(seq_add(&st, low), SEQ_DUP);
	/* Never seen, but below the window: old, and first stays. */
	assert_int_equal(seq_add(&st, low - 1), SEQ_OLD);
	assert_int_equal(seq_add(&st, 0), SEQ_OLD);
	assert_int_equal(st.first, low);
	assert_counts(&st, 5, 2, 1, 1, 2);
	assert_int_equal(seq_gaps(&st), SEQ_WINDOW - 2);

	/* A first number below the window of the second is old too. */
	memset(&st, 0, sizeof(st));
	assert_int_equal(seq_add(&st, 5), SEQ_NEW);
	assert_int_equal(seq_add(&st, 5 + SEQ_WINDOW), SEQ_NEW);
	assert_int_equal(seq_add(&st, 4), SEQ_OLD);
	assert_int_equal(seq_add(&st, 5), SEQ_OLD);
	assert_int_equal(seq_add(&st, 6), SEQ_REORDERED);
	assert_int_equal(st.first, 5);
	assert_counts(&st, 5, 3, 0, 1, 2);
	assert_int_equal(seq_gaps(&st), SEQ_WINDOW + 1 - 3);
}

/*
 * A reference that remembers every number, in a plain array, for a walk
 * over 0..REF_MAX-1 in jumps of every size around the byte and ring
 * boundaries, forward and back.  seq_add must say what stats.h says from
 * that memory, and seq_seen must agree with it over the window.
 */
#define REF_MAX	(4 * SEQ_WINDOW)

static enum seq_result
expect(const unsigned char *seen, uint64_t total, uint32_t highest,
    uint32_t seq)
{
	if (total == 0 || seq > highest)
		return SEQ_NEW;
	if (highest - seq >= SEQ_WINDOW)
		return SEQ_OLD;
	return seen[seq] ? SEQ_DUP : SEQ_REORDERED;
}

static void
check_window(const struct seqtrack *st, const unsigned char *seen)
{
	uint32_t s;

	for (s = 0; s < REF_MAX; s++)
		if (seq_seen(st, s) != (s <= st->highest &&
		    st->highest - s < SEQ_WINDOW && seen[s]))
			fail_msg("seq_seen(%lu) wrong, highest %lu",
			    (unsigned long)s, (unsigned long)st->highest);
}

static void
test_seq_reference(void **state)
{
	static const int32_t jump[] = { 1, 2, 7, 8, 9, 15, 16, 17, 63, 64, 65,
	    SEQ_WINDOW - 9, SEQ_WINDOW - 8, SEQ_WINDOW - 1, SEQ_WINDOW,
	    SEQ_WINDOW + 1, 0, -1, -3, -8, -9, -100, -(SEQ_WINDOW - 1),
	    -SEQ_WINDOW, -(SEQ_WINDOW + 1), 3, 5, 11, 4000, 8191, 12289 };
	static unsigned char seen[REF_MAX];
	struct seqtrack st = { 0 };
	enum seq_result got, want;
	uint32_t seq = 40, x = 1, first = 40;
	size_t n = sizeof(jump) / sizeof(jump[0]);
	int64_t next;
	int k;

	(void)state;
	for (k = 0; k < 30000; k++) {
		x = x * 1103515245u + 12345u;
		next = (int64_t)seq + jump[(x >> 16) % n];
		if (next < 0 || next >= REF_MAX)	/* bounce back */
			next = (int64_t)seq - jump[(x >> 16) % n];
		seq = (uint32_t)next;
		want = expect(seen, st.total, st.highest, seq);
		if ((got = seq_add(&st, seq)) != want)
			fail_msg("#%d seq_add(%lu) = %d, want %d", k,
			    (unsigned long)seq, (int)got, (int)want);
		if (want == SEQ_NEW || want == SEQ_REORDERED) {
			seen[seq] = 1;
			first = k == 0 || seq < first ? seq : first;
		}
		assert_int_equal(st.first, first);
		assert_true(st.distinct <= (uint64_t)(st.highest - st.first) + 1);
		assert_true(st.total == st.distinct + st.dups + st.old);
		assert_true(seq_gaps(&st) ==
		    (uint64_t)(st.highest - st.first) + 1 - st.distinct);
		if (k % 499 == 0)
			check_window(&st, seen);
	}
	check_window(&st, seen);
	/* The walk did reach every kind of arrival. */
	assert_true(st.dups > 0 && st.old > 0 && st.reordered > 0);
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
		cmocka_unit_test(test_seq_replay),
		cmocka_unit_test(test_seq_below_first),
		cmocka_unit_test(test_seq_reference),
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
