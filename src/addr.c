/*
 * addr.c: address helpers for IPv4 and IPv6 (see addr.h).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"

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
