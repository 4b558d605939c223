/*
 * mcast-send: send a message to a multicast group and report every
 * response that comes back before the timeout.  With --count it is a
 * multicast ping: numbered probes, every ack matched to its probe, and
 * per-responder statistics.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "clock.h"
#include "diagnose.h"
#include "escape.h"
#include "mcast.h"
#include "output.h"
#include "parse.h"
#include "probe.h"
#include "stats.h"

#define PROG		"mcast-send"
#define RING		65536		/* send times kept, by seq modulo */
#define MIN_INTERVAL	(NS_PER_MS)	/* 0.001 s */
#define MAX_RESPONDERS	8192		/* ~2 KiB each; more count as ignored */

#define MAX_OPERANDS	64

struct send_opts {
	struct sockaddr_storage *groups;	/* every group, port set */
	size_t ngroups;
	char scope[IF_NAMESIZE];		/* the first IPv6 %scope given */
	int family;			/* -4, -6, or AF_UNSPEC */
	uint16_t port;
	struct iface_spec iface;
	int ttl;
	int loop;
	int quiet;
	int json;
	int stamp;			/* -D */
	int probing;			/* --count given: probe header on */
	uint64_t count;
	uint64_t expect;
	int expecting;			/* --expect given: stop once met */
	int64_t interval;		/* ns between probes */
	int64_t timeout;		/* ns to wait after the last probe */
	int64_t deadline;		/* ns for the whole run; -1: none */
	const char *message;
	const char *file;
};

struct responder {
	struct sockaddr_storage addr;
	long group;			/* index into groups; -1 unknown */
	unsigned char name[PROBE_NAMEMAX];
	size_t namelen;
	struct seqtrack seq;
	struct rtt rtt;
	uint64_t plain;			/* acks without a probe header */
	int hops;			/* last known; -1 unknown */
};

struct send_run {
	const struct send_opts *o;
	int fd;
	uint32_t session;
	uint64_t sent;			/* probes sent */
	int64_t sent_at[RING];		/* mono ns, by seq % RING */
	struct responder *r;
	size_t nr, cap;
	uint64_t acks, ignored;
	uint64_t last_answered;		/* responders that acked the last probe */
	const char *why;		/* how the run ended */
	struct outline out;
	char gs[2 * MC_ADDRSTRLEN + 16];	/* the group(s), for titles */
};

static volatile sig_atomic_t stop, snapshot;

static void
on_signal(int sig)
{
	if (sig == SIGQUIT)
		snapshot = 1;
	else
		stop = sig;
}

static void
usage(FILE *f)
{
	fprintf(f,
"usage: " PROG " [-46DhjqV] [-c count] [-e expect] [-I iface] [-i interval]\n"
"                  [-p port] [-t ttl] [-W timeout] [-w deadline]\n"
"                  [-m message | -f file] [--loop | --no-loop]\n"
"                  [group[+N]]...\n"
"\n"
"Send a datagram to multicast groups and print every response that\n"
"arrives before the timeout.  group defaults to " MC_DEFAULT_GROUP "\n"
"(" MC_DEFAULT_GROUP6 " with -6); group+N is N consecutive groups.\n"
"\n"
"  -4, -6                groups are IPv4 / IPv6\n"
"  -c, --count N         send N numbered probes (multicast ping)\n"
"  -D, --timestamp       start text lines with an RFC 3339 time\n"
"  -e, --expect N        succeed only if N responders answer; stop\n"
"                        waiting once N have answered the last probe\n"
"  -f, --file FILE       send the bytes of FILE (- is stdin)\n"
"  -h, --help            print this help and exit\n"
"  -I, --interface IFACE send through IFACE (name, index or local address)\n"
"  -i, --interval SECS   between probes (default 1, at least 0.001)\n"
"  -j, --json            JSON Lines on stdout\n"
"      --loop, --no-loop deliver to receivers on this host too (default on)\n"
"  -m, --message TEXT    the payload (default \"" MC_DEFAULT_MESSAGE "\")\n"
"  -p, --port PORT       destination UDP port (default 10000)\n"
"  -q, --quiet           no progress or diagnostics on stderr\n"
"  -t, --ttl TTL         multicast TTL (hop limit), 0..255 (default 1)\n"
"  -V, --version         print the version and exit\n"
"  -W, --timeout SECS    wait this long after the last probe (default 0.2)\n"
"  -w, --deadline SECS   end the whole run after this long\n"
"\n"
"Exit status: 0 enough responders answered (--expect, default 1), 1 too\n"
"few did, 2 usage or system error.\n");
}

