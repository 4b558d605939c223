/*
 * ratelimit.c: per-address token buckets (see ratelimit.h).
 */
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "ratelimit.h"
#include "table.h"

#define ONE	NS_PER_SEC	/* one ack, in bucket units */

int
rl_init(struct ratelimit *rl, uint64_t rate)
{
	rl->rate = rate;
	return getentropy(rl->key, sizeof(rl->key));
}

/* The address alone as 16 bytes: IPv6, or IPv4 mapped to IPv6. */
static void
addr_key(const struct sockaddr_storage *a, unsigned char k[16])
{
	if (a->ss_family == AF_INET6) {
		memcpy(k, &((const struct sockaddr_in6 *)(const void *)a)->sin6_addr,
		    16);
		return;
	}
	memset(k, 0, 10);
	k[10] = k[11] = 0xff;
	memcpy(k + 12, &((const struct sockaddr_in *)(const void *)a)->sin_addr,
	    4);
}

uint32_t
rl_home(const struct ratelimit *rl, const struct sockaddr_storage *src)
{
	unsigned char k[16];

	addr_key(src, k);
	return (uint32_t)(siphash24(rl->key, k, 16) % RL_SLOTS);
}

/* The tokens in s's bucket at now, refilled since its last refill. */
static int64_t
tokens_at(const struct rl_slot *s, int64_t now, int64_t rate)
{
	uint64_t dt;

	if (now <= s->last)
		return s->tokens;
	/* ns elapsed times acks per second gives tokens in 1e-9 acks */
	dt = (uint64_t)now - (uint64_t)s->last;
	if (dt >= NS_PER_SEC || s->tokens + (int64_t)dt * rate > rate * ONE)
		return rate * ONE;
	return s->tokens + (int64_t)dt * rate;
}

/*
 * The slot of the address k, or a new one for it: the first of its slots
 * that is free or refilled.  Slots are never freed, only handed over, so
 * the slots before an address's own are all in use: a free slot ends the
 * search.  NULL when every slot is held by a bucket still refilling.
 */
static struct rl_slot *
find(struct ratelimit *rl, const unsigned char k[16], int64_t now,
    int64_t rate)
{
	struct rl_slot *s, *spare = NULL;
	uint32_t h = (uint32_t)(siphash24(rl->key, k, 16) % RL_SLOTS);
	int i;

	for (i = 0; i < RL_PROBE; i++) {
		s = &rl->slot[(h + (uint32_t)i) % RL_SLOTS];
		if (!s->used)
			break;
		if (memcmp(s->addr, k, 16) == 0)
			return s;
		/* Full again: a new bucket for this address is the same. */
		if (spare == NULL && tokens_at(s, now, rate) == rate * ONE)
			spare = s;
	}
	if (spare == NULL) {
		if (i == RL_PROBE)
			return NULL;
		spare = s;
	}
	memcpy(spare->addr, k, 16);
	spare->used = 1;
	spare->tokens = rate * ONE;
	spare->last = now;
	return spare;
}

int
rl_allow(struct ratelimit *rl, const struct sockaddr_storage *src, int64_t now)
{
	struct rl_slot *s;
	unsigned char k[16];
	int64_t rate;

	if (rl->rate == 0)
		return 1;
	rate = (int64_t)(rl->rate > RL_RATEMAX ? RL_RATEMAX : rl->rate);
	addr_key(src, k);
	if ((s = find(rl, k, now, rate)) == NULL) {
		rl->full++;
		return 0;
	}
	s->tokens = tokens_at(s, now, rate);
	if (now > s->last)
		s->last = now;
	if (s->tokens < ONE)
		return 0;
	s->tokens -= ONE;
	return 1;
}
