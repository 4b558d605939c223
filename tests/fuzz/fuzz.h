/*
 * fuzz.h: what the libFuzzer targets in tests/fuzz/ share.  A check that
 * aborts (libFuzzer then saves the input as a crash), heap copies of
 * exactly the input's size (so that ASan sees a read one byte past it),
 * and reference versions of the UTF-8 rules written from the standards,
 * not from src/: RFC 3629 (Unicode 3.9, Table 3-7) for well-formed
 * sequences, and the list of code points escape.h calls dangerous.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n",		\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

/* Reading fields off the input, big-endian, zeros once it runs out. */
struct cursor {
	const uint8_t *p;
	size_t n;
};

static inline uint64_t
take(struct cursor *c, int bytes)
{
	uint64_t v = 0;

	while (bytes-- > 0) {
		v <<= 8;
		if (c->n > 0) {
			v |= *c->p++;
			c->n--;
		}
	}
	return v;
}

/* A heap block of exactly n bytes holding a copy of src (n may be 0). */
static inline unsigned char *
dup_exact(const void *src, size_t n)
{
	unsigned char *p = malloc(n);

	CHECK(p != NULL || n == 0);
	if (n > 0)
		memcpy(p, src, n);
	return p;
}

/* A NUL-terminated heap copy of n bytes, in exactly n + 1 bytes. */
static inline char *
dup_str(const void *src, size_t n)
{
	char *p = malloc(n + 1);

	CHECK(p != NULL);
	if (n > 0)
		memcpy(p, src, n);
	p[n] = '\0';
	return p;
}

/*
 * ref_utf8: length of the well-formed UTF-8 sequence at s (n bytes
 * available), 0 when there is none; its code point in *cp.  Straight from
 * the table of well-formed byte sequences: the second byte's range
 * depends on the first, which rules out overlongs, surrogates and code
 * points above U+10FFFF without any arithmetic on the result.
 */
static inline size_t
ref_utf8(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char b0, lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (n == 0)
		return 0;
	b0 = s[0];
	if (b0 <= 0x7f) {
		*cp = b0;
		return 1;
	}
	if (b0 >= 0xc2 && b0 <= 0xdf)
		len = 2;
	else if (b0 >= 0xe0 && b0 <= 0xef)
		len = 3;
	else if (b0 >= 0xf0 && b0 <= 0xf4)
		len = 4;
	else
		return 0;
	if (b0 == 0xe0)
		lo = 0xa0;
	else if (b0 == 0xed)
		hi = 0x9f;
	else if (b0 == 0xf0)
		lo = 0x90;
	else if (b0 == 0xf4)
		hi = 0x8f;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	switch (len) {
	case 2:
		*cp = (uint32_t)(b0 & 0x1f) << 6 | (s[1] & 0x3f);
		break;
	case 3:
		*cp = (uint32_t)(b0 & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 |
		    (s[2] & 0x3f);
		break;
	default:
		*cp = (uint32_t)(b0 & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
		    (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
		break;
	}
	return len;
}

/* ref_utf8_valid: whether all n bytes at s are well-formed UTF-8. */
static inline int
ref_utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if ((k = ref_utf8(s + i, n - i, &cp)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

/*
 * ref_dangerous: code points that can hide or reorder what a terminal
 * shows, as listed in escape.h: C1 controls, ALM, LRM and RLM, LS, PS and the
 * bidi embeddings and overrides U+202A..U+202E, the isolates
 * U+2066..U+2069, and the BOM.
 */
static inline int
ref_dangerous(uint32_t cp)
{
	static const uint32_t one[] = { 0x061c, 0x200e, 0x200f, 0x2028, 0x2029,
	    0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068,
	    0x2069, 0xfeff };
	size_t i;

	if (cp >= 0x80 && cp <= 0x9f)
		return 1;
	for (i = 0; i < sizeof(one) / sizeof(one[0]); i++)
		if (cp == one[i])
			return 1;
	return 0;
}

/* put_utf8: cp (a scalar value) as UTF-8 at out; returns the length. */
static inline size_t
put_utf8(uint32_t cp, unsigned char *out)
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xc0 | cp >> 6);
		out[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xe0 | cp >> 12);
		out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (unsigned char)(0xf0 | cp >> 18);
	out[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* hexval: the value of one hex digit, -1 when c is none (lower only). */
static inline int
hexval(int c, int upper_ok)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (upper_ok && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif /* FUZZ_H */
