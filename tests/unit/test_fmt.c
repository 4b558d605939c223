/*
 * test_fmt.c: cmocka tests for the two programs' renderers (sendfmt.c,
 * recvfmt.c): fixed events in, the exact text and JSON lines out.  JSON
 * lines are compared after their "time" member, which is the clock's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "output.h"
#include "recvfmt.h"
#include "sendfmt.h"
#include "stats.h"
#include "streamfmt.h"

struct cap {
	struct outline ol;
	char *buf;
	size_t len;
};

static void
cap_open(struct cap *c, int json)
{
	memset(c, 0, sizeof(*c));
	c->ol.json = json;
	c->ol.f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->ol.f);
}

/* What was written, with a JSON line's time member taken out. */
static char *
cap_close(struct cap *c)
{
	char *t, *q;

	assert_int_equal(fclose(c->ol.f), 0);
	sb_free(&c->ol.sb);
	while ((t = strstr(c->buf, ",\"time\":\"")) != NULL) {
		q = strchr(t + 9, '"');
		assert_non_null(q);
		memmove(t, q + 1, strlen(q + 1) + 1);
	}
	return c->buf;
}

static const unsigned char pay[] = "ack";

static void
test_ack_text(void **state)
{
	struct ev_ack e = {
		.from = "10.0.0.2:10000", .group = "239.1.1.2:10000",
		.several = 1, .seq = 7, .rtt = 1234567, .exact = 1,
		.res = SEQ_DUP, .hops = 2, .ttl = 62,
		.name = (const unsigned char *)"r\"1", .namelen = 3,
		.payload = pay, .paylen = 3,
	};
	struct cap c;
	char *s;

	(void)state;
	cap_open(&c, 0);
	render_ack(&c.ol, &e);
	s = cap_close(&c);
	assert_string_equal(s, "received \"ack\" from 10.0.0.2:10000 seq=7 "
	    "time=1.234 ms hops=2 name=\"r\\\"1\" group=239.1.1.2:10000 dup\n");
	free(s);
}

static void
test_ack_json_plain(void **state)
{
	struct ev_ack e = {
		.from = "10.0.0.2:10000", .group = NULL, .seq = 0, .rtt = 500,
		.exact = 0, .res = SEQ_NEW, .hops = -1, .ttl = -1,
		.payload = (const unsigned char *)"\xff", .paylen = 1,
	};
	struct cap c;
	char *s;

	(void)state;
	cap_open(&c, 1);
	render_ack(&c.ol, &e);
	s = cap_close(&c);
	assert_string_equal(s, "{\"event\":\"ack\",\"from\":\"10.0.0.2:10000\","
	    "\"group\":null,\"seq\":0,\"rtt_ms\":0.000,\"exact\":false,"
	    "\"dup\":false,\"reordered\":false,\"old\":false,\"hops\":null,\"ttl\":null,"
	    "\"name\":null,\"payload\":\"\\ufffd\",\"payload_hex\":\"ff\"}\n");
	free(s);
}

static void
test_send_summary(void **state)
{
	struct rtt r = { 0 };
	struct ev_summary h = {
		.final = 1, .reason = "timeout", .title = "239.1.1.1:10000",
		.sent = 4, .acks = 3, .ignored = 1, .responders = 1,
		.max_responders = 65536,
	};
	struct ev_responder e = {
		.from = "10.0.0.2:40000", .sent = 4, .answered = 3, .acks = 3,
		.first_seq = 1, .loss_pct = 25.0, .loss_since_pct = 0.0,
		.hops = 0, .rtt = &r,
	};
	struct cap c;
	char *s;

	(void)state;
	rtt_add(&r, 1000000);
	rtt_add(&r, 3000000);
	cap_open(&c, 0);
	render_summary_head(&c.ol, &h);
	render_responder(&c.ol, &e, 0);
	ol_end_list(&c.ol, c.ol.f);
	s = cap_close(&c);
	assert_string_equal(s, "--- 239.1.1.1:10000 statistics ---\n"
	    "4 probes sent, 1 responders, 3 acks, 1 ignored\n"
	    "10.0.0.2:40000: 3/4 answered, 25.0% loss, 0.0% since first, "
	    "0 dup, 0 reordered, hops=0, rtt min/avg/max/mdev = "
	    "1.000/2.000/3.000/1.000 ms\n");
	free(s);

	cap_open(&c, 1);
	render_summary_head(&c.ol, &h);
	render_responder(&c.ol, &e, 0);
	ol_end_list(&c.ol, c.ol.f);
	s = cap_close(&c);
	assert_string_equal(s, "{\"event\":\"summary\",\"final\":true,"
	    "\"reason\":\"timeout\",\"group\":\"239.1.1.1:10000\",\"sent\":4,"
	    "\"skipped\":0,\"acks\":3,\"ignored\":1,\"untracked\":0,\"responders\":[{\"from\":"
	    "\"10.0.0.2:40000\",\"group\":null,\"name\":null,\"answered\":3,"
	    "\"acks\":3,\"loss_pct\":25.0,\"loss_since_first_pct\":0.0,"
	    "\"first_seq\":1,\"dups\":0,\"reordered\":0,\"old\":0,\"plain\":0,\"withheld\":0,"
	    "\"hops\":0,\"rtt_min_ms\":1.000,\"rtt_avg_ms\":2.000,"
	    "\"rtt_max_ms\":3.000,\"rtt_mdev_ms\":1.000}]}\n");
	free(s);
}

