/*
 * stream.c: stream mode's counting, its report on the wire, and the
 * sender's pacing schedule (stream.h).
 */
#include <string.h>

#include "be.h"
#include "stream.h"

#define NS		1000000000ull	/* a second */
#define SPAN_MAX	((uint64_t)1 << 32)	/* numbers 0..2^32-1 */
/* The most pps pacing takes: k % pps times NS still fits 64 bits. */
#define PPS_MAX		(UINT64_MAX / NS)

/* a - b, held to the int64_t range where a forged stamp would overflow. */
static int64_t
sat_sub(int64_t a, int64_t b)
{
	if (b < 0 && a > INT64_MAX + b)
		return INT64_MAX;
	if (b > 0 && a < INT64_MIN + b)
		return INT64_MIN;
	return a - b;
}

/* A double as int64_t, rounded to nearest and held to the range. */
static int64_t
to_i64(double d)
{
	if (d >= 9223372036854775807.0)
		return INT64_MAX;
	if (d <= -9223372036854775808.0)
		return INT64_MIN;
	return (int64_t)(d < 0.0 ? d - 0.5 : d + 0.5);
}

void
stream_rx_init(struct stream_rx *rx, uint32_t session)
{
	memset(rx, 0, sizeof(*rx));
	rx->session = session;
}

/*
 * A first arrival's one-way delay: into the histogram when the clocks
 * allow it, into min and max always, and RFC 3550's interarrival jitter
 * (section 6.4.1, appendix A.8) from the change in transit time since the
 * previous first arrival.
 */
static void
first_arrival(struct stream_rx *rx, int64_t delay)
{
	double d;

	if (delay < 0)
		rx->negative = 1;
	else
		hist_add(&rx->delay, delay);
	if (rx->seq.distinct == 1) {
		rx->dmin = rx->dmax = delay;
	} else {
		if (delay < rx->dmin)
			rx->dmin = delay;
		if (delay > rx->dmax)
			rx->dmax = delay;
		d = (double)delay - (double)rx->prev_transit;
		if (d < 0.0)
			d = -d;
		rx->jitter += (d - rx->jitter) / 16.0;
	}
	rx->prev_transit = delay;
}

enum seq_result
stream_rx_add(struct stream_rx *rx, uint32_t seq, int64_t stamp, int64_t at,
    size_t bytes)
{
	enum seq_result r = seq_add(&rx->seq, seq);

	if (rx->seq.total == 1)
		rx->first_at = rx->last_at = at;
	else if (at > rx->last_at)
		rx->last_at = at;	/* a clock stepped back keeps the last */
	if (r != SEQ_NEW && r != SEQ_REORDERED)
		return r;
	rx->bytes += bytes;
	first_arrival(rx, sat_sub(at, stamp));
	return r;
}

void
stream_rx_end(struct stream_rx *rx, uint32_t total)
{
	/* Repeated markers say the same; a larger one never shrinks loss. */
	if (!rx->ended || total > rx->end)
		rx->end = total;
	rx->ended = 1;
}

/* The numbers the report accounts for, first to the end or the highest. */
static uint64_t
span(const struct stream_rx *rx)
{
	uint64_t top;

	if (rx->seq.distinct == 0)
		return rx->ended ? rx->end : 0;
	top = (uint64_t)rx->seq.highest + 1;
	if (rx->ended && rx->end > top)
		top = rx->end;
	return top - rx->seq.first;
}

