/*
 * test_parse.c: cmocka tests for the option value parsers (src/parse.c),
 * each expectation checked by hand against the contract in src/parse.h.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "clock.h"
#include "parse.h"

/* A parser must accept: on failure show what it said instead. */
#define assert_ok(expr) do {						\
	const char *e_ = (expr);					\
	if (e_ != NULL)							\
		fail_msg("%s: rejected with \"%s\"", #expr, e_);	\
} while (0)

/* A parser must reject, with some description. */
#define assert_err(expr) do {						\
	const char *e_ = (expr);					\
	if (e_ == NULL)							\
		fail_msg("%s: accepted", #expr);			\
	if (*e_ == '\0')						\
		fail_msg("%s: empty error description", #expr);		\
} while (0)

/* A parser must reject, and its description must mention word. */
#define assert_err_has(expr, word) do {					\
	const char *e_ = (expr);					\
	if (e_ == NULL)							\
		fail_msg("%s: accepted", #expr);			\
	if (strstr(e_, (word)) == NULL)					\
		fail_msg("%s: \"%s\" does not mention \"%s\"", #expr,	\
		    e_, (word));					\
} while (0)

/* ---- parse_uint ---- */

static void
test_parse_uint_valid(void **state)
{
	uint64_t v;

	(void)state;
	v = 99;
	assert_ok(parse_uint("0", 0, 10, &v));
	assert_int_equal(v, 0);
	assert_ok(parse_uint("7", 0, 10, &v));
	assert_int_equal(v, 7);
	assert_ok(parse_uint("1234567890", 0, UINT64_MAX, &v));
	assert_int_equal(v, 1234567890);
	/* Leading zeros are still decimal, not octal. */
	assert_ok(parse_uint("007", 0, 10, &v));
	assert_int_equal(v, 7);
	assert_ok(parse_uint("010", 0, 100, &v));
	assert_int_equal(v, 10);
	assert_ok(parse_uint("0000000000000000000000000000042", 0, 100, &v));
	assert_int_equal(v, 42);
	assert_ok(parse_uint("000", 0, 0, &v));
	assert_int_equal(v, 0);
}

static void
test_parse_uint_syntax(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_err(parse_uint("", 0, 10, &v));
	assert_err(parse_uint("+1", 0, 10, &v));
	assert_err(parse_uint("-1", 0, 10, &v));
	assert_err(parse_uint("-0", 0, 10, &v));
	assert_err(parse_uint(" 1", 0, 10, &v));
	assert_err(parse_uint("1 ", 0, 10, &v));
	assert_err(parse_uint("1\n", 0, 10, &v));
	assert_err(parse_uint("\t1", 0, 10, &v));
	assert_err(parse_uint("1 2", 0, 100, &v));
	assert_err(parse_uint("0x10", 0, 100, &v));
	assert_err(parse_uint("1e2", 0, 1000, &v));
	assert_err(parse_uint("1.0", 0, 10, &v));
	assert_err(parse_uint("1,000", 0, 10000, &v));
	assert_err(parse_uint("abc", 0, 10, &v));
	assert_err(parse_uint("12abc", 0, 100, &v));
	assert_err_has(parse_uint("abc", 0, 10, &v), "not a number");
}

static void
test_parse_uint_overflow(void **state)
{
	uint64_t v = 0;

	(void)state;
	/* UINT64_MAX itself, with and without leading zeros. */
	assert_ok(parse_uint("18446744073709551615", 0, UINT64_MAX, &v));
	assert_true(v == UINT64_MAX);
	v = 0;
	assert_ok(parse_uint("00018446744073709551615", 0, UINT64_MAX, &v));
	assert_true(v == UINT64_MAX);
	assert_ok(parse_uint("18446744073709551614", 0, UINT64_MAX, &v));
	assert_true(v == UINT64_MAX - 1);
	/* One past, and values that wrap to something small modulo 2^64. */
	assert_err(parse_uint("18446744073709551616", 0, UINT64_MAX, &v));
	assert_err(parse_uint("18446744073709551619", 0, UINT64_MAX, &v));
	assert_err(parse_uint("18446744073709551620", 0, UINT64_MAX, &v));
	assert_err(parse_uint("18446744073709551617", 0, UINT64_MAX, &v));
	assert_err(parse_uint("36893488147419103232", 0, UINT64_MAX, &v));
	assert_err(parse_uint("99999999999999999999", 0, UINT64_MAX, &v));
	assert_err(parse_uint("184467440737095516150", 0, UINT64_MAX, &v));
	assert_err(parse_uint("1000000000000000000000000000000000000000", 0,
	    UINT64_MAX, &v));
}

static void
test_parse_uint_bounds(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_err(parse_uint("4", 5, 10, &v));
	assert_ok(parse_uint("5", 5, 10, &v));
	assert_int_equal(v, 5);
	assert_ok(parse_uint("10", 5, 10, &v));
	assert_int_equal(v, 10);
	assert_err(parse_uint("11", 5, 10, &v));
	assert_err(parse_uint("0", 1, 10, &v));
	assert_ok(parse_uint("0", 0, 0, &v));
	assert_int_equal(v, 0);
	assert_err(parse_uint("1", 0, 0, &v));
	assert_ok(parse_uint("42", 42, 42, &v));
	assert_int_equal(v, 42);
	assert_err(parse_uint("41", 42, 42, &v));
	assert_err(parse_uint("43", 42, 42, &v));
	assert_err(parse_uint("18446744073709551615", 0, UINT64_MAX - 1, &v));
	assert_ok(parse_uint("18446744073709551615", UINT64_MAX, UINT64_MAX,
	    &v));
	assert_true(v == UINT64_MAX);
	assert_err(parse_uint("18446744073709551614", UINT64_MAX, UINT64_MAX,
	    &v));
}

/* ---- parse_port, parse_ttl ---- */

static void
test_parse_port(void **state)
{
	uint16_t p = 0;

	(void)state;
	assert_ok(parse_port("1", &p));
	assert_int_equal(p, 1);
	assert_ok(parse_port("10000", &p));
	assert_int_equal(p, 10000);
	assert_ok(parse_port("65535", &p));
	assert_int_equal(p, 65535);
	assert_ok(parse_port("00080", &p));
	assert_int_equal(p, 80);
	assert_err(parse_port("0", &p));
	assert_err(parse_port("65536", &p));
	assert_err(parse_port("131073", &p));	/* 65536 * 2 + 1 */
	assert_err(parse_port("18446744073709551616", &p));
	assert_err(parse_port("abc", &p));
	assert_err(parse_port(" 1", &p));
	assert_err(parse_port("+1", &p));
	assert_err(parse_port("-1", &p));
	assert_err(parse_port("", &p));
	assert_err_has(parse_port("abc", &p), "not a number");
	assert_err_has(parse_port("0", &p), "1..65535");
	assert_err_has(parse_port("65536", &p), "1..65535");
}

static void
test_parse_ttl(void **state)
{
	char buf[16];
	int ttl, i;

	(void)state;
	for (i = 0; i <= 255; i++) {
		snprintf(buf, sizeof(buf), "%d", i);
		ttl = -1;
		assert_ok(parse_ttl(buf, &ttl));
		assert_int_equal(ttl, i);
	}
	assert_err(parse_ttl("256", &ttl));
	assert_err(parse_ttl("-1", &ttl));
	assert_err(parse_ttl("1000", &ttl));
	assert_err(parse_ttl("4294967297", &ttl));	/* 2^32 + 1 */
	assert_err(parse_ttl("", &ttl));
	assert_err(parse_ttl("x", &ttl));
	assert_err(parse_ttl("1 ", &ttl));
	assert_string_equal(parse_ttl("256", &ttl), "out of range 0..255");
}

/* ---- parse_duration ---- */

static void
test_parse_duration_valid(void **state)
{
	const int64_t max = MC_MAX_DURATION_NS;
	int64_t ns;

	(void)state;
	ns = -1;
	assert_ok(parse_duration("0.2", 0, max, &ns));
	assert_int_equal(ns, 200000000);
	assert_ok(parse_duration(".5", 0, max, &ns));
	assert_int_equal(ns, 500000000);
	assert_ok(parse_duration("1.", 0, max, &ns));
	assert_int_equal(ns, 1000000000);
	assert_ok(parse_duration("2", 0, max, &ns));
	assert_int_equal(ns, 2000000000);
	assert_ok(parse_duration("0", 0, max, &ns));
	assert_int_equal(ns, 0);
	assert_ok(parse_duration("0.0", 0, max, &ns));
	assert_int_equal(ns, 0);
	assert_ok(parse_duration("1.5", 0, max, &ns));
	assert_int_equal(ns, 1500000000);
	assert_ok(parse_duration("12.000000034", 0, max, &ns));
	assert_int_equal(ns, 12000000034LL);
	assert_ok(parse_duration("0.000000001", 0, max, &ns));
	assert_int_equal(ns, 1);
	assert_ok(parse_duration("0.123456789", 0, max, &ns));
	assert_int_equal(ns, 123456789);
	assert_ok(parse_duration("007.25", 0, max, &ns));
	assert_int_equal(ns, 7250000000LL);
	assert_ok(parse_duration("0000000000000000000000001", 0, max, &ns));
	assert_int_equal(ns, NS_PER_SEC);
}

static void
test_parse_duration_truncates(void **state)
{
	const int64_t max = MC_MAX_DURATION_NS;
	int64_t ns;

	(void)state;
	/* Digits past the ninth decimal are cut off, never rounded. */
	assert_ok(parse_duration("0.1234567899", 0, max, &ns));
	assert_int_equal(ns, 123456789);
	assert_ok(parse_duration("0.9999999999", 0, max, &ns));
	assert_int_equal(ns, 999999999);
	assert_ok(parse_duration("1.0000000009", 0, max, &ns));
	assert_int_equal(ns, 1000000000);
	assert_ok(parse_duration("0.0000000009", 0, max, &ns));
	assert_int_equal(ns, 0);
	assert_ok(parse_duration(
	    "3.14159265358979323846264338327950288419716939937510", 0, max,
	    &ns));
	assert_int_equal(ns, 3141592653LL);
}

static void
test_parse_duration_syntax(void **state)
{
	const int64_t max = MC_MAX_DURATION_NS;
	int64_t ns = 0;

	(void)state;
	assert_err(parse_duration("", 0, max, &ns));
	assert_err(parse_duration(".", 0, max, &ns));
	assert_err(parse_duration("1e3", 0, max, &ns));
	assert_err(parse_duration("1E3", 0, max, &ns));
	assert_err(parse_duration("1.5e1", 0, max, &ns));
	assert_err(parse_duration("nan", 0, max, &ns));
	assert_err(parse_duration("NaN", 0, max, &ns));
	assert_err(parse_duration("inf", 0, max, &ns));
	assert_err(parse_duration("infinity", 0, max, &ns));
	assert_err(parse_duration("-1", 0, max, &ns));
	assert_err(parse_duration("-0", 0, max, &ns));
	assert_err(parse_duration("+1", 0, max, &ns));
	assert_err(parse_duration("0x10", 0, max, &ns));
	assert_err(parse_duration("0x1p3", 0, max, &ns));
	assert_err(parse_duration(" 1", 0, max, &ns));
	assert_err(parse_duration("1 ", 0, max, &ns));
	assert_err(parse_duration("1..2", 0, max, &ns));
	assert_err(parse_duration("1.2.3", 0, max, &ns));
	assert_err(parse_duration("1,5", 0, max, &ns));
	assert_err(parse_duration("1s", 0, max, &ns));
	assert_err(parse_duration("1ms", 0, max, &ns));
	assert_err(parse_duration("..5", 0, max, &ns));
}

static void
test_parse_duration_bounds(void **state)
{
	const int64_t max = MC_MAX_DURATION_NS;
	int64_t ns = 0;

	(void)state;
	/* The maximum, 10^6 s, is accepted exactly; a nanosecond more is not. */
	assert_ok(parse_duration("1000000", 0, max, &ns));
	assert_int_equal(ns, max);
	assert_ok(parse_duration("1000000.000000000", 0, max, &ns));
	assert_int_equal(ns, max);
	assert_ok(parse_duration("999999.999999999", 0, max, &ns));
	assert_int_equal(ns, max - 1);
	assert_err(parse_duration("1000000.000000001", 0, max, &ns));
	assert_err(parse_duration("1000001", 0, max, &ns));
	assert_err(parse_duration("10000000", 0, max, &ns));
	/* Truncation happens before the bound is checked. */
	assert_ok(parse_duration("1000000.0000000009", 0, max, &ns));
	assert_int_equal(ns, max);
	/* Far too long: rejected without overflow. */
	assert_err(parse_duration("99999999999999999999999999999", 0, max,
	    &ns));
	assert_err(parse_duration("18446744073709551616", 0, max, &ns));
	assert_err(parse_duration("9223372036854775808", 0, max, &ns));

	/* A minimum: 1 ns, as mcast-recv asks for its timeout. */
	assert_err(parse_duration("0", 1, max, &ns));
	assert_err(parse_duration("0.0", 1, max, &ns));
	assert_err(parse_duration("0.0000000009", 1, max, &ns));
	assert_ok(parse_duration("0.000000001", 1, max, &ns));
	assert_int_equal(ns, 1);

	/* Other bounds: below a second, and exactly one value. */
	assert_ok(parse_duration("0.5", 0, 500000000, &ns));
	assert_int_equal(ns, 500000000);
	assert_err(parse_duration("0.500000001", 0, 500000000, &ns));
	assert_err(parse_duration("1", 0, 500000000, &ns));
	assert_err(parse_duration("10", 0, 500000000, &ns));
	assert_err(parse_duration("0.25", 300000000, 500000000, &ns));
	assert_ok(parse_duration("0.3", 300000000, 500000000, &ns));
	assert_int_equal(ns, 300000000);
	assert_ok(parse_duration("2", NS_PER_SEC * 2, NS_PER_SEC * 2, &ns));
	assert_int_equal(ns, NS_PER_SEC * 2);
	assert_err(parse_duration("1.999999999", NS_PER_SEC * 2,
	    NS_PER_SEC * 2, &ns));
	assert_err(parse_duration("2.000000001", NS_PER_SEC * 2,
	    NS_PER_SEC * 2, &ns));
	assert_ok(parse_duration("0", 0, 0, &ns));
	assert_int_equal(ns, 0);
	assert_err(parse_duration("0.000000001", 0, 0, &ns));
}

/*
 * The widest range a caller can ask for.  The largest value is INT64_MAX ns
 * (9223372036.854775807 s); the next nanosecond must be refused, not wrap.
 */
static void
test_parse_duration_int64_edge(void **state)
{
	int64_t ns = 0;

	(void)state;
	assert_ok(parse_duration("9223372036.854775807", 0, INT64_MAX, &ns));
	assert_true(ns == INT64_MAX);
	assert_ok(parse_duration("9223372036", 0, INT64_MAX, &ns));
	assert_true(ns == 9223372036000000000LL);
	assert_err(parse_duration("9223372037", 0, INT64_MAX, &ns));
	assert_err(parse_duration("9223372036.854775808", 0, INT64_MAX, &ns));
	assert_err(parse_duration("9223372036.999999999", 0, INT64_MAX, &ns));
	assert_err(parse_duration("92233720369", 0, INT64_MAX, &ns));
}

/*
 * The same with no lower bound: a value above max_ns must still be refused
 * (the result lies in [min_ns, max_ns] and is the value written).
 */
static void
test_parse_duration_int64_edge_no_min(void **state)
{
	int64_t ns = 0;

	(void)state;
	assert_ok(parse_duration("9223372036.854775807", INT64_MIN, INT64_MAX,
	    &ns));
	assert_true(ns == INT64_MAX);
	ns = 0;
	assert_err(parse_duration("9223372036.854775808", INT64_MIN,
	    INT64_MAX, &ns));
	assert_err(parse_duration("9223372036.999999999", INT64_MIN,
	    INT64_MAX, &ns));
}

/* ---- parse_group ---- */

/* A scope buffer of IF_NAMESIZE bytes followed by guard bytes. */
struct scopebuf {
	char s[IF_NAMESIZE];
	char guard[16];
};

static void
scope_init(struct scopebuf *sb)
{
	memset(sb, 'Z', sizeof(*sb));
}

static void
scope_guard_intact(const struct scopebuf *sb)
{
	size_t i;

	for (i = 0; i < sizeof(sb->guard); i++)
		assert_int_equal(sb->guard[i], 'Z');
}

/* Check that g is the IPv4 group text with port 0. */
static void
assert_group4(const struct sockaddr_storage *g, const char *text)
{
	const struct sockaddr_in *sin = (const void *)g;
	struct in_addr want;

	assert_int_equal(inet_pton(AF_INET, text, &want), 1);
	assert_int_equal(g->ss_family, AF_INET);
	assert_int_equal(sin->sin_addr.s_addr, want.s_addr);
	assert_int_equal(sin->sin_port, 0);
}

static void
assert_group6(const struct sockaddr_storage *g, const char *text)
{
	const struct sockaddr_in6 *sin6 = (const void *)g;
	struct in6_addr want;

	assert_int_equal(inet_pton(AF_INET6, text, &want), 1);
	assert_int_equal(g->ss_family, AF_INET6);
	assert_memory_equal(&sin6->sin6_addr, &want, sizeof(want));
	assert_int_equal(sin6->sin6_port, 0);
}

static void
test_parse_group_ipv4(void **state)
{
	struct sockaddr_storage g;
	struct scopebuf sb;
	static const char *const good[] = {
		"224.0.0.0", "224.0.0.1", "224.3.29.71", "239.255.255.255",
		"232.1.2.3", "239.1.1.1",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		memset(&g, 0xa5, sizeof(g));
		scope_init(&sb);
		assert_ok(parse_group(good[i], AF_UNSPEC, &g, sb.s));
		assert_group4(&g, good[i]);
		assert_string_equal(sb.s, "");
		scope_guard_intact(&sb);

		scope_init(&sb);
		assert_ok(parse_group(good[i], AF_INET, &g, sb.s));
		assert_group4(&g, good[i]);
		assert_string_equal(sb.s, "");
	}
}

static void
test_parse_group_ipv4_not_multicast(void **state)
{
	struct sockaddr_storage g;
	char scope[IF_NAMESIZE];

	(void)state;
	assert_err(parse_group("223.255.255.255", AF_UNSPEC, &g, scope));
	assert_err(parse_group("240.0.0.0", AF_UNSPEC, &g, scope));
	assert_err(parse_group("255.255.255.255", AF_UNSPEC, &g, scope));
	assert_err(parse_group("0.0.0.0", AF_UNSPEC, &g, scope));
	assert_err(parse_group("127.0.0.1", AF_UNSPEC, &g, scope));
	assert_err_has(parse_group("10.0.0.1", AF_UNSPEC, &g, scope),
	    "multicast");
	assert_err_has(parse_group("10.0.0.1", AF_INET, &g, scope),
	    "multicast");
	assert_err_has(parse_group("223.255.255.255", AF_INET, &g, scope),
	    "multicast");
}

static void
test_parse_group_ipv6(void **state)
{
	struct sockaddr_storage g;
	struct scopebuf sb;
	static const char *const good[] = {
		"ff02::1", "ff00::", "ff05::1:3", "ff3e::8000:1",
		"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
		"ff02:0000:0000:0000:0000:0000:0000:0001",
		/* 45 characters: the longest text inet_pton takes. */
		"ff02:0000:0000:0000:0000:0000:255.255.255.255",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		memset(&g, 0xa5, sizeof(g));
		scope_init(&sb);
		assert_ok(parse_group(good[i], AF_UNSPEC, &g, sb.s));
		assert_group6(&g, good[i]);
		assert_string_equal(sb.s, "");
		scope_guard_intact(&sb);

		scope_init(&sb);
		assert_ok(parse_group(good[i], AF_INET6, &g, sb.s));
		assert_group6(&g, good[i]);
		assert_string_equal(sb.s, "");
	}
	assert_err_has(parse_group("2001:db8::1", AF_UNSPEC, &g, sb.s),
	    "multicast");
	assert_err_has(parse_group("2001:db8::1", AF_INET6, &g, sb.s),
	    "multicast");
	assert_err(parse_group("fe80::1", AF_UNSPEC, &g, sb.s));
	assert_err(parse_group("::1", AF_UNSPEC, &g, sb.s));
	assert_err(parse_group("::", AF_UNSPEC, &g, sb.s));
	assert_err(parse_group("feff:ffff::1", AF_UNSPEC, &g, sb.s));
	/* An IPv4 group mapped into IPv6 is not in ff00::/8. */
	assert_err(parse_group("::ffff:224.0.0.1", AF_UNSPEC, &g, sb.s));
}

static void
test_parse_group_scope(void **state)
{
	struct sockaddr_storage g;
	struct scopebuf sb;

	(void)state;
	scope_init(&sb);
	assert_ok(parse_group("ff02::1%eth0", AF_UNSPEC, &g, sb.s));
	assert_group6(&g, "ff02::1");
	assert_string_equal(sb.s, "eth0");
	scope_guard_intact(&sb);

	scope_init(&sb);
	assert_ok(parse_group("ff02::1%lo", AF_INET6, &g, sb.s));
	assert_group6(&g, "ff02::1");
	assert_string_equal(sb.s, "lo");

	scope_init(&sb);
	assert_ok(parse_group("ff02::1%2", AF_UNSPEC, &g, sb.s));
	assert_string_equal(sb.s, "2");

	/* The longest scope that fits IF_NAMESIZE bytes, and one more. */
	scope_init(&sb);
	assert_ok(parse_group("ff02::1%abcdefghijklmno", AF_UNSPEC, &g, sb.s));
	assert_string_equal(sb.s, "abcdefghijklmno");
	scope_guard_intact(&sb);
	scope_init(&sb);
	assert_err(parse_group("ff02::1%abcdefghijklmnop", AF_UNSPEC, &g,
	    sb.s));
	scope_guard_intact(&sb);
	scope_init(&sb);
	assert_err(parse_group("ff02::1%"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    AF_UNSPEC, &g, sb.s));
	scope_guard_intact(&sb);

	/* A 45-character address and a scope. */
	scope_init(&sb);
	assert_ok(parse_group("ff02:0000:0000:0000:0000:0000:255.255.255.255"
	    "%eth0", AF_UNSPEC, &g, sb.s));
	assert_group6(&g, "ff02::ffff:ffff");
	assert_string_equal(sb.s, "eth0");

	/* Empty scope, scope alone, scope on a unicast address. */
	assert_err(parse_group("ff02::1%", AF_UNSPEC, &g, sb.s));
	assert_err(parse_group("%eth0", AF_UNSPEC, &g, sb.s));
	assert_err(parse_group("fe80::1%eth0", AF_UNSPEC, &g, sb.s));
	assert_err(parse_group("2001:db8::1%eth0", AF_UNSPEC, &g, sb.s));

	/* A %scope belongs to IPv6 only. */
	scope_init(&sb);
	assert_err(parse_group("224.0.0.1%eth0", AF_UNSPEC, &g, sb.s));
	scope_guard_intact(&sb);
	assert_err(parse_group("239.1.1.1%eth0", AF_INET, &g, sb.s));
	assert_err(parse_group("224.3.29.71%1", AF_UNSPEC, &g, sb.s));
}

static void
test_parse_group_family(void **state)
{
	struct sockaddr_storage g;
	char scope[IF_NAMESIZE];

	(void)state;
	assert_ok(parse_group("224.0.0.1", AF_INET, &g, scope));
	assert_int_equal(g.ss_family, AF_INET);
	assert_ok(parse_group("ff02::1", AF_INET6, &g, scope));
	assert_int_equal(g.ss_family, AF_INET6);
	assert_err(parse_group("224.0.0.1", AF_INET6, &g, scope));
	assert_err(parse_group("239.255.255.255", AF_INET6, &g, scope));
	assert_err(parse_group("ff02::1", AF_INET, &g, scope));
	assert_err(parse_group("ff02::1%eth0", AF_INET, &g, scope));
}

static void
test_parse_group_garbage(void **state)
{
	struct sockaddr_storage g;
	char scope[IF_NAMESIZE];
	char big[1024];
	size_t i;
	static const char *const bad[] = {
		"", "foo", "multicast", "224", "224.0.0", "224.0.0.0.0",
		"224.0.0.256", "224.0.0.1.", ".224.0.0.1", " 224.0.0.1",
		"224.0.0.1 ", "224.0.0.1\n", "224.0.0.-1", "0xe0000001",
		"3758096385", "224.0.0.1:10000", "[ff02::1]", "ff02::1::1",
		"ff02:::1", "gg02::1", "ff02::1/8", "224.0.0.0/4",
		"ff02::1 %eth0", "::ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff:1",
	};

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse_group(bad[i], AF_UNSPEC, &g, scope) == NULL)
			fail_msg("parse_group(\"%s\") accepted", bad[i]);
	}

	/* Overlong: far past any address, with and without a scope. */
	memset(big, '1', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_err(parse_group(big, AF_UNSPEC, &g, scope));
	memset(big, 'f', sizeof(big) - 1);
	assert_err(parse_group(big, AF_UNSPEC, &g, scope));
	/* Nine groups, 44 characters: short enough, but no address. */
	assert_err(parse_group("ff02:0000:0000:0000:0000:0000:0000:0000:0001",
	    AF_UNSPEC, &g, scope));
	memcpy(big, "ff02::1", 7);
	memset(big + 7, ':', 200);
	strcpy(big + 207, "%eth0");
	assert_err(parse_group(big, AF_UNSPEC, &g, scope));
	memset(big, 'f', 600);
	big[600] = '%';
	memset(big + 601, 'e', 300);
	big[901] = '\0';
	assert_err(parse_group(big, AF_UNSPEC, &g, scope));
}

