/*
 * stats.c: sequence tracking, loss and round-trip arithmetic (stats.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

#define SEQ_CAP_MAX	((size_t)1 << 29)	/* bitmap over all of uint32 */

int
seq_seen(const struct seqtrack *st, uint32_t seq)
{
	size_t byte = seq / 8;

	return byte < st->cap && (st->seen[byte] >> (seq % 8) & 1);
}

enum seq_result
seq_add(struct seqtrack *st, uint32_t seq)
{
	size_t byte = seq / 8, ncap;
	unsigned char *n;

	if (byte >= st->cap) {
		ncap = st->cap != 0 ? st->cap : 64;
		while (ncap <= byte && ncap < SEQ_CAP_MAX)
			ncap *= 2;
		if ((n = realloc(st->seen, ncap)) == NULL)
			return SEQ_ENOMEM;
		memset(n + st->cap, 0, ncap - st->cap);
		st->seen = n;
		st->cap = ncap;
	}
	st->total++;
	if (st->seen[byte] >> (seq % 8) & 1) {
		st->dups++;
		return SEQ_DUP;
	}
	st->seen[byte] |= (unsigned char)(1u << (seq % 8));
	if (st->distinct++ == 0) {
		st->first = st->highest = seq;
		return SEQ_NEW;
	}
	if (seq < st->first)
		st->first = seq;
	if (seq < st->highest) {
		st->reordered++;
		return SEQ_REORDERED;
	}
	st->highest = seq;
	return SEQ_NEW;
}

void
seq_free(struct seqtrack *st)
{
	free(st->seen);
	memset(st, 0, sizeof(*st));
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
	if (r->n == 0)
		return 0.0;
	return sqrt(r->m2 / (double)r->n);
}
