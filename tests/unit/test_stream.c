/*
 * test_stream.c: cmocka tests for stream mode's counting, its report on
 * the wire and the pacing schedule (src/stream.c).  Expected values are
 * worked out by hand; pacing is checked against 128-bit arithmetic.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "stream.h"

#define MS	1000000LL	/* ns */
#define SEC	1000000000LL
#define T0	1700000000000000000LL	/* a CLOCK_REALTIME of 2023 */

__extension__ typedef unsigned __int128 u128;

#define assert_near(x, want, eps) do {					\
	double x_ = (x), w_ = (want);					\
	if (!(fabs(x_ - w_) < (eps)))					\
		fail_msg("%s = %.9f, want %.9f", #x, x_, w_);		\
} while (0)

/* A fresh rx on the heap (struct hist is 4 KiB, the window 2 KiB). */
static struct stream_rx *
rx_new(void)
{
	struct stream_rx *rx = malloc(sizeof(*rx));

	assert_non_null(rx);
	stream_rx_init(rx, 0x5eed);
	return rx;
}

/* Datagram seq, sent at T0 + seq ms, arriving delay ns later, 100 bytes. */
static enum seq_result
add(struct stream_rx *rx, uint32_t seq, int64_t delay)
{
	int64_t stamp = T0 + (int64_t)seq * MS;

	return stream_rx_add(rx, seq, stamp, stamp + delay, 100);
}

/* Add each of n numbers with a 2 ms delay. */
static void
add_seqs(struct stream_rx *rx, const uint32_t *seq, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		add(rx, seq[i], 2 * MS);
}

/* What every report must hold: received + lost is the span. */
static void
report(const struct stream_rx *rx, struct stream_report *r, uint64_t span)
{
	unsigned char b[STREAM_REPLEN];
	struct stream_report d;

	stream_rx_report(rx, r);
	assert_int_equal(r->received + r->lost, span);
	assert_true(r->lost <= span);
	/* and it passes the wire both ways unchanged */
	assert_int_equal(stream_report_encode(r, b, sizeof(b)), STREAM_REPLEN);
	assert_int_equal(stream_report_decode(b, sizeof(b), &d), 0);
	assert_memory_equal(&d, r, sizeof(d));
}

/* ---- counting ---- */

