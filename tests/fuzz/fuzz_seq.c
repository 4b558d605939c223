/*
 * fuzz_seq.c: sequence tracking (struct seqtrack, src/stats.c).
 *
 * The input is a stream of operations on one seqtrack, each a selector
 * byte and its operand: a number given outright, or a step forward or
 * back from the last number, small, near the window's size, or as large
 * as 16 bits, or the last number again.  Numbers may wrap round 2^32.
 *
 * After every call: what seq_add said matches a reference kept another
 * way (each number itself in a ring twice the window, never cleared), and
 * the counters obey total == distinct + dups + old, distinct <= the span
 * highest - first + 1, seq_gaps == span - distinct, no counter above
 * total.  At the end seq_seen agrees with the reference at both ends of
 * the window and at numbers spread between.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "stats.h"
#include "fuzz.h"

#define RING	(2 * SEQ_WINDOW)

/*
 * The reference: entry seq % RING holds seq while it is the latest number
 * there.  A number within the window has its entry to itself, for a later
 * number that shares it lies a window or more away.  Entries carry the
 * run's generation instead of being cleared for each input.
 */
static struct {
	uint64_t gen;
	uint32_t seq;
} ring[RING];
static uint64_t gen;

struct ref {
	uint32_t first, highest;
	int any;
	uint64_t news;		/* SEQ_NEW and SEQ_REORDERED said */
};

static int
ref_seen(uint32_t seq)
{
	return ring[seq % RING].gen == gen && ring[seq % RING].seq == seq;
}

static enum seq_result
ref_add(struct ref *r, uint32_t seq)
{
	enum seq_result res = SEQ_NEW;

	if (!r->any) {
		r->any = 1;
		r->first = r->highest = seq;
	} else if (seq > r->highest) {
		r->highest = seq;
	} else if (r->highest - seq >= SEQ_WINDOW) {
		return SEQ_OLD;
	} else if (ref_seen(seq)) {
		return SEQ_DUP;
	} else {
		res = SEQ_REORDERED;
		if (seq < r->first)
			r->first = seq;
	}
	ring[seq % RING].gen = gen;
	ring[seq % RING].seq = seq;
	return res;
}

static void
check(const struct seqtrack *st, const struct ref *r)
{
	uint64_t span = (uint64_t)(st->highest - st->first) + 1;

	CHECK(st->first == r->first && st->highest == r->highest);
	CHECK(st->first <= st->highest);
	CHECK(st->total == st->distinct + st->dups + st->old);
	CHECK(st->distinct == r->news);
	CHECK(st->distinct <= span);
	CHECK(seq_gaps(st) == span - st->distinct);
	CHECK(seq_gaps(st) <= span);
	CHECK(st->reordered <= st->distinct);
	CHECK(st->dups <= st->total && st->old <= st->total);
}

/* The next number from the input at *p (n bytes left), given the last. */
static uint32_t
next(const uint8_t **p, size_t *n, uint32_t last)
{
	uint32_t v = 0;
	uint8_t op = **p;
	size_t k, len = op % 8 == 0 ? 4 : op % 8 >= 6 ? 2 : op % 8 == 5 ? 0 : 1;

	(*p)++;
	(*n)--;
	for (k = 0; k < len && *n > 0; k++, (*p)++, (*n)--)
		v = v << 8 | **p;
	switch (op % 8) {
	case 0:
		return v;
	case 1:
		return last + v % 64;
	case 2:
		return last - v % 64;
	case 3:
		return last + SEQ_WINDOW - 8 + v % 17;
	case 4:
		return last - (SEQ_WINDOW - 8 + v % 17);
	case 5:
		return last;
	case 6:
		return last + v;
	default:
		return last - v;
	}
}

/* From k numbers past the scan's start, how far to the next one checked. */
static uint32_t
step(uint32_t k)
{
	return k < 64 || k >= SEQ_WINDOW - 32 ? 1 : 61;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct seqtrack st;
	struct ref r = { 0 };
	enum seq_result got, want;
	uint32_t seq = 0, s, lo;

	memset(&st, 0, sizeof(st));
	gen++;
	while (size > 0) {
		seq = next(&data, &size, seq);
		want = ref_add(&r, seq);
		got = seq_add(&st, seq);
		CHECK(got == want);
		if (got == SEQ_NEW || got == SEQ_REORDERED)
			r.news++;
		CHECK(seq_seen(&st, seq) == (got != SEQ_OLD));
		check(&st, &r);
	}
	if (!r.any)
		return 0;
	/* Both ends of the window closely, and every 61st number between. */
	lo = r.highest >= SEQ_WINDOW + 32 ? r.highest - SEQ_WINDOW - 32 : 0;
	for (s = lo; s - lo <= SEQ_WINDOW + 64; s += step(s - lo))
		CHECK(seq_seen(&st, s) == (s <= r.highest &&
		    r.highest - s < SEQ_WINDOW && ref_seen(s)));
	return 0;
}
