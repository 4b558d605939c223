/*
 * mcast-recv: join a multicast group, print every datagram that arrives
 * and acknowledge it to its sender; keep per-sender statistics.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <err.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "cli.h"
#include "clock.h"
#include "escape.h"
#include "mcast.h"
#include "output.h"
#include "parse.h"
#include "probe.h"
#include "ratelimit.h"
#include "recvfmt.h"
#include "recvstream.h"
#include "run.h"
#include "stats.h"
#include "stream.h"
#include "streamfmt.h"
#include "table.h"

#define PROG	"mcast-recv"

#define MAX_IFACES	32
#define MAX_SOURCES	64
#define MAX_ALLOW	64
#define MAX_PEERS	MC_MAX_GROUPS	/* senders tracked, as they arrive */
#define MAX_BCAST	64
#define DEFAULT_ACK_RATE 16000		/* per address: 16 groups at 1 ms */
#define DEFAULT_RCVBUF	(16 << 20)	/* 100k/s for 0.1 s of small datagrams */

struct recv_opts {
	struct common_opts c;
	struct operand op[MAX_OPERANDS];
	size_t nop;
	struct iface_spec iface[MAX_IFACES];
	const char *iface_arg[MAX_IFACES];	/* as given, for messages */
	size_t niface;
	struct sockaddr_storage src[MAX_SOURCES];
	size_t nsrc;
	uint64_t count;			/* 0: no limit */
	int ack;
	int no_ack;			/* --no-ack given */
	const char *ack_text;
	int ack_given;			/* --ack: its size is the user's choice */
	uint64_t ack_rate;		/* per source per second; 0: no limit */
	struct prefix allow[MAX_ALLOW];
	size_t nallow;
	int rcvbuf;			/* bytes */
	int rcvbuf_given;
	char name[PROBE_NAMEMAX + 1];
	int64_t line_ivl;		/* -i: stream interval lines; 0 none */
	int verbose;			/* a line per stream datagram too */
};

/* What a sender sends: plain datagrams, probes or a stream. */
enum kind { KIND_PLAIN, KIND_PROBE, KIND_STREAM };

/*
 * What one sender has sent us: an address and port, and for probes and
 * streams the session, since one run sending to several groups uses one
 * per group.
 */
struct peer {
	struct sockaddr_storage addr;
	char name[MC_ADDRSTRLEN];	/* addr formatted, once */
	int probe;			/* enum kind */
	struct rstream *rs;		/* KIND_STREAM */
	uint32_t session;
	uint64_t datagrams, bytes, probes;
	uint64_t withheld;		/* not acked, by choice or failure */
	struct seqtrack seq;
};

/* What was decided about one datagram of a batch, before it is reported. */
struct verdict {
	int ours;			/* for one of our groups */
	int probe;			/* carries a valid probe header */
	int stream;			/* a stream datagram (or end marker) */
	struct probe req;
	enum noack ack;
	size_t n;			/* bytes stored */
	uint64_t withheld;		/* the sender's, for the ack to carry */
	struct peer *p;			/* its sender; NULL: the table is full */
};

/* Room for one ack: header, name, and the longest --ack text. */
#define TX_SLOT	(PROBE_HDRLEN + PROBE_NAMEMAX + MC_MAX_PAYLOAD4)

/* Acks of one batch, sent with one sendmmsg, and the batch's verdicts. */
struct txbatch {
	struct mmsghdr msg[MC_BATCH];
	struct iovec iov[MC_BATCH];
	struct sockaddr_storage to[MC_BATCH];
	int of[MC_BATCH];		/* the datagram each ack answers */
	int n;				/* acks in the batch */
	unsigned char *buf;		/* MC_BATCH * TX_SLOT bytes */
	struct verdict v[MC_BATCH];
};

struct recv_run {
	const struct recv_opts *o;
	unsigned int ifx[MAX_IFACES];	/* -I resolved */
	struct pollfd *pfd;		/* one per socket; joins spread over them */
	size_t nfd;
	struct sockaddr_storage *groups;	/* sorted, for lookups */
	size_t ngroups;
	int wide;			/* several groups or interfaces: say which */
	struct table pt;		/* struct peer, by their key */
	uint64_t got, ignored, untracked;
	uint64_t acks[NOACK_MAX];	/* by outcome */
	int ack_warned;			/* a failed ack was said once */
	uint32_t *drops;		/* SO_RXQ_OVFL per socket */
	struct sockaddr_storage bcast[MAX_BCAST];	/* directed broadcasts */
	size_t nbcast;
	struct ratelimit rl;
	struct rxbatch rx;
	struct txbatch tx;
	enum run_end why;
	int64_t start;			/* mono ns: -w counts from here */
	int64_t deadline;		/* mono ns; -1: none */
	int64_t next_note;		/* joins: the next progress line */
	unsigned int jif[MAX_IFACES + MAX_OPERANDS];	/* joined on (0: any) */
	size_t njif;
	int out_err;			/* errno of a failed write to stdout */
	struct outline out;
	char gs[2 * MC_ADDRSTRLEN + 16];
	struct peer **live;		/* streams not over yet */
	size_t nlive, live_room;
	size_t sock;			/* the socket being served */
	int64_t now;			/* mono ns of the batch being served */
	uint64_t reports, reports_withheld;
	int report_warned;
	struct run_ops *ops;		/* the loop's, to hold it (coalesce) */
	size_t served;			/* datagrams of the serve() under way */
	int prompt;			/* ... some wanting an answer at once */
	unsigned char rep[PROBE_HDRLEN + PROBE_NAMEMAX + STREAM_REPLEN];
};

