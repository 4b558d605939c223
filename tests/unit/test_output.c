/*
 * test_output.c: cmocka tests for the string buffer, the JSON string
 * writer (src/output.c).  Expected strings are
 * written by hand; the JSON fuzz loop checks every result with a small
 * strict RFC 8259 / RFC 3629 reader that shares no code with src/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mcast.h"
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

/* ---- sb_escape ---- */

static void
test_sb_escape(void **state)
{
	struct sbuf sb = { 0 };
	unsigned char ff[100];
	int i;

	(void)state;
	sb_puts(&sb, "> ");
	sb_escape(&sb, "a\x01\\\"b\n", 6, 0);
	assert_string_equal(sb.p, "> a\\x01\\\\\"b\\n");
	sb_reset(&sb);
	sb_escape(&sb, "\"", 1, ESC_QUOTE);
	assert_string_equal(sb.p, "\\\"");
	/* The worst case, four bytes out for each in, past 256. */
	sb_reset(&sb);
	memset(ff, 0xff, sizeof(ff));
	sb_escape(&sb, ff, sizeof(ff), 0);
	assert_int_equal(sb.len, 400);
	for (i = 0; i < 100; i++)
		assert_memory_equal(sb.p + i * 4, "\\xff", 4);
	assert_int_equal(sb.p[400], '\0');
	sb_free(&sb);
}

/* ---- a strict JSON string reader, for checking ---- */

/*
 * Length of the well-formed UTF-8 sequence at s (RFC 3629, table 3-7 of
 * Unicode), 0 when there is none.
 */
