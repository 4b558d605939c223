/*
 * mcast.c: parsing, formatting, escaping, socket setup and waiting, shared
 * by mcast-send and mcast-recv.  See mcast.h for the contract of each.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <ifaddrs.h>
#include <linux/sock_diag.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "escape.h"
#include "mcast.h"

#ifndef IP_MULTICAST_ALL
#define IP_MULTICAST_ALL 49
#endif
#ifndef IPV6_MULTICAST_ALL
#define IPV6_MULTICAST_ALL 29
#endif

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

int
addr_is_multicast(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)sa;
		return IN_MULTICAST(ntohl(sin->sin_addr.s_addr));
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)sa;
		return IN6_IS_ADDR_MULTICAST(&sin6->sin6_addr);
	}
	return 0;
}

uint16_t
addr_port(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)(const void *)sa)->sin_port);
	if (sa->sa_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)(const void *)sa)->sin6_port);
	return 0;
}

void
addr_set_port(struct sockaddr *sa, uint16_t port)
{
	if (sa->sa_family == AF_INET)
		((struct sockaddr_in *)(void *)sa)->sin_port = htons(port);
	else if (sa->sa_family == AF_INET6)
		((struct sockaddr_in6 *)(void *)sa)->sin6_port = htons(port);
}

socklen_t
addr_len(const struct sockaddr *sa)
{
	return sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
	    sizeof(struct sockaddr_in);
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
		return "bad range: +N takes 1.." MC_MAX_GROUPS_STR;
	group_nth(first, (uint32_t)(v - 1), &last);
	if (!addr_is_multicast((struct sockaddr *)&last) ||
	    (first->ss_family == AF_INET6 && memcmp(
	    &((struct sockaddr_in6 *)(void *)first)->sin6_addr, &((struct
	    sockaddr_in6 *)(void *)&last)->sin6_addr, 12) != 0))
		return "range runs past the end of the multicast space";
	*n = (uint32_t)v;
	return NULL;
}

void
group_nth(const struct sockaddr_storage *first, uint32_t i,
    struct sockaddr_storage *out)
{
	uint32_t v;

	memcpy(out, first, sizeof(*out));
	if (first->ss_family == AF_INET) {
		struct sockaddr_in *sin = (void *)out;
		v = ntohl(sin->sin_addr.s_addr);
		/* Past 239.255.255.255 the result is no longer multicast. */
		sin->sin_addr.s_addr = htonl(v + i < v ? 0 : v + i);
	} else if (first->ss_family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (void *)out;
		unsigned char *b = sin6->sin6_addr.s6_addr;
		uint64_t w = (uint64_t)b[12] << 24 | (uint64_t)b[13] << 16 |
		    (uint64_t)b[14] << 8 | b[15];
		int k;

		w += i;
		/* A carry into the upper 96 bits shows in parse_group_range. */
		for (k = 15; k >= 12; k--, w >>= 8)
			b[k] = (unsigned char)w;
		if (w != 0)
			b[11] ^= 0xff;
	}
}

int
group_needs_iface(const struct sockaddr *sa)
{
	const unsigned char *b;

	if (sa->sa_family != AF_INET6)
		return 0;
	b = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
	/* Scope 1 interface-local, 2 link-local (RFC 4291 2.7). */
	return b[0] == 0xff && ((b[1] & 0x0f) == 1 || (b[1] & 0x0f) == 2);
}

int
group_is_ssm(const struct sockaddr *sa)
{
	static const unsigned char zero[10];
	const unsigned char *b;

	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)(const void *)sa)->
		    sin_addr.s_addr) >> 24) == 232;
	if (sa->sa_family != AF_INET6)
		return 0;
	b = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
	/* ff3x::/96: flags P and T set, prefix length 0, prefix 0 */
	return b[0] == 0xff && (b[1] & 0xf0) == 0x30 &&
	    memcmp(b + 2, zero, sizeof(zero)) == 0;
}

