/*
 * test_recvstream.c: cmocka tests for a receiver's side of a stream
 * (recvstream.c): counting, the report datagram, its schedule, the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "clock.h"
#include "probe.h"
#include "recvstream.h"
#include "stream.h"

#define T0	(1000 * NS_PER_SEC)

static struct probe
dgram(uint32_t seq, int64_t stamp, int ivl, unsigned int flags)
{
	struct probe p = { .type = PROBE_STREAM };

	p.session = 77;
	p.seq = seq;
	p.stamp = (uint64_t)stamp;
	p.ttl = ivl;
	p.flags = flags;
	return p;
}

/* Decode a report datagram back into p and r; asserts it is valid. */
static void
decode(const unsigned char *b, size_t n, struct probe *p,
    struct stream_report *r)
{
	assert_int_equal(probe_decode(b, n, p), PROBE_OK);
	assert_int_equal(p->type, PROBE_REPORT);
	assert_int_equal(stream_report_decode(p->payload, p->paylen, r), 0);
}

static void
test_counts_and_report(void **state)
{
	struct rstream rs;
	unsigned char b[256];
	struct stream_report r;
	struct probe p, q;
	size_t n;
	uint32_t i;

	(void)state;
	rs_init(&rs, 77, T0, 0);
	for (i = 0; i < 10; i++) {
		if (i == 4)
			continue;		/* lost */
		p = dgram(i, 5000 + i * 1000, 0, 0);
		rs_add(&rs, &p, 100, T0 + i, 5000 + i * 1000 + 300, 2, 63);
	}
	assert_int_equal(rs.sock, 2);
	assert_int_equal(rs.ttl, 63);
	n = rs_report(&rs, T0 + NS_PER_SEC, 0, "rx", 2, b, sizeof(b));
	assert_int_equal(n, PROBE_HDRLEN + 2 + STREAM_REPLEN);
	decode(b, n, &q, &r);
	assert_int_equal(q.session, 77);
	assert_int_equal(q.seq, 0);
	assert_int_equal(q.ttl, 63);
	assert_int_equal(q.flags & PROBE_F_FINAL, 0);
	assert_memory_equal(q.name, "rx", 2);
	assert_int_equal(r.received, 9);
	assert_int_equal(r.lost, 1);
	assert_int_equal(r.bytes, 900);
	assert_int_equal(r.dmin, 300);
	assert_int_equal(r.dmax, 300);
	assert_int_equal(r.jitter, 0);
	/* The next report is numbered 1, and final when asked. */
	n = rs_report(&rs, T0 + 2 * NS_PER_SEC, 1, "rx", 2, b, sizeof(b));
	decode(b, n, &q, &r);
	assert_int_equal(q.seq, 1);
	assert_int_equal(q.flags & PROBE_F_FINAL, PROBE_F_FINAL);
	/* No room: nothing. */
	assert_int_equal(rs_report(&rs, T0, 0, "rx", 2, b, 40), 0);
}

static void
test_end_marker(void **state)
{
	struct rstream rs;
	unsigned char b[256];
	struct stream_report r;
	struct probe p, q;
	size_t n;

	(void)state;
	rs_init(&rs, 77, T0, 0);
	p = dgram(0, 0, 0, 0);
	rs_add(&rs, &p, 24, T0, 10, 0, -1);
	assert_int_equal(rs.final_due, 0);
	/* The end says 5 were sent: the 4 after the first were lost. */
	p = dgram(5, 0, 0, PROBE_F_END);
	rs_add(&rs, &p, 24, T0 + 1, 10, 0, -1);
	assert_int_equal(rs.final_due, 1);
	n = rs_report(&rs, T0 + 2, 1, "", 0, b, sizeof(b));
	decode(b, n, &q, &r);
	assert_int_equal(r.received, 1);
	assert_int_equal(r.lost, 4);
	assert_true(r.flags & STREAM_F_END);
	assert_int_equal(rs.rx.seq.total, 1);	/* a marker is no datagram */
}

static void
test_schedule(void **state)
{
	struct rstream rs;
	unsigned char b[256];
	struct probe p;

	(void)state;
	rs_init(&rs, 77, T0, 0);
	assert_int_equal(rs.next_report, T0 + NS_PER_SEC);
	assert_int_equal(rs.next_line, -1);
	/* The sender asks for reports every 0.5 s: the next comes sooner. */
	p = dgram(0, 0, 5, 0);
	rs_add(&rs, &p, 24, T0 + 10, 0, 0, -1);
	assert_int_equal(rs.ivl, NS_PER_SEC / 2);
	assert_int_equal(rs.next_report, T0 + 10 + NS_PER_SEC / 2);
	/* On the grid; a late one is never followed by a burst. */
	(void)rs_report(&rs, rs.next_report, 0, "", 0, b, sizeof(b));
	assert_int_equal(rs.next_report, T0 + 10 + NS_PER_SEC);
	(void)rs_report(&rs, T0 + 10 * NS_PER_SEC, 0, "", 0, b, sizeof(b));
	assert_int_equal(rs.next_report, T0 + 10 * NS_PER_SEC + NS_PER_SEC / 2);
	/* Interval lines when asked for. */
	rs_init(&rs, 77, T0, 3 * NS_PER_SEC);
	assert_int_equal(rs.next_line, T0 + 3 * NS_PER_SEC);
	assert_int_equal(rs_wake(&rs), T0 + NS_PER_SEC);
	rs.done = 1;
	assert_int_equal(rs_wake(&rs), -1);
}

static void
test_idle(void **state)
{
	struct rstream rs;
	struct probe p;

	(void)state;
	rs_init(&rs, 77, T0, 0);
	/* Reports every second: three seconds of silence. */
	assert_false(rs_idle(&rs, T0 + 3 * NS_PER_SEC - 1));
	assert_true(rs_idle(&rs, T0 + 3 * NS_PER_SEC));
	/* Every 0.1 s: not three tenths, but RS_IDLE_MIN. */
	p = dgram(0, 0, 1, 0);
	rs_add(&rs, &p, 24, T0, 0, 0, -1);
	assert_false(rs_idle(&rs, T0 + RS_IDLE_MIN - 1));
	assert_true(rs_idle(&rs, T0 + RS_IDLE_MIN));
	/* Every 2 s: three intervals of silence. */
	p = dgram(1, 0, 20, 0);
	rs_add(&rs, &p, 24, T0, 0, 0, -1);
	assert_false(rs_idle(&rs, T0 + 6 * NS_PER_SEC - 1));
	assert_true(rs_idle(&rs, T0 + 6 * NS_PER_SEC));
	assert_true(rs_wake(&rs) <= T0 + 6 * NS_PER_SEC);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_and_report),
		cmocka_unit_test(test_end_marker),
		cmocka_unit_test(test_schedule),
		cmocka_unit_test(test_idle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
