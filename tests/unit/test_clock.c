/*
 * test_clock.c: cmocka tests for src/clock.c: RFC 3339 times and fmt_ms
 * against strings written by hand, and that poll_until never returns
 * before its deadline.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "clock.h"

/* ---- rfc3339 ---- */

static void
test_rfc3339(void **state)
{
	char buf[RFC3339_LEN];

	(void)state;
	assert_string_equal(rfc3339(0, buf, sizeof(buf)),
	    "1970-01-01T00:00:00.000000Z");
	assert_string_equal(rfc3339(1700000000123456789LL, buf, sizeof(buf)),
	    "2023-11-14T22:13:20.123456Z");
	/* Nanoseconds below a microsecond are cut, not rounded. */
	assert_string_equal(rfc3339(999999999, buf, sizeof(buf)),
	    "1970-01-01T00:00:00.999999Z");
	assert_string_equal(rfc3339(1000, buf, sizeof(buf)),
	    "1970-01-01T00:00:00.000001Z");
	/* 2000-02-29 is 946684800 + 59 days = 951782400. */
	assert_string_equal(rfc3339(951782400LL * NS_PER_SEC + 1000, buf,
	    sizeof(buf)), "2000-02-29T00:00:00.000001Z");
	/* The last second of a day. */
	assert_string_equal(rfc3339(86399LL * NS_PER_SEC, buf, sizeof(buf)),
	    "1970-01-01T23:59:59.000000Z");
	/* It returns buf. */
	assert_ptr_equal(rfc3339(0, buf, sizeof(buf)), buf);
}

static void
test_rfc3339_small_buffer(void **state)
{
	char buf[16];

	(void)state;
	memset(buf, '#', sizeof(buf));
	rfc3339(0, buf, 10);
	assert_string_equal(buf, "1970-01-0");
	assert_int_equal(buf[10], '#');
	assert_int_equal(buf[15], '#');
}

/* ---- fmt_ms ---- */

static void
test_fmt_ms(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(fmt_ms(0, buf, sizeof(buf)), "0.000");
	assert_string_equal(fmt_ms(1234567, buf, sizeof(buf)), "1.234");
	assert_string_equal(fmt_ms(999, buf, sizeof(buf)), "0.000");
	assert_string_equal(fmt_ms(1000, buf, sizeof(buf)), "0.001");
	/* Cut to the microsecond, not rounded. */
	assert_string_equal(fmt_ms(1999999, buf, sizeof(buf)), "1.999");
	assert_string_equal(fmt_ms(10000, buf, sizeof(buf)), "0.010");
	assert_string_equal(fmt_ms(1000000000, buf, sizeof(buf)),
	    "1000.000");
	assert_string_equal(fmt_ms(-1234567, buf, sizeof(buf)), "-1.234");
	assert_string_equal(fmt_ms(-1000, buf, sizeof(buf)), "-0.001");
	assert_string_equal(fmt_ms(-2500000000LL, buf, sizeof(buf)),
	    "-2500.000");
	assert_string_equal(fmt_ms(INT64_MAX, buf, sizeof(buf)),
	    "9223372036854.775");
	assert_string_equal(fmt_ms(INT64_MIN + 1, buf, sizeof(buf)),
	    "-9223372036854.775");
	assert_ptr_equal(fmt_ms(0, buf, sizeof(buf)), buf);
}

static void
test_fmt_ms_int64_min(void **state)
{
	char buf[32];

	(void)state;
	/* -9223372036854775808 ns. */
	assert_string_equal(fmt_ms(INT64_MIN, buf, sizeof(buf)),
	    "-9223372036854.775");
}

static void
test_fmt_ms_small_buffer(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, '#', sizeof(buf));
	fmt_ms(1234567, buf, 4);
	assert_string_equal(buf, "1.2");
	assert_int_equal(buf[4], '#');
}

/* ---- mono_ns, poll_until ---- */

static void
test_poll_until(void **state)
{
	int64_t t0, deadline;

	(void)state;
	/* A deadline already past: at once, and 0. */
	t0 = mono_ns();
	assert_true(t0 > 0);
	assert_int_equal(poll_until(NULL, 0, t0 - 1), 0);
	assert_int_equal(poll_until(NULL, 0, 0), 0);
	/* Rounded up to whole ms: never back before the deadline. */
	deadline = mono_ns() + 2 * NS_PER_MS + 1;
	assert_int_equal(poll_until(NULL, 0, deadline), 0);
	assert_true(mono_ns() >= deadline);
	assert_true(mono_ns() >= t0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc3339),
		cmocka_unit_test(test_rfc3339_small_buffer),
		cmocka_unit_test(test_fmt_ms),
		cmocka_unit_test(test_fmt_ms_int64_min),
		cmocka_unit_test(test_fmt_ms_small_buffer),
		cmocka_unit_test(test_poll_until),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
