/*
 * mkcorpus.c: writes the seed corpus of each fuzz target into
 * DIR/fuzz_probe, DIR/fuzz_parse, DIR/fuzz_escape, DIR/fuzz_json,
 * DIR/fuzz_seq, DIR/fuzz_ratelimit, DIR/fuzz_table, DIR/fuzz_hist and
 * DIR/fuzz_stream (which must exist).  Probes, acks, stream datagrams and
 * reports are made with probe_encode and stream_report_encode; the rest
 * are typical option values, hostile payloads and streams of operations
 * written out here.
 * "make fuzz-corpus" runs it on tests/fuzz/corpus; the files are in git,
 * so this only needs to run again when the seeds change.
 *
 * usage: mkcorpus DIR
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "probe.h"
#include "stats.h"
#include "stream.h"

static const char *dir;

static void
put(const char *target, const char *name, const void *b, size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", dir, target, name);
	if ((f = fopen(path, "wb")) == NULL ||
	    fwrite(b, 1, n, f) != n || fclose(f) == EOF) {
		perror(path);
		exit(1);
	}
}

/* A datagram of any type with flags and a payload of paylen bytes. */
static void
probe_bin(const char *name, enum probe_type type, unsigned int seq, int ttl,
    unsigned int flags, const char *who, const void *pay, size_t paylen)
{
	unsigned char b[512];
	struct probe p;
	size_t n;

	memset(&p, 0, sizeof(p));
	p.type = type;
	p.session = 0x5eed1234;
	p.seq = seq;
	p.stamp = 1700000000123456789ull;
	p.ttl = ttl;
	p.flags = flags;
	p.name = (const unsigned char *)who;
	p.namelen = strlen(who);
	p.payload = pay;
	p.paylen = paylen;
	if ((n = probe_encode(&p, b, sizeof(b))) == 0) {
		fprintf(stderr, "mkcorpus: %s does not encode\n", name);
		exit(1);
	}
	put("fuzz_probe", name, b, n);
}

static void
probe(const char *name, enum probe_type type, unsigned int seq, int ttl,
    const char *who, const char *pay)
{
	probe_bin(name, type, seq, ttl, 0, who, pay, strlen(pay));
}

/* A probe file changed at one offset, or cut short. */
static void
mangled(const char *name, size_t off, int byte, size_t len)
{
	unsigned char b[512];
	struct probe p;
	size_t n;

	memset(&p, 0, sizeof(p));
	p.type = PROBE_ACK;
	p.seq = 7;
	p.ttl = 64;
	p.name = (const unsigned char *)"hostb";
	p.namelen = 5;
	p.payload = (const unsigned char *)"ack";
	p.paylen = 3;
	n = probe_encode(&p, b, sizeof(b));
	if (byte >= 0)
		b[off] = (unsigned char)byte;
	put("fuzz_probe", name, b, len < n ? len : n);
}

/* fuzz_parse: the selector byte, then the option's value. */
static void
opt(const char *name, unsigned int sel, const char *value)
{
	char b[256];
	size_t n = strlen(value);

	b[0] = (char)sel;
	memcpy(b + 1, value, n);
	put("fuzz_parse", name, b, n + 1);
}

/* fuzz_escape: flags, dstlen, payload; fuzz_json: the payload alone. */
static void
payload(const char *name, const char *s, size_t n)
{
	char b[512];

	b[0] = 1;		/* ESC_QUOTE */
	b[1] = 16;		/* a small buffer, to see the cut */
	memcpy(b + 2, s, n);
	put("fuzz_escape", name, b, n + 2);
	put("fuzz_json", name, s, n);
}
#define PAYLOAD(name, lit)	payload(name, lit, sizeof(lit) - 1)

/*
 * Streams of operations, built up a byte at a time: fuzz_seq's selector
 * and operand bytes (see fuzz_seq.c), fuzz_ratelimit's header and
 * three-byte operations (see fuzz_ratelimit.c), fuzz_table's three-byte
 * operations (see fuzz_table.c).
 */
struct ops {
	unsigned char b[4096];
	size_t n;
};

