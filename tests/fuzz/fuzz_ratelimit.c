/*
 * fuzz_ratelimit.c: the per-address ack limit (src/ratelimit.c).
 *
 * The input is a header byte (the rate, and where the clock starts), then
 * operations of three bytes: which address asks (one of a pool, with a
 * port, or any IPv4 address from the next four bytes) and how far the
 * clock moves on (0 to 255 steps of 0, 1 ns, ... 1 s; never back).  The
 * pool, worked out once for the fixed key set here: a victim in both its
 * forms (IPv4 and IPv4-mapped IPv6), IPv4 and IPv6 addresses that share
 * its first slot, some that share the slots after it, and two others.
 *
 * For every address of the pool: no window of one second holds more than
 * rate + burst (2 * rate) of its grants (kept in a ring of its last grant
 * times), and every answer is the one its own token bucket, kept here,
 * gives; but for a refusal for want of a slot (full grows by one), which
 * takes nothing.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ratelimit.h"
#include "fuzz.h"

#define SEC	1000000000LL
#define NPOOL	32
#define NID	(NPOOL - 1)	/* the victim's two forms are one address */
#define MAXK	2000		/* 2 * the highest rate tried */

static const uint64_t key[2] = { 0x5eed5eed12345678ULL, 0x0badc0ffee0ddf00ULL };
static const uint64_t rates[8] = { 1, 2, 3, 7, 10, 32, 100, 1000 };
static const int64_t unit[8] = { 0, 1, 1000, 100000, 1000000, 10000000,
    100000000, SEC };

static struct {
	struct sockaddr_storage ss;
	int id;
} pool[NPOOL];

/* One address's bucket, as the guarantee describes it, and its grants. */
struct model {
	int64_t tokens, last;		/* in 1e-9 acks; ns */
	int any;
	size_t ng, head;
	int64_t grant[MAXK];
};
static struct model model[NID];
static struct ratelimit rl;

static struct sockaddr_storage
v4(uint32_t a, uint16_t port)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s = (struct sockaddr_in *)(void *)&ss;

	memset(&ss, 0, sizeof(ss));
	s->sin_family = AF_INET;
	s->sin_addr.s_addr = htonl(a);
	s->sin_port = htons(port);
	return ss;
}

/* 2001:db8::low, or with low6 0xffff ::ffff:low (IPv4-mapped). */
static struct sockaddr_storage
v6(uint16_t low6, uint32_t low)
{
	static const unsigned char doc[4] = { 0x20, 0x01, 0x0d, 0xb8 };
	struct sockaddr_storage ss;
	struct sockaddr_in6 *s = (struct sockaddr_in6 *)(void *)&ss;

	memset(&ss, 0, sizeof(ss));
	s->sin6_family = AF_INET6;
	if (low6 == 0xffff)
		memset(&s->sin6_addr.s6_addr[10], 0xff, 2);
	else
		memcpy(&s->sin6_addr.s6_addr[0], doc, 4);
	low = htonl(low);
	memcpy(&s->sin6_addr.s6_addr[12], &low, 4);
	return ss;
}

/* pool[i..i+n): addresses in 10/8 (or 2001:db8::/96) whose home is h. */
static int
find_pool(int i, int n, uint32_t h, int six)
{
	uint32_t x;

	for (x = 1; n > 0; x++) {
		pool[i].ss = six ? v6(0, x) : v4(0x0a000000 + x, 0);
		if (rl_home(&rl, &pool[i].ss) == h) {
			pool[i].id = i - 1;
			i++;
			n--;
		}
	}
	return i;
}

