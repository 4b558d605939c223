/*
 * who.h: what tells one answering receiver from another at the sender:
 * its address and port, the group it answers for, and the name it gives,
 * since several receivers on one host answer from one address and port.
 * The sender's tables (table.h) hold entries that start with a struct who.
 */
#ifndef WHO_H
#define WHO_H

#include <sys/socket.h>
#include <stddef.h>

#include "probe.h"
#include "table.h"

struct who {
	struct sockaddr_storage addr;
	long group;			/* index into the groups; -1 unknown */
	unsigned char name[PROBE_NAMEMAX];
	size_t namelen;
	int hops;			/* the fewest routers an answer crossed;
					   -1 unknown */
};

/* A who to look up: what an answer said. */
struct who_key {
	const struct sockaddr_storage *addr;
	long group;
	const unsigned char *name;	/* namelen <= PROBE_NAMEMAX */
	size_t namelen;
};

/*
 * who_find: the entry of t for k, an entry of size bytes that starts
 * with a struct who; a new one (zeroed but for its who, hops unknown)
 * when k is new.  NULL when t is full (errno ENOSPC) or memory ran out.
 */
void	*who_find(struct table *t, const struct who_key *k, size_t size);

/*
 * who_hops: the routers an answer crossed, sent TTL less the TTL it says
 * it arrived with (-1 when that is unknown, or more than was sent), kept
 * in w when fewer than any before: a dual-homed receiver is as near as
 * its nearest path, whichever answer came last.
 */
int	 who_hops(struct who *w, int sent, int got);

#endif /* WHO_H */