/* ---- parse_group_range, group_nth ---- */

/* group_nth must give the i-th group from first as text. */
static void
assert_nth(const struct sockaddr_storage *first, uint32_t i, const char *text)
{
	struct sockaddr_storage g;

	memset(&g, 0xa5, sizeof(g));
	assert_int_equal(group_nth(first, i, &g), 0);
	if (first->ss_family == AF_INET)
		assert_group4(&g, text);
	else
		assert_group6(&g, text);
}

/* group_nth must say there is no i-th group, and leave out alone. */
static void
assert_no_nth(const struct sockaddr_storage *first, uint32_t i)
{
	struct sockaddr_storage g, was;

	memset(&g, 0xa5, sizeof(g));
	memcpy(&was, &g, sizeof(g));
	assert_int_equal(group_nth(first, i, &g), -1);
	assert_memory_equal(&g, &was, sizeof(g));
}

static void
test_parse_group_range_ipv4(void **state)
{
	struct sockaddr_storage first;
	struct scopebuf sb;
	uint32_t n;

	(void)state;
	/* Across an octet: .254, .255, then 239.1.2.0 and .1. */
	n = 0;
	scope_init(&sb);
	assert_ok(parse_group_range("239.1.1.254+4", AF_UNSPEC, &first, &n,
	    sb.s));
	assert_int_equal(n, 4);
	assert_string_equal(sb.s, "");
	scope_guard_intact(&sb);
	assert_group4(&first, "239.1.1.254");
	assert_nth(&first, 0, "239.1.1.254");
	assert_nth(&first, 1, "239.1.1.255");
	assert_nth(&first, 2, "239.1.2.0");
	assert_nth(&first, 3, "239.1.2.1");

	/* The end of 224.0.0.0/4: up to 239.255.255.255, not past it. */
	assert_ok(parse_group_range("239.255.255.254+2", AF_INET, &first, &n,
	    sb.s));
	assert_int_equal(n, 2);
	assert_nth(&first, 1, "239.255.255.255");
	assert_no_nth(&first, 2);
	assert_err_has(parse_group_range("239.255.255.254+3", AF_INET, &first,
	    &n, sb.s), "past the end");
	assert_ok(parse_group_range("239.255.255.255+1", AF_UNSPEC, &first,
	    &n, sb.s));
	assert_int_equal(n, 1);
	assert_nth(&first, 0, "239.255.255.255");
	assert_no_nth(&first, 1);
	assert_no_nth(&first, UINT32_MAX);
	assert_err_has(parse_group_range("239.255.255.255+2", AF_UNSPEC,
	    &first, &n, sb.s), "past the end");

	/* From the start of the range: all of it, and no wrap past 2^32. */
	assert_ok(parse_group_range("224.0.0.0", AF_UNSPEC, &first, &n, sb.s));
	assert_nth(&first, 0x0fffffff, "239.255.255.255");
	assert_no_nth(&first, 0x10000000);
	assert_no_nth(&first, 0x20000000);	/* 0.0.0.0, after a wrap */
	assert_no_nth(&first, UINT32_MAX);
}