static void
usage(FILE *f)
{
	fprintf(f,
"usage: " PROG " [-46DhjqVv] [-c count] [-I iface]... [-i interval]\n"
"                  [-p port] [-s source]... [-w deadline]\n"
"                  [--ack text | --no-ack] [--ack-rate N]\n"
"                  [--allow prefix]... [--name name] [--rcvbuf bytes]\n"
"                  [group[+N]]...\n"
"\n"
"Join multicast groups, print every datagram that arrives and send an\n"
"acknowledgement back to its sender.  group defaults to " MC_DEFAULT_GROUP "\n"
"(" MC_DEFAULT_GROUP6 " with -6); group+N is N consecutive groups.  A stream\n"
"from mcast-send is counted instead and reported to its sender.\n"
"\n"
"  -4, -6                groups are IPv4 / IPv6\n"
"      --ack TEXT        the acknowledgement payload (default \"" MC_DEFAULT_ACK "\")\n"
"      --ack-rate N      at most N acks per second per address (default\n"
"                        16000; 0: no limit)\n"
"      --allow PREFIX    ack only sources in PREFIX (repeatable)\n"
"  -c, --count N         exit after N datagrams\n"
"  -D, --timestamp       start text lines with an RFC 3339 time\n"
"  -h, --help            print this help and exit\n"
"  -I, --interface IFACE join on IFACE (name, index or local address);\n"
"                        repeat to join on several\n"
"  -i, --interval SECS   a line per stream every SECS (default: at its end)\n"
"  -j, --json            JSON Lines on stdout\n"
"      --name NAME       name sent in probe acks (default the host name)\n"
"      --no-ack          do not acknowledge\n"
"  -p, --port PORT       UDP port to listen on (default 10000)\n"
"  -q, --quiet           no progress or diagnostics on stderr\n"
"      --rcvbuf BYTES    socket receive buffer (default 16 MiB)\n"
"  -s, --source ADDR     only from ADDR (source-specific join); repeatable\n"
"  -V, --version         print the version and exit\n"
"  -v, --verbose         a line per stream datagram too\n"
"  -w, --deadline SECS   exit after this long\n"
"\n"
"Exit status: 0 normal end (count reached, SIGINT, SIGTERM), 1 the deadline\n"
"passed before --count datagrams (or, without --count, any) arrived,\n"
"2 usage or system error.\n");
}

/* The repeatable options: -I, -s, --allow.  CLI_NEXT or 2. */
static int
list_option(int ch, const char *arg, struct recv_opts *o)
{
	const char *e;

	if (ch == 'I') {
		if (o->niface == MAX_IFACES)
			return usage_error("--interface", arg,
			    "more than 32 interfaces");
		o->iface_arg[o->niface] = arg;
		if ((e = parse_iface(arg, &o->iface[o->niface++])) != NULL)
			return usage_error("--interface", arg, e);
	} else if (ch == 's') {
		if (o->nsrc == MAX_SOURCES)
			return usage_error("--source", arg, "more than 64 sources");
		if ((e = parse_source(arg, AF_UNSPEC, &o->src[o->nsrc++])) != NULL)
			return usage_error("--source", arg, e);
	} else {
		if (o->nallow == MAX_ALLOW)
			return usage_error("--allow", arg, "more than 64 prefixes");
		if ((e = parse_prefix(arg, &o->allow[o->nallow++])) != NULL)
			return usage_error("--allow", arg, e);
	}
	return CLI_NEXT;
}

/* mcast-recv's own options, for cli_parse. */
static int
recv_option(int ch, const char *arg, void *opts)
{
	struct recv_opts *o = opts;
	const char *e = NULL;
	uint64_t v;

	switch (ch) {
	case 'A':
		o->ack_text = arg;
		o->ack_given = 1;
		break;
	case 'R':
		if ((e = parse_uint(arg, 0, 1000000, &o->ack_rate)) != NULL)
			return usage_error("--ack-rate", arg, e);
		break;
	case 'B':
		if ((e = parse_uint(arg, 1024, INT32_MAX / 2, &v)) != NULL)
			return usage_error("--rcvbuf", arg, e);
		o->rcvbuf = (int)v;
		o->rcvbuf_given = 1;
		break;
	case 'c':
		if ((e = parse_uint(arg, 1, UINT64_MAX / 2, &o->count)) != NULL)
			return usage_error("--count", arg, e);
		break;
	case 'n':
		if (*arg == '\0')
			return usage_error("--name", arg, "empty");
		if (strlen(arg) > PROBE_NAMEMAX)
			return usage_error("--name", arg, "longer than 64 bytes");
		memcpy(o->name, arg, strlen(arg) + 1);
		break;
	case 'N':
		o->no_ack = 1;
		break;
	case 'i':
		if ((e = parse_duration(arg, NS_PER_SEC / 100,
		    MC_MAX_DURATION_NS, &o->line_ivl)) != NULL)
			return usage_error("--interval", arg, e);
		break;
	case 'v':
		o->verbose = 1;
		break;
	default:
		return list_option(ch, arg, o);
	}
	return CLI_NEXT;
}

static const struct cli recv_cli = {
	PROG, usage, "A=ack R=ack-rate a=allow B=rcvbuf c:count "
	"I:interface i:interval n=name N-no-ack s:source v.verbose",
	recv_option
};

static int
parse_args(int argc, char **argv, struct recv_opts *o)
{
	char as[MC_ADDRSTRLEN];
	size_t i, k;
	int r;

	if ((r = cli_parse(argc, argv, &recv_cli, &o->c, o, o->op,
	    &o->nop)) != CLI_NEXT)
		return r;
	for (i = 0; i < o->nop; i++)
		for (k = 0; k < o->nsrc; k++)
			if (o->src[k].ss_family != o->op[i].first.ss_family)
				return usage_error("--source", format_addr(
				    (struct sockaddr *)&o->src[k], as,
				    sizeof(as)), "not of the family of the groups");
	if (o->no_ack && o->ack_text != NULL)
		return usage_error("--ack", o->ack_text, "conflicts with --no-ack");
	o->ack = !o->no_ack;
	if (o->ack_text == NULL)
		o->ack_text = MC_DEFAULT_ACK;
	if (strlen(o->ack_text) > MC_MAX_PAYLOAD4 - PROBE_HDRLEN - PROBE_NAMEMAX)
		return usage_error("--ack", "...", "larger than an ack can carry");
	return CLI_NEXT;
}

static int
cmp_group(const void *a, const void *b)
{
	return addr_cmp(a, b);
}

/* Whether a join was made on interface ifindex (0: the kernel's choice). */
static int
joined_on(const struct recv_run *s, unsigned int ifindex)
{
	size_t i;

	for (i = 0; i < s->njif; i++)
		if (s->jif[i] == ifindex)
			return 1;
	return 0;
}

/*
 * Whether the datagram is for one of our groups (unknown: yes), on an
 * interface we joined on: IPv6 delivers a group to every socket that
 * joined it, on whatever interface another socket joined it.
 */
