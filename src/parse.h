/*
 * parse.h: option value parsers.  Pure: no I/O, no exit, no globals.
 * Numbers are decimal and range-checked as they are read (in the spirit
 * of strtonum); addresses are numeric only, never looked up.
 *
 * Parsers return NULL on success or a short static description of the
 * problem ("not a number", "out of range 0..255"), which the caller prints
 * after the option's name.
 */
#ifndef PARSE_H
#define PARSE_H

#include <stdint.h>

#include "addr.h"

#define MC_MAX_DURATION_NS	(1000000LL * 1000000000LL)	/* 10^6 s */

/* parse_uint: decimal only, no sign, no spaces; min <= value <= max. */
const char	*parse_uint(const char *s, uint64_t min, uint64_t max,
		    uint64_t *out);
/* parse_port: 1..65535.  parse_ttl: 0..255. */
const char	*parse_port(const char *s, uint16_t *port);
const char	*parse_ttl(const char *s, int *ttl);

/*
 * parse_duration: seconds as a plain decimal ("2", "0.2", ".5", "1.");
 * no sign, exponent, hex, inf or nan.  Digits past nanoseconds are
 * truncated.  The result lies in [min_ns, max_ns].
 */
const char	*parse_duration(const char *s, int64_t min_ns, int64_t max_ns,
		    int64_t *ns);

/*
 * parse_bits: bits per second as a plain decimal with an optional SI
 * suffix, k, M or G (1000s; K, m and g too): "1.5M" is 1500000.  The
 * result, truncated to whole bits, lies in [min, max] (max <= 10^15).
 */
const char	*parse_bits(const char *s, uint64_t min, uint64_t max,
		    uint64_t *bits);

/*
 * snmp_value: the counter name in the text of /proc/net/snmp (name as
 * "Ip:ReasmFails": a line of names, then one of values, both starting
 * "Ip:") or /proc/net/snmp6 (name as "Ip6ReasmFails": a name and its
 * value on a line).  Returns it, or -1 when it is not there.
 */
long long	 snmp_value(const char *text, const char *name);

/* parse_pct: a percentage, a plain decimal 0..100, into *pct. */
const char	*parse_pct(const char *s, double *pct);

/*
 * parse_group: an IPv4 (224.0.0.0/4) or IPv6 (ff00::/8) multicast address,
 * IPv6 optionally with "%scope" (copied to scope, which holds IF_NAMESIZE
 * bytes; empty when none).  family is AF_UNSPEC or the family required.
 * The port of the result is 0.
 */
const char	*parse_group(const char *s, int family,
		    struct sockaddr_storage *group, char *scope);

/*
 * parse_group_range: a group, or "GROUP+N" for N consecutive groups from
 * GROUP (IPv4, or IPv6 counting in the last 32 bits), 1 <= N <=
 * MC_MAX_GROUPS, all multicast.  *n is the number of groups; group_nth
 * gives each.  On an error scope is empty.
 */
#define MC_MAX_GROUPS		65536
#define MC_MAX_GROUPS_STR	"65536"
const char	*parse_group_range(const char *s, int family,
		    struct sockaddr_storage *first, uint32_t *n, char *scope);

/*
 * group_nth: the i-th group counting from the group first (first itself
 * for 0) into out, port and scope as first's.  IPv4 counts through the
 * whole address, IPv6 in its last 32 bits only.  Returns 0, or -1 when
 * there is no such group: past 239.255.255.255, a carry out of IPv6's
 * last 32 bits, or first not a multicast group; out is then untouched.
 */
int		 group_nth(const struct sockaddr_storage *first, uint32_t i,
		    struct sockaddr_storage *out);

/*
 * range_overlap: whether na groups from a and nb groups from b (counted
 * as group_nth counts) share a group.  Groups of different families, and
 * IPv6 groups with different sin6_scope_id (different interfaces), are
 * different groups.
 */
int		 range_overlap(const struct sockaddr_storage *a, uint32_t na,
		    const struct sockaddr_storage *b, uint32_t nb);

/*
 * parse_source: a unicast source address for --source: neither multicast
 * nor the unspecified address (0.0.0.0, ::), which no datagram comes from.
 */
const char	*parse_source(const char *s, int family,
		    struct sockaddr_storage *src);

/*
 * parse_prefix: ADDR or ADDR/LEN of either family, for --allow.  Bits of
 * ADDR past LEN are kept as written; prefix_match ignores them.
 */
const char	*parse_prefix(const char *s, struct prefix *p);

/* parse_iface: classify s; digits are an index, an address an address. */
const char	*parse_iface(const char *s, struct iface_spec *spec);

#endif /* PARSE_H */
