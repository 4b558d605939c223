/*
 * probe.c: encode and decode the probe wire format (see probe.h).
 */
#include <string.h>

#include "be.h"
#include "probe.h"

/* Acks and reports answer: they carry a name and the arrival TTL. */
static int
answers(enum probe_type t)
{
	return t == PROBE_ACK || t == PROBE_REPORT;
}

/* The flags a type may carry besides the TTL's and the withheld count's. */
static unsigned int
own_flags(enum probe_type t)
{
	return t == PROBE_STREAM ? PROBE_F_END :
	    t == PROBE_REPORT ? PROBE_F_FINAL : 0;
}

size_t
probe_encode(const struct probe *p, void *buf, size_t len)
{
	unsigned char *b = buf;
	size_t namelen = answers(p->type) ? p->namelen : 0;
	size_t wlen = p->type == PROBE_ACK && p->has_withheld ?
	    PROBE_WITHHELDLEN : 0;

	if (namelen > PROBE_NAMEMAX || len < PROBE_HDRLEN ||
	    len - PROBE_HDRLEN < namelen + wlen ||
	    len - PROBE_HDRLEN - namelen - wlen < p->paylen)
		return 0;
	b[0] = PROBE_MAGIC0;
	b[1] = PROBE_MAGIC1;
	b[2] = PROBE_VERSION;
	b[3] = (unsigned char)p->type;
	be32_put(b + 4, p->session);
	be32_put(b + 8, p->seq);
	be32_put(b + 12, (uint32_t)(p->stamp >> 32));
	be32_put(b + 16, (uint32_t)p->stamp);
	b[20] = (unsigned char)(p->flags & own_flags(p->type));
	b[21] = 0;
	if (p->ttl >= 0 && p->ttl <= 255 && p->type != PROBE_REQ) {
		if (answers(p->type))
			b[20] |= PROBE_F_TTL;
		b[21] = (unsigned char)p->ttl;
	}
	b[22] = (unsigned char)namelen;
	b[23] = 0;
	if (namelen > 0)
		memcpy(b + PROBE_HDRLEN, p->name, namelen);
	if (wlen > 0) {
		b[20] |= PROBE_F_WITHHELD;
		be32_put(b + PROBE_HDRLEN + namelen, p->withheld);
	}
	if (p->paylen > 0)
		memcpy(b + PROBE_HDRLEN + namelen + wlen, p->payload, p->paylen);
	return PROBE_HDRLEN + namelen + wlen + p->paylen;
}

enum probe_err
probe_decode(const void *buf, size_t len, struct probe *p)
{
	const unsigned char *b = buf;

	memset(p, 0, sizeof(*p));
	p->ttl = -1;
	if (len < 2)
		return PROBE_ESHORT;
	if (b[0] != PROBE_MAGIC0 || b[1] != PROBE_MAGIC1)
		return PROBE_EMAGIC;
	if (len < 3)
		return PROBE_ESHORT;
	if (b[2] != PROBE_VERSION)
		return PROBE_EVERSION;
	if (len < PROBE_HDRLEN)
		return PROBE_ESHORT;
	if (b[3] < PROBE_REQ || b[3] > PROBE_REPORT)
		return PROBE_ETYPE;
	p->type = (enum probe_type)b[3];
	p->session = be32_get(b + 4);
	p->seq = be32_get(b + 8);
	p->stamp = (uint64_t)be32_get(b + 12) << 32 | be32_get(b + 16);
	if ((answers(p->type) && (b[20] & PROBE_F_TTL)) ||
	    p->type == PROBE_STREAM)
		p->ttl = b[21];
	p->flags = b[20] & own_flags(p->type);
	p->namelen = b[22];
	if (p->namelen > PROBE_NAMEMAX || p->namelen > len - PROBE_HDRLEN ||
	    (!answers(p->type) && p->namelen != 0))
		return PROBE_ENAME;
	p->name = b + PROBE_HDRLEN;
	p->payload = b + PROBE_HDRLEN + p->namelen;
	p->paylen = len - PROBE_HDRLEN - p->namelen;
	if (p->type == PROBE_ACK && (b[20] & PROBE_F_WITHHELD)) {
		if (p->paylen < PROBE_WITHHELDLEN)
			return PROBE_EWITHHELD;
		p->has_withheld = 1;
		p->withheld = be32_get(p->payload);
		p->payload += PROBE_WITHHELDLEN;
		p->paylen -= PROBE_WITHHELDLEN;
	}
	return PROBE_OK;
}
