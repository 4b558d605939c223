/*
 * streamfmt.h: stream mode's events as plain structs, and their text and
 * JSON renderers, for both tools: what one receiver counted of one stream
 * (a report at the sender, an interval or end line at the receiver), and
 * the sender's stream summary.
 */
#ifndef STREAMFMT_H
#define STREAMFMT_H

#include <stddef.h>
#include <stdint.h>

#include "output.h"
#include "stream.h"

/* One receiver's figures of one stream. */
struct ev_stream {
	const char *peer;		/* the receiver (at the sender), or the
					   sender (at the receiver) */
	const char *group;		/* NULL: not known */
	int several;			/* more than one group: text names it */
	const unsigned char *name;	/* the receiver's; NULL: none */
	size_t namelen;
	uint32_t session;
	const struct stream_report *r;
	double pps, bps;		/* received rate, over the interval */
	double from_s, to_s;		/* the interval, s since the stream began */
	int final;			/* the receiver's last word */
	int hops;			/* -1: unknown */
	long long host_drops;		/* receiver: kernel drops, -1: none */
	long long reasm_fails;		/* receiver: reassembly failures, -1 */
	const struct hist *delay;	/* receiver: the delays; NULL: none */
};

/* The sender's stream summary head; its rows are render_stream_row(). */
struct ev_stream_head {
	int final;
	const char *reason;
	const char *title;
	uint64_t sent, skipped;		/* datagrams per group */
	size_t size;			/* bytes each */
	uint64_t rate;			/* per second per group */
	double seconds;			/* sending took */
	size_t receivers;
	uint64_t ignored, untracked;
	int max_receivers;
};

/* At the sender: a report arrived (event "report"). */
void	 render_report(struct outline *ol, const struct ev_stream *e);
/* At the receiver: an interval line (event "interval") or a stream's end
 * (event "stream"). */
void	 render_interval(struct outline *ol, const struct ev_stream *e);
void	 render_stream_end(struct outline *ol, const struct ev_stream *e);

/* The sender's summary: its head, a row per receiver, ol_end_list(). */
void	 render_stream_head(struct outline *ol, const struct ev_stream_head *h);
void	 render_stream_row(struct outline *ol, const struct ev_stream *e,
	    size_t i);

/*
 * sb_json_hist: ',"key":[[lowest ns of a bucket, count], ...]', the
 * buckets that hold any (hist.h), lowest first.
 */
void	 sb_json_hist(struct sbuf *sb, const char *key, const struct hist *h);

/* fmt_rate: bits per second as "10.5 Mbit/s" into buf. */
char	*fmt_rate(double bps, char *buf, size_t len);

#endif /* STREAMFMT_H */
