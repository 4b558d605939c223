/*
 * output.c: string buffer and output lines (see output.h).
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "output.h"

#define SB_MAX	((size_t)1 << 31)	/* bytes in one line at most */

int
sb_grow(struct sbuf *sb, size_t n)
{
	size_t cap;
	char *p;

	if (sb->oom)
		return -1;
	/* No line of ours comes near SB_MAX: past it is a bug or an attack,
	 * and asking malloc for it would only fail later, or abort under a
	 * sanitizer. */
	if (sb->len >= SB_MAX || n >= SB_MAX - sb->len) {
		sb->oom = 1;
		return -1;
	}
	if (sb->len + n + 1 <= sb->cap)
		return 0;
	cap = sb->cap != 0 ? sb->cap : 256;
	while (cap < sb->len + n + 1)
		cap = cap <= SIZE_MAX / 2 ? cap * 2 : sb->len + n + 1;
	if ((p = realloc(sb->p, cap)) == NULL) {
		sb->oom = 1;
		return -1;
	}
	sb->p = p;
	sb->cap = cap;
	return 0;
}

void
sb_reset(struct sbuf *sb)
{
	sb->len = 0;
	sb->oom = 0;
	if (sb->p != NULL)
		sb->p[0] = '\0';
}

void
sb_free(struct sbuf *sb)
{
	free(sb->p);
	memset(sb, 0, sizeof(*sb));
}

void
sb_write(struct sbuf *sb, const void *s, size_t n)
{
	if (sb_grow(sb, n) == -1)
		return;
	memcpy(sb->p + sb->len, s, n);
	sb->len += n;
	sb->p[sb->len] = '\0';
}

void
sb_puts(struct sbuf *sb, const char *s)
{
	sb_write(sb, s, strlen(s));
}

void
sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int n;

	/* Format straight into the room there is; again only if it was short. */
	if (sb_grow(sb, 64) == -1)
		return;
	room = sb->cap - sb->len;
	va_start(ap, fmt);
	n = vsnprintf(sb->p + sb->len, room, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->p[sb->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		if (sb_grow(sb, (size_t)n) == -1) {
			sb->p[sb->len] = '\0';
			return;
		}
		va_start(ap, fmt);
		vsnprintf(sb->p + sb->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
}

int
is_dev_null(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) &&
	    major(st.st_rdev) == 1 && minor(st.st_rdev) == 3;
}

void
ol_prefix(struct outline *ol)
{
	char ts[RFC3339_LEN];

	if (ol->stamp && !ol->json)
		sb_printf(&ol->sb, "%s ", rfc3339(ol->now, ts, sizeof(ts)));
}

void
ol_start(struct outline *ol, const char *event)
{
	char ts[RFC3339_LEN];

	sb_reset(&ol->sb);
	ol->now = ol->at != 0 ? ol->at : real_ns();
	ol->at = 0;
	if (ol->json)
		sb_printf(&ol->sb, "{\"event\":\"%s\",\"time\":\"%s\"",
		    event, rfc3339(ol->now, ts, sizeof(ts)));
	else
		ol_prefix(ol);
}

void
ol_end(struct outline *ol, FILE *f)
{
	if (ol->json)
		sb_puts(&ol->sb, "}");
	sb_puts(&ol->sb, "\n");
	/* Memory ran out: the line is cut, so none of it, and say so. */
	if (ol->sb.oom) {
		warnx("a line of output not written: %s", strerror(ENOMEM));
		return;
	}
	fwrite(ol->sb.p, 1, ol->sb.len, f);
}

void
ol_end_list(struct outline *ol, FILE *f)
{
	if (ol->json)
		sb_puts(&ol->sb, "]");
	ol_end(ol, f);
}
