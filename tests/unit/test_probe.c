/*
 * test_probe.c: cmocka tests for the probe wire format (src/probe.c).
 * Expected bytes and values are worked out by hand from the layout in
 * src/probe.h, not copied from the encoder.  Every decode reads from a
 * heap buffer of exactly the datagram's length, so a read past len shows
 * up under ASan or valgrind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "probe.h"

/* A copy of n bytes in a heap block of exactly n bytes. */
static unsigned char *
exact(const void *src, size_t n)
{
	unsigned char *p;

	p = calloc(n, 1);
	if (n > 0) {
		assert_non_null(p);
		memcpy(p, src, n);
	}
	return p;
}

/* probe_decode of a heap copy of exactly n bytes of src. */
static enum probe_err
decode_exact(const void *src, size_t n, struct probe *p)
{
	unsigned char *b = exact(src, n);
	enum probe_err e;

	e = probe_decode(b, n, p);
	free(b);
	return e;
}

/*
 * A valid 24-byte ack header: session 0x01020304, seq 0x05060708,
 * stamp 0x1112131415161718, ttl 9 valid, namelen 0.
 */
static void
good_header(unsigned char *b)
{
	static const unsigned char h[PROBE_HDRLEN] = {
		0x4d, 0x43, 0x01, 0x02,
		0x01, 0x02, 0x03, 0x04,
		0x05, 0x06, 0x07, 0x08,
		0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
		0x01, 0x09, 0x00, 0x00,
	};

	memcpy(b, h, sizeof(h));
}

/* ---- encode: exact bytes ---- */

static void
test_encode_ack_bytes(void **state)
{
	static const unsigned char want[] = {
		0x4d, 0x43,			/* magic "MC" */
		0x01,				/* version */
		0x02,				/* type ack */
		0x11, 0x22, 0x33, 0x44,		/* session */
		0xa1, 0xb2, 0xc3, 0xd4,		/* seq */
		0x01, 0x23, 0x45, 0x67,		/* stamp, high word */
		0x89, 0xab, 0xcd, 0xef,		/* stamp, low word */
		0x01,				/* flags: ttl valid */
		0x07,				/* ttl */
		0x03,				/* namelen */
		0x00,				/* reserved */
		'r', 'x', '1',			/* name */
		'h', 'i',			/* payload */
	};
	struct probe p = {
		.type = PROBE_ACK, .session = 0x11223344, .seq = 0xa1b2c3d4,
		.stamp = 0x0123456789abcdefULL, .ttl = 7,
		.name = (const unsigned char *)"rx1", .namelen = 3,
		.payload = (const unsigned char *)"hi", .paylen = 2,
	};
	unsigned char buf[64];

	(void)state;
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(probe_encode(&p, buf, sizeof(buf)), 29);
	assert_memory_equal(buf, want, sizeof(want));
	/* Nothing written past the datagram. */
	assert_int_equal(buf[29], 0xaa);
	assert_int_equal(buf[63], 0xaa);
}

static void
test_encode_probe_bytes(void **state)
{
	static const unsigned char want[] = {
		0x4d, 0x43, 0x01,
		0x01,				/* type probe */
		0xfe, 0xdc, 0xba, 0x98,		/* session */
		0x00, 0x00, 0x00, 0x00,		/* seq 0 */
		0xfe, 0xdc, 0xba, 0x98,		/* stamp, high bit set */
		0x76, 0x54, 0x32, 0x10,
		0x00,				/* a probe carries no ttl */
		0x00,
		0x00,				/* no name in a probe */
		0x00,
		'p', 'i', 'n', 'g',
	};
	struct probe p = {
		.type = PROBE_REQ, .session = 0xfedcba98, .seq = 0,
		.stamp = 0xfedcba9876543210ULL, .ttl = 5,
		.payload = (const unsigned char *)"ping", .paylen = 4,
	};
	unsigned char buf[64];

	(void)state;
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(probe_encode(&p, buf, sizeof(buf)), 28);
	assert_memory_equal(buf, want, sizeof(want));
	assert_int_equal(buf[28], 0xaa);
}