static void
op(struct ops *o, int n, ...)
{
	va_list ap;

	va_start(ap, n);
	while (n-- > 0 && o->n < sizeof(o->b))
		o->b[o->n++] = (unsigned char)va_arg(ap, int);
	va_end(ap);
}

/* fuzz_seq: the number v outright. */
static void
seq_abs(struct ops *o, unsigned long v)
{
	op(o, 5, 0, (int)(v >> 24 & 0xff), (int)(v >> 16 & 0xff),
	    (int)(v >> 8 & 0xff), (int)(v & 0xff));
}

static void
seq_seeds(void)
{
	struct ops o;
	int i;

	o.n = 0;
	for (i = 0; i < 300; i++)
		op(&o, 2, 1, 1);			/* + 1 */
	put("fuzz_seq", "in-order", o.b, o.n);
	o.n = 0;
	seq_abs(&o, 0);
	for (i = 0; i < 40; i++)
		op(&o, 2, 3, 7);			/* + 16383 */
	put("fuzz_seq", "jump-16383", o.b, o.n);
	o.n = 0;
	for (i = 0; i < 20; i++)
		op(&o, 2, 1, 1);
	op(&o, 3, 6, 0x4e, 0x20);			/* + 20000 */
	seq_abs(&o, 0);					/* a replay: old */
	seq_abs(&o, 20020);				/* a dup */
	seq_abs(&o, 20020 - SEQ_WINDOW + 1);		/* the window's end */
	put("fuzz_seq", "replay-old", o.b, o.n);
	o.n = 0;
	seq_abs(&o, 20000);
	op(&o, 2, 4, 7);				/* - 16383: below first */
	op(&o, 2, 2, 1);				/* - 1: old */
	op(&o, 2, 2, 0);				/* again */
	op(&o, 1, 5);					/* the same */
	put("fuzz_seq", "below-first", o.b, o.n);
	o.n = 0;
	for (i = 0; i < 60; i++)
		op(&o, 2, i % 3 == 0 ? 2 : 1, i % 5);	/* reordered, dups */
	put("fuzz_seq", "reorder-dup", o.b, o.n);
	o.n = 0;
	seq_abs(&o, 0xfffffff0ul);
	op(&o, 2, 1, 40);				/* wraps to 0x18 */
	op(&o, 3, 7, 0xff, 0xff);
	put("fuzz_seq", "wrap", o.b, o.n);
	put("fuzz_seq", "empty", "", 0);
}

static void
rl_seeds(void)
{
	struct ops o;
	int i;

	/* Header 4: rate 10; each op: who, unit, count. */
	o.n = 0;
	op(&o, 1, 4);
	for (i = 0; i < 300; i++)
		op(&o, 3, 0, 4, 1);			/* the victim, 1 ms */
	put("fuzz_ratelimit", "victim-alone", o.b, o.n);
	o.n = 0;
	op(&o, 1, 4);
	for (i = 0; i < 600; i++)
		op(&o, 3, i % 18 == 1 ? 0 : i % 18, 3, 1);	/* 0.1 ms */
	put("fuzz_ratelimit", "colliders", o.b, o.n);
	o.n = 0;
	op(&o, 1, 1);					/* rate 2 */
	for (i = 0; i < 300; i++)
		op(&o, 3, i % 2, 5, 3);			/* both forms */
	put("fuzz_ratelimit", "v4-mapped", o.b, o.n);
	o.n = 0;
	op(&o, 1, 7 + 8 * 20);				/* rate 1000, late clock */
	for (i = 0; i < 200; i++) {
		op(&o, 3, i % 4 == 0 ? 0 : 0xe0, 2, i % 4 == 0 ? 7 : 1);
		if (i % 4 != 0)
			op(&o, 4, 10, 1, i / 256, i % 256);	/* 10.1.x.y */
	}
	put("fuzz_ratelimit", "flood", o.b, o.n);
	o.n = 0;
	op(&o, 1, 0);					/* rate 1 */
	for (i = 0; i < 100; i++)
		op(&o, 3, i % 32, 6 + (i % 2), i % 7);	/* 0.1 s, 1 s */
	put("fuzz_ratelimit", "pool-slow", o.b, o.n);
	put("fuzz_ratelimit", "empty", "", 0);
}

