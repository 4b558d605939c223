/*
 * test_ratelimit.c: cmocka tests for the per-address ack limit
 * (src/ratelimit.c).  The time is a parameter, so seconds pass at once.
 * Colliding addresses are found with rl_home, from the real hash and the
 * key rl_init drew.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ratelimit.h"

#define SEC	1000000000LL	/* ns */
#define MS	1000000LL

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

static struct sockaddr_storage
v6(const char *text, uint16_t port)
{
	struct sockaddr_storage ss;
	struct sockaddr_in6 *s = (struct sockaddr_in6 *)(void *)&ss;

	memset(&ss, 0, sizeof(ss));
	s->sin6_family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, text, &s->sin6_addr), 1);
	s->sin6_port = htons(port);
	return ss;
}

/* A zeroed limiter, as the programs have it (static or calloc). */
static struct ratelimit *
new_rl(uint64_t rate)
{
	struct ratelimit *rl = calloc(1, sizeof(*rl));

	assert_non_null(rl);
	assert_int_equal(rl_init(rl, rate), 0);
	return rl;
}

/* n addresses in 10/8 whose first slot is home, into a[]. */
static void
colliders(const struct ratelimit *rl, uint32_t home,
    struct sockaddr_storage *a, int n)
{
	uint32_t x;
	int got = 0;

	for (x = 0x0a000000; got < n && x < 0x0b000000; x++) {
		a[got] = v4(x, 10000);
		if (rl_home(rl, &a[got]) == home)
			got++;
	}
	assert_int_equal(got, n);
}

static void
test_rl_off(void **state)
{
	struct ratelimit *rl = new_rl(0);
	struct sockaddr_storage a = v4(0xc0000201, 1);
	int i;

	(void)state;
	for (i = 0; i < 100000; i++)
		assert_true(rl_allow(rl, &a, 0));
	free(rl);
}

/* One source calling every ms for 2 s at rate 10: the burst, then 10/s. */
static void
test_rl_steady(void **state)
{
	struct ratelimit *rl = new_rl(10);
	struct sockaddr_storage a;
	int64_t t;
	int got = 0;

	(void)state;
	for (t = 0; t < 2 * SEC; t += MS) {
		/* Another port every time: the port is not the address. */
		a = v4(0xc0000201, (uint16_t)(t / MS));
		got += rl_allow(rl, &a, t);
	}
	/* 10 at once (0..9 ms), then one at each 100 ms from 100 to 1900. */
	assert_int_equal(got, 10 + 19);
	assert_int_equal(rl->full, 0);
	free(rl);
}

/* IPv4 and IPv4-mapped IPv6 are one address; IPv6 ports do not count. */
static void
test_rl_same_address(void **state)
{
	struct ratelimit *rl = new_rl(3);
	struct sockaddr_storage a4 = v4(0xc0000201, 5);
	struct sockaddr_storage m6 = v6("::ffff:192.0.2.1", 6);
	struct sockaddr_storage b6 = v6("2001:db8::1", 7);
	struct sockaddr_storage c6 = v6("2001:db8::1", 8);

	(void)state;
	assert_int_equal(rl_home(rl, &a4), rl_home(rl, &m6));
	assert_true(rl_allow(rl, &a4, 0));
	assert_true(rl_allow(rl, &m6, 0));
	assert_true(rl_allow(rl, &a4, 0));
	assert_false(rl_allow(rl, &m6, 0));
	assert_false(rl_allow(rl, &a4, 0));
	assert_true(rl_allow(rl, &b6, 0));
	assert_true(rl_allow(rl, &c6, 0));
	assert_true(rl_allow(rl, &b6, 0));
	assert_false(rl_allow(rl, &c6, 0));
	/* A third of a second later, one more each. */
	assert_true(rl_allow(rl, &m6, SEC / 3 + 1));
	assert_false(rl_allow(rl, &a4, SEC / 3 + 1));
	assert_true(rl_allow(rl, &c6, SEC / 3 + 1));
	free(rl);
}

/*
 * The bypass: addresses that share the victim's slots take turns, each
 * call 0.1 ms apart, for 2 s.  Evicting one another must not give the
 * victim new buckets: at most rate * 2 + burst acks.  And the colliders
 * cannot push the victim out while its bucket refills: it gets its due.
 */
static void
test_rl_colliding(void **state)
{
	struct sockaddr_storage a[17];
	struct ratelimit *rl = new_rl(10);
	int64_t t;
	int i, got = 0;

	(void)state;
	a[0] = v4(0xc0000201, 10000);
	colliders(rl, rl_home(rl, &a[0]), a + 1, 16);
	for (t = 0, i = 0; t < 2 * SEC; t += SEC / 10000, i = (i + 1) % 17)
		if (rl_allow(rl, &a[i], t) && i == 0)
			got++;
	assert_true(got <= 10 * 2 + 10);
	assert_true(got >= 10 + 19);
	assert_true(rl->full > 0);
	free(rl);
}

/*
 * Colliders that each come back once their bucket is full again, so that
 * slots keep changing hands, and a victim asking 40 times every 50 ms.
 */