static void
test_encode_ttl_flag(void **state)
{
	struct probe p = { .type = PROBE_ACK, .session = 1, .seq = 2,
	    .stamp = 3 };
	unsigned char buf[PROBE_HDRLEN];

	(void)state;
	/* ttl 0 is a known ttl: the flag is set, the byte is 0. */
	p.ttl = 0;
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(probe_encode(&p, buf, sizeof(buf)), PROBE_HDRLEN);
	assert_int_equal(buf[20], 0x01);
	assert_int_equal(buf[21], 0x00);
	assert_int_equal(buf[22], 0x00);
	assert_int_equal(buf[23], 0x00);

	p.ttl = 255;
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(probe_encode(&p, buf, sizeof(buf)), PROBE_HDRLEN);
	assert_int_equal(buf[20], 0x01);
	assert_int_equal(buf[21], 0xff);

	/* Unknown: neither flag nor ttl byte. */
	p.ttl = -1;
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(probe_encode(&p, buf, sizeof(buf)), PROBE_HDRLEN);
	assert_int_equal(buf[20], 0x00);
	assert_int_equal(buf[21], 0x00);
	assert_int_equal(buf[23], 0x00);
}

/* ---- encode: refusals ---- */

static void
test_encode_space(void **state)
{
	static const unsigned char name[10] = "0123456789";
	static const unsigned char pay[20] = "abcdefghijklmnopqrst";
	struct probe p = { .type = PROBE_ACK, .ttl = 1, .name = name,
	    .namelen = sizeof(name), .payload = pay, .paylen = sizeof(pay) };
	unsigned char buf[24 + 10 + 20];

	(void)state;
	/* 24 + 10 + 20 = 54 bytes: one less does not fit. */
	assert_int_equal(probe_encode(&p, buf, 53), 0);
	assert_int_equal(probe_encode(&p, buf, 54), 54);
	assert_int_equal(probe_encode(&p, buf, 0), 0);
	assert_int_equal(probe_encode(&p, buf, 23), 0);
	assert_int_equal(probe_encode(&p, buf, 24), 0);
	assert_int_equal(probe_encode(&p, buf, 33), 0);	/* header + 9 of name */
	assert_int_equal(probe_encode(&p, buf, 34), 0);	/* header + name */

	/* A bare header needs 24 bytes. */
	p.namelen = 0;
	p.paylen = 0;
	assert_int_equal(probe_encode(&p, buf, 23), 0);
	assert_int_equal(probe_encode(&p, buf, 24), 24);

	/* A payload length that would wrap the sum must not fit. */
	p.paylen = SIZE_MAX - 10;
	assert_int_equal(probe_encode(&p, buf, sizeof(buf)), 0);
	p.paylen = SIZE_MAX;
	assert_int_equal(probe_encode(&p, buf, sizeof(buf)), 0);
}

static void
test_encode_name_too_long(void **state)
{
	unsigned char name[65], buf[256];
	struct probe p = { .type = PROBE_ACK, .ttl = 1, .name = name };

	(void)state;
	memset(name, 'n', sizeof(name));
	p.namelen = 65;
	assert_int_equal(probe_encode(&p, buf, sizeof(buf)), 0);
	p.namelen = 255;
	assert_int_equal(probe_encode(&p, buf, sizeof(buf)), 0);
	p.namelen = 64;
	assert_int_equal(probe_encode(&p, buf, sizeof(buf)), 24 + 64);
	assert_int_equal(buf[22], 64);
}

/* ---- round trips ---- */

