/*
 * parse.c: option value parsers (see parse.h).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <limits.h>
#include <string.h>

#include "clock.h"
#include "parse.h"

static const char too_small[] = "too small", too_large[] = "too large";

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

const char *
parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	const char *p;

	if (s == NULL || *s == '\0')
		return "empty";
	for (p = s; *p != '\0'; p++) {
		if (!is_digit(*p))
			return "not a number";
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return too_large;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (v < min)
		return too_small;
	if (v > max)
		return too_large;
	*out = v;
	return NULL;
}

const char *
parse_port(const char *s, uint16_t *port)
{
	uint64_t v;
	const char *e;

	if ((e = parse_uint(s, 1, 65535, &v)) != NULL)
		return e == too_small || e == too_large ?
		    "out of range 1..65535" : e;
	*port = (uint16_t)v;
	return NULL;
}

const char *
parse_ttl(const char *s, int *ttl)
{
	uint64_t v;
	const char *e;

	if ((e = parse_uint(s, 0, 255, &v)) != NULL)
		return e == too_small || e == too_large ?
		    "out of range 0..255" : e;
	*ttl = (int)v;
	return NULL;
}

const char *
parse_duration(const char *s, int64_t min_ns, int64_t max_ns, int64_t *ns)
{
	int64_t sec = 0, frac = 0, scale = NS_PER_SEC / 10;
	int digits = 0;
	const char *p = s;

	if (s == NULL || *s == '\0')
		return "empty";
	for (; is_digit(*p); p++, digits++) {
		if (sec > max_ns / NS_PER_SEC)
			return "too long";
		sec = sec * 10 + (*p - '0');
	}
	if (*p == '.') {
		for (p++; is_digit(*p); p++, digits++) {
			frac += (*p - '0') * scale;
			scale /= 10;
		}
	}
	if (*p != '\0' || digits == 0)
		return "not a number of seconds";
	/* Compare before multiplying: the product must not overflow. */
	if (sec > max_ns / NS_PER_SEC ||
	    (sec == max_ns / NS_PER_SEC && frac > max_ns % NS_PER_SEC))
		return "too long";
	if (sec * NS_PER_SEC + frac < min_ns)
		return min_ns > 0 ? "too short" : "out of range";
	*ns = sec * NS_PER_SEC + frac;
	return NULL;
}

const char *
parse_bits(const char *s, uint64_t min, uint64_t max, uint64_t *bits)
{
	static const char units[] = "kKmMgG";
	static const int64_t div[] = { 1000000, 1000000, 1000, 1000, 1, 1 };
	char num[32];
	size_t n = s != NULL ? strlen(s) : 0;
	int64_t d, v;
	const char *u;

	if (n == 0)
		return "empty";
	if ((u = strchr(units, s[n - 1])) == NULL)
		return parse_uint(s, min, max, bits);
	if (n >= sizeof(num))
		return "too large";
	memcpy(num, s, n - 1);
	num[n - 1] = '\0';
	d = div[u - units];
	/* A fixed point number in units of 10^-9, as parse_duration reads. */
	if (parse_duration(num, 0, 1000000 * NS_PER_SEC, &v) != NULL)
		return "not a number of bits per second (k, M, G: 1000s)";
	if ((uint64_t)(v / d) < min || (uint64_t)(v / d) > max)
		return "out of range";
	*bits = (uint64_t)(v / d);
	return NULL;
}

/* The value after name on its own line ("Ip6ReasmFails  3"). */
static long long
snmp6_value(const char *text, const char *name)
{
	size_t n = strlen(name);
	const char *p;
	uint64_t v;
	char num[24];
	size_t k;

	for (p = text; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ?
	    p + 1 : NULL) {
		if (strncmp(p, name, n) != 0 || (p[n] != ' ' && p[n] != '\t'))
			continue;
		for (p += n; *p == ' ' || *p == '\t'; p++)
			;
		for (k = 0; k + 1 < sizeof(num) && is_digit(p[k]); k++)
			num[k] = p[k];
		num[k] = '\0';
		return parse_uint(num, 0, INT64_MAX, &v) == NULL ?
		    (long long)v : -1;
	}
	return -1;
}

/* The next space-separated word at *p (moved past it): its length. */
static size_t
next_word(const char **p)
{
	const char *q;

	while (**p == ' ')
		(*p)++;
	for (q = *p; *q != ' ' && *q != '\n' && *q != '\0'; q++)
		;
	return (size_t)(q - *p);
}

/* The column of name among a line's words after its prefix; -1: none. */
static long
snmp_column(const char *line, size_t plen, const char *name)
{
	const char *p = line + plen;
	size_t n = strlen(name), len;
	long col;

	for (col = 0; (len = next_word(&p)) > 0; col++, p += len)
		if (len == n && strncmp(p, name, n) == 0)
			return col;
	return -1;
}