static const struct option longopts[] = {
	{ "count",	required_argument,	NULL, 'c' },
	{ "timestamp",	no_argument,		NULL, 'D' },
	{ "expect",	required_argument,	NULL, 'e' },
	{ "file",	required_argument,	NULL, 'f' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "interface",	required_argument,	NULL, 'I' },
	{ "interval",	required_argument,	NULL, 'i' },
	{ "json",	no_argument,		NULL, 'j' },
	{ "loop",	no_argument,		NULL, 'L' },
	{ "no-loop",	no_argument,		NULL, 'N' },
	{ "message",	required_argument,	NULL, 'm' },
	{ "port",	required_argument,	NULL, 'p' },
	{ "quiet",	no_argument,		NULL, 'q' },
	{ "ttl",	required_argument,	NULL, 't' },
	{ "version",	no_argument,		NULL, 'V' },
	{ "timeout",	required_argument,	NULL, 'W' },
	{ "deadline",	required_argument,	NULL, 'w' },
	{ NULL,		0,			NULL, 0 }
};

/* Parse argv into o; returns -1 to go on, or an exit status. */
static int
parse_args(int argc, char **argv, struct send_opts *o)
{
	struct sockaddr_storage first;
	const char *e;
	char scope[IF_NAMESIZE];
	uint32_t n, j;
	int ch, i;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":46c:De:f:hI:i:jm:p:qt:VW:w:",
	    longopts, NULL)) != -1) {
		switch (ch) {
		case '4':
		case '6':
			if (o->family != AF_UNSPEC &&
			    o->family != (ch == '4' ? AF_INET : AF_INET6))
				return usage_error("option", ch == '4' ? "-4" :
				    "-6", "conflicts with the other family");
			o->family = ch == '4' ? AF_INET : AF_INET6;
			break;
		case 'c':
			if ((e = parse_uint(optarg, 1, UINT32_MAX, &o->count)) != NULL)
				return usage_error("--count", optarg, e);
			o->probing = 1;
			break;
		case 'D':
			o->stamp = 1;
			break;
		case 'e':
			if ((e = parse_uint(optarg, 1, 1000000, &o->expect)) != NULL)
				return usage_error("--expect", optarg, e);
			o->expecting = 1;
			break;
		case 'f':
			o->file = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'I':
			if ((e = parse_iface(optarg, &o->iface)) != NULL)
				return usage_error("--interface", optarg, e);
			break;
		case 'i':
			if ((e = parse_duration(optarg, MIN_INTERVAL,
			    MC_MAX_DURATION_NS, &o->interval)) != NULL)
				return usage_error("--interval", optarg, e);
			break;
		case 'j':
			o->json = 1;
			break;
		case 'L':
			o->loop = 1;
			break;
		case 'N':
			o->loop = 0;
			break;
		case 'm':
			o->message = optarg;
			break;
		case 'p':
			if ((e = parse_port(optarg, &o->port)) != NULL)
				return usage_error("--port", optarg, e);
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 't':
			if ((e = parse_ttl(optarg, &o->ttl)) != NULL)
				return usage_error("--ttl", optarg, e);
			break;
		case 'V':
			printf(PROG " " MCAST_VERSION "\n");
			return 0;
		case 'W':
			if ((e = parse_duration(optarg, 0, MC_MAX_DURATION_NS,
			    &o->timeout)) != NULL)
				return usage_error("--timeout", optarg, e);
			break;
		case 'w':
			if ((e = parse_duration(optarg, 1, MC_MAX_DURATION_NS,
			    &o->deadline)) != NULL)
				return usage_error("--deadline", optarg, e);
			break;
		default:
			return option_error(ch, argv);
		}
	}
	if (argc - optind > MAX_OPERANDS)
		return usage_error("operand", argv[optind + MAX_OPERANDS],
		    "more than 64 group operands (use group+N ranges)");
	for (i = optind; i < argc || i == optind; i++) {
		const char *g = i < argc ? argv[i] : o->family == AF_INET6 ?
		    MC_DEFAULT_GROUP6 : MC_DEFAULT_GROUP;
		struct sockaddr_storage *gs;

		if ((e = parse_group_range(g, o->family, &first, &n,
		    scope)) != NULL)
			return usage_error("group", g, e);
		if (o->ngroups > 0 &&
		    first.ss_family != o->groups[0].ss_family)
			return usage_error("group", g, "all groups must be of one "
			    "family");
		if (o->ngroups + n > MC_MAX_GROUPS)
			return usage_error("group", g, "more than " MC_MAX_GROUPS_STR
			    " groups");
		if ((gs = realloc(o->groups, (o->ngroups + n) *
		    sizeof(*gs))) == NULL)
			return usage_error("group", g, strerror(errno));
		o->groups = gs;
		for (j = 0; j < n; j++) {
			group_nth(&first, j, &gs[o->ngroups + j]);
			addr_set_port((struct sockaddr *)&gs[o->ngroups + j],
			    o->port);
		}
		o->ngroups += n;
		if (o->scope[0] == '\0')
			memcpy(o->scope, scope, sizeof(scope));
	}
	if (o->message != NULL && o->file != NULL)
		return usage_error("--file", o->file, "conflicts with --message");
	return -1;
}

