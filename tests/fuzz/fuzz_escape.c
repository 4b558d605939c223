/*
 * fuzz_escape.c: the payload escaper (escape, sb_escape) and the UTF-8
 * rules under it (utf8_seq, cp_dangerous) in src/escape.c.
 *
 * Input: a flags byte (bit 0: ESC_QUOTE), a byte for a small dstlen, then
 * the untrusted bytes.
 *
 *  - utf8_seq and cp_dangerous agree with the references in fuzz.h at
 *    every offset.
 *  - With escape_size(n) bytes, exactly that big on the heap: the result
 *    is NUL-terminated, no longer than said, holds no C0 byte and no DEL,
 *    is valid UTF-8 without a dangerous code point, has no bare quote
 *    under ESC_QUOTE, and reading its escapes back gives the input
 *    exactly, each escape used only where escape.h says it is due.
 *  - With a small dstlen (a heap block of exactly dstlen): never a byte
 *    past it, NUL-terminated, and the output is the longest run of whole
 *    escapes of the full output that fits.
 *  - sb_escape appends the same text as escape to what a buffer held.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "output.h"
#include "fuzz.h"

static void
check_utf8_rules(const unsigned char *s, size_t n)
{
	uint32_t cp, rcp;
	size_t i, k, rk;

	for (i = 0; i < n; i++) {
		cp = rcp = 0xffffffff;
		k = utf8_seq(s + i, n - i, &cp);
		rk = ref_utf8(s + i, n - i, &rcp);
		CHECK(k == rk);
		if (k > 0) {
			CHECK(cp == rcp);
			CHECK(cp_dangerous(cp) == ref_dangerous(cp));
		}
	}
	CHECK(utf8_seq(s, 0, &cp) == 0);
	/* Code points from the input, any value, valid or not. */
	for (i = 0; i + 3 <= n; i += 3) {
		cp = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 | s[i + 2];
		CHECK(cp_dangerous(cp) == ref_dangerous(cp));
		CHECK(cp_dangerous(cp << 8) == ref_dangerous(cp << 8));
	}
}

/*
 * Read the full output back, one escape (or one raw character) at a time,
 * against the input it came from.  Records where each unit ends in the
 * output (ends[], *nunits) for the truncation check.
 */
static void
check_full(const char *out, size_t olen, const unsigned char *src, size_t n,
    int quote, size_t *ends, size_t *nunits)
{
	const unsigned char *o = (const unsigned char *)out;
	unsigned char u[4];
	size_t i = 0, j = 0, k;
	uint32_t cp;
	int h1, h2, h3, h4;

	*nunits = 0;
	while (j < olen) {
		CHECK(i < n);
		if (o[j] == '\\') {
			CHECK(j + 1 < olen);
			switch (o[j + 1]) {
			case '\\':
				CHECK(src[i] == '\\');
				i++, j += 2;
				break;
			case '"':
				CHECK(quote && src[i] == '"');
				i++, j += 2;
				break;
			case 'n':
			case 'r':
			case 't':
				CHECK(src[i] == (o[j + 1] == 'n' ? '\n' :
				    o[j + 1] == 'r' ? '\r' : '\t'));
				i++, j += 2;
				break;
			case 'x':
				CHECK(j + 3 < olen);
				h1 = hexval(o[j + 2], 0);
				h2 = hexval(o[j + 3], 0);
				CHECK(h1 >= 0 && h2 >= 0);
				CHECK(src[i] == (unsigned char)(h1 << 4 | h2));
				/* Only a byte that could not pass as it is. */
				if (src[i] < 0x80)
					CHECK((src[i] < 0x20 && src[i] != '\n' &&
					    src[i] != '\r' && src[i] != '\t') ||
					    src[i] == 0x7f);
				else
					CHECK(ref_utf8(src + i, n - i, &cp) == 0);
				i++, j += 4;
				break;
			case 'u':
				CHECK(j + 5 < olen);
				h1 = hexval(o[j + 2], 0);
				h2 = hexval(o[j + 3], 0);
				h3 = hexval(o[j + 4], 0);
				h4 = hexval(o[j + 5], 0);
				CHECK(h1 >= 0 && h2 >= 0 && h3 >= 0 && h4 >= 0);
				cp = (uint32_t)(h1 << 12 | h2 << 8 | h3 << 4 | h4);
				CHECK(ref_dangerous(cp));
				k = put_utf8(cp, u);
				CHECK(k <= n - i && memcmp(src + i, u, k) == 0);
				i += k, j += 6;
				break;
			default:
				CHECK(!"unknown escape");
			}
		} else if (o[j] < 0x80) {
			CHECK(o[j] >= 0x20 && o[j] != 0x7f);
			CHECK(!quote || o[j] != '"');
			CHECK(src[i] == o[j]);
			i++, j++;
		} else {
			/* Valid UTF-8, harmless, copied as it was. */
			k = ref_utf8(o + j, olen - j, &cp);
			CHECK(k > 0 && !ref_dangerous(cp));
			CHECK(k <= n - i && memcmp(src + i, o + j, k) == 0);
			i += k, j += k;
		}
		ends[(*nunits)++] = j;
	}
	CHECK(i == n);		/* all of the input, nothing left out */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sbuf sb = { 0 };
	unsigned char *src;
	char *full, *cut;
	size_t n, cap, r, rc, dstlen, *ends, nunits, u, pre;
	int flags, quote;

	if (size < 2)
		return 0;
	flags = data[0];
	quote = (flags & ESC_QUOTE) != 0;
	dstlen = data[1];
	n = size - 2;
	src = dup_exact(data + 2, n);
	check_utf8_rules(src, n);

	/* The full escape, in exactly escape_size(n) bytes. */
	cap = escape_size(n);
	full = malloc(cap);
	ends = calloc(n + 1, sizeof(*ends));
	CHECK(full != NULL && ends != NULL);
	r = escape(full, cap, src, n, flags);
	CHECK(r < cap);
	CHECK(full[r] == '\0' && strlen(full) == r);
	CHECK(ref_utf8_valid((const unsigned char *)full, r));
	check_full(full, r, src, n, quote, ends, &nunits);

	/* A small buffer: the longest run of whole escapes that fits. */
	cut = malloc(dstlen);
	CHECK(cut != NULL || dstlen == 0);
	rc = escape(cut, dstlen, src, n, flags);
	if (dstlen == 0) {
		CHECK(rc == 0);
	} else {
		CHECK(rc < dstlen);
		CHECK(cut[rc] == '\0' && memcmp(cut, full, rc) == 0);
		for (u = 0; u < nunits && ends[u] < rc; u++)
			;
		CHECK(rc == 0 || (u < nunits && ends[u] == rc));
		if (rc < r) {
			/* The next escape would not have fit. */
			size_t next = rc == 0 ? ends[0] : ends[u + 1];

			CHECK(next >= dstlen);
		}
	}
	free(cut);

	/* sb_escape: appended to what the buffer held, the same text. */
	pre = (size_t)(flags >> 1);
	sb_write(&sb, data, pre <= size ? pre : size);
	pre = sb.len;
	sb_escape(&sb, src, n, flags);
	CHECK(!sb.oom);
	CHECK(sb.len == pre + r);
	CHECK(memcmp(sb.p, data, pre) == 0);
	CHECK(memcmp(sb.p + pre, full, r) == 0 && sb.p[sb.len] == '\0');
	sb_free(&sb);

	free(ends);
	free(full);
	free(src);
	return 0;
}
