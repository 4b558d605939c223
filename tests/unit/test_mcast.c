/*
 * test_mcast.c: cmocka tests for what src/mcast.c holds that runs without
 * a network: the hints, and that the defaults are valid.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mcast.h"
#include "parse.h"

/* ---- hint ---- */

static void
test_hint(void **state)
{
	const char *h;

	(void)state;
	h = hint(ENETUNREACH, STEP_JOIN);
	assert_non_null(h);
	assert_non_null(strstr(h, "224.0.0.0/4"));
	h = hint(ENETUNREACH, STEP_BIND);
	assert_non_null(h);
	assert_non_null(strstr(h, "224.0.0.0/4"));

	h = hint(ENOBUFS, STEP_JOIN);
	assert_non_null(h);
	assert_non_null(strstr(h, "igmp_max_memberships"));
	h = hint(ENOBUFS, STEP_SOCKET);
	assert_non_null(h);
	assert_null(strstr(h, "igmp_max_memberships"));

	assert_non_null(hint(ENODEV, STEP_JOIN));
	assert_non_null(hint(ENODEV, STEP_IF));
	assert_non_null(hint(EADDRINUSE, STEP_BIND));
	assert_non_null(hint(EADDRNOTAVAIL, STEP_JOIN));

	assert_null(hint(EINVAL, STEP_JOIN));
	assert_null(hint(EBADF, STEP_SOCKET));
	assert_null(hint(ENOENT, STEP_BIND));
	assert_null(hint(0, STEP_JOIN));
}

/* ---- defaults ---- */

static void
test_defaults(void **state)
{
	struct sockaddr_storage g;
	char scope[IF_NAMESIZE];

	(void)state;
	assert_null(parse_group(MC_DEFAULT_GROUP, AF_INET, &g, scope));
	assert_false(group_needs_iface((struct sockaddr *)&g));
	assert_null(parse_group(MC_DEFAULT_GROUP6, AF_INET6, &g, scope));
	assert_false(group_needs_iface((struct sockaddr *)&g));
	assert_string_equal(scope, "");
	assert_true(strlen(MC_DEFAULT_ACK) <= MC_MAX_PAYLOAD4);
	assert_true(strlen(MC_DEFAULT_MESSAGE) <= MC_MAX_PAYLOAD4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hint),
		cmocka_unit_test(test_defaults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
