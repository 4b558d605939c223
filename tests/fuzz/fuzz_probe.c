/*
 * fuzz_probe.c: the probe wire format (src/probe.c).
 *
 * Decode: the input is a datagram, in a heap block of exactly its size.
 * A successful decode must agree with the layout in probe.h read here
 * byte by byte, and encoding the result again must give the same header
 * fields, name and payload, in exactly as many bytes.  Types 1 to 4:
 * probe, ack, stream datagram (no name; byte 21 the report interval, flag
 * END) and stream report (name and TTL as an ack's, flag FINAL, no
 * withheld count).
 *
 * Encode: the same input read as the fields of a probe (type, session,
 * seq, stamp, ttl, withheld, flags, name length, buffer length, then name
 * and payload bytes).  Encoding into a buffer of exactly the length returned must
 * fit; one byte less must fail without writing; decoding what was
 * written must give the fields back.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"
#include "fuzz.h"

/* Acks and reports carry a name and the TTL; streams and reports flags. */
static int
answers(int type)
{
	return type == PROBE_ACK || type == PROBE_REPORT;
}

static unsigned int
own_flags(int type)
{
	if (type == PROBE_STREAM)
		return PROBE_F_END;
	if (type == PROBE_REPORT)
		return PROBE_F_FINAL;
	return 0;
}

static int
known_type(int type)
{
	return type >= PROBE_REQ && type <= PROBE_REPORT;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Whether a probe's name or payload lies where probe.h says. */
static void
check_layout(const unsigned char *b, size_t len, const struct probe *p)
{
	size_t w;

	CHECK(len >= PROBE_HDRLEN);
	CHECK(b[0] == PROBE_MAGIC0 && b[1] == PROBE_MAGIC1);
	CHECK(b[2] == PROBE_VERSION);
	CHECK(known_type(b[3]));
	CHECK((int)p->type == b[3]);
	CHECK(p->flags == (b[20] & own_flags(b[3])));
	CHECK(p->session == be32(b + 4));
	CHECK(p->seq == be32(b + 8));
	CHECK(p->stamp == ((uint64_t)be32(b + 12) << 32 | be32(b + 16)));
	CHECK(p->namelen == b[22]);
	CHECK(p->namelen <= PROBE_NAMEMAX);
	if (!answers(p->type))
		CHECK(p->namelen == 0);
	if (p->type == PROBE_REQ)
		CHECK(p->ttl == -1);
	else if (p->type == PROBE_STREAM)
		CHECK(p->ttl == b[21]);
	else
		CHECK(p->ttl == ((b[20] & PROBE_F_TTL) ? b[21] : -1));
	w = p->has_withheld ? PROBE_WITHHELDLEN : 0;
	CHECK(p->has_withheld == (p->type == PROBE_ACK &&
	    (b[20] & PROBE_F_WITHHELD) != 0));
	if (w > 0)
		CHECK(p->withheld == be32(b + PROBE_HDRLEN + p->namelen));
	CHECK(p->name == b + PROBE_HDRLEN);
	CHECK(p->payload == b + PROBE_HDRLEN + p->namelen + w);
	CHECK(p->paylen == len - PROBE_HDRLEN - p->namelen - w);
}

/* probe_encode into a fresh heap block of exactly len bytes. */
static unsigned char *
encode_exact(const struct probe *p, size_t len, size_t *got)
{
	unsigned char *b = malloc(len);

	CHECK(b != NULL || len == 0);
	if (len > 0)
		memset(b, 0xa5, len);
	*got = probe_encode(p, b, len);
	return b;
}

/* Whether all n bytes at b still hold the fill encode_exact put there. */
static int
untouched(const unsigned char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != 0xa5)
			return 0;
	return 1;
}

static void
fuzz_decode(const uint8_t *data, size_t size)
{
	unsigned char *b = dup_exact(data, size), *o, *o2;
	struct probe p, q;
	enum probe_err e;
	size_t n;

	e = probe_decode(b, size, &p);
	if (e != PROBE_OK) {
		/* Why it failed must match the bytes. */
		if (size < 2)
			CHECK(e == PROBE_ESHORT);
		else if (b[0] != PROBE_MAGIC0 || b[1] != PROBE_MAGIC1)
			CHECK(e == PROBE_EMAGIC);
		else if (size < 3)
			CHECK(e == PROBE_ESHORT);
		else if (b[2] != PROBE_VERSION)
			CHECK(e == PROBE_EVERSION);
		else if (size < PROBE_HDRLEN)
			CHECK(e == PROBE_ESHORT);
		else if (!known_type(b[3]))
			CHECK(e == PROBE_ETYPE);
		else if (e == PROBE_EWITHHELD)
			CHECK(b[3] == PROBE_ACK && (b[20] & PROBE_F_WITHHELD) &&
			    size - PROBE_HDRLEN - b[22] < PROBE_WITHHELDLEN);
		else
			CHECK(e == PROBE_ENAME && (b[22] > PROBE_NAMEMAX ||
			    b[22] > size - PROBE_HDRLEN ||
			    (!answers(b[3]) && b[22] != 0)));
		free(b);
		return;
	}
	check_layout(b, size, &p);

	/* Encode again: exactly size bytes, the same header fields. */
	o = encode_exact(&p, size, &n);
	CHECK(n == size);
	CHECK(memcmp(o, b, 20) == 0);	/* magic .. stamp */
	CHECK((o[20] & PROBE_F_WITHHELD) == (p.has_withheld ?
	    PROBE_F_WITHHELD : 0));
	if (answers(p.type) && (b[20] & PROBE_F_TTL)) {
		CHECK((o[20] & PROBE_F_TTL) == PROBE_F_TTL);
		CHECK(o[21] == b[21]);
	} else if (p.type == PROBE_STREAM) {
		CHECK((o[20] & PROBE_F_TTL) == 0 && o[21] == b[21]);
	} else {
		CHECK((o[20] & PROBE_F_TTL) == 0 && o[21] == 0);
	}
	/* A type's own flags pass; any other is dropped. */
	CHECK((o[20] & ~(PROBE_F_TTL | PROBE_F_WITHHELD)) ==
	    (b[20] & own_flags(p.type)));
	CHECK(o[22] == b[22]);
	CHECK(o[23] == 0);
	CHECK(memcmp(o + PROBE_HDRLEN, b + PROBE_HDRLEN,
	    size - PROBE_HDRLEN) == 0);

	/* What the encoder writes is a fixed point: decode, encode, same. */
	CHECK(probe_decode(o, n, &q) == PROBE_OK);
	check_layout(o, n, &q);
	o2 = encode_exact(&q, n, &n);
	CHECK(n == size);
	CHECK(memcmp(o, o2, n) == 0);
	free(o2);

	/* One byte short: refused, and nothing written. */
	o2 = encode_exact(&p, size - 1, &n);
	CHECK(n == 0);
	CHECK(untouched(o2, size - 1));
	free(o2);
	free(o);
	free(b);
}