/* A full responder table is named, with what it could not count. */
static void
test_send_summary_full(void **state)
{
	struct ev_summary h = {
		.final = 1, .reason = "timeout", .title = "239.1.1.1:10000",
		.sent = 1, .skipped = 9, .acks = 65536, .untracked = 7,
		.responders = 65536,
		.max_responders = 65536,
	};
	struct cap c;
	char *s;

	(void)state;
	cap_open(&c, 0);
	render_summary_head(&c.ol, &h);
	ol_end_list(&c.ol, c.ol.f);
	s = cap_close(&c);
	assert_string_equal(s, "--- 239.1.1.1:10000 statistics ---\n"
	    "1 probes sent, 9 skipped, 65536 responders, 65536 acks, "
	    "responder table "
	    "full (65536): 7 acks from more responders not counted\n");
	free(s);
	cap_open(&c, 1);
	render_summary_head(&c.ol, &h);
	ol_end_list(&c.ol, c.ol.f);
	s = cap_close(&c);
	assert_non_null(strstr(s, ",\"sent\":1,\"skipped\":9,"));
	assert_non_null(strstr(s, ",\"ignored\":0,\"untracked\":7,"));
	free(s);
}

static void
test_sent_and_timeout(void **state)
{
	struct ev_sent e = { 3, "239.1.1.1:10000", 43, 1 };
	struct cap c;
	char *s;

	(void)state;
	cap_open(&c, 0);		/* text: both are JSON only */
	render_sent(&c.ol, &e);
	render_timeout(&c.ol, 5);
	s = cap_close(&c);
	assert_string_equal(s, "");
	free(s);
	cap_open(&c, 1);
	render_sent(&c.ol, &e);
	render_timeout(&c.ol, 5);
	s = cap_close(&c);
	assert_string_equal(s, "{\"event\":\"sent\",\"seq\":3,\"to\":"
	    "\"239.1.1.1:10000\",\"bytes\":43,\"ttl\":1}\n"
	    "{\"event\":\"timeout\",\"acks\":5}\n");
	free(s);
}

static void
test_datagram(void **state)
{
	struct ev_datagram e = {
		.from = "10.0.0.1:5000", .to = "239.1.1.1", .ifname = NULL,
		.wide = 1, .bytes = 30, .ttl = 1, .probe = 1, .session = 9,
		.seq = 4, .res = SEQ_REORDERED, .ack = NOACK_RATE,
		.payload = (const unsigned char *)"a\nb", .paylen = 3,
	};
	struct cap c;
	char *s;

	(void)state;
	cap_open(&c, 0);
	render_datagram(&c.ol, &e);
	s = cap_close(&c);
	assert_string_equal(s, "received 30 bytes from 10.0.0.1:5000 seq=4 "
	    "reordered to 239.1.1.1 on ?\na\\nb\n");
	free(s);
	cap_open(&c, 1);
	render_datagram(&c.ol, &e);
	s = cap_close(&c);
	assert_string_equal(s, "{\"event\":\"datagram\",\"from\":"
	    "\"10.0.0.1:5000\",\"to\":\"239.1.1.1\",\"interface\":null,"
	    "\"bytes\":30,\"truncated\":false,\"ttl\":1,\"probe\":true,"
	    "\"session\":9,\"seq\":4,\"dup\":false,\"reordered\":true,\"old\":false,"
	    "\"acked\":false,\"no_ack\":\"rate\",\"payload\":\"a\\nb\"}\n");
	free(s);
}

