/*
 * test_addr.c: cmocka tests for the address helpers (src/addr.c), each
 * expectation checked by hand against the contract in src/addr.h.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "addr.h"

/* ---- addr_* ---- */

static void
make4(struct sockaddr_storage *ss, const char *text, uint16_t port)
{
	struct sockaddr_in *sin = (void *)ss;

	memset(ss, 0, sizeof(*ss));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	assert_int_equal(inet_pton(AF_INET, text, &sin->sin_addr), 1);
}

static void
make6(struct sockaddr_storage *ss, const char *text, uint16_t port,
    uint32_t scope_id)
{
	struct sockaddr_in6 *sin6 = (void *)ss;

	memset(ss, 0, sizeof(*ss));
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	sin6->sin6_scope_id = scope_id;
	assert_int_equal(inet_pton(AF_INET6, text, &sin6->sin6_addr), 1);
}

static void
test_addr_is_multicast(void **state)
{
	struct sockaddr_storage ss;

	(void)state;
	make4(&ss, "224.0.0.0", 0);
	assert_true(addr_is_multicast((struct sockaddr *)&ss));
	make4(&ss, "239.255.255.255", 1);
	assert_true(addr_is_multicast((struct sockaddr *)&ss));
	make4(&ss, "224.3.29.71", 10000);
	assert_true(addr_is_multicast((struct sockaddr *)&ss));
	make4(&ss, "223.255.255.255", 0);
	assert_false(addr_is_multicast((struct sockaddr *)&ss));
	make4(&ss, "240.0.0.0", 0);
	assert_false(addr_is_multicast((struct sockaddr *)&ss));
	make4(&ss, "127.0.0.1", 0);
	assert_false(addr_is_multicast((struct sockaddr *)&ss));
	make6(&ss, "ff02::1", 0, 0);
	assert_true(addr_is_multicast((struct sockaddr *)&ss));
	make6(&ss, "ff00::", 0, 0);
	assert_true(addr_is_multicast((struct sockaddr *)&ss));
	make6(&ss, "fe80::1", 0, 0);
	assert_false(addr_is_multicast((struct sockaddr *)&ss));
	make6(&ss, "::ffff:224.0.0.1", 0, 0);
	assert_false(addr_is_multicast((struct sockaddr *)&ss));
	memset(&ss, 0xff, sizeof(ss));
	ss.ss_family = AF_UNSPEC;
	assert_false(addr_is_multicast((struct sockaddr *)&ss));
}

static void
test_addr_port_len(void **state)
{
	struct sockaddr_storage ss;
	const struct sockaddr_in *sin = (const void *)&ss;
	const struct sockaddr_in6 *sin6 = (const void *)&ss;

	(void)state;
	make4(&ss, "192.0.2.1", 10000);
	assert_int_equal(addr_port((struct sockaddr *)&ss), 10000);
	assert_int_equal(addr_len((struct sockaddr *)&ss),
	    sizeof(struct sockaddr_in));
	addr_set_port((struct sockaddr *)&ss, 65535);
	assert_int_equal(sin->sin_port, htons(65535));
	assert_int_equal(addr_port((struct sockaddr *)&ss), 65535);
	addr_set_port((struct sockaddr *)&ss, 0x1234);
	assert_int_equal(((const unsigned char *)&sin->sin_port)[0], 0x12);
	assert_int_equal(((const unsigned char *)&sin->sin_port)[1], 0x34);
	assert_int_equal(addr_port((struct sockaddr *)&ss), 0x1234);
	addr_set_port((struct sockaddr *)&ss, 0);
	assert_int_equal(addr_port((struct sockaddr *)&ss), 0);
	assert_int_equal(ntohl(sin->sin_addr.s_addr), 0xc0000201);

	make6(&ss, "ff02::1", 1, 0);
	assert_int_equal(addr_port((struct sockaddr *)&ss), 1);
	assert_int_equal(addr_len((struct sockaddr *)&ss),
	    sizeof(struct sockaddr_in6));
	addr_set_port((struct sockaddr *)&ss, 0xabcd);
	assert_int_equal(((const unsigned char *)&sin6->sin6_port)[0], 0xab);
	assert_int_equal(((const unsigned char *)&sin6->sin6_port)[1], 0xcd);
	assert_int_equal(addr_port((struct sockaddr *)&ss), 0xabcd);
	assert_true(IN6_IS_ADDR_MULTICAST(&sin6->sin6_addr));
}

