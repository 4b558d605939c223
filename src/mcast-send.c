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
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "cli.h"
#include "clock.h"
#include "diagnose.h"
#include "escape.h"
#include "hist.h"
#include "mcast.h"
#include "output.h"
#include "parse.h"
#include "probe.h"
#include "run.h"
#include "sendfmt.h"
#include "sendstream.h"
#include "stats.h"
#include "table.h"
#include "who.h"

#define PROG		"mcast-send"
#define RING		65536		/* send times kept, by seq modulo */
#define MIN_INTERVAL	(NS_PER_MS)	/* 0.001 s */
#define LATE_GRACE	(10 * NS_PER_MS)	/* late by less: caught up */
/* Responders kept, each ~2.4 KiB allocated as it arrives: a fleet as
 * large as the largest group range fits. */
#define MAX_RESPONDERS		MC_MAX_GROUPS
#define MAX_RESPONDERS_STR	MC_MAX_GROUPS_STR
/* Stream mode. */
#define MAX_RATE	100000000	/* datagrams per second per group */
#define MAX_RATE_STR	"100000000"
#define MAX_BITS	1000000000000ULL	/* 1 Tbit/s */
#define DEFAULT_BITS	1000000		/* 1 Mbit/s, as iperf's */
#define DEFAULT_SIZE	1316		/* 7 MPEG-TS packets, as IPTV's */
#define STREAM_MIN_STR	"24"		/* PROBE_HDRLEN */
#define STREAM_TIMEOUT	NS_PER_SEC	/* wait for the final reports */

struct send_opts {
	struct common_opts c;
	struct operand op[MAX_OPERANDS];
	size_t nop;
	struct sockaddr_storage *groups;	/* every group, port set */
	size_t ngroups;
	struct iface_spec iface;
	int ttl;
	int loop;
	int probing;			/* --count given: probe header on */
	uint64_t count;
	uint64_t expect;
	int expecting;			/* --expect given: stop once met */
	int64_t interval;		/* ns between probes */
	int64_t timeout;		/* ns to wait after the last probe */
	int timeout_given;
	int interval_given;
	const char *message;
	const char *file;
	int streaming;			/* a stream option given */
	uint64_t rate;			/* stream: datagrams per second */
	uint64_t bits;			/* --bandwidth: bits per second */
	uint64_t size;			/* stream: bytes per datagram */
	int64_t duration;		/* stream: ns; -1: from --count */
	int64_t ivl;			/* stream: report interval, ns */
	double max_loss;		/* percent; < 0: any */
	const char *arg_b, *arg_l, *arg_i, *arg_T;	/* as given */
	const char *ack;		/* what a plain ack says */
	int any_ack;			/* any datagram back is an ack */
};

struct responder {
	struct who w;			/* first: the table finds it by this */
	struct seqtrack seq;
	struct rtt rtt;
	struct hist *hist;		/* the RTTs, for percentiles, from the
					   second on (NULL: at most one) */
	uint64_t plain;			/* acks without a probe header */
	uint64_t withheld;		/* probes it says it chose not to answer */
};

/* One ack as it arrived, matched to the probe it answers. */
struct ack_in {
	struct rxinfo ri;
	int exact;			/* a probe ack of ours, not plain */
	struct probe p;			/* when exact */
	uint64_t seq;
	long group;			/* -1: not known */
	const unsigned char *payload;
	size_t paylen;
	int64_t rtt;
};

struct send_run {
	const struct send_opts *o;
	int fd;
	unsigned int ifindex;		/* -I or %scope; 0: the kernel's */
	uint32_t session;
	char payload[MC_MAX_PAYLOAD6 + 1];
	size_t plen;
	unsigned char pkt[65536], rbuf[65536];
	uint64_t sent;			/* probes sent */
	uint64_t skipped;		/* probe slots passed while late */
	int64_t sent_at[RING];		/* mono ns, by seq % RING */
	int64_t t0, next, end;		/* start, next probe, end of waiting */
	struct table rt;		/* struct responder, by their key */
	uint64_t acks, ignored;
	uint64_t untracked;		/* acks from responders past the table */
	uint64_t last_answered;		/* responders that acked the last probe */
	enum run_end why;
	int err;			/* END_ERROR: errno of what failed */
	int send_failed;		/* END_ERROR: a send, else poll */
	int out_err;			/* errno of a failed write to stdout */
	struct outline out;
	char gs[2 * MC_ADDRSTRLEN + 16];	/* the group(s), for titles */
	struct stream_tx *st;		/* stream mode */
	struct hist one[1];		/* a responder's one RTT, for its row */
};