static void
test_in_order(void **state)
{
	static const uint32_t seq[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	struct stream_rx *rx = rx_new();
	struct stream_report r;

	(void)state;
	add_seqs(rx, seq, 10);
	report(rx, &r, 10);
	assert_int_equal(r.received, 10);
	assert_int_equal(r.lost, 0);
	assert_int_equal(r.dups, 0);
	assert_int_equal(r.reordered, 0);
	assert_int_equal(r.bytes, 1000);
	assert_int_equal(r.first, 0);
	assert_int_equal(r.highest, 9);
	assert_int_equal(r.flags, STREAM_F_SYNCED);
	assert_int_equal(r.dmin, 2 * MS);
	assert_int_equal(r.dmax, 2 * MS);
	assert_int_equal(r.p50, 2 * MS);
	assert_int_equal(r.p99, 2 * MS);
	assert_int_equal(r.jitter, 0);
	assert_int_equal(r.elapsed, 9 * MS);
	assert_near(stream_loss_pct(&r), 0, 1e-9);
	free(rx);
}

static void
test_gaps(void **state)
{
	static const uint32_t seq[] = { 0, 1, 3, 4, 7 };
	struct stream_rx *rx = rx_new();
	struct stream_report r;

	(void)state;
	add_seqs(rx, seq, 5);
	report(rx, &r, 8);
	assert_int_equal(r.received, 5);
	assert_int_equal(r.lost, 3);		/* 2, 5, 6 */
	assert_int_equal(r.highest, 7);
	assert_near(stream_loss_pct(&r), 37.5, 1e-9);
	free(rx);
}

static void
test_reorder_dups(void **state)
{
	static const uint32_t seq[] = { 0, 2, 1, 1, 3, 2, 0 };
	struct stream_rx *rx = rx_new();
	struct stream_report r;

	(void)state;
	add_seqs(rx, seq, 7);
	report(rx, &r, 4);
	assert_int_equal(r.received, 4);
	assert_int_equal(r.lost, 0);
	assert_int_equal(r.reordered, 1);
	assert_int_equal(r.dups, 3);
	assert_int_equal(r.bytes, 400);		/* first arrivals only */
	free(rx);
}

/* A duplicate's delay counts nowhere: not in min, max, jitter, bytes. */
static void
test_dup_not_timed(void **state)
{
	struct stream_rx *rx = rx_new();
	struct stream_report r;

	(void)state;
	add(rx, 0, 2 * MS);
	add(rx, 1, 2 * MS);
	assert_int_equal(add(rx, 1, 900 * MS), SEQ_DUP);
	assert_int_equal(add(rx, 0, -5 * MS), SEQ_DUP);
	report(rx, &r, 2);
	assert_int_equal(r.dmax, 2 * MS);
	assert_int_equal(r.dmin, 2 * MS);
	assert_int_equal(r.jitter, 0);
	assert_int_equal(r.bytes, 200);
	assert_int_equal(r.flags, STREAM_F_SYNCED);
	/* but the arrival time does: elapsed runs to the last arrival */
	assert_int_equal(r.elapsed, 1 * MS + 898 * MS);
	free(rx);
}

/* Replays from below the window: dups, never received or lost again. */
static void
test_replay_old(void **state)
{
	struct stream_rx *rx = rx_new();
	struct stream_report r;

	(void)state;
	add(rx, 0, MS);
	add(rx, 20000, MS);
	assert_int_equal(add(rx, 0, MS), SEQ_OLD);
	assert_int_equal(add(rx, 5, MS), SEQ_OLD);
	report(rx, &r, 20001);
	assert_int_equal(r.received, 2);
	assert_int_equal(r.lost, 19999);
	assert_int_equal(r.dups, 2);
	free(rx);
}

static void
test_end_beyond(void **state)
{
	static const uint32_t seq[] = { 0, 1, 2, 3, 4 };
	struct stream_rx *rx = rx_new();
	struct stream_report r;

	(void)state;
	add_seqs(rx, seq, 5);
	stream_rx_end(rx, 10);		/* 0..9 sent: 5..9 lost */
	report(rx, &r, 10);
	assert_int_equal(r.received, 5);
	assert_int_equal(r.lost, 5);
	assert_int_equal(r.highest, 4);
	assert_int_equal(r.flags, STREAM_F_SYNCED | STREAM_F_END);
	/* repeated, or a smaller count after it: changes nothing */
	stream_rx_end(rx, 10);
	stream_rx_end(rx, 3);
	report(rx, &r, 10);
	assert_int_equal(r.lost, 5);
	free(rx);
}

/* An end marker below the highest seen (forged or odd) loses nothing. */
static void
test_end_below(void **state)
{
	static const uint32_t seq[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	struct stream_rx *rx = rx_new();
	struct stream_report r;

	(void)state;
	add_seqs(rx, seq, 10);
	stream_rx_end(rx, 5);
	report(rx, &r, 10);
	assert_int_equal(r.lost, 0);
	/* exactly the count: the last number was end - 1 */
	stream_rx_end(rx, 10);
	report(rx, &r, 10);
	assert_int_equal(r.lost, 0);
	stream_rx_end(rx, 11);
	report(rx, &r, 11);
	assert_int_equal(r.lost, 1);
	free(rx);
}

/* A receiver that joined late counts from the first number it saw. */
static void
test_late_first(void **state)
{
	static const uint32_t seq[] = { 1000, 1001, 1003 };
	struct stream_rx *rx = rx_new();
	struct stream_report r;

	(void)state;
	add_seqs(rx, seq, 3);
	report(rx, &r, 4);
	assert_int_equal(r.first, 1000);
	assert_int_equal(r.lost, 1);
	stream_rx_end(rx, 1010);
	report(rx, &r, 10);
	assert_int_equal(r.lost, 7);
	/* a late arrival below the first moves it down */
	assert_int_equal(add(rx, 999, 2 * MS), SEQ_REORDERED);
	report(rx, &r, 11);
	assert_int_equal(r.first, 999);
	assert_int_equal(r.lost, 7);
	free(rx);
}

static void
test_nothing(void **state)
{
	struct stream_rx *rx = rx_new();
	struct stream_report r;

	(void)state;
	report(rx, &r, 0);
	assert_int_equal(r.received, 0);
	assert_int_equal(r.flags, 0);
	assert_near(stream_loss_pct(&r), 0, 1e-9);
	/* only the end marker: everything it counts is lost */
	stream_rx_end(rx, 7);
	report(rx, &r, 7);
	assert_int_equal(r.lost, 7);
	assert_int_equal(r.flags, STREAM_F_END);
	assert_near(stream_loss_pct(&r), 100, 1e-9);
	free(rx);
}

/* The numbers' top: spans up to 2^32 do not wrap. */
static void
test_top(void **state)
{
	struct stream_rx *rx = rx_new();
	struct stream_report r;

	(void)state;
	add(rx, 0, MS);
	add(rx, UINT32_MAX, MS);
	report(rx, &r, (uint64_t)1 << 32);
	assert_int_equal(r.lost, ((uint64_t)1 << 32) - 2);
	stream_rx_end(rx, UINT32_MAX);
	report(rx, &r, (uint64_t)1 << 32);
	free(rx);
}

/* ---- delay and jitter ---- */

/* A constant delay has no jitter, however irregular the sending. */
static void
test_jitter_constant(void **state)
{
	struct stream_rx *rx = rx_new();
	struct stream_report r;
	int64_t stamp = T0;
	uint32_t i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		stamp += (int64_t)(i % 7) * MS + 13;
		stream_rx_add(rx, i, stamp, stamp + 3 * MS, 100);
	}
	report(rx, &r, 1000);
	assert_int_equal(r.jitter, 0);
	assert_int_equal(r.p50, 3 * MS);
	free(rx);
}

/*
 * Delays alternating between 1 and 3 ms: |D| is 2 ms every time, so after
 * k updates J = 2 ms * (1 - (15/16)^k) (RFC 3550 A.8), converging on 2 ms.
 */
static void
test_jitter_alternating(void **state)
{
	struct stream_rx *rx = rx_new();
	struct stream_report r;
	uint32_t i;

	(void)state;
	add(rx, 0, MS);
	assert_near(rx->jitter, 0, 1e-9);
	add(rx, 1, 3 * MS);
	assert_near(rx->jitter, 2.0 * MS / 16, 1e-6);
	for (i = 2; i <= 10; i++)
		add(rx, i, i % 2 ? 3 * MS : MS);
	assert_near(rx->jitter, 2.0 * MS * (1 - pow(15.0 / 16, 10)), 1e-3);
	for (; i < 1000; i++)
		add(rx, i, i % 2 ? 3 * MS : MS);
	report(rx, &r, 1000);
	assert_int_equal(r.jitter, 2 * MS);
	assert_int_equal(r.dmin, MS);
	assert_int_equal(r.dmax, 3 * MS);
	free(rx);
}

/* Jitter follows arrival order, duplicates left out. */
static void
test_jitter_order(void **state)
{
	struct stream_rx *rx = rx_new();

	(void)state;
	add(rx, 1, 4 * MS);
	add(rx, 0, 2 * MS);	/* reordered: first arrival, counts */
	assert_near(rx->jitter, 2.0 * MS / 16, 1e-6);
	add(rx, 0, 50 * MS);	/* dup: does not */
	assert_near(rx->jitter, 2.0 * MS / 16, 1e-6);
	add(rx, 2, 2 * MS);	/* D = 0 against 0's transit */
	assert_near(rx->jitter, 2.0 * MS / 16 * 15 / 16, 1e-6);
	free(rx);
}

/* Delays in the histogram: percentiles within the bound of hist.h. */
static void
test_delay_pcts(void **state)
{
	struct stream_rx *rx = rx_new();
	struct stream_report r;
	uint32_t i;

	(void)state;
	for (i = 0; i < 1000; i++)	/* 1 .. 1000 us, shuffled */
		add(rx, i, (int64_t)((i * 337) % 1000 + 1) * 1000);
	report(rx, &r, 1000);
	assert_int_equal(r.dmin, 1000);
	assert_int_equal(r.dmax, 1000000);
	assert_true(llabs(r.p50 - 500000) * 32 <= 500000);
	assert_true(llabs(r.p90 - 900000) * 32 <= 900000);
	assert_true(llabs(r.p99 - 990000) * 32 <= 990000);
	assert_true(r.p50 <= r.p90 && r.p90 <= r.p99);
	free(rx);
}

/* One negative delay: the clocks disagree, no percentiles. */
static void
test_negative_delay(void **state)
{
	struct stream_rx *rx = rx_new();
	struct stream_report r;

	(void)state;
	add(rx, 0, 5 * MS);
	add(rx, 1, -2 * MS);
	add(rx, 2, 6 * MS);
	report(rx, &r, 3);
	assert_int_equal(r.flags, 0);
	assert_int_equal(r.dmin, -2 * MS);
	assert_int_equal(r.dmax, 6 * MS);
	assert_int_equal(r.p50, 0);
	assert_int_equal(r.p90, 0);
	assert_int_equal(r.p99, 0);
	assert_int_equal(rx->delay.n, 2);
	free(rx);
}

/* Forged stamps at the ends of the range: held, not overflowed. */
static void
test_extreme_stamps(void **state)
{
	struct stream_rx *rx = rx_new();
	struct stream_report r;

	(void)state;
	stream_rx_add(rx, 0, INT64_MIN, T0, 10);
	stream_rx_add(rx, 1, INT64_MAX, -T0, 10);
	stream_rx_add(rx, 2, INT64_MIN, -T0, 10);
	report(rx, &r, 3);
	assert_int_equal(r.dmax, INT64_MAX);
	assert_int_equal(r.dmin, INT64_MIN);
	assert_true(r.jitter > 0);
	assert_int_equal(r.flags, 0);
	/* and arrival times from both ends */
	stream_rx_init(rx, 1);
	stream_rx_add(rx, 0, 0, INT64_MIN, 10);
	stream_rx_add(rx, 1, 0, INT64_MAX, 10);
	report(rx, &r, 2);
	assert_int_equal(r.elapsed, INT64_MAX);
	free(rx);
}

/* ---- the report on the wire ---- */

static const struct stream_report sample = {
	.received = 0xfeffffff - 0x10, .lost = 0x10, .dups = 3,
	.reordered = 2, .bytes = 0x1122334455667788ull,
	.first = 0x01000000, .highest = 0xfffffffe,
	.jitter = 12345, .dmin = -7, .dmax = 0x7000000000000001ll,
	.elapsed = 5 * SEC, .drops = 0xdeadbeef, .flags = STREAM_F_END,
};

static uint64_t
be(const unsigned char *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | *p++;
	return v;
}

static void
test_encode_layout(void **state)
{
	unsigned char b[STREAM_REPLEN + 8];
	struct stream_report r = sample, d;

	(void)state;
	memset(b, 0xa5, sizeof(b));
	assert_int_equal(stream_report_encode(&r, b, STREAM_REPLEN - 1), 0);
	assert_int_equal(b[0], 0xa5);
	assert_int_equal(stream_report_encode(&r, b, sizeof(b)), STREAM_REPLEN);
	assert_int_equal(b[STREAM_REPLEN], 0xa5);
	assert_int_equal(be(b, 8), r.received);
	assert_int_equal(be(b + 8, 8), 0x10);
	assert_int_equal(be(b + 16, 8), 3);
	assert_int_equal(be(b + 24, 8), 2);
	assert_int_equal(be(b + 32, 8), 0x1122334455667788ull);
	assert_int_equal(be(b + 40, 4), 0x01000000);
	assert_int_equal(be(b + 44, 4), 0xfffffffe);
	assert_int_equal(be(b + 48, 8), 12345);
	assert_int_equal(be(b + 56, 8), 0xfffffffffffffff9ull);
	assert_int_equal(be(b + 64, 8), 0x7000000000000001ull);
	assert_int_equal(be(b + 72, 8), 0);
	assert_int_equal(be(b + 96, 8), 5 * SEC);
	assert_int_equal(be(b + 104, 4), 0xdeadbeef);
	assert_int_equal(be(b + 108, 2), STREAM_F_END);
	assert_int_equal(be(b + 110, 2), 0);
	assert_int_equal(stream_report_decode(b, STREAM_REPLEN, &d), 0);
	assert_memory_equal(&d, &r, sizeof(d));
	/* longer is fine (what follows is not ours); shorter is not */
	assert_int_equal(stream_report_decode(b, sizeof(b), &d), 0);
	assert_int_equal(stream_report_decode(b, STREAM_REPLEN - 1, &d), -1);
	assert_int_equal(stream_report_decode(b, 0, &d), -1);
}

/* Flags of a later version and the reserved bytes are ignored. */
static void
test_decode_unknown_flags(void **state)
{
	unsigned char b[STREAM_REPLEN];
	struct stream_report r = { 0 }, d;

	(void)state;
	stream_report_encode(&r, b, sizeof(b));
	b[108] = 0x80;
	b[110] = b[111] = 0xff;
	assert_int_equal(stream_report_decode(b, sizeof(b), &d), 0);
	assert_int_equal(d.flags, 0);
}

/* Encode r as is (the encoder does not judge) and decode it. */
static int
wire(const struct stream_report *r)
{
	unsigned char b[STREAM_REPLEN];
	struct stream_report d;

	assert_int_equal(stream_report_encode(r, b, sizeof(b)), STREAM_REPLEN);
	return stream_report_decode(b, sizeof(b), &d);
}

static void
test_decode_contradictions(void **state)
{
	struct stream_report ok = {
		.received = 8, .lost = 2, .first = 10, .highest = 19,
		.dmin = 1000, .dmax = 5000, .p50 = 2000, .p90 = 3000,
		.p99 = 4000, .flags = STREAM_F_SYNCED,
	}, r;

	(void)state;
	assert_int_equal(wire(&ok), 0);
#define BAD(field, v) do { r = ok; r.field = v; assert_int_equal(wire(&r), -1); } while (0)
	BAD(received, 11);		/* more than 10..19 holds */
	BAD(lost, 3);			/* received + lost != span */
	BAD(lost, 1);
	BAD(highest, 9);		/* below first */
	BAD(dmin, 5001);
	BAD(p50, 999);			/* below dmin */
	BAD(p90, 1999);			/* out of order */
	BAD(p99, 5001);			/* above dmax */
	BAD(jitter, -1);
	BAD(elapsed, -1);
	BAD(reordered, 8);		/* needs one in order first */
	BAD(dmin, -1);			/* synced yet negative */
	r = ok;
	r.flags = 0;			/* not synced: no percentiles */
	assert_int_equal(wire(&r), -1);
	r.p50 = r.p90 = r.p99 = 0;
	assert_int_equal(wire(&r), 0);
	/* with the end marker the loss may run past highest, to 2^32 */
	r = ok;
	r.flags |= STREAM_F_END;
	r.lost = ((uint64_t)1 << 32) - 10 - 8;
	assert_int_equal(wire(&r), 0);
	r.lost++;
	assert_int_equal(wire(&r), -1);
	r.lost = 1;			/* but never short of the span */
	assert_int_equal(wire(&r), -1);
	r.lost = UINT64_MAX;		/* nor wrap round */
	assert_int_equal(wire(&r), -1);
	/* nothing received: nothing to have duplicated or timed */
	memset(&r, 0, sizeof(r));
	assert_int_equal(wire(&r), 0);
	r.lost = 1;
	assert_int_equal(wire(&r), -1);
	r.flags = STREAM_F_END;
	assert_int_equal(wire(&r), 0);
	r.dups = 1;
	assert_int_equal(wire(&r), -1);
	r.dups = 0;
	r.flags |= STREAM_F_SYNCED;
	assert_int_equal(wire(&r), -1);
#undef BAD
}

/* ---- pacing ---- */

/* ceil(k * 1e9 / pps), the reference, in 128 bits. */
static uint64_t
ref_at(uint64_t pps, uint64_t k)
{
	u128 n = (u128)k * (u128)SEC;

	return (uint64_t)((n + pps - 1) / pps);
}

/* 1 + floor(el * pps / 1e9), the reference. */
static uint64_t
ref_due(uint64_t pps, uint64_t el)
{
	return (uint64_t)((u128)el * pps / (u128)SEC) + 1;
}

/* pace_at is the reference, and pace_due steps up exactly there. */
static void
check_slot(int64_t t0, uint64_t pps, uint64_t k)
{
	int64_t at = pace_at(t0, pps, k);

	assert_int_equal((uint64_t)(at - t0), ref_at(pps, k));
	assert_int_equal(pace_due(t0, pps, at), k + 1);
	if (k > 0)
		assert_int_equal(pace_due(t0, pps, at - 1), k);
}

static void
test_pace_rates(void **state)
{
	static const uint64_t rates[] = { 1, 3, 7, 1000, 100000, 999983,
	    10000000, 100000000 };
	uint64_t s = 1, k, pps;
	size_t i;
	int j;

	(void)state;
	for (i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		pps = rates[i];
		for (k = 0; k < 50; k++)
			check_slot(T0, pps, k);
		check_slot(T0, pps, pps - 1);
		check_slot(T0, pps, pps);
		check_slot(T0, pps, pps + 1);
		check_slot(T0, pps, UINT32_MAX);
		check_slot(T0, pps, (uint64_t)1 << 32);
		for (j = 0; j < 1000; j++) {
			s = s * 6364136223846793005ull + 1442695040888963407ull;
			/* anywhere in the first 20 days */
			check_slot(T0, pps, (s >> 16) % (pps * 20 * 86400));
		}
	}
}

static void
test_pace_thirds(void **state)
{
	(void)state;
	assert_int_equal(pace_at(0, 3, 1), 333333334);	/* never early */
	assert_int_equal(pace_at(0, 3, 2), 666666667);
	assert_int_equal(pace_at(0, 3, 3), SEC);
	assert_int_equal(pace_due(0, 3, 333333333), 1);
	assert_int_equal(pace_due(0, 3, 333333334), 2);
	assert_int_equal(pace_due(0, 3, SEC - 1), 3);
	assert_int_equal(pace_due(0, 3, SEC), 4);
	assert_int_equal(pace_due(0, 7, 0), 1);
	assert_int_equal(pace_due(0, 7, -1), 0);
	assert_int_equal(pace_due(5, 1, 4), 0);
	assert_int_equal(pace_due(5, 1, 5), 1);
}

/* Ten days at 10^7 and 10^8 pps: to the ns, no drift. */
static void
test_pace_ten_days(void **state)
{
	const int64_t ten = 10LL * 86400 * SEC;
	uint64_t k;

	(void)state;
	k = 10ull * 86400 * 10000000;
	assert_int_equal(pace_at(T0, 10000000, k), T0 + ten);
	assert_int_equal(pace_due(T0, 10000000, T0 + ten), k + 1);
	assert_int_equal(pace_due(T0, 10000000, T0 + ten - 1), k);
	k = 10ull * 86400 * 100000000;
	assert_int_equal(pace_at(T0, 100000000, k), T0 + ten);
	assert_int_equal(pace_due(T0, 100000000, T0 + ten), k + 1);
	check_slot(T0, 100000000, k + 7);
	check_slot(T0, 999983, 10ull * 86400 * 999983 + 1);
	/* A rate that divides nothing: still exact against the reference. */
	check_slot(T0, 7, 10ull * 86400 * 7 - 1);
}

static void
test_pace_edges(void **state)
{
	(void)state;
	/* 0 pps: slot 0 only */
	assert_int_equal(pace_due(T0, 0, T0 + 100 * SEC), 1);
	assert_int_equal(pace_at(T0, 0, 0), T0);
	assert_int_equal(pace_at(T0, 0, 1), INT64_MAX);
	/* past the int64_t range: held at INT64_MAX, never due */
	assert_int_equal(pace_at(INT64_MAX - 10, 1, 1), INT64_MAX);
	assert_int_equal(pace_at(T0, 1, UINT64_MAX), INT64_MAX);
	/* negative t0 and the whole range of now */
	assert_int_equal(pace_at(-SEC, 1, 1), 0);
	assert_int_equal(pace_at(INT64_MIN, 1, 1), INT64_MIN + SEC);
	assert_int_equal(pace_due(INT64_MIN, 100000000, INT64_MAX),
	    ref_due(100000000, UINT64_MAX));
	assert_int_equal(pace_due(INT64_MIN, UINT64_MAX, INT64_MAX),
	    UINT64_MAX);
	/* a rate above one per ns: exact still, several slots a ns */
	assert_int_equal(pace_at(T0, 3000000000ull, 10), T0 + 4);
	assert_int_equal(pace_due(T0, 3000000000ull, T0 + 1), 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_order),
		cmocka_unit_test(test_gaps),
		cmocka_unit_test(test_reorder_dups),
		cmocka_unit_test(test_dup_not_timed),
		cmocka_unit_test(test_replay_old),
		cmocka_unit_test(test_end_beyond),
		cmocka_unit_test(test_end_below),
		cmocka_unit_test(test_late_first),
		cmocka_unit_test(test_nothing),
		cmocka_unit_test(test_top),
		cmocka_unit_test(test_jitter_constant),
		cmocka_unit_test(test_jitter_alternating),
		cmocka_unit_test(test_jitter_order),
		cmocka_unit_test(test_delay_pcts),
		cmocka_unit_test(test_negative_delay),
		cmocka_unit_test(test_extreme_stamps),
		cmocka_unit_test(test_encode_layout),
		cmocka_unit_test(test_decode_unknown_flags),
		cmocka_unit_test(test_decode_contradictions),
		cmocka_unit_test(test_pace_rates),
		cmocka_unit_test(test_pace_thirds),
		cmocka_unit_test(test_pace_ten_days),
		cmocka_unit_test(test_pace_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