/* Load the payload from --message or --file; returns its length or -1. */
static ssize_t
load_payload(const struct send_opts *o, char *buf, size_t max)
{
	const char *m = o->message != NULL ? o->message : MC_DEFAULT_MESSAGE;
	ssize_t n;
	int fd, e;

	if (o->file == NULL) {
		if (strlen(m) > max) {
			errno = E2BIG;
			return -1;
		}
		/* A datagram, not a string: no NUL goes with it. */
		memcpy(buf, m, strlen(m));	/* NOLINT(bugprone-not-null-terminated-result) */
		return (ssize_t)strlen(m);
	}
	if (strcmp(o->file, "-") == 0)
		return read_all(STDIN_FILENO, buf, max);
	if ((fd = open(o->file, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read_all(fd, buf, max);
	e = errno;
	close(fd);
	errno = e;
	return n;
}

static uint32_t
random32(void)
{
	uint32_t v;

	if (getentropy(&v, sizeof(v)) == 0)
		return v;
	return (uint32_t)(mono_ns() ^ real_ns() ^ (int64_t)getpid() << 16);
}

/*
 * The responder an ack came from: its address and, for probe acks, the
 * name it gave, since several receivers on one host answer from one
 * address and port.  NULL when the table cannot grow.
 */
static struct responder *
responder(struct send_run *s, const struct sockaddr_storage *from,
    const unsigned char *name, size_t namelen, long group)
{
	struct responder *r;
	size_t i;

	for (i = 0; i < s->nr; i++) {
		r = &s->r[i];
		if (r->group == group &&
		    memcmp(&r->addr, from, addr_len((const void *)from)) == 0 &&
		    r->namelen == namelen && memcmp(r->name, name, namelen) == 0)
			return r;
	}
	if (s->nr == MAX_RESPONDERS)
		return NULL;
	if (s->nr == s->cap) {
		size_t cap = s->cap != 0 ? s->cap * 2 : 16;

		if ((r = realloc(s->r, cap * sizeof(*r))) == NULL)
			return NULL;
		s->r = r;
		s->cap = cap;
	}
	r = &s->r[s->nr++];
	memset(r, 0, sizeof(*r));
	memcpy(&r->addr, from, sizeof(*from));
	memcpy(r->name, name, namelen);
	r->namelen = namelen;
	r->group = group;
	r->hops = -1;
	return r;
}

/* The group with index g as a JSON string, or null. */
static void
group_json(struct send_run *s, long g)
{
	char gs[MC_ADDRSTRLEN];

	if (g < 0)
		sb_puts(&s->out.sb, "null");
	else
		sb_printf(&s->out.sb, "\"%s\"", format_addr(
		    (const void *)&s->o->groups[g], gs, sizeof(gs)));
}

static void
json_ms(struct sbuf *sb, const char *key, double ns)
{
	sb_printf(sb, ",\"%s\":%.3f", key, ns / 1e6);
}

/* The summary: ping's block in text, one object in JSON. */
static void
summary(struct send_run *s, int final)
{
	char as[MC_ADDRSTRLEN], a[16], b[16], c[16], d[16];
	size_t i;

	ol_start(&s->out, "summary");
	if (s->o->json) {
		sb_printf(&s->out.sb, ",\"final\":%s,\"reason\":\"%s\","
		    "\"group\":\"%s\",\"sent\":%llu,\"acks\":%llu,"
		    "\"ignored\":%llu,\"responders\":[",
		    final ? "true" : "false", s->why != NULL ? s->why : "running",
		    s->gs, (unsigned long long)s->sent,
		    (unsigned long long)s->acks, (unsigned long long)s->ignored);
	} else {
		sb_printf(&s->out.sb, "--- %s statistics ---\n", s->gs);
		ol_prefix(&s->out);
		sb_printf(&s->out.sb, "%llu probes sent, %zu responders, "
		    "%llu acks", (unsigned long long)s->sent, s->nr,
		    (unsigned long long)s->acks);
		if (s->ignored != 0)
			sb_printf(&s->out.sb, ", %llu ignored",
			    (unsigned long long)s->ignored);
	}
	for (i = 0; i < s->nr; i++) {
		struct responder *r = &s->r[i];
		struct seqtrack *q = &r->seq;
		double since = loss_since_pct(s->sent, q->distinct, q->first);

		format_addr((struct sockaddr *)&r->addr, as, sizeof(as));
		if (s->o->json) {
			sb_printf(&s->out.sb, "%s{\"from\":\"%s\",\"group\":",
			    i > 0 ? "," : "", as);
			group_json(s, r->group);
			sb_puts(&s->out.sb, ",\"name\":");
			if (r->namelen > 0)
				sb_json_str(&s->out.sb, r->name, r->namelen);
			else
				sb_puts(&s->out.sb, "null");
			sb_printf(&s->out.sb, ",\"answered\":%llu,\"acks\":%llu,"
			    "\"loss_pct\":%.1f,\"loss_since_first_pct\":%.1f,"
			    "\"first_seq\":%lu,\"dups\":%llu,\"reordered\":%llu,"
			    "\"plain\":%llu,\"hops\":",
			    (unsigned long long)q->distinct,
			    (unsigned long long)q->total,
			    loss_pct(s->sent, q->distinct), since,
			    (unsigned long)q->first,
			    (unsigned long long)q->dups,
			    (unsigned long long)q->reordered,
			    (unsigned long long)r->plain);
			if (r->hops >= 0)
				sb_printf(&s->out.sb, "%d", r->hops);
			else
				sb_puts(&s->out.sb, "null");
			if (r->rtt.n > 0) {
				json_ms(&s->out.sb, "rtt_min_ms", (double)r->rtt.min);
				json_ms(&s->out.sb, "rtt_avg_ms", r->rtt.mean);
				json_ms(&s->out.sb, "rtt_max_ms", (double)r->rtt.max);
				json_ms(&s->out.sb, "rtt_mdev_ms", rtt_mdev(&r->rtt));
			}
			sb_puts(&s->out.sb, "}");
			continue;
		}
		sb_puts(&s->out.sb, "\n");
		ol_prefix(&s->out);
		sb_puts(&s->out.sb, as);
		if (s->o->ngroups > 1 && r->group >= 0)
			sb_printf(&s->out.sb, " group=%s", format_addr(
			    (const void *)&s->o->groups[r->group], as, sizeof(as)));
		if (r->namelen > 0) {
			sb_puts(&s->out.sb, " name=\"");
			sb_escape(&s->out.sb, r->name, r->namelen, ESC_QUOTE);
			sb_puts(&s->out.sb, "\"");
		}
		sb_printf(&s->out.sb, ": %llu/%llu answered, %.1f%% loss, "
		    "%.1f%% since first, %llu dup, %llu reordered",
		    (unsigned long long)q->distinct, (unsigned long long)s->sent,
		    loss_pct(s->sent, q->distinct), since,
		    (unsigned long long)q->dups,
		    (unsigned long long)q->reordered);
		if (r->plain != 0)
			sb_printf(&s->out.sb, ", %llu plain",
			    (unsigned long long)r->plain);
		if (r->hops >= 0)
			sb_printf(&s->out.sb, ", hops=%d", r->hops);
		if (r->rtt.n > 0)
			sb_printf(&s->out.sb, ", rtt min/avg/max/mdev = "
			    "%s/%s/%s/%s ms",
			    fmt_ms(r->rtt.min, a, sizeof(a)),
			    fmt_ms((int64_t)r->rtt.mean, b, sizeof(b)),
			    fmt_ms(r->rtt.max, c, sizeof(c)),
			    fmt_ms((int64_t)rtt_mdev(&r->rtt), d, sizeof(d)));
	}
	if (s->o->json)
		sb_puts(&s->out.sb, "]");
	ol_end(&s->out, stdout);
}

/*
 * Send probe number s->sent (or the plain message) to every group, each
 * group with its own session so that an ack tells which one it answers.
 * The probe counts as sent even when a send fails.  Returns 0, or -1 with
 * errno of the first failure.
 */
static int
send_probe(struct send_run *s, const char *payload, size_t plen,
    unsigned char *pkt, size_t pktlen)
{
	const struct send_opts *o = s->o;
	char gs[MC_ADDRSTRLEN];
	struct probe p;
	const void *out = payload;
	size_t len = plen, g;
	int64_t now = mono_ns();
	int err = 0;

	s->sent_at[s->sent % RING] = now;
	for (g = 0; g < o->ngroups; g++) {
		const struct sockaddr *to = (const void *)&o->groups[g];

		if (o->probing) {
			memset(&p, 0, sizeof(p));
			p.type = PROBE_REQ;
			p.session = s->session + (uint32_t)g;
			p.seq = (uint32_t)s->sent;
			p.stamp = (uint64_t)now;
			p.payload = (const unsigned char *)payload;
			p.paylen = plen;
			len = probe_encode(&p, pkt, pktlen);
			out = pkt;
		}
		if (sendto(s->fd, out, len, 0, to, addr_len(to)) == -1) {
			if (err == 0)
				err = errno;
			continue;
		}
		if (o->json) {
			ol_start(&s->out, "sent");
			sb_printf(&s->out.sb, ",\"seq\":%llu,\"to\":\"%s\","
			    "\"bytes\":%zu,\"ttl\":%d",
			    (unsigned long long)s->sent,
			    format_addr(to, gs, sizeof(gs)), len, o->ttl);
			ol_end(&s->out, stdout);
		}
	}
	s->sent++;
	if (err != 0) {
		errno = err;
		return -1;
	}
	return 0;
}

/* Take one datagram off the socket as an ack; 0, or -1 when none left. */
static int
take_ack(struct send_run *s, unsigned char *buf, size_t len)
{
	char fs[MC_ADDRSTRLEN], ms[16];
	struct rxinfo ri;
	struct probe p;
	struct responder *r;
	enum seq_result res;
	const unsigned char *pay;
	size_t paylen;
	ssize_t n;
	int64_t now, rtt;
	uint64_t seq;
	long group;
	int exact, hops;

	if ((n = recv_dgram(s->fd, buf, len, &ri)) == -1)
		return -1;
	now = mono_ns();
	if (s->sent == 0)
		return 0;
	exact = probe_decode(buf, (size_t)n, &p) == PROBE_OK &&
	    p.type == PROBE_ACK;
	group = s->o->ngroups == 1 ? 0 : -1;
	if (exact) {
		/* Echoed session, seq and stamp must all be ours. */
		group = (long)(uint32_t)(p.session - s->session);
		if ((size_t)group >= s->o->ngroups || p.seq >= s->sent ||
		    s->sent - p.seq > RING ||
		    (int64_t)p.stamp != s->sent_at[p.seq % RING]) {
			s->ignored++;
			return 0;
		}
		seq = p.seq;
		pay = p.payload;
		paylen = p.paylen;
	} else {
		seq = s->sent - 1;
		pay = buf;
		paylen = (size_t)n;
	}
	rtt = now - s->sent_at[seq % RING];
	if ((r = responder(s, &ri.from, exact ? p.name :
	    (const unsigned char *)"",
	    exact ? p.namelen : 0, group)) == NULL) {
		s->ignored++;
		return 0;
	}
	res = seq_add(&r->seq, (uint32_t)seq);
	s->acks++;
	if (!exact)
		r->plain++;
	/* Routers crossed: what we sent with less what arrived; else unknown. */
	hops = exact && p.ttl >= 0 && p.ttl <= s->o->ttl ? s->o->ttl - p.ttl : -1;
	if (hops >= 0)
		r->hops = hops;
	if (res != SEQ_DUP) {
		rtt_add(&r->rtt, rtt);
		if (seq + 1 == s->o->count)
			s->last_answered++;
	}
	format_addr((struct sockaddr *)&ri.from, fs, sizeof(fs));
	fmt_ms(rtt, ms, sizeof(ms));
	ol_start(&s->out, "ack");
	if (s->o->json) {
		sb_printf(&s->out.sb, ",\"from\":\"%s\",\"group\":", fs);
		group_json(s, group);
		sb_printf(&s->out.sb, ",\"seq\":%llu,"
		    "\"rtt_ms\":%s,\"exact\":%s,\"dup\":%s,\"reordered\":%s,"
		    "\"hops\":", (unsigned long long)seq, ms,
		    exact ? "true" : "false", res == SEQ_DUP ? "true" : "false",
		    res == SEQ_REORDERED ? "true" : "false");
		if (hops >= 0)
			sb_printf(&s->out.sb, "%d,\"ttl\":%d", hops, p.ttl);
		else
			sb_puts(&s->out.sb, "null,\"ttl\":null");
		sb_puts(&s->out.sb, ",\"name\":");
		if (exact && p.namelen > 0)
			sb_json_str(&s->out.sb, p.name, p.namelen);
		else
			sb_puts(&s->out.sb, "null");
		sb_puts(&s->out.sb, ",\"payload\":");
		if (!sb_json_str(&s->out.sb, pay, paylen)) {
			sb_puts(&s->out.sb, ",\"payload_hex\":\"");
			sb_hex(&s->out.sb, pay, paylen);
			sb_puts(&s->out.sb, "\"");
		}
	} else {
		sb_puts(&s->out.sb, "received \"");
		sb_escape(&s->out.sb, pay, paylen, ESC_QUOTE);
		sb_printf(&s->out.sb, "\" from %s seq=%llu time=%s ms", fs,
		    (unsigned long long)seq, ms);
		if (hops >= 0)
			sb_printf(&s->out.sb, " hops=%d", hops);
		if (exact && p.namelen > 0) {
			sb_puts(&s->out.sb, " name=\"");
			sb_escape(&s->out.sb, p.name, p.namelen, ESC_QUOTE);
			sb_puts(&s->out.sb, "\"");
		}
		if (s->o->ngroups > 1 && group >= 0)
			sb_printf(&s->out.sb, " group=%s", format_addr(
			    (const void *)&s->o->groups[group], fs, sizeof(fs)));
		if (!exact)
			sb_puts(&s->out.sb, " plain");
		if (res == SEQ_DUP)
			sb_puts(&s->out.sb, " dup");
		if (res == SEQ_REORDERED)
			sb_puts(&s->out.sb, " reordered");
	}
	ol_end(&s->out, stdout);
	return 0;
}

static void
note(const struct send_run *s, const char *what)
{
	if (s->o->json && strcmp(what, "timeout") == 0) {
		char ts[RFC3339_LEN];

		printf("{\"event\":\"timeout\",\"time\":\"%s\",\"acks\":%llu}\n",
		    rfc3339(real_ns(), ts, sizeof(ts)),
		    (unsigned long long)s->acks);
	}
	if (s->o->quiet)
		return;
	if (strcmp(what, "timeout") == 0)
		fprintf(stderr, "timed out, no more responses\n");
	else if (strcmp(what, "expect") == 0)
		fprintf(stderr, "%llu of %llu expected responders answered "
		    "the last probe\n", (unsigned long long)s->last_answered,
		    (unsigned long long)s->o->expect);
	else if (strcmp(what, "deadline") == 0)
		fprintf(stderr, "deadline reached\n");
}

/* Nothing answered: say which of the usual causes apply here. */
static void
explain_silence(const struct send_run *s, unsigned int ifindex)
{
	const struct send_opts *o = s->o;
	struct sbuf b = { 0 };
	struct facts f;

	gather_facts(&f, (const struct sockaddr *)&o->groups[0], ifindex,
	    o->ttl, o->loop);
	f.ignored = s->ignored;
	if (advise(&f, &b) > 0) {
		b.p[--b.len] = '\0';		/* warnx ends the line */
		warnx("no response; on this host:\n%s", b.p);
	}
	sb_free(&b);
}

int
main(int argc, char **argv)
{
	static struct send_opts o = {
		.port = MC_DEFAULT_PORT,
		.family = AF_UNSPEC,
		.ttl = MC_DEFAULT_TTL,
		.loop = 1,
		.count = 1,
		.expect = 1,
		.interval = NS_PER_SEC,
		.timeout = MC_DEFAULT_TIMEOUT_NS,
		.deadline = -1,
	};
	static struct send_run s;
	static char payload[MC_MAX_PAYLOAD6 + 1];
	static unsigned char pkt[65536], rbuf[65536];
	struct pollfd pfd;
	struct iface_spec scope;
	struct sockaddr_storage local;
	enum mc_step step;
	unsigned int ifindex = 0, via;
	char ifn[IF_NAMESIZE];
	size_t max, g;
	int family;
	ssize_t plen;
	int64_t t0, now, end = -1, run_end = -1, next, wake;
	int r, status;

	if ((r = parse_args(argc, argv, &o)) != -1)
		return r;
	/* An IPv6 %scope names the interface when -I does not. */
	if (o.iface.kind == IFACE_NONE && o.scope[0] != '\0' &&
	    parse_iface(o.scope, &scope) == NULL)
		o.iface = scope;
	if (o.ngroups == 0)
		return 2;		/* parse_args always gives one */
	family = o.groups[0].ss_family;
	if (resolve_iface(&o.iface, family, &ifindex, &local) == -1) {
		warnx("--interface: %s",
		    errno == EADDRNOTAVAIL ? "no interface has that address" :
		    "no such interface");
		return 2;
	}
	for (g = 0; g < o.ngroups; g++) {
		struct sockaddr *gp = (struct sockaddr *)&o.groups[g];

		if (ifindex == 0 && group_needs_iface(gp)) {
			addr_set_port(gp, 0);
			return scope_error(gp);
		}
		/* A %scope only where the scope needs one (ff01::, ff02::). */
		if (family == AF_INET6 && group_needs_iface(gp))
			((struct sockaddr_in6 *)(void *)gp)->sin6_scope_id =
			    ifindex;
	}
	max = family == AF_INET6 ? MC_MAX_PAYLOAD6 : MC_MAX_PAYLOAD4;
	if (o.probing)
		max -= PROBE_HDRLEN;
	if ((plen = load_payload(&o, payload, max)) == -1) {
		char why[64];

		if (errno != E2BIG)
			return usage_error("--file", o.file, strerror(errno));
		snprintf(why, sizeof(why), "larger than a UDP datagram can "
		    "carry (%zu bytes)", max);
		return o.file != NULL ? usage_error("--file", o.file, why) :
		    usage_error("--message", "...", why);
	}

	catch_signals(on_signal);

	if ((s.fd = open_sender(family, o.ttl, o.loop, ifindex, &local,
	    &step)) == -1)
		return sys_error("socket", errno, step);
	/* Room for an ack storm: a thousand responders at the same instant. */
	(void)set_rcvbuf(s.fd, 4 << 20);
	(void)setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	s.o = &o;
	s.out.json = o.json;
	s.out.stamp = o.stamp;
	s.session = random32();
	format_addr((struct sockaddr *)&o.groups[0], s.gs, sizeof(s.gs));
	if (o.ngroups > 1) {
		struct sockaddr_storage a = o.groups[0], b = o.groups[o.ngroups - 1];
		char fa[MC_ADDRSTRLEN], fb[MC_ADDRSTRLEN];

		addr_set_port((struct sockaddr *)&a, 0);
		addr_set_port((struct sockaddr *)&b, 0);
		snprintf(s.gs, sizeof(s.gs), "%s..%s port %u",
		    format_addr((struct sockaddr *)&a, fa, sizeof(fa)),
		    format_addr((struct sockaddr *)&b, fb, sizeof(fb)), o.port);
	}
	if (!o.quiet) {
		struct sbuf e = { 0 };

		sb_escape(&e, payload, (size_t)plen, ESC_QUOTE);
		fprintf(stderr, "sending \"%s\" to %s", e.p, s.gs);
		if (o.ngroups > 1)
			fprintf(stderr, " (%zu groups)", o.ngroups);
		fprintf(stderr, " ttl %d", o.ttl);
		/* Which interface, and whether the kernel chose it. */
		if (ifindex != 0)
			fprintf(stderr, " via %s", if_indextoname(ifindex, ifn) ?
			    ifn : "?");
		else if (route_iface((struct sockaddr *)&o.groups[0], &via) == 0 &&
		    if_indextoname(via, ifn) != NULL)
			fprintf(stderr, " via %s (the kernel's choice)", ifn);
		if (o.probing)
			fprintf(stderr, ", %llu probes", (unsigned long long)o.count);
		fprintf(stderr, "\n");
		sb_free(&e);
	}

	t0 = next = mono_ns();
	if (o.deadline >= 0)
		run_end = t0 + o.deadline;
	pfd.fd = s.fd;
	pfd.events = POLLIN;
	for (;;) {
		if (stop) {
			s.why = "signal";
			break;
		}
		if (snapshot) {
			snapshot = 0;
			summary(&s, 0);
		}
		now = mono_ns();
		if (run_end >= 0 && now >= run_end) {
			s.why = "deadline";
			break;
		}
		if (s.sent < o.count && now >= next) {
			if (send_probe(&s, payload, (size_t)plen, pkt,
			    sizeof(pkt)) == -1) {
				if (errno != ENOBUFS && errno != EAGAIN &&
				    errno != EINTR) {
					char what[sizeof(s.gs) + 8];

					snprintf(what, sizeof(what), "send to %s",
					    s.gs);
					fflush(stdout);
					return sys_error(what, errno, STEP_SOCKET);
				}
				if (!o.quiet)
					warnx("send: %s",
					    strerror(errno));
			}
			next = t0 + (int64_t)s.sent * o.interval;
			if (s.sent == o.count)
				end = mono_ns() + o.timeout;
		}
		if (o.expecting && s.sent == o.count &&
		    s.last_answered >= o.expect) {
			s.why = "expect";
			break;
		}
		if (end >= 0 && now >= end) {
			s.why = "timeout";
			break;
		}
		wake = s.sent < o.count ? next : end;
		if (run_end >= 0 && run_end < wake)
			wake = run_end;
		if (fflush(stdout) == EOF && errno == EPIPE) {
			s.why = "stdout";	/* nobody reads: stop quietly */
			break;
		}
		if ((r = poll_until(&pfd, 1, wake)) == -1) {
			if (errno == EINTR)
				continue;
			return sys_error("poll", errno, STEP_SOCKET);
		}
		if (r > 0)
			while (take_ack(&s, rbuf, sizeof(rbuf)) == 0)
				;
	}
	if (s.why != NULL)
		note(&s, s.why);
	if ((o.probing || o.json || stop) &&
	    (s.why == NULL || strcmp(s.why, "stdout") != 0))
		summary(&s, 1);
	close(s.fd);
	status = s.nr >= o.expect ? 0 : 1;
	if (s.nr == 0 && !o.quiet && !stop)
		explain_silence(&s, ifindex);
	if (close_stdout() == -1 && errno != EPIPE) {
		warnx("stdout: %s", strerror(errno));
		status = 2;
	}
	return status;
}
