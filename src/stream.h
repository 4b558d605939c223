/*
 * stream.h: stream mode, pure.  What a receiver counts of one stream
 * (loss, duplicates, reordering, RFC 3550 jitter, one-way delay), the
 * report it sends back (encoded on byte buffers, network byte order,
 * every length checked), and the sender's absolute pacing schedule.
 *
 * A stream datagram is a probe header of type PROBE_STREAM (probe.h):
 * session, seq (0, 1, ... per group), stamp (the sender's CLOCK_REALTIME
 * ns at sending), byte 21 the report interval in tenths of a second (0:
 * 1 s), padded with zeros to --size.  Flag PROBE_F_END marks the end:
 * its seq is the number of datagrams sent, and it is repeated.
 *
 * A report is a probe header of type PROBE_REPORT (session echoed, seq
 * the report's number, stamp echoing the newest datagram's, the TTL flag
 * and name as an ack's; PROBE_F_FINAL on the last) followed after the
 * name by STREAM_REPLEN bytes:
 *
 *   0  8  received   distinct datagrams
 *   8  8  lost       missing from first to the end (or highest seen)
 *  16  8  dups       duplicates, and replays too old to tell
 *  24  8  reordered  arrived after a higher number
 *  32  8  bytes      UDP payload bytes of the distinct datagrams
 *  40  4  first      lowest sequence number seen
 *  44  4  highest    highest sequence number seen
 *  48  8  jitter     RFC 3550 interarrival jitter, ns
 *  56  8  dmin       one-way delay (arrival - stamp), ns, signed
 *  64  8  dmax
 *  72  8  p50        one-way delay percentiles, ns (hist.h); valid
 *  80  8  p90         only with STREAM_F_SYNCED
 *  88  8  p99
 *  96  8  elapsed    first arrival to last, ns
 * 104  4  drops      the receiving host's kernel drops during the stream
 * 108  2  flags      STREAM_F_SYNCED: no delay was negative (the clocks
 *                    agree well enough for absolute delays), STREAM_F_END:
 *                    the end marker arrived
 * 110  2  reserved   0
 */
#ifndef STREAM_H
#define STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "hist.h"
#include "stats.h"

#define STREAM_REPLEN		112
#define STREAM_F_SYNCED		0x0001
#define STREAM_F_END		0x0002
#define STREAM_DEFAULT_IVL	10	/* tenths of a second */

/* What a receiver has counted of one stream. */
struct stream_rx {
	uint32_t session;
	struct seqtrack seq;
	uint64_t bytes;			/* of distinct datagrams */
	int64_t first_at, last_at;	/* arrival, CLOCK_REALTIME ns */
	int64_t prev_transit;		/* the last datagram's delay, ns */
	double jitter;			/* RFC 3550 J, ns */
	int64_t dmin, dmax;
	int negative;			/* some delay was < 0 */
	int ended;			/* the end marker arrived */
	uint32_t end;			/* its count of datagrams sent */
	uint32_t drops;			/* set by the caller */
	struct hist delay;
};

/* One report: what struct stream_rx says, as it goes on the wire. */
struct stream_report {
	uint64_t received, lost, dups, reordered, bytes;
	uint32_t first, highest;
	int64_t jitter, dmin, dmax, p50, p90, p99, elapsed;
	uint32_t drops;
	unsigned int flags;		/* STREAM_F_* */
};

/* stream_rx_init: a fresh count for session. */
void		 stream_rx_init(struct stream_rx *rx, uint32_t session);

/*
 * stream_rx_add: count datagram seq of bytes payload bytes, sent at stamp
 * and arrived at (both CLOCK_REALTIME ns).  Only a first arrival counts
 * toward bytes, delay and jitter.  Returns what it was (stats.h).
 */
enum seq_result	 stream_rx_add(struct stream_rx *rx, uint32_t seq,
		    int64_t stamp, int64_t at, size_t bytes);

/* stream_rx_end: the end marker said total datagrams were sent. */
void		 stream_rx_end(struct stream_rx *rx, uint32_t total);

/*
 * stream_rx_report: rx as a report.  lost counts from the first number
 * seen to the end marker's total (or the highest seen); whatever arrived,
 * received + lost is that span and lost <= span.
 */
void		 stream_rx_report(const struct stream_rx *rx,
		    struct stream_report *r);

/* loss of a report in percent of received + lost; 0 when both are 0. */
double		 stream_loss_pct(const struct stream_report *r);

/*
 * stream_rate: the average rate of a report, datagrams and bits (of UDP
 * payload) per second: n datagrams arrived over n - 1 gaps in elapsed.
 * 0 when fewer than two arrived.
 */
void		 stream_rate(const struct stream_report *r, double *pps,
		    double *bps);

/*
 * stream_report_encode: r as STREAM_REPLEN bytes into buf.  Returns
 * STREAM_REPLEN, or 0 when len is smaller.  stream_report_decode: the
 * reverse; 0, or -1 when len < STREAM_REPLEN or the figures contradict
 * themselves (lost or received beyond the span first..highest allows,
 * dmin > dmax), so that a forged report never prints an impossible line.
 */
size_t		 stream_report_encode(const struct stream_report *r, void *buf,
		    size_t len);
int		 stream_report_decode(const void *buf, size_t len,
		    struct stream_report *r);

/*
 * The sender's schedule: datagram slot k is due at t0 + k * 1e9 / pps
 * (exact, no drift over any run length).  pace_due: slots due by now
 * (slot 0 is due at t0, so at least 1 once now >= t0).  pace_at: when
 * slot k is due.
 */
uint64_t	 pace_due(int64_t t0, uint64_t pps, int64_t now);
int64_t		 pace_at(int64_t t0, uint64_t pps, uint64_t k);

#endif /* STREAM_H */
