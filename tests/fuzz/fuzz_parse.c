/*
 * fuzz_parse.c: every option value parser in src/parse.c, and the
 * address helpers of src/addr.c on what they accept.
 *
 * The first byte chooses the parser (byte % 9: parse_uint, parse_port,
 * parse_ttl, parse_duration, parse_group, parse_group_range,
 * parse_source, parse_iface, parse_prefix) and, for some, the bounds or
 * the family the caller asks for (byte / 9); the rest, up to a NUL, is
 * the option's value, in a heap block of exactly its length plus the NUL.
 *
 * The numeric parsers are checked against a reference that computes the
 * value in 128 bits: they must accept exactly the strings the reference
 * finds in range, with exactly its value.  The address parsers must only
 * accept what inet_pton accepts, of the family asked for, multicast or
 * not as each requires, and must leave their outputs consistent (scope
 * NUL-terminated within IF_NAMESIZE, ranges that stay multicast, names
 * without separators or control bytes).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE		/* strnlen; the Makefile defines it too */
#endif
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "parse.h"
#include "fuzz.h"

typedef unsigned __int128 u128;
typedef __int128 s128;

#define BIG	((s128)1 << 80)	/* saturation: past any uint64, and * 10^9 fits */

/* The value of an all-digit string, saturated at BIG; -1 when not. */
static s128
ref_digits(const char *s)
{
	s128 v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > BIG)
			v = BIG;
	}
	return v;
}

/* The callers' bounds (-c, -e, --ack-rate, --rcvbuf, -c), and edges. */
static const struct { uint64_t min, max; } ubounds[] = {
	{ 0, UINT64_MAX }, { 1, UINT32_MAX }, { 1, 1000000 },
	{ 0, 1000000 }, { 1024, INT32_MAX / 2 }, { 1, UINT64_MAX / 2 },
	{ 1, UINT_MAX }, { 5, 10 }, { 7, 7 }, { 10, 5 },
	{ UINT64_MAX, UINT64_MAX },
};
#define NUBOUNDS	(sizeof(ubounds) / sizeof(ubounds[0]))

static void
fuzz_uint(const char *s, unsigned int sel)
{
	uint64_t min = ubounds[sel % NUBOUNDS].min;
	uint64_t max = ubounds[sel % NUBOUNDS].max;
	uint64_t v = 0;
	s128 r = ref_digits(s);
	const char *e = parse_uint(s, min, max, &v);

	if (r >= 0 && r >= (s128)min && r <= (s128)max) {
		CHECK(e == NULL);
		CHECK((s128)v == r);
	} else {
		CHECK(e != NULL && *e != '\0');
	}
}

static void
fuzz_port_ttl(const char *s, int ttl)
{
	s128 r = ref_digits(s);
	const char *e;

	if (ttl) {
		int t = -7;

		e = parse_ttl(s, &t);
		CHECK((e == NULL) == (r >= 0 && r <= 255));
		if (e == NULL)
			CHECK(t == r && t >= 0 && t <= 255);
		else
			CHECK(*e != '\0');
	} else {
		uint16_t port = 7;

		e = parse_port(s, &port);
		CHECK((e == NULL) == (r >= 1 && r <= 65535));
		if (e == NULL)
			CHECK(port == r && port >= 1);
		else
			CHECK(*e != '\0');
	}
}

static const struct { int64_t min, max; } dbounds[] = {
	{ NS_PER_MS, MC_MAX_DURATION_NS },	/* mcast-send -i */
	{ 0, MC_MAX_DURATION_NS },		/* -W */
	{ 1, MC_MAX_DURATION_NS },		/* -w */
	{ 0, 0 }, { 0, INT64_MAX }, { INT64_MAX, INT64_MAX },
	{ INT64_MIN, -1 }, { INT64_MIN, INT64_MAX },
	{ NS_PER_SEC / 2, NS_PER_SEC + NS_PER_SEC / 2 },
	{ 0, NS_PER_SEC - 1 }, { 3 * NS_PER_SEC, NS_PER_SEC },
};
#define NDBOUNDS	(sizeof(dbounds) / sizeof(dbounds[0]))

/*
 * The reference for parse_duration: digits, at most one dot, at least one
 * digit; whole seconds and the first nine decimals as nanoseconds, the
 * rest cut off.  -1 when the syntax is wrong.
 */
