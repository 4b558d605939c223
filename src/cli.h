/*
 * cli.h: the command-line layer both programs share.  The options both
 * have (-4 -6 -D -h -j -p -q -V -w), the group operands with their
 * default, and the one-line error reports with exit status 2.  Each
 * program adds only its own options, through a callback.
 */
#ifndef CLI_H
#define CLI_H

#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <net/if.h>

#include "mcast.h"

/* The options both programs have, with their defaults from CLI_DEFAULTS. */
struct common_opts {
	int family;			/* -4, -6, or AF_UNSPEC */
	uint16_t port;
	int quiet;
	int json;
	int stamp;			/* -D */
	int64_t deadline;		/* ns for the whole run; -1: none */
};

#define CLI_DEFAULTS	{ .family = AF_UNSPEC, .port = MC_DEFAULT_PORT, \
			    .deadline = -1 }

/* A GROUP operand: its first group (port 0), how many, its %scope. */
struct operand {
	const char *arg;		/* as given, for messages */
	struct sockaddr_storage first;
	uint32_t n;
	char scope[IF_NAMESIZE];
};

#define MAX_OPERANDS	64

/* CLI_NEXT: an option callback or cli_parse went on; else an exit status. */
#define CLI_NEXT	(-1)

/*
 * What a program adds to the common layer: its name, help text, its own
 * options and the callback that takes them.  own() returns CLI_NEXT, or
 * an exit status to end with.  options are words "xKname": x the letter
 * own() is given, K its kind ('.' -x takes no value, ':' -x takes one,
 * '-' and '=' the same for a long option only) and the long name, if
 * any: "c:count L-loop" is -c/--count N and --loop.
 */
struct cli {
	const char *prog;
	void (*usage)(FILE *f);
	const char *options;
	int (*own)(int ch, const char *arg, void *opts);
};

/*
 * cli_parse: every option of argv, the common ones into c and the rest
 * through spec->own(ch, optarg, opts); then the operands (the default
 * group when there are none) into op, at most MAX_OPERANDS.  Returns
 * CLI_NEXT, or an exit status after printing help, version or an error.
 */
int	 cli_parse(int argc, char **argv, const struct cli *spec,
	    struct common_opts *c, void *opts, struct operand *op,
	    size_t *nop);

/* operands_total: how many groups the operands name together. */
uint64_t operands_total(const struct operand *op, size_t nop);

/*
 * group_title: "G:PORT" for one group, "G1..G2 port PORT" for several
 * (first and last), into buf of len bytes; port 0 leaves the port out.
 * Returns buf.
 */
char	*group_title(const struct sockaddr_storage *first,
	    const struct sockaddr_storage *last, uint16_t port, char *buf,
	    size_t len);

/*
 * usage_error: one line on stderr naming the option, its (escaped) value
 * and the problem (usage_warn).  Returns 2, the exit status for bad
 * input; inline, so that the analyzers see it never returns CLI_NEXT.
 */
void	 usage_warn(const char *opt, const char *arg, const char *why);

static inline int
usage_error(const char *opt, const char *arg, const char *why)
{
	usage_warn(opt, arg, why);
	return 2;
}

/* sys_error: what failed and why, and a hint line where one helps; 2. */
int	 sys_error(const char *what, int err, enum mc_step step);

/* scope_error: a link-local group was given no interface; returns 2. */
int	 scope_error(const struct sockaddr *group);

/* scope_iface_error: a group's %scope names no interface; returns 2. */
int	 scope_iface_error(const char *scope);

/* iface_error: resolve_iface failed with err for --interface; returns 2. */
int	 iface_error(int err);

/*
 * read_all: read fd to EOF into buf (at most max bytes; more is E2BIG).
 * -1 with EINTR when a signal set run_stop meanwhile.
 */
ssize_t	 read_all(int fd, void *buf, size_t max);

/*
 * close_stdout: flush and close stdout.  Returns 0, or -1 with errno
 * (EPIPE included: the caller decides to stay quiet about it): this
 * flush's error, else earlier (the errno of a write that failed before,
 * 0 if none is known), else EIO.
 */
int	 close_stdout(int earlier);

#endif /* CLI_H */
