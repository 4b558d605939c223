/*
 * cli.c: the command-line layer both programs share (see cli.h).
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "cli.h"
#include "escape.h"
#include "mcast.h"
#include "parse.h"

/* The options both programs have, in the notation of struct cli. */
#define COMMON_OPTIONS	"4. 6. D.timestamp h.help j.json p:port q.quiet " \
			"V.version w:deadline"
#define MAX_LONGOPTS	48

/* getopt_long's arguments, built from the option notation. */
struct optset {
	char shortopts[96];
	struct option lo[MAX_LONGOPTS];
	char names[768];
	size_t n, used;
};

/* Whether arg is "--name=value" for a known long option without value. */
static int
takes_no_value(const struct optset *set, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t i, len;

	if (strncmp(arg, "--", 2) != 0 || eq == NULL)
		return 0;
	len = (size_t)(eq - arg - 2);
	for (i = 0; i < set->n; i++)
		if (set->lo[i].has_arg == no_argument &&
		    strlen(set->lo[i].name) == len &&
		    strncmp(set->lo[i].name, arg + 2, len) == 0)
			return 1;
	return 0;
}

/*
 * option_error: getopt_long returned ch (':' or '?', with an optstring
 * that starts with ':'): say which option was missing a value or unknown.
 */
static int
option_error(int ch, char **argv, const struct optset *set)
{
	const char *last = argv[optind - 1];
	char opt[8];

	snprintf(opt, sizeof(opt), "-%c", optopt);
	if (ch == '?' && takes_no_value(set, last))
		return usage_error("option", last, "takes no value");
	if (strncmp(last, "--", 2) == 0 || optopt == 0)
		return usage_error("option", last, ch == ':' ?
		    "needs a value" : "unknown");
	return usage_error("option", opt, ch == ':' ? "needs a value" :
	    "unknown");
}

static int
set_family(struct common_opts *c, int ch)
{
	int want = ch == '4' ? AF_INET : AF_INET6;

	if (c->family != AF_UNSPEC && c->family != want)
		return usage_error("option", ch == '4' ? "-4" : "-6",
		    "conflicts with the other family");
	c->family = want;
	return CLI_NEXT;
}

/* One of the common options; CLI_NEXT, an exit status, or ch unknown. */
static int
common_option(int ch, const char *arg, const struct cli *spec,
    struct common_opts *c, int *mine)
{
	const char *e;

	*mine = 1;
	switch (ch) {
	case '4':
	case '6':
		return set_family(c, ch);
	case 'D':
		c->stamp = 1;
		return CLI_NEXT;
	case 'h':
		spec->usage(stdout);
		return 0;
	case 'j':
		c->json = 1;
		return CLI_NEXT;
	case 'p':
		if ((e = parse_port(arg, &c->port)) != NULL)
			return usage_error("--port", arg, e);
		return CLI_NEXT;
	case 'q':
		c->quiet = 1;
		return CLI_NEXT;
	case 'V':
		printf("%s " MCAST_VERSION "\n", spec->prog);
		return 0;
	case 'w':
		if ((e = parse_duration(arg, 1, MC_MAX_DURATION_NS,
		    &c->deadline)) != NULL)
			return usage_error("--deadline", arg, e);
		return CLI_NEXT;
	default:
		*mine = 0;
		return CLI_NEXT;
	}
}

/* Add options in struct cli's notation ("c:count L-loop") to set. */
static void
add_options(struct optset *set, const char *s)
{
	size_t len, sl;

	for (; *s != '\0'; s += 2 + len + strspn(s + 2 + len, " ")) {
		len = strcspn(s + 2, " ");
		sl = strlen(set->shortopts);
		if ((s[1] == '.' || s[1] == ':') && sl + 3 < sizeof(set->shortopts))
			snprintf(set->shortopts + sl, 3, "%c%s", s[0],
			    s[1] == ':' ? ":" : "");
		if (len == 0 || set->n == MAX_LONGOPTS - 1 ||
		    set->used + len + 1 > sizeof(set->names))
			continue;
		memcpy(set->names + set->used, s + 2, len);
		set->names[set->used + len] = '\0';
		set->lo[set->n].name = set->names + set->used;
		set->lo[set->n].has_arg = s[1] == ':' || s[1] == '=' ?
		    required_argument : no_argument;
		set->lo[set->n].flag = NULL;
		set->lo[set->n++].val = (unsigned char)s[0];
		set->used += len + 1;
	}
	memset(&set->lo[set->n], 0, sizeof(set->lo[set->n]));
}