static void
roundtrip(enum probe_type type, uint32_t session, uint32_t seq,
    uint64_t stamp, int ttl, size_t namelen, size_t paylen)
{
	unsigned char name[PROBE_NAMEMAX], *pay, *enc, *buf;
	struct probe in, out;
	size_t want, i;

	for (i = 0; i < sizeof(name); i++)
		name[i] = (unsigned char)('A' + i % 26);
	pay = malloc(paylen + 1);
	assert_non_null(pay);
	for (i = 0; i < paylen; i++)
		pay[i] = (unsigned char)(i * 7 + 3);

	memset(&in, 0, sizeof(in));
	in.type = type;
	in.session = session;
	in.seq = seq;
	in.stamp = stamp;
	in.ttl = ttl;
	in.name = name;
	in.namelen = namelen;
	in.payload = pay;
	in.paylen = paylen;

	/* A probe carries no name, whatever p->namelen says. */
	want = PROBE_HDRLEN + (type == PROBE_ACK ? namelen : 0) + paylen;
	enc = malloc(want + 16);
	assert_non_null(enc);
	assert_int_equal(probe_encode(&in, enc, want + 16), want);
	/* And exactly enough room is enough. */
	assert_int_equal(probe_encode(&in, enc, want), want);

	buf = exact(enc, want);
	assert_int_equal(probe_decode(buf, want, &out), PROBE_OK);
	assert_int_equal(out.type, type);
	assert_true(out.session == session);
	assert_true(out.seq == seq);
	assert_true(out.stamp == stamp);
	if (type == PROBE_ACK) {
		assert_int_equal(out.ttl, ttl);
		assert_int_equal(out.namelen, namelen);
		assert_ptr_equal(out.name, buf + PROBE_HDRLEN);
		assert_memory_equal(out.name, name, namelen);
	} else {
		assert_int_equal(out.ttl, -1);
		assert_int_equal(out.namelen, 0);
	}
	assert_int_equal(out.paylen, paylen);
	assert_ptr_equal(out.payload, buf + PROBE_HDRLEN + out.namelen);
	if (paylen > 0)
		assert_memory_equal(out.payload, pay, paylen);
	free(buf);
	free(enc);
	free(pay);
}

static void
test_roundtrip(void **state)
{
	static const int ttls[] = { -1, 0, 1, 255 };
	static const size_t namelens[] = { 0, 1, 64 };
	static const size_t paylens[] = { 0, 1, 1400, 65000 };
	static const uint64_t stamps[] = {
		0x0123456789abcdefULL, 0xfedcba9876543210ULL, 0,
		UINT64_MAX, 0x8000000000000000ULL,
	};
	size_t t, n, l, s;

	(void)state;
	for (t = 0; t < 4; t++)
		for (n = 0; n < 3; n++)
			for (l = 0; l < 4; l++) {
				roundtrip(PROBE_ACK, 0xdeadbeef, 0x80000001,
				    0x0123456789abcdefULL, ttls[t],
				    namelens[n], paylens[l]);
				roundtrip(PROBE_REQ, 0xdeadbeef, 0x80000001,
				    0x0123456789abcdefULL, ttls[t],
				    namelens[n], paylens[l]);
			}
	for (s = 0; s < sizeof(stamps) / sizeof(stamps[0]); s++) {
		roundtrip(PROBE_ACK, 0, 0, stamps[s], 64, 5, 3);
		roundtrip(PROBE_REQ, UINT32_MAX, UINT32_MAX, stamps[s], -1,
		    0, 3);
	}
}

/* ---- decode: errors ---- */

static void
test_decode_short(void **state)
{
	unsigned char b[PROBE_HDRLEN];
	struct probe p;
	size_t n;

	(void)state;
	good_header(b);
	/* The magic alone, and every longer prefix up to 23 bytes. */
	for (n = 2; n < PROBE_HDRLEN; n++)
		assert_int_equal(decode_exact(b, n, &p), PROBE_ESHORT);
	assert_int_equal(decode_exact(b, PROBE_HDRLEN, &p), PROBE_OK);
}

/*
 * Empty, and the first byte of the magic alone: shorter than the header,
 * and nothing there says it is not ours.
 */
static void
test_decode_short_no_magic(void **state)
{
	unsigned char b[PROBE_HDRLEN];
	struct probe p;

	(void)state;
	good_header(b);
	assert_int_equal(decode_exact(b, 0, &p), PROBE_ESHORT);
	assert_int_equal(decode_exact(b, 1, &p), PROBE_ESHORT);
}

static void
test_decode_magic(void **state)
{
	static const char http[] = "GET / HTTP/1.0\r\nHost: x\r\n\r\n";
	unsigned char b[PROBE_HDRLEN];
	struct probe p;

	(void)state;
	good_header(b);
	b[0] = 0x4e;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_EMAGIC);
	good_header(b);
	b[1] = 0x44;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_EMAGIC);
	/* Byte-swapped magic. */
	good_header(b);
	b[0] = 0x43;
	b[1] = 0x4d;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_EMAGIC);
	/* The classic example's plain text. */
	assert_int_equal(decode_exact(http, sizeof(http) - 1, &p),
	    PROBE_EMAGIC);
}

