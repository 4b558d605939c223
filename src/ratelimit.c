/*
 * ratelimit.c: per-source token buckets (see ratelimit.h).
 */
#include <string.h>

#include "mcast.h"
#include "ratelimit.h"

#define ONE	NS_PER_SEC	/* one ack, in bucket units */

void
rl_init(struct ratelimit *rl, uint64_t rate)
{
	memset(rl, 0, sizeof(*rl));
	rl->rate = rate;
}

/* FNV-1a over the address bytes only. */
static uint32_t
hash(const struct sockaddr_storage *a)
{
	const unsigned char *p;
	uint32_t h = 2166136261u;
	size_t n, i;

	if (a->ss_family == AF_INET6) {
		p = ((const struct sockaddr_in6 *)(const void *)a)->sin6_addr.s6_addr;
		n = 16;
	} else {
		p = (const unsigned char *)
		    &((const struct sockaddr_in *)(const void *)a)->sin_addr;
		n = 4;
	}
	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

int
rl_allow(struct ratelimit *rl, const struct sockaddr_storage *src, int64_t now)
{
	struct rl_slot *s = NULL, *oldest = NULL;
	int64_t cap, add;
	uint32_t h;
	int i;

	if (rl->rate == 0)
		return 1;
	/* Never more than a second's worth: rate * 1e9 must not overflow. */
	cap = (int64_t)(rl->rate > 1000000 ? 1000000 : rl->rate) * ONE;
	h = hash(src);
	for (i = 0; i < RL_PROBE; i++) {
		struct rl_slot *c = &rl->slot[(h + (uint32_t)i) % RL_SLOTS];

		if (c->addr.ss_family != AF_UNSPEC && addr_cmp(&c->addr, src) == 0) {
			s = c;
			break;
		}
		if (oldest == NULL || c->addr.ss_family == AF_UNSPEC ||
		    (oldest->addr.ss_family != AF_UNSPEC && c->last < oldest->last))
			oldest = c;
	}
	if (s == NULL) {
		s = oldest;
		memset(s, 0, sizeof(*s));
		memcpy(&s->addr, src, sizeof(*src));
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
