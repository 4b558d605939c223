/*
 * mcast-send: send a message to a multicast group and report every
 * response that comes back before the timeout.
 */
#define _GNU_SOURCE
#include <sys/types.h>
#include <sys/socket.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mcast.h"

#define PROG	"mcast-send"

struct send_opts {
	struct sockaddr_storage group;
	char scope[IF_NAMESIZE];
	uint16_t port;
	struct iface_spec iface;
	int ttl;
	int loop;
	int quiet;
	int64_t timeout;		/* ns to wait after sending */
	const char *message;
	const char *file;
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
"usage: " PROG " [-qhV] [-I iface] [-p port] [-t ttl] [-W timeout]\n"
"                  [-m message | -f file] [--loop | --no-loop] [group]\n"
"\n"
"Send one datagram to a multicast group and print every response that\n"
"arrives before the timeout.  group defaults to " MC_DEFAULT_GROUP ".\n"
"\n"
"  -f, --file FILE       send the bytes of FILE (- is stdin) as the datagram\n"
"  -h, --help            print this help and exit\n"
"  -I, --interface IFACE send through IFACE (name, index or local address)\n"
"      --loop, --no-loop deliver to receivers on this host too (default on)\n"
"  -m, --message TEXT    the payload (default \"" MC_DEFAULT_MESSAGE "\")\n"
"  -p, --port PORT       destination UDP port (default 10000)\n"
"  -q, --quiet           no progress or diagnostics on stderr\n"
"  -t, --ttl TTL         multicast TTL, 0..255 (default 1)\n"
"  -V, --version         print the version and exit\n"
"  -W, --timeout SECS    wait this long for responses (default 0.2)\n"
"\n"
"Exit status: 0 a response arrived, 1 none did, 2 usage or system error.\n");
}

/* One line on stderr naming the option and the problem; returns 2. */
static int
bad(const char *opt, const char *arg, const char *why)
{
	char e[escape_size(64)];

	escape(e, sizeof(e), arg, strnlen(arg, 64), ESC_QUOTE);
	fprintf(stderr, PROG ": %s \"%s\": %s\n", opt, e, why);
	return 2;
}

/* Report a failed system call with its hint; returns 2. */
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
	{ "file",	required_argument,	NULL, 'f' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "interface",	required_argument,	NULL, 'I' },
	{ "loop",	no_argument,		NULL, 'L' },
	{ "no-loop",	no_argument,		NULL, 'N' },
	{ "message",	required_argument,	NULL, 'm' },
	{ "port",	required_argument,	NULL, 'p' },
	{ "quiet",	no_argument,		NULL, 'q' },
	{ "ttl",	required_argument,	NULL, 't' },
	{ "version",	no_argument,		NULL, 'V' },
	{ "timeout",	required_argument,	NULL, 'W' },
	{ NULL,		0,			NULL, 0 }
};

