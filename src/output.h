/*
 * output.h: building output lines, text and JSON.  Pure: a growable
 * string buffer, a strict RFC 8259 string writer that takes any bytes.
 * The programs write the finished lines; their times come from clock.h.
 */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct sbuf {
	char *p;
	size_t len, cap;
	int oom;		/* an allocation failed: the content is cut */
};

void	 sb_reset(struct sbuf *sb);
void	 sb_free(struct sbuf *sb);
void	 sb_puts(struct sbuf *sb, const char *s);
void	 sb_write(struct sbuf *sb, const void *s, size_t n);
void	 sb_printf(struct sbuf *sb, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* sb_escape: bytes made safe for a terminal, as escape() in mcast.h. */
void	 sb_escape(struct sbuf *sb, const void *s, size_t n, int flags);

/*
 * sb_json_str: a JSON string literal for any bytes.  Valid UTF-8 is kept
 * (C1 controls, bidi overrides and separators escaped as \uXXXX), every
 * control character is escaped, and each byte of invalid UTF-8 becomes
 * U+FFFD.  Returns 1 when the input was valid UTF-8, 0 when not.
 */
int	 sb_json_str(struct sbuf *sb, const void *s, size_t n);

/* sb_hex: lowercase hex digits of the bytes. */
void	 sb_hex(struct sbuf *sb, const void *s, size_t n);

/*
 * One line of output, text or JSON: a JSON line starts with its event
 * and time; a text line with the time when stamp (-D) is set.
 */
struct outline {
	struct sbuf sb;
	int json;
	int stamp;
};

void	 ol_start(struct outline *ol, const char *event);
/* ol_prefix: the -D time, for a text line that continues a block. */
void	 ol_prefix(struct outline *ol);
/* ol_end: close the line and write it to f (buffered; see flush). */
void	 ol_end(struct outline *ol, FILE *f);

#endif /* OUTPUT_H */