static void
table_seeds(void)
{
	struct ops o;
	int i;

	/* Each op: op (0 send, 1..3 an ack), key byte a, byte b. */
	o.n = 0;
	for (i = 0; i < 50; i++) {
		op(&o, 3, 0, 0, 0);			/* a probe */
		op(&o, 3, 1, i % 64, 0);		/* new responders */
	}
	put("fuzz_table", "fill-past-cap", o.b, o.n);
	o.n = 0;
	for (i = 0; i < 200; i++)
		op(&o, 3, i % 3 == 0 ? 0 : 1 + i % 3, i % 5, i % 7);
	put("fuzz_table", "dups-and-unsent", o.b, o.n);
	put("fuzz_table", "empty", "", 0);
}

/* fuzz_hist: value v as 8 bytes outright (selector 3), times 1. */
static void
hist_abs(struct ops *o, long long v)
{
	unsigned long long u = (unsigned long long)v;
	int i;

	op(o, 1, 3);
	for (i = 56; i >= 0; i -= 8)
		op(o, 1, (int)(u >> i & 0xff));
}

static void
hist_seeds(void)
{
	struct ops o;
	int i;

	/* Selectors (see fuzz_hist.c): value % 8, repeated when >> 5 is 7. */
	o.n = 0;
	for (i = 0; i < 40; i++)
		op(&o, 2, 0, i);			/* 0..39: exact, then 2 wide */
	put("fuzz_hist", "linear", o.b, o.n);
	o.n = 0;
	for (i = 0; i < HIST_BUCKETS; i += 3) {
		op(&o, 3, 4, i >> 8, i & 0xff);		/* a bucket's bound */
		op(&o, 3, 5, i >> 8, i & 0xff);		/* one below it */
	}
	put("fuzz_hist", "bounds", o.b, o.n);
	o.n = 0;
	for (i = 0; i < 300; i++)			/* 1..10 ms */
		op(&o, 5, 2, 0, (1000000 + i * 30011) >> 16 & 0xff,
		    (1000000 + i * 30011) >> 8 & 0xff, (1000000 + i * 30011) & 0xff);
	put("fuzz_hist", "ms", o.b, o.n);
	o.n = 0;
	hist_abs(&o, -1);
	hist_abs(&o, -9223372036854775807LL - 1);
	hist_abs(&o, 1LL << HIST_TOP);
	hist_abs(&o, (1LL << HIST_TOP) - 1);
	hist_abs(&o, 9223372036854775807LL);
	op(&o, 2, 0, 7);
	put("fuzz_hist", "huge-negative", o.b, o.n);
	o.n = 0;
	op(&o, 4, 0xe1, 200, 0x12, 0x34);		/* 0x1234, 201 times */
	op(&o, 3, 0xe0, 9, 3);				/* 3, 10 times */
	op(&o, 3, 6, 5, 30);				/* 5 << 30 */
	op(&o, 2, 0xe7, 255);				/* the last, 256 times */
	put("fuzz_hist", "repeats", o.b, o.n);
	put("fuzz_hist", "empty", "", 0);
}

/*
 * fuzz_stream: an add is the selector (0..5, how the number moves in
 * bits 3..4, 0x20 the clock back, 0x40 a stamp outright), [the number's
 * operand], the clock's step in us, the delay in 10 us (signed) or the
 * stamp, the size / 8.
 */
