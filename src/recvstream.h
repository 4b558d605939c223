/*
 * recvstream.h: mcast-recv's side of a stream.  What it counted of one
 * sender's stream (stream.h), when its next report and interval line are
 * due, when the stream is over (end marker, or silence), and the report
 * datagram itself.  Pure: the caller reads the clocks and does the I/O.
 */
#ifndef RECVSTREAM_H
#define RECVSTREAM_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "probe.h"
#include "stream.h"

/* Silence that ends a stream without its end marker: this many report
 * intervals, and at least IDLE_MIN ns. */
#define RS_IDLE_IVLS	3
#define RS_IDLE_MIN	(2 * 1000000000LL)

struct rstream {
	struct stream_rx rx;
	int64_t start, last;		/* mono ns: first and latest arrival */
	int64_t ivl;			/* report interval, ns */
	int64_t next_report;		/* mono ns */
	int64_t line_ivl, next_line;	/* -i; 0: no interval lines */
	int64_t line_from;		/* mono ns: the interval's start */
	struct stream_report line_prev;	/* as of the last line, for its rate */
	struct stream_report rep_prev;	/* as of the last report */
	uint32_t rseq;			/* reports sent */
	uint64_t last_stamp;		/* the newest datagram's */
	int ttl;			/* its arrival TTL; -1 unknown */
	size_t sock;			/* the socket it arrives on */
	int done;			/* ended: no more lines or reports */
	int final_due;			/* an end marker asks for the final */
	uint64_t withheld;		/* reports not sent (--allow, rate,
					   a failed send) */
	uint64_t drops0, drops_line;	/* the host's drop count at the start,
					   and at the last line */
	long long reasm0, reasm_line;	/* reassembly failures, the same */
	char group[MC_ADDRSTRLEN];	/* the group it comes to, formatted
					   by the caller; "" unknown */
};

/* rs_init: a stream of session first seen at now (mono ns). */
void	 rs_init(struct rstream *rs, uint32_t session, int64_t now,
	    int64_t line_ivl);

/*
 * rs_add: count a stream datagram (decoded in p) of bytes that arrived
 * at now (mono ns) and at (CLOCK_REALTIME ns, the kernel's), on socket
 * sock with ttl.  An end marker sets final_due.  Returns what it was.
 */
enum seq_result rs_add(struct rstream *rs, const struct probe *p,
	    size_t bytes, int64_t now, int64_t at, size_t sock, int ttl);

/* rs_wake: the next instant (mono ns) rs needs attention; -1 when done. */
int64_t	 rs_wake(const struct rstream *rs);

/* rs_idle: whether the stream has gone silent for good by now. */
int	 rs_idle(const struct rstream *rs, int64_t now);

/*
 * rs_report: the report datagram into buf (name of namelen bytes), final
 * or not, and schedule the next.  Returns its length, 0 when it does not
 * fit.
 */
size_t	 rs_report(struct rstream *rs, int64_t now, int final,
	    const char *name, size_t namelen, unsigned char *buf, size_t len);

#endif /* RECVSTREAM_H */