static void
test_parse_group_range_ipv6(void **state)
{
	struct sockaddr_storage first, g;
	const struct sockaddr_in6 *sin6 = (const void *)&g;
	struct scopebuf sb;
	uint32_t n;

	(void)state;
	/* Counting carries from one 16-bit group to the next... */
	assert_ok(parse_group_range("ff05::1:ffff+3", AF_UNSPEC, &first, &n,
	    sb.s));
	assert_int_equal(n, 3);
	assert_nth(&first, 0, "ff05::1:ffff");
	assert_nth(&first, 1, "ff05::2:0");
	assert_nth(&first, 2, "ff05::2:1");
	assert_ok(parse_group_range("ff05::ff:ffff+2", AF_INET6, &first, &n,
	    sb.s));
	assert_nth(&first, 1, "ff05::100:0");

	/* ... but never out of the last 32 bits. */
	assert_ok(parse_group_range("ff05::ffff:fffe+2", AF_UNSPEC, &first,
	    &n, sb.s));
	assert_int_equal(n, 2);
	assert_nth(&first, 1, "ff05::ffff:ffff");
	assert_no_nth(&first, 2);
	assert_no_nth(&first, UINT32_MAX);
	assert_err_has(parse_group_range("ff05::ffff:ffff+2", AF_UNSPEC,
	    &first, &n, sb.s), "past the end");
	assert_err(parse_group_range("ff05::1:0:ffff:ffff+2", AF_UNSPEC,
	    &first, &n, sb.s));
	assert_err(parse_group_range("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff+2",
	    AF_UNSPEC, &first, &n, sb.s));

	/* The scope comes with the range; on an error it is empty. */
	scope_init(&sb);
	assert_ok(parse_group_range("ff02::1%eth0+3", AF_UNSPEC, &first, &n,
	    sb.s));
	assert_int_equal(n, 3);
	assert_string_equal(sb.s, "eth0");
	assert_group6(&first, "ff02::1");
	scope_init(&sb);
	assert_err(parse_group_range("ff02::1%eth0+0", AF_UNSPEC, &first, &n,
	    sb.s));
	assert_string_equal(sb.s, "");
	scope_init(&sb);
	assert_err(parse_group_range("ff02::ffff:ffff%eth0+2", AF_UNSPEC,
	    &first, &n, sb.s));
	assert_string_equal(sb.s, "");

	/* Port and scope id are first's. */
	assert_ok(parse_group_range("ff02::1+3", AF_UNSPEC, &first, &n, sb.s));
	((struct sockaddr_in6 *)(void *)&first)->sin6_port = htons(4000);
	((struct sockaddr_in6 *)(void *)&first)->sin6_scope_id = 7;
	assert_int_equal(group_nth(&first, 2, &g), 0);
	assert_int_equal(ntohs(sin6->sin6_port), 4000);
	assert_int_equal(sin6->sin6_scope_id, 7);
	assert_int_equal(sin6->sin6_addr.s6_addr[15], 3);
}