static void
fuzz_encode(const uint8_t *data, size_t size)
{
	struct cursor c = { data, size };
	struct probe p, d;
	unsigned char *name, *pay, *b;
	size_t namelen, paylen, want, n, blen;
	int type;

	memset(&p, 0, sizeof(p));
	type = (int)(take(&c, 1) % 6);		/* 0 and 5 are not types */
	p.type = (enum probe_type)type;
	p.session = (uint32_t)take(&c, 4);
	p.seq = (uint32_t)take(&c, 4);
	p.stamp = take(&c, 8);
	p.ttl = (int)(int16_t)(uint16_t)take(&c, 2);
	p.has_withheld = (int)(take(&c, 1) & 1);
	p.withheld = (uint32_t)take(&c, 4);
	p.flags = (unsigned int)take(&c, 1);
	namelen = (size_t)take(&c, 1);		/* up to 255: > 64 is refused */
	blen = (size_t)take(&c, 2) % 2048;
	/* The name from the input, the rest the payload, each exact. */
	if (namelen > c.n)
		namelen = c.n;
	name = dup_exact(c.p, namelen);
	pay = dup_exact(c.p + namelen, c.n - namelen);
	paylen = c.n - namelen;
	p.name = name;
	p.namelen = namelen;
	p.payload = pay;
	p.paylen = paylen;

	if (answers(type) && namelen > PROBE_NAMEMAX) {
		/* Refused at any size, the ample one included. */
		b = encode_exact(&p, PROBE_HDRLEN + namelen + paylen, &n);
		CHECK(n == 0);
		free(b);
		goto out;
	}
	want = PROBE_HDRLEN + (answers(type) ? namelen : 0) + paylen +
	    (type == PROBE_ACK && p.has_withheld ? PROBE_WITHHELDLEN : 0);

	/* Exactly the size it needs. */
	b = encode_exact(&p, want, &n);
	CHECK(n == want);
	CHECK(b[0] == PROBE_MAGIC0 && b[1] == PROBE_MAGIC1 &&
	    b[2] == PROBE_VERSION && b[3] == (unsigned char)type);
	CHECK(be32(b + 4) == p.session && be32(b + 8) == p.seq);
	CHECK(((uint64_t)be32(b + 12) << 32 | be32(b + 16)) == p.stamp);
	if (known_type(type)) {
		CHECK(probe_decode(b, n, &d) == PROBE_OK);
		check_layout(b, n, &d);
		CHECK(d.type == p.type && d.session == p.session &&
		    d.seq == p.seq && d.stamp == p.stamp);
		CHECK(d.flags == (p.flags & own_flags(type)));
		if (answers(type)) {
			CHECK(d.ttl == (p.ttl >= 0 && p.ttl <= 255 ? p.ttl : -1));
			CHECK(d.namelen == namelen);
			CHECK(namelen == 0 || memcmp(d.name, name, namelen) == 0);
		} else {
			CHECK(d.namelen == 0);
		}
		if (type == PROBE_STREAM)
			CHECK(d.ttl == (p.ttl >= 0 && p.ttl <= 255 ? p.ttl : 0));
		if (type == PROBE_REQ)
			CHECK(d.ttl == -1);
		CHECK(d.has_withheld == (type == PROBE_ACK && p.has_withheld));
		CHECK(!d.has_withheld || d.withheld == p.withheld);
		CHECK(d.paylen == paylen);
		CHECK(paylen == 0 || memcmp(d.payload, pay, paylen) == 0);
	} else {
		CHECK(probe_decode(b, n, &d) == PROBE_ETYPE);
	}
	free(b);

	/* One byte short. */
	b = encode_exact(&p, want - 1, &n);
	CHECK(n == 0);
	CHECK(untouched(b, want - 1));
	free(b);

	/* Any other size: fits exactly when it is at least want. */
	b = encode_exact(&p, blen, &n);
	CHECK(n == (blen >= want ? want : 0));
	if (n == 0)
		CHECK(untouched(b, blen));
	else
		CHECK(untouched(b + want, blen - want));
	free(b);
out:
	free(name);
	free(pay);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_decode(data, size);
	fuzz_encode(data, size);
	return 0;
}
