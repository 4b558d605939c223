/*
 * ratelimit.h: per-source token buckets, so that a receiver cannot be
 * made to ack one address faster than a set rate.  Pure: the caller
 * passes the time.  A fixed table; when it is full the least recently
 * seen source in the probed slots gives its slot up, so a flood of
 * spoofed sources costs memory no more than the table.
 */
#ifndef RATELIMIT_H
#define RATELIMIT_H

#include <sys/socket.h>
#include <stdint.h>

#define RL_SLOTS	4096
#define RL_PROBE	8

struct rl_slot {
	int64_t tokens;			/* in 1e-9 acks: rate * ns */
	int64_t last;			/* ns of the last refill */
	unsigned char addr[16];		/* IPv4 in the first 4 bytes */
	unsigned char family;		/* AF_UNSPEC (0): free */
};

struct ratelimit {
	uint64_t rate;			/* acks per second per source; 0: none */
	struct rl_slot slot[RL_SLOTS];
};

/*
 * rl_init: rate acks per second per source, with a burst of rate.  rl
 * must start zeroed (static or calloc): the table is not cleared here, so
 * that its pages stay untouched until sources arrive.
 */
void	rl_init(struct ratelimit *rl, uint64_t rate);

/*
 * rl_allow: whether src may have one more ack at now (ns); takes the
 * token when it may.  Always 1 when the rate is 0.
 */
int	rl_allow(struct ratelimit *rl, const struct sockaddr_storage *src,
	    int64_t now);

#endif /* RATELIMIT_H */