static void
test_recv_summary(void **state)
{
	uint64_t acks[NOACK_MAX] = { 5, 0, 1, 0, 2, 0 };
	struct ev_rsummary h = {
		0, "running", "239.1.1.1:10000", 8, 0, 0, 3, acks, 1, 4096, 0, 0
	};
	struct seqtrack q = { 0 };
	struct ev_sender e = { "10.0.0.1:5000", 8, 240, 3, 2, &q };
	struct cap c;
	char *s;

	(void)state;
	seq_add(&q, 0);
	seq_add(&q, 2);
	seq_add(&q, 2);
	cap_open(&c, 0);
	render_rsummary_head(&c.ol, &h);
	render_sender(&c.ol, &e, 0);
	ol_end_list(&c.ol, c.ol.f);
	s = cap_close(&c);
	assert_string_equal(s, "--- 239.1.1.1:10000 statistics ---\n"
	    "8 datagrams from 1 senders, 0 dropped by the kernel, 5 acks sent, "
	    "not acked: 1 source, 0 not allowed, 2 over rate, 0 failed, "
	    "sender table full (4096): 3 datagrams from more senders not "
	    "counted per sender\n"
	    "10.0.0.1:5000: 8 datagrams, 240 bytes, probes seq 0..2, 1 lost, "
	    "1 dup, 0 reordered, 2 not acked\n");
	free(s);
	cap_open(&c, 1);
	render_rsummary_head(&c.ol, &h);
	render_sender(&c.ol, &e, 0);
	ol_end_list(&c.ol, c.ol.f);
	s = cap_close(&c);
	assert_string_equal(s, "{\"event\":\"summary\",\"final\":false,"
	    "\"reason\":\"running\",\"group\":\"239.1.1.1:10000\","
	    "\"datagrams\":8,\"ignored\":0,\"dropped\":0,\"untracked\":3,"
	    "\"acks\":5,\"not_acked\":{\"disabled\":0,\"source\":1,"
	    "\"allow\":0,\"rate\":2,\"error\":0,\"stream\":0},"
	    "\"reports\":0,\"reports_withheld\":0,\"senders\":[{\"from\":"
	    "\"10.0.0.1:5000\",\"datagrams\":8,\"bytes\":240,\"probes\":3,"
	    "\"withheld\":2,\"first_seq\":0,\"last_seq\":2,\"lost\":1,\"dups\":1,"
	    "\"reordered\":0,\"old\":0}]}\n");
	free(s);
}

/* Addresses and names go into JSON escaped: an interface may hold '"'. */
static void
test_json_escapes_addresses(void **state)
{
	struct ev_sent e = { 0, "[fe80::1%a\"b]:10000", 3, 1 };
	struct cap c;
	char *s;

	(void)state;
	cap_open(&c, 1);
	render_sent(&c.ol, &e);
	s = cap_close(&c);
	assert_string_equal(s, "{\"event\":\"sent\",\"seq\":0,\"to\":"
	    "\"[fe80::1%a\\\"b]:10000\",\"bytes\":3,\"ttl\":1}\n");
	free(s);
}

/* With -D, the two lines of one datagram carry one time. */
static void
test_datagram_stamp(void **state)
{
	struct ev_datagram e = {
		.from = "10.0.0.1:5000", .to = "239.1.1.1", .bytes = 3,
		.ttl = 1, .ack = ACK_SENT,
		.payload = (const unsigned char *)"abc", .paylen = 3,
	};
	struct cap c;
	char *s, *nl;

	(void)state;
	cap_open(&c, 0);
	c.ol.stamp = 1;
	render_datagram(&c.ol, &e);
	s = cap_close(&c);
	nl = strchr(s, '\n');
	assert_non_null(nl);
	/* "2026-11-30T01:02:03.123456Z " on both lines. */
	assert_int_equal(nl - s, 28 + strlen("received 3 bytes from 10.0.0.1:5000"));
	assert_memory_equal(s, nl + 1, 28);
	assert_string_equal(nl + 1 + 28, "abc\n");
	free(s);
}

static const struct stream_report rep = {
	.received = 900, .lost = 100, .dups = 2, .reordered = 3,
	.bytes = 900 * 1316, .first = 0, .highest = 999, .jitter = 12345,
	.dmin = 40000, .dmax = 900000, .p50 = 50000, .p90 = 60000,
	.p99 = 800000, .elapsed = 999000000, .drops = 0,
	.flags = STREAM_F_SYNCED | STREAM_F_END,
};

