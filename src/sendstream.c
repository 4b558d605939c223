/*
 * sendstream.c: mcast-send's stream mode (see sendstream.h).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "clock.h"
#include "mcast.h"
#include "parse.h"
#include "probe.h"
#include "sendstream.h"
#include "stream.h"
#include "streamfmt.h"
#include "table.h"
#include "who.h"

#define SBATCH		64		/* datagrams per sendmmsg */
#define LATE_GRACE	(10 * NS_PER_MS)	/* late by less: caught up */
#define RETRY		(200 * 1000LL)	/* ns: a full socket buffer */
/* Wake-ups at most this often: a shorter gap than a timer waits well
 * for goes out in batches, on the schedule on average. */
#define QUANTUM		(250 * 1000LL)	/* ns */
#define ENDS		3		/* end markers, ... */
#define END_GAP		(50 * NS_PER_MS)	/* ... this far apart */
#define MAX_TAKE	1024		/* reports taken per wake */
#define MAX_RECEIVERS	MC_MAX_GROUPS

/* One receiver of one group: its latest report. */
struct receiver {
	struct who w;			/* first: the table finds it by this */
	struct stream_report r;		/* the latest */
	uint32_t rseq;			/* its number */
	double pps, bps;		/* rate between the last two */
	int final;
};

struct stream_tx {
	struct stream_cfg c;
	unsigned char hdr[SBATCH][PROBE_HDRLEN];
	unsigned char *pad;		/* zeros, shared by every datagram */
	struct mmsghdr msg[SBATCH];
	struct iovec iov[SBATCH][2];
	uint64_t msgs;			/* datagrams sent, over all groups */
	uint64_t skipped;		/* slots passed while late */
	int64_t t0, t_last;		/* start; the last datagram sent */
	int ends;			/* end markers sent */
	int64_t next_end, stop_at;
	int err;
	struct table rt;		/* struct receiver */
	uint64_t ignored, untracked, finals;
	unsigned char rbuf[65536];
};

struct stream_tx *
stx_new(const struct stream_cfg *c)
{
	struct stream_tx *t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	if ((t->pad = calloc(1, c->size)) == NULL) {
		free(t);
		return NULL;
	}
	t->c = *c;
	t->t0 = -1;
	t->stop_at = -1;
	(void)table_init(&t->rt, MAX_RECEIVERS);
	return t;
}

void
stx_free(struct stream_tx *t)
{
	if (t == NULL)
		return;
	table_free(&t->rt);
	free(t->pad);
	free(t);
}

int
stx_errno(const struct stream_tx *t)
{
	return t->err;
}

/* Datagram slots used, sent or skipped. */
static uint64_t
slots(const struct stream_tx *t)
{
	return t->msgs / t->c.ngroups + t->skipped;
}

/* Fill message i of the batch: datagram seq to group g. */
static void
fill(struct stream_tx *t, int i, uint64_t seq, size_t g, int64_t stamp)
{
	struct probe p = { .type = PROBE_STREAM };
	struct msghdr *m = &t->msg[i].msg_hdr;
	struct sockaddr *to = (void *)&t->c.groups[g];

	p.session = t->c.session + (uint32_t)g;
	p.seq = (uint32_t)seq;
	p.stamp = (uint64_t)stamp;
	p.ttl = (int)t->c.ivl;
	(void)probe_encode(&p, t->hdr[i], PROBE_HDRLEN);
	t->iov[i][0].iov_base = t->hdr[i];
	t->iov[i][0].iov_len = PROBE_HDRLEN;
	t->iov[i][1].iov_base = t->pad;
	t->iov[i][1].iov_len = t->c.size - PROBE_HDRLEN;
	memset(m, 0, sizeof(*m));
	m->msg_name = to;
	m->msg_namelen = addr_len(to);
	m->msg_iov = t->iov[i];
	m->msg_iovlen = 2;
}

/*
 * Send up to want datagrams (over all groups) in batches.  Returns 0,
 * or -1 with errno on a failure worth stopping for; a full socket buffer
 * leaves the rest for the next wake.
 */
static int
send_some(struct stream_tx *t, uint64_t want)
{
	size_t ng = t->c.ngroups;
	int i, r;

	while (want > 0) {
		int64_t stamp = real_ns();
		uint64_t m = t->msgs;

		for (i = 0; i < SBATCH && (uint64_t)i < want; i++, m++)
			fill(t, i, m / ng, m % ng, stamp);
		if ((r = sendmmsg(t->c.fd, t->msg, (unsigned int)i,
		    MSG_DONTWAIT)) == -1) {
			if (errno == EAGAIN || errno == ENOBUFS ||
			    errno == EINTR)
				return 0;
			return -1;
		}
		t->msgs += (uint64_t)r;
		want -= (uint64_t)r;
		t->t_last = mono_ns();
		if (r < i)
			return 0;
	}
	return 0;
}

/*
 * The slots due by now.  Like ping, a late sender never catches up in a
 * burst: late by more than LATE_GRACE (stopped, starved of CPU), it skips
 * to the latest due slot, counts the others and says so once.
 */
