/*
 * ratelimit.c: per-source token buckets (see ratelimit.h).
 */
#include <netinet/in.h>
#include <string.h>

#include "clock.h"
#include "ratelimit.h"

#define ONE	NS_PER_SEC	/* one ack, in bucket units */

void
rl_init(struct ratelimit *rl, uint64_t rate)
{
	rl->rate = rate;
}

/* The address bytes of a, zero-padded to 16; FNV-1a hash of them. */
static uint32_t
key(const struct sockaddr_storage *a, unsigned char k[16])
{
	uint32_t h = 2166136261u;
	size_t i;

	memset(k, 0, 16);
	if (a->ss_family == AF_INET6)
		memcpy(k, &((const struct sockaddr_in6 *)(const void *)a)->sin6_addr, 16);
	else
		memcpy(k, &((const struct sockaddr_in *)(const void *)a)->sin_addr, 4);
	for (i = 0; i < 16; i++)
		h = (h ^ k[i]) * 16777619u;
	return h;
}

int
rl_allow(struct ratelimit *rl, const struct sockaddr_storage *src, int64_t now)
{
	struct rl_slot *s = NULL, *oldest = NULL;
	unsigned char k[16];
	int64_t cap, add;
	uint32_t h;
	int i;

	if (rl->rate == 0)
		return 1;
	/* Never more than a second's worth: rate * 1e9 must not overflow. */
	cap = (int64_t)(rl->rate > 1000000 ? 1000000 : rl->rate) * ONE;
	h = key(src, k);
	for (i = 0; i < RL_PROBE; i++) {
		struct rl_slot *c = &rl->slot[(h + (uint32_t)i) % RL_SLOTS];

		if (c->family == src->ss_family && memcmp(c->addr, k, 16) == 0) {
			s = c;
			break;
		}
		if (oldest == NULL || c->family == AF_UNSPEC ||
		    (oldest->family != AF_UNSPEC && c->last < oldest->last))
			oldest = c;
	}
	if (s == NULL) {
		s = oldest;
		memcpy(s->addr, k, 16);
		s->family = (unsigned char)src->ss_family;
		s->tokens = cap;
		s->last = now;
	}
	if (now > s->last) {
		/* ns elapsed times acks per second gives tokens in 1e-9 acks */
		int64_t dt = now - s->last;

		add = dt >= NS_PER_SEC ? cap : dt * (int64_t)(cap / ONE);
		s->tokens = s->tokens > cap - add ? cap : s->tokens + add;
		s->last = now;
	}
	if (s->tokens < ONE)
		return 0;
	s->tokens -= ONE;
	return 1;
}
