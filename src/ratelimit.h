/*
 * ratelimit.h: per-address token buckets, so that a receiver cannot be
 * made to ack one address faster than a set rate.  Pure but for the key
 * rl_init draws: the caller passes the time.
 *
 * The guarantee: with rate r (acks per second), one address gets at most
 * r * T + r acks in any T seconds (a burst of r, one second's worth), so
 * at most 2r in any one second, whatever other addresses, groups or ports
 * do through the same struct ratelimit.  An address is the IPv4 or IPv6
 * address alone: no port, no scope, and an IPv4-mapped IPv6 address is
 * the IPv4 address.
 *
 * A fixed table, so that a flood of spoofed sources costs no more memory
 * than the table.  Each address may use RL_PROBE slots, chosen by a keyed
 * hash (SipHash-2-4, random key), so that which addresses share slots
 * cannot be worked out from outside.  A slot changes hands only when its
 * bucket is full again, when forgetting it changes nothing: eviction never
 * hands out tokens that an address could not have had.  While all of an
 * address's slots hold buckets still refilling (each does for up to a
 * second after its last ack), that address gets no ack, counted in full.
 * So about RL_SLOTS addresses acked within the last second fit; past that
 * new ones are refused (so never acked beyond the limit) until buckets
 * refill.
 */
#ifndef RATELIMIT_H
#define RATELIMIT_H

#include <sys/socket.h>
#include <stdint.h>

#define RL_SLOTS	4096
#define RL_PROBE	8
#define RL_RATEMAX	1000000		/* a higher rate counts as this */

struct rl_slot {
	int64_t tokens;			/* in 1e-9 acks: rate * ns */
	int64_t last;			/* ns of the last refill */
	unsigned char addr[16];		/* IPv6; IPv4 as ::ffff:a.b.c.d */
	unsigned char used;
};

struct ratelimit {
	uint64_t rate;			/* acks per second per address; 0: none */
	uint64_t key[2];		/* of the hash; rl_init draws it */
	uint64_t full;			/* refused: no slot free for the address */
	struct rl_slot slot[RL_SLOTS];
};

/*
 * rl_init: rate acks per second per address (0: no limit), and a random
 * key.  rl must start zeroed (static or calloc): the table is not cleared
 * here, so that its pages stay untouched until sources arrive.  Returns 0,
 * or -1 with errno when no random key could be had; the limiter then
 * still works and keeps its guarantee, but which addresses share slots
 * can be worked out (and so one address kept from its slots by others).
 */
int	rl_init(struct ratelimit *rl, uint64_t rate);

/*
 * rl_allow: whether src may have one more ack at now (ns, never going
 * back); takes the token when it may.  Always 1 when the rate is 0.
 */
int	rl_allow(struct ratelimit *rl, const struct sockaddr_storage *src,
	    int64_t now);

/* rl_home: the first of the slots src may use (for tests). */
uint32_t rl_home(const struct ratelimit *rl,
	    const struct sockaddr_storage *src);

#endif /* RATELIMIT_H */