/* Word col of a line after its prefix, as a counter; -1: none. */
static long long
snmp_word(const char *line, size_t plen, long col)
{
	const char *p = line + plen;
	size_t len = next_word(&p);
	char num[24];
	uint64_t v;

	for (; col > 0 && len > 0; col--) {
		p += len;
		len = next_word(&p);
	}
	if (len == 0 || len >= sizeof(num))
		return -1;
	memcpy(num, p, len);
	num[len] = '\0';
	return parse_uint(num, 0, INT64_MAX, &v) == NULL ? (long long)v : -1;
}

/* The column of name in a "Pfx: names" line, the same in the next. */
static long long
snmp_table(const char *text, const char *pfx, size_t plen, const char *name)
{
	const char *names, *vals;
	long col;

	for (names = text; names != NULL; names = strchr(names, '\n'),
	    names = names ? names + 1 : NULL) {
		if (strncmp(names, pfx, plen) != 0 ||
		    (vals = strchr(names, '\n')) == NULL ||
		    strncmp(++vals, pfx, plen) != 0)
			continue;
		if ((col = snmp_column(names, plen, name)) < 0)
			return -1;
		return snmp_word(vals, plen, col);
	}
	return -1;
}

long long
snmp_value(const char *text, const char *name)
{
	const char *colon = strchr(name, ':');

	if (colon == NULL)
		return snmp6_value(text, name);
	return snmp_table(text, name, (size_t)(colon - name) + 1, colon + 1);
}

const char *
parse_pct(const char *s, double *pct)
{
	int64_t v;

	if (parse_duration(s, 0, 100 * NS_PER_SEC, &v) != NULL)
		return "not a percentage from 0 to 100";
	*pct = (double)v / NS_PER_SEC;
	return NULL;
}

/* Parse a numeric address of either family (no names, no DNS). */
static int
parse_numeric(const char *s, int family, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (family != AF_INET6) {
		struct sockaddr_in *sin = (void *)ss;
		if (inet_pton(AF_INET, s, &sin->sin_addr) == 1) {
			sin->sin_family = AF_INET;
			return 0;
		}
	}
	if (family != AF_INET) {
		struct sockaddr_in6 *sin6 = (void *)ss;
		if (inet_pton(AF_INET6, s, &sin6->sin6_addr) == 1) {
			sin6->sin6_family = AF_INET6;
			return 0;
		}
	}
	return -1;
}

