/*
 * diagnose.c: the usual causes of silence, checked on this host (see
 * diagnose.h).
 */
#include <sys/types.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "diagnose.h"
#include "mcast.h"

/* Read one small integer from a /proc file; -1 when it cannot. */
static int
read_int(const char *path)
{
	char line[32], *end;
	FILE *f;
	long v = -1;

	if ((f = fopen(path, "re")) == NULL)
		return -1;
	if (fgets(line, sizeof(line), f) != NULL) {
		v = strtol(line, &end, 10);
		if (end == line || v < 0 || v > 1000)
			v = -1;
	}
	(void)fclose(f);
	return (int)v;
}

/* Whether /proc/net/route has 224.0.0.0/4; -1 when it cannot tell. */
static int
has_mroute(void)
{
	char line[256], *field[8], *save = NULL, *t;
	FILE *f;
	int found = 0, n;

	if ((f = fopen("/proc/net/route", "re")) == NULL)
		return -1;
	/* Iface Destination Gateway Flags RefCnt Use Metric Mask, in hex */
	while (fgets(line, sizeof(line), f) != NULL) {
		for (n = 0, t = strtok_r(line, " \t\n", &save); t != NULL && n < 8;
		    t = strtok_r(NULL, " \t\n", &save))
			field[n++] = t;
		if (n == 8 && ntohl((uint32_t)strtoul(field[1], NULL, 16)) ==
		    0xe0000000u &&
		    ntohl((uint32_t)strtoul(field[7], NULL, 16)) == 0xf0000000u)
			found = 1;
	}
	(void)fclose(f);
	return found;
}

void
gather_facts(struct facts *f, const struct sockaddr *group,
    unsigned int ifindex, int ttl, int loop)
{
	struct ifaddrs *ifa, *i;
	unsigned int via = ifindex;
	char path[128];
	int k, dup;

	memset(f, 0, sizeof(*f));
	f->family = group->sa_family;
	f->ttl = ttl;
	f->loop = loop;
	f->iface_given = ifindex != 0;
	f->rp_filter = -1;
	f->mroute = f->family == AF_INET ? has_mroute() : 1;
	if (group->sa_family == AF_INET)
		f->link_scope = (ntohl(((const struct sockaddr_in *)(const void *)
		    group)->sin_addr.s_addr) >> 8) == 0xe00000u;
	else
		f->link_scope = group_needs_iface(group);
	if (via == 0 && route_iface(group, &via) == -1)
		via = 0;
	if (via != 0 && if_indextoname(via, f->chosen) == NULL)
		f->chosen[0] = '\0';
	if (f->chosen[0] != '\0' && f->family == AF_INET) {
		int a, b;

		snprintf(path, sizeof(path),
		    "/proc/sys/net/ipv4/conf/%s/rp_filter", f->chosen);
		a = read_int(path);
		b = read_int("/proc/sys/net/ipv4/conf/all/rp_filter");
		/* The kernel applies the larger of the two. */
		f->rp_filter = a > b ? a : b;
	}
	if (getifaddrs(&ifa) == -1)
		return;
	for (i = ifa; i != NULL && f->nothers < DIAG_MAXIF; i = i->ifa_next) {
		if ((i->ifa_flags & (IFF_UP | IFF_MULTICAST)) !=
		    (IFF_UP | IFF_MULTICAST) || (i->ifa_flags & IFF_LOOPBACK) ||
		    strcmp(i->ifa_name, f->chosen) == 0)
			continue;
		for (dup = 0, k = 0; k < f->nothers; k++)
			dup |= strcmp(f->others[k], i->ifa_name) == 0;
		if (!dup)
			snprintf(f->others[f->nothers++], IF_NAMESIZE, "%s",
			    i->ifa_name);
	}
	freeifaddrs(ifa);
}

int
advise(const struct facts *f, struct sbuf *out)
{
	int n = 0, k;

	if (f->ignored > 0) {
		/* Something answered: the path works, the answers do not fit. */
		sb_printf(out, "  - %llu acks came back but matched no probe "
		    "of this run (session, seq or stamp differ): ignored\n",
		    f->ignored);
		return 1;
	}
	if (f->ttl <= 1 && !f->link_scope) {
		sb_printf(out, "  - TTL %d: probes stop at the first router; "
		    "if receivers are further away, raise --ttl\n", f->ttl);
		n++;
	}
	if (!f->iface_given && f->chosen[0] != '\0' && f->nothers > 0) {
		sb_printf(out, "  - the kernel chose %s; also up and "
		    "multicast-capable:", f->chosen);
		for (k = 0; k < f->nothers; k++)
			sb_printf(out, " %s", f->others[k]);
		sb_puts(out, " (choose with --interface)\n");
		n++;
	}
	if (f->rp_filter == 1) {
		sb_printf(out, "  - rp_filter is strict on %s: acks from "
		    "sources not routed back through it are dropped\n",
		    f->chosen);
		n++;
	}
	if (f->family == AF_INET && f->mroute == 0 && !f->iface_given) {
		sb_puts(out, "  - no route for 224.0.0.0/4: multicast follows "
		    "the default route (add one, or use --interface)\n");
		n++;
	}
	if (!f->loop) {
		sb_puts(out, "  - --no-loop: receivers on this host do not see "
		    "the probes\n");
		n++;
	}
	return n;
}