int
addr_cmp(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return a->ss_family < b->ss_family ? -1 : 1;
	if (a->ss_family == AF_INET) {
		uint32_t x = ntohl(((const struct sockaddr_in *)(const void *)a)->sin_addr.s_addr);
		uint32_t y = ntohl(((const struct sockaddr_in *)(const void *)b)->sin_addr.s_addr);
		return x < y ? -1 : x > y;
	}
	if (a->ss_family == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)(const void *)a)->sin6_addr,
		    &((const struct sockaddr_in6 *)(const void *)b)->sin6_addr,
		    sizeof(struct in6_addr));
	return 0;
}

const char *
parse_source(const char *s, int family, struct sockaddr_storage *src)
{
	if (parse_numeric(s, family, src) == -1)
		return "not an IP address";
	if (addr_is_multicast((struct sockaddr *)src))
		return "a source cannot be a multicast address";
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

/* The address bytes of a sockaddr, and how many there are. */
static const unsigned char *
addr_bytes(const struct sockaddr_storage *a, size_t *n)
{
	if (a->ss_family == AF_INET6) {
		*n = 16;
		return ((const struct sockaddr_in6 *)(const void *)a)->sin6_addr.s6_addr;
	}
	*n = 4;
	return (const unsigned char *)
	    &((const struct sockaddr_in *)(const void *)a)->sin_addr;
}

int
prefix_match(const struct prefix *p, const struct sockaddr_storage *a)
{
	const unsigned char *x, *y;
	size_t n, full = p->len / 8;
	unsigned int rest = p->len % 8;

	if (p->addr.ss_family != a->ss_family)
		return 0;
	x = addr_bytes(&p->addr, &n);
	y = addr_bytes(a, &n);
	if (memcmp(x, y, full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	return ((x[full] ^ y[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

int
addr_never_ack(const struct sockaddr_storage *a)
{
	static const unsigned char zero[16];
	const unsigned char *b;
	size_t n;

	if (addr_port((const struct sockaddr *)a) == 0 ||
	    addr_is_multicast((const struct sockaddr *)a))
		return 1;
	b = addr_bytes(a, &n);
	if (memcmp(b, zero, n) == 0)
		return 1;		/* unspecified */
	if (a->ss_family == AF_INET &&
	    b[0] == 255 && b[1] == 255 && b[2] == 255 && b[3] == 255)
		return 1;		/* limited broadcast */
	return 0;
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

char *
format_addr(const struct sockaddr *sa, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN] = "?", ifn[IF_NAMESIZE + 1] = "";
	uint16_t port = addr_port(sa);

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)sa;
		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof(host));
		if (port != 0)
			snprintf(buf, len, "%s:%u", host, port);
		else
			snprintf(buf, len, "%s", host);
		return buf;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)sa;
		inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof(host));
		if (sin6->sin6_scope_id != 0) {
			char name[IF_NAMESIZE];
			if (if_indextoname(sin6->sin6_scope_id, name) != NULL)
				snprintf(ifn, sizeof(ifn), "%%%s", name);
			else
				snprintf(ifn, sizeof(ifn), "%%%u",
				    sin6->sin6_scope_id);
		}
		if (port != 0)
			snprintf(buf, len, "[%s%s]:%u", host, ifn, port);
		else
			snprintf(buf, len, "%s%s", host, ifn);
		return buf;
	}
	snprintf(buf, len, "?");
	return buf;
}

/* Whether a and b hold the same address (ports and scopes aside). */
static int
same_addr(const struct sockaddr *a, const struct sockaddr *b)
{
	if (a->sa_family != b->sa_family)
		return 0;
	if (a->sa_family == AF_INET)
		return ((const struct sockaddr_in *)(const void *)a)->sin_addr.s_addr ==
		    ((const struct sockaddr_in *)(const void *)b)->sin_addr.s_addr;
	if (a->sa_family == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)(const void *)a)->sin6_addr,
		    &((const struct sockaddr_in6 *)(const void *)b)->sin6_addr,
		    sizeof(struct in6_addr)) == 0;
	return 0;
}

int
resolve_iface(const struct iface_spec *spec, int family, unsigned int *ifindex,
    struct sockaddr_storage *local)
{
	struct ifaddrs *ifa, *i;
	char name[IF_NAMESIZE];
	const struct sockaddr *want = (const struct sockaddr *)&spec->addr;