static void
test_decode_version(void **state)
{
	unsigned char b[PROBE_HDRLEN];
	struct probe p;

	(void)state;
	good_header(b);
	b[2] = 0;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_EVERSION);
	b[2] = 2;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_EVERSION);
	b[2] = 255;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_EVERSION);
	b[2] = 1;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_OK);
}

static void
test_decode_type(void **state)
{
	unsigned char b[PROBE_HDRLEN];
	struct probe p;

	(void)state;
	good_header(b);
	b[3] = 0;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_ETYPE);
	b[3] = 5;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_ETYPE);
	b[3] = 3;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_OK);
	assert_int_equal(p.type, PROBE_STREAM);
	b[3] = 4;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_OK);
	assert_int_equal(p.type, PROBE_REPORT);
	b[3] = 255;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_ETYPE);
	b[3] = 1;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_OK);
	assert_int_equal(p.type, PROBE_REQ);
	b[3] = 2;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_OK);
	assert_int_equal(p.type, PROBE_ACK);
}

static void
test_decode_name(void **state)
{
	unsigned char b[PROBE_HDRLEN + 255 + 10];
	struct probe p;

	(void)state;
	memset(b, 'x', sizeof(b));
	good_header(b);

	/* 65 > PROBE_NAMEMAX even with 65 bytes and more there. */
	b[22] = 65;
	assert_int_equal(decode_exact(b, 24 + 65 + 10, &p), PROBE_ENAME);
	b[22] = 255;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_ENAME);

	/* Within the limit, but longer than what is left. */
	b[22] = 10;
	assert_int_equal(decode_exact(b, 24 + 9, &p), PROBE_ENAME);
	assert_int_equal(decode_exact(b, 24, &p), PROBE_ENAME);
	assert_int_equal(decode_exact(b, 24 + 10, &p), PROBE_OK);
	assert_int_equal(p.namelen, 10);
	assert_int_equal(p.paylen, 0);
	b[22] = 64;
	assert_int_equal(decode_exact(b, 24 + 63, &p), PROBE_ENAME);
	assert_int_equal(decode_exact(b, 24 + 64, &p), PROBE_OK);
	assert_int_equal(p.namelen, 64);

	/* A probe has no name. */
	b[3] = PROBE_REQ;
	b[22] = 1;
	assert_int_equal(decode_exact(b, 24 + 1, &p), PROBE_ENAME);
	assert_int_equal(decode_exact(b, 24 + 20, &p), PROBE_ENAME);
	b[22] = 0;
	assert_int_equal(decode_exact(b, 24 + 20, &p), PROBE_OK);
	assert_int_equal(p.namelen, 0);
	assert_int_equal(p.paylen, 20);
}

/* ---- decode: what it must accept ---- */

static void
test_decode_fields(void **state)
{
	unsigned char b[PROBE_HDRLEN + 2 + 3];
	struct probe p;

	(void)state;
	good_header(b);
	b[22] = 2;
	memcpy(b + 24, "ab", 2);
	memcpy(b + 26, "xyz", 3);
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_OK);
	assert_int_equal(p.type, PROBE_ACK);
	assert_true(p.session == 0x01020304);
	assert_true(p.seq == 0x05060708);
	assert_true(p.stamp == 0x1112131415161718ULL);
	assert_int_equal(p.ttl, 9);
	assert_int_equal(p.namelen, 2);
	assert_int_equal(p.paylen, 3);

	/* The reserved byte is ignored on receipt. */
	b[23] = 0x5a;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_OK);
	assert_int_equal(p.ttl, 9);

	/* Without the flag the ttl byte means nothing (0x02 aside: it
	 * announces a withheld count, see test_withheld). */
	b[20] = 0xfc;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_OK);
	assert_int_equal(p.ttl, -1);
	b[20] = 0x00;
	b[21] = 0x00;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_OK);
	assert_int_equal(p.ttl, -1);
	b[20] = 0xfd;
	b[21] = 0x00;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_OK);
	assert_int_equal(p.ttl, 0);

	/* The ttl is the ack's: a probe has none even with the flag. */
	b[3] = PROBE_REQ;
	b[20] = 0x01;
	b[21] = 0x09;
	b[22] = 0;
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_OK);
	assert_int_equal(p.ttl, -1);
	assert_int_equal(p.paylen, 5);
}

