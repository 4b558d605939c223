/*
 * fuzz_stream.c: stream mode's counting and report (src/stream.c).
 *
 * The input is a stream of operations on one struct stream_rx, each a
 * selector byte and its operands:
 *   add   a datagram: its number (the last + 1, a small step either way,
 *         one past the window, or outright), its delay (small, either
 *         sign, or a stamp given outright), the step of the arrival clock
 *         (perhaps backwards) and its size;
 *   end   the end marker, near the highest number or outright;
 *   forge the current report on the wire with bytes changed.
 *
 * After every operation the report agrees with a reference kept here
 * (first, highest, bytes, dmin, dmax, the end, elapsed), received + lost
 * is the span (first to the end or the highest), lost <= span, received
 * <= datagrams added, the percentiles are in order, and decode(encode())
 * gives the report back.  A forged report decodes exactly when the
 * figures read off it here are consistent (ref_ok), and then as read.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "stream.h"
#include "fuzz.h"

#define T0		1700000000000000000LL
#define SPAN_MAX	((uint64_t)1 << 32)

struct ref {
	int any, ended, negative;
	uint32_t first, highest, end, last;
	uint64_t adds, bytes;
	int64_t now, first_at, last_at, dmin, dmax;
};

static int64_t
as_signed(uint64_t u)
{
	return u <= INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
}

static int64_t
sub_sat(int64_t a, int64_t b)
{
	int64_t d;

	if (__builtin_sub_overflow(a, b, &d))
		return b < 0 ? INT64_MAX : INT64_MIN;
	return d;
}

/* The span a report accounts for, worked out from the reference. */
static uint64_t
ref_span(const struct ref *f)
{
	uint64_t top;

	if (!f->any)
		return f->ended ? f->end : 0;
	top = (uint64_t)f->highest + 1;
	if (f->ended && f->end > top)
		top = f->end;
	return top - f->first;
}

static void
op_add(struct stream_rx *rx, struct ref *f, struct cursor *c, uint8_t op)
{
	uint32_t seq;
	int64_t stamp, delay;
	uint64_t step;
	size_t bytes;
	enum seq_result r;

	switch (op >> 3 & 3) {
	case 0:
		seq = f->last + 1;
		break;
	case 1:
		seq = f->last + (uint32_t)take(c, 1) % 64 - 32;
		break;
	case 2:
		seq = f->last + SEQ_WINDOW + (uint32_t)take(c, 1);
		break;
	default:
		seq = (uint32_t)take(c, 4);
		break;
	}
	step = take(c, 1) * 1000;
	f->now = op & 0x20 ? f->now - (int64_t)step : f->now + (int64_t)step;
	if (op & 0x40)
		stamp = as_signed(take(c, 8));
	else
		stamp = f->now - ((int64_t)(int8_t)take(c, 1) * 10000);
	bytes = (size_t)take(c, 1) * 8;
	r = stream_rx_add(rx, seq, stamp, f->now, bytes);
	/* Above the highest is always new; the rest is fuzz_seq's to check. */
	CHECK(!f->any || seq <= f->highest || r == SEQ_NEW);
	CHECK(f->any || r == SEQ_NEW);
	f->last = seq;
	f->adds++;
	if (f->adds == 1)
		f->first_at = f->last_at = f->now;
	else if (f->now > f->last_at)
		f->last_at = f->now;
	if (!f->any || seq > f->highest)
		f->highest = seq;
	if (r == SEQ_NEW || r == SEQ_REORDERED) {
		delay = sub_sat(f->now, stamp);
		if (!f->any || seq < f->first)
			f->first = seq;
		if (!f->any || delay < f->dmin)
			f->dmin = delay;
		if (!f->any || delay > f->dmax)
			f->dmax = delay;
		f->negative |= delay < 0;
		f->bytes += bytes;
		f->any = 1;
	}
}

/*
 * Whether the figures of a report can be true of one stream, as
 * stream.h has them: every number received lies in first..highest;
 * without the end marker received + lost is that span exactly, with it
 * the span runs from first to some end no higher than 2^32; reordered
 * numbers and duplicates need an earlier arrival; the percentiles come
 * from the delays, so they lie in order in dmin..dmax when synced, and
 * are 0 when not; a synced report has a delay to be synced on.
 */
static int
ref_ok(const struct stream_report *r)
{
	uint64_t seen, all;
	int end = (r->flags & STREAM_F_END) != 0;

	if (r->highest < r->first || r->lost > SPAN_MAX ||
	    r->received > SPAN_MAX)
		return 0;
	seen = (uint64_t)r->highest - r->first + 1;
	all = r->received + r->lost;
	if (r->received > seen)
		return 0;
	if (r->received == 0 && (r->dups || r->reordered || r->bytes ||
	    (r->flags & STREAM_F_SYNCED) || (!end && r->lost)))
		return 0;
	if (r->received > 0 && (r->reordered >= r->received ||
	    (end ? all < seen : all != seen)))
		return 0;
	if (end && all > SPAN_MAX - r->first)
		return 0;
	if (r->dmin > r->dmax || r->jitter < 0 || r->elapsed < 0)
		return 0;
	if (!(r->flags & STREAM_F_SYNCED))
		return r->p50 == 0 && r->p90 == 0 && r->p99 == 0;
	return r->dmin >= 0 && r->p50 >= r->dmin && r->p90 >= r->p50 &&
	    r->p99 >= r->p90 && r->dmax >= r->p99;
}