static void
make_pool(void)
{
	uint32_t home;
	int i;

	memset(&rl, 0, sizeof(rl));
	memcpy(rl.key, key, sizeof(key));
	pool[0].ss = v4(0xc0000201, 0);			/* 192.0.2.1 */
	pool[1].ss = v6(0xffff, 0xc0000201);		/* ::ffff:192.0.2.1 */
	pool[0].id = pool[1].id = 0;
	home = rl_home(&rl, &pool[0].ss);
	CHECK(rl_home(&rl, &pool[1].ss) == home);
	i = find_pool(2, 16, home, 0);
	i = find_pool(i, 4, home, 1);
	i = find_pool(i, 4, (home + 1) % RL_SLOTS, 0);
	i = find_pool(i, 4, (home + 3) % RL_SLOTS, 1);
	pool[i].ss = v4(0xc6336401, 0);			/* 198.51.100.1 */
	pool[i].id = i - 1;
	i++;
	pool[i].ss = v6(0, 0xffffffff);
	pool[i].id = i - 1;
	CHECK(i == NPOOL - 1);
}

/* The pool id of an IPv4 address, -1 when it is not in the pool. */
static int
id_of(const struct sockaddr_storage *ss)
{
	const struct sockaddr_in *a = (const struct sockaddr_in *)(const void *)ss;
	const struct sockaddr_in *b;
	int i;

	for (i = 0; i < NPOOL; i++) {
		b = (const struct sockaddr_in *)(const void *)&pool[i].ss;
		if (b->sin_family == AF_INET &&
		    b->sin_addr.s_addr == a->sin_addr.s_addr)
			return pool[i].id;
	}
	return -1;
}

/* The model's answer at now: refill, then take one if there is one. */
static int
model_take(struct model *m, int64_t now, int64_t rate, int slotless)
{
	int64_t cap = rate * SEC;

	if (!m->any) {
		m->any = 1;
		m->tokens = cap;
		m->last = now;
	} else if (now > m->last) {
		if (now - m->last >= SEC || m->tokens + (now - m->last) * rate > cap)
			m->tokens = cap;
		else
			m->tokens += (now - m->last) * rate;
		m->last = now;
	}
	if (slotless || m->tokens < SEC)
		return 0;
	m->tokens -= SEC;
	return 1;
}

/* A grant at now: the one 2 * rate grants back is over a second ago. */
static void
granted(struct model *m, int64_t now, size_t k)
{
	if (m->ng == k) {
		CHECK(now - m->grant[m->head] > SEC);
		m->grant[m->head] = now;
		m->head = (m->head + 1) % k;
	} else {
		m->grant[m->ng++] = now;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct sockaddr_storage ss;
	uint64_t rate, full;
	int64_t now;
	size_t i;
	int id, got;

	if (!ready) {
		make_pool();
		ready = 1;
	}
	if (size < 1)
		return 0;
	rate = rates[data[0] % 8];
	now = (int64_t)(data[0] >> 3) << 57;
	memset(&rl, 0, sizeof(rl));
	CHECK(rl_init(&rl, rate) == 0);
	memcpy(rl.key, key, sizeof(key));
	for (i = 0; i < NID; i++) {
		model[i].any = 0;
		model[i].ng = model[i].head = 0;
	}
	for (i = 1; i + 3 <= size; i += 3) {
		now += (int64_t)data[i + 2] * unit[data[i + 1] % 8];
		if (data[i] < 224) {
			ss = pool[data[i] % NPOOL].ss;
			/* sin_port and sin6_port lie at the same offset */
			((struct sockaddr_in *)(void *)&ss)->sin_port =
			    htons(data[i + 1] >> 3);
			id = pool[data[i] % NPOOL].id;
		} else if (i + 7 <= size) {
			ss = v4((uint32_t)data[i + 3] << 24 |
			    (uint32_t)data[i + 4] << 16 |
			    (uint32_t)data[i + 5] << 8 | data[i + 6], 1);
			id = id_of(&ss);
			i += 4;
		} else {
			break;
		}
		full = rl.full;
		got = rl_allow(&rl, &ss, now);
		CHECK(rl.full == full || rl.full == full + 1);
		CHECK(rl.full == full || !got);
		if (id < 0)
			continue;
		CHECK(got == model_take(&model[id], now, (int64_t)rate,
		    rl.full != full));
		if (got)
			granted(&model[id], now, 2 * rate);
	}
	return 0;
}