static void
test_stream_report(void **state)
{
	struct ev_stream e = {
		.peer = "10.0.0.2:10000", .group = "239.1.1.1:10000",
		.name = (const unsigned char *)"r\"1", .namelen = 3,
		.r = &rep, .pps = 900, .bps = 9475200, .final = 1, .hops = 0,
		.host_drops = -1, .reasm_fails = -1,
	};
	struct cap c;
	char *s;

	(void)state;
	cap_open(&c, 0);
	render_report(&c.ol, &e);
	s = cap_close(&c);
	assert_string_equal(s, "report from 10.0.0.2:10000 name=\"r\\\"1\": "
	    "900 received, 100 lost (10.00%), 2 dups, 3 reordered, "
	    "jitter 0.012 ms, delay min/p50/p90/p99/max "
	    "0.040/0.050/0.060/0.800/0.900 ms, 900 pps 9.5 Mbit/s, hops=0, "
	    "final\n");
	free(s);
	cap_open(&c, 1);
	render_report(&c.ol, &e);
	s = cap_close(&c);
	assert_string_equal(s, "{\"event\":\"report\",\"from\":"
	    "\"10.0.0.2:10000\",\"group\":\"239.1.1.1:10000\",\"name\":"
	    "\"r\\\"1\",\"final\":true,\"hops\":0,\"received\":900,"
	    "\"lost\":100,\"loss_pct\":10.0000,\"dups\":2,\"reordered\":3,"
	    "\"bytes\":1184400,\"first_seq\":0,\"end_seen\":true,"
	    "\"synced\":true,\"jitter_ms\":0.012,\"delay_min_ms\":0.040,"
	    "\"delay_max_ms\":0.900,\"delay_spread_ms\":0.860,"
	    "\"delay_p50_ms\":0.050,\"delay_p90_ms\":0.060,"
	    "\"delay_p99_ms\":0.800,\"rate_pps\":900.0,"
	    "\"rate_bps\":9475200,\"drops\":0}\n");
	free(s);
}

static void
test_stream_unsynced(void **state)
{
	struct stream_report r = rep;
	struct ev_stream e = {
		.peer = "10.0.0.1:4000", .session = 9, .r = &r, .pps = 1,
		.bps = 999, .hops = -1, .host_drops = 5, .reasm_fails = 2,
		.from_s = 1, .to_s = 2,
	};
	struct cap c;
	char *s;

	(void)state;
	r.flags = 0;
	r.drops = 7;
	cap_open(&c, 0);
	render_interval(&c.ol, &e);
	s = cap_close(&c);
	assert_string_equal(s, "interval 1.0-2.0 s from 10.0.0.1:4000 "
	    "session 9: 900 received, 100 lost (10.00%), 2 dups, "
	    "3 reordered, jitter 0.012 ms, delay spread 0.860 ms (clocks "
	    "disagree), 1 pps 999 bit/s, 7 kernel drops, host: 5 kernel "
	    "drops, host: 2 reassembly failures\n");
	free(s);
}

static void
test_stream_summary(void **state)
{
	struct ev_stream_head h = {
		.final = 1, .reason = "count", .title = "239.1.1.1:10000",
		.sent = 1000, .size = 1316, .rate = 1000, .seconds = 0.999,
		.receivers = 1, .skipped = 4,
	};
	struct ev_stream e = {
		.peer = "10.0.0.2:10000", .r = &rep, .pps = 900, .bps = 9475200,
		.hops = -1, .host_drops = -1, .reasm_fails = -1,
	};
	struct cap c;
	char *s;

	(void)state;
	cap_open(&c, 0);
	render_stream_head(&c.ol, &h);
	render_stream_row(&c.ol, &e, 0);
	ol_end_list(&c.ol, c.ol.f);
	s = cap_close(&c);
	assert_string_equal(s, "--- 239.1.1.1:10000 stream statistics ---\n"
	    "1000 datagrams of 1316 bytes sent at 1000/s in 0.999 s, "
	    "4 skipped, 1 receivers reported\n"
	    "10.0.0.2:10000: 900 received, 100 lost (10.00%), 2 dups, "
	    "3 reordered, jitter 0.012 ms, delay min/p50/p90/p99/max "
	    "0.040/0.050/0.060/0.800/0.900 ms, 900 pps 9.5 Mbit/s, "
	    "no final report\n");
	free(s);
	cap_open(&c, 1);
	render_stream_head(&c.ol, &h);
	render_stream_row(&c.ol, &e, 0);
	ol_end_list(&c.ol, c.ol.f);
	s = cap_close(&c);
	assert_non_null(strstr(s, "{\"event\":\"summary\",\"final\":true,"
	    "\"reason\":\"count\",\"mode\":\"stream\",\"group\":"
	    "\"239.1.1.1:10000\",\"sent\":1000,\"skipped\":4,\"size\":1316,"
	    "\"rate\":1000,\"seconds\":0.999,\"ignored\":0,"
	    "\"untracked\":0,\"responders\":[{\"from\":\"10.0.0.2:10000\","
	    "\"group\":null,\"name\":null,\"final\":false,\"hops\":null,"
	    "\"received\":900,"));
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ack_text),
		cmocka_unit_test(test_ack_json_plain),
		cmocka_unit_test(test_send_summary),
		cmocka_unit_test(test_send_summary_full),
		cmocka_unit_test(test_sent_and_timeout),
		cmocka_unit_test(test_datagram),
		cmocka_unit_test(test_recv_summary),
		cmocka_unit_test(test_json_escapes_addresses),
		cmocka_unit_test(test_datagram_stamp),
		cmocka_unit_test(test_stream_report),
		cmocka_unit_test(test_stream_unsynced),
		cmocka_unit_test(test_stream_summary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