static void
test_parse_group_range_count(void **state)
{
	struct sockaddr_storage first;
	char scope[IF_NAMESIZE];
	uint32_t n;

	(void)state;
	/* N = 1, written or not. */
	n = 7;
	assert_ok(parse_group_range("239.1.1.1+1", AF_UNSPEC, &first, &n,
	    scope));
	assert_int_equal(n, 1);
	n = 7;
	assert_ok(parse_group_range("239.1.1.1", AF_UNSPEC, &first, &n,
	    scope));
	assert_int_equal(n, 1);
	assert_group4(&first, "239.1.1.1");

	/* N = 65536, the most. */
	assert_ok(parse_group_range("239.1.0.0+65536", AF_UNSPEC, &first, &n,
	    scope));
	assert_int_equal(n, 65536);
	assert_nth(&first, 65535, "239.1.255.255");
	assert_ok(parse_group_range("ff15::+65536", AF_UNSPEC, &first, &n,
	    scope));
	assert_int_equal(n, 65536);
	assert_nth(&first, 65535, "ff15::ffff");

	/* N = 0 and N = 65537 are refused, naming the bounds. */
	assert_err_has(parse_group_range("239.1.1.1+0", AF_UNSPEC, &first, &n,
	    scope), "1..65536");
	assert_err_has(parse_group_range("239.1.1.1+65537", AF_UNSPEC, &first,
	    &n, scope), "1..65536");
	assert_err_has(parse_group_range("ff15::+65537", AF_UNSPEC, &first,
	    &n, scope), "1..65536");
	assert_err(parse_group_range("239.1.1.1+4294967297", AF_UNSPEC,
	    &first, &n, scope));

	/* Not a count, or not a group before it. */
	assert_err(parse_group_range("239.1.1.1+", AF_UNSPEC, &first, &n,
	    scope));
	assert_err(parse_group_range("239.1.1.1+-1", AF_UNSPEC, &first, &n,
	    scope));
	assert_err(parse_group_range("239.1.1.1+2x", AF_UNSPEC, &first, &n,
	    scope));
	assert_err(parse_group_range("239.1.1.1+ 2", AF_UNSPEC, &first, &n,
	    scope));
	assert_err(parse_group_range("239.1.1.1++2", AF_UNSPEC, &first, &n,
	    scope));
	assert_err(parse_group_range("+2", AF_UNSPEC, &first, &n, scope));
	assert_err(parse_group_range("10.0.0.1+2", AF_UNSPEC, &first, &n,
	    scope));
	assert_err(parse_group_range("ff05::1+2", AF_INET, &first, &n, scope));
	assert_err(parse_group_range("239.1.1.1+2", AF_INET6, &first, &n,
	    scope));
}

