/*
 * mcast-recv: join a multicast group, print every datagram that arrives
 * and acknowledge it to its sender.
 */
#define _GNU_SOURCE
#include <sys/types.h>
#include <sys/socket.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mcast.h"

#define PROG	"mcast-recv"

struct recv_opts {
	struct sockaddr_storage group;
	char scope[IF_NAMESIZE];
	uint16_t port;
	struct iface_spec iface;
	int quiet;
	uint64_t count;			/* 0: no limit */
	int64_t deadline;		/* ns after start; -1: none */
	int ack;
	const char *ack_text;
};

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	stop = sig;
}

static void
usage(FILE *f)
{
	fprintf(f,
"usage: " PROG " [-qhV] [-c count] [-I iface] [-p port] [-w deadline]\n"
"                  [--ack text | --no-ack] [group]\n"
"\n"
"Join a multicast group, print every datagram that arrives and send an\n"
"acknowledgement back to its sender.  group defaults to " MC_DEFAULT_GROUP ".\n"
"\n"
"      --ack TEXT        the acknowledgement payload (default \"" MC_DEFAULT_ACK "\")\n"
"  -c, --count N         exit after N datagrams\n"
"  -h, --help            print this help and exit\n"
"  -I, --interface IFACE join on IFACE (name, index or local address)\n"
"      --no-ack          do not acknowledge\n"
"  -p, --port PORT       UDP port to listen on (default 10000)\n"
"  -q, --quiet           no progress or diagnostics on stderr\n"
"  -V, --version         print the version and exit\n"
"  -w, --deadline SECS   exit after this long\n"
"\n"
"Exit status: 0 normal end (count reached, SIGINT, SIGTERM), 1 the deadline\n"
"passed first, 2 usage or system error.\n");
}

static int
bad(const char *opt, const char *arg, const char *why)
{
	char e[escape_size(64)];

	escape(e, sizeof(e), arg, strnlen(arg, 64), ESC_QUOTE);
	fprintf(stderr, PROG ": %s \"%s\": %s\n", opt, e, why);
	return 2;
}

static int
fail(const char *what, int err, enum mc_step step)
{
	const char *h = hint(err, step);

	fprintf(stderr, PROG ": %s: %s\n", what, strerror(err));
	if (h != NULL)
		fprintf(stderr, PROG ": hint: %s\n", h);
	return 2;
}

static const struct option longopts[] = {
	{ "ack",	required_argument,	NULL, 'A' },
	{ "count",	required_argument,	NULL, 'c' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "interface",	required_argument,	NULL, 'I' },
	{ "no-ack",	no_argument,		NULL, 'n' },
	{ "port",	required_argument,	NULL, 'p' },
	{ "quiet",	no_argument,		NULL, 'q' },
	{ "version",	no_argument,		NULL, 'V' },
	{ "deadline",	required_argument,	NULL, 'w' },
	{ NULL,		0,			NULL, 0 }
};

static int
parse_args(int argc, char **argv, struct recv_opts *o)
{
	const char *e, *g = MC_DEFAULT_GROUP;
	int ch, no_ack = 0;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":c:hI:p:qVw:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'A':
			o->ack_text = optarg;
			break;
		case 'c':
			if ((e = parse_uint(optarg, 1, UINT64_MAX / 2,
			    &o->count)) != NULL)
				return bad("--count", optarg, e);
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'I':
			if ((e = parse_iface(optarg, &o->iface)) != NULL)
				return bad("--interface", optarg, e);
			break;
		case 'n':
			no_ack = 1;
			break;
		case 'p':
			if ((e = parse_port(optarg, &o->port)) != NULL)
				return bad("--port", optarg, e);
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'V':
			printf(PROG " " MCAST_VERSION "\n");
			return 0;
		case 'w':
			if ((e = parse_duration(optarg, 1, MC_MAX_DURATION_NS,
			    &o->deadline)) != NULL)
				return bad("--deadline", optarg, e);
			break;
		case ':':
			return bad("option", argv[optind - 1], "needs a value");
		default:
			return bad("option", argv[optind - 1], "unknown");
		}
	}
	if (argc - optind > 1)
		return bad("operand", argv[optind + 1], "only one group");
	if (argc - optind == 1)
		g = argv[optind];
	if ((e = parse_group(g, AF_UNSPEC, &o->group, o->scope)) != NULL)
		return bad("group", g, e);
	if (no_ack && o->ack_text != NULL)
		return bad("--ack", o->ack_text, "conflicts with --no-ack");
	if (no_ack)
		o->ack = 0;
	if (o->ack_text == NULL)
		o->ack_text = MC_DEFAULT_ACK;
	if (strlen(o->ack_text) > (o->group.ss_family == AF_INET6 ?
	    MC_MAX_PAYLOAD6 : MC_MAX_PAYLOAD4))
		return bad("--ack", "...", "larger than a UDP datagram can carry");
	return -1;
}