static void
usage(FILE *f)
{
	fprintf(f,
"usage: " PROG " [-46DhjqV] [-c count] [-e expect] [-I iface] [-i interval]\n"
"                  [-p port] [-t ttl] [-W timeout] [-w deadline]\n"
"                  [-m message | -f file] [--loop | --no-loop]\n"
"                  [--ack text | --any-ack] [group[+N]]...\n"
"       " PROG " -r rate | -b bandwidth [-l size] [--duration secs]\n"
"                  [--report-interval secs] [--max-loss pct] [-46DjqV]\n"
"                  [-c count] [-e expect] [-I iface] [-p port] [-t ttl]\n"
"                  [-W timeout] [-w deadline] [group[+N]]...\n"
"\n"
"Send a datagram to multicast groups and print every response that\n"
"arrives before the timeout.  group defaults to " MC_DEFAULT_GROUP "\n"
"(" MC_DEFAULT_GROUP6 " with -6); group+N is N consecutive groups.\n"
"With -r or -b, stream datagrams at a rate instead and print what each\n"
"receiver reports: received, lost, jitter, delay, rate.\n"
"\n"
"  -4, -6                groups are IPv4 / IPv6\n"
"      --ack TEXT        a plain ack (from a peer that does not speak the\n"
"                        probe format) says TEXT (default \"" MC_DEFAULT_ACK "\"); others\n"
"                        are ignored\n"
"      --any-ack         any datagram back is a plain ack\n"
"  -b, --bandwidth BITS  stream at BITS/s of UDP payload (k, M, G: 1000s)\n"
"  -c, --count N         send N numbered probes (multicast ping); in a\n"
"                        stream, N datagrams\n"
"  -D, --timestamp       start text lines with an RFC 3339 time\n"
"      --duration SECS   stream for this long (default 10)\n"
"  -e, --expect N        succeed only if N responders answer; stop\n"
"                        waiting once N have answered the last probe\n"
"  -f, --file FILE       send the bytes of FILE (- is stdin)\n"
"  -h, --help            print this help and exit\n"
"  -I, --interface IFACE send through IFACE (name, index or local address)\n"
"  -i, --interval SECS   between probes (default 1, at least 0.001)\n"
"  -j, --json            JSON Lines on stdout\n"
"  -l, --size BYTES      stream datagrams of BYTES (default 1316, at least\n"
"                        24, the stream header)\n"
"      --loop, --no-loop deliver to receivers on this host too (default on)\n"
"  -m, --message TEXT    the payload (default \"" MC_DEFAULT_MESSAGE "\")\n"
"      --max-loss PCT    stream: fail if a receiver lost over PCT percent\n"
"  -p, --port PORT       destination UDP port (default 10000)\n"
"  -q, --quiet           no progress or diagnostics on stderr\n"
"  -r, --rate PPS        stream PPS datagrams per second to each group\n"
"      --report-interval SECS\n"
"                        stream: receivers report this often (default 1)\n"
"  -t, --ttl TTL         multicast TTL (hop limit), 0..255 (default 1)\n"
"  -V, --version         print the version and exit\n"
"  -W, --timeout SECS    wait this long after the last probe (default 0.2;\n"
"                        for a stream's final reports 1)\n"
"  -w, --deadline SECS   end the whole run after this long\n"
"\n"
"Exit status: 0 enough responders answered (--expect, default 1) and, in a\n"
"stream, none lost more than --max-loss; 1 otherwise; 2 usage or system\n"
"error.\n");
}

/* The stream options: each turns stream mode on. */
static int
stream_option(int ch, const char *arg, struct send_opts *o)
{
	const char *e = NULL;

	o->streaming = 1;
	if (ch == 'b')
		o->arg_b = arg;
	else if (ch == 'l')
		o->arg_l = arg;
	else if (ch == 'T')
		o->arg_T = arg;
	switch (ch) {
	case 'b':
		if ((e = parse_bits(arg, 1, MAX_BITS, &o->bits)) != NULL)
			return usage_error("--bandwidth", arg, e);
		break;
	case 'l':
		if ((e = parse_uint(arg, 0, UINT64_MAX, &o->size)) != NULL)
			return usage_error("--size", arg, e);
		if (o->size < PROBE_HDRLEN)
			return usage_error("--size", arg, "smaller than the "
			    "stream header (" STREAM_MIN_STR " bytes)");
		if (o->size > MC_MAX_PAYLOAD6)
			return usage_error("--size", arg, "larger than a UDP "
			    "datagram can carry (65527 bytes)");
		break;
	case 'r':
		if ((e = parse_uint(arg, 1, MAX_RATE, &o->rate)) != NULL)
			return usage_error("--rate", arg, e);
		break;
	case 'T':
		if ((e = parse_duration(arg, 1, MC_MAX_DURATION_NS,
		    &o->duration)) != NULL)
			return usage_error("--duration", arg, e);
		break;
	case 'X':
		if ((e = parse_pct(arg, &o->max_loss)) != NULL)
			return usage_error("--max-loss", arg, e);
		break;
	default:
		if ((e = parse_duration(arg, NS_PER_SEC / 10, 255 * NS_PER_SEC /
		    10, &o->ivl)) != NULL)
			return usage_error("--report-interval", arg, e);
		break;
	}
	return CLI_NEXT;
}