static void
test_rl_churn(void **state)
{
	struct sockaddr_storage a[24], victim = v4(0xc0000201, 1);
	struct ratelimit *rl = new_rl(10);
	int64_t t;
	int i, got = 0;

	(void)state;
	/* Colliders with the victim's first slot and the two after it. */
	for (i = 0; i < 24; i += 8)
		colliders(rl, (rl_home(rl, &victim) + (uint32_t)i / 8) %
		    RL_SLOTS, a + i, 8);
	for (t = 0; t < 2 * SEC; t += MS) {
		for (i = 0; i < 24; i++)
			if ((t / MS + i * 7) % 150 == 0)
				(void)rl_allow(rl, &a[i], t);
		if (t / MS % 50 == 0)
			for (i = 0; i < 40; i++)
				got += rl_allow(rl, &victim, t);
	}
	assert_true(got <= 10 * 2 + 10);
	assert_true(got >= 10);
	free(rl);
}

/* A slot changes hands only once its bucket is full again. */
static void
test_rl_handover(void **state)
{
	struct sockaddr_storage a[RL_PROBE + 1];
	struct ratelimit *rl = new_rl(10);
	int i;

	(void)state;
	colliders(rl, 7, a, RL_PROBE + 1);
	/* a[0] takes its whole burst; the others fill the other slots. */
	for (i = 0; i < 10; i++)
		assert_true(rl_allow(rl, &a[0], 0));
	assert_false(rl_allow(rl, &a[0], 0));
	for (i = 1; i < RL_PROBE; i++)
		assert_true(rl_allow(rl, &a[i], MS));
	/* No slot is full again before 101 ms: the last one waits. */
	assert_false(rl_allow(rl, &a[RL_PROBE], 100 * MS));
	assert_int_equal(rl->full, 1);
	/* a[0] kept its slot and its bucket: 5 tokens at 500 ms, not 10. */
	for (i = 0; i < 5; i++)
		assert_true(rl_allow(rl, &a[0], 500 * MS));
	assert_false(rl_allow(rl, &a[0], 500 * MS));
	/* a[1]'s bucket is full again: its slot goes to a[RL_PROBE]. */
	assert_true(rl_allow(rl, &a[RL_PROBE], 500 * MS));
	assert_int_equal(rl->full, 1);
	/* a[1] gave its slot up with a full bucket: it gets its burst. */
	for (i = 0; i < 10; i++)
		assert_true(rl_allow(rl, &a[1], 500 * MS));
	assert_false(rl_allow(rl, &a[1], 500 * MS));
	free(rl);
}

/* A rate above RL_RATEMAX counts as RL_RATEMAX. */
static void
test_rl_ratemax(void **state)
{
	struct ratelimit *rl = new_rl(5 * RL_RATEMAX);
	struct sockaddr_storage a = v4(0xc0000201, 1);
	int i;

	(void)state;
	for (i = 0; i < RL_RATEMAX; i++)
		if (!rl_allow(rl, &a, 0))
			fail_msg("refused at %d", i);
	assert_false(rl_allow(rl, &a, 0));
	assert_true(rl_allow(rl, &a, 1000));
	assert_false(rl_allow(rl, &a, 1000));
	free(rl);
}

/* A victim among a flood of random sources, IPv4 and IPv6, for 2 s. */
static void
test_rl_random(void **state)
{
	static const uint64_t rates[] = { 1, 10, 1000 };
	struct sockaddr_storage victim = v6("2001:db8::77", 1), a;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)(void *)&a;
	struct ratelimit *rl;
	uint32_t x = 99;
	int64_t t;
	size_t r;
	int got;

	(void)state;
	for (r = 0; r < sizeof(rates) / sizeof(rates[0]); r++) {
		rl = new_rl(rates[r]);
		/* A set key, so that the run is the same every time. */
		rl->key[0] = 0x0123456789abcdefULL;
		rl->key[1] = rates[r];
		got = 0;
		for (t = 0; t < 2 * SEC; t += 10000) {
			x = x * 1664525u + 1013904223u;
			if (x & 0x100) {
				a = v4(x, 2);
			} else {
				a = victim;
				memcpy(&s6->sin6_addr.s6_addr[12], &x, 4);
			}
			(void)rl_allow(rl, &a, t);
			if (x % 7 == 0)
				got += rl_allow(rl, &victim, t);
		}
		assert_true(got <= (int)(rates[r] * 2 + rates[r]));
		/* The victim was not kept out: at least the rate over 1 s. */
		assert_true(got >= (int)rates[r]);
		free(rl);
	}
}

/* rl_init leaves the table alone and draws a key. */
static void
test_rl_init(void **state)
{
	struct ratelimit *rl = malloc(sizeof(*rl)), *rl2 = new_rl(5);
	const unsigned char *p;
	size_t i;

	(void)state;
	assert_non_null(rl);
	memset(rl, 0xa5, sizeof(*rl));
	assert_int_equal(rl_init(rl, 5), 0);
	assert_int_equal(rl->rate, 5);
	p = (const unsigned char *)rl->slot;
	for (i = 0; i < sizeof(rl->slot); i++)
		if (p[i] != 0xa5)
			fail_msg("rl_init wrote slot byte %zu", i);
	/* Two draws differ (but once in 2^128). */
	assert_true(memcmp(rl->key, rl2->key, sizeof(rl->key)) != 0);
	free(rl);
	free(rl2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rl_off),
		cmocka_unit_test(test_rl_steady),
		cmocka_unit_test(test_rl_same_address),
		cmocka_unit_test(test_rl_colliding),
		cmocka_unit_test(test_rl_churn),
		cmocka_unit_test(test_rl_handover),
		cmocka_unit_test(test_rl_ratemax),
		cmocka_unit_test(test_rl_random),
		cmocka_unit_test(test_rl_init),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