/* ---- format_addr ---- */

static void
test_format_addr_ipv4(void **state)
{
	struct sockaddr_storage ss;
	char buf[MC_ADDRSTRLEN];

	(void)state;
	make4(&ss, "192.0.2.1", 10000);
	assert_ptr_equal(format_addr((struct sockaddr *)&ss, buf, sizeof(buf)),
	    buf);
	assert_string_equal(buf, "192.0.2.1:10000");
	make4(&ss, "192.0.2.1", 0);
	assert_string_equal(format_addr((struct sockaddr *)&ss, buf,
	    sizeof(buf)), "192.0.2.1");
	make4(&ss, "224.3.29.71", 1);
	assert_string_equal(format_addr((struct sockaddr *)&ss, buf,
	    sizeof(buf)), "224.3.29.71:1");
	make4(&ss, "255.255.255.255", 65535);
	assert_string_equal(format_addr((struct sockaddr *)&ss, buf,
	    sizeof(buf)), "255.255.255.255:65535");
	make4(&ss, "0.0.0.0", 0);
	assert_string_equal(format_addr((struct sockaddr *)&ss, buf,
	    sizeof(buf)), "0.0.0.0");
}

static void
test_format_addr_ipv6(void **state)
{
	struct sockaddr_storage ss;
	char buf[MC_ADDRSTRLEN];

	(void)state;
	make6(&ss, "ff02::1", 10000, 0);
	assert_ptr_equal(format_addr((struct sockaddr *)&ss, buf, sizeof(buf)),
	    buf);
	assert_string_equal(buf, "[ff02::1]:10000");
	make6(&ss, "ff02::1", 0, 0);
	assert_string_equal(format_addr((struct sockaddr *)&ss, buf,
	    sizeof(buf)), "ff02::1");
	make6(&ss, "2001:db8::1", 443, 0);
	assert_string_equal(format_addr((struct sockaddr *)&ss, buf,
	    sizeof(buf)), "[2001:db8::1]:443");
	make6(&ss, "::", 0, 0);
	assert_string_equal(format_addr((struct sockaddr *)&ss, buf,
	    sizeof(buf)), "::");
}

static void
test_format_addr_scope(void **state)
{
	struct sockaddr_storage ss;
	char buf[MC_ADDRSTRLEN], name[IF_NAMESIZE];

	(void)state;
	/* An index with no interface: shown as a number. */
	assert_null(if_indextoname(999999, name));
	make6(&ss, "ff02::1", 10000, 999999);
	assert_string_equal(format_addr((struct sockaddr *)&ss, buf,
	    sizeof(buf)), "[ff02::1%999999]:10000");
	make6(&ss, "ff02::1", 0, 999999);
	assert_string_equal(format_addr((struct sockaddr *)&ss, buf,
	    sizeof(buf)), "ff02::1%999999");

	/* The longest text: MC_ADDRSTRLEN must hold it whole. */
	assert_null(if_indextoname(4294967295U, name));
	make6(&ss, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535,
	    4294967295U);
	assert_string_equal(format_addr((struct sockaddr *)&ss, buf,
	    sizeof(buf)),
	    "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff%4294967295]:65535");
}

/* A scope id that names an interface is shown by its name (lo here). */
static void
test_format_addr_scope_name(void **state)
{
	struct sockaddr_storage ss;
	char buf[MC_ADDRSTRLEN];
	unsigned int lo;

	(void)state;
	/* Every network namespace has lo. */
	lo = if_nametoindex("lo");
	assert_int_not_equal(lo, 0);
	make6(&ss, "ff02::1", 10000, lo);
	assert_string_equal(format_addr((struct sockaddr *)&ss, buf,
	    sizeof(buf)), "[ff02::1%lo]:10000");
	make6(&ss, "fe80::1", 0, lo);
	assert_string_equal(format_addr((struct sockaddr *)&ss, buf,
	    sizeof(buf)), "fe80::1%lo");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr_is_multicast),
		cmocka_unit_test(test_addr_port_len),
		cmocka_unit_test(test_format_addr_ipv4),
		cmocka_unit_test(test_format_addr_ipv6),
		cmocka_unit_test(test_format_addr_scope),
		cmocka_unit_test(test_format_addr_scope_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