static int
for_us(const struct recv_run *s, const struct rxinfo *ri)
{
	if (ri->ifindex != 0 && !joined_on(s, 0) && !joined_on(s, ri->ifindex))
		return 0;
	if (ri->to.ss_family == AF_UNSPEC)
		return 1;
	return bsearch(&ri->to, s->groups, s->ngroups, sizeof(*s->groups),
	    cmp_group) != NULL;
}

/* What tells senders apart: address and port; for probes, session. */
struct peer_key {
	uint32_t probe, session;	/* session 0 unless probe */
	const struct sockaddr_storage *addr;
};

static int
same_peer(const void *entry, const void *key)
{
	const struct peer *p = entry;
	const struct peer_key *k = key;

	return p->probe == (int)k->probe && p->session == k->session &&
	    memcmp(&p->addr, k->addr, addr_len((const void *)k->addr)) == 0;
}

/* The sender's entry; NULL when the table is full (or memory ran out). */
static struct peer *
peer(struct recv_run *s, const struct sockaddr_storage *from, int probe,
    uint32_t session)
{
	struct peer_key k = { (uint32_t)probe, probe ? session : 0, from };
	unsigned char b[2 * sizeof(uint32_t) + sizeof(*from)];
	size_t alen = addr_len((const void *)from);
	struct peer *p;
	uint64_t h;

	memcpy(b, &k, 2 * sizeof(uint32_t));
	memcpy(b + 2 * sizeof(uint32_t), from, alen);
	h = table_hash(&s->pt, b, 2 * sizeof(uint32_t) + alen);
	if ((p = table_find(&s->pt, h, same_peer, &k)) != NULL)
		return p;
	if ((p = table_new(&s->pt, h, sizeof(*p))) == NULL)
		return NULL;
	memcpy(&p->addr, from, sizeof(*from));
	p->probe = (int)k.probe;
	p->session = k.session;
	format_addr((const struct sockaddr *)from, p->name, sizeof(p->name));
	return p;
}

/* Datagrams the kernel dropped for want of buffer, over all sockets. */
static uint64_t
dropped(struct recv_run *s)
{
	uint64_t n = 0;
	long long now;
	size_t i;

	for (i = 0; i < s->nfd; i++) {
		/* Drops after the last datagram read show only here. */
		if ((now = socket_drops(s->pfd[i].fd)) > (long long)s->drops[i])
			s->drops[i] = (uint32_t)now;
		n += s->drops[i];
	}
	return n;
}

static void
summary(struct recv_run *s, int final)
{
	struct ev_rsummary h = {
		final, run_end_name[s->why], s->gs, s->got, s->ignored,
		dropped(s), s->untracked, s->acks, s->pt.n, MAX_PEERS,
		s->reports, s->reports_withheld
	};
	size_t i;

	render_rsummary_head(&s->out, &h);
	for (i = 0; i < s->pt.n; i++) {
		const struct peer *p = s->pt.item[i];
		struct ev_sender e = {
			p->name, p->datagrams, p->bytes, p->probes, p->withheld,
			&p->seq
		};

		render_sender(&s->out, &e, i);
	}
	ol_end_list(&s->out, s->out.f);
}

static void
snapshot(void *ctx)
{
	summary(ctx, 0);
}

/* Whether a source may be answered at all, and if not, why. */
static enum noack
ack_policy(struct recv_run *s, const struct sockaddr_storage *from,
    int64_t now)
{
	const struct recv_opts *o = s->o;
	size_t i;

	if (!o->ack)
		return NOACK_OFF;
	if (addr_never_ack(from))
		return NOACK_SOURCE;
	for (i = 0; i < s->nbcast; i++)
		if (addr_cmp(from, &s->bcast[i]) == 0)
			return NOACK_SOURCE;
	for (i = 0; i < o->nallow; i++)
		if (prefix_match(&o->allow[i], from))
			break;
	if (o->nallow > 0 && i == o->nallow)
		return NOACK_ALLOW;
	if (!rl_allow(&s->rl, from, now))
		return NOACK_RATE;
	return ACK_SENT;
}

/*
 * The name cut to len bytes into cut, so that two names still differ
 * once cut (two receivers on one host differ only by name): past 5 bytes
 * the end becomes "~" and four hex digits of a hash of the whole name.
 * Returns the length.
 */
