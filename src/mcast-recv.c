/*
 * mcast-recv: join a multicast group, print every datagram that arrives
 * and acknowledge it to its sender; keep per-sender statistics.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "clock.h"
#include "escape.h"
#include "mcast.h"
#include "output.h"
#include "parse.h"
#include "probe.h"
#include "ratelimit.h"
#include "stats.h"

#define PROG	"mcast-recv"

#define MAX_IFACES	32
#define MAX_SOURCES	64
#define MAX_OPERANDS	64
#define MAX_ALLOW	64
#define MAX_PEERS	4096		/* senders tracked one by one */
#define MAX_BCAST	64
#define DEFAULT_ACK_RATE 1000		/* acks per second per source */
#define DEFAULT_RCVBUF	(16 << 20)	/* 100k/s for 0.1 s of small datagrams */

/* A GROUP operand: first group, how many, and its IPv6 %scope. */
struct operand {
	struct sockaddr_storage first;
	uint32_t n;
	char scope[IF_NAMESIZE];
};

struct recv_opts {
	struct operand op[MAX_OPERANDS];
	size_t nop;
	int family;
	uint16_t port;
	struct iface_spec iface[MAX_IFACES];
	size_t niface;
	struct sockaddr_storage src[MAX_SOURCES];
	size_t nsrc;
	int quiet;
	int json;
	int stamp;
	uint64_t count;			/* 0: no limit */
	int64_t deadline;		/* ns after start; -1: none */
	int ack;
	const char *ack_text;
	int ack_given;			/* --ack: its size is the user's choice */
	uint64_t ack_rate;		/* per source per second; 0: no limit */
	struct prefix allow[MAX_ALLOW];
	size_t nallow;
	int rcvbuf;			/* bytes */
	int rcvbuf_given;
	char name[PROBE_NAMEMAX + 1];
};

/* Why a datagram was not acknowledged. */
enum noack { ACK_SENT, NOACK_OFF, NOACK_SOURCE, NOACK_ALLOW, NOACK_RATE,
	NOACK_ERROR, NOACK_MAX };
static const char *const noack_name[NOACK_MAX] = {
	"sent", "disabled", "source", "allow", "rate", "error"
};

/*
 * What one sender has sent us: an address and port, and for probes the
 * session, since one run probing several groups uses one per group.
 */
struct peer {
	struct sockaddr_storage addr;
	char name[MC_ADDRSTRLEN];	/* addr formatted, once */
	int probe;
	uint32_t session;
	uint64_t datagrams, bytes, probes;
	struct seqtrack seq;
};

struct recv_run {
	const struct recv_opts *o;
	struct pollfd *pfd;		/* one per socket; joins spread over them */
	size_t nfd;
	struct sockaddr_storage *groups;	/* sorted, for lookups */
	size_t ngroups;
	int wide;			/* several groups or interfaces: say which */
	struct peer *p;
	size_t np, cap;
	uint64_t got, ignored, untracked;
	uint64_t acks[NOACK_MAX];	/* by outcome */
	uint32_t *drops;		/* SO_RXQ_OVFL per socket */
	struct sockaddr_storage bcast[MAX_BCAST];	/* directed broadcasts */
	size_t nbcast;
	struct ratelimit rl;
	struct outline out;
	char gs[2 * MC_ADDRSTRLEN + 16];
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
"usage: " PROG " [-46DhjqV] [-c count] [-I iface]... [-p port] [-s source]...\n"
"                  [-w deadline] [--ack text | --no-ack] [--ack-rate N]\n"
"                  [--allow prefix]... [--name name] [--rcvbuf bytes]\n"
"                  [group[+N]]...\n"
"\n"
"Join multicast groups, print every datagram that arrives and send an\n"
"acknowledgement back to its sender.  group defaults to " MC_DEFAULT_GROUP "\n"
"(" MC_DEFAULT_GROUP6 " with -6); group+N is N consecutive groups.\n"
"\n"
"  -4, -6                groups are IPv4 / IPv6\n"
"      --ack TEXT        the acknowledgement payload (default \"" MC_DEFAULT_ACK "\")\n"
"      --ack-rate N      at most N acks per second per source (default 1000;\n"
"                        0: no limit)\n"
"      --allow PREFIX    ack only sources in PREFIX (repeatable)\n"
"  -c, --count N         exit after N datagrams\n"
"  -D, --timestamp       start text lines with an RFC 3339 time\n"
"  -h, --help            print this help and exit\n"
"  -I, --interface IFACE join on IFACE (name, index or local address);\n"
"                        repeat to join on several\n"
"  -j, --json            JSON Lines on stdout\n"
"      --name NAME       name sent in probe acks (default the host name)\n"
"      --no-ack          do not acknowledge\n"
"  -p, --port PORT       UDP port to listen on (default 10000)\n"
"  -q, --quiet           no progress or diagnostics on stderr\n"
"      --rcvbuf BYTES    socket receive buffer (default 16 MiB)\n"
"  -s, --source ADDR     only from ADDR (source-specific join); repeatable\n"
"  -V, --version         print the version and exit\n"
"  -w, --deadline SECS   exit after this long\n"
"\n"
"Exit status: 0 normal end (count reached, SIGINT, SIGTERM), 1 the deadline\n"
"passed before --count datagrams (or, without --count, any) arrived,\n"
"2 usage or system error.\n");
}