static void
stream_seeds(void)
{
	struct ops o;
	int i;

	o.n = 0;
	for (i = 0; i < 200; i++)
		op(&o, 4, 0, 100, 20 + i % 3, 125);	/* + 1, 0.2 ms apart */
	op(&o, 2, 6, 5);				/* end: highest + 1 */
	op(&o, 2, 6, 5);				/* again */
	put("fuzz_stream", "in-order-end", o.b, o.n);
	o.n = 0;
	for (i = 0; i < 100; i++)			/* -32..+31: reordered, dups */
		op(&o, 5, 8, 32 + (i * 7) % 11 - 4, 50, 30, 1);
	put("fuzz_stream", "loss-reorder-dup", o.b, o.n);
	o.n = 0;
	op(&o, 8, 3 << 3, 0, 0, 3, 0xe8, 10, 20, 1);	/* 1000 */
	for (i = 0; i < 20; i++)
		op(&o, 4, 0, 100, 20, 1);
	op(&o, 5, 6 | 0x80, 0, 0, 0x07, 0xd0);		/* end: 2000 */
	put("fuzz_stream", "late-first-end", o.b, o.n);
	o.n = 0;
	for (i = 0; i < 30; i++)			/* delays -1.28 .. +1.27 ms */
		op(&o, 4, i % 5 == 0 ? 0x20 : 0, 10, 0x80 + i * 8, 1);
	put("fuzz_stream", "negative-delay", o.b, o.n);
	o.n = 0;
	for (i = 0; i < 10; i++)
		op(&o, 4, 2 << 3, 7, 1, 20);		/* past the window */
	op(&o, 8, 3 << 3, 0, 0, 0, 0, 1, 0, 1);	/* 0: too old */
	op(&o, 12, 0x40, 1, 0x80, 0, 0, 0, 0, 0, 0, 0, 0);	/* stamp outright */
	op(&o, 12, 0x40, 1, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0);
	put("fuzz_stream", "replay-stamp", o.b, o.n);
	o.n = 0;
	for (i = 0; i < 10; i++)
		op(&o, 4, 0, 100, 20, 1);
	for (i = 0; i < 24; i++)			/* one forged byte each */
		op(&o, 3, 7, i * 5, 1 << (i % 8));
	op(&o, 9, 7 | 3 << 3, 0, 1, 8, 0xff, 44, 0x80, 109, 3);
	put("fuzz_stream", "forge", o.b, o.n);
	put("fuzz_stream", "empty", "", 0);
}

/* fuzz_probe: a report datagram, its body from a small stream. */
static void
report_seed(const char *name, int ttl, unsigned int flags)
{
	static struct stream_rx rx;
	struct stream_report r;
	unsigned char body[STREAM_REPLEN];
	unsigned int i;

	stream_rx_init(&rx, 0x5eed1234);
	for (i = 0; i < 20; i += 1 + i % 3)
		stream_rx_add(&rx, i, 1700000000000000000LL + i * 1000000LL,
		    1700000000000000000LL + i * 1000000LL + 250000, 100);
	stream_rx_end(&rx, 25);
	stream_rx_report(&rx, &r);
	stream_report_encode(&r, body, sizeof(body));
	probe_bin(name, PROBE_REPORT, 3, ttl, flags, "hostb", body,
	    sizeof(body));
}