void
stream_rx_report(const struct stream_rx *rx, struct stream_report *r)
{
	memset(r, 0, sizeof(*r));
	r->received = rx->seq.distinct;
	r->lost = span(rx) - rx->seq.distinct;
	r->dups = rx->seq.dups + rx->seq.old;
	r->reordered = rx->seq.reordered;
	r->bytes = rx->bytes;
	r->first = rx->seq.first;
	r->highest = rx->seq.highest;
	r->drops = rx->drops;
	if (rx->ended)
		r->flags |= STREAM_F_END;
	if (rx->seq.total == 0)
		return;
	r->jitter = to_i64(rx->jitter);
	r->dmin = rx->dmin;
	r->dmax = rx->dmax;
	r->elapsed = sat_sub(rx->last_at, rx->first_at);
	if (!rx->negative) {
		r->flags |= STREAM_F_SYNCED;
		r->p50 = hist_pct(&rx->delay, 50);
		r->p90 = hist_pct(&rx->delay, 90);
		r->p99 = hist_pct(&rx->delay, 99);
	}
}

double
stream_loss_pct(const struct stream_report *r)
{
	double all = (double)r->received + (double)r->lost;

	if (all <= 0.0)
		return 0.0;
	return 100.0 * (double)r->lost / all;
}

void
stream_rate(const struct stream_report *r, double *pps, double *bps)
{
	double gaps = r->received > 1 ? (double)(r->received - 1) : 0;

	*pps = *bps = 0;
	if (r->elapsed <= 0 || gaps == 0)
		return;
	*pps = gaps * 1e9 / (double)r->elapsed;
	*bps = (double)r->bytes / (double)r->received * 8 * *pps;
}

size_t
stream_report_encode(const struct stream_report *r, void *buf, size_t len)
{
	unsigned char *b = buf;
	unsigned int flags = r->flags & (STREAM_F_SYNCED | STREAM_F_END);

	if (len < STREAM_REPLEN)
		return 0;
	be64_put(b, r->received);
	be64_put(b + 8, r->lost);
	be64_put(b + 16, r->dups);
	be64_put(b + 24, r->reordered);
	be64_put(b + 32, r->bytes);
	be32_put(b + 40, r->first);
	be32_put(b + 44, r->highest);
	be64_put(b + 48, (uint64_t)r->jitter);
	be64_put(b + 56, (uint64_t)r->dmin);
	be64_put(b + 64, (uint64_t)r->dmax);
	be64_put(b + 72, (uint64_t)r->p50);
	be64_put(b + 80, (uint64_t)r->p90);
	be64_put(b + 88, (uint64_t)r->p99);
	be64_put(b + 96, (uint64_t)r->elapsed);
	be32_put(b + 104, r->drops);
	b[108] = (unsigned char)(flags >> 8);
	b[109] = (unsigned char)flags;
	b[110] = b[111] = 0;
	return STREAM_REPLEN;
}

/* Two's complement bits as int64_t, without relying on a cast's wrap. */
static int64_t
to_signed(uint64_t u)
{
	if (u <= INT64_MAX)
		return (int64_t)u;
	return -(int64_t)(UINT64_MAX - u) - 1;
}

/*
 * Whether the counts can all be true of one stream.  first..highest
 * holds every number received; without the end marker received + lost is
 * exactly that span, with it at least that and at most from first to
 * 2^32.  Reordered numbers and duplicates need an earlier arrival.
 */
static int
counts_ok(const struct stream_report *r)
{
	uint64_t seen = (uint64_t)r->highest - r->first + 1;

	if (r->highest < r->first || r->received > seen ||
	    r->lost > SPAN_MAX)
		return 0;
	if (r->received == 0)
		return r->reordered == 0 && r->dups == 0 && r->bytes == 0 &&
		    ((r->flags & STREAM_F_END) ? r->lost <= SPAN_MAX - r->first :
		    r->lost == 0);
	if (r->reordered >= r->received)
		return 0;
	if (!(r->flags & STREAM_F_END))
		return r->received + r->lost == seen;
	return r->received + r->lost >= seen &&
	    r->received + r->lost <= SPAN_MAX - r->first;
}

/*
 * Whether the times agree: dmin <= dmax, jitter and elapsed never
 * negative, and the percentiles, which come from the delays themselves,
 * in order between dmin and dmax when synced (and 0 when not).
 */
