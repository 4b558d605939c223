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

/* ---- prefix_match ---- */

static void
prefix4(struct prefix *p, const char *text, unsigned int len)
{
	make4(&p->addr, text, 0);
	p->len = len;
}

static void
prefix6(struct prefix *p, const char *text, unsigned int len)
{
	make6(&p->addr, text, 0, 0);
	p->len = len;
}

/* a, IPv6 when text has a ':', else IPv4. */
static void
make46(struct sockaddr_storage *a, const char *text, uint16_t port)
{
	if (strchr(text, ':') != NULL)
		make6(a, text, port, 0);
	else
		make4(a, text, port);
}

/* Whether p matches the address text (with some port). */
static int
match(const struct prefix *p, const char *text)
{
	struct sockaddr_storage a;

	make46(&a, text, 10000);
	return prefix_match(p, &a);
}

static void
test_prefix_match_ipv4(void **state)
{
	struct prefix p;

	(void)state;
	/* /0: every IPv4 address, and no IPv6 one. */
	prefix4(&p, "0.0.0.0", 0);
	assert_true(match(&p, "0.0.0.0"));
	assert_true(match(&p, "10.0.0.1"));
	assert_true(match(&p, "255.255.255.255"));
	assert_false(match(&p, "::"));
	assert_false(match(&p, "::ffff:10.0.0.1"));
	/* /32: that address alone, whatever the port. */
	prefix4(&p, "192.0.2.1", 32);
	assert_true(match(&p, "192.0.2.1"));
	assert_false(match(&p, "192.0.2.0"));
	assert_false(match(&p, "192.0.2.3"));
	assert_false(match(&p, "64.0.2.1"));		/* the top bit */
	assert_false(match(&p, "::ffff:192.0.2.1"));
	/* /13: 10.8.0.0 to 10.15.255.255. */
	prefix4(&p, "10.8.0.0", 13);
	assert_true(match(&p, "10.8.0.0"));
	assert_true(match(&p, "10.12.3.4"));
	assert_true(match(&p, "10.15.255.255"));
	assert_false(match(&p, "10.7.255.255"));
	assert_false(match(&p, "10.16.0.0"));
	assert_false(match(&p, "11.8.0.0"));
	/* Host bits set in the prefix do not count. */
	prefix4(&p, "10.1.2.3", 8);
	assert_true(match(&p, "10.0.0.0"));
	assert_true(match(&p, "10.200.0.1"));
	assert_false(match(&p, "11.1.2.3"));
	prefix4(&p, "10.15.255.255", 13);
	assert_true(match(&p, "10.8.0.0"));
	assert_false(match(&p, "10.16.0.0"));
}

static void
test_prefix_match_ipv6(void **state)
{
	struct prefix p;

	(void)state;
	/* /0: every IPv6 address, and no IPv4 one. */
	prefix6(&p, "::", 0);
	assert_true(match(&p, "::"));
	assert_true(match(&p, "2001:db8::1"));
	assert_true(match(&p, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
	assert_false(match(&p, "0.0.0.0"));
	assert_false(match(&p, "10.0.0.1"));
	/* /128: that address alone. */
	prefix6(&p, "2001:db8::1", 128);
	assert_true(match(&p, "2001:db8::1"));
	assert_false(match(&p, "2001:db8::"));
	assert_false(match(&p, "2001:db8::3"));
	assert_false(match(&p, "a001:db8::1"));		/* the top bit */
	/* /121: 2001:db8::80 to 2001:db8::ff. */
	prefix6(&p, "2001:db8::80", 121);
	assert_true(match(&p, "2001:db8::80"));
	assert_true(match(&p, "2001:db8::c0"));
	assert_true(match(&p, "2001:db8::ff"));
	assert_false(match(&p, "2001:db8::7f"));
	assert_false(match(&p, "2001:db8::100"));
	assert_false(match(&p, "2001:db9::80"));
	/* Host bits set in the prefix do not count. */
	prefix6(&p, "2001:db8::1", 32);
	assert_true(match(&p, "2001:db8::"));
	assert_true(match(&p, "2001:db8:ffff::1"));
	assert_false(match(&p, "2001:db9::1"));
	/* An IPv4 prefix never matches IPv6, mapped addresses included. */
	prefix4(&p, "10.0.0.0", 8);
	assert_false(match(&p, "::ffff:10.0.0.1"));
	assert_false(match(&p, "a00::"));	/* the same first bits */
}

/* ---- addr_never_ack ---- */

static int
never(const char *text, uint16_t port)
{
	struct sockaddr_storage a;

	make46(&a, text, port);
	return addr_never_ack(&a);
}

static void
test_addr_never_ack(void **state)
{
	(void)state;
	/* Multicast sources. */
	assert_true(never("224.0.0.1", 10000));
	assert_true(never("239.255.255.255", 10000));
	assert_true(never("ff02::1", 10000));
	assert_true(never("ff0e::1", 10000));
	/* The unspecified addresses. */
	assert_true(never("0.0.0.0", 10000));
	assert_true(never("::", 10000));
	/* The limited broadcast address. */
	assert_true(never("255.255.255.255", 10000));
	/* Port 0, from an address otherwise fine. */
	assert_true(never("192.0.2.1", 0));
	assert_true(never("2001:db8::1", 0));
	/* Normal unicast sources with a port. */
	assert_false(never("192.0.2.1", 10000));
	assert_false(never("127.0.0.1", 1));
	assert_false(never("223.255.255.255", 65535));
	assert_false(never("2001:db8::1", 10000));
	assert_false(never("fe80::1", 4000));
	assert_false(never("::1", 10000));
	/* A directed broadcast depends on the interfaces: the caller's. */
	assert_false(never("192.0.2.255", 10000));
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
		cmocka_unit_test(test_prefix_match_ipv4),
		cmocka_unit_test(test_prefix_match_ipv6),
		cmocka_unit_test(test_addr_never_ack),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
