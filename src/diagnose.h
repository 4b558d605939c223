/*
 * diagnose.h: when nothing answers, say which of the usual causes apply
 * on this host.  gather_facts() reads the host (interfaces, /proc);
 * advise() is pure and turns the facts into advice lines.
 */
#ifndef DIAGNOSE_H
#define DIAGNOSE_H

#include <net/if.h>
#include <sys/socket.h>

#include "output.h"

#define DIAG_MAXIF	8

struct facts {
	int family;
	int ttl;
	int loop;
	int link_scope;			/* the group never leaves the link */
	int iface_given;		/* -I named the interface */
	char chosen[IF_NAMESIZE];	/* where probes went; "" unknown */
	char others[DIAG_MAXIF][IF_NAMESIZE];	/* other multicast ifaces up */
	int nothers;
	int rp_filter;			/* on chosen: 0 off, 1 strict, 2 loose; -1 */
	int mroute;			/* a route for 224.0.0.0/4 exists; -1 */
	unsigned long long ignored;	/* acks that matched no probe of ours */
};

/*
 * gather_facts: fill f for sending to group through ifindex (0: the
 * kernel's choice) with the given ttl and loop.  What cannot be read
 * stays unknown.
 */
void	gather_facts(struct facts *f, const struct sockaddr *group,
	    unsigned int ifindex, int ttl, int loop);

/*
 * advise: one line per cause that applies, each starting "  - ", into
 * out.  Returns how many.
 */
int	advise(const struct facts *f, struct sbuf *out);

#endif /* DIAGNOSE_H */
