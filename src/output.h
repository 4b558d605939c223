/*
 * output.h: building output lines, text and JSON: a growable string
 * buffer (pure), and the outline of one line (its event, its time from
 * the real clock, its end) written to a stream.  What goes between,
 * escaped, is escape.h's.
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

/*
 * sb_grow: make room for n more bytes and the NUL.  Returns 0, or -1 when
 * memory ran out (sb->oom is then set and the content stays cut).
 */
int	 sb_grow(struct sbuf *sb, size_t n);
void	 sb_reset(struct sbuf *sb);
void	 sb_free(struct sbuf *sb);
void	 sb_puts(struct sbuf *sb, const char *s);
void	 sb_write(struct sbuf *sb, const void *s, size_t n);
void	 sb_printf(struct sbuf *sb, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * One line of output, text or JSON: a JSON line starts with its event
 * and time; a text line with the time when stamp (-D) is set.
 */
struct outline {
	struct sbuf sb;
	int json;
	int stamp;
	FILE *f;		/* where the renderers write the lines */
	int64_t now;		/* the event's time: every line of it has it */
	int64_t at;		/* set: the next event's time (a datagram's
				   arrival), instead of the clock's now */
	int null;		/* f is /dev/null: per-datagram lines need
				   not be formatted at all (as tar does) */
};

/* is_dev_null: whether fd is /dev/null (the character device 1,3). */
int	 is_dev_null(int fd);

void	 ol_start(struct outline *ol, const char *event);
/* ol_prefix: the -D time, for a text line that continues a block. */
void	 ol_prefix(struct outline *ol);
/*
 * ol_end: close the line and write it to f (buffered; see flush).  A line
 * cut short by want of memory is not written: a warning on stderr says so.
 */
void	 ol_end(struct outline *ol, FILE *f);
/* ol_end_list: ol_end for a line whose JSON ends in an open list. */
void	 ol_end_list(struct outline *ol, FILE *f);

#endif /* OUTPUT_H */