static void
test_decode_forged_extremes(void **state)
{
	static const unsigned char b[] = {
		0x4d, 0x43, 0x01, 0x02,
		0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x01, 0xff, 0x00, 0xff,
	};
	struct probe p;

	(void)state;
	/* Well-formed: rejecting such values is the sender's business. */
	assert_int_equal(decode_exact(b, sizeof(b), &p), PROBE_OK);
	assert_true(p.session == 0xffffffffU);
	assert_true(p.seq == 0xffffffffU);
	assert_true(p.stamp == 0xffffffffffffffffULL);
	assert_int_equal(p.ttl, 255);
	assert_int_equal(p.namelen, 0);
	assert_int_equal(p.paylen, 0);
}

/*
 * Every prefix of a valid ack with a 64-byte name and a 100-byte payload:
 * shorter than the header is ESHORT, header plus part of the name is
 * ENAME, from the whole name on it is valid with the rest as payload.
 */
static void
test_decode_every_prefix(void **state)
{
	unsigned char name[64], pay[100], enc[24 + 64 + 100], *b;
	struct probe in = { .type = PROBE_ACK, .session = 7, .seq = 8,
	    .stamp = 9, .ttl = 10, .name = name, .namelen = sizeof(name),
	    .payload = pay, .paylen = sizeof(pay) };
	struct probe p;
	enum probe_err e;
	size_t n;

	(void)state;
	memset(name, 'N', sizeof(name));
	memset(pay, 'P', sizeof(pay));
	assert_int_equal(probe_encode(&in, enc, sizeof(enc)), sizeof(enc));
	for (n = 0; n <= sizeof(enc); n++) {
		b = exact(enc, n);
		e = probe_decode(b, n, &p);
		if (e == PROBE_OK) {
			assert_true(p.namelen <= PROBE_NAMEMAX);
			assert_true(PROBE_HDRLEN + p.namelen + p.paylen == n);
			assert_ptr_equal(p.name, b + PROBE_HDRLEN);
			assert_ptr_equal(p.payload,
			    b + PROBE_HDRLEN + p.namelen);
		}
		/* 0 and 1 byte: see test_decode_short_no_magic. */
		if (n < 2)
			assert_int_not_equal(e, PROBE_OK);
		else if (n < PROBE_HDRLEN)
			assert_int_equal(e, PROBE_ESHORT);
		else if (n < PROBE_HDRLEN + 64)
			assert_int_equal(e, PROBE_ENAME);
		else {
			assert_int_equal(e, PROBE_OK);
			assert_int_equal(p.namelen, 64);
			assert_int_equal(p.paylen, n - PROBE_HDRLEN - 64);
		}
		free(b);
	}
}

/* xorshift64: a fixed, repeatable stream. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * Random datagrams that start like ours: whatever decode says, an
 * accepted one must describe only bytes inside the buffer.
 */