static int
times_ok(const struct stream_report *r)
{
	if (r->dmin > r->dmax || r->jitter < 0 || r->elapsed < 0)
		return 0;
	if (!(r->flags & STREAM_F_SYNCED))
		return r->p50 == 0 && r->p90 == 0 && r->p99 == 0;
	return r->received > 0 && r->dmin >= 0 && r->dmin <= r->p50 &&
	    r->p50 <= r->p90 && r->p90 <= r->p99 && r->p99 <= r->dmax;
}

int
stream_report_decode(const void *buf, size_t len, struct stream_report *r)
{
	const unsigned char *b = buf;

	memset(r, 0, sizeof(*r));
	if (len < STREAM_REPLEN)
		return -1;
	r->received = be64_get(b);
	r->lost = be64_get(b + 8);
	r->dups = be64_get(b + 16);
	r->reordered = be64_get(b + 24);
	r->bytes = be64_get(b + 32);
	r->first = be32_get(b + 40);
	r->highest = be32_get(b + 44);
	r->jitter = to_signed(be64_get(b + 48));
	r->dmin = to_signed(be64_get(b + 56));
	r->dmax = to_signed(be64_get(b + 64));
	r->p50 = to_signed(be64_get(b + 72));
	r->p90 = to_signed(be64_get(b + 80));
	r->p99 = to_signed(be64_get(b + 88));
	r->elapsed = to_signed(be64_get(b + 96));
	r->drops = be32_get(b + 104);
	/* Flags not known here are a later version's: ignored. */
	r->flags = ((unsigned int)b[108] << 8 | b[109]) &
	    (STREAM_F_SYNCED | STREAM_F_END);
	if (!counts_ok(r) || !times_ok(r))
		return -1;
	return 0;
}

/* a + b, held at UINT64_MAX. */
static uint64_t
sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/*
 * Slot k is due at t0 + ceil(k * NS / pps) (never early), so the slots
 * due by t0 + el are those with k <= el * pps / NS: floor of that, plus
 * slot 0.  With el = q * NS + r it is q * pps + r * pps / NS, each part
 * within 64 bits for pps up to PPS_MAX (1.8e10, more than any link
 * carries; a higher pps is taken as PPS_MAX).  At 0 pps only slot 0 is
 * ever due.
 */
uint64_t
pace_due(int64_t t0, uint64_t pps, int64_t now)
{
	uint64_t el, q, r;

	if (now < t0)
		return 0;
	if (pps == 0)
		return 1;
	if (pps > PPS_MAX)
		pps = PPS_MAX;
	el = (uint64_t)now - (uint64_t)t0;
	q = el / NS;
	r = el % NS;
	if (q > UINT64_MAX / pps)
		return UINT64_MAX;
	return sat_add(sat_add(q * pps, r * pps / NS), 1);
}

/*
 * With k = a * pps + b (b < pps), k * NS / pps = a * NS + b * NS / pps,
 * and b * NS fits 64 bits for pps up to PPS_MAX.  A time past the int64_t
 * range is held at INT64_MAX: never due.
 */
int64_t
pace_at(int64_t t0, uint64_t pps, uint64_t k)
{
	uint64_t a, b, frac, ns;

	if (k == 0)
		return t0;
	if (pps == 0)
		return INT64_MAX;
	if (pps > PPS_MAX)
		pps = PPS_MAX;
	a = k / pps;
	b = k % pps;
	if (a > UINT64_MAX / NS)
		return INT64_MAX;
	frac = b * NS / pps;
	if (frac * pps < b * NS)
		frac++;			/* rounded up: never early */
	ns = sat_add(a * NS, frac);
	/* INT64_MAX - t0 as unsigned, right for either sign of t0 */
	if (ns > (uint64_t)INT64_MAX - (uint64_t)t0)
		return INT64_MAX;
	return to_signed((uint64_t)t0 + ns);
}