const char *
parse_group(const char *s, int family, struct sockaddr_storage *group,
    char *scope)
{
	char buf[INET6_ADDRSTRLEN];
	const char *pct;
	size_t n;

	scope[0] = '\0';
	if (s == NULL || *s == '\0')
		return "empty";
	n = strlen(s);
	if ((pct = strchr(s, '%')) != NULL) {
		size_t sl = n - (size_t)(pct - s) - 1;
		if (sl == 0 || sl >= IF_NAMESIZE)
			return "bad scope after %";
		memcpy(scope, pct + 1, sl + 1);
		n = (size_t)(pct - s);
	}
	if (n >= sizeof(buf)) {
		scope[0] = '\0';
		return "not an IP address";
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (parse_numeric(buf, family, group) == -1) {
		scope[0] = '\0';
		if (family == AF_INET)
			return "not an IPv4 address";
		if (family == AF_INET6)
			return "not an IPv6 address";
		return "not an IP address";
	}
	if (!addr_is_multicast((struct sockaddr *)group)) {
		scope[0] = '\0';
		return group->ss_family == AF_INET ?
		    "not a multicast group (224.0.0.0/4)" :
		    "not a multicast group (ff00::/8)";
	}
	if (pct != NULL && group->ss_family != AF_INET6) {
		scope[0] = '\0';
		return "a %scope is for IPv6 groups only";
	}
	return NULL;
}

const char *
parse_group_range(const char *s, int family, struct sockaddr_storage *first,
    uint32_t *n, char *scope)
{
	char buf[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
	struct sockaddr_storage last;
	const char *plus = strrchr(s, '+'), *e;
	uint64_t v = 1;
	size_t len;

	*n = 1;
	scope[0] = '\0';
	if (plus == NULL)
		return parse_group(s, family, first, scope);
	len = (size_t)(plus - s);
	if (len >= sizeof(buf))
		return "not an IP address";
	memcpy(buf, s, len);
	buf[len] = '\0';
	if ((e = parse_group(buf, family, first, scope)) != NULL)
		return e;
	if (parse_uint(plus + 1, 1, MC_MAX_GROUPS, &v) != NULL)
		e = "bad range: +N takes 1.." MC_MAX_GROUPS_STR;
	else if (group_nth(first, (uint32_t)(v - 1), &last) == -1)
		e = "range runs past the end of the multicast space";
	if (e != NULL) {
		scope[0] = '\0';
		return e;
	}
	*n = (uint32_t)v;
	return NULL;
}

int
group_nth(const struct sockaddr_storage *first, uint32_t i,
    struct sockaddr_storage *out)
{
	struct sockaddr_storage g;
	unsigned char *b;
	uint64_t v;
	int k;

	if (!addr_is_multicast((const struct sockaddr *)first))
		return -1;
	memcpy(&g, first, sizeof(g));
	if (g.ss_family == AF_INET)
		b = (unsigned char *)&((struct sockaddr_in *)(void *)&g)->sin_addr;
	else
		b = ((struct sockaddr_in6 *)(void *)&g)->sin6_addr.s6_addr + 12;
	/* The last 32 bits of either family, counted on in 64. */
	v = (uint64_t)b[0] << 24 | (uint64_t)b[1] << 16 |
	    (uint64_t)b[2] << 8 | b[3];
	v += i;
	if (v > UINT32_MAX)
		return -1;
	for (k = 3; k >= 0; k--, v >>= 8)
		b[k] = (unsigned char)v;
	if (!addr_is_multicast((struct sockaddr *)&g))
		return -1;
	memcpy(out, &g, sizeof(g));
	return 0;
}

/* The last 32 bits of an IPv4 or IPv6 address, the part ranges count in. */
static uint32_t
last32(const struct sockaddr_storage *a)
{
	const unsigned char *b = a->ss_family == AF_INET ?
	    (const unsigned char *)&((const struct sockaddr_in *)(const void *)
	    a)->sin_addr :
	    ((const struct sockaddr_in6 *)(const void *)a)->sin6_addr.s6_addr + 12;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

int
range_overlap(const struct sockaddr_storage *a, uint32_t na,
    const struct sockaddr_storage *b, uint32_t nb)
{
	const struct sockaddr_in6 *a6 = (const void *)a, *b6 = (const void *)b;
	uint64_t fa, fb;

	if (a->ss_family != b->ss_family ||
	    (a->ss_family != AF_INET && a->ss_family != AF_INET6))
		return 0;
	if (a->ss_family == AF_INET6 &&
	    (a6->sin6_scope_id != b6->sin6_scope_id ||
	    memcmp(a6->sin6_addr.s6_addr, b6->sin6_addr.s6_addr, 12) != 0))
		return 0;
	fa = last32(a);
	fb = last32(b);
	return fa < fb + nb && fb < fa + na;
}

const char *
parse_source(const char *s, int family, struct sockaddr_storage *src)
{
	const struct sockaddr_in *sin = (const void *)src;
	const struct sockaddr_in6 *sin6 = (const void *)src;

	if (parse_numeric(s, family, src) == -1)
		return "not an IP address";
	if (addr_is_multicast((struct sockaddr *)src))
		return "a source cannot be a multicast address";
	if ((src->ss_family == AF_INET && sin->sin_addr.s_addr == 0) ||
	    (src->ss_family == AF_INET6 &&
	    IN6_IS_ADDR_UNSPECIFIED(&sin6->sin6_addr)))
		return "the unspecified address is not a source";
	return NULL;
}

const char *
parse_prefix(const char *s, struct prefix *p)
{
	char buf[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	size_t n = slash != NULL ? (size_t)(slash - s) : strlen(s);
	unsigned int max;
	uint64_t v;

	memset(p, 0, sizeof(*p));
	if (n == 0 || n >= sizeof(buf))
		return "not an address prefix";
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (parse_numeric(buf, AF_UNSPEC, &p->addr) == -1)
		return "not an address prefix";
	max = p->addr.ss_family == AF_INET6 ? 128 : 32;
	p->len = max;
	if (slash != NULL) {
		if (parse_uint(slash + 1, 0, max, &v) != NULL)
			return max == 32 ? "prefix length must be 0..32" :
			    "prefix length must be 0..128";
		p->len = (unsigned int)v;
	}
	return NULL;
}

const char *
parse_iface(const char *s, struct iface_spec *spec)
{
	const char *p;
	uint64_t v;

	memset(spec, 0, sizeof(*spec));
	if (s == NULL || *s == '\0')
		return "empty";
	for (p = s; is_digit(*p); p++)
		;
	if (*p == '\0') {
		if (parse_uint(s, 1, UINT_MAX, &v) != NULL)
			return "not an interface index";
		spec->kind = IFACE_INDEX;
		spec->index = (unsigned int)v;
		return NULL;
	}
	if (parse_numeric(s, AF_UNSPEC, &spec->addr) == 0) {
		if (addr_is_multicast((struct sockaddr *)&spec->addr))
			return "a multicast address is not an interface";
		spec->kind = IFACE_ADDR;
		return NULL;
	}
	if (strlen(s) >= IF_NAMESIZE)
		return "interface name too long";
	for (p = s; *p != '\0'; p++)
		if (*p == '/' || (unsigned char)*p <= ' ' || *p == 0x7f)
			return "not an interface name";
	spec->kind = IFACE_NAME;
	memcpy(spec->name, s, strlen(s) + 1);
	return NULL;
}