	memset(local, 0, sizeof(*local));
	*ifindex = 0;
	switch (spec->kind) {
	case IFACE_NONE:
		return 0;
	case IFACE_NAME:
		*ifindex = if_nametoindex(spec->name);
		break;
	case IFACE_INDEX:
		if (if_indextoname(spec->index, name) != NULL)
			*ifindex = spec->index;
		break;
	case IFACE_ADDR:
		break;
	}
	if (spec->kind != IFACE_ADDR && *ifindex == 0) {
		errno = ENODEV;
		return -1;
	}
	if (getifaddrs(&ifa) == -1)
		return -1;
	for (i = ifa; i != NULL; i = i->ifa_next) {
		const struct sockaddr *a = i->ifa_addr;

		if (a == NULL || (a->sa_family != AF_INET &&
		    a->sa_family != AF_INET6))
			continue;
		if (spec->kind == IFACE_ADDR) {
			if (!same_addr(a, want))
				continue;
			*ifindex = if_nametoindex(i->ifa_name);
			memcpy(local, a, addr_len(a));
			break;
		}
		/* The first address of the family on the interface. */
		if (a->sa_family == family && local->ss_family == AF_UNSPEC &&
		    if_nametoindex(i->ifa_name) == *ifindex)
			memcpy(local, a, addr_len(a));
	}
	freeifaddrs(ifa);
	if (*ifindex == 0) {
		errno = EADDRNOTAVAIL;
		return -1;
	}
	return 0;
}

int
open_bound(int family, uint16_t port, enum mc_step *step)
{
	struct sockaddr_storage any;
	int fd, on = 1, off = 0, e;

	if ((fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1) {
		*step = STEP_SOCKET;
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1) {
		*step = STEP_REUSE;
		goto fail;
	}
	memset(&any, 0, sizeof(any));
	any.ss_family = (sa_family_t)family;
	addr_set_port((struct sockaddr *)&any, port);
	if (family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	if (bind(fd, (struct sockaddr *)&any,
	    addr_len((struct sockaddr *)&any)) == -1) {
		*step = STEP_BIND;
		goto fail;
	}
	/*
	 * Only datagrams for groups this socket joined: Linux otherwise
	 * delivers every group any socket on the host joined on this port.
	 */
	if (family == AF_INET) {
		(void)setsockopt(fd, IPPROTO_IP, IP_MULTICAST_ALL, &off,
		    sizeof(off));
		if (setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) == -1 ||
		    setsockopt(fd, IPPROTO_IP, IP_RECVTTL, &on, sizeof(on)) == -1) {
			*step = STEP_OPT;
			goto fail;
		}
	} else {
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_ALL, &off,
		    sizeof(off));
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on,
		    sizeof(on)) == -1 ||
		    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on,
		    sizeof(on)) == -1) {
			*step = STEP_OPT;
			goto fail;
		}
	}
	/* The kernel's count of datagrams dropped for want of buffer. */
	(void)setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof(on));
	return fd;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

int
join_group(int fd, const struct sockaddr *group, unsigned int ifindex,
    const struct sockaddr_storage *src, size_t nsrc)
{
	int level = group->sa_family == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP;
	struct group_source_req gsr;
	struct group_req gr;
	size_t i;

	if (nsrc == 0) {
		memset(&gr, 0, sizeof(gr));
		gr.gr_interface = ifindex;
		memcpy(&gr.gr_group, group, addr_len(group));
		return setsockopt(fd, level, MCAST_JOIN_GROUP, &gr, sizeof(gr));
	}
	for (i = 0; i < nsrc; i++) {
		memset(&gsr, 0, sizeof(gsr));
		gsr.gsr_interface = ifindex;
		memcpy(&gsr.gsr_group, group, addr_len(group));
		memcpy(&gsr.gsr_source, &src[i],
		    addr_len((const struct sockaddr *)&src[i]));
		if (setsockopt(fd, level, MCAST_JOIN_SOURCE_GROUP, &gsr,
		    sizeof(gsr)) == -1)
			return -1;
	}
	return 0;
}

