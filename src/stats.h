/*
 * stats.h: per-peer statistics, pure arithmetic.  Sequence tracking
 * (distinct, duplicates, reordering, gaps) serves both tools; round-trip
 * times are the sender's.
 */
#ifndef STATS_H
#define STATS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Sequence numbers seen from one peer.  Duplicates are told exactly within
 * a window of SEQ_WINDOW numbers below the highest seen.  A number below
 * the window cannot be told from a duplicate, so it is counted apart, as
 * old, and never as new.  Whatever arrives: no number is counted as new
 * twice, total == distinct + dups + old, and every distinct number lies
 * in first..highest (so distinct <= highest - first + 1).  Numbers do not
 * wrap: a peer counts 0..2^32-1 once.  Fixed size, so that forged numbers
 * cost no memory, and a small bounded cost per arrival however far the
 * numbers jump.
 */
#define SEQ_WINDOW	16384

struct seqtrack {
	uint64_t total;		/* every arrival, duplicates included */
	uint64_t distinct;	/* distinct sequence numbers */
	uint64_t dups;		/* arrivals of a number already seen */
	uint64_t reordered;	/* new numbers below the highest seen */
	uint64_t old;		/* arrivals below the window (SEQ_OLD) */
	uint32_t first;		/* lowest seen */
	uint32_t highest;	/* highest seen */
	unsigned char win[SEQ_WINDOW / 8];	/* bit seq % SEQ_WINDOW */
};

/*
 * What one arrival was.  SEQ_NEW: the first number, or above the highest.
 * SEQ_REORDERED: new, below the highest and within the window (below the
 * first too, which then moves down).  SEQ_DUP: seen before, within the
 * window.  SEQ_OLD: SEQ_WINDOW or more below the highest, too old to tell
 * whether it was seen (a replay, or very late): counted in old only.
 * Only SEQ_NEW and SEQ_REORDERED are the first arrival of a number.
 */
enum seq_result { SEQ_NEW, SEQ_REORDERED, SEQ_DUP, SEQ_OLD };

/*
 * seq_add: record the arrival of seq and say what it was.
 */
enum seq_result	 seq_add(struct seqtrack *st, uint32_t seq);
/* seq_seen: whether seq arrived, for numbers within the window. */
int		 seq_seen(const struct seqtrack *st, uint32_t seq);

/*
 * seq_gaps: numbers missing between the first and the highest seen, the
 * span highest - first + 1 less distinct; never more than the span.
 */
uint64_t	 seq_gaps(const struct seqtrack *st);

/*
 * loss_pct: percentage of sent that was not answered, 0 when nothing was
 * sent.  loss_since_pct: the same counted from the first answered probe
 * (first), since the first probes are often lost while a tree forms.
 */
double		 loss_pct(uint64_t sent, uint64_t answered);
double		 loss_since_pct(uint64_t sent, uint64_t answered, uint32_t first);

/* Round-trip times, Welford's running mean and variance. */
struct rtt {
	uint64_t n;
	int64_t min, max;	/* ns */
	double mean, m2;	/* ns, ns^2 */
};

void		 rtt_add(struct rtt *r, int64_t ns);
/* rtt_mdev: population standard deviation in ns, as ping's mdev. */
double		 rtt_mdev(const struct rtt *r);

#endif /* STATS_H */