/* group_nth counts groups only. */
static void
test_group_nth_not_a_group(void **state)
{
	struct sockaddr_storage a;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.ss_family = AF_UNSPEC;
	assert_no_nth(&a, 0);
	assert_ok(parse_source("10.0.0.1", AF_UNSPEC, &a));
	assert_no_nth(&a, 0);
	assert_ok(parse_source("2001:db8::1", AF_UNSPEC, &a));
	assert_no_nth(&a, 0);
	/* 224.0.0.0 lies 1 past it, but 223.255.255.255 is not a group. */
	assert_ok(parse_source("223.255.255.255", AF_UNSPEC, &a));
	assert_no_nth(&a, 1);
}

/* ---- range_overlap ---- */

/* Whether "A" (n groups) and "B" (m groups) overlap, scope ids sa, sb. */
static int
overlap(const char *a, uint32_t n, unsigned int sa, const char *b,
    uint32_t m, unsigned int sb)
{
	struct sockaddr_storage x, y;
	char scope[IF_NAMESIZE];

	assert_ok(parse_group(a, AF_UNSPEC, &x, scope));
	assert_ok(parse_group(b, AF_UNSPEC, &y, scope));
	if (x.ss_family == AF_INET6)
		((struct sockaddr_in6 *)(void *)&x)->sin6_scope_id = sa;
	if (y.ss_family == AF_INET6)
		((struct sockaddr_in6 *)(void *)&y)->sin6_scope_id = sb;
	/* The answer must not depend on the order. */
	assert_int_equal(range_overlap(&x, n, &y, m),
	    range_overlap(&y, m, &x, n));
	return range_overlap(&x, n, &y, m);
}