int
route_iface(const struct sockaddr *group, unsigned int *ifindex)
{
	struct sockaddr_storage local;
	struct iface_spec spec;
	socklen_t len = sizeof(local);
	int fd, r;

	*ifindex = 0;
	if ((fd = socket(group->sa_family, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	/* connect() on UDP sends nothing: it only looks up the route. */
	r = connect(fd, group, addr_len(group));
	if (r == 0)
		r = getsockname(fd, (struct sockaddr *)&local, &len);
	close(fd);
	if (r == -1)
		return -1;
	memset(&spec, 0, sizeof(spec));
	spec.kind = IFACE_ADDR;
	memcpy(&spec.addr, &local, sizeof(local));
	addr_set_port((struct sockaddr *)&spec.addr, 0);
	return resolve_iface(&spec, group->sa_family, ifindex, &local);
}

int
open_sender(int family, int ttl, int loop, unsigned int ifindex,
    const struct sockaddr_storage *local, enum mc_step *step)
{
	int fd, e;

	if ((fd = socket(family, SOCK_DGRAM, 0)) == -1) {
		*step = STEP_SOCKET;
		return -1;
	}
	if (family == AF_INET) {
		unsigned char t = (unsigned char)ttl, l = (unsigned char)loop;
		struct ip_mreqn mr;

		if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &t,
		    sizeof(t)) == -1) {
			*step = STEP_TTL;
			goto fail;
		}
		if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &l,
		    sizeof(l)) == -1) {
			*step = STEP_LOOP;
			goto fail;
		}
		if (ifindex != 0) {
			memset(&mr, 0, sizeof(mr));
			mr.imr_ifindex = (int)ifindex;
			/*
			 * The interface's own address as the source: the
			 * kernel would pick none on lo, whose 127.0.0.1 has a
			 * narrower scope than a multicast destination.
			 */
			if (local != NULL && local->ss_family == AF_INET)
				mr.imr_address = ((const struct sockaddr_in *)
				    (const void *)local)->sin_addr;
			if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mr,
			    sizeof(mr)) == -1) {
				*step = STEP_IF;
				goto fail;
			}
		}
	} else {
		int on = 1;

		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &ttl,
		    sizeof(ttl)) == -1) {
			*step = STEP_TTL;
			goto fail;
		}
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &loop,
		    sizeof(loop)) == -1) {
			*step = STEP_LOOP;
			goto fail;
		}
		if (ifindex != 0 && setsockopt(fd, IPPROTO_IPV6,
		    IPV6_MULTICAST_IF, &ifindex, sizeof(ifindex)) == -1) {
			*step = STEP_IF;
			goto fail;
		}
	}
	return fd;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

const char *
hint(int err, enum mc_step step)
{
	switch (err) {
	case ENETUNREACH:
		return "no route to the group: use --interface, or add a route "
		    "for 224.0.0.0/4 (ff00::/8 for IPv6)";
	case ENODEV:
		if (step == STEP_JOIN)
			return "no interface for the group: use --interface, "
			    "or add a route for 224.0.0.0/4 (ff00::/8 for IPv6)";
		return "no such interface, or it cannot do multicast: "
		    "check --interface and 'ip link'";
	case EADDRINUSE:
		return "the port is taken by a socket without SO_REUSEADDR: "
		    "choose another --port or stop that program";
	case ENOBUFS:
		if (step == STEP_JOIN)
			return "too many group memberships: raise "
			    "net.ipv4.igmp_max_memberships "
			    "(net.ipv6.mld_max_msf for IPv6)";
		return "the kernel is out of buffer space: retry, or send "
		    "less at once";
	case EADDRNOTAVAIL:
		if (step == STEP_JOIN)
			return "the interface has no address of this family, "
			    "or the group is already joined there";
		return "no interface has that address: check --interface";
	case EPERM:
	case EACCES:
		return "a firewall or a permission forbids this";
	default:
		return NULL;
	}
}

