/*
 * test_cli.c: cmocka tests for the shared command-line layer (cli.c):
 * common options and a program's own through one parse, operands and
 * their default group, the errors' exit status, and group titles.
 */
#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "mcast.h"
#include "parse.h"
#include "addr.h"

struct own {
	int x;
	const char *y;
};

static int
own_option(int ch, const char *arg, void *opts)
{
	struct own *o = opts;

	if (ch == 'x')
		o->x++;
	else if (ch == 'y')
		o->y = arg;
	return CLI_NEXT;
}

static void
no_usage(FILE *f)
{
	(void)f;
}

static const struct cli spec = { "test", no_usage, "x.ex y:why",
	own_option };

/* Parse a NULL-ended argument list; returns cli_parse's result. */
static int
parse(struct common_opts *c, struct own *o, struct operand *op, size_t *nop,
    ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;

	va_start(ap, nop);
	argv[argc++] = (char *)"test";
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	optind = 0;			/* GNU: start afresh */
	memset(o, 0, sizeof(*o));
	return cli_parse(argc, argv, &spec, c, o, op, nop);
}

static void
test_common_and_own(void **state)
{
	struct common_opts c = CLI_DEFAULTS;
	struct operand op[MAX_OPERANDS];
	struct own o;
	size_t nop;

	(void)state;
	assert_int_equal(parse(&c, &o, op, &nop, "-j", "-x", "--why", "w",
	    "-p", "5000", "--ex", "-q", "-w", "1.5", "-D", "239.1.1.1+3",
	    "239.2.2.2", NULL), CLI_NEXT);
	assert_true(c.json && c.quiet && c.stamp);
	assert_int_equal(c.port, 5000);
	assert_int_equal(c.deadline, 1500000000LL);
	assert_int_equal(o.x, 2);
	assert_string_equal(o.y, "w");
	assert_int_equal(nop, 2);
	assert_int_equal(op[0].n, 3);
	assert_string_equal(op[0].arg, "239.1.1.1+3");
	assert_int_equal(op[1].n, 1);
	assert_int_equal(operands_total(op, nop), 4);
}

static void
test_default_group(void **state)
{
	struct common_opts c = CLI_DEFAULTS;
	struct operand op[MAX_OPERANDS];
	char buf[MC_ADDRSTRLEN];
	struct own o;
	size_t nop;

	(void)state;
	assert_int_equal(parse(&c, &o, op, &nop, NULL), CLI_NEXT);
	assert_int_equal(nop, 1);
	assert_string_equal(format_addr((struct sockaddr *)&op[0].first, buf,
	    sizeof(buf)), MC_DEFAULT_GROUP);
	c = (struct common_opts)CLI_DEFAULTS;
	assert_int_equal(parse(&c, &o, op, &nop, "-6", NULL), CLI_NEXT);
	assert_string_equal(format_addr((struct sockaddr *)&op[0].first, buf,
	    sizeof(buf)), MC_DEFAULT_GROUP6);
}

static void
test_errors(void **state)
{
	struct common_opts c = CLI_DEFAULTS;
	struct operand op[MAX_OPERANDS];
	struct own o;
	size_t nop;

	(void)state;
	assert_int_equal(parse(&c, &o, op, &nop, "-4", "-6", NULL), 2);
	c = (struct common_opts)CLI_DEFAULTS;
	assert_int_equal(parse(&c, &o, op, &nop, "--nosuch", NULL), 2);
	assert_int_equal(parse(&c, &o, op, &nop, "-y", NULL), 2);
	assert_int_equal(parse(&c, &o, op, &nop, "-p", "0", NULL), 2);
	assert_int_equal(parse(&c, &o, op, &nop, "10.0.0.1", NULL), 2);
	assert_int_equal(parse(&c, &o, op, &nop, "239.0.0.0+65536",
	    "239.9.0.0", NULL), 2);
	assert_int_equal(parse(&c, &o, op, &nop, "-h", NULL), 0);
}

static void
test_group_title(void **state)
{
	struct sockaddr_storage a, b;
	char buf[2 * MC_ADDRSTRLEN + 16], scope[IF_NAMESIZE];
	uint32_t n;

	(void)state;
	assert_null(parse_group_range("239.1.1.1", AF_UNSPEC, &a, &n, scope));
	assert_null(parse_group_range("239.1.1.9", AF_UNSPEC, &b, &n, scope));
	assert_string_equal(group_title(&a, &a, 10000, buf, sizeof(buf)),
	    "239.1.1.1:10000");
	assert_string_equal(group_title(&a, &a, 0, buf, sizeof(buf)),
	    "239.1.1.1");
	assert_string_equal(group_title(&a, &b, 10000, buf, sizeof(buf)),
	    "239.1.1.1..239.1.1.9 port 10000");
	assert_string_equal(group_title(&a, &b, 0, buf, sizeof(buf)),
	    "239.1.1.1..239.1.1.9");
	assert_null(parse_group_range("ff05::1", AF_UNSPEC, &a, &n, scope));
	assert_string_equal(group_title(&a, &a, 10000, buf, sizeof(buf)),
	    "[ff05::1]:10000");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_common_and_own),
		cmocka_unit_test(test_default_group),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_group_title),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