static s128
ref_duration(const char *s)
{
	s128 sec = 0, frac = 0, scale = NS_PER_SEC / 10;
	int digits = 0;

	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		sec = sec * 10 + (*s - '0');
		if (sec > BIG)
			sec = BIG;
	}
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, digits++) {
			frac += (*s - '0') * scale;
			scale /= 10;
		}
	if (*s != '\0' || digits == 0)
		return -1;
	return sec * NS_PER_SEC + frac;
}

static void
fuzz_duration(const char *s, unsigned int sel)
{
	int64_t min = dbounds[sel % NDBOUNDS].min, max = dbounds[sel % NDBOUNDS].max;
	int64_t ns = 0;
	s128 r = ref_duration(s);
	const char *e = parse_duration(s, min, max, &ns);

	if (r >= 0 && r >= min && r <= max) {
		CHECK(e == NULL);
		CHECK(ns == r);
		CHECK(ns >= min && ns <= max);
	} else {
		CHECK(e != NULL && *e != '\0');
	}
}

static const int families[] = { AF_UNSPEC, AF_INET, AF_INET6 };

/* The address part of s (before any '%'), parsed with inet_pton. */
static int
ref_addr(const char *s, int family, struct sockaddr_storage *ss)
{
	char buf[INET6_ADDRSTRLEN + 1];
	size_t n = strcspn(s, "%");

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	memset(ss, 0, sizeof(*ss));
	if (family != AF_INET6 &&
	    inet_pton(AF_INET, buf, &((struct sockaddr_in *)(void *)ss)->sin_addr) == 1) {
		ss->ss_family = AF_INET;
		return 0;
	}
	if (family != AF_INET &&
	    inet_pton(AF_INET6, buf, &((struct sockaddr_in6 *)(void *)ss)->sin6_addr) == 1) {
		ss->ss_family = AF_INET6;
		return 0;
	}
	return -1;
}

static int
same_addr(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	return addr_cmp(a, b) == 0 && addr_cmp(b, a) == 0;
}

/* What the other helpers make of a parsed address must hold together. */
static void
check_helpers(struct sockaddr_storage *ss, unsigned int sel)
{
	struct sockaddr *sa = (struct sockaddr *)ss;
	struct sockaddr_storage back;
	char *buf;
	size_t len, small;
	uint16_t port = (sel & 1) ? (uint16_t)(1 + sel * 2053) : 0;

	CHECK(addr_len(sa) == (ss->ss_family == AF_INET6 ?
	    sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in)));
	if (group_needs_iface(sa) || group_is_ssm(sa))
		CHECK(addr_is_multicast(sa));
	addr_set_port(sa, port);
	CHECK(addr_port(sa) == port);

	/* format_addr into exactly MC_ADDRSTRLEN bytes, then a few less. */
	buf = malloc(MC_ADDRSTRLEN);
	CHECK(buf != NULL);
	CHECK(format_addr(sa, buf, MC_ADDRSTRLEN) == buf);
	len = strnlen(buf, MC_ADDRSTRLEN);
	CHECK(len > 0 && len < MC_ADDRSTRLEN);
	if (port == 0) {
		CHECK(ref_addr(buf, ss->ss_family, &back) == 0);
		CHECK(same_addr(&back, ss));
	} else {
		char want[8];
		size_t wl = (size_t)snprintf(want, sizeof(want), ":%u", port);

		CHECK(len > wl && strcmp(buf + len - wl, want) == 0);
		CHECK((buf[0] == '[') == (ss->ss_family == AF_INET6));
	}
	free(buf);
	small = sel % 8;
	buf = malloc(small);
	CHECK(buf != NULL || small == 0);
	format_addr(sa, buf, small);
	if (small > 0)
		CHECK(strnlen(buf, small) < small);
	free(buf);
	addr_set_port(sa, 0);
}

/* A scope buffer of exactly IF_NAMESIZE bytes; all of it must stay ours. */
static char *
new_scope(void)
{
	char *scope = malloc(IF_NAMESIZE);

	CHECK(scope != NULL);
	memset(scope, 'Z', IF_NAMESIZE);
	return scope;
}