/* mcast-send's own options, for cli_parse. */
static int
send_option(int ch, const char *arg, void *opts)
{
	struct send_opts *o = opts;
	const char *e = NULL;

	switch (ch) {
	case 'c':
		if ((e = parse_uint(arg, 1, UINT32_MAX, &o->count)) != NULL)
			return usage_error("--count", arg, e);
		o->probing = 1;
		break;
	case 'e':
		if ((e = parse_uint(arg, 0, UINT64_MAX, &o->expect)) != NULL)
			return usage_error("--expect", arg, e);
		if (o->expect < 1 || o->expect > MAX_RESPONDERS)
			return usage_error("--expect", arg, "out of range 1.."
			    MAX_RESPONDERS_STR " (the responders kept)");
		o->expecting = 1;
		break;
	case 'A':
		if (strlen(arg) > MC_MAX_PAYLOAD6)
			return usage_error("--ack", "...", "larger than a UDP "
			    "datagram can carry");
		o->ack = arg;
		break;
	case 'a':
		o->any_ack = 1;
		break;
	case 'f':
		o->file = arg;
		break;
	case 'b':
	case 'l':
	case 'r':
	case 'T':
	case 'X':
	case 'Y':
		return stream_option(ch, arg, o);
	case 'I':
		if (o->iface.kind != IFACE_NONE)
			return usage_error("--interface", arg, "given twice: "
			    "one run sends through one interface");
		if ((e = parse_iface(arg, &o->iface)) != NULL)
			return usage_error("--interface", arg, e);
		break;
	case 'i':
		if ((e = parse_duration(arg, MIN_INTERVAL, MC_MAX_DURATION_NS,
		    &o->interval)) != NULL)
			return usage_error("--interval", arg, e);
		o->interval_given = 1;
		o->arg_i = arg;
		break;
	case 'L':
	case 'N':
		o->loop = ch == 'L';
		break;
	case 'm':
		o->message = arg;
		break;
	case 't':
		if ((e = parse_ttl(arg, &o->ttl)) != NULL)
			return usage_error("--ttl", arg, e);
		break;
	case 'W':
		if ((e = parse_duration(arg, 0, MC_MAX_DURATION_NS,
		    &o->timeout)) != NULL)
			return usage_error("--timeout", arg, e);
		o->timeout_given = 1;
		break;
	default:
		break;
	}
	return CLI_NEXT;
}

/* Every group of every operand, one family, each with the port set. */
static int
expand_groups(struct send_opts *o)
{
	uint64_t total = operands_total(o->op, o->nop);
	size_t i, n = 0;
	uint32_t j;

	if (total == 0 ||
	    (o->groups = calloc((size_t)total, sizeof(*o->groups))) == NULL)
		return usage_error("group", o->op[0].arg, strerror(errno));
	for (i = 0; i < o->nop; i++) {
		const struct operand *op = &o->op[i];

		if (op->first.ss_family != o->op[0].first.ss_family) {
			free(o->groups);
			return usage_error("group", op->arg, "all groups must "
			    "be of one family");
		}
		for (j = 0; j < op->n; j++, n++) {
			group_nth(&op->first, j, &o->groups[n]);
			addr_set_port((struct sockaddr *)&o->groups[n],
			    o->c.port);
		}
	}
	o->ngroups = n;
	return CLI_NEXT;
}

static const struct cli send_cli = {
	PROG, usage, "A=ack a-any-ack b:bandwidth c:count e:expect f:file "
	"I:interface "
	"i:interval l:size L-loop N-no-loop m:message r:rate t:ttl W:timeout "
	"T=duration X=max-loss Y=report-interval", send_option
};

/* The option that cannot go with stream mode, and its value; NULL: none. */
static const char *
stream_conflict(const struct send_opts *o, const char **val)
{
	*val = o->message != NULL ? "..." : o->file != NULL ? o->file :
	    o->arg_i;
	return o->message != NULL ? "--message" : o->file != NULL ?
	    "--file" : o->interval_given ? "--interval" : NULL;
}

/*
 * Stream mode's settings in one piece: the rate (--bandwidth over the
 * size), the count (--count, or --duration at the rate), the wait.
 */
static int
stream_args(struct send_opts *o)
{
	const char *bits = o->arg_b != NULL ? o->arg_b : "1M", *what, *val;
	uint64_t n;

	if ((what = stream_conflict(o, &val)) != NULL)
		return usage_error(what, val, "conflicts with stream mode "
		    "(--rate, --bandwidth, --size, ...)");
	if (o->rate != 0 && o->bits != 0)
		return usage_error("--bandwidth", bits, "conflicts with --rate");
	if (o->rate == 0)
		o->rate = (o->bits != 0 ? o->bits : DEFAULT_BITS) / (8 * o->size);
	if (o->rate == 0)
		return usage_error("--bandwidth", bits, "less than one "
		    "datagram of --size a second");
	if (o->rate > MAX_RATE)
		return usage_error("--bandwidth", bits, "more than "
		    MAX_RATE_STR " datagrams a second");
	if (!o->probing) {
		/* Whole datagrams, at least one. */
		n = (uint64_t)(((double)o->duration * (double)o->rate + 999999999.)
		    / 1e9);
		if (n > UINT32_MAX)
			return usage_error("--duration", o->arg_T, "more than "
			    "2^32-1 datagrams at this rate");
		o->count = n > 0 ? n : 1;
	}
	o->probing = 0;
	if (!o->timeout_given)
		o->timeout = STREAM_TIMEOUT;
	return CLI_NEXT;
}