static uint64_t
due_now(struct stream_tx *t, int64_t now)
{
	uint64_t due = pace_due(t->t0, t->c.rate, now), n;
	int64_t late;

	if (due > t->c.count)
		due = t->c.count;
	if (due <= slots(t) || t->msgs % t->c.ngroups != 0)
		return due;
	late = now - pace_at(t->t0, t->c.rate, slots(t));
	if (late <= LATE_GRACE || due - slots(t) < 2)
		return due;
	n = due - slots(t) - 1;
	t->skipped += n;
	if (!t->c.quiet)
		fprintf(stderr, "late by %lld ms: %llu datagrams skipped\n",
		    (long long)(late / NS_PER_MS), (unsigned long long)n);
	return due;
}

/* The end marker to every group: seq is how many datagrams each got. */
static void
send_end(struct stream_tx *t)
{
	struct probe p = { .type = PROBE_STREAM, .flags = PROBE_F_END };
	unsigned char b[PROBE_HDRLEN];
	size_t g;

	p.seq = (uint32_t)(t->msgs / t->c.ngroups);
	p.stamp = (uint64_t)real_ns();
	p.ttl = (int)t->c.ivl;
	for (g = 0; g < t->c.ngroups; g++) {
		const struct sockaddr *to = (const void *)&t->c.groups[g];

		p.session = t->c.session + (uint32_t)g;
		(void)probe_encode(&p, b, sizeof(b));
		(void)sendto(t->c.fd, b, sizeof(b), 0, to, addr_len(to));
	}
	t->ends++;
}

/* Whether every receiver heard of has had its say. */
static int
all_final(const struct stream_tx *t)
{
	return t->rt.n > 0 && t->finals == t->rt.n;
}

/* After the last datagram: the end markers, then wait for the reports. */
static enum run_end
ending(struct stream_tx *t, int64_t now, int64_t *wake)
{
	if (t->stop_at < 0) {
		t->stop_at = now + t->c.timeout;
		t->next_end = now;
	}
	if (t->ends < ENDS && now >= t->next_end) {
		send_end(t);
		t->next_end = now + END_GAP;
	}
	if (t->ends == ENDS && all_final(t))
		return END_COUNT;
	if (now >= t->stop_at)
		return END_TIMEOUT;
	run_wake(wake, t->ends < ENDS ? t->next_end : t->stop_at);
	return END_NONE;
}

/*
 * When to wake for the next slot: when it is due, but not sooner than
 * QUANTUM from now; at a higher rate the slots due by then go together,
 * each stamped with its real sending time.
 */
static int64_t
next_wake(const struct stream_tx *t, int64_t now)
{
	int64_t at = pace_at(t->t0, t->c.rate, slots(t));

	return at - now < QUANTUM ? now + QUANTUM : at;
}

enum run_end
stx_tick(void *ctx, int64_t now, int64_t *wake)
{
	struct stream_tx *t = ctx;
	uint64_t due;

	if (t->t0 < 0)
		t->t0 = now;
	if (slots(t) >= t->c.count && t->msgs % t->c.ngroups == 0)
		return ending(t, now, wake);
	due = due_now(t, now);
	if (send_some(t, (due - t->skipped) * t->c.ngroups - t->msgs) == -1) {
		t->err = errno;
		return END_ERROR;
	}
	if (slots(t) >= t->c.count && t->msgs % t->c.ngroups == 0)
		return ending(t, now, wake);
	if (t->msgs < (due - t->skipped) * t->c.ngroups)
		run_wake(wake, now + RETRY);	/* the socket was full */
	else
		run_wake(wake, next_wake(t, now));
	return END_NONE;
}

/*
 * The rate between the previous report and this one: what arrived in
 * between over the time it took (the first: the average so far).
 */
static void
take_rate(struct receiver *r, const struct stream_report *n, int first)
{
	const struct stream_report *o = &r->r;
	int64_t dt = n->elapsed - o->elapsed;

	if (first) {
		stream_rate(n, &r->pps, &r->bps);
		return;
	}
	if (dt <= 0 || n->received < o->received || n->bytes < o->bytes)
		return;
	r->pps = (double)(n->received - o->received) * 1e9 / (double)dt;
	r->bps = (double)(n->bytes - o->bytes) * 8e9 / (double)dt;
}

/*
 * A report for r: kept when newer than the one it has.  Returns 1 when
 * it is news to print, 0 when it only repeats the final one (a receiver
 * answers every end marker), -1 when it is older than the one kept.
 */
static int
keep_report(struct stream_tx *t, struct receiver *r, const struct probe *p,
    const struct stream_report *n)
{
	int first = r->rseq == 0 && r->r.received == 0 && !r->final;
	int again = r->final && (p->flags & PROBE_F_FINAL);

	if (!first && p->seq < r->rseq)
		return -1;			/* overtaken by a newer one */
	take_rate(r, n, first);
	r->r = *n;
	r->rseq = p->seq;
	if ((p->flags & PROBE_F_FINAL) && !r->final) {
		r->final = 1;
		t->finals++;
	}
	(void)who_hops(&r->w, t->c.ttl, p->ttl);
	return !again;
}