static void
test_range_overlap_ipv4(void **state)
{
	(void)state;
	assert_true(overlap("239.1.1.1", 1, 0, "239.1.1.1", 1, 0));
	assert_true(overlap("239.1.1.1", 4, 0, "239.1.1.2", 1, 0));
	assert_true(overlap("239.1.1.1", 4, 0, "239.1.1.4", 1, 0));
	assert_false(overlap("239.1.1.1", 4, 0, "239.1.1.5", 1, 0));
	assert_false(overlap("239.1.1.1", 1, 0, "239.1.1.2", 1, 0));
	assert_true(overlap("239.1.1.1", 10, 0, "239.1.1.9", 10, 0));
	assert_false(overlap("239.1.1.1", 8, 0, "239.1.1.9", 8, 0));
	/* Ranges count through octets: 239.1.1.255+2 holds 239.1.2.0. */
	assert_true(overlap("239.1.1.255", 2, 0, "239.1.2.0", 1, 0));
	assert_false(overlap("239.1.1.255", 1, 0, "239.1.2.0", 1, 0));
	/* The largest ranges, at the top of the space: no overflow. */
	assert_true(overlap("239.255.0.0", 65536, 0, "239.255.255.255", 1, 0));
	assert_false(overlap("239.254.0.0", 65536, 0, "239.255.0.0", 65536, 0));
	/* No groups, no overlap. */
	assert_false(overlap("239.1.1.1", 0, 0, "239.1.1.1", 1, 0));
}

static void
test_range_overlap_ipv6(void **state)
{
	(void)state;
	assert_true(overlap("ff05::1", 1, 0, "ff05::1", 1, 0));
	assert_true(overlap("ff05::1", 3, 0, "ff05::3", 2, 0));
	assert_false(overlap("ff05::1", 2, 0, "ff05::3", 2, 0));
	/* Counting is in the last 32 bits: ff05::1:ffff+2 holds ff05::2:0. */
	assert_true(overlap("ff05::1:ffff", 2, 0, "ff05::2:0", 1, 0));
	/* The same last 32 bits under another prefix: other groups. */
	assert_false(overlap("ff05::1", 4, 0, "ff0e::1", 4, 0));
	assert_false(overlap("ff05::1:0:1", 4, 0, "ff05::1", 4, 0));
	/* Another scope is another interface: never the same group. */
	assert_false(overlap("ff02::1", 1, 1, "ff02::1", 1, 2));
	assert_false(overlap("ff02::1", 4, 1, "ff02::2", 4, 2));
	assert_true(overlap("ff02::1", 4, 2, "ff02::2", 4, 2));
	/* Families never overlap, even with equal last 32 bits. */
	assert_false(overlap("239.0.0.1", 1, 0, "ff00::ef00:1", 1, 0));
}

/* ---- parse_source ---- */

static void
test_parse_source(void **state)
{
	struct sockaddr_storage a;

	(void)state;
	assert_ok(parse_source("192.0.2.1", AF_UNSPEC, &a));
	assert_int_equal(a.ss_family, AF_INET);
	assert_ok(parse_source("2001:db8::1", AF_UNSPEC, &a));
	assert_int_equal(a.ss_family, AF_INET6);
	assert_ok(parse_source("0.0.0.1", AF_INET, &a));
	assert_ok(parse_source("::1", AF_INET6, &a));
	assert_err_has(parse_source("0.0.0.0", AF_UNSPEC, &a), "unspecified");
	assert_err_has(parse_source("::", AF_UNSPEC, &a), "unspecified");
	assert_err_has(parse_source("0::0", AF_INET6, &a), "unspecified");
	assert_err_has(parse_source("224.0.0.1", AF_UNSPEC, &a), "multicast");
	assert_err_has(parse_source("ff02::1", AF_UNSPEC, &a), "multicast");
	assert_err(parse_source("192.0.2.1", AF_INET6, &a));
	assert_err(parse_source("", AF_UNSPEC, &a));
	assert_err(parse_source("host.example", AF_UNSPEC, &a));
}

/* ---- parse_prefix ---- */

