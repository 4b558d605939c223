/*
 * probe.h: the probe wire format, version 1.  Pure encode and decode on
 * byte buffers, network byte order, every length checked before a read.
 *
 * A probe (sender to group) and an ack (receiver to sender) share one
 * 24-byte header; the rest of the datagram follows it:
 *
 *   0  2  magic    0x4d 0x43 ("MC")
 *   2  1  version  1
 *   3  1  type     1 probe, 2 ack, 3 stream datagram, 4 stream report
 *   4  4  session  random per sender run; an ack echoes it
 *   8  4  seq      probe number from 0; an ack echoes it
 *  12  8  stamp    sender's clock in ns at sending; an ack echoes it
 *  20  1  flags    ack, report: 0x01 the ttl field is valid;
 *                   ack: 0x02 a withheld count follows the name;
 *                   stream: 0x04 the end marker; report: 0x08 final
 *  21  1  ttl      ack, report: TTL / hop limit the datagram arrived
 *                   with; stream: report interval, tenths of a second
 *  22  1  namelen  ack, report: bytes of responder name that follow
 *                   (<= 64); 0 in a probe or stream datagram
 *  23  1  reserved 0 (ignored on receipt)
 *  24  namelen bytes of name (ack only; 0 in a probe)
 *  ..  4  withheld ack with flag 0x02: probes of this session the
 *                   responder chose not to answer so far (rate limit,
 *                   --allow, a failed send)
 *  ..  payload: the probe's message, or the ack's text
 *
 * Flag 0x02 is an extension within version 1: a peer that does not know
 * it reads the 4 bytes as the start of the ack's text.  So are types 3
 * and 4 (stream.h has their bodies): a peer that does not know them
 * takes a stream datagram for a plain one and answers it as such.
 *
 * Receivers answer a datagram that does not start with a valid version 1
 * header with their plain ack text, as the classic example does.
 */
#ifndef PROBE_H
#define PROBE_H

#include <stddef.h>
#include <stdint.h>

#define PROBE_MAGIC0	0x4d
#define PROBE_MAGIC1	0x43
#define PROBE_VERSION	1
#define PROBE_HDRLEN	24
#define PROBE_NAMEMAX	64

enum probe_type {
	PROBE_REQ = 1, PROBE_ACK = 2, PROBE_STREAM = 3, PROBE_REPORT = 4
};

#define PROBE_F_TTL	0x01
#define PROBE_F_WITHHELD	0x02
#define PROBE_WITHHELDLEN	4
#define PROBE_F_END	0x04
#define PROBE_F_FINAL	0x08

struct probe {
	enum probe_type type;
	uint32_t session;
	uint32_t seq;
	uint64_t stamp;
	int ttl;			/* ack, report: -1 when unknown;
					   stream: the report interval */
	unsigned int flags;		/* PROBE_F_END, PROBE_F_FINAL */
	const unsigned char *name;	/* ack: points into the datagram */
	size_t namelen;
	int has_withheld;		/* ack: the withheld count is there */
	uint32_t withheld;
	const unsigned char *payload;	/* points into the datagram */
	size_t paylen;
};

enum probe_err {
	PROBE_OK = 0,
	PROBE_ESHORT,		/* shorter than the header */
	PROBE_EMAGIC,		/* not ours */
	PROBE_EVERSION,		/* ours, but a version we do not speak */
	PROBE_ETYPE,		/* unknown type */
	PROBE_ENAME,		/* name longer than allowed or than the datagram */
	PROBE_EWITHHELD		/* flag 0x02 but no room for the count */
};

/*
 * probe_encode: header, name and payload of p into buf.  Returns the
 * length written, or 0 when the result would not fit in len bytes or the
 * name is longer than PROBE_NAMEMAX.
 */
size_t		probe_encode(const struct probe *p, void *buf, size_t len);

/*
 * probe_decode: parse len bytes at buf into p (whose name and payload
 * point into buf).  Returns PROBE_OK or why it is not a valid probe.
 */
enum probe_err	probe_decode(const void *buf, size_t len, struct probe *p);

#endif /* PROBE_H */