/* The event of receiver r: its latest report's (row: the average rate). */
static void
fill_event(const struct stream_tx *t, const struct receiver *r,
    struct ev_stream *e, char *as, char *gs, int row)
{
	memset(e, 0, sizeof(*e));
	e->peer = format_addr((const void *)&r->w.addr, as, MC_ADDRSTRLEN);
	e->group = format_addr((const void *)&t->c.groups[r->w.group], gs,
	    MC_ADDRSTRLEN);
	e->several = t->c.ngroups > 1;
	e->name = r->w.namelen > 0 ? r->w.name : NULL;
	e->namelen = r->w.namelen;
	e->r = &r->r;
	e->pps = r->pps;
	e->bps = r->bps;
	if (row)
		stream_rate(&r->r, &e->pps, &e->bps);
	e->final = r->final;
	e->hops = r->w.hops;
	e->host_drops = e->reasm_fails = -1;
}

/* Take one datagram off the socket; 0, or -1 when none is left. */
static int
take_report(struct stream_tx *t)
{
	char as[MC_ADDRSTRLEN], gs[MC_ADDRSTRLEN];
	struct stream_report n;
	struct who_key k;
	struct receiver *r;
	struct rxinfo ri;
	struct ev_stream e;
	struct probe p;
	ssize_t len;
	int news;

	if ((len = recv_dgram(t->c.fd, t->rbuf, sizeof(t->rbuf), &ri)) == -1)
		return -1;
	k.addr = &ri.from;
	if (probe_decode(t->rbuf, (size_t)len, &p) != PROBE_OK ||
	    p.type != PROBE_REPORT ||
	    (size_t)(k.group = (long)(uint32_t)(p.session - t->c.session)) >=
	    t->c.ngroups ||
	    stream_report_decode(p.payload, p.paylen, &n) == -1) {
		t->ignored++;
		return 0;
	}
	k.name = p.name;
	k.namelen = p.namelen;
	if ((r = who_find(&t->rt, &k, sizeof(*r))) == NULL) {
		t->untracked++;
		return 0;
	}
	if ((news = keep_report(t, r, &p, &n)) == -1)
		t->ignored++;
	if (news != 1)
		return 0;
	fill_event(t, r, &e, as, gs, 0);
	render_report(t->c.out, &e);
	return 0;
}

void
stx_serve(void *ctx)
{
	int i;

	for (i = 0; i < MAX_TAKE && take_report(ctx) == 0; i++)
		;
}

void
stx_summary(struct stream_tx *t, int final, const char *reason)
{
	char as[MC_ADDRSTRLEN], gs[MC_ADDRSTRLEN];
	int64_t took = t->t_last - t->t0;
	struct ev_stream_head h = {
		.final = final, .reason = reason, .title = t->c.title,
		.sent = t->msgs / t->c.ngroups, .skipped = t->skipped,
		.size = t->c.size, .rate = t->c.rate,
		.seconds = t->t0 < 0 || took < 0 ? 0 : (double)took / 1e9,
		.receivers = t->rt.n, .ignored = t->ignored,
		.untracked = t->untracked, .max_receivers = MAX_RECEIVERS,
	};
	struct ev_stream e;
	size_t i;

	render_stream_head(t->c.out, &h);
	for (i = 0; i < t->rt.n; i++) {
		fill_event(t, t->rt.item[i], &e, as, gs, 1);
		render_stream_row(t->c.out, &e, i);
	}
	ol_end_list(t->c.out, t->c.out->f);
}

void
stx_snapshot(void *ctx)
{
	stx_summary(ctx, 0, "running");
}

int
stx_stop(struct stream_tx *t)
{
	if (t->t0 < 0 || (t->stop_at >= 0 && t->ends == ENDS))
		return 0;
	/* A slot half sent goes to its last group first. */
	t->c.count = slots(t) + (t->msgs % t->c.ngroups != 0);
	if (t->stop_at >= 0)
		t->stop_at = mono_ns() + t->c.timeout;
	return 1;
}

size_t
stx_finals(const struct stream_tx *t, size_t *receivers)
{
	*receivers = t->rt.n;
	return (size_t)t->finals;
}

int
stx_status(const struct stream_tx *t, uint64_t expect, double max_loss,
    struct stream_verdict *v)
{
	size_t i;

	memset(v, 0, sizeof(*v));
	v->reported = t->rt.n;
	for (i = 0; max_loss >= 0 && i < t->rt.n; i++) {
		const struct receiver *r = t->rt.item[i];
		double loss = stream_loss_pct(&r->r);

		if (loss <= max_loss)
			continue;
		if (v->over++ == 0 || loss > v->worst_loss) {
			v->worst_loss = loss;
			format_addr((const void *)&r->w.addr, v->worst,
			    sizeof(v->worst));
		}
	}
	return t->rt.n < expect || v->over > 0 ? 1 : 0;
}