static void
test_decode_random(void **state)
{
	unsigned char src[200], *b;
	uint64_t s = 0x9e3779b97f4a7c15ULL;
	struct probe p;
	size_t n, i, w;
	int k, ok = 0;

	(void)state;
	for (k = 0; k < 20000; k++) {
		n = rnd(&s) % sizeof(src);
		for (i = 0; i < n; i++)
			src[i] = (unsigned char)rnd(&s);
		if (n > 0 && rnd(&s) % 4 != 0)
			src[0] = PROBE_MAGIC0;
		if (n > 1 && rnd(&s) % 4 != 0)
			src[1] = PROBE_MAGIC1;
		if (n > 2 && rnd(&s) % 4 != 0)
			src[2] = PROBE_VERSION;
		if (n > 3 && rnd(&s) % 4 != 0)
			src[3] = (unsigned char)(1 + rnd(&s) % 2);
		if (n > 22 && rnd(&s) % 2 != 0)
			src[22] = (unsigned char)(rnd(&s) % 80);
		b = exact(src, n);
		if (probe_decode(b, n, &p) == PROBE_OK) {
			ok++;
			assert_true(n >= PROBE_HDRLEN);
			assert_true(p.type >= PROBE_REQ &&
			    p.type <= PROBE_REPORT);
			assert_true(p.namelen <= PROBE_NAMEMAX);
			assert_true(p.type == PROBE_ACK ||
			    p.type == PROBE_REPORT || p.namelen == 0);
			assert_true(p.ttl >= -1 && p.ttl <= 255);
			w = p.has_withheld ? PROBE_WITHHELDLEN : 0;
			assert_true(p.type == PROBE_ACK || w == 0);
			assert_true(PROBE_HDRLEN + p.namelen + w + p.paylen ==
			    n);
			assert_ptr_equal(p.payload,
			    b + PROBE_HDRLEN + p.namelen + w);
		}
		free(b);
	}
	/* The generator must reach the accepting path too. */
	assert_true(ok > 100);
}

/* An ack's withheld count: after the name, before the text, both ways. */
static void
test_withheld(void **state)
{
	unsigned char buf[128];
	struct probe a = {
		.type = PROBE_ACK, .session = 7, .seq = 9, .ttl = 3,
		.name = (const unsigned char *)"rx", .namelen = 2,
		.has_withheld = 1, .withheld = 0x01020304,
		.payload = (const unsigned char *)"ack", .paylen = 3,
	}, p;
	size_t n;

	(void)state;
	n = probe_encode(&a, buf, sizeof(buf));
	assert_int_equal(n, PROBE_HDRLEN + 2 + 4 + 3);
	assert_int_equal(buf[20], PROBE_F_TTL | PROBE_F_WITHHELD);
	assert_memory_equal(buf + 26, "\x01\x02\x03\x04" "ack", 7);
	assert_int_equal(probe_decode(buf, n, &p), PROBE_OK);
	assert_true(p.has_withheld);
	assert_int_equal(p.withheld, 0x01020304);
	assert_int_equal(p.namelen, 2);
	assert_int_equal(p.paylen, 3);
	assert_memory_equal(p.payload, "ack", 3);
	/* No room for the count: not a valid ack. */
	assert_int_equal(probe_decode(buf, PROBE_HDRLEN + 2 + 3, &p),
	    PROBE_EWITHHELD);
	/* Exactly the count, no text. */
	assert_int_equal(probe_decode(buf, PROBE_HDRLEN + 2 + 4, &p), PROBE_OK);
	assert_int_equal(p.paylen, 0);
	/* Too small a buffer for it: nothing written. */
	assert_int_equal(probe_encode(&a, buf, PROBE_HDRLEN + 2 + 3 + 3), 0);
	/* A probe never carries it, flag or not. */
	a.type = PROBE_REQ;
	n = probe_encode(&a, buf, sizeof(buf));
	assert_int_equal(n, PROBE_HDRLEN + 3);
	buf[20] = PROBE_F_WITHHELD;
	assert_int_equal(probe_decode(buf, n, &p), PROBE_OK);
	assert_false(p.has_withheld);
	assert_int_equal(p.paylen, 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_ack_bytes),
		cmocka_unit_test(test_encode_probe_bytes),
		cmocka_unit_test(test_encode_ttl_flag),
		cmocka_unit_test(test_encode_space),
		cmocka_unit_test(test_encode_name_too_long),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_decode_short),
		cmocka_unit_test(test_decode_short_no_magic),
		cmocka_unit_test(test_decode_magic),
		cmocka_unit_test(test_decode_version),
		cmocka_unit_test(test_decode_type),
		cmocka_unit_test(test_decode_name),
		cmocka_unit_test(test_decode_fields),
		cmocka_unit_test(test_decode_forged_extremes),
		cmocka_unit_test(test_decode_every_prefix),
		cmocka_unit_test(test_decode_random),
		cmocka_unit_test(test_withheld),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
