/*
 * fuzz_json.c: the JSON string writer and hex writer (src/escape.c).
 *
 * The input is any bytes.  sb_json_str must write one strict RFC 8259
 * string literal, and a small validator here, sharing nothing with
 * src/, reads it back: only the escapes RFC 8259 section 7 allows, no
 * unescaped control character, quote or backslash, valid UTF-8 (section
 * 8.1), \u surrogates only as a high-low pair.  What it decodes to must be
 * the input with every byte that is not part of valid UTF-8 replaced by
 * U+FFFD, and the return value says whether there were none.  The writer
 * also promises that DEL and the code points that can hide or reorder
 * text never appear unescaped.  sb_hex must write 2n lowercase digits
 * that read back to the input.  Both append to what a buffer held.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "output.h"
#include "fuzz.h"

/*
 * json_string: decode the JSON string literal that is all n bytes at j
 * into out (room for at least n bytes).  Returns the decoded length, or
 * -1 when j is not exactly one strict string literal.
 */
static long
json_string(const unsigned char *j, size_t n, unsigned char *out)
{
	size_t i = 1, o = 0, k;
	uint32_t cp, lo;
	int h, d;

	if (n < 2 || j[0] != '"' || j[n - 1] != '"')
		return -1;
	while (i < n - 1) {
		if (j[i] == '"' || j[i] < 0x20 || j[i] == 0x7f)
			return -1;	/* bare quote, control, or DEL */
		if (j[i] >= 0x80) {
			k = ref_utf8(j + i, n - 1 - i, &cp);
			if (k == 0 || ref_dangerous(cp))
				return -1;
			memcpy(out + o, j + i, k);
			o += k;
			i += k;
			continue;
		}
		if (j[i] != '\\') {
			out[o++] = j[i++];
			continue;
		}
		if (i + 1 >= n - 1)
			return -1;	/* the closing quote was escaped */
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
			if (i + 6 > n - 1)
				return -1;
			for (cp = 0, k = 2; k < 6; k++) {
				if ((h = hexval(j[i + k], 1)) < 0)
					return -1;
				cp = cp << 4 | (uint32_t)h;
			}
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return -1;	/* a low surrogate alone */
			if (cp >= 0xd800 && cp <= 0xdbff) {
				/* Must be followed by \u and a low one. */
				if (i + 12 > n - 1 || j[i + 6] != '\\' ||
				    j[i + 7] != 'u')
					return -1;
				for (lo = 0, k = 8; k < 12; k++) {
					if ((d = hexval(j[i + k], 1)) < 0)
						return -1;
					lo = lo << 4 | (uint32_t)d;
				}
				if (lo < 0xdc00 || lo > 0xdfff)
					return -1;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				i += 6;
			}
			o += put_utf8(cp, out + o);
			i += 4;
			break;
		default:
			return -1;
		}
		i += 2;
	}
	return (long)o;
}

/* What the writer must mean: valid UTF-8 kept, other bytes U+FFFD each. */
static size_t
model(const unsigned char *s, size_t n, unsigned char *out, int *valid)
{
	size_t i = 0, o = 0, k;
	uint32_t cp;

	*valid = 1;
	while (i < n) {
		if ((k = ref_utf8(s + i, n - i, &cp)) == 0) {
			o += put_utf8(0xfffd, out + o);
			*valid = 0;
			i++;
		} else {
			memcpy(out + o, s + i, k);
			o += k;
			i += k;
		}
	}
	return o;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sbuf sb = { 0 };
	unsigned char *s = dup_exact(data, size), *got, *want;
	size_t pre, wantn, i;
	long gotn;
	int ret, valid;

	/* Something already in the buffer, which must stay. */
	pre = size > 0 ? data[0] % 40 : 0;
	sb_write(&sb, "{\"payload\":\"0123456789012345678901234567", pre);
	ret = sb_json_str(&sb, s, size);
	CHECK(!sb.oom);
	CHECK(sb.len > pre && sb.p[sb.len] == '\0');
	CHECK(strlen(sb.p) == sb.len);
	CHECK(memcmp(sb.p, "{\"payload\":\"0123456789012345678901234567", pre) == 0);

	got = malloc(sb.len);			/* decoding never grows */
	want = malloc(size * 3 + 1);		/* U+FFFD: 3 bytes per byte */
	CHECK(got != NULL && want != NULL);
	gotn = json_string((const unsigned char *)sb.p + pre, sb.len - pre, got);
	CHECK(gotn >= 0);
	wantn = model(s, size, want, &valid);
	CHECK(ret == valid);
	CHECK((size_t)gotn == wantn && memcmp(got, want, wantn) == 0);
	CHECK(ref_utf8_valid((const unsigned char *)sb.p, sb.len));

	/* sb_hex after it: 2n lowercase digits, reading back to the input. */
	pre = sb.len;
	sb_hex(&sb, s, size);
	CHECK(!sb.oom);
	CHECK(sb.len == pre + 2 * size && sb.p[sb.len] == '\0');
	for (i = 0; i < size; i++) {
		int h = hexval((unsigned char)sb.p[pre + 2 * i], 0);
		int l = hexval((unsigned char)sb.p[pre + 2 * i + 1], 0);

		CHECK(h >= 0 && l >= 0 && (h << 4 | l) == s[i]);
	}

	sb_free(&sb);
	free(got);
	free(want);
	free(s);
	return 0;
}