/* Fill ri from the ancillary data of a received message. */
static void
take_cmsgs(struct msghdr *msg, struct rxinfo *ri, uint32_t *drops)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;
			struct sockaddr_in *to = (void *)&ri->to;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			to->sin_family = AF_INET;
			to->sin_addr = pi.ipi_addr;
			ri->ifindex = (unsigned int)pi.ipi_ifindex;
		} else if ((c->cmsg_level == IPPROTO_IP &&
		    c->cmsg_type == IP_TTL) || (c->cmsg_level == IPPROTO_IPV6 &&
		    c->cmsg_type == IPV6_HOPLIMIT)) {
			memcpy(&ri->ttl, CMSG_DATA(c), sizeof(int));
		} else if (c->cmsg_level == IPPROTO_IPV6 &&
		    c->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;
			struct sockaddr_in6 *to = (void *)&ri->to;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			to->sin6_family = AF_INET6;
			to->sin6_addr = pi.ipi6_addr;
			ri->ifindex = pi.ipi6_ifindex;
		} else if (c->cmsg_level == SOL_SOCKET &&
		    c->cmsg_type == SO_RXQ_OVFL && drops != NULL) {
			memcpy(drops, CMSG_DATA(c), sizeof(*drops));
		}
	}
}

ssize_t
recv_dgram(int fd, void *buf, size_t len, struct rxinfo *ri)
{
	union {
		char buf[MC_CMSG_SPACE];
		struct cmsghdr align;
	} cbuf;
	struct iovec iov = { buf, len };
	struct msghdr msg;
	ssize_t n;

	memset(ri, 0, sizeof(*ri));
	ri->ttl = -1;
	memset(&msg, 0, sizeof(msg));
	msg.msg_name = &ri->from;
	msg.msg_namelen = sizeof(ri->from);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf.buf;
	msg.msg_controllen = sizeof(cbuf.buf);
	if ((n = recvmsg(fd, &msg, MSG_DONTWAIT | MSG_TRUNC)) == -1)
		return -1;
	ri->wirelen = (size_t)n;
	if ((size_t)n > len || (msg.msg_flags & MSG_TRUNC)) {
		ri->truncated = 1;
		n = (ssize_t)len;
	}
	take_cmsgs(&msg, ri, NULL);
	return n;
}

int
recv_batch(int fd, struct rxbatch *b)
{
	int i, n;

	for (i = 0; i < MC_BATCH; i++) {
		struct msghdr *m = &b->msg[i].msg_hdr;

		memset(m, 0, sizeof(*m));
		b->iov[i].iov_base = b->buf + (size_t)i * MC_BUFSIZE;
		b->iov[i].iov_len = MC_BUFSIZE;
		m->msg_name = &b->ri[i].from;
		m->msg_namelen = sizeof(b->ri[i].from);
		m->msg_iov = &b->iov[i];
		m->msg_iovlen = 1;
		m->msg_control = b->ctl[i].buf;
		m->msg_controllen = sizeof(b->ctl[i].buf);
	}
	if ((n = recvmmsg(fd, b->msg, MC_BATCH, MSG_DONTWAIT, NULL)) <= 0)
		return n;
	for (i = 0; i < n; i++) {
		struct rxinfo *ri = &b->ri[i];
		struct msghdr *m = &b->msg[i].msg_hdr;

		memset(&ri->to, 0, sizeof(ri->to));
		ri->ifindex = 0;
		ri->ttl = -1;
		ri->wirelen = b->msg[i].msg_len;
		ri->truncated = (m->msg_flags & MSG_TRUNC) != 0;
		take_cmsgs(m, ri, &b->drops);
	}
	return n;
}

int
set_rcvbuf(int fd, int bytes)
{
	int got = 0;
	socklen_t len = sizeof(got);

	/* FORCE passes net.core.rmem_max where allowed (CAP_NET_ADMIN). */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes,
	    sizeof(bytes)) == -1)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes,
		    sizeof(bytes));
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &len) == -1)
		return -1;
	return got / 2;		/* Linux reports twice what it grants */
}

/* Add an IPv4 broadcast address to out unless it is there or useless. */
static void
add_bcast(struct sockaddr_storage *out, size_t *n, size_t max,
    uint32_t b, uint32_t self)
{
	struct sockaddr_in sin;
	size_t i;

	if (b == 0 || b == self || *n == max)
		return;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = b;
	for (i = 0; i < *n; i++)
		if (addr_cmp(&out[i], (struct sockaddr_storage *)(void *)&sin) == 0)
			return;
	memcpy(&out[(*n)++], &sin, sizeof(sin));
}

