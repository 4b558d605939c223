/*
 * test_output.c: cmocka tests for the string buffer and output lines
 * (src/output.c).
 * Expected contents are written by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "output.h"

/* ---- sbuf ---- */

static void
test_sb_puts_growth(void **state)
{
	struct sbuf sb = { 0 };
	char want[1001];
	int i;

	(void)state;
	for (i = 0; i < 100; i++) {
		sb_puts(&sb, "0123456789");
		memcpy(want + i * 10, "0123456789", 10);
	}
	want[1000] = '\0';
	assert_false(sb.oom);
	assert_int_equal(sb.len, 1000);
	assert_true(sb.cap >= 1001);
	assert_int_equal(strlen(sb.p), 1000);
	assert_string_equal(sb.p, want);
	sb_free(&sb);
	assert_null(sb.p);
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.cap, 0);
}

static void
test_sb_write_growth(void **state)
{
	struct sbuf sb = { 0 };
	unsigned char want[600];
	size_t i;

	(void)state;
	/* Every byte value, NUL included, across the 256-byte mark. */
	for (i = 0; i < sizeof(want); i++)
		want[i] = (unsigned char)i;
	sb_write(&sb, want, 255);
	assert_int_equal(sb.len, 255);
	sb_write(&sb, want + 255, 1);		/* 256 bytes and the NUL */
	assert_int_equal(sb.len, 256);
	sb_write(&sb, want + 256, sizeof(want) - 256);
	assert_false(sb.oom);
	assert_int_equal(sb.len, sizeof(want));
	assert_true(sb.cap > sizeof(want));
	assert_memory_equal(sb.p, want, sizeof(want));
	assert_int_equal(sb.p[sb.len], '\0');
	/* Writing nothing changes nothing. */
	sb_write(&sb, "", 0);
	assert_int_equal(sb.len, sizeof(want));
	sb_free(&sb);
}

static void
test_sb_printf_growth(void **state)
{
	struct sbuf sb = { 0 };
	char y[101], want[400];
	int i;

	(void)state;
	memset(y, 'y', 100);
	y[100] = '\0';
	/* 250 x, then a printf that crosses 256: 100 y, "-42". */
	memset(want, 'x', 250);
	memcpy(want + 250, y, 100);
	memcpy(want + 350, "-42", 4);
	sb_printf(&sb, "%s", "");
	assert_int_equal(sb.len, 0);
	for (i = 0; i < 25; i++)
		sb_puts(&sb, "xxxxxxxxxx");
	sb_printf(&sb, "%s-%d", y, 42);
	assert_false(sb.oom);
	assert_int_equal(sb.len, 353);
	assert_string_equal(sb.p, want);

	/* Exactly to 255 then one: the NUL must still fit. */
	sb_free(&sb);
	sb_printf(&sb, "%255s", "z");
	assert_int_equal(sb.len, 255);
	sb_printf(&sb, "%c", 'q');
	assert_int_equal(sb.len, 256);
	assert_int_equal(strlen(sb.p), 256);
	assert_int_equal(sb.p[254], 'z');
	assert_int_equal(sb.p[255], 'q');
	sb_printf(&sb, "%d", 123456789);
	assert_int_equal(sb.len, 265);
	assert_string_equal(sb.p + 256, "123456789");
	sb_free(&sb);
}

static void
test_sb_reset(void **state)
{
	struct sbuf sb = { 0 };

	(void)state;
	sb_reset(&sb);			/* nothing allocated yet */
	assert_int_equal(sb.len, 0);
	sb_puts(&sb, "hello");
	sb_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.p, "");
	sb_puts(&sb, "ab");
	sb_printf(&sb, "%d", 7);
	assert_string_equal(sb.p, "ab7");
	assert_int_equal(sb.len, 3);
	sb_free(&sb);
}

static void
test_sb_grow(void **state)
{
	struct sbuf sb = { 0 };

	(void)state;
	/* Room for n bytes and the NUL, the content untouched. */
	assert_int_equal(sb_grow(&sb, 0), 0);
	assert_true(sb.cap >= 1);
	assert_int_equal(sb.len, 0);
	sb_puts(&sb, "abc");
	assert_int_equal(sb_grow(&sb, 1000), 0);
	assert_true(sb.cap >= 3 + 1000 + 1);
	assert_int_equal(sb.len, 3);
	assert_string_equal(sb.p, "abc");
	/* After a failed allocation it refuses, and writes add nothing. */
	sb.oom = 1;
	assert_int_equal(sb_grow(&sb, 0), -1);
	sb_puts(&sb, "d");
	assert_string_equal(sb.p, "abc");
	sb_reset(&sb);
	assert_int_equal(sb_grow(&sb, 0), 0);
	sb_free(&sb);
}

/*
 * A size no size_t holds fails as memory running out does, with no
 * allocation tried: the way to reach the out-of-memory paths without
 * injecting a failing allocator.
 */
static void
test_sb_grow_overflow(void **state)
{
	struct sbuf sb = { 0 };

	(void)state;
	sb_puts(&sb, "abc");
	assert_int_equal(sb_grow(&sb, SIZE_MAX), -1);
	assert_true(sb.oom);
	assert_string_equal(sb.p, "abc");
	sb_reset(&sb);
	assert_int_equal(sb_grow(&sb, SIZE_MAX - 3), -1);
	assert_true(sb.oom);
	sb_free(&sb);
}

/* A line cut short by want of memory is not written, not even in part;
 * the next line is written whole. */
static void
test_ol_end_oom(void **state)
{
	struct outline ol = { .json = 1 };
	char *p = NULL;
	size_t n = 0;
	FILE *f;

	(void)state;
	assert_non_null(f = open_memstream(&p, &n));
	ol_start(&ol, "ack");
	sb_puts(&ol.sb, ",\"seq\":1");
	assert_int_equal(sb_grow(&ol.sb, SIZE_MAX), -1);
	ol_end(&ol, f);
	assert_int_equal(fflush(f), 0);
	assert_int_equal(n, 0);
	ol_start(&ol, "ack");
	sb_puts(&ol.sb, ",\"seq\":2");
	ol_end(&ol, f);
	assert_int_equal(fclose(f), 0);
	assert_non_null(strstr(p, "\"seq\":2}\n"));
	assert_null(strstr(p, "\"seq\":1"));
	assert_int_equal(strchr(p, '\n') - p + 1, (long)n);
	free(p);
	sb_free(&ol.sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sb_puts_growth),
		cmocka_unit_test(test_sb_write_growth),
		cmocka_unit_test(test_sb_printf_growth),
		cmocka_unit_test(test_sb_reset),
		cmocka_unit_test(test_sb_grow),
		cmocka_unit_test(test_sb_grow_overflow),
		cmocka_unit_test(test_ol_end_oom),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