static void
fuzz_group(const char *s, unsigned int sel)
{
	int family = families[sel % 3];
	struct sockaddr_storage g, ref;
	char *scope = new_scope();
	const char *e = parse_group(s, family, &g, scope), *pct;

	CHECK(strnlen(scope, IF_NAMESIZE) < IF_NAMESIZE);
	if (e != NULL) {
		CHECK(*e != '\0');
		CHECK(scope[0] == '\0');
		free(scope);
		return;
	}
	CHECK(g.ss_family == AF_INET || g.ss_family == AF_INET6);
	CHECK(family == AF_UNSPEC || g.ss_family == family);
	CHECK(addr_is_multicast((struct sockaddr *)&g));
	CHECK(addr_port((struct sockaddr *)&g) == 0);
	CHECK(ref_addr(s, family, &ref) == 0 && same_addr(&ref, &g));
	if ((pct = strchr(s, '%')) != NULL) {
		CHECK(g.ss_family == AF_INET6);
		CHECK(scope[0] != '\0' && strcmp(scope, pct + 1) == 0);
	} else {
		CHECK(scope[0] == '\0');
	}
	check_helpers(&g, sel);
	free(scope);
}

static void
fuzz_group_range(const char *s, unsigned int sel)
{
	int family = families[sel % 3];
	struct sockaddr_storage first, last, mid, again;
	char *scope = new_scope(), *scope2 = new_scope();
	const char *e, *plus = strrchr(s, '+');
	uint32_t n = 0, i;

	e = parse_group_range(s, family, &first, &n, scope);
	if (e != NULL) {
		CHECK(*e != '\0');
		CHECK(scope[0] == '\0');
		goto out;
	}
	CHECK(strnlen(scope, IF_NAMESIZE) < IF_NAMESIZE);
	CHECK(n >= 1 && n <= MC_MAX_GROUPS);
	CHECK(family == AF_UNSPEC || first.ss_family == family);
	CHECK(addr_is_multicast((struct sockaddr *)&first));
	if (plus == NULL) {
		CHECK(n == 1);
	} else {
		s128 r = ref_digits(plus + 1);

		CHECK(r >= 1 && r == n);
	}
	/* The same group as parse_group finds in the part before '+'. */
	{
		size_t len = plus != NULL ? (size_t)(plus - s) : strlen(s);
		char *head = dup_str(s, len);

		CHECK(parse_group(head, family, &again, scope2) == NULL);
		CHECK(same_addr(&again, &first));
		CHECK(strcmp(scope, scope2) == 0);
		free(head);
	}
	/* Every group of the range is multicast, in order, in one /96. */
	CHECK(group_nth(&first, n - 1, &last) == 0);
	i = (uint32_t)(((uint64_t)sel * 2654435761u) % n);
	CHECK(group_nth(&first, i, &mid) == 0);
	CHECK(addr_is_multicast((struct sockaddr *)&last));
	CHECK(addr_is_multicast((struct sockaddr *)&mid));
	CHECK(addr_cmp(&first, &mid) <= 0 && addr_cmp(&mid, &last) <= 0);
	CHECK((n == 1) == (addr_cmp(&first, &last) == 0));
	CHECK(group_nth(&first, 0, &mid) == 0);
	CHECK(same_addr(&mid, &first));
	if (first.ss_family == AF_INET) {
		uint32_t a = ntohl(((struct sockaddr_in *)(void *)&first)->sin_addr.s_addr);
		uint32_t b = ntohl(((struct sockaddr_in *)(void *)&last)->sin_addr.s_addr);

		CHECK(b - a == n - 1);
	} else {
		const unsigned char *a = ((struct sockaddr_in6 *)(void *)&first)->sin6_addr.s6_addr;
		const unsigned char *b = ((struct sockaddr_in6 *)(void *)&last)->sin6_addr.s6_addr;

		CHECK(memcmp(a, b, 12) == 0);
		CHECK((uint32_t)((uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 |
		    (uint32_t)b[14] << 8 | b[15]) - (uint32_t)((uint32_t)a[12] << 24 |
		    (uint32_t)a[13] << 16 | (uint32_t)a[14] << 8 | a[15]) == n - 1);
	}
	check_helpers(&last, sel);
out:
	free(scope);
	free(scope2);
}

static void
fuzz_source(const char *s, unsigned int sel)
{
	int family = families[sel % 3];
	struct sockaddr_storage src, ref;
	const char *e = parse_source(s, family, &src);

	if (e != NULL) {
		CHECK(*e != '\0');
		return;
	}
	CHECK(strchr(s, '%') == NULL);
	CHECK(ref_addr(s, family, &ref) == 0 && same_addr(&ref, &src));
	CHECK(family == AF_UNSPEC || src.ss_family == family);
	CHECK(!addr_is_multicast((struct sockaddr *)&src));
	check_helpers(&src, sel);
}

/* The address of a with bit i (0: the top bit) flipped. */
static void
flip_bit(const struct sockaddr_storage *a, unsigned int i,
    struct sockaddr_storage *out)
{
	unsigned char *b;

	memcpy(out, a, sizeof(*out));
	if (out->ss_family == AF_INET6)
		b = ((struct sockaddr_in6 *)(void *)out)->sin6_addr.s6_addr;
	else
		b = (unsigned char *)&((struct sockaddr_in *)(void *)out)->sin_addr;
	b[i / 8] ^= (unsigned char)(0x80 >> (i % 8));
}

static void
fuzz_prefix(const char *s, unsigned int sel)
{
	struct prefix p;
	struct sockaddr_storage ref, other;
	const char *e = parse_prefix(s, &p), *slash = strchr(s, '/');
	unsigned int max, i;

	if (e != NULL) {
		CHECK(*e != '\0');
		return;
	}
	CHECK(p.addr.ss_family == AF_INET || p.addr.ss_family == AF_INET6);
	max = p.addr.ss_family == AF_INET6 ? 128 : 32;
	CHECK(p.len <= max);
	if (slash == NULL) {
		CHECK(p.len == max);
		CHECK(ref_addr(s, AF_UNSPEC, &ref) == 0);
	} else {
		char *head = dup_str(s, (size_t)(slash - s));

		CHECK(ref_digits(slash + 1) == p.len);
		CHECK(strchr(head, '%') == NULL);
		CHECK(ref_addr(head, AF_UNSPEC, &ref) == 0);
		free(head);
	}
	CHECK(same_addr(&ref, &p.addr));
	/* Its own address matches; a bit past the length does not count,
	 * a bit within it does; the other family never matches. */
	CHECK(prefix_match(&p, &p.addr));
	i = sel % max;
	flip_bit(&p.addr, i, &other);
	CHECK(prefix_match(&p, &other) == (i >= p.len));
	memset(&other, 0, sizeof(other));
	other.ss_family = p.addr.ss_family == AF_INET ? AF_INET6 : AF_INET;
	CHECK(!prefix_match(&p, &other));
	/* Never acking: multicast, unspecified, broadcast or port 0. */
	memcpy(&other, &p.addr, sizeof(other));
	CHECK(addr_never_ack(&other));			/* port 0 */
	addr_set_port((struct sockaddr *)&other, 10000);
	if (addr_is_multicast((struct sockaddr *)&other))
		CHECK(addr_never_ack(&other));
	check_helpers(&p.addr, sel);
}

static void
fuzz_iface(const char *s, unsigned int sel)
{
	struct iface_spec spec;
	struct sockaddr_storage ref;
	const char *e = parse_iface(s, &spec), *p;
	s128 r;

	if (e != NULL) {
		CHECK(*e != '\0');
		return;
	}
	switch (spec.kind) {
	case IFACE_INDEX:
		r = ref_digits(s);
		CHECK(r >= 1 && r <= UINT_MAX && r == spec.index);
		break;
	case IFACE_ADDR:
		CHECK(ref_digits(s) < 0);
		CHECK(ref_addr(s, AF_UNSPEC, &ref) == 0 &&
		    same_addr(&ref, &spec.addr));
		CHECK(!addr_is_multicast((struct sockaddr *)&spec.addr));
		check_helpers(&spec.addr, sel);
		break;
	case IFACE_NAME:
		CHECK(ref_digits(s) < 0);
		CHECK(strnlen(spec.name, IF_NAMESIZE) < IF_NAMESIZE);
		CHECK(strcmp(spec.name, s) == 0);
		for (p = s; *p != '\0'; p++)
			CHECK(*p != '/' && (unsigned char)*p > ' ' &&
			    *p != 0x7f);
		break;
	default:
		CHECK(!"parse_iface succeeded without a kind");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int sel;
	char *s;

	if (size == 0)
		return 0;
	sel = data[0];
	s = dup_str(data + 1, size - 1);	/* the value ends at a NUL */
	switch (sel % 9) {
	case 0:
		fuzz_uint(s, sel / 9);
		break;
	case 1:
		fuzz_port_ttl(s, 0);
		break;
	case 2:
		fuzz_port_ttl(s, 1);
		break;
	case 3:
		fuzz_duration(s, sel / 9);
		break;
	case 4:
		fuzz_group(s, sel / 9);
		break;
	case 5:
		fuzz_group_range(s, sel / 9);
		break;
	case 6:
		fuzz_source(s, sel / 9);
		break;
	case 7:
		fuzz_iface(s, sel / 9);
		break;
	default:
		fuzz_prefix(s, sel / 9);
		break;
	}
	free(s);
	return 0;
}
