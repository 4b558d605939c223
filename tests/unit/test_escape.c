/*
 * test_escape.c: cmocka tests for src/escape.c.  escape() and utf8_seq
 * against expectations checked by hand and a round trip over
 * pseudo-random bytes; the JSON string writer against strings written by
 * hand, and its fuzz loop checked with a small strict RFC 8259 / RFC 3629
 * reader that shares no code with src/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "escape.h"
#include "output.h"

/* ---- utf8_seq ---- */

static size_t
seq(const char *s, size_t n, uint32_t *cp)
{
	return utf8_seq((const unsigned char *)s, n, cp);
}

static void
test_utf8_seq_valid(void **state)
{
	uint32_t cp;

	(void)state;
	cp = 0xdead;
	assert_int_equal(seq("A", 1, &cp), 1);
	assert_int_equal(cp, 0x41);
	assert_int_equal(seq("\0", 1, &cp), 1);
	assert_int_equal(cp, 0);
	assert_int_equal(seq("\x7f", 1, &cp), 1);
	assert_int_equal(cp, 0x7f);
	assert_int_equal(seq("Ab", 2, &cp), 1);
	assert_int_equal(cp, 0x41);

	/* 2 bytes: U+0080, é U+00E9, U+07FF */
	assert_int_equal(seq("\xc2\x80", 2, &cp), 2);
	assert_int_equal(cp, 0x80);
	assert_int_equal(seq("\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(seq("\xdf\xbf", 2, &cp), 2);
	assert_int_equal(cp, 0x7ff);
	assert_int_equal(seq("\xc3\xa9xyz", 5, &cp), 2);
	assert_int_equal(cp, 0xe9);

	/* 3 bytes: U+0800, € U+20AC, U+D7FF, U+E000, U+FFFF */
	assert_int_equal(seq("\xe0\xa0\x80", 3, &cp), 3);
	assert_int_equal(cp, 0x800);
	assert_int_equal(seq("\xe2\x82\xac", 3, &cp), 3);
	assert_int_equal(cp, 0x20ac);
	assert_int_equal(seq("\xed\x9f\xbf", 3, &cp), 3);
	assert_int_equal(cp, 0xd7ff);
	assert_int_equal(seq("\xee\x80\x80", 3, &cp), 3);
	assert_int_equal(cp, 0xe000);
	assert_int_equal(seq("\xef\xbf\xbf", 3, &cp), 3);
	assert_int_equal(cp, 0xffff);

	/* 4 bytes: U+10000, U+1F600, U+10FFFF */
	assert_int_equal(seq("\xf0\x90\x80\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x10000);
	assert_int_equal(seq("\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1f600);
	assert_int_equal(seq("\xf4\x8f\xbf\xbf", 4, &cp), 4);
	assert_int_equal(cp, 0x10ffff);
	assert_int_equal(seq("\xf0\x9f\x98\x80\x80", 5, &cp), 4);
	assert_int_equal(cp, 0x1f600);
}

static void
test_utf8_seq_invalid(void **state)
{
	uint32_t cp = 0;

	(void)state;
	assert_int_equal(seq("", 0, &cp), 0);
	/* Overlong encodings. */
	assert_int_equal(seq("\xc0\x80", 2, &cp), 0);
	assert_int_equal(seq("\xc1\xbf", 2, &cp), 0);
	assert_int_equal(seq("\xc0\xaf", 2, &cp), 0);
	assert_int_equal(seq("\xe0\x80\x80", 3, &cp), 0);
	assert_int_equal(seq("\xe0\x9f\xbf", 3, &cp), 0);
	assert_int_equal(seq("\xf0\x80\x80\x80", 4, &cp), 0);
	assert_int_equal(seq("\xf0\x8f\xbf\xbf", 4, &cp), 0);
	/* Surrogates U+D800..U+DFFF. */
	assert_int_equal(seq("\xed\xa0\x80", 3, &cp), 0);
	assert_int_equal(seq("\xed\xbf\xbf", 3, &cp), 0);
	/* Above U+10FFFF, and lead bytes that can only go there. */
	assert_int_equal(seq("\xf4\x90\x80\x80", 4, &cp), 0);
	assert_int_equal(seq("\xf5\x80\x80\x80", 4, &cp), 0);
	assert_int_equal(seq("\xf7\xbf\xbf\xbf", 4, &cp), 0);
	assert_int_equal(seq("\xf8\x88\x80\x80\x80", 5, &cp), 0);
	assert_int_equal(seq("\xfc\x84\x80\x80\x80\x80", 6, &cp), 0);
	assert_int_equal(seq("\xfe", 1, &cp), 0);
	assert_int_equal(seq("\xff", 1, &cp), 0);
	/* Truncated: by n, and by a byte that is not a continuation. */
	assert_int_equal(seq("\xc3", 1, &cp), 0);
	assert_int_equal(seq("\xc3\xa9", 1, &cp), 0);
	assert_int_equal(seq("\xe2\x82", 2, &cp), 0);
	assert_int_equal(seq("\xe2\x82\xac", 2, &cp), 0);
	assert_int_equal(seq("\xf0\x9f\x98", 3, &cp), 0);
	assert_int_equal(seq("\xf0\x9f\x98\x80", 3, &cp), 0);
	assert_int_equal(seq("\xc3" "A", 2, &cp), 0);
	assert_int_equal(seq("\xe2\x82" "A", 3, &cp), 0);
	assert_int_equal(seq("\xe2" "A\xac", 3, &cp), 0);
	assert_int_equal(seq("\xf0\x9f\x98" "A", 4, &cp), 0);
	assert_int_equal(seq("\xc3\xc3\xa9", 3, &cp), 0);
	/* Lone continuation bytes. */
	assert_int_equal(seq("\x80", 1, &cp), 0);
	assert_int_equal(seq("\xbf", 1, &cp), 0);
	assert_int_equal(seq("\x80\x80", 2, &cp), 0);
}

/* ---- escape ---- */

/* escape into a generous buffer; check the returned length. */
static const char *
esc(char *dst, size_t dstlen, const char *src, size_t n, int flags)
{
	size_t r;

	memset(dst, 'Q', dstlen);
	r = escape(dst, dstlen, src, n, flags);
	assert_true(r < dstlen);
	assert_int_equal(dst[r], '\0');
	assert_int_equal(strlen(dst), r);
	return dst;
}

#define ESC(src, flags)	esc(buf, sizeof(buf), (src), sizeof(src) - 1, (flags))

static void
test_escape_plain(void **state)
{
	char buf[512];

	(void)state;
	assert_string_equal(ESC("", 0), "");
	assert_string_equal(ESC("very important data", 0),
	    "very important data");
	assert_string_equal(ESC(" !#$%&'()*+,-./0123456789:;<=>?@AZ[]^_`az{|}~",
	    0), " !#$%&'()*+,-./0123456789:;<=>?@AZ[]^_`az{|}~");
	assert_int_equal(escape(buf, sizeof(buf), "hello", 5, 0), 5);
	/* srclen counts, not the NUL: only the first 3 bytes. */
	assert_string_equal(esc(buf, sizeof(buf), "hello", 3, 0), "hel");
}

static void
test_escape_controls(void **state)
{
	char buf[512];

	(void)state;
	assert_string_equal(ESC("a\\b", 0), "a\\\\b");
	assert_string_equal(ESC("\\", 0), "\\\\");
	assert_string_equal(ESC("\\x41", 0), "\\\\x41");
	assert_string_equal(ESC("a\nb", 0), "a\\nb");
	assert_string_equal(ESC("\r\n", 0), "\\r\\n");
	assert_string_equal(ESC("\t", 0), "\\t");
	assert_string_equal(ESC("\x1b[31mred", 0), "\\x1b[31mred");
	assert_string_equal(ESC("a\0b", 0), "a\\x00b");
	assert_string_equal(ESC("\0", 0), "\\x00");
	assert_string_equal(ESC("\x7f", 0), "\\x7f");
	assert_string_equal(ESC("\x01\x07\x08\x0b\x0c\x1f", 0),
	    "\\x01\\x07\\x08\\x0b\\x0c\\x1f");
	assert_int_equal(escape(buf, sizeof(buf), "\x1b", 1, 0), 4);
}

static void
test_escape_invalid_utf8(void **state)
{
	char buf[512];

	(void)state;
	assert_string_equal(ESC("\xff", 0), "\\xff");
	assert_string_equal(ESC("\xff\xfe", 0), "\\xff\\xfe");
	assert_string_equal(ESC("\x80", 0), "\\x80");
	assert_string_equal(ESC("a\x80z", 0), "a\\x80z");
	assert_string_equal(ESC("\xc0\x80", 0), "\\xc0\\x80");
	assert_string_equal(ESC("\xe0\x80\x80", 0), "\\xe0\\x80\\x80");
	assert_string_equal(ESC("\xed\xa0\x80", 0), "\\xed\\xa0\\x80");
	assert_string_equal(ESC("\xf4\x90\x80\x80", 0),
	    "\\xf4\\x90\\x80\\x80");
	/* Truncated sequences: each byte on its own, the rest untouched. */
	assert_string_equal(ESC("\xe2\x82", 0), "\\xe2\\x82");
	assert_string_equal(ESC("\xe2\x82" "A", 0), "\\xe2\\x82A");
	assert_string_equal(ESC("\xc3", 0), "\\xc3");
	/* A broken sequence does not swallow the valid one after it. */
	assert_string_equal(ESC("\xe2\xc3\xa9", 0), "\\xe2\xc3\xa9");
	assert_string_equal(ESC("\xf0\x9f\xe2\x82\xac", 0),
	    "\\xf0\\x9f\xe2\x82\xac");
}

static void
test_escape_utf8(void **state)
{
	char buf[512];

	(void)state;
	assert_string_equal(ESC("caf\xc3\xa9", 0), "caf\xc3\xa9");
	assert_string_equal(ESC("\xe2\x82\xac" "5", 0), "\xe2\x82\xac" "5");
	assert_string_equal(ESC("\xf0\x9f\x98\x80", 0), "\xf0\x9f\x98\x80");
	assert_string_equal(ESC("\xf4\x8f\xbf\xbf", 0), "\xf4\x8f\xbf\xbf");
	assert_string_equal(ESC("\xc2\xa0", 0), "\xc2\xa0");	/* NBSP */
	assert_int_equal(escape(buf, sizeof(buf), "\xf0\x9f\x98\x80", 4, 0),
	    4);

	/* Dangerous code points: C1 controls, bidi, separators. */
	assert_string_equal(ESC("\xc2\x85", 0), "\\u0085");
	assert_string_equal(ESC("\xc2\x80", 0), "\\u0080");
	assert_string_equal(ESC("\xc2\x9b" "31m", 0), "\\u009b31m");
	assert_string_equal(ESC("\xc2\x9f", 0), "\\u009f");
	assert_string_equal(ESC("\xe2\x80\xae", 0), "\\u202e");
	assert_string_equal(ESC("abc\xe2\x80\xae" "fdp.exe", 0),
	    "abc\\u202efdp.exe");
	assert_string_equal(ESC("\xe2\x80\xad", 0), "\\u202d");
	assert_string_equal(ESC("\xe2\x80\xaa", 0), "\\u202a");
	assert_string_equal(ESC("\xe2\x80\xa8", 0), "\\u2028");
	assert_string_equal(ESC("\xe2\x80\xa9", 0), "\\u2029");
	assert_string_equal(ESC("\xe2\x81\xa6", 0), "\\u2066");
	assert_string_equal(ESC("\xe2\x81\xa9", 0), "\\u2069");
	assert_string_equal(ESC("\xe2\x80\x8f", 0), "\\u200f");
	assert_int_equal(escape(buf, sizeof(buf), "\xe2\x80\xae", 3, 0), 6);
	/* Neighbours that are harmless. */
	assert_string_equal(ESC("\xe2\x80\x94", 0), "\xe2\x80\x94");	/* — */
	assert_string_equal(ESC("\xe2\x80\xaf", 0), "\xe2\x80\xaf");
}

static void
test_escape_quote(void **state)
{
	char buf[512];

	(void)state;
	assert_string_equal(ESC("say \"hi\"", 0), "say \"hi\"");
	assert_string_equal(ESC("say \"hi\"", ESC_QUOTE), "say \\\"hi\\\"");
	assert_string_equal(ESC("\"", ESC_QUOTE), "\\\"");
	assert_string_equal(ESC("'", ESC_QUOTE), "'");
	assert_string_equal(ESC("\\\"\n", ESC_QUOTE), "\\\\\\\"\\n");
	assert_string_equal(ESC("a\x1b\"", ESC_QUOTE), "a\\x1b\\\"");
}

static void
test_escape_truncation(void **state)
{
	char buf[64];
	size_t r;

	(void)state;
	/* dstlen 0: nothing written at all. */
	memset(buf, 'Q', sizeof(buf));
	assert_int_equal(escape(buf, 0, "abc", 3, 0), 0);
	assert_int_equal(buf[0], 'Q');
	/* dstlen 1: only the NUL. */
	memset(buf, 'Q', sizeof(buf));
	assert_int_equal(escape(buf, 1, "abc", 3, 0), 0);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'Q');
	memset(buf, 'Q', sizeof(buf));
	assert_int_equal(escape(buf, 1, "", 0, 0), 0);
	assert_int_equal(buf[0], '\0');

	/* Plain text is cut to dstlen - 1 bytes. */
	assert_string_equal(esc(buf, 4, "abcdef", 6, 0), "abc");
	assert_int_equal(buf[4], 'Q');
	/* "\x1b" needs 4 bytes and the NUL. */
	assert_string_equal(esc(buf, 4, "\x1b", 1, 0), "");
	assert_string_equal(esc(buf, 5, "\x1b", 1, 0), "\\x1b");
	assert_string_equal(esc(buf, 6, "ab\x1b", 3, 0), "ab");
	assert_string_equal(esc(buf, 7, "ab\x1b", 3, 0), "ab\\x1b");
	/* Cut before the escape, not after: no smaller unit after it. */
	assert_string_equal(esc(buf, 4, "\x1b" "a", 2, 0), "");
	assert_string_equal(esc(buf, 3, "a\\", 2, 0), "a");
	assert_string_equal(esc(buf, 4, "a\\", 2, 0), "a\\\\");
	assert_string_equal(esc(buf, 2, "\n", 1, 0), "");
	assert_string_equal(esc(buf, 3, "\n", 1, 0), "\\n");
	assert_string_equal(esc(buf, 2, "\"", 1, ESC_QUOTE), "");
	assert_string_equal(esc(buf, 2, "\"", 1, 0), "\"");
	/* Multibyte characters are never split. */
	assert_string_equal(esc(buf, 2, "\xc3\xa9", 2, 0), "");
	assert_string_equal(esc(buf, 3, "\xc3\xa9", 2, 0), "\xc3\xa9");
	assert_string_equal(esc(buf, 4, "\xe2\x82\xac", 3, 0), "\xe2\x82\xac");
	assert_string_equal(esc(buf, 3, "\xe2\x82\xac", 3, 0), "");
	assert_string_equal(esc(buf, 4, "\xf0\x9f\x98\x80", 4, 0), "");
	assert_string_equal(esc(buf, 6, "a\xf0\x9f\x98\x80", 5, 0),
	    "a\xf0\x9f\x98\x80");
	assert_string_equal(esc(buf, 5, "a\xf0\x9f\x98\x80", 5, 0), "a");
	assert_string_equal(esc(buf, 6, "\xe2\x80\xae", 3, 0), "");
	assert_string_equal(esc(buf, 7, "\xe2\x80\xae", 3, 0), "\\u202e");
	assert_string_equal(esc(buf, 8, "\xff\xfe", 2, 0), "\\xff");
	assert_string_equal(esc(buf, 9, "\xff\xfe", 2, 0), "\\xff\\xfe");

	/* escape_size(n) always suffices for the worst bytes. */
	r = escape(buf, escape_size(3), "\x01\x02\x03", 3, 0);
	assert_int_equal(r, 12);
	assert_string_equal(buf, "\\x01\\x02\\x03");
	r = escape(buf, escape_size(2), "\xff\xff", 2, ESC_QUOTE);
	assert_string_equal(buf, "\\xff\\xff");
	assert_int_equal(r, 8);
}

/* ---- escape: properties over pseudo-random input ---- */

static uint64_t rng_state;

static uint32_t
rng(void)
{
	/* xorshift64*: fixed seed, the same buffers on every run. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

/* Pieces that make the interesting cases likely. */
static const char *const esc_pieces[] = {
	"\\", "\"", "\n", "\r", "\t", "\x1b", "\x7f", "a", " ",
	"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf",
	"\xc2\x85", "\xc2\x9f", "\xe2\x80\xae", "\xe2\x80\xa8", "\xe2\x81\xa6",
	"\xef\xbb\xbf", "\xe2\x80\x8e", "\xc0\x80", "\xe0\x80\x80",
	"\xed\xa0\x80", "\xf4\x90\x80\x80", "\x80", "\xbf", "\xfe", "\xff",
	"\xe2\x82", "\xf0\x9f\x98", "\xc3",
};

static size_t
fill_random(unsigned char *buf, size_t max)
{
	size_t n = 0, len = rng() % (max + 1), k;
	const char *p;

	while (n < len) {
		if (rng() % 2 == 0) {
			buf[n++] = (unsigned char)rng();
			continue;
		}
		p = esc_pieces[rng() %
		    (sizeof(esc_pieces) / sizeof(esc_pieces[0]))];
		k = strlen(p);
		if (n + k > len)
			break;
		memcpy(buf + n, p, k);
		n += k;
	}
	return n;
}

/* A hex digit as escape writes them: lowercase only. */
static int
hexdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Whether cp is one of the code points escape must not let through. */
static int
is_dangerous(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
	    cp == 0x200f ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0xfeff;
}

/*
 * Undo escape: s (n bytes) back into out.  Fails the test on anything
 * escape must not produce: a control byte, DEL, invalid UTF-8, a dangerous
 * code point left raw, an unknown or partial escape, a raw " with
 * ESC_QUOTE.  Returns the decoded length.
 */
static size_t
unescape(const char *s, size_t n, unsigned char *out, int flags)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0, k, j;
	uint32_t cp;
	int h, v;

	while (i < n) {
		if (u[i] < 0x20 || u[i] == 0x7f)
			fail_msg("raw byte 0x%02x at %zu", u[i], i);
		if (u[i] >= 0x80) {
			if ((k = utf8_seq(u + i, n - i, &cp)) == 0)
				fail_msg("invalid UTF-8 at %zu", i);
			if (is_dangerous(cp))
				fail_msg("raw U+%04X at %zu", cp, i);
			memcpy(out + o, u + i, k);
			o += k;
			i += k;
			continue;
		}
		if (u[i] == '"' && (flags & ESC_QUOTE))
			fail_msg("raw \" at %zu with ESC_QUOTE", i);
		if (u[i] != '\\') {
			out[o++] = u[i++];
			continue;
		}
		if (i + 1 >= n)
			fail_msg("partial escape at the end");
		switch (u[i + 1]) {
		case '\\':
			out[o++] = '\\';
			i += 2;
			break;
		case 'n':
			out[o++] = '\n';
			i += 2;
			break;
		case 'r':
			out[o++] = '\r';
			i += 2;
			break;
		case 't':
			out[o++] = '\t';
			i += 2;
			break;
		case '"':
			if (!(flags & ESC_QUOTE))
				fail_msg("\\\" without ESC_QUOTE at %zu", i);
			out[o++] = '"';
			i += 2;
			break;
		case 'x':
			if (i + 4 > n)
				fail_msg("partial \\x at %zu", i);
			h = hexdigit(u[i + 2]);
			v = hexdigit(u[i + 3]);
			if (h < 0 || v < 0)
				fail_msg("bad \\x at %zu", i);
			out[o++] = (unsigned char)(h * 16 + v);
			i += 4;
			break;
		case 'u':
			if (i + 6 > n)
				fail_msg("partial \\u at %zu", i);
			for (cp = 0, j = 2; j < 6; j++) {
				if ((h = hexdigit(u[i + j])) < 0)
					fail_msg("bad \\u at %zu", i);
				cp = cp * 16 + (uint32_t)h;
			}
			if (!is_dangerous(cp))
				fail_msg("needless \\u%04x at %zu", cp, i);
			/* All dangerous code points lie below U+10000. */
			if (cp < 0x800) {
				out[o++] = (unsigned char)(0xc0 | cp >> 6);
			} else {
				out[o++] = (unsigned char)(0xe0 | cp >> 12);
				out[o++] = (unsigned char)(0x80 |
				    ((cp >> 6) & 0x3f));
			}
			out[o++] = (unsigned char)(0x80 | (cp & 0x3f));
			i += 6;
			break;
		default:
			fail_msg("unknown escape \\%c at %zu", u[i + 1], i);
		}
	}
	return o;
}

#define RANDOM_MAX	96

static void
test_escape_random(void **state)
{
	unsigned char src[RANDOM_MAX], back[escape_size(RANDOM_MAX)];
	char full[escape_size(RANDOM_MAX) + 8], cut[escape_size(RANDOM_MAX)];
	size_t n, r, r2, m, dstlen;
	int iter, flags;

	(void)state;
	rng_state = 0x6d63617374ULL;	/* "mcast" */
	for (iter = 0; iter < 4000; iter++) {
		n = fill_random(src, sizeof(src));
		flags = iter % 2 ? ESC_QUOTE : 0;

		/* escape_size(n) is enough for the whole of it. */
		memset(full, 'Q', sizeof(full));
		r = escape(full, escape_size(n), src, n, flags);
		assert_true(r < escape_size(n));
		assert_int_equal(full[r], '\0');
		assert_int_equal(strlen(full), r);
		assert_int_equal(full[escape_size(n)], 'Q');
		/* Safe to print, and nothing lost: it decodes to src. */
		m = unescape(full, r, back, flags);
		assert_int_equal(m, n);
		assert_memory_equal(back, src, n);

		/* Any smaller buffer: a NUL-terminated run of whole escapes. */
		for (dstlen = 1; dstlen <= r + 1; dstlen++) {
			memset(cut, 'Q', sizeof(cut));
			r2 = escape(cut, dstlen, src, n, flags);
			assert_true(r2 < dstlen);
			assert_int_equal(cut[r2], '\0');
			if (dstlen < sizeof(cut))
				assert_int_equal(cut[dstlen], 'Q');
			assert_memory_equal(cut, full, r2);
			m = unescape(cut, r2, back, flags);
			assert_true(m <= n);
			assert_memory_equal(back, src, m);
			if (dstlen == r + 1)
				assert_int_equal(r2, r);
		}
	}
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
		cmocka_unit_test(test_utf8_seq_valid),
		cmocka_unit_test(test_utf8_seq_invalid),
		cmocka_unit_test(test_escape_plain),
		cmocka_unit_test(test_escape_controls),
		cmocka_unit_test(test_escape_invalid_utf8),
		cmocka_unit_test(test_escape_utf8),
		cmocka_unit_test(test_escape_quote),
		cmocka_unit_test(test_escape_truncation),
		cmocka_unit_test(test_escape_random),
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
