/*
 * stats.c: sequence tracking, loss and round-trip arithmetic (stats.h).
 */
#include <math.h>
#include <string.h>

#include "stats.h"

static int
in_window(const struct seqtrack *st, uint32_t seq)
{
	return st->distinct > 0 && seq <= st->highest &&
	    st->highest - seq < SEQ_WINDOW;
}

static int
bit(const struct seqtrack *st, uint32_t seq)
{
	return st->win[seq % SEQ_WINDOW / 8] >> (seq % 8) & 1;
}

static void
set_bit(struct seqtrack *st, uint32_t seq, int on)
{
	unsigned char m = (unsigned char)(1u << (seq % 8));

	if (on)
		st->win[seq % SEQ_WINDOW / 8] |= m;
	else
		st->win[seq % SEQ_WINDOW / 8] &= (unsigned char)~m;
}

int
seq_seen(const struct seqtrack *st, uint32_t seq)
{
	return in_window(st, seq) && bit(st, seq);
}

enum seq_result
seq_add(struct seqtrack *st, uint32_t seq)
{
	uint32_t s;

	st->total++;
	if (st->distinct == 0) {
		st->distinct = 1;
		st->first = st->highest = seq;
		set_bit(st, seq, 1);
		return SEQ_NEW;
	}
	if (seq > st->highest) {
		/* Slide the window: numbers it passes over did not arrive. */
		if (seq - st->highest >= SEQ_WINDOW)
			memset(st->win, 0, sizeof(st->win));
		else
			for (s = st->highest + 1; s != seq; s++)
				set_bit(st, s, 0);
		set_bit(st, seq, 1);
		st->highest = seq;
		st->distinct++;
		return SEQ_NEW;
	}
	if (in_window(st, seq)) {
		if (bit(st, seq)) {
			st->dups++;
			return SEQ_DUP;
		}
		set_bit(st, seq, 1);
	}
	st->distinct++;
	st->reordered++;
	if (seq < st->first)
		st->first = seq;
	return SEQ_REORDERED;
}

uint64_t
seq_gaps(const struct seqtrack *st)
{
	if (st->distinct == 0)
		return 0;
	return (uint64_t)(st->highest - st->first) + 1 - st->distinct;
}

double
loss_pct(uint64_t sent, uint64_t answered)
{
	if (sent == 0 || answered >= sent)
		return 0.0;
	return 100.0 * (double)(sent - answered) / (double)sent;
}

double
loss_since_pct(uint64_t sent, uint64_t answered, uint32_t first)
{
	if (answered == 0 || first >= sent)
		return loss_pct(sent, answered);
	return loss_pct(sent - first, answered);
}

void
rtt_add(struct rtt *r, int64_t ns)
{
	double d;

	if (r->n == 0 || ns < r->min)
		r->min = ns;
	if (r->n == 0 || ns > r->max)
		r->max = ns;
	r->n++;
	d = (double)ns - r->mean;
	r->mean += d / (double)r->n;
	r->m2 += d * ((double)ns - r->mean);
}

double
rtt_mdev(const struct rtt *r)
{
	/* m2 >= 0 but for rounding; sqrt of a negative is NaN. */
	if (r->n == 0 || r->m2 <= 0.0)
		return 0.0;
	return sqrt(r->m2 / (double)r->n);
}
