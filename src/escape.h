/*
 * escape.h: all escaping of untrusted bytes (payloads, names, option
 * values), so that what came off the network or the command line cannot
 * drive a terminal, forge a log line or break JSON.  Pure: the UTF-8 and
 * dangerous code point rules, escape() into a fixed buffer, and the
 * string buffer writers for text, JSON strings and hex.
 */
#ifndef ESCAPE_H
#define ESCAPE_H

#include <stddef.h>
#include <stdint.h>

#include "output.h"

/*
 * escape: make untrusted bytes safe for a terminal or a log.  Printable
 * ASCII and valid UTF-8 pass; backslash becomes \\, \n \r \t stay
 * readable as such, other C0 bytes, DEL and the bytes of invalid UTF-8
 * become \xHH, and valid but dangerous code points (C1 controls, bidi
 * overrides, line and paragraph separators) become \uHHHH.  With
 * ESC_QUOTE a double quote becomes \".  The result is always
 * NUL-terminated and is cut only between whole escapes; escape_size(n)
 * bytes always suffice.  Returns the length written.
 */
#define ESC_QUOTE	0x1
#define escape_size(n)	((n) * 4 + 1)
size_t	 escape(char *dst, size_t dstlen, const void *src, size_t srclen,
	    int flags);

/*
 * utf8_seq: length of the valid UTF-8 sequence at s (at most n bytes), with
 * its code point in *cp; 0 when the bytes there are not valid UTF-8
 * (overlong, surrogate, above U+10FFFF, truncated).
 */
size_t	 utf8_seq(const unsigned char *s, size_t n, uint32_t *cp);

/*
 * cp_dangerous: whether a valid code point can still rearrange or hide
 * what a terminal shows (C1 controls, bidi marks, overrides and isolates,
 * line and paragraph separators, BOM).
 */
int	 cp_dangerous(uint32_t cp);

/* sb_escape: bytes made safe for a terminal, as escape(), appended. */
void	 sb_escape(struct sbuf *sb, const void *s, size_t n, int flags);

/*
 * sb_json_str: a JSON string literal for any bytes.  Valid UTF-8 is kept
 * (C1 controls, bidi overrides and separators escaped as \uXXXX), every
 * control character is escaped, and each byte of invalid UTF-8 becomes
 * U+FFFD.  Returns 1 when the input was valid UTF-8, 0 when not.
 */
int	 sb_json_str(struct sbuf *sb, const void *s, size_t n);

/* sb_hex: lowercase hex digits of the bytes, appended. */
void	 sb_hex(struct sbuf *sb, const void *s, size_t n);

/*
 * sb_json_payload: ',"payload":"..."' for any bytes, and when they are not
 * valid UTF-8 also ',"payload_hex":"..."' with them exactly.
 */
void	 sb_json_payload(struct sbuf *sb, const void *s, size_t n);
/* A JSON string of a C string (an address, an interface name). */
void	 sb_json_cstr(struct sbuf *sb, const char *s);
/* A JSON string of the bytes, or null when s is NULL. */
void	 sb_json_str_or_null(struct sbuf *sb, const void *s, size_t n);
/* A JSON number, or null when v is negative (unknown). */
void	 sb_json_int_or_null(struct sbuf *sb, long long v);
/* "true" or "false". */
const char *json_bool(int b);

#endif /* ESCAPE_H */