/* Parse argv into o; returns -1 to go on, or an exit status. */
static int
parse_args(int argc, char **argv, struct send_opts *o)
{
	const char *e, *g = MC_DEFAULT_GROUP;
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":f:hI:m:p:qt:VW:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			o->file = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'I':
			if ((e = parse_iface(optarg, &o->iface)) != NULL)
				return bad("--interface", optarg, e);
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
				return bad("--port", optarg, e);
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 't':
			if ((e = parse_ttl(optarg, &o->ttl)) != NULL)
				return bad("--ttl", optarg, e);
			break;
		case 'V':
			printf(PROG " " MCAST_VERSION "\n");
			return 0;
		case 'W':
			if ((e = parse_duration(optarg, 0, MC_MAX_DURATION_NS,
			    &o->timeout)) != NULL)
				return bad("--timeout", optarg, e);
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
	if (o->message != NULL && o->file != NULL)
		return bad("--file", o->file, "conflicts with --message");
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
		memcpy(buf, m, strlen(m));
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

int
main(int argc, char **argv)
{
	struct send_opts o = {
		.port = MC_DEFAULT_PORT,
		.ttl = MC_DEFAULT_TTL,
		.loop = 1,
		.timeout = MC_DEFAULT_TIMEOUT_NS,
	};
	static char payload[MC_MAX_PAYLOAD6 + 1];
	static char rbuf[65536], ebuf[escape_size(sizeof(rbuf))];
	char gs[MC_ADDRSTRLEN], fs[MC_ADDRSTRLEN];
	struct sigaction sa;
	struct pollfd pfd;
	struct rxinfo ri;
	struct iface_spec scope;
	enum mc_step step;
	struct sockaddr_storage local;
	unsigned int ifindex = 0;
	size_t max;
	ssize_t plen, n;
	int64_t deadline;
	unsigned long responses = 0;
	int fd, r, status;

	if ((r = parse_args(argc, argv, &o)) != -1)
		return r;
	/* An IPv6 %scope names the interface when -I does not. */
	if (o.iface.kind == IFACE_NONE && o.scope[0] != '\0' &&
	    (parse_iface(o.scope, &scope)) == NULL)
		o.iface = scope;
	if (resolve_iface(&o.iface, o.group.ss_family, &ifindex,
	    &local) == -1) {
		fprintf(stderr, PROG ": --interface: %s\n",
		    errno == EADDRNOTAVAIL ? "no interface has that address" :
		    "no such interface");
		return 2;
	}
	if (o.group.ss_family == AF_INET6)
		((struct sockaddr_in6 *)(void *)&o.group)->sin6_scope_id = ifindex;
	max = o.group.ss_family == AF_INET6 ? MC_MAX_PAYLOAD6 : MC_MAX_PAYLOAD4;
	if ((plen = load_payload(&o, payload, max)) == -1) {
		if (errno == E2BIG)
			fprintf(stderr, PROG ": %s: larger than a UDP datagram "
			    "can carry (%zu bytes)\n",
			    o.file != NULL ? o.file : "--message", max);
		else
			fprintf(stderr, PROG ": %s: %s\n", o.file,
			    strerror(errno));
		return 2;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if ((fd = open_sender(o.group.ss_family, o.ttl, o.loop, ifindex,
	    &local, &step)) == -1)
		return fail("socket", errno, step);
	addr_set_port((struct sockaddr *)&o.group, o.port);
	format_addr((struct sockaddr *)&o.group, gs, sizeof(gs));
	if (!o.quiet) {
		escape(ebuf, sizeof(ebuf), payload, (size_t)plen, ESC_QUOTE);
		fprintf(stderr, "sending \"%s\" to %s ttl %d\n", ebuf, gs, o.ttl);
	}
	if (sendto(fd, payload, (size_t)plen, 0, (struct sockaddr *)&o.group,
	    addr_len((struct sockaddr *)&o.group)) == -1) {
		char what[MC_ADDRSTRLEN + 8];

		snprintf(what, sizeof(what), "send to %s", gs);
		return fail(what, errno, STEP_SOCKET);
	}

	deadline = mono_ns() + o.timeout;
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (!stop) {
		if (fflush(stdout) == EOF && errno == EPIPE)
			break;
		if ((r = poll_until(&pfd, 1, deadline)) == -1) {
			if (errno == EINTR)
				continue;
			return fail("poll", errno, STEP_SOCKET);
		}
		if (r == 0) {
			if (!o.quiet)
				fprintf(stderr, "timed out, no more responses\n");
			break;
		}
		while ((n = recv_dgram(fd, rbuf, sizeof(rbuf), &ri)) >= 0) {
			escape(ebuf, sizeof(ebuf), rbuf, (size_t)n, ESC_QUOTE);
			printf("received \"%s\" from %s\n", ebuf,
			    format_addr((struct sockaddr *)&ri.from, fs,
			    sizeof(fs)));
			responses++;
		}
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
			/* ICMP errors from earlier sends surface here. */
			if (!o.quiet)
				fprintf(stderr, PROG ": receive: %s\n",
				    strerror(errno));
		}
	}
	close(fd);
	status = responses > 0 ? 0 : 1;
	if (close_stdout() == -1 && errno != EPIPE) {
		fprintf(stderr, PROG ": stdout: %s\n", strerror(errno));
		status = 2;
	}
	return status;
}