static int
parse_args(int argc, char **argv, struct send_opts *o)
{
	int r;

	if ((r = cli_parse(argc, argv, &send_cli, &o->c, o, o->op,
	    &o->nop)) != CLI_NEXT)
		return r;
	if (o->message != NULL && o->file != NULL)
		return usage_error("--file", o->file, "conflicts with --message");
	if (o->streaming && (r = stream_args(o)) != CLI_NEXT)
		return r;
	return expand_groups(o);
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

/* The payload into s; 2 with a message when it cannot be had. */
static int
take_payload(struct send_run *s, int family)
{
	const struct send_opts *o = s->o;
	size_t max = family == AF_INET6 ? MC_MAX_PAYLOAD6 : MC_MAX_PAYLOAD4;
	char why[64];
	ssize_t n;

	if (o->probing)
		max -= PROBE_HDRLEN;
	if ((n = load_payload(o, s->payload, max)) != -1 || errno == EINTR) {
		/* EINTR: a signal ended the run before it began. */
		s->plen = n > 0 ? (size_t)n : 0;
		return CLI_NEXT;
	}
	if (errno != E2BIG)
		return usage_error("--file", o->file, strerror(errno));
	snprintf(why, sizeof(why), "larger than a UDP datagram can carry "
	    "(%zu bytes)", max);
	return o->file != NULL ? usage_error("--file", o->file, why) :
	    usage_error("--message", "...", why);
}

/*
 * The first operand whose %scope names another interface than ifindex,
 * the one the run sends through; nop when they all agree.
 */
static size_t
scopes_agree(const struct send_opts *o, int family, unsigned int ifindex)
{
	struct sockaddr_storage local;
	struct iface_spec sp;
	unsigned int ix;
	size_t i;

	for (i = 0; i < o->nop; i++)
		if (o->op[i].scope[0] != '\0' &&
		    (parse_iface(o->op[i].scope, &sp) != NULL ||
		    resolve_iface(&sp, family, &ix, &local) == -1 ||
		    ix != ifindex))
			break;
	return i;
}

/*
 * The interface: -I, else the first IPv6 %scope.  Link-local groups need
 * one, and carry it as their scope.  Returns CLI_NEXT or 2.
 */
static int
take_iface(struct send_run *s, struct send_opts *o,
    struct sockaddr_storage *local)
{
	int family = o->op[0].first.ss_family;
	const char *scope = NULL;
	size_t g, i;

	for (i = 0; i < o->nop && o->iface.kind == IFACE_NONE; i++) {
		if (o->op[i].scope[0] == '\0')
			continue;
		scope = o->op[i].scope;
		if (parse_iface(scope, &o->iface) != NULL)
			return scope_iface_error(scope);
	}
	/* Blame what named the interface: the %scope, or --interface. */
	if (resolve_iface(&o->iface, family, &s->ifindex, local) == -1)
		return scope != NULL ? scope_iface_error(scope) :
		    iface_error(errno);
	if ((i = scopes_agree(o, family, s->ifindex)) < o->nop)
		return usage_error("group", o->op[i].arg, "its scope is not the "
		    "interface this run sends through (one run, one interface)");
	for (g = 0; g < o->ngroups; g++) {
		struct sockaddr *gp = (struct sockaddr *)&o->groups[g];

		if (!group_needs_iface(gp))
			continue;
		if (s->ifindex == 0) {
			addr_set_port(gp, 0);
			return scope_error(gp);
		}
		((struct sockaddr_in6 *)(void *)gp)->sin6_scope_id = s->ifindex;
	}
	return CLI_NEXT;
}

static uint32_t
random32(void)
{
	uint32_t v;

	if (getentropy(&v, sizeof(v)) == 0)
		return v;
	return (uint32_t)(mono_ns() ^ real_ns() ^ (int64_t)getpid() << 16);
}

/* Stream mode's run, once the socket is open; CLI_NEXT or 2. */
static int
setup_stream(struct send_run *s)
{
	const struct send_opts *o = s->o;
	struct stream_cfg c = {
		.fd = s->fd, .groups = o->groups, .ngroups = o->ngroups,
		.session = s->session, .rate = o->rate, .count = o->count,
		.size = (size_t)o->size,
		.ivl = (unsigned int)((o->ivl + NS_PER_SEC / 20) /
		    (NS_PER_SEC / 10)),
		.ttl = o->ttl, .timeout = o->timeout, .quiet = o->c.quiet,
		.title = s->gs, .out = &s->out,
	};

	if ((s->st = stx_new(&c)) == NULL)
		return sys_error("stream", errno, STEP_SOCKET);
	return CLI_NEXT;
}

/* Open the socket and fill the run; CLI_NEXT, or an exit status. */
static int
setup(struct send_run *s, struct send_opts *o)
{
	struct sockaddr_storage local;
	enum mc_step step;
	int family = o->op[0].first.ss_family, r;

	s->o = o;
	s->why = END_NONE;
	if ((r = take_iface(s, o, &local)) != CLI_NEXT ||
	    (!o->streaming && (r = take_payload(s, family)) != CLI_NEXT))
		return r;
	if (o->streaming && family == AF_INET && o->size > MC_MAX_PAYLOAD4)
		return usage_error("--size", o->arg_l, "larger than an IPv4 UDP "
		    "datagram can carry (65507 bytes)");
	if ((s->fd = open_sender(family, o->ttl, o->loop, s->ifindex, &local,
	    &step)) == -1)
		return sys_error("socket", errno, step);
	/* Room for an ack storm: a thousand responders at the same instant. */
	(void)set_rcvbuf(s->fd, 4 << 20);
	(void)setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	s->out.json = o->c.json;
	s->out.stamp = o->c.stamp;
	s->out.f = stdout;
	s->out.null = is_dev_null(STDOUT_FILENO);
	s->session = random32();
	/* Without a random key the table works, its collisions foreseeable. */
	(void)table_init(&s->rt, MAX_RESPONDERS);
	group_title(&o->groups[0], &o->groups[o->ngroups - 1], o->c.port,
	    s->gs, sizeof(s->gs));
	return o->streaming ? setup_stream(s) : CLI_NEXT;
}

/* The "sending" line on stderr: what, where, and through which interface. */
static void
banner(const struct send_run *s)
{
	const struct send_opts *o = s->o;
	struct sbuf e = { 0 };
	char ifn[IF_NAMESIZE];
	unsigned int via;

	if (o->c.quiet || run_stop)
		return;
	sb_escape(&e, s->payload, s->plen, ESC_QUOTE);
	if (o->streaming)
		fprintf(stderr, "streaming %llu datagrams of %llu bytes at "
		    "%llu/s to %s", (unsigned long long)o->count,
		    (unsigned long long)o->size, (unsigned long long)o->rate,
		    s->gs);
	else
		fprintf(stderr, "sending \"%s\" to %s", e.oom ? "?" : e.p,
		    s->gs);
	if (o->ngroups > 1)
		fprintf(stderr, " (%zu groups)", o->ngroups);
	fprintf(stderr, " ttl %d", o->ttl);
	if (s->ifindex != 0)
		fprintf(stderr, " via %s", if_indextoname(s->ifindex, ifn) ?
		    ifn : "?");
	else if (route_iface((const struct sockaddr *)&o->groups[0],
	    &via) == 0 && if_indextoname(via, ifn) != NULL)
		fprintf(stderr, " via %s (the kernel's choice)", ifn);
	if (o->probing)
		fprintf(stderr, ", %llu probes", (unsigned long long)o->count);
	fprintf(stderr, "\n");
	sb_free(&e);
}

/*
 * The responder an ack came from: its address and, for probe acks, the
 * name it gave, since several receivers on one host answer from one
 * address and port.  NULL when the table is full (or memory ran out).
 */
static struct responder *
responder(struct send_run *s, const struct ack_in *a)
{
	struct who_key k = {
		&a->ri.from, a->group,
		a->exact ? a->p.name : (const unsigned char *)"",
		a->exact ? a->p.namelen : 0
	};
	return who_find(&s->rt, &k, sizeof(struct responder));
}

/* The group with index g formatted into buf, or NULL when not known. */
static const char *
group_str(const struct send_run *s, long g, char *buf, size_t len)
{
	if (g < 0)
		return NULL;
	return format_addr((const struct sockaddr *)&s->o->groups[g], buf, len);
}

/*
 * The probes a responder's loss is counted over: all sent, but for one
 * that withholds acks only up to the last it answered, since what it
 * withheld after that it had no ack to say in.
 */
static uint64_t
responder_span(const struct send_run *s, const struct responder *r)
{
	uint64_t last = (uint64_t)r->seq.highest + 1;

	if (r->withheld == 0 || r->seq.distinct == 0 || last > s->sent)
		return s->sent;
	return last;
}

/* The summary: ping's block in text, one object in JSON. */
static void
summary(struct send_run *s, int final)
{
	char as[MC_ADDRSTRLEN], gs[MC_ADDRSTRLEN];
	struct hist *one = s->one;
	struct ev_summary h = {
		.final = final, .reason = run_end_name[s->why], .title = s->gs,
		.sent = s->sent, .skipped = s->skipped, .acks = s->acks,
		.ignored = s->ignored,
		.untracked = s->untracked, .responders = s->rt.n,
		.max_responders = MAX_RESPONDERS,
	};
	size_t i;

	render_summary_head(&s->out, &h);
	for (i = 0; i < s->rt.n; i++) {
		const struct responder *r = s->rt.item[i];
		const struct hist *rh = r->hist;
		const struct seqtrack *q = &r->seq;
		uint64_t span = responder_span(s, r), w;
		/* Withheld is the responder's word: never more than unanswered. */
		w = r->withheld < span - q->distinct ? r->withheld :
		    span - q->distinct;
		struct ev_responder e = {
			.from = format_addr((const void *)&r->w.addr, as,
			    sizeof(as)),
			.group = group_str(s, r->w.group, gs, sizeof(gs)),
			.several = s->o->ngroups > 1,
			.name = r->w.namelen > 0 ? r->w.name : NULL,
			.namelen = r->w.namelen,
			.sent = s->sent, .answered = q->distinct,
			.acks = q->total, .dups = q->dups,
			.reordered = q->reordered, .old = q->old,
			.plain = r->plain, .withheld = w,
			.first_seq = q->first,
			.loss_pct = loss_pct(span - w, q->distinct),
			.loss_since_pct = loss_since_pct(span - w,
			    q->distinct, q->first),
			.hops = r->w.hops, .rtt = &r->rtt, .hist = rh,
		};

		if (rh == NULL && r->rtt.n == 1) {
			hist_one(one, r->rtt.min);
			e.hist = one;
		}
		render_responder(&s->out, &e, i);
	}
	ol_end_list(&s->out, s->out.f);
}

static void
snapshot(void *ctx)
{
	summary(ctx, 0);
}

/*
 * Send probe number s->sent (or the plain message) to every group, each
 * group with its own session so that an ack tells which one it answers.
 * The probe counts as sent even when a send fails.  Returns 0, or -1 with
 * errno of the first failure.
 */
static int
send_probe(struct send_run *s)
{
	const struct send_opts *o = s->o;
	char gs[MC_ADDRSTRLEN];
	struct probe p = { .type = PROBE_REQ };
	struct ev_sent e = { .seq = s->sent, .to = gs, .ttl = o->ttl };
	const void *out = s->payload;
	int64_t now = mono_ns();
	size_t g;
	int err = 0;

	s->sent_at[s->sent % RING] = now;
	p.seq = (uint32_t)s->sent;
	p.stamp = (uint64_t)now;
	p.payload = (const unsigned char *)s->payload;
	p.paylen = s->plen;
	e.bytes = s->plen;
	for (g = 0; g < o->ngroups; g++) {
		const struct sockaddr *to = (const void *)&o->groups[g];

		if (o->probing) {
			p.session = s->session + (uint32_t)g;
			e.bytes = probe_encode(&p, s->pkt, sizeof(s->pkt));
			out = s->pkt;
		}
		if (sendto(s->fd, out, e.bytes, 0, to, addr_len(to)) == -1) {
			if (err == 0)
				err = errno;
			continue;
		}
		format_addr(to, gs, sizeof(gs));
		render_sent(&s->out, &e);
	}
	s->sent++;
	errno = err;
	return err != 0 ? -1 : 0;
}

/* Probe slots used so far, sent or skipped: -c counts these. */
static uint64_t
slots(const struct send_run *s)
{
	return s->sent + s->skipped;
}

/*
 * Like ping, a late sender (stopped, suspended, starved of CPU) never
 * catches up in a burst.  Slot k is due at t0 + k * interval: when more
 * than one slot is due by now, only the latest gets a probe; the others
 * are skipped, counted and said once on stderr.  Sequence numbers stay
 * contiguous, so receivers see no gap and nothing counts as lost.  A
 * delay within LATE_GRACE is the scheduler's jitter, not a pause: those
 * few slots are caught up, so that -i 0.001 on a busy host skips nothing.
 */
static void
skip_missed(struct send_run *s, int64_t now)
{
	const struct send_opts *o = s->o;
	uint64_t due = (uint64_t)((now - s->t0) / o->interval), n;

	if (due > o->count - 1)
		due = o->count - 1;
	if (due <= slots(s) || now - s->next <= LATE_GRACE)
		return;
	n = due - slots(s);
	s->skipped += n;
	if (!o->c.quiet)
		fprintf(stderr, "late by %lld ms: %llu probes skipped\n",
		    (long long)((now - s->next) / NS_PER_MS),
		    (unsigned long long)n);
}

/* Send the next probe; END_ERROR on a failure worth stopping for. */
static enum run_end
send_next(struct send_run *s)
{
	const struct send_opts *o = s->o;

	if (send_probe(s) == -1) {
		if (errno != ENOBUFS && errno != EAGAIN && errno != EINTR) {
			s->err = errno;
			s->send_failed = 1;
			return END_ERROR;
		}
		if (!o->c.quiet)
			warnx("send: %s", strerror(errno));
	}
	s->next = s->t0 + (int64_t)slots(s) * o->interval;
	if (slots(s) == o->count)
		s->end = mono_ns() + o->timeout;
	return END_NONE;
}

/* The loop's timed work: the next probe when due, and the end of waiting. */
static enum run_end
tick(void *ctx, int64_t now, int64_t *wake)
{
	struct send_run *s = ctx;
	const struct send_opts *o = s->o;

	if (slots(s) < o->count && now >= s->next) {
		skip_missed(s, now);
		if (send_next(s) == END_ERROR)
			return END_ERROR;
	}
	if (o->expecting && slots(s) == o->count &&
	    s->last_answered >= o->expect)
		return END_EXPECT;
	if (s->end >= 0 && now >= s->end)
		return END_TIMEOUT;
	run_wake(wake, slots(s) < o->count ? s->next : s->end);
	return END_NONE;
}

/*
 * Whether n bytes in s->rbuf are a plain ack: the --ack text, whole or
 * cut to what was sent (receivers answer with no more than they got,
 * unless told their text), or anything with --any-ack.
 */
static int
plain_ack(const struct send_run *s, size_t n)
{
	const struct send_opts *o = s->o;
	size_t len = strlen(o->ack), sent = s->plen + (o->probing ?
	    PROBE_HDRLEN : 0);

	if (o->any_ack)
		return 1;
	if (n != len && (n != sent || sent > len))
		return 0;
	return memcmp(s->rbuf, o->ack, n) == 0;
}

/*
 * Match a datagram of n bytes in s->rbuf to the probe it answers.  A probe
 * ack must echo session, seq and stamp of ours; anything else is a plain
 * ack, for the latest probe.  Returns 0, or -1 when it is to be ignored.
 */
static int
match_ack(const struct send_run *s, size_t n, struct ack_in *a)
{
	const struct send_opts *o = s->o;
	const struct probe *p = &a->p;

	a->exact = probe_decode(s->rbuf, n, &a->p) == PROBE_OK &&
	    p->type == PROBE_ACK;
	if (!a->exact) {
		if (!plain_ack(s, n))
			return -1;
		a->group = o->ngroups == 1 ? 0 : -1;
		a->seq = s->sent - 1;
		a->payload = s->rbuf;
		a->paylen = n;
		return 0;
	}
	a->group = (long)(uint32_t)(p->session - s->session);
	if ((size_t)a->group >= o->ngroups || p->seq >= s->sent ||
	    s->sent - p->seq > RING ||
	    (int64_t)p->stamp != s->sent_at[p->seq % RING])
		return -1;
	a->seq = p->seq;
	a->payload = p->payload;
	a->paylen = p->paylen;
	return 0;
}

/*
 * The RTT into r's histogram, made at the second: a fleet that answers
 * one probe stays small (a histogram is 4 KiB).  Out of memory, the
 * percentiles are left out.
 */
static void
keep_rtt(struct responder *r, int64_t rtt)
{
	if (r->hist == NULL && r->rtt.n == 2 &&
	    (r->hist = calloc(1, sizeof(*r->hist))) != NULL)
		/* The first RTT: of min and max, the one this is not. */
		hist_add(r->hist, rtt == r->rtt.min ? r->rtt.max : r->rtt.min);
	if (r->hist != NULL)
		hist_add(r->hist, rtt);
}

/*
 * Count a matched ack for its responder.  Returns the hops it crossed
 * (-1 unknown) in *hops and what it was, or -1 when the responder table
 * is full.
 */
static int
count_ack(struct send_run *s, const struct ack_in *a, enum seq_result *res,
    int *hops)
{
	const struct probe *p = &a->p;
	struct responder *r;

	if ((r = responder(s, a)) == NULL)
		return -1;
	*res = seq_add(&r->seq, (uint32_t)a->seq);
	s->acks++;
	if (!a->exact)
		r->plain++;
	/* A running count: the highest one seen is the latest. */
	if (a->exact && p->has_withheld && p->withheld > r->withheld)
		r->withheld = p->withheld;
	/* Routers crossed: what we sent with less what arrived; else unknown. */
	*hops = who_hops(&r->w, s->o->ttl, a->exact ? p->ttl : -1);
	if (*res == SEQ_NEW || *res == SEQ_REORDERED) {
		rtt_add(&r->rtt, a->rtt);
		keep_rtt(r, a->rtt);
		/* The last probe: no slot is left, and it was the last sent. */
		if (slots(s) == s->o->count && a->seq + 1 == s->sent)
			s->last_answered++;
	}
	return 0;
}

/* Take one datagram off the socket as an ack; 0, or -1 when none left. */
static int
take_ack(struct send_run *s)
{
	char fs[MC_ADDRSTRLEN], gs[MC_ADDRSTRLEN];
	struct ack_in a;
	struct ev_ack e;
	ssize_t n;
	int64_t now;

	if ((n = recv_dgram(s->fd, s->rbuf, sizeof(s->rbuf), &a.ri)) == -1)
		return -1;
	now = mono_ns();
	if (s->sent == 0)
		return 0;
	if (match_ack(s, (size_t)n, &a) == -1) {
		s->ignored++;
		return 0;
	}
	a.rtt = now - s->sent_at[a.seq % RING];
	if (count_ack(s, &a, &e.res, &e.hops) == -1) {
		s->untracked++;
		return 0;
	}
	if (s->out.null)
		return 0;		/* counted: no need to format */
	e.from = format_addr((struct sockaddr *)&a.ri.from, fs, sizeof(fs));
	e.group = group_str(s, a.group, gs, sizeof(gs));
	e.several = s->o->ngroups > 1;
	e.seq = a.seq;
	e.rtt = a.rtt;
	e.exact = a.exact;
	e.ttl = a.exact ? a.p.ttl : -1;
	e.name = a.exact && a.p.namelen > 0 ? a.p.name : NULL;
	e.namelen = a.exact ? a.p.namelen : 0;
	e.payload = a.payload;
	e.paylen = a.paylen;
	render_ack(&s->out, &e);
	return 0;
}

/* Acks taken per wake: under a flood, signals and deadlines still act. */
#define MAX_TAKE	1024

static void
serve(void *ctx)
{
	int i;

	for (i = 0; i < MAX_TAKE && take_ack(ctx) == 0; i++)
		;
}

/*
 * A stream stopped early (a signal, -w) still marks its end, so that the
 * receivers report at once, and waits -W for their final reports; a
 * second signal ends that too.  Why the run ended stays what it was.
 */
static void
stop_stream(struct send_run *s, struct run_ops *ops)
{
	enum run_end why;

	if (!s->o->c.quiet)
		fprintf(stderr, "stopping: the end is marked, final reports "
		    "awaited (interrupt again to quit)\n");
	run_stop = 0;
	ops->deadline = -1;
	why = run_loop(ops);
	if (why == END_ERROR || why == END_STDOUT)
		s->why = why;
}

/* Send and listen until the run ends; why it ended is in s->why. */
static void
run(struct send_run *s)
{
	struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
	struct run_ops ops = {
		s, tick, serve, snapshot, &pfd, 1, -1, 0, 0
	};
	struct run_ops stream = {
		s->st, stx_tick, stx_serve, stx_snapshot, &pfd, 1, -1, 0, 0
	};

	if (s->o->streaming)
		ops = stream;

	s->t0 = s->next = mono_ns();
	s->end = -1;
	if (s->o->c.deadline >= 0)
		ops.deadline = s->t0 + s->o->c.deadline;
	s->why = run_loop(&ops);
	if (s->o->streaming && (s->why == END_SIGNAL ||
	    s->why == END_DEADLINE) && stx_stop(s->st))
		stop_stream(s, &ops);
	if (s->why == END_ERROR && s->o->streaming &&
	    stx_errno(s->st) != 0) {
		s->err = stx_errno(s->st);
		s->send_failed = 1;
	} else if (s->why == END_ERROR && !s->send_failed)
		s->err = errno;
	s->out_err = ops.out_err;
}

/* Why the run ended, on stderr (and the JSON timeout event). */
static void
note(struct send_run *s)
{
	size_t fin, all;

	if (s->why == END_TIMEOUT && !s->o->streaming)
		render_timeout(&s->out, s->acks);
	if (s->o->c.quiet)
		return;
	if (s->o->streaming && (s->why == END_TIMEOUT || s->why == END_COUNT)) {
		fin = stx_finals(s->st, &all);
		fprintf(stderr, "%zu of %zu receivers sent their final report%s\n",
		    fin, all, s->why == END_TIMEOUT ? " before the timeout" : "");
	} else if (s->why == END_TIMEOUT)
		fprintf(stderr, "timed out, no more responses\n");
	else if (s->why == END_EXPECT)
		fprintf(stderr, "%llu of %llu expected responders answered "
		    "the last probe\n", (unsigned long long)s->last_answered,
		    (unsigned long long)s->o->expect);
	else if (s->why == END_DEADLINE)
		fprintf(stderr, "deadline reached\n");
}

/* Nothing answered: say which of the usual causes apply here. */
static void
explain_silence(const struct send_run *s)
{
	const struct send_opts *o = s->o;
	struct sbuf b = { 0 };
	struct facts f;
	int n;

	gather_facts(&f, (const struct sockaddr *)&o->groups[0], s->ifindex,
	    o->ttl, o->loop);
	f.ignored = s->ignored;
	if ((n = advise(&f, &b)) > 0 && b.oom)
		warnx("no response; the advice: %s", strerror(ENOMEM));
	else if (n > 0) {
		b.p[--b.len] = '\0';		/* warnx ends the line */
		warnx("no response; on this host:\n%s", b.p);
	}
	sb_free(&b);
}

/* A stream's exit status, and on stderr why it failed. */
static int
stream_status(const struct send_run *s)
{
	const struct send_opts *o = s->o;
	struct stream_verdict v;
	int status = stx_status(s->st, o->expect, o->max_loss, &v);

	if (o->c.quiet || status == 0)
		return status;
	if (v.reported < o->expect)
		warnx("%zu of %llu expected receivers reported", v.reported,
		    (unsigned long long)o->expect);
	if (v.over > 0)
		warnx("%zu receivers lost more than --max-loss %g%%, %s the "
		    "most: %.2f%%", v.over, o->max_loss, v.worst, v.worst_loss);
	return status;
}

/* Report how the run ended; returns the exit status. */
static int
finish(struct send_run *s)
{
	const struct send_opts *o = s->o;
	char what[sizeof(s->gs) + 8];
	int status;

	if (s->why == END_ERROR) {
		if (!s->send_failed)
			return sys_error("poll", s->err, STEP_SOCKET);
		fflush(stdout);
		snprintf(what, sizeof(what), "send to %s", s->gs);
		return sys_error(what, s->err, STEP_SOCKET);
	}
	note(s);
	if (o->streaming && s->why != END_STDOUT)
		stx_summary(s->st, 1, run_end_name[s->why]);
	else if ((o->probing || o->c.json || run_stop) && s->why != END_STDOUT)
		summary(s, 1);
	close(s->fd);
	status = o->streaming ? stream_status(s) : s->rt.n >= o->expect ? 0 : 1;
	if (s->rt.n == 0 && !o->streaming && !o->c.quiet && !run_stop)
		explain_silence(s);
	if (close_stdout(s->out_err) == -1 && errno != EPIPE) {
		warnx("stdout: %s", strerror(errno));
		status = 2;
	}
	return status;
}

int
main(int argc, char **argv)
{
	struct send_opts o = {
		.c = CLI_DEFAULTS,
		.ttl = MC_DEFAULT_TTL,
		.loop = 1,
		.count = 1,
		.expect = 1,
		.interval = NS_PER_SEC,
		.timeout = MC_DEFAULT_TIMEOUT_NS,
		.size = DEFAULT_SIZE,
		.duration = 10 * NS_PER_SEC,
		.ivl = NS_PER_SEC,
		.max_loss = -1,
		.ack = MC_DEFAULT_ACK,
	};
	struct send_run *s;
	size_t i;
	int r;

	/* Before anything else: no signal may find the default action. */
	catch_signals();
	if ((r = parse_args(argc, argv, &o)) != CLI_NEXT)
		return r;
	/* calloc: the big tables' pages stay untouched until used. */
	if ((s = calloc(1, sizeof(*s))) == NULL)
		err(2, "calloc");
	if ((r = setup(s, &o)) == CLI_NEXT) {
		banner(s);
		run(s);
		r = finish(s);
	}
	for (i = 0; i < s->rt.n; i++)
		free(((struct responder *)s->rt.item[i])->hist);
	table_free(&s->rt);
	stx_free(s->st);
	sb_free(&s->out.sb);
	free(s);
	free(o.groups);
	return r;
}