/* The operands, or the default group of the family when there are none. */
static int
parse_operands(int argc, char **argv, int family, struct operand *op,
    size_t *nop)
{
	uint64_t total = 0;
	int i;

	if (argc - optind > MAX_OPERANDS)
		return usage_error("operand", argv[optind + MAX_OPERANDS],
		    "more than 64 group operands (use group+N ranges)");
	*nop = 0;
	for (i = optind; i < argc || i == optind; i++) {
		const char *g = i < argc ? argv[i] : family == AF_INET6 ?
		    MC_DEFAULT_GROUP6 : MC_DEFAULT_GROUP;
		struct operand *o = &op[(*nop)++];
		const char *e;

		o->arg = g;
		if ((e = parse_group_range(g, family, &o->first, &o->n,
		    o->scope)) != NULL)
			return usage_error("group", g, e);
		if ((total += o->n) > MC_MAX_GROUPS)
			return usage_error("group", g, "more than "
			    MC_MAX_GROUPS_STR " groups");
	}
	return CLI_NEXT;
}

int
cli_parse(int argc, char **argv, const struct cli *spec,
    struct common_opts *c, void *opts, struct operand *op, size_t *nop)
{
	struct optset set;
	int ch, r, mine;

	memset(&set, 0, sizeof(set));
	set.shortopts[0] = ':';
	add_options(&set, COMMON_OPTIONS);
	add_options(&set, spec->options);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, set.shortopts, set.lo,
	    NULL)) != -1) {
		if (ch == ':' || ch == '?')
			return option_error(ch, argv, &set);
		r = common_option(ch, optarg, spec, c, &mine);
		if (!mine)
			r = spec->own(ch, optarg, opts);
		if (r != CLI_NEXT)
			return r;
	}
	return parse_operands(argc, argv, c->family, op, nop);
}

uint64_t
operands_total(const struct operand *op, size_t nop)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < nop; i++)
		n += op[i].n;
	return n;
}

char *
group_title(const struct sockaddr_storage *first,
    const struct sockaddr_storage *last, uint16_t port, char *buf,
    size_t len)
{
	struct sockaddr_storage a = *first, b = *last;
	char fa[MC_ADDRSTRLEN], fb[MC_ADDRSTRLEN];

	if (addr_cmp(first, last) == 0) {
		addr_set_port((struct sockaddr *)&a, port);
		return format_addr((struct sockaddr *)&a, buf, len);
	}
	addr_set_port((struct sockaddr *)&a, 0);
	addr_set_port((struct sockaddr *)&b, 0);
	snprintf(buf, len, "%s..%s", format_addr((struct sockaddr *)&a, fa,
	    sizeof(fa)), format_addr((struct sockaddr *)&b, fb, sizeof(fb)));
	if (port != 0)
		snprintf(buf + strlen(buf), len - strlen(buf), " port %u", port);
	return buf;
}

void
usage_warn(const char *opt, const char *arg, const char *why)
{
	char e[escape_size(64)];

	escape(e, sizeof(e), arg, strnlen(arg, 64), ESC_QUOTE);
	warnx("%s \"%s\": %s", opt, e, why);
}

int
sys_error(const char *what, int err, enum mc_step step)
{
	const char *h = hint(err, step);

	warnx("%s: %s", what, strerror(err));
	if (h != NULL)
		warnx("hint: %s", h);
	return 2;
}

int
scope_error(const struct sockaddr *group)
{
	const struct sockaddr_in6 *g6 = (const void *)group;
	char gs[MC_ADDRSTRLEN];

	format_addr(group, gs, sizeof(gs));
	/* ff01::/16 is interface-local, ff02::/16 link-local (RFC 4291). */
	warnx("group %s: %s scope needs an interface: write %s%%IFACE or use "
	    "--interface", gs, (g6->sin6_addr.s6_addr[1] & 0x0f) == 1 ?
	    "interface-local" : "link-local", gs);
	return 2;
}

int
iface_error(int err)
{
	warnx("--interface: %s", err == EADDRNOTAVAIL ?
	    "no interface has that address" : "no such interface");
	return 2;
}

ssize_t
read_all(int fd, void *buf, size_t max)
{
	size_t got = 0;
	ssize_t n;
	char extra;

	for (;;) {
		if (got == max)
			n = read(fd, &extra, 1);
		else
			n = read(fd, (char *)buf + got, max - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			return (ssize_t)got;
		if (got == max) {
			errno = E2BIG;
			return -1;
		}
		got += (size_t)n;
	}
}

int
close_stdout(void)
{
	int e;

	if (fflush(stdout) == EOF || ferror(stdout)) {
		e = errno != 0 ? errno : EIO;
		(void)fclose(stdout);
		errno = e;
		return -1;
	}
	if (fclose(stdout) == EOF)
		return -1;
	return 0;
}