int
main(int argc, char **argv)
{
	char big[PROBE_NAMEMAX + 1];

	if (argc != 2) {
		fprintf(stderr, "usage: mkcorpus DIR\n");
		return 2;
	}
	dir = argv[1];

	probe("probe", PROBE_REQ, 0, -1, "", "very important data");
	probe("probe-empty", PROBE_REQ, 4294967295u, -1, "", "");
	probe("ack-name-ttl", PROBE_ACK, 3, 61, "hostb", "ack");
	probe("ack-no-ttl", PROBE_ACK, 0, -1, "", "ack");
	memset(big, 'n', PROBE_NAMEMAX);
	big[PROBE_NAMEMAX] = '\0';
	probe("ack-name-64", PROBE_ACK, 1, 0, big, "");
	probe("ack-hostile-name", PROBE_ACK, 2, 255, "\x1b]0;pwned\x07\xe2\x80\xae",
	    "\x1b[2J");
	mangled("ack-name-65", 22, 65, 512);
	mangled("ack-name-past-end", 22, 40, 512);
	mangled("probe-with-name", 3, PROBE_REQ, 512);
	mangled("version-2", 2, 2, 512);
	mangled("type-3", 3, 3, 512);
	mangled("type-5", 3, 5, 512);
	probe_bin("stream", PROBE_STREAM, 5, 10, 0, "", "\0\0\0\0\0\0\0", 8);
	probe_bin("stream-end", PROBE_STREAM, 1000, 0, PROBE_F_END, "", "", 0);
	probe_bin("stream-all-flags", PROBE_STREAM, 0, 255, 0xff, "", "x", 1);
	report_seed("report", 61, 0);
	report_seed("report-final", -1, PROBE_F_FINAL);
	mangled("header-23-bytes", 0, -1, 23);
	mangled("magic-only", 0, -1, 2);
	put("fuzz_probe", "plain-ack", "ack", 3);
	put("fuzz_probe", "empty", "", 0);

	/* Selector: parser = sel % 9, bounds or family = sel / 9. */
	opt("uint-count", 0 + 9 * 1, "10");
	opt("uint-max", 0, "18446744073709551615");
	opt("uint-over", 0, "18446744073709551616");
	opt("port", 1, "10000");
	opt("port-0", 1, "0");
	opt("port-65536", 1, "65536");
	opt("ttl", 2, "255");
	opt("ttl-neg", 2, "-1");
	opt("interval", 3, "0.001");
	opt("timeout-frac", 3 + 9 * 1, ".5");
	opt("deadline-max", 3 + 9 * 2, "1000000.000000000");
	opt("deadline-past-max", 3 + 9 * 2, "1000000.000000001");
	opt("duration-long-frac", 3 + 9 * 4, "1.1234567891234");
	opt("duration-exp", 3, "1e3");
	opt("group4", 4, "224.3.29.71");
	opt("group6-scope", 4 + 9 * 2, "ff02::1%eth0");
	opt("group6", 4, "ff05::3:29:71");
	opt("group-unicast", 4, "10.0.0.1");
	opt("group-scope-long", 4, "ff02::1%abcdefghijklmnopq");
	opt("range4", 5, "239.1.1.1+100");
	opt("range4-end", 5, "239.255.255.200+56");
	opt("range4-past-end", 5, "239.255.255.200+57");
	opt("range6", 5 + 9 * 2, "ff05::ffff:fff0+16");
	opt("range6-carry", 5, "ff05::ffff:ffff+2");
	opt("range-max", 5, "232.1.0.0+65536");
	opt("source4", 6, "10.0.0.1");
	opt("source6", 6, "2001:db8::1");
	opt("source-mcast", 6, "224.1.1.1");
	opt("iface-name", 7, "eth0");
	opt("iface-index", 7, "4294967295");
	opt("iface-addr", 7, "fe80::1");
	opt("iface-slash", 7, "a/b");
	opt("iface-long", 7, "abcdefghijklmnop");
	opt("allow4", 8, "10.0.0.0/8");
	opt("allow6", 8 + 9 * 5, "fd00::/8");
	opt("allow-host", 8, "192.0.2.1");
	opt("allow-33", 8, "192.0.2.0/33");
	opt("allow6-128", 8 + 9 * 27, "2001:db8::1/128");

	PAYLOAD("text", "very important data");
	PAYLOAD("esc-csi", "\x1b[2J\x1b[1;31mred\x1b[0m");
	PAYLOAD("esc-osc", "\x1b]0;title\x07\x1b]8;;http://x/\x1b\\link\x1b]8;;\x1b\\");
	PAYLOAD("c1-csi", "\xc2\x9b" "2J");
	PAYLOAD("bidi", "abc\xe2\x80\xae" "fed\xe2\x81\xa6x\xe2\x81\xa9");
	PAYLOAD("separators", "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c\xef\xbb\xbf");
	PAYLOAD("utf8-ok", "gr\xc3\xbc\xc3\x9f \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80");
	PAYLOAD("utf8-bad", "\xc0\xaf\xe0\x80\xaf\xed\xa0\x80\xf4\x90\x80\x80\xff\xfe\x80");
	PAYLOAD("utf8-cut", "ok\xe2\x82");
	PAYLOAD("controls", "\0\x01\b\t\n\v\f\r\x1f\x7f\\\"");
	PAYLOAD("crlf", "line one\r\nline two\n");

	seq_seeds();
	rl_seeds();
	table_seeds();
	hist_seeds();
	stream_seeds();
	return 0;
}