static size_t
cut_name(const char *name, size_t len, char *cut)
{
	size_t full = strlen(name), i;
	uint32_t h = 2166136261u;		/* FNV-1a */

	if (len >= full) {
		memcpy(cut, name, full + 1);
		return full;
	}
	if (len < 6) {
		memcpy(cut, name, len);
		return len;
	}
	for (i = 0; i < full; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	memcpy(cut, name, len - 5);
	snprintf(cut + len - 5, 6, "~%04x", (unsigned int)(h & 0xffff));
	return len;
}

/*
 * Build the answer to a datagram of n bytes into pkt: a probe ack for a
 * probe (with the count of this session's probes withheld so far, when
 * there are any), the plain text otherwise.  Unless --ack set the text,
 * the answer is never larger than what it answers (no amplification):
 * the name, then the text, then the count are left out or cut to fit.
 * Returns its length.
 */
static size_t
build_ack(const struct recv_run *s, const struct rxinfo *ri,
    const struct probe *req, size_t n, uint64_t withheld, unsigned char *pkt,
    size_t pktlen)
{
	const struct recv_opts *o = s->o;
	size_t text = strlen(o->ack_text), name = strlen(o->name), room;
	struct probe a = { .type = PROBE_ACK };
	char cut[PROBE_NAMEMAX + 1];

	if (req == NULL) {
		if (!o->ack_given && text > n)
			text = n;
		memcpy(pkt, o->ack_text, text);
		return text;
	}
	a.has_withheld = withheld > 0;
	a.withheld = withheld > UINT32_MAX ? UINT32_MAX : (uint32_t)withheld;
	if (!o->ack_given) {
		room = n - PROBE_HDRLEN;	/* a valid probe holds a header */
		if (room < PROBE_WITHHELDLEN)
			a.has_withheld = 0;
		else if (a.has_withheld)
			room -= PROBE_WITHHELDLEN;
		if (text > room)
			text = room;
		if (name > room - text)
			name = room - text;
	}
	a.session = req->session;
	a.seq = req->seq;
	a.stamp = req->stamp;
	a.ttl = ri->ttl;
	a.name = (const unsigned char *)cut;
	a.namelen = cut_name(o->name, name, cut);
	a.payload = (const unsigned char *)o->ack_text;
	a.paylen = text;
	return probe_encode(&a, pkt, pktlen);
}

/*
 * Send stream rs's report to its sender p, when the ack rules allow it
 * (a report counts against --ack-rate as an ack does).
 */
static void
send_report(struct recv_run *s, struct peer *p, int final)
{
	struct rstream *rs = p->rs;
	size_t len;

	rs->rx.drops = (uint32_t)(dropped(s) - rs->drops0);
	len = rs_report(rs, s->now, final, s->o->name, strlen(s->o->name),
	    s->rep, sizeof(s->rep));
	if (ack_policy(s, &p->addr, s->now) != ACK_SENT) {
		rs->withheld++;
		s->reports_withheld++;
		return;
	}
	if (sendto(s->pfd[rs->sock].fd, s->rep, len, 0,
	    (const struct sockaddr *)&p->addr,
	    addr_len((const struct sockaddr *)&p->addr)) == -1) {
		rs->withheld++;
		s->reports_withheld++;
		if (!s->report_warned++ && !s->o->c.quiet)
			warnx("report to %s: %s", p->name, strerror(errno));
		return;
	}
	s->reports++;
}

/* What happened between two reports: the counts' differences. */
static struct stream_report
report_delta(const struct stream_report *now, const struct stream_report *was)
{
	struct stream_report d = *now;

	/* A late datagram can fill a gap: fewer lost than before. */
	d.lost = now->lost > was->lost ? now->lost - was->lost : 0;
	d.received = now->received - was->received;
	d.dups = now->dups - was->dups;
	d.reordered = now->reordered - was->reordered;
	d.bytes = now->bytes - was->bytes;
	return d;
}

/*
 * The receiver's line for stream p: an interval (-i: its counts are the
 * interval's; jitter and delays the stream's so far), or its end.
 */
static void
stream_line(struct recv_run *s, struct peer *p, int end)
{
	struct rstream *rs = p->rs;
	struct stream_report r, total;
	const struct stream_report *o = &rs->line_prev;
	int64_t t = s->now - rs->line_from;
	uint64_t drops = dropped(s);
	long long ra = reasm_fails();
	/* The host's figures over the interval (or the whole stream). */
	uint64_t d0 = end ? rs->drops0 : rs->drops_line;
	long long r0 = end ? rs->reasm0 : rs->reasm_line;
	struct ev_stream e = {
		.peer = p->name, .session = rs->rx.session, .r = &r,
		.group = rs->group[0] != '\0' ? rs->group : NULL,
		.several = s->wide,
		.from_s = (double)((end ? rs->start : rs->line_from) -
		    rs->start) / 1e9,
		.to_s = (double)((end ? rs->last : s->now) - rs->start) / 1e9,
		.hops = -1, .host_drops = (long long)(drops - d0),
		.reasm_fails = ra >= 0 && r0 >= 0 ? ra - r0 : -1,
		.delay = end ? &rs->rx.delay : NULL,
	};

	stream_rx_report(&rs->rx, &total);
	total.drops = 0;		/* the host's figure says it */
	r = end ? total : report_delta(&total, &rs->line_prev);
	rs->drops_line = drops;
	rs->reasm_line = ra;
	if (end)
		stream_rate(&total, &e.pps, &e.bps);
	else if (t > 0 && total.received >= o->received) {
		e.pps = (double)(total.received - o->received) * 1e9 / (double)t;
		e.bps = (double)(total.bytes - o->bytes) * 8e9 / (double)t;
	}
	if (end)
		render_stream_end(&s->out, &e);
	else
		render_interval(&s->out, &e);
	rs->line_prev = total;
	rs->line_from = s->now;
}

/* Stream p is over: the final report (once more if asked), its line. */
static void
stream_over(struct recv_run *s, struct peer *p)
{
	size_t i;

	send_report(s, p, 1);
	if (p->rs->done)
		return;
	p->rs->done = 1;
	stream_line(s, p, 1);
	for (i = 0; i < s->nlive; i++)
		if (s->live[i] == p) {
			s->live[i] = s->live[--s->nlive];
			break;
		}
}

/* A new stream, or one back after its end: into the live list. */
static int
stream_live(struct recv_run *s, struct peer *p, uint32_t session,
    const struct sockaddr_storage *group)
{
	struct peer **l;

	/* Room in the list first: a stream is either live or not begun. */
	if (s->nlive == s->live_room) {
		size_t room = s->live_room ? 2 * s->live_room : 16;

		if ((l = realloc(s->live, room * sizeof(struct peer *))) == NULL)
			return -1;
		s->live = l;
		s->live_room = room;
	}
	if (p->rs == NULL) {
		if ((p->rs = malloc(sizeof(*p->rs))) == NULL)
			return -1;
		rs_init(p->rs, session, s->now, s->o->line_ivl);
		/* The group it came to, for its lines ("" when unknown). */
		if (group->ss_family != AF_UNSPEC)
			format_addr((const struct sockaddr *)group, p->rs->group,
			    sizeof(p->rs->group));
		p->rs->drops0 = p->rs->drops_line = dropped(s);
		p->rs->reasm0 = p->rs->reasm_line = reasm_fails();
	}
	s->live[s->nlive++] = p;
	p->rs->done = 0;
	return 0;
}

/* Count a stream datagram (or end marker) for its sender. */
static enum seq_result
stream_datagram(struct recv_run *s, const struct rxinfo *ri,
    const struct verdict *v)
{
	struct peer *p = v->p;
	enum seq_result res;
	int end = (v->req.flags & PROBE_F_END) != 0;

	if (p == NULL) {
		s->untracked++;
		return SEQ_NEW;
	}
	p->datagrams++;
	p->bytes += ri->wirelen;
	/* After its end only an end marker (for the final report again)
	 * or the same stream going on again (a sender resumed). */
	if ((p->rs == NULL || (p->rs->done && !end)) &&
	    stream_live(s, p, v->req.session, &ri->to) == -1) {
		s->untracked++;
		return SEQ_NEW;
	}
	res = rs_add(p->rs, &v->req, ri->wirelen, s->now,
	    ri->at != 0 ? ri->at : real_ns(), s->sock, ri->ttl);
	if (p->rs->final_due) {
		p->rs->final_due = 0;
		stream_over(s, p);
	}
	return res;
}

/* Count one datagram for its sender and print it, as decided in v. */
static void
report(struct recv_run *s, const struct rxinfo *ri, const unsigned char *buf,
    const struct verdict *v)
{
	char fs[MC_ADDRSTRLEN], ts[MC_ADDRSTRLEN], ifn[IF_NAMESIZE];
	const struct probe *rq = &v->req;
	struct ev_datagram e = {
		.from = fs, .to = ts, .wide = s->wide, .bytes = ri->wirelen,
		.truncated = ri->truncated, .ttl = ri->ttl, .probe = v->probe,
		.res = SEQ_NEW, .ack = v->ack, .payload = buf, .paylen = v->n,
	};
	struct peer *p = v->p;

	if (v->stream) {
		e.res = stream_datagram(s, ri, v);
		if (!s->o->verbose)
			return;
		e.probe = 1;
		e.session = rq->session;
		e.seq = rq->seq;
		e.stream = 1;
		e.end = (rq->flags & PROBE_F_END) != 0;
		e.payload = NULL;	/* padding: no line of its own */
		e.paylen = 0;
	} else if (p == NULL)
		s->untracked++;
	else {
		p->datagrams++;
		p->bytes += ri->wirelen;
		if (v->probe) {
			p->probes++;
			e.res = seq_add(&p->seq, rq->seq);
		}
		/* Probes' choices are counted as decided (count_withheld);
		 * a failed send, and plain datagrams, here. */
		if (v->probe ? v->ack == NOACK_ERROR : v->ack != ACK_SENT)
			p->withheld++;
	}
	if (s->out.null)
		return;			/* counted: no need to format */
	if (v->probe) {
		e.session = rq->session;
		e.seq = rq->seq;
		e.payload = rq->payload;
		e.paylen = rq->paylen;
	}
	if (p != NULL)
		memcpy(fs, p->name, sizeof(fs));
	else
		format_addr((const struct sockaddr *)&ri->from, fs, sizeof(fs));
	/* Only where a line shows them: if_indextoname is a system call. */
	ts[0] = '\0';
	if (s->out.json || s->wide) {
		format_addr((const struct sockaddr *)&ri->to, ts, sizeof(ts));
		if (ri->ifindex != 0 && if_indextoname(ri->ifindex, ifn) != NULL)
			e.ifname = ifn;
	}
	/* -D: the kernel's arrival time, for every line of the datagram. */
	s->out.at = ri->at;
	render_datagram(&s->out, &e);
}

/*
 * Send the acks in tx from fd; a failure turns its datagram's verdict
 * (tx->of[] says which) into NOACK_ERROR, and is said once.
 */
static void
send_acks(struct recv_run *s, int fd, struct txbatch *tx)
{
	char fs[MC_ADDRSTRLEN];
	int done = 0, r;

	while (done < tx->n) {
		r = sendmmsg(fd, tx->msg + done, (unsigned int)(tx->n - done), 0);
		if (r == -1 && errno == EINTR)
			continue;
		if (r > 0) {
			done += r;
			continue;
		}
		/* The first unsent one failed: count it and go past it. */
		tx->v[tx->of[done]].ack = NOACK_ERROR;
		if (!s->ack_warned++ && !s->o->c.quiet)
			warnx("ack to %s: %s",
			    format_addr((struct sockaddr *)&tx->to[done], fs,
			    sizeof(fs)), strerror(errno));
		done++;
	}
}

/* Queue the ack to datagram k of the batch in tx. */
static void
queue_ack(const struct recv_run *s, struct txbatch *tx, int k,
    const struct rxinfo *ri)
{
	const struct verdict *d = &tx->v[k];
	unsigned char *slot = tx->buf + (size_t)tx->n * TX_SLOT;
	struct mmsghdr *m = &tx->msg[tx->n];

	memcpy(&tx->to[tx->n], &ri->from, sizeof(ri->from));
	tx->iov[tx->n].iov_base = slot;
	tx->iov[tx->n].iov_len = build_ack(s, ri, d->probe ? &d->req : NULL,
	    d->n, d->withheld, slot, TX_SLOT);
	memset(m, 0, sizeof(*m));
	m->msg_hdr.msg_name = &tx->to[tx->n];
	m->msg_hdr.msg_namelen = addr_len((const struct sockaddr *)&ri->from);
	m->msg_hdr.msg_iov = &tx->iov[tx->n];
	m->msg_hdr.msg_iovlen = 1;
	tx->of[tx->n++] = k;
}

/*
 * Count a probe this receiver chose not to answer for its sender, or say
 * how many it withheld so far, for the ack to carry.
 */
static uint64_t
count_withheld(const struct verdict *d)
{
	struct peer *p = d->p;

	if (!d->probe || p == NULL)
		return 0;
	if (d->ack != ACK_SENT)
		p->withheld++;
	return p->withheld;
}

/*
 * Decide about each datagram of the batch (ours, a probe, to be acked)
 * and queue the acks.  Returns how many datagrams it looked at: fewer
 * than n when --count is reached.
 */
static int
decide(struct recv_run *s, int n, int64_t now)
{
	struct rxbatch *rx = &s->rx;
	struct txbatch *tx = &s->tx;
	const struct recv_opts *o = s->o;
	int k, ok;

	tx->n = 0;
	for (k = 0; k < n; k++) {
		struct rxinfo *ri = &rx->ri[k];
		struct verdict *d = &tx->v[k];

		d->ours = 0;
		if (o->count != 0 && s->got >= o->count)
			break;
		if (!for_us(s, ri)) {
			s->ignored++;
			continue;
		}
		s->got++;
		d->ours = 1;
		d->n = ri->wirelen < MC_BUFSIZE ? ri->wirelen : MC_BUFSIZE;
		ok = !ri->truncated && probe_decode(rx->buf +
		    (size_t)k * MC_BUFSIZE, d->n, &d->req) == PROBE_OK;
		d->probe = ok && d->req.type == PROBE_REQ;
		d->stream = ok && d->req.type == PROBE_STREAM;
		/* A stream is reported on, not acked datagram by datagram. */
		d->ack = d->stream ? NOACK_STREAM : ack_policy(s, &ri->from, now);
		/* Its sender, looked up once for the ack and the report. */
		d->p = peer(s, &ri->from, d->probe ? KIND_PROBE : d->stream ?
		    KIND_STREAM : KIND_PLAIN, d->req.session);
		d->withheld = count_withheld(d);
		if (d->ack == ACK_SENT)
			queue_ack(s, tx, k, ri);
	}
	return k;
}

/*
 * Batches one socket gets per wake: under a flood the loop must still see
 * signals and the deadline, and the other sockets their turn.
 */
#define MAX_ROUNDS	16

/*
 * Receive, answer and report what socket i holds, a batch at a time, until
 * it is empty, --count is reached or it had MAX_ROUNDS batches: recvmmsg
 * in, the acks out at once with one sendmmsg, then the lines, so that
 * printing never delays an ack.
 */
static void
serve_socket(struct recv_run *s, size_t i)
{
	const struct recv_opts *o = s->o;
	int fd = s->pfd[i].fd, n, k, rounds = 0;

	do {
		if ((n = recv_batch(fd, &s->rx)) <= 0)
			break;
		if (s->rx.drops > s->drops[i])
			s->drops[i] = s->rx.drops;
		s->sock = i;
		s->now = mono_ns();
		n = decide(s, n, s->now);
		if (s->tx.n > 0)
			send_acks(s, fd, &s->tx);
		s->served += (size_t)n;
		for (k = 0; k < n; k++) {
			if (!s->tx.v[k].ours)
				continue;
			if (!s->tx.v[k].stream)
				s->prompt = 1;
			s->acks[s->tx.v[k].ack]++;
			report(s, &s->rx.ri[k], s->rx.buf + (size_t)k *
			    MC_BUFSIZE, &s->tx.v[k]);
		}
	} while (n == MC_BATCH && ++rounds < MAX_ROUNDS &&
	    (o->count == 0 || s->got < o->count));
}

/*
 * Wake-ups are coalesced under load: after a serve that read at least
 * COALESCE_MIN datagrams of streams only, or COALESCE_BUSY of any kind,
 * the loop waits COALESCE before it looks at the sockets again, and then
 * reads what came meanwhile in full batches.  Arrival times are the
 * kernel's, so a stream's jitter and delays do not change; a receiver
 * that gets a probe a millisecond (or a few at once) answers at once.
 */
#define COALESCE	NS_PER_MS
#define COALESCE_MIN	8
#define COALESCE_BUSY	32

static void
serve(void *ctx)
{
	struct recv_run *s = ctx;
	size_t i;

	s->served = 0;
	s->prompt = 0;
	for (i = 0; i < s->nfd; i++)
		if (s->pfd[i].revents != 0)
			serve_socket(s, i);
	if (s->ops != NULL && ((s->nlive > 0 && !s->prompt &&
	    s->served >= COALESCE_MIN) || s->served >= COALESCE_BUSY))
		s->ops->hold = mono_ns() + COALESCE;
}

/* What stream p needs by now: its report, its line, or its end. */
static void
stream_tick(struct recv_run *s, struct peer *p, int64_t *wake)
{
	struct rstream *rs = p->rs;

	if (rs_idle(rs, s->now)) {
		stream_over(s, p);
		return;
	}
	if (s->now >= rs->next_report)
		send_report(s, p, 0);
	if (rs->next_line >= 0 && s->now >= rs->next_line) {
		stream_line(s, p, 0);
		rs->next_line += rs->line_ivl;
		if (rs->next_line <= s->now)
			rs->next_line = s->now + rs->line_ivl;
	}
	run_wake(wake, rs_wake(rs));
}

/* The loop's timed work: the streams' reports and lines; --count. */
static enum run_end
tick(void *ctx, int64_t now, int64_t *wake)
{
	struct recv_run *s = ctx;
	size_t i;

	s->now = now;
	/* Backwards: a stream that ends leaves its place to the last. */
	for (i = s->nlive; i-- > 0;)
		stream_tick(s, s->live[i], wake);
	if (s->o->count != 0 && s->got >= s->o->count)
		return END_COUNT;
	return END_NONE;
}

/* Add a socket for family to the poll set; returns it or -1. */
static int
add_socket(struct recv_run *s, int family, enum mc_step *step)
{
	struct pollfd *p;
	int fd;

	if ((fd = open_bound(family, s->o->c.port, step)) == -1)
		return -1;
	if ((p = realloc(s->pfd, (s->nfd + 1) * sizeof(*p))) == NULL) {
		close(fd);
		*step = STEP_SOCKET;
		return -1;
	}
	s->pfd = p;
	p[s->nfd].fd = fd;
	p[s->nfd].events = POLLIN;
	s->nfd++;
	return fd;
}

/* The sockets joins go into, one per family, and how full each is. */
struct joiner {
	int fd[2];
	size_t inuse[2];
};

/* Say why a socket could not be had; the exit status. */
static int
socket_error(const struct recv_run *s, enum mc_step step)
{
	char what[64];

	if (step == STEP_BIND)
		snprintf(what, sizeof(what), "bind port %u", s->o->c.port);
	else
		snprintf(what, sizeof(what), "socket");
	return sys_error(what, errno, step);
}

/*
 * Join g on ifindex ix.  The kernel caps memberships per socket
 * (net.ipv4.igmp_max_memberships, 20 by default; IPv6 option memory), so
 * when a socket is full the joins go on in a new one, all bound to the
 * same port.  Returns 0, or an exit status after saying what failed.
 */
static int
join_one(struct recv_run *s, struct joiner *j, const struct sockaddr *g,
    unsigned int ix)
{
	char gs[MC_ADDRSTRLEN], ifn[IF_NAMESIZE], what[MC_ADDRSTRLEN + 64];
	int f = g->sa_family == AF_INET6, r;
	enum mc_step step;

	if (j->fd[f] == -1 && (j->fd[f] = add_socket(s, g->sa_family,
	    &step)) == -1)
		return socket_error(s, step);
	r = join_group(j->fd[f], g, ix, s->o->src, s->o->nsrc);
	if (r == -1 && (errno == ENOBUFS || errno == ENOMEM) &&
	    j->inuse[f] > 0) {
		if ((j->fd[f] = add_socket(s, g->sa_family, &step)) == -1)
			return socket_error(s, step);
		j->inuse[f] = 0;
		r = join_group(j->fd[f], g, ix, s->o->src, s->o->nsrc);
	}
	if (r == -1) {
		snprintf(what, sizeof(what), "join %s on %s",
		    format_addr(g, gs, sizeof(gs)), ix != 0 &&
		    if_indextoname(ix, ifn) ? ifn : "the default interface");
		/* With an interface named, "use --interface" is no hint. */
		return sys_error(what, errno, ix != 0 && errno == ENODEV ?
		    STEP_IF : STEP_JOIN);
	}
	j->inuse[f]++;
	if (!joined_on(s, ix) && s->njif < sizeof(s->jif) / sizeof(s->jif[0]))
		s->jif[s->njif++] = ix;
	return 0;
}

/* Whether ifindex is one of the -I interfaces. */
static int
iface_given(const struct recv_run *s, unsigned int ifindex)
{
	size_t i;

	for (i = 0; i < s->o->niface; i++)
		if (s->ifx[i] == ifindex)
			return 1;
	return 0;
}

/*
 * The interfaces an operand joins on: its %scope, else every -I, else
 * the kernel's choice (0).  Returns how many into ix, or -1 after saying
 * what is wrong (*status set).
 */
static int
operand_ifaces(const struct recv_run *s, const struct operand *op,
    unsigned int *ix, int *status)
{
	const struct recv_opts *o = s->o;
	struct sockaddr_storage local;
	struct iface_spec sp;

	if (op->scope[0] != '\0') {
		if (parse_iface(op->scope, &sp) != NULL || resolve_iface(&sp,
		    op->first.ss_family, &ix[0], &local) == -1) {
			*status = scope_iface_error(op->scope);
			return -1;
		}
		/* One rule for both tools: a scope names an interface of -I. */
		if (o->niface > 0 && !iface_given(s, ix[0])) {
			*status = usage_error("group", op->arg, "its scope is not "
			    "one of the --interface ones");
			return -1;
		}
		return 1;
	}
	if (o->niface == 0 &&
	    group_needs_iface((const struct sockaddr *)&op->first)) {
		*status = scope_error((const struct sockaddr *)&op->first);
		return -1;
	}
	if (o->niface == 0) {
		ix[0] = 0;
		return 1;
	}
	memcpy(ix, s->ifx, o->niface * sizeof(*ix));
	return (int)o->niface;
}

/*
 * Between joins: whether a signal or the deadline ends the run before it
 * starts (thousands of joins take seconds), and a progress line on stderr
 * every second that they take.
 */
static enum run_end
joins_end(struct recv_run *s)
{
	int64_t now;

	if (run_stop)
		return END_SIGNAL;
	now = mono_ns();
	if (s->deadline >= 0 && now >= s->deadline)
		return END_DEADLINE;
	if (now >= s->next_note) {
		if (!s->o->c.quiet)
			fprintf(stderr, "joining: %zu of %llu groups\n",
			    s->ngroups, (unsigned long long)operands_total(
			    s->o->op, s->o->nop));
		s->next_note = now + NS_PER_SEC;
	}
	return END_NONE;
}

/* Join every group of one operand on its interfaces; 0 or exit status. */
static int
join_operand(struct recv_run *s, struct joiner *j, const struct operand *op)
{
	unsigned int ix[MAX_IFACES];
	char gs[MC_ADDRSTRLEN];
	int nix, k, r = 0;
	uint32_t i;

	if ((nix = operand_ifaces(s, op, ix, &r)) == -1)
		return r;
	if (s->o->nsrc > 0 && !s->o->c.quiet &&
	    !group_is_ssm((const struct sockaddr *)&op->first))
		warnx("note: %s is outside the SSM ranges (232.0.0.0/8, "
		    "ff3x::/96)", format_addr((const struct sockaddr *)
		    &op->first, gs, sizeof(gs)));
	for (i = 0; i < op->n; i++) {
		struct sockaddr_storage *g = &s->groups[s->ngroups++];

		group_nth(&op->first, i, g);
		/* Titles show the scope of a scoped group joined on one. */
		if (g->ss_family == AF_INET6 && nix == 1 && ix[0] != 0 &&
		    (op->scope[0] != '\0' ||
		    group_needs_iface((const struct sockaddr *)g)))
			((struct sockaddr_in6 *)(void *)g)->sin6_scope_id = ix[0];
		for (k = 0; k < nix; k++)
			if ((r = join_one(s, j, (struct sockaddr *)g,
			    ix[k])) != 0)
				return r;
		if ((s->why = joins_end(s)) != END_NONE)
			return 0;
	}
	return 0;
}

/*
 * Join every group of every operand, until a signal or the deadline says
 * stop (s->why).  Returns 0, or an exit status.
 */
static int
join_all(struct recv_run *s)
{
	struct joiner j = { { -1, -1 }, { 0, 0 } };
	size_t i;
	int r;

	s->next_note = mono_ns() + NS_PER_SEC;
	for (i = 0; i < s->o->nop && s->why == END_NONE; i++)
		if ((r = join_operand(s, &j, &s->o->op[i])) != 0)
			return r;
	qsort(s->groups, s->ngroups, sizeof(*s->groups), cmp_group);
	return 0;
}

/* -I into interface indexes, each one once; 0, or 2 after saying why. */
static int
resolve_ifaces(struct recv_run *s, const struct recv_opts *o)
{
	struct sockaddr_storage local;
	char ifn[IF_NAMESIZE], why[IF_NAMESIZE + 24];
	size_t i, k;

	for (i = 0; i < o->niface; i++) {
		if (resolve_iface(&o->iface[i], o->op[0].first.ss_family,
		    &s->ifx[i], &local) == -1)
			return iface_error(errno);
		for (k = 0; k < i && s->ifx[k] != s->ifx[i]; k++)
			;
		if (k == i)
			continue;
		snprintf(why, sizeof(why), "%s is already given",
		    if_indextoname(s->ifx[i], ifn) != NULL ? ifn : "it");
		return usage_error("--interface", o->iface_arg[i], why);
	}
	return 0;
}

/* Buffers, tables and interfaces before the joins; 0 or exit status. */
static int
prepare(struct recv_run *s, struct recv_opts *o)
{
	uint64_t total = operands_total(o->op, o->nop);

	s->o = o;
	s->why = END_NONE;
	s->start = mono_ns();
	s->deadline = o->c.deadline >= 0 ? s->start + o->c.deadline : -1;
	if (o->name[0] == '\0' && gethostname(o->name, sizeof(o->name)) == -1)
		o->name[0] = '\0';
	o->name[PROBE_NAMEMAX] = '\0';
	if (resolve_ifaces(s, o) != 0)
		return 2;
	s->out.json = o->c.json;
	s->out.stamp = o->c.stamp;
	s->out.f = stdout;
	s->out.null = is_dev_null(STDOUT_FILENO);
	s->wide = total > 1 || o->niface > 1;
	/* Without a random key the table works, its collisions foreseeable. */
	(void)table_init(&s->pt, MAX_PEERS);
	if (rl_init(&s->rl, o->ack_rate) == -1 && !o->c.quiet)
		warnx("note: no random key for the ack rate limit: %s",
		    strerror(errno));
	s->nbcast = local_broadcasts(s->bcast, MAX_BCAST);
	/* Untouched pages cost nothing: RSS grows only with what arrives. */
	s->groups = calloc((size_t)total, sizeof(*s->groups));
	s->rx.buf = malloc((size_t)MC_BATCH * MC_BUFSIZE);
	s->tx.buf = malloc((size_t)MC_BATCH * TX_SLOT);
	if (s->groups == NULL || s->rx.buf == NULL || s->tx.buf == NULL) {
		warnx("%s", strerror(errno));
		return 2;
	}
	return 0;
}

/* Join, then size the sockets' buffers; 0, or an exit status. */
static int
setup(struct recv_run *s, struct recv_opts *o)
{
	size_t i;
	int r;

	if ((r = prepare(s, o)) != 0 || (r = join_all(s)) != 0)
		return r;
	if ((s->drops = calloc(s->nfd, sizeof(*s->drops))) == NULL) {
		warnx("%s", strerror(errno));
		return 2;
	}
	for (i = 0; i < s->nfd; i++) {
		int got = set_rcvbuf(s->pfd[i].fd, o->rcvbuf);

		if (i == 0 && got >= 0 && got < o->rcvbuf && o->rcvbuf_given &&
		    !o->c.quiet)
			warnx("note: receive buffer %d bytes, "
			    "not %d (net.core.rmem_max; root may force more)",
			    got, o->rcvbuf);
	}
	/* One write per batch, not per line; flushed before every wait. */
	(void)setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (s->ngroups > 0)
		group_title(&s->groups[0], &s->groups[s->ngroups - 1],
		    o->c.port, s->gs, sizeof(s->gs));
	else
		group_title(&o->op[0].first, &o->op[0].first, o->c.port,
		    s->gs, sizeof(s->gs));
	return 0;
}

/* The "joined" line on stderr: which groups, on which interfaces. */
static void
banner(const struct recv_run *s)
{
	const struct recv_opts *o = s->o;
	char gs[sizeof(s->gs)], ifn[IF_NAMESIZE];
	size_t i;

	if (o->c.quiet)
		return;
	fprintf(stderr, "joined %s", group_title(&s->groups[0],
	    &s->groups[s->ngroups - 1], 0, gs, sizeof(gs)));
	if (s->ngroups > 1)
		fprintf(stderr, " (%zu groups, %zu sockets)", s->ngroups, s->nfd);
	fprintf(stderr, " on ");
	for (i = 0; i < o->niface; i++)
		fprintf(stderr, "%s%s", i > 0 ? "," : "",
		    if_indextoname(s->ifx[i], ifn) ? ifn : "?");
	if (o->niface == 0)
		fprintf(stderr, "%s", o->op[0].scope[0] != '\0' ?
		    o->op[0].scope : "the default interface");
	fprintf(stderr, ", listening on port %u\n", o->c.port);
}

static void
run(struct recv_run *s)
{
	struct run_ops ops = {
		s, tick, serve, snapshot, s->pfd, (unsigned int)s->nfd,
		s->deadline, 0, 0
	};

	s->ops = &ops;
	s->why = run_loop(&ops);
	s->ops = NULL;
	s->out_err = ops.out_err;
}

/* Report how the run ended; returns the exit status. */
static int
finish(struct recv_run *s)
{
	const struct recv_opts *o = s->o;
	int status = 0;
	size_t i;

	if (s->why == END_ERROR)
		return sys_error("poll", errno, STEP_SOCKET);
	if (s->why == END_DEADLINE) {
		if (!o->c.quiet)
			fprintf(stderr, "deadline reached after %llu datagrams\n",
			    (unsigned long long)s->got);
		status = o->count != 0 || s->got == 0 ? 1 : 0;
	}
	/* Streams still flowing end with this run: their senders hear so. */
	s->now = mono_ns();
	while (s->why != END_STDOUT && s->nlive > 0)
		stream_over(s, s->live[s->nlive - 1]);
	if (s->why != END_STDOUT)
		summary(s, 1);
	/*
	 * Newest first: the kernel finds the groups to leave in a list that
	 * holds the newest memberships at its head, so leaving in the order
	 * of joining costs time that grows with the square of the groups.
	 */
	for (i = s->nfd; i > 0; i--)
		close(s->pfd[i - 1].fd);
	if (close_stdout(s->out_err) == -1 && errno != EPIPE) {
		warnx("stdout: %s", strerror(errno));
		status = 2;
	}
	return status;
}

/* Give back what the run holds (the sockets are closed by finish). */
static void
release(struct recv_run *s)
{
	size_t i;

	for (i = 0; i < s->pt.n; i++)
		free(((struct peer *)s->pt.item[i])->rs);
	free(s->live);
	free(s->pfd);
	free(s->groups);
	table_free(&s->pt);
	free(s->drops);
	free(s->rx.buf);
	free(s->tx.buf);
	sb_free(&s->out.sb);
	free(s);
}

int
main(int argc, char **argv)
{
	struct recv_opts o = {
		.c = CLI_DEFAULTS,
		.ack_rate = DEFAULT_ACK_RATE,
		.rcvbuf = DEFAULT_RCVBUF,
	};
	struct recv_run *s;
	int r;

	/* Before anything else: no signal may find the default action. */
	catch_signals();
	if ((r = parse_args(argc, argv, &o)) != CLI_NEXT)
		return r;
	/* calloc: the big tables' pages stay untouched until used. */
	if ((s = calloc(1, sizeof(*s))) == NULL)
		err(2, "calloc");
	if ((r = setup(s, &o)) == 0) {
		/* A signal or the deadline may have come during the joins. */
		if (s->why == END_NONE) {
			banner(s);
			run(s);
		}
		r = finish(s);
	}
	release(s);
	return r;
}