static const struct option longopts[] = {
	{ "ack",	required_argument,	NULL, 'A' },
	{ "ack-rate",	required_argument,	NULL, 'R' },
	{ "allow",	required_argument,	NULL, 'a' },
	{ "rcvbuf",	required_argument,	NULL, 'B' },
	{ "count",	required_argument,	NULL, 'c' },
	{ "timestamp",	no_argument,		NULL, 'D' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "interface",	required_argument,	NULL, 'I' },
	{ "json",	no_argument,		NULL, 'j' },
	{ "name",	required_argument,	NULL, 'n' },
	{ "no-ack",	no_argument,		NULL, 'N' },
	{ "port",	required_argument,	NULL, 'p' },
	{ "quiet",	no_argument,		NULL, 'q' },
	{ "source",	required_argument,	NULL, 's' },
	{ "version",	no_argument,		NULL, 'V' },
	{ "deadline",	required_argument,	NULL, 'w' },
	{ NULL,		0,			NULL, 0 }
};

static int
parse_args(int argc, char **argv, struct recv_opts *o)
{
	const char *e;
	int ch, no_ack = 0, i;
	uint64_t v;
	size_t k;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":46c:DhI:jp:qs:Vw:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case '4':
		case '6':
			if (o->family != AF_UNSPEC &&
			    o->family != (ch == '4' ? AF_INET : AF_INET6))
				return usage_error("option", ch == '4' ? "-4" :
				    "-6", "conflicts with the other family");
			o->family = ch == '4' ? AF_INET : AF_INET6;
			break;
		case 'A':
			o->ack_text = optarg;
			o->ack_given = 1;
			break;
		case 'R':
			if ((e = parse_uint(optarg, 0, 1000000, &v)) != NULL)
				return usage_error("--ack-rate", optarg, e);
			o->ack_rate = v;
			break;
		case 'a':
			if (o->nallow == MAX_ALLOW)
				return usage_error("--allow", optarg, "more than 64 prefixes");
			if ((e = parse_prefix(optarg, &o->allow[o->nallow])) != NULL)
				return usage_error("--allow", optarg, e);
			o->nallow++;
			break;
		case 'B':
			if ((e = parse_uint(optarg, 1024, INT32_MAX / 2, &v)) != NULL)
				return usage_error("--rcvbuf", optarg, e);
			o->rcvbuf = (int)v;
			o->rcvbuf_given = 1;
			break;
		case 'c':
			if ((e = parse_uint(optarg, 1, UINT64_MAX / 2,
			    &o->count)) != NULL)
				return usage_error("--count", optarg, e);
			break;
		case 'D':
			o->stamp = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'I':
			if (o->niface == MAX_IFACES)
				return usage_error("--interface", optarg,
				    "more than 32 interfaces");
			if ((e = parse_iface(optarg, &o->iface[o->niface])) != NULL)
				return usage_error("--interface", optarg, e);
			o->niface++;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'n':
			if (strlen(optarg) > PROBE_NAMEMAX)
				return usage_error("--name", optarg, "longer than 64 bytes");
			memcpy(o->name, optarg, strlen(optarg) + 1);
			break;
		case 'N':
			no_ack = 1;
			break;
		case 'p':
			if ((e = parse_port(optarg, &o->port)) != NULL)
				return usage_error("--port", optarg, e);
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 's':
			if (o->nsrc == MAX_SOURCES)
				return usage_error("--source", optarg, "more than 64 sources");
			if ((e = parse_source(optarg, AF_UNSPEC,
			    &o->src[o->nsrc])) != NULL)
				return usage_error("--source", optarg, e);
			o->nsrc++;
			break;
		case 'V':
			printf(PROG " " MCAST_VERSION "\n");
			return 0;
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
	for (i = optind; i < argc || (i == optind && o->nop == 0); i++) {
		const char *g = i < argc ? argv[i] : o->family == AF_INET6 ?
		    MC_DEFAULT_GROUP6 : MC_DEFAULT_GROUP;
		struct operand *op = &o->op[o->nop++];

		if ((e = parse_group_range(g, o->family, &op->first, &op->n,
		    op->scope)) != NULL)
			return usage_error("group", g, e);
		for (k = 0; k < o->nsrc; k++) {
			char as[MC_ADDRSTRLEN];

			if (o->src[k].ss_family != op->first.ss_family)
				return usage_error("--source", format_addr(
				    (struct sockaddr *)&o->src[k], as, sizeof(as)),
				    "not of the family of the groups");
		}
	}
	if (no_ack && o->ack_text != NULL)
		return usage_error("--ack", o->ack_text, "conflicts with --no-ack");
	if (no_ack)
		o->ack = 0;
	if (o->ack_text == NULL)
		o->ack_text = MC_DEFAULT_ACK;
	if (strlen(o->ack_text) > MC_MAX_PAYLOAD4 - PROBE_HDRLEN - PROBE_NAMEMAX)
		return usage_error("--ack", "...", "larger than an ack can carry");
	return -1;
}

