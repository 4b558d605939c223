/*
 * addr.h: address helpers for IPv4 and IPv6 on struct sockaddr_storage,
 * with the family switch in one place (addr.c): which addresses are
 * multicast, SSM, link-scoped or never to be answered, ports, lengths,
 * order, --allow prefixes, and the text form of an address.  Pure but for
 * format_addr, which asks the kernel for the name of a scope's interface.
 */
#ifndef ADDR_H
#define ADDR_H

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

/* Longest formatted address: "[" v6 "%" ifname "]:" port */
#define MC_ADDRSTRLEN		(INET6_ADDRSTRLEN + IF_NAMESIZE + 10)

/* Whether sa is multicast (224.0.0.0/4 or ff00::/8). */
int		 addr_is_multicast(const struct sockaddr *sa);

/* Port of a sockaddr_in or sockaddr_in6, host order; 0 for others. */
uint16_t	 addr_port(const struct sockaddr *sa);
/* addr_set_port: set it (host order); other families are left alone. */
void		 addr_set_port(struct sockaddr *sa, uint16_t port);
/* addr_len: the size of sa's sockaddr_in or sockaddr_in6. */
socklen_t	 addr_len(const struct sockaddr *sa);

/* addr_cmp: order of two addresses (family, then address; ports aside). */
int		 addr_cmp(const struct sockaddr_storage *a,
		    const struct sockaddr_storage *b);

/*
 * format_addr: "192.0.2.1:10000" or "[ff02::1%eth0]:10000" into buf
 * (MC_ADDRSTRLEN bytes).  With port 0 the port is left out (and IPv6 has
 * no brackets).  Returns buf.
 */
char		*format_addr(const struct sockaddr *sa, char *buf, size_t len);

/* Whether an IPv6 group's scope needs an interface (ff01::/16, ff02::/16). */
int		 group_needs_iface(const struct sockaddr *sa);

/* Whether a group lies in the SSM ranges 232.0.0.0/8 or ff3x::/96. */
int		 group_is_ssm(const struct sockaddr *sa);

/* An address prefix for --allow: 10.0.0.0/8, fd00::/8, 192.0.2.1. */
struct prefix {
	struct sockaddr_storage addr;
	unsigned int len;		/* bits */
};

/*
 * prefix_match: whether address a lies in prefix p (of the same family,
 * the first p->len bits equal; bits of p past its length do not count).
 */
int		 prefix_match(const struct prefix *p,
		    const struct sockaddr_storage *a);

/*
 * addr_never_ack: whether a source must never be answered: multicast,
 * unspecified, the limited broadcast address, or port 0.  (Directed
 * broadcast addresses are the caller's: they depend on the interfaces.)
 */
int		 addr_never_ack(const struct sockaddr_storage *a);

/* An interface as the user named it: by name, by index or by address. */
struct iface_spec {
	enum { IFACE_NONE, IFACE_NAME, IFACE_INDEX, IFACE_ADDR } kind;
	char name[IF_NAMESIZE];
	unsigned int index;
	struct sockaddr_storage addr;
};

#endif /* ADDR_H */
