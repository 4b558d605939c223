/*
 * escape.c: untrusted bytes made safe for a terminal, a log or JSON (see
 * escape.h).
 */
#include <stdio.h>
#include <string.h>

#include "escape.h"

static const char hex[] = "0123456789abcdef";

size_t
utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c, min;
	size_t len, i;

	if (n == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0) {
		len = 2; c &= 0x1f; min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3; c &= 0x0f; min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4; c &= 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

int
cp_dangerous(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) ||		/* C1 controls */
	    cp == 0x061c ||				/* ALM */
	    cp == 0x200e || cp == 0x200f ||		/* LRM, RLM */
	    (cp >= 0x2028 && cp <= 0x202e) ||		/* LS, PS, bidi */
	    (cp >= 0x2066 && cp <= 0x2069) ||		/* bidi isolates */
	    cp == 0xfeff;				/* BOM */
}

/* How many bytes from s[0] are plain printable ASCII, copied as they are. */
static size_t
plain_run(const unsigned char *s, size_t n, int flags)
{
	size_t run;

	for (run = 0; run < n; run++) {
		unsigned char r = s[run];

		if (r < 0x20 || r >= 0x7f || r == '\\' ||
		    (r == '"' && (flags & ESC_QUOTE)))
			break;
	}
	return run;
}

/*
 * The escaped form of the character at s (n bytes left, not plain) into
 * tmp (8 bytes); *seq is how many bytes of s it stands for.  Returns its
 * length.
 */
static size_t
escape_one(const unsigned char *s, size_t n, int flags, char *tmp,
    size_t *seq)
{
	unsigned char c = s[0];
	uint32_t cp;
	size_t k;

	*seq = 1;
	if (c == '\\' || (c == '"' && (flags & ESC_QUOTE))) {
		tmp[0] = '\\';
		tmp[1] = (char)c;
		return 2;
	}
	if (c == '\n' || c == '\r' || c == '\t') {
		tmp[0] = '\\';
		tmp[1] = (char)(c == '\n' ? 'n' : c == '\r' ? 'r' : 't');
		return 2;
	}
	if (c >= 0x80 && (k = utf8_seq(s, n, &cp)) != 0) {
		*seq = k;
		if (cp_dangerous(cp))
			return (size_t)snprintf(tmp, 8, "\\u%04x",
			    (unsigned int)cp);
		memcpy(tmp, s, k);
		return k;
	}
	tmp[0] = '\\';
	tmp[1] = 'x';
	tmp[2] = hex[c >> 4];
	tmp[3] = hex[c & 0xf];
	return 4;
}

size_t
escape(char *dst, size_t dstlen, const void *src, size_t srclen, int flags)
{
	const unsigned char *s = src;
	char tmp[8];
	size_t o = 0, i = 0, k, seq, run;

	if (dstlen == 0)
		return 0;
	while (i < srclen && o + 1 < dstlen) {
		/* Plain printable ASCII goes through in one copy. */
		if ((run = plain_run(s + i, srclen - i, flags)) > 0) {
			if (run > dstlen - 1 - o)
				run = dstlen - 1 - o;
			memcpy(dst + o, s + i, run);
			o += run;
			i += run;
			continue;
		}
		if ((k = escape_one(s + i, srclen - i, flags, tmp, &seq)) >=
		    dstlen - o)
			break;
		/* A few bytes: a loop beats a call to memcpy here. */
		for (run = 0; run < k; run++)
			dst[o + run] = tmp[run];
		o += k;
		i += seq;
	}
	dst[o] = '\0';
	return o;
}

void
sb_escape(struct sbuf *sb, const void *s, size_t n, int flags)
{
	if (sb_grow(sb, escape_size(n)) == -1)
		return;
	sb->len += escape(sb->p + sb->len, escape_size(n), s, n, flags);
}

int
sb_json_str(struct sbuf *sb, const void *s, size_t n)
{
	const unsigned char *b = s;
	size_t i = 0, seq;
	uint32_t cp;
	int valid = 1;

	sb_write(sb, "\"", 1);
	while (i < n) {
		unsigned char c = b[i];

		if (c == '"' || c == '\\') {
			sb_write(sb, "\\", 1);
			sb_write(sb, &b[i], 1);
			i++;
		} else if (c == '\n') {
			sb_write(sb, "\\n", 2);
			i++;
		} else if (c == '\r') {
			sb_write(sb, "\\r", 2);
			i++;
		} else if (c == '\t') {
			sb_write(sb, "\\t", 2);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			sb_printf(sb, "\\u%04x", c);
			i++;
		} else if (c < 0x80) {
			sb_write(sb, &b[i], 1);
			i++;
		} else if ((seq = utf8_seq(b + i, n - i, &cp)) == 0) {
			sb_write(sb, "\\ufffd", 6);
			valid = 0;
			i++;
		} else {
			if (cp_dangerous(cp))
				sb_printf(sb, "\\u%04x", (unsigned int)cp);
			else
				sb_write(sb, &b[i], seq);
			i += seq;
		}
	}
	sb_write(sb, "\"", 1);
	return valid;
}

void
sb_hex(struct sbuf *sb, const void *s, size_t n)
{
	const unsigned char *b = s;
	size_t i;

	if (sb_grow(sb, n * 2) == -1)
		return;
	for (i = 0; i < n; i++) {
		sb->p[sb->len++] = hex[b[i] >> 4];
		sb->p[sb->len++] = hex[b[i] & 0xf];
	}
	sb->p[sb->len] = '\0';
}

void
sb_json_payload(struct sbuf *sb, const void *s, size_t n)
{
	sb_puts(sb, ",\"payload\":");
	if (!sb_json_str(sb, s, n)) {
		sb_puts(sb, ",\"payload_hex\":\"");
		sb_hex(sb, s, n);
		sb_puts(sb, "\"");
	}
}

void
sb_json_cstr(struct sbuf *sb, const char *s)
{
	(void)sb_json_str(sb, s, strlen(s));
}

void
sb_json_str_or_null(struct sbuf *sb, const void *s, size_t n)
{
	if (s != NULL)
		(void)sb_json_str(sb, s, n);
	else
		sb_puts(sb, "null");
}

void
sb_json_int_or_null(struct sbuf *sb, long long v)
{
	if (v >= 0)
		sb_printf(sb, "%lld", v);
	else
		sb_puts(sb, "null");
}

const char *
json_bool(int b)
{
	return b ? "true" : "false";
}