static int
cmp_group(const void *a, const void *b)
{
	return addr_cmp(a, b);
}

/* Whether the datagram's destination is one of our groups (unknown: yes). */
static int
for_us(const struct recv_run *s, const struct rxinfo *ri)
{
	if (ri->to.ss_family == AF_UNSPEC)
		return 1;
	return bsearch(&ri->to, s->groups, s->ngroups, sizeof(*s->groups),
	    cmp_group) != NULL;
}

static struct peer *
peer(struct recv_run *s, const struct sockaddr_storage *from, int probe,
    uint32_t session)
{
	struct peer *p;
	size_t i;

	for (i = 0; i < s->np; i++) {
		p = &s->p[i];
		if (p->probe == probe && (!probe || p->session == session) &&
		    memcmp(&p->addr, from, addr_len((const void *)from)) == 0)
			return p;
	}
	if (s->np == MAX_PEERS)
		return NULL;
	if (s->np == s->cap) {
		size_t cap = s->cap != 0 ? s->cap * 2 : 16;

		if ((p = realloc(s->p, cap * sizeof(*p))) == NULL)
			return NULL;
		s->p = p;
		s->cap = cap;
	}
	p = &s->p[s->np++];
	memset(p, 0, sizeof(*p));
	memcpy(&p->addr, from, sizeof(*from));
	p->probe = probe;
	p->session = session;
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
summary(struct recv_run *s, int final, const char *why)
{
	char as[MC_ADDRSTRLEN];
	size_t i;

	ol_start(&s->out, "summary");
	if (s->o->json)
		sb_printf(&s->out.sb, ",\"final\":%s,\"reason\":\"%s\","
		    "\"group\":\"%s\",\"datagrams\":%llu,\"ignored\":%llu,"
		    "\"dropped\":%llu,\"untracked\":%llu,\"acks\":%llu,"
		    "\"not_acked\":{\"disabled\":%llu,\"source\":%llu,"
		    "\"allow\":%llu,\"rate\":%llu,\"error\":%llu},"
		    "\"senders\":[", final ? "true" : "false", why, s->gs,
		    (unsigned long long)s->got, (unsigned long long)s->ignored,
		    (unsigned long long)dropped(s),
		    (unsigned long long)s->untracked,
		    (unsigned long long)s->acks[ACK_SENT],
		    (unsigned long long)s->acks[NOACK_OFF],
		    (unsigned long long)s->acks[NOACK_SOURCE],
		    (unsigned long long)s->acks[NOACK_ALLOW],
		    (unsigned long long)s->acks[NOACK_RATE],
		    (unsigned long long)s->acks[NOACK_ERROR]);
	else {
		sb_printf(&s->out.sb, "--- %s statistics ---\n", s->gs);
		ol_prefix(&s->out);
		sb_printf(&s->out.sb, "%llu datagrams from %zu senders, "
		    "%llu dropped by the kernel, %llu acks sent",
		    (unsigned long long)s->got, s->np,
		    (unsigned long long)dropped(s),
		    (unsigned long long)s->acks[ACK_SENT]);
		if (s->acks[NOACK_SOURCE] + s->acks[NOACK_ALLOW] +
		    s->acks[NOACK_RATE] + s->acks[NOACK_ERROR] != 0)
			sb_printf(&s->out.sb, ", not acked: %llu source, "
			    "%llu not allowed, %llu over rate, %llu failed",
			    (unsigned long long)s->acks[NOACK_SOURCE],
			    (unsigned long long)s->acks[NOACK_ALLOW],
			    (unsigned long long)s->acks[NOACK_RATE],
			    (unsigned long long)s->acks[NOACK_ERROR]);
		if (s->untracked != 0)
			sb_printf(&s->out.sb, ", %llu from senders past the "
			    "first %d", (unsigned long long)s->untracked,
			    MAX_PEERS);
	}
	for (i = 0; i < s->np; i++) {
		struct peer *p = &s->p[i];
		struct seqtrack *q = &p->seq;

		format_addr((struct sockaddr *)&p->addr, as, sizeof(as));
		if (s->o->json) {
			sb_printf(&s->out.sb, "%s{\"from\":\"%s\",\"datagrams\":%llu,"
			    "\"bytes\":%llu,\"probes\":%llu", i > 0 ? "," : "",
			    as, (unsigned long long)p->datagrams,
			    (unsigned long long)p->bytes,
			    (unsigned long long)p->probes);
			if (p->probes > 0)
				sb_printf(&s->out.sb, ",\"first_seq\":%lu,"
				    "\"last_seq\":%lu,\"lost\":%llu,\"dups\":%llu,"
				    "\"reordered\":%llu", (unsigned long)q->first,
				    (unsigned long)q->highest,
				    (unsigned long long)seq_gaps(q),
				    (unsigned long long)q->dups,
				    (unsigned long long)q->reordered);
			sb_puts(&s->out.sb, "}");
			continue;
		}
		sb_puts(&s->out.sb, "\n");
		ol_prefix(&s->out);
		sb_printf(&s->out.sb, "%s: %llu datagrams, %llu bytes", as,
		    (unsigned long long)p->datagrams,
		    (unsigned long long)p->bytes);
		if (p->probes > 0)
			sb_printf(&s->out.sb, ", probes seq %lu..%lu, %llu lost, "
			    "%llu dup, %llu reordered", (unsigned long)q->first,
			    (unsigned long)q->highest,
			    (unsigned long long)seq_gaps(q),
			    (unsigned long long)q->dups,
			    (unsigned long long)q->reordered);
	}
	if (s->o->json)
		sb_puts(&s->out.sb, "]");
	ol_end(&s->out, stdout);
}

/* Whether a source may be answered at all, and if not, why. */
static enum noack
ack_policy(struct recv_run *s, const struct rxinfo *ri, int64_t now)
{
	const struct recv_opts *o = s->o;
	size_t i;

	if (!o->ack)
		return NOACK_OFF;
	if (addr_never_ack(&ri->from))
		return NOACK_SOURCE;
	for (i = 0; i < s->nbcast; i++)
		if (addr_cmp(&ri->from, &s->bcast[i]) == 0)
			return NOACK_SOURCE;
	if (o->nallow > 0) {
		for (i = 0; i < o->nallow; i++)
			if (prefix_match(&o->allow[i], &ri->from))
				break;
		if (i == o->nallow)
			return NOACK_ALLOW;
	}
	if (!rl_allow(&s->rl, &ri->from, now))
		return NOACK_RATE;
	return ACK_SENT;
}

/*
 * Build the answer to a datagram of n bytes into pkt: a probe ack for a
 * probe, the plain text otherwise.  Unless --ack set the text, the answer
 * is never larger than what it answers (no amplification): the name, then
 * the text, are cut to fit.  Returns its length.
 */
static size_t
build_ack(const struct recv_run *s, const struct rxinfo *ri,
    const struct probe *req, size_t n, unsigned char *pkt, size_t pktlen)
{
	const struct recv_opts *o = s->o;
	size_t text = strlen(o->ack_text), name = strlen(o->name), room;
	struct probe a;

	if (req == NULL) {
		if (!o->ack_given && text > n)
			text = n;
		memcpy(pkt, o->ack_text, text);
		return text;
	}
	if (!o->ack_given) {
		room = n - PROBE_HDRLEN;	/* a valid probe holds a header */
		if (text > room)
			text = room;
		if (name > room - text)
			name = room - text;
	}
	memset(&a, 0, sizeof(a));
	a.type = PROBE_ACK;
	a.session = req->session;
	a.seq = req->seq;
	a.stamp = req->stamp;
	a.ttl = ri->ttl;
	a.name = (const unsigned char *)o->name;
	a.namelen = name;
	a.payload = (const unsigned char *)o->ack_text;
	a.paylen = text;
	return probe_encode(&a, pkt, pktlen);
}

/* What was decided about one datagram of a batch, before it is reported. */
struct verdict {
	int ours;			/* for one of our groups */
	int probe;			/* carries a valid probe header */
	struct probe req;
	enum noack ack;
	size_t n;			/* bytes stored */
};

/* Report one datagram (statistics, then its lines), as decided in v. */
static void
report(struct recv_run *s, const struct rxinfo *ri, const unsigned char *buf,
    const struct verdict *v)
{
	char fs[MC_ADDRSTRLEN], ifn[IF_NAMESIZE];
	const struct probe *rq = &v->req;
	struct peer *p;
	enum seq_result res = SEQ_NEW;
	const unsigned char *pay = buf;
	size_t paylen = v->n;
	enum noack ack = v->ack;
	int probe = v->probe;

	if ((p = peer(s, &ri->from, probe, probe ? rq->session : 0)) == NULL)
		s->untracked++;
	else {
		p->datagrams++;
		p->bytes += ri->wirelen;
		if (probe) {
			p->probes++;
			res = seq_add(&p->seq, rq->seq);
		}
	}
	if (probe) {
		pay = rq->payload;
		paylen = rq->paylen;
	}
	if (p != NULL)
		memcpy(fs, p->name, sizeof(fs));
	else
		format_addr((const struct sockaddr *)&ri->from, fs, sizeof(fs));
	ol_start(&s->out, "datagram");
	if (s->o->json) {
		char ts[MC_ADDRSTRLEN];

		sb_printf(&s->out.sb, ",\"from\":\"%s\",\"to\":\"%s\","
		    "\"interface\":", fs,
		    format_addr((const struct sockaddr *)&ri->to, ts, sizeof(ts)));
		if (ri->ifindex != 0 && if_indextoname(ri->ifindex, ifn) != NULL)
			sb_json_str(&s->out.sb, ifn, strlen(ifn));
		else
			sb_puts(&s->out.sb, "null");
		sb_printf(&s->out.sb, ",\"bytes\":%zu,\"truncated\":%s,\"ttl\":",
		    ri->wirelen, ri->truncated ? "true" : "false");
		if (ri->ttl >= 0)
			sb_printf(&s->out.sb, "%d", ri->ttl);
		else
			sb_puts(&s->out.sb, "null");
		sb_printf(&s->out.sb, ",\"probe\":%s", probe ? "true" : "false");
		if (probe)
			sb_printf(&s->out.sb, ",\"session\":%lu,\"seq\":%lu,"
			    "\"dup\":%s,\"reordered\":%s",
			    (unsigned long)rq->session, (unsigned long)rq->seq,
			    res == SEQ_DUP ? "true" : "false",
			    res == SEQ_REORDERED ? "true" : "false");
		sb_printf(&s->out.sb, ",\"acked\":%s,\"no_ack\":",
		    ack == ACK_SENT ? "true" : "false");
		if (ack == ACK_SENT)
			sb_puts(&s->out.sb, "null");
		else
			sb_printf(&s->out.sb, "\"%s\"", noack_name[ack]);
		sb_puts(&s->out.sb, ",\"payload\":");
		if (!sb_json_str(&s->out.sb, pay, paylen)) {
			sb_puts(&s->out.sb, ",\"payload_hex\":\"");
			sb_hex(&s->out.sb, pay, paylen);
			sb_puts(&s->out.sb, "\"");
		}
	} else {
		sb_printf(&s->out.sb, "received %zu bytes from %s", ri->wirelen, fs);
		if (probe)
			sb_printf(&s->out.sb, " seq=%lu%s%s", (unsigned long)rq->seq,
			    res == SEQ_DUP ? " dup" : "",
			    res == SEQ_REORDERED ? " reordered" : "");
		if (ri->truncated)
			sb_puts(&s->out.sb, " truncated");
		if (s->wide) {
			char ts[MC_ADDRSTRLEN];

			sb_printf(&s->out.sb, " to %s on %s", format_addr(
			    (const struct sockaddr *)&ri->to, ts, sizeof(ts)),
			    ri->ifindex != 0 &&
			    if_indextoname(ri->ifindex, ifn) != NULL ? ifn : "?");
		}
		ol_end(&s->out, stdout);
		ol_start(&s->out, NULL);
		sb_escape(&s->out.sb, pay, paylen, 0);
	}
	ol_end(&s->out, stdout);
}

/* Room for one ack: header, name, and the longest --ack text. */
#define TX_SLOT	(PROBE_HDRLEN + PROBE_NAMEMAX + MC_MAX_PAYLOAD4)

/* Acks of one batch, sent with one sendmmsg. */
struct txbatch {
	struct mmsghdr msg[MC_BATCH];
	struct iovec iov[MC_BATCH];
	struct sockaddr_storage to[MC_BATCH];
	int of[MC_BATCH];		/* the datagram each ack answers */
	unsigned char *buf;		/* MC_BATCH * TX_SLOT bytes */
};

/*
 * Send the n acks in tx from fd; a failure turns its datagram's verdict
 * (tx->of[] says which) into NOACK_ERROR, and is said once.
 */
static void
send_acks(struct recv_run *s, int fd, struct txbatch *tx, int n,
    struct verdict *v)
{
	char fs[MC_ADDRSTRLEN];
	static int warned;
	int done = 0, r;

	while (done < n) {
		r = sendmmsg(fd, tx->msg + done, (unsigned int)(n - done), 0);
		if (r == -1 && errno == EINTR)
			continue;
		if (r > 0) {
			done += r;
			continue;
		}
		/* The first unsent one failed: count it and go past it. */
		v[tx->of[done]].ack = NOACK_ERROR;
		if (!warned++ && !s->o->quiet)
			warnx("ack to %s: %s",
			    format_addr((struct sockaddr *)&tx->to[done], fs,
			    sizeof(fs)), strerror(errno));
		done++;
	}
}

/*
 * Receive, answer and report what socket i holds, a batch at a time, until
 * it is empty or --count is reached: recvmmsg in, the acks out at once
 * with one sendmmsg, then the lines, so that printing never delays an ack.
 */
static void
serve(struct recv_run *s, size_t i, struct rxbatch *rx, struct txbatch *tx)
{
	static struct verdict v[MC_BATCH];
	const struct recv_opts *o = s->o;
	int fd = s->pfd[i].fd, n, k, nack;
	int64_t now;

	do {
		if ((n = recv_batch(fd, rx)) <= 0)
			break;
		if (rx->drops > s->drops[i])
			s->drops[i] = rx->drops;
		now = mono_ns();
		nack = 0;
		for (k = 0; k < n; k++) {
			struct rxinfo *ri = &rx->ri[k];
			unsigned char *buf = rx->buf + (size_t)k * MC_BUFSIZE;
			unsigned char *slot = tx->buf + (size_t)nack * TX_SLOT;
			struct verdict *d = &v[k];

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
			d->probe = !ri->truncated &&
			    probe_decode(buf, d->n, &d->req) == PROBE_OK &&
			    d->req.type == PROBE_REQ;
			if ((d->ack = ack_policy(s, ri, now)) != ACK_SENT)
				continue;
			memcpy(&tx->to[nack], &ri->from, sizeof(ri->from));
			tx->iov[nack].iov_base = slot;
			tx->iov[nack].iov_len = build_ack(s, ri, d->probe ?
			    &d->req : NULL, d->n, slot, TX_SLOT);
			memset(&tx->msg[nack], 0, sizeof(tx->msg[nack]));
			tx->msg[nack].msg_hdr.msg_name = &tx->to[nack];
			tx->msg[nack].msg_hdr.msg_namelen =
			    addr_len((struct sockaddr *)&ri->from);
			tx->msg[nack].msg_hdr.msg_iov = &tx->iov[nack];
			tx->msg[nack].msg_hdr.msg_iovlen = 1;
			tx->of[nack++] = k;
		}
		if (nack > 0)
			send_acks(s, fd, tx, nack, v);
		for (n = k, k = 0; k < n; k++) {
			if (!v[k].ours)
				continue;
			s->acks[v[k].ack]++;
			report(s, &rx->ri[k], rx->buf + (size_t)k * MC_BUFSIZE,
			    &v[k]);
		}
	} while (n == MC_BATCH && (o->count == 0 || s->got < o->count));
}

/* Add a socket for family to the poll set; returns it or -1. */
static int
add_socket(struct recv_run *s, int family, uint16_t port, enum mc_step *step)
{
	struct pollfd *p;
	int fd;

	if ((fd = open_bound(family, port, step)) == -1)
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

/*
 * Join every group of every operand on every interface.  The kernel caps
 * memberships per socket (net.ipv4.igmp_max_memberships, 20 by default),
 * so when a socket is full the joins go on in a new one, all bound to the
 * same port.  Returns 0, or an exit status after saying what failed.
 */
static int
join_all(struct recv_run *s, const unsigned int *ifx, size_t nifx)
{
	const struct recv_opts *o = s->o;
	struct sockaddr_storage g;
	char gs[MC_ADDRSTRLEN], ifn[IF_NAMESIZE], what[MC_ADDRSTRLEN + 64];
	enum mc_step step;
	size_t i, k, n = 0, inuse[2] = { 0, 0 };
	int fd[2] = { -1, -1 }, f;
	uint32_t j;

	for (i = 0; i < o->nop; i++) {
		const struct operand *op = &o->op[i];
		unsigned int scoped = 0;
		struct iface_spec sp;
		struct sockaddr_storage local;

		f = op->first.ss_family == AF_INET6;
		if (op->scope[0] != '\0') {
			if (parse_iface(op->scope, &sp) != NULL ||
			    resolve_iface(&sp, op->first.ss_family, &scoped,
			    &local) == -1) {
				warnx("group %%%s: no such "
				    "interface", op->scope);
				return 2;
			}
		}
		if (nifx == 0 && scoped == 0 &&
		    group_needs_iface((const struct sockaddr *)&op->first)) {
			return scope_error((const struct sockaddr *)&op->first);
		}
		if (o->nsrc > 0 && !o->quiet &&
		    !group_is_ssm((const struct sockaddr *)&op->first))
			warnx("note: %s is outside the SSM "
			    "ranges (232.0.0.0/8, ff3x::/96)", format_addr(
			    (const struct sockaddr *)&op->first, gs, sizeof(gs)));
		for (j = 0; j < op->n; j++) {
			group_nth(&op->first, j, &g);
			memcpy(&s->groups[n++], &g, sizeof(g));
			for (k = 0; k < (scoped != 0 ? 1 : nifx > 0 ? nifx : 1);
			    k++) {
				unsigned int ix = scoped != 0 ? scoped :
				    nifx > 0 ? ifx[k] : 0;
				int r;

				if (fd[f] == -1 && (fd[f] = add_socket(s,
				    g.ss_family, o->port, &step)) == -1)
					goto fail;
				r = join_group(fd[f], (struct sockaddr *)&g, ix,
				    o->src, o->nsrc);
				if (r == -1 && (errno == ENOBUFS ||
				    errno == ENOMEM) && inuse[f] > 0) {
					/*
					 * This socket is full (IPv4 counts
					 * memberships, IPv6 option memory): go
					 * on in a new one.
					 */
					if ((fd[f] = add_socket(s, g.ss_family,
					    o->port, &step)) == -1)
						goto fail;
					inuse[f] = 0;
					r = join_group(fd[f], (struct sockaddr *)&g,
					    ix, o->src, o->nsrc);
				}
				if (r == -1) {
					format_addr((struct sockaddr *)&g, gs,
					    sizeof(gs));
					snprintf(what, sizeof(what), "join %s on %s",
					    gs, ix != 0 && if_indextoname(ix, ifn) ?
					    ifn : "the default interface");
					return sys_error(what, errno, STEP_JOIN);
				}
				inuse[f]++;
			}
		}
	}
	s->ngroups = n;
	qsort(s->groups, n, sizeof(*s->groups), cmp_group);
	return 0;
fail:
	if (step == STEP_BIND)
		snprintf(what, sizeof(what), "bind port %u", o->port);
	else
		snprintf(what, sizeof(what), "socket");
	return sys_error(what, errno, step);
}

int
main(int argc, char **argv)
{
	static struct recv_opts o = {
		.port = MC_DEFAULT_PORT,
		.family = AF_UNSPEC,
		.deadline = -1,
		.ack = 1,
		.ack_rate = DEFAULT_ACK_RATE,
		.rcvbuf = DEFAULT_RCVBUF,
	};
	static struct recv_run s;
	static struct rxbatch rx;
	static struct txbatch tx;
	unsigned int ifx[MAX_IFACES];
	char ifn[IF_NAMESIZE];
	struct sockaddr_storage local;
	uint64_t total = 0;
	int64_t deadline = -1;
	const char *why = "signal";
	size_t i;
	int r, status = 0;

	if ((r = parse_args(argc, argv, &o)) != -1)
		return r;
	if (o.name[0] == '\0' && gethostname(o.name, sizeof(o.name)) == -1)
		o.name[0] = '\0';
	o.name[PROBE_NAMEMAX] = '\0';
	for (i = 0; i < o.niface; i++) {
		if (resolve_iface(&o.iface[i], o.op[0].first.ss_family, &ifx[i],
		    &local) == -1) {
			warnx("--interface: %s",
			    errno == EADDRNOTAVAIL ?
			    "no interface has that address" :
			    "no such interface");
			return 2;
		}
	}
	for (i = 0; i < o.nop; i++)
		total += o.op[i].n;
	if (total > MC_MAX_GROUPS) {
		warnx("more than %d groups", MC_MAX_GROUPS);
		return 2;
	}

	catch_signals(on_signal);

	s.o = &o;
	s.out.json = o.json;
	s.out.stamp = o.stamp;
	s.wide = total > 1 || o.niface > 1;
	if (total == 0 ||
	    (s.groups = calloc((size_t)total, sizeof(*s.groups))) == NULL) {
		warnx("%s", strerror(errno));
		return 2;
	}
	rl_init(&s.rl, o.ack_rate);
	s.nbcast = local_broadcasts(s.bcast, MAX_BCAST);
	/* Untouched pages cost nothing: RSS grows only with what arrives. */
	rx.buf = malloc((size_t)MC_BATCH * MC_BUFSIZE);
	tx.buf = malloc((size_t)MC_BATCH * TX_SLOT);
	if (rx.buf == NULL || tx.buf == NULL) {
		warnx("%s", strerror(errno));
		return 2;
	}
	if ((r = join_all(&s, ifx, o.niface)) != 0)
		return r;
	if ((s.drops = calloc(s.nfd, sizeof(*s.drops))) == NULL) {
		warnx("%s", strerror(errno));
		return 2;
	}
	for (i = 0; i < s.nfd; i++) {
		int got = set_rcvbuf(s.pfd[i].fd, o.rcvbuf);

		if (i == 0 && got >= 0 && got < o.rcvbuf && o.rcvbuf_given &&
		    !o.quiet)
			warnx("note: receive buffer %d bytes, "
			    "not %d (net.core.rmem_max; root may force more)",
			    got, o.rcvbuf);
	}
	/* One write per batch, not per line; flushed before every wait. */
	(void)setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	format_addr((struct sockaddr *)&s.groups[0], s.gs, sizeof(s.gs));
	if (total > 1) {
		char last[MC_ADDRSTRLEN];

		format_addr((struct sockaddr *)&s.groups[total - 1], last,
		    sizeof(last));
		snprintf(s.gs + strlen(s.gs), sizeof(s.gs) - strlen(s.gs),
		    "..%s", last);
	}
	if (!o.quiet) {
		fprintf(stderr, "joined %s", s.gs);
		if (total > 1)
			fprintf(stderr, " (%llu groups, %zu sockets)",
			    (unsigned long long)total, s.nfd);
		fprintf(stderr, " on ");
		for (i = 0; i < o.niface; i++)
			fprintf(stderr, "%s%s", i > 0 ? "," : "",
			    if_indextoname(ifx[i], ifn) ? ifn : "?");
		if (o.niface == 0)
			fprintf(stderr, "%s", o.op[0].scope[0] != '\0' ?
			    o.op[0].scope : "the default interface");
		fprintf(stderr, ", listening on port %u\n", o.port);
	}
	/* The summary's title: the group with its port, or the range. */
	if (total == 1) {
		struct sockaddr_storage g = s.groups[0];

		addr_set_port((struct sockaddr *)&g, o.port);
		format_addr((struct sockaddr *)&g, s.gs, sizeof(s.gs));
	} else {
		snprintf(s.gs + strlen(s.gs), sizeof(s.gs) - strlen(s.gs),
		    " port %u", o.port);
	}

	if (o.deadline >= 0)
		deadline = mono_ns() + o.deadline;
	while (!stop) {
		if (o.count != 0 && s.got >= o.count) {
			why = "count";
			break;
		}
		if (snapshot) {
			snapshot = 0;
			summary(&s, 0, "running");
		}
		if (fflush(stdout) == EOF && errno == EPIPE) {
			why = "stdout";
			break;
		}
		if ((r = poll_until(s.pfd, (unsigned int)s.nfd, deadline)) == -1) {
			if (errno == EINTR)
				continue;
			return sys_error("poll", errno, STEP_SOCKET);
		}
		if (r == 0) {
			why = "deadline";
			if (!o.quiet)
				fprintf(stderr, "deadline reached after %llu "
				    "datagrams\n", (unsigned long long)s.got);
			status = o.count != 0 || s.got == 0 ? 1 : 0;
			break;
		}
		for (i = 0; i < s.nfd; i++)
			if (s.pfd[i].revents != 0)
				serve(&s, i, &rx, &tx);
	}
	if (strcmp(why, "stdout") != 0)
		summary(&s, 1, why);
	for (i = 0; i < s.nfd; i++)
		close(s.pfd[i].fd);
	if (close_stdout() == -1 && errno != EPIPE) {
		warnx("stdout: %s", strerror(errno));
		status = 2;
	}
	return status;
}