static uint64_t
be(const unsigned char *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | *p++;
	return v;
}

/* The figures at b read off stream.h's table. */
static void
read_report(const unsigned char *b, struct stream_report *r)
{
	memset(r, 0, sizeof(*r));
	r->received = be(b, 8);
	r->lost = be(b + 8, 8);
	r->dups = be(b + 16, 8);
	r->reordered = be(b + 24, 8);
	r->bytes = be(b + 32, 8);
	r->first = (uint32_t)be(b + 40, 4);
	r->highest = (uint32_t)be(b + 44, 4);
	r->jitter = as_signed(be(b + 48, 8));
	r->dmin = as_signed(be(b + 56, 8));
	r->dmax = as_signed(be(b + 64, 8));
	r->p50 = as_signed(be(b + 72, 8));
	r->p90 = as_signed(be(b + 80, 8));
	r->p99 = as_signed(be(b + 88, 8));
	r->elapsed = as_signed(be(b + 96, 8));
	r->drops = (uint32_t)be(b + 104, 4);
	r->flags = (unsigned int)be(b + 108, 2) &
	    (STREAM_F_SYNCED | STREAM_F_END);
}

static void
check_report(const struct stream_rx *rx, const struct ref *f,
    struct stream_report *r)
{
	unsigned char *b = malloc(STREAM_REPLEN);
	struct stream_report d, w;
	uint64_t span = ref_span(f);

	CHECK(b != NULL);
	stream_rx_report(rx, r);
	CHECK(r->received + r->lost == span);
	CHECK(r->lost <= span && r->received <= f->adds);
	CHECK(r->bytes == f->bytes);
	CHECK(!!(r->flags & STREAM_F_END) == f->ended);
	if (f->any) {
		CHECK(r->first == f->first && r->highest == f->highest);
		CHECK(r->dmin == f->dmin && r->dmax == f->dmax);
		CHECK(r->elapsed == sub_sat(f->last_at, f->first_at));
		CHECK(!!(r->flags & STREAM_F_SYNCED) == !f->negative);
	}
	CHECK(ref_ok(r));
	CHECK(stream_report_encode(r, b, STREAM_REPLEN) == STREAM_REPLEN);
	read_report(b, &w);
	CHECK(memcmp(&w, r, sizeof(w)) == 0);
	CHECK(stream_report_decode(b, STREAM_REPLEN, &d) == 0);
	CHECK(memcmp(&d, r, sizeof(d)) == 0);
	CHECK(stream_report_decode(b, STREAM_REPLEN - 1, &d) == -1);
	free(b);
}

/* The report with some bytes changed: decoded exactly when consistent. */
static void
op_forge(const struct stream_report *r, struct cursor *c, uint8_t op)
{
	unsigned char *b = malloc(STREAM_REPLEN);
	struct stream_report d, w;
	int i, n = 1 + (op >> 3 & 3);

	CHECK(b != NULL);
	stream_report_encode(r, b, STREAM_REPLEN);
	for (i = 0; i < n; i++) {
		size_t at = (size_t)take(c, 1) % STREAM_REPLEN;

		b[at] ^= (unsigned char)take(c, 1);
	}
	read_report(b, &w);
	if (stream_report_decode(b, STREAM_REPLEN, &d) == 0) {
		CHECK(ref_ok(&w));
		CHECK(memcmp(&d, &w, sizeof(d)) == 0);
	} else {
		CHECK(!ref_ok(&w));
	}
	free(b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct stream_rx rx;
	struct cursor c = { data, size };
	struct stream_report r;
	struct ref f;
	uint32_t total;
	uint8_t op;

	memset(&f, 0, sizeof(f));
	f.now = T0;
	stream_rx_init(&rx, 7);
	check_report(&rx, &f, &r);
	while (c.n > 0) {
		op = (uint8_t)take(&c, 1);
		switch (op % 8) {
		case 6:
			total = op & 0x80 ? (uint32_t)take(&c, 4) :
			    f.highest + (uint32_t)take(&c, 1) % 16 - 4;
			stream_rx_end(&rx, total);
			if (!f.ended || total > f.end)
				f.end = total;
			f.ended = 1;
			break;
		case 7:
			op_forge(&r, &c, op);
			break;
		default:
			op_add(&rx, &f, &c, op);
			break;
		}
		check_report(&rx, &f, &r);
	}
	return 0;
}