/* Whether the datagram's destination is our group (unknown counts as yes). */
static int
for_us(const struct rxinfo *ri, const struct sockaddr_storage *group)
{
	if (ri->to.ss_family == AF_UNSPEC)
		return 1;
	if (ri->to.ss_family != group->ss_family)
		return 0;
	if (group->ss_family == AF_INET)
		return ((const struct sockaddr_in *)(const void *)&ri->to)->sin_addr.s_addr ==
		    ((const struct sockaddr_in *)(const void *)group)->sin_addr.s_addr;
	return memcmp(&((const struct sockaddr_in6 *)(const void *)&ri->to)->sin6_addr,
	    &((const struct sockaddr_in6 *)(const void *)group)->sin6_addr,
	    sizeof(struct in6_addr)) == 0;
}

int
main(int argc, char **argv)
{
	struct recv_opts o = {
		.port = MC_DEFAULT_PORT,
		.deadline = -1,
		.ack = 1,
	};
	static char buf[65536], ebuf[escape_size(sizeof(buf))];
	char gs[MC_ADDRSTRLEN], fs[MC_ADDRSTRLEN], ifn[IF_NAMESIZE];
	struct sigaction sa;
	struct pollfd pfd;
	struct rxinfo ri;
	struct iface_spec scope;
	enum mc_step step;
	struct sockaddr_storage local;
	unsigned int ifindex = 0;
	uint64_t got = 0;
	int64_t deadline = -1;
	size_t acklen;
	ssize_t n;
	int fd, r, status = 0, ack_warned = 0;

	if ((r = parse_args(argc, argv, &o)) != -1)
		return r;
	if (o.iface.kind == IFACE_NONE && o.scope[0] != '\0' &&
	    parse_iface(o.scope, &scope) == NULL)
		o.iface = scope;
	if (resolve_iface(&o.iface, o.group.ss_family, &ifindex,
	    &local) == -1) {
		fprintf(stderr, PROG ": --interface: %s\n",
		    errno == EADDRNOTAVAIL ? "no interface has that address" :
		    "no such interface");
		return 2;
	}
	acklen = strlen(o.ack_text);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	format_addr((struct sockaddr *)&o.group, gs, sizeof(gs));
	if ((fd = open_receiver((struct sockaddr *)&o.group, o.port, ifindex,
	    &step)) == -1) {
		char what[MC_ADDRSTRLEN + IF_NAMESIZE + 32];

		if (step == STEP_JOIN)
			snprintf(what, sizeof(what), "join %s on %s", gs,
			    ifindex != 0 && if_indextoname(ifindex, ifn) ?
			    ifn : "the default interface");
		else if (step == STEP_BIND)
			snprintf(what, sizeof(what), "bind port %u", o.port);
		else
			snprintf(what, sizeof(what), "socket");
		return fail(what, errno, step);
	}
	if (!o.quiet)
		fprintf(stderr, "joined %s on %s, listening on port %u\n", gs,
		    ifindex != 0 && if_indextoname(ifindex, ifn) ? ifn :
		    "the default interface", o.port);

	if (o.deadline >= 0)
		deadline = mono_ns() + o.deadline;
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (!stop && (o.count == 0 || got < o.count)) {
		if (fflush(stdout) == EOF && errno == EPIPE)
			break;
		if ((r = poll_until(&pfd, 1, deadline)) == -1) {
			if (errno == EINTR)
				continue;
			return fail("poll", errno, STEP_SOCKET);
		}
		if (r == 0) {
			if (!o.quiet)
				fprintf(stderr, "deadline reached after %llu "
				    "datagrams\n", (unsigned long long)got);
			status = o.count != 0 || got == 0 ? 1 : 0;
			break;
		}
		while ((o.count == 0 || got < o.count) &&
		    (n = recv_dgram(fd, buf, sizeof(buf), &ri)) >= 0) {
			if (!for_us(&ri, &o.group))
				continue;
			got++;
			format_addr((struct sockaddr *)&ri.from, fs, sizeof(fs));
			printf("received %zu bytes from %s%s\n", ri.wirelen, fs,
			    ri.truncated ? " (truncated)" : "");
			escape(ebuf, sizeof(ebuf), buf, (size_t)n, 0);
			printf("%s\n", ebuf);
			if (o.ack && sendto(fd, o.ack_text, acklen, 0,
			    (struct sockaddr *)&ri.from,
			    addr_len((struct sockaddr *)&ri.from)) == -1 &&
			    !ack_warned++ && !o.quiet)
				fprintf(stderr, PROG ": ack to %s: %s\n", fs,
				    strerror(errno));
		}
	}
	close(fd);
	if (close_stdout() == -1 && errno != EPIPE) {
		fprintf(stderr, PROG ": stdout: %s\n", strerror(errno));
		status = 2;
	}
	return status;
}
