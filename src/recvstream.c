/*
 * recvstream.c: mcast-recv's side of a stream (see recvstream.h).
 */
#include <string.h>

#include "clock.h"
#include "probe.h"
#include "recvstream.h"
#include "stream.h"

void
rs_init(struct rstream *rs, uint32_t session, int64_t now, int64_t line_ivl)
{
	memset(rs, 0, sizeof(*rs));
	stream_rx_init(&rs->rx, session);
	rs->start = rs->last = rs->line_from = now;
	rs->ivl = STREAM_DEFAULT_IVL * NS_PER_SEC / 10;
	rs->next_report = now + rs->ivl;
	rs->line_ivl = line_ivl;
	rs->next_line = line_ivl > 0 ? now + line_ivl : -1;
	rs->ttl = -1;
	rs->reasm0 = rs->reasm_line = -1;
}

enum seq_result
rs_add(struct rstream *rs, const struct probe *p, size_t bytes, int64_t now,
    int64_t at, size_t sock, int ttl)
{
	int64_t ivl = (p->ttl > 0 ? p->ttl : STREAM_DEFAULT_IVL) *
	    (NS_PER_SEC / 10);

	rs->last = now;
	rs->sock = sock;
	rs->ttl = ttl;
	rs->last_stamp = p->stamp;
	/* The sender says how often; a change takes effect at the next. */
	if (ivl != rs->ivl) {
		rs->ivl = ivl;
		if (rs->next_report > now + ivl)
			rs->next_report = now + ivl;
	}
	if (p->flags & PROBE_F_END) {
		stream_rx_end(&rs->rx, p->seq);
		rs->final_due = 1;
		return SEQ_NEW;
	}
	return stream_rx_add(&rs->rx, p->seq, (int64_t)p->stamp, at, bytes);
}

int64_t
rs_wake(const struct rstream *rs)
{
	int64_t w = rs->next_report, idle;

	if (rs->done)
		return -1;
	if (rs->next_line >= 0 && rs->next_line < w)
		w = rs->next_line;
	idle = RS_IDLE_IVLS * rs->ivl;
	if (idle < RS_IDLE_MIN)
		idle = RS_IDLE_MIN;
	if (rs->last + idle < w)
		w = rs->last + idle;
	return w;
}

int
rs_idle(const struct rstream *rs, int64_t now)
{
	int64_t idle = RS_IDLE_IVLS * rs->ivl;

	if (idle < RS_IDLE_MIN)
		idle = RS_IDLE_MIN;
	return now - rs->last >= idle;
}

size_t
rs_report(struct rstream *rs, int64_t now, int final, const char *name,
    size_t namelen, unsigned char *buf, size_t len)
{
	unsigned char body[STREAM_REPLEN];
	struct stream_report r;
	struct probe p = { .type = PROBE_REPORT };

	stream_rx_report(&rs->rx, &r);
	(void)stream_report_encode(&r, body, sizeof(body));
	p.session = rs->rx.session;
	p.seq = rs->rseq++;
	p.stamp = rs->last_stamp;
	p.ttl = rs->ttl;
	p.flags = final ? PROBE_F_FINAL : 0;
	p.name = (const unsigned char *)name;
	p.namelen = namelen;
	p.payload = body;
	p.paylen = sizeof(body);
	rs->rep_prev = r;
	/* On the interval's grid, but never more than one per interval. */
	rs->next_report += rs->ivl;
	if (rs->next_report <= now)
		rs->next_report = now + rs->ivl;
	return probe_encode(&p, buf, len);
}