static size_t
u8len(const unsigned char *s, size_t n)
{
	unsigned char c, lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (n == 0)
		return 0;
	c = s[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/* Code point of the well-formed sequence of len bytes at s. */
static uint32_t
u8cp(const unsigned char *s, size_t len)
{
	static const unsigned char mask[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	uint32_t cp = s[0] & mask[len];
	size_t i;

	for (i = 1; i < len; i++)
		cp = cp << 6 | (s[i] & 0x3f);
	return cp;
}

static size_t
u8put(unsigned char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Code points the writer promises never to leave raw. */
static int
must_escape(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    (cp >= 0x2028 && cp <= 0x202e);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits at j[i..i+3]: their value, or -1. */
static long
hex4(const char *j, size_t i, size_t end)
{
	long v = 0;
	size_t k;
	int h;

	if (end - i < 4)
		return -1;
	for (k = 0; k < 4; k++) {
		if ((h = hexval((unsigned char)j[i + k])) < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

/*
 * json_read: decode the JSON string literal of n bytes at j into out
 * (*outn bytes), strictly: quotes at both ends, no raw control
 * characters or unescaped quote inside, only the RFC 8259 escapes,
 * surrogates only in pairs, valid UTF-8, and none of the code points the
 * writer must escape left raw.  Returns NULL or what is wrong.
 */
static const char *
json_read(const char *j, size_t n, unsigned char *out, size_t *outn)
{
	const unsigned char *u = (const unsigned char *)j;
	size_t i, end, o = 0, l;
	long v, w;

	if (n < 2 || j[0] != '"' || j[n - 1] != '"')
		return "not quoted";
	end = n - 1;
	for (i = 1; i < end; ) {
		if (u[i] < 0x20)
			return "raw control character";
		if (u[i] == '"')
			return "unescaped quote";
		if (u[i] == '\\') {
			if (i + 1 >= end)
				return "escape runs into the closing quote";
			switch (j[i + 1]) {
			case '"': out[o++] = '"'; break;
			case '\\': out[o++] = '\\'; break;
			case '/': out[o++] = '/'; break;
			case 'b': out[o++] = '\b'; break;
			case 'f': out[o++] = '\f'; break;
			case 'n': out[o++] = '\n'; break;
			case 'r': out[o++] = '\r'; break;
			case 't': out[o++] = '\t'; break;
			case 'u':
				if ((v = hex4(j, i + 2, end)) < 0)
					return "bad \\u escape";
				if (v >= 0xdc00 && v <= 0xdfff)
					return "lone low surrogate";
				if (v >= 0xd800 && v <= 0xdbff) {
					if (end - i < 12 || j[i + 6] != '\\' ||
					    j[i + 7] != 'u' ||
					    (w = hex4(j, i + 8, end)) < 0xdc00 ||
					    w > 0xdfff)
						return "lone high surrogate";
					v = 0x10000 + ((v - 0xd800) << 10) +
					    (w - 0xdc00);
					i += 6;
				}
				o += u8put(out + o, (uint32_t)v);
				i += 4;
				break;
			default:
				return "escape not in RFC 8259";
			}
			i += 2;
			continue;
		}
		if ((l = u8len(u + i, end - i)) == 0)
			return "invalid UTF-8";
		if (must_escape(u8cp(u + i, l)))
			return "dangerous code point left raw";
		memcpy(out + o, u + i, l);
		o += l;
		i += l;
	}
	*outn = o;
	return NULL;
}

/*
 * What the writer's output must decode to: valid UTF-8 kept, each byte
 * not part of a valid sequence replaced by U+FFFD.  Returns whether the
 * input was all valid.
 */
static int
model(const unsigned char *s, size_t n, unsigned char *out, size_t *outn)
{
	size_t i = 0, o = 0, l;
	int valid = 1;

	while (i < n) {
		if ((l = u8len(s + i, n - i)) != 0) {
			memcpy(out + o, s + i, l);
			o += l;
			i += l;
		} else {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			valid = 0;
		}
	}
	*outn = o;
	return valid;
}

/* sb_json_str of n bytes at s must be strict JSON meaning what model says. */
static void
check_json(const void *s, size_t n)
{
	struct sbuf sb = { 0 };
	unsigned char *got, *want;
	size_t gotn, wantn;
	const char *why;
	int valid, ret;

	got = malloc(n * 3 + 1);
	want = malloc(n * 3 + 1);
	assert_non_null(got);
	assert_non_null(want);
	ret = sb_json_str(&sb, s, n);
	assert_false(sb.oom);
	assert_int_equal(strlen(sb.p), sb.len);
	if ((why = json_read(sb.p, sb.len, got, &gotn)) != NULL)
		fail_msg("%s: %s", why, sb.p);
	valid = model(s, n, want, &wantn);
	assert_int_equal(ret, valid);
	assert_int_equal(gotn, wantn);
	assert_memory_equal(got, want, wantn);
	sb_free(&sb);
	free(got);
	free(want);
}

/* sb_json_str of n bytes must give exactly want and return ret. */
static void
json_is(const void *s, size_t n, const char *want, int ret)
{
	struct sbuf sb = { 0 };

	assert_int_equal(sb_json_str(&sb, s, n), ret);
	assert_string_equal(sb.p, want);
	assert_int_equal(sb.len, strlen(want));
	sb_free(&sb);
	check_json(s, n);
}

#define JSON_IS(lit, want, ret)	json_is(lit, sizeof(lit) - 1, want, ret)

/* ---- sb_json_str ---- */

static void
test_json_ascii(void **state)
{
	(void)state;
	JSON_IS("", "\"\"", 1);
	JSON_IS("hello, world", "\"hello, world\"", 1);
	JSON_IS(" ~{}[]:/", "\" ~{}[]:/\"", 1);
	JSON_IS("a\"b", "\"a\\\"b\"", 1);
	JSON_IS("a\\b", "\"a\\\\b\"", 1);
	JSON_IS("\"\\\"", "\"\\\"\\\\\\\"\"", 1);
}

static void
test_json_controls(void **state)
{
	(void)state;
	JSON_IS("\n", "\"\\n\"", 1);
	JSON_IS("\r", "\"\\r\"", 1);
	JSON_IS("\t", "\"\\t\"", 1);
	JSON_IS("a\r\nb\tc", "\"a\\r\\nb\\tc\"", 1);
	JSON_IS("\x01", "\"\\u0001\"", 1);
	JSON_IS("\x1f", "\"\\u001f\"", 1);
	JSON_IS("\x1b[31m", "\"\\u001b[31m\"", 1);
	JSON_IS("\x7f", "\"\\u007f\"", 1);
	JSON_IS("a\0b", "\"a\\u0000b\"", 1);
	JSON_IS("\0", "\"\\u0000\"", 1);
	/* \b and \f: either spelling is JSON; the reader checks meaning. */
	check_json("\b\f\x0b", 3);
}

static void
test_json_utf8(void **state)
{
	(void)state;
	JSON_IS("caf\xc3\xa9", "\"caf\xc3\xa9\"", 1);		/* é */
	JSON_IS("\xe2\x82\xac", "\"\xe2\x82\xac\"", 1);		/* € */
	JSON_IS("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"", 1);	/* 😀 */
	JSON_IS("\xc2\xa0", "\"\xc2\xa0\"", 1);		/* NBSP, not C1 */
	JSON_IS("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"", 1);	/* U+10FFFF */
	JSON_IS("\xef\xbf\xbd", "\"\xef\xbf\xbd\"", 1);		/* U+FFFD */
}

static void
test_json_dangerous(void **state)
{
	(void)state;
	/* Valid UTF-8, so 1, but escaped. */
	JSON_IS("\xc2\x85", "\"\\u0085\"", 1);			/* NEL */
	JSON_IS("\xc2\x80", "\"\\u0080\"", 1);
	JSON_IS("\xc2\x9f", "\"\\u009f\"", 1);
	JSON_IS("a\xe2\x80\xae" "b", "\"a\\u202eb\"", 1);	/* RLO */
	JSON_IS("\xe2\x80\xa8", "\"\\u2028\"", 1);		/* LS */
	JSON_IS("\xe2\x80\xa9", "\"\\u2029\"", 1);		/* PS */
	JSON_IS("\xe2\x80\xaa", "\"\\u202a\"", 1);		/* LRE */
}

static void
test_json_invalid(void **state)
{
	(void)state;
	JSON_IS("\xff", "\"\\ufffd\"", 0);
	JSON_IS("a\xff" "b", "\"a\\ufffdb\"", 0);
	JSON_IS("\xfe\xff", "\"\\ufffd\\ufffd\"", 0);
	JSON_IS("\x80", "\"\\ufffd\"", 0);			/* lone tail */
	/* Truncated €, then ASCII: each byte on its own. */
	JSON_IS("\xe2\x82" "x", "\"\\ufffd\\ufffdx\"", 0);
	JSON_IS("\xe2\x82", "\"\\ufffd\\ufffd\"", 0);		/* at the end */
	/* Overlong "/", surrogate U+D800, above U+10FFFF. */
	JSON_IS("\xc0\xaf", "\"\\ufffd\\ufffd\"", 0);
	JSON_IS("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"", 0);
	JSON_IS("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"", 0);
	/* Valid after invalid is kept. */
	JSON_IS("\xff\xc3\xa9", "\"\\ufffd\xc3\xa9\"", 0);
}

static void
test_json_appends(void **state)
{
	struct sbuf sb = { 0 };

	(void)state;
	sb_puts(&sb, "{\"name\":");
	assert_int_equal(sb_json_str(&sb, "rx", 2), 1);
	sb_puts(&sb, "}");
	assert_string_equal(sb.p, "{\"name\":\"rx\"}");
	sb_free(&sb);
}

/* xorshift64: a fixed, repeatable stream. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Append one random piece, valid or not, to b at *n. */
static void
piece(unsigned char *b, size_t *n, uint64_t *s)
{
	static const char *const odd[] = {
		"\"", "\\", "\\u", "\n", "\x7f", "\0", "\xc2\x85", "\xe2\x80\xae",
		"\xe2\x80\xa8", "\xef\xbb\xbf", "\xe2\x81\xa6", "\xc0\xaf",
		"\xed\xa0\x80", "\xed\xbf\xbf", "\xf4\x90\x80\x80", "\xf8\x88",
		"\xe0\x80\xaf", "\xf0\x80\x80\xaf", "\xc3", "\xe2\x82",
		"\xf0\x9f\x98",
	};
	uint32_t cp;
	size_t k;

	switch (rnd(s) % 7) {
	case 0:		/* any byte */
		b[(*n)++] = (unsigned char)rnd(s);
		break;
	case 1:		/* ASCII, controls included */
		b[(*n)++] = (unsigned char)(rnd(s) % 0x80);
		break;
	case 2:		/* valid two-byte */
		*n += u8put(b + *n, (uint32_t)(0x80 + rnd(s) % 0x780));
		break;
	case 3:		/* valid three-byte, no surrogates */
		do
			cp = (uint32_t)(0x800 + rnd(s) % 0xf800);
		while (cp >= 0xd800 && cp <= 0xdfff);
		*n += u8put(b + *n, cp);
		break;
	case 4:		/* valid four-byte */
		*n += u8put(b + *n, (uint32_t)(0x10000 + rnd(s) % 0x100000));
		break;
	case 5:		/* a valid sequence cut short */
		k = u8put(b + *n, (uint32_t)(0x80 + rnd(s) % 0x10ff80));
		if (k > 1)
			k = 1 + rnd(s) % (k - 1);
		*n += k;
		break;
	default:	/* something awkward */
		k = rnd(s) % (sizeof(odd) / sizeof(odd[0]));
		if (odd[k][0] == '\0') {
			b[(*n)++] = 0;
		} else {
			memcpy(b + *n, odd[k], strlen(odd[k]));
			*n += strlen(odd[k]);
		}
		break;
	}
}

static void
test_json_fuzz(void **state)
{
	unsigned char b[64 * 4];
	uint64_t s = 0x2545f4914f6cdd1dULL;
	size_t n, i, pieces;
	int k;

	(void)state;
	for (k = 0; k < 5000; k++) {
		n = 0;
		pieces = rnd(&s) % 40;
		for (i = 0; i < pieces; i++)
			piece(b, &n, &s);
		check_json(b, n);
	}
	/* And plain random bytes. */
	for (k = 0; k < 2000; k++) {
		n = rnd(&s) % 64;
		for (i = 0; i < n; i++)
			b[i] = (unsigned char)rnd(&s);
		check_json(b, n);
	}
}

/* The checker must itself reject what is not strict JSON. */
static void
test_json_checker(void **state)
{
	static const char *const bad[] = {
		"", "\"", "abc", "\"a", "a\"", "\"a\"b\"", "\"\\\"",
		"\"\\x41\"", "\"\\u12\"", "\"\\u12g4\"", "\"\\ud800\"",
		"\"\\udc00\"", "\"a\nb\"", "\"\x01\"", "\"\xff\"",
		"\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\xc2\x85\"",
		"\"\xe2\x80\xae\"", "\"\x7f\"", "\"\\'\"",
	};
	static const char *const good[] = {
		"\"\"", "\"a\"", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
		"\"\\u00e9\\ud83d\\ude00\"", "\"\xf0\x9f\x98\x80\"",
	};
	unsigned char out[64];
	size_t n, i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (json_read(bad[i], strlen(bad[i]), out, &n) == NULL)
			fail_msg("checker accepts %s", bad[i]);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_null(json_read(good[i], strlen(good[i]), out, &n));
	/* "\u00e9\ud83d\ude00" means é then 😀. */
	assert_null(json_read(good[3], strlen(good[3]), out, &n));
	assert_int_equal(n, 6);
	assert_memory_equal(out, "\xc3\xa9\xf0\x9f\x98\x80", 6);
}

/* ---- sb_hex ---- */

static void
test_sb_hex(void **state)
{
	static const unsigned char b[] = { 0x00, 0x01, 0x7f, 0x80, 0xab, 0xff };
	struct sbuf sb = { 0 };
	unsigned char big[200];
	size_t i;

	(void)state;
	sb_hex(&sb, b, 0);
	assert_int_equal(sb.len, 0);
	sb_hex(&sb, b, sizeof(b));
	assert_string_equal(sb.p, "00017f80abff");
	sb_puts(&sb, " ");
	sb_hex(&sb, "\x12\x34", 2);
	assert_string_equal(sb.p, "00017f80abff 1234");
	assert_int_equal(sb.len, 17);

	/* 400 digits: past the first 256 bytes. */
	sb_reset(&sb);
	for (i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(i * 0x11);
	sb_hex(&sb, big, sizeof(big));
	assert_int_equal(sb.len, 400);
	assert_int_equal(strlen(sb.p), 400);
	assert_memory_equal(sb.p, "001122334455", 12);
	/* big[15] = 0xff, big[16] = 0x10 (0x110 cut to a byte). */
	assert_memory_equal(sb.p + 30, "ff10", 4);
	/* big[199] = 199 * 0x11 = 0xd37, so 0x37. */
	assert_memory_equal(sb.p + 398, "37", 2);
	sb_free(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sb_puts_growth),
		cmocka_unit_test(test_sb_write_growth),
		cmocka_unit_test(test_sb_printf_growth),
		cmocka_unit_test(test_sb_reset),
		cmocka_unit_test(test_sb_escape),
		cmocka_unit_test(test_json_ascii),
		cmocka_unit_test(test_json_controls),
		cmocka_unit_test(test_json_utf8),
		cmocka_unit_test(test_json_dangerous),
		cmocka_unit_test(test_json_invalid),
		cmocka_unit_test(test_json_appends),
		cmocka_unit_test(test_json_checker),
		cmocka_unit_test(test_json_fuzz),
		cmocka_unit_test(test_sb_hex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