/* p must be the address text (either family) with length len. */
static void
assert_prefix(const struct prefix *p, const char *text, unsigned int len)
{
	unsigned char want[16];
	const void *got;
	int family = strchr(text, ':') != NULL ? AF_INET6 : AF_INET;

	assert_int_equal(inet_pton(family, text, want), 1);
	assert_int_equal(p->addr.ss_family, family);
	if (family == AF_INET)
		got = &((const struct sockaddr_in *)(const void *)&p->addr)->
		    sin_addr;
	else
		got = &((const struct sockaddr_in6 *)(const void *)&p->addr)->
		    sin6_addr;
	assert_memory_equal(got, want, family == AF_INET ? 4 : 16);
	assert_int_equal(p->len, len);
}

static void
test_parse_prefix(void **state)
{
	struct prefix p;

	(void)state;
	/* A lone address is the whole length of its family. */
	assert_ok(parse_prefix("192.0.2.1", &p));
	assert_prefix(&p, "192.0.2.1", 32);
	assert_ok(parse_prefix("2001:db8::1", &p));
	assert_prefix(&p, "2001:db8::1", 128);
	/* /0, the full lengths, lengths off the octets. */
	assert_ok(parse_prefix("0.0.0.0/0", &p));
	assert_prefix(&p, "0.0.0.0", 0);
	assert_ok(parse_prefix("::/0", &p));
	assert_prefix(&p, "::", 0);
	assert_ok(parse_prefix("192.0.2.1/32", &p));
	assert_prefix(&p, "192.0.2.1", 32);
	assert_ok(parse_prefix("2001:db8::1/128", &p));
	assert_prefix(&p, "2001:db8::1", 128);
	assert_ok(parse_prefix("10.8.0.0/13", &p));
	assert_prefix(&p, "10.8.0.0", 13);
	assert_ok(parse_prefix("2001:db8::80/121", &p));
	assert_prefix(&p, "2001:db8::80", 121);
	/* Host bits set: kept as written (prefix_match ignores them). */
	assert_ok(parse_prefix("10.1.2.3/8", &p));
	assert_prefix(&p, "10.1.2.3", 8);
	assert_ok(parse_prefix("2001:db8::1/32", &p));
	assert_prefix(&p, "2001:db8::1", 32);

	/* Lengths past the family's, with the family's bound named. */
	assert_err_has(parse_prefix("10.0.0.0/33", &p), "0..32");
	assert_err_has(parse_prefix("::/129", &p), "0..128");
	assert_err_has(parse_prefix("192.0.2.1/128", &p), "0..32");
	/* Bad strings. */
	assert_err(parse_prefix("", &p));
	assert_err(parse_prefix("/8", &p));
	assert_err(parse_prefix("10.0.0.0/", &p));
	assert_err(parse_prefix("10.0.0.0/-1", &p));
	assert_err(parse_prefix("10.0.0.0/+8", &p));
	assert_err(parse_prefix("10.0.0.0/ 8", &p));
	assert_err(parse_prefix("10.0.0.0/8 ", &p));
	assert_err(parse_prefix("10.0.0.0/8/8", &p));
	assert_err(parse_prefix("10.0.0.0/0x8", &p));
	assert_err(parse_prefix("10.0.0/8", &p));
	assert_err(parse_prefix("10.0.0.256/8", &p));
	assert_err(parse_prefix(" 10.0.0.0/8", &p));
	assert_err(parse_prefix("host.example/8", &p));
	assert_err(parse_prefix("fe80::1%eth0/64", &p));
	assert_err(parse_prefix("2001:db8:::/32", &p));
	assert_err(parse_prefix("2001:db8::/4294967296", &p));
	assert_err(parse_prefix(
	    "2001:0db8:0000:0000:0000:0000:0000:0000:0000/32", &p));
}

/* ---- parse_iface ---- */

static void
test_parse_iface_name(void **state)
{
	struct iface_spec sp;

	(void)state;
	memset(&sp, 0xa5, sizeof(sp));
	assert_ok(parse_iface("eth0", &sp));
	assert_int_equal(sp.kind, IFACE_NAME);
	assert_string_equal(sp.name, "eth0");

	assert_ok(parse_iface("lo", &sp));
	assert_int_equal(sp.kind, IFACE_NAME);
	assert_string_equal(sp.name, "lo");

	assert_ok(parse_iface("br-lan.10", &sp));
	assert_int_equal(sp.kind, IFACE_NAME);
	assert_string_equal(sp.name, "br-lan.10");

	/* IF_NAMESIZE - 1 characters fit; IF_NAMESIZE do not. */
	assert_ok(parse_iface("abcdefghijklmno", &sp));
	assert_int_equal(sp.kind, IFACE_NAME);
	assert_string_equal(sp.name, "abcdefghijklmno");
	assert_err(parse_iface("abcdefghijklmnop", &sp));
	assert_err(parse_iface("a-very-long-interface-name-indeed", &sp));

	assert_err(parse_iface("eth/0", &sp));
	assert_err(parse_iface("/", &sp));
	assert_err(parse_iface("../eth0", &sp));
	assert_err(parse_iface("eth 0", &sp));
	assert_err(parse_iface("eth0\n", &sp));
	assert_err(parse_iface("", &sp));
}

static void
test_parse_iface_index(void **state)
{
	struct iface_spec sp;

	(void)state;
	memset(&sp, 0xa5, sizeof(sp));
	assert_ok(parse_iface("3", &sp));
	assert_int_equal(sp.kind, IFACE_INDEX);
	assert_int_equal(sp.index, 3);
	assert_ok(parse_iface("1", &sp));
	assert_int_equal(sp.kind, IFACE_INDEX);
	assert_int_equal(sp.index, 1);
	assert_ok(parse_iface("4294967295", &sp));
	assert_int_equal(sp.kind, IFACE_INDEX);
	assert_int_equal(sp.index, UINT_MAX);
	assert_err(parse_iface("0", &sp));
	assert_err(parse_iface("4294967296", &sp));
	assert_err(parse_iface("99999999999999999999999", &sp));
}