size_t
local_broadcasts(struct sockaddr_storage *out, size_t max)
{
	struct ifaddrs *ifa, *i;
	size_t n = 0;

	if (getifaddrs(&ifa) == -1)
		return 0;
	for (i = ifa; i != NULL; i = i->ifa_next) {
		const struct sockaddr_in *a = (const void *)i->ifa_addr;
		const struct sockaddr_in *m = (const void *)i->ifa_netmask;
		const struct sockaddr_in *b = (const void *)i->ifa_broadaddr;
		uint32_t mask;

		if (a == NULL || a->sin_family != AF_INET ||
		    !(i->ifa_flags & IFF_BROADCAST))
			continue;
		/* The configured one (glibc gives the address itself when
		 * there is none) ... */
		if (b != NULL && b->sin_family == AF_INET)
			add_bcast(out, &n, max, b->sin_addr.s_addr,
			    a->sin_addr.s_addr);
		/* ... and the one the kernel routes as broadcast anyway:
		 * the host part all ones, for prefixes up to /30. */
		if (m != NULL && m->sin_family == AF_INET &&
		    (mask = ntohl(m->sin_addr.s_addr)) <= 0xfffffffcu)
			add_bcast(out, &n, max, a->sin_addr.s_addr | htonl(~mask),
			    a->sin_addr.s_addr);
	}
	freeifaddrs(ifa);
	return n;
}

long long
socket_drops(int fd)
{
	uint32_t mi[SK_MEMINFO_VARS];
	socklen_t len = sizeof(mi);

	if (getsockopt(fd, SOL_SOCKET, SO_MEMINFO, mi, &len) == -1 ||
	    len < (SK_MEMINFO_DROPS + 1) * sizeof(uint32_t))
		return -1;
	return mi[SK_MEMINFO_DROPS];
}

ssize_t
read_all(int fd, void *buf, size_t max)
{
	size_t got = 0;
	ssize_t n;
	char extra;

	for (;;) {
		if (got == max)
			n = read(fd, &extra, 1);
		else
			n = read(fd, (char *)buf + got, max - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			return (ssize_t)got;
		if (got == max) {
			errno = E2BIG;
			return -1;
		}
		got += (size_t)n;
	}
}

int
close_stdout(void)
{
	int e;

	if (fflush(stdout) == EOF || ferror(stdout)) {
		e = errno != 0 ? errno : EIO;
		(void)fclose(stdout);
		errno = e;
		return -1;
	}
	if (fclose(stdout) == EOF)
		return -1;
	return 0;
}

int
usage_error(const char *opt, const char *arg, const char *why)
{
	char e[escape_size(64)];

	escape(e, sizeof(e), arg, strnlen(arg, 64), ESC_QUOTE);
	warnx("%s \"%s\": %s", opt, e, why);
	return 2;
}

int
option_error(int ch, char **argv)
{
	const char *last = argv[optind - 1];
	char opt[8];

	snprintf(opt, sizeof(opt), "-%c", optopt);
	if (strncmp(last, "--", 2) == 0 || optopt == 0)
		return usage_error("option", last, ch == ':' ?
		    "needs a value" : "unknown");
	return usage_error("option", opt, ch == ':' ? "needs a value" :
	    "unknown");
}

int
sys_error(const char *what, int err, enum mc_step step)
{
	const char *h = hint(err, step);

	warnx("%s: %s", what, strerror(err));
	if (h != NULL)
		warnx("hint: %s", h);
	return 2;
}

void
catch_signals(void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;	/* no SA_RESTART: poll() returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	/* A reader that goes away gives EPIPE, not a death by signal. */
	signal(SIGPIPE, SIG_IGN);
}

int
scope_error(const struct sockaddr *group)
{
	char gs[MC_ADDRSTRLEN];

	format_addr(group, gs, sizeof(gs));
	warnx("group %s: link-local scope needs an interface: write "
	    "%s%%IFACE or use --interface", gs, gs);
	return 2;
}
