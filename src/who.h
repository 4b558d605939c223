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
 * with a struct who; a new one (zeroed but for its who, *isnew set) when
 * k is new.  NULL when t is full (errno ENOSPC) or memory ran out.
 */
void	*who_find(struct table *t, const struct who_key *k, size_t size,
	    int *isnew);

#endif /* WHO_H */