static void
test_parse_iface_addr(void **state)
{
	struct iface_spec sp;
	const struct sockaddr_in *sin = (const void *)&sp.addr;
	const struct sockaddr_in6 *sin6 = (const void *)&sp.addr;

	(void)state;
	memset(&sp, 0xa5, sizeof(sp));
	assert_ok(parse_iface("127.0.0.1", &sp));
	assert_int_equal(sp.kind, IFACE_ADDR);
	assert_int_equal(sp.addr.ss_family, AF_INET);
	assert_int_equal(ntohl(sin->sin_addr.s_addr), 0x7f000001);

	memset(&sp, 0xa5, sizeof(sp));
	assert_ok(parse_iface("192.0.2.7", &sp));
	assert_int_equal(sp.kind, IFACE_ADDR);
	assert_int_equal(sp.addr.ss_family, AF_INET);
	assert_int_equal(ntohl(sin->sin_addr.s_addr), 0xc0000207);

	memset(&sp, 0xa5, sizeof(sp));
	assert_ok(parse_iface("::1", &sp));
	assert_int_equal(sp.kind, IFACE_ADDR);
	assert_int_equal(sp.addr.ss_family, AF_INET6);
	assert_true(IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr));

	assert_ok(parse_iface("fe80::1", &sp));
	assert_int_equal(sp.kind, IFACE_ADDR);
	assert_int_equal(sp.addr.ss_family, AF_INET6);

	assert_err_has(parse_iface("224.0.0.1", &sp), "multicast");
	assert_err_has(parse_iface("239.255.255.255", &sp), "multicast");
	assert_err_has(parse_iface("ff02::1", &sp), "multicast");
}

static void
test_parse_bits(void **state)
{
	uint64_t v = 7;

	(void)state;
	assert_null(parse_bits("1000", 1, 1000000000000ULL, &v));
	assert_int_equal(v, 1000);
	assert_null(parse_bits("1.5M", 1, 1000000000000ULL, &v));
	assert_int_equal(v, 1500000);
	assert_null(parse_bits("100k", 1, 1000000000000ULL, &v));
	assert_int_equal(v, 100000);
	assert_null(parse_bits("10K", 1, 1000000000000ULL, &v));
	assert_int_equal(v, 10000);
	assert_null(parse_bits("2g", 1, 1000000000000ULL, &v));
	assert_int_equal(v, 2000000000);
	assert_null(parse_bits(".5m", 1, 1000000000000ULL, &v));
	assert_int_equal(v, 500000);
	assert_null(parse_bits("1000G", 1, 1000000000000ULL, &v));
	assert_int_equal(v, 1000000000000ULL);
	v = 7;
	assert_non_null(parse_bits("1001G", 1, 1000000000000ULL, &v));
	assert_non_null(parse_bits("", 1, 10, &v));
	assert_non_null(parse_bits("M", 1, 10, &v));
	assert_non_null(parse_bits("-1M", 1, 10000000, &v));
	assert_non_null(parse_bits("1e6", 1, 10000000, &v));
	assert_non_null(parse_bits("1MM", 1, 10000000, &v));
	assert_non_null(parse_bits("1T", 1, 10000000, &v));
	assert_non_null(parse_bits("0.0001k", 1, 10000000, &v));
	assert_non_null(parse_bits("0", 1, 10000000, &v));
	assert_int_equal(v, 7);
}

static void
test_parse_pct(void **state)
{
	double p = -1;

	(void)state;
	assert_null(parse_pct("5", &p));
	assert_true(p == 5.0);
	assert_null(parse_pct("0.25", &p));
	assert_true(p > 0.2499 && p < 0.2501);
	assert_null(parse_pct("100", &p));
	assert_true(p == 100.0);
	assert_null(parse_pct("0", &p));
	assert_true(p == 0.0);
	assert_non_null(parse_pct("100.1", &p));
	assert_non_null(parse_pct("-1", &p));
	assert_non_null(parse_pct("5%", &p));
	assert_non_null(parse_pct("", &p));
}

static void
test_snmp_value(void **state)
{
	const char *snmp = "Ip: Forwarding DefaultTTL InReceives ReasmReqds "
	    "ReasmOKs ReasmFails FragOKs\n"
	    "Ip: 2 64 1234 10 4 6 0\n"
	    "Icmp: InMsgs ReasmFails\n"
	    "Icmp: 1 99\n";
	const char *snmp6 = "Ip6InReceives                   \t12\n"
	    "Ip6ReasmFails                   \t3\n"
	    "Ip6ReasmFailsX 8\n";

	(void)state;
	assert_int_equal(snmp_value(snmp, "Ip:ReasmFails"), 6);
	assert_int_equal(snmp_value(snmp, "Ip:Forwarding"), 2);
	assert_int_equal(snmp_value(snmp, "Ip:FragOKs"), 0);
	assert_int_equal(snmp_value(snmp, "Icmp:ReasmFails"), 99);
	assert_int_equal(snmp_value(snmp, "Ip:Nothing"), -1);
	assert_int_equal(snmp_value(snmp, "Udp:InDatagrams"), -1);
	assert_int_equal(snmp_value(snmp6, "Ip6ReasmFails"), 3);
	assert_int_equal(snmp_value(snmp6, "Ip6InReceives"), 12);
	assert_int_equal(snmp_value(snmp6, "Ip6Reasm"), -1);
	assert_int_equal(snmp_value("", "Ip:ReasmFails"), -1);
	/* A values line shorter than the names. */
	assert_int_equal(snmp_value("Ip: A B C\nIp: 1\n", "Ip:C"), -1);
	/* A names line with no values line after it. */
	assert_int_equal(snmp_value("Ip: A B C\n", "Ip:B"), -1);
	assert_int_equal(snmp_value("Ip: A B C", "Ip:B"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_uint_valid),
		cmocka_unit_test(test_parse_uint_syntax),
		cmocka_unit_test(test_parse_uint_overflow),
		cmocka_unit_test(test_parse_uint_bounds),
		cmocka_unit_test(test_parse_port),
		cmocka_unit_test(test_parse_ttl),
		cmocka_unit_test(test_parse_duration_valid),
		cmocka_unit_test(test_parse_duration_truncates),
		cmocka_unit_test(test_parse_duration_syntax),
		cmocka_unit_test(test_parse_duration_bounds),
		cmocka_unit_test(test_parse_duration_int64_edge),
		cmocka_unit_test(test_parse_duration_int64_edge_no_min),
		cmocka_unit_test(test_parse_group_ipv4),
		cmocka_unit_test(test_parse_group_ipv4_not_multicast),
		cmocka_unit_test(test_parse_group_ipv6),
		cmocka_unit_test(test_parse_group_scope),
		cmocka_unit_test(test_parse_group_family),
		cmocka_unit_test(test_parse_group_garbage),
		cmocka_unit_test(test_parse_group_range_ipv4),
		cmocka_unit_test(test_parse_group_range_ipv6),
		cmocka_unit_test(test_parse_group_range_count),
		cmocka_unit_test(test_group_nth_not_a_group),
		cmocka_unit_test(test_range_overlap_ipv4),
		cmocka_unit_test(test_range_overlap_ipv6),
		cmocka_unit_test(test_parse_source),
		cmocka_unit_test(test_parse_prefix),
		cmocka_unit_test(test_parse_iface_name),
		cmocka_unit_test(test_parse_iface_index),
		cmocka_unit_test(test_parse_iface_addr),
		cmocka_unit_test(test_parse_bits),
		cmocka_unit_test(test_parse_pct),
		cmocka_unit_test(test_snmp_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
