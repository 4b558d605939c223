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
set_bit(struct seqtrack *st, uint32_t seq)
{
	st->win[seq % SEQ_WINDOW / 8] |= (unsigned char)(1u << (seq % 8));
}

/* Clear bits lo..hi-1 (hi <= SEQ_WINDOW), the whole bytes between at once. */
static void
clear_bits(unsigned char *w, uint32_t lo, uint32_t hi)
{
	uint32_t lb = lo / 8, hb = hi / 8;

	if (lo >= hi)
		return;
	if (lb == hb) {
		w[lb] &= (unsigned char)~(((1u << (hi - lo)) - 1) << (lo % 8));
		return;
	}
	w[lb] &= (unsigned char)((1u << (lo % 8)) - 1);
	memset(w + lb + 1, 0, hb - lb - 1);
	if (hi % 8 != 0)
		w[hb] &= (unsigned char)~((1u << (hi % 8)) - 1);
}

/*
 * Move the highest up to seq: the numbers passed over did not arrive, and
 * their bits, which last held numbers now below the window, are cleared.
 */
static void
slide(struct seqtrack *st, uint32_t seq)
{
	uint32_t lo, n;

	if (seq - st->highest >= SEQ_WINDOW) {
		memset(st->win, 0, sizeof(st->win));
	} else if (seq - st->highest > 1) {
		/* n numbers from highest + 1, perhaps wrapping round the ring */
		lo = (st->highest + 1) % SEQ_WINDOW;
		n = seq - st->highest - 1;
		if (lo + n <= SEQ_WINDOW) {
			clear_bits(st->win, lo, lo + n);
		} else {
			clear_bits(st->win, lo, SEQ_WINDOW);
			clear_bits(st->win, 0, lo + n - SEQ_WINDOW);
		}
	}
	set_bit(st, seq);
	st->highest = seq;
}

int
seq_seen(const struct seqtrack *st, uint32_t seq)
{
	return in_window(st, seq) && bit(st, seq);
}

enum seq_result
seq_add(struct seqtrack *st, uint32_t seq)
{
	st->total++;
	if (st->distinct == 0) {
		st->distinct = 1;
		st->first = st->highest = seq;
		set_bit(st, seq);
		return SEQ_NEW;
	}
	if (seq > st->highest) {
		slide(st, seq);
		st->distinct++;
		return SEQ_NEW;
	}
	if (!in_window(st, seq)) {
		/* Seen or not, it cannot be told: never counted as new. */
		st->old++;
		return SEQ_OLD;
	}
	if (bit(st, seq)) {
		st->dups++;
		return SEQ_DUP;
	}
	set_bit(st, seq);
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
