/*
 * mcast.h: the multicast socket helper mcast-send and mcast-recv share:
 * interface lookup, socket setup and group joins, batched receiving with
 * ancillary data, the host's broadcast addresses, the kernel's drop
 * count, and a hint for each way these fail.  Also, for now, the
 * programs' defaults and their command-line plumbing (stdout, errors,
 * signals).  Helpers return -1 and keep errno.
 */
#ifndef MCAST_H
#define MCAST_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <net/if.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "addr.h"

#define MC_DEFAULT_GROUP	"224.3.29.71"
#define MC_DEFAULT_GROUP6	"ff05::3:29:71"	/* site-local scope */
#define MC_DEFAULT_PORT		10000
#define MC_DEFAULT_MESSAGE	"very important data"
#define MC_DEFAULT_ACK		"ack"
#define MC_DEFAULT_TTL		1
#define MC_DEFAULT_TIMEOUT_NS	200000000LL	/* 0.2 s, as the classic example */

#define MC_MAX_PAYLOAD4		65507	/* 65535 - IPv4 header - UDP header */
#define MC_MAX_PAYLOAD6		65527	/* 65535 - UDP header (no jumbograms) */

/*
 * resolve_iface: the interface index the spec names (0 for IFACE_NONE) and
 * a local address on it: the one named, else its first address of the
 * family (AF_UNSPEC when it has none).  An address must belong to an
 * interface of this host.  Returns -1 with errno ENODEV (no such
 * interface) or EADDRNOTAVAIL (no interface has that address).
 */
int		 resolve_iface(const struct iface_spec *spec, int family,
		    unsigned int *ifindex, struct sockaddr_storage *local);

/* What a socket helper was doing when it failed, for the message. */
enum mc_step {
	STEP_SOCKET, STEP_REUSE, STEP_BIND, STEP_JOIN, STEP_OPT, STEP_IF,
	STEP_TTL, STEP_LOOP
};

/*
 * open_bound: a UDP socket bound to the wildcard address and port, with
 * SO_REUSEADDR (receivers side by side), IP_MULTICAST_ALL off (only the
 * groups this socket joins) and destination/TTL/drop count/arrival time
 * (SO_TIMESTAMPNS) ancillary data on.
 * Returns the socket, or -1 with errno and *step saying what failed.
 */
int		 open_bound(int family, uint16_t port, enum mc_step *step);

/*
 * join_group: join group on ifindex (0: the kernel's choice), for any
 * source (nsrc 0, MCAST_JOIN_GROUP) or for each of src (source-specific,
 * MCAST_JOIN_SOURCE_GROUP).  Returns 0, or -1 with errno (ENOBUFS: this
 * socket is at the kernel's limit of memberships).
 */
int		 join_group(int fd, const struct sockaddr *group,
		    unsigned int ifindex, const struct sockaddr_storage *src,
		    size_t nsrc);

/*
 * route_iface: the interface the kernel would send to group through, as
 * its routing table says (rtnetlink RTM_GETROUTE, what "ip route get"
 * asks; a %scope is the outgoing interface).  Waits a second at most.
 * Returns 0, or -1 with errno (ETIMEDOUT, ENETUNREACH, the kernel's).
 */
int		 route_iface(const struct sockaddr *group, unsigned int *ifindex);

/*
 * open_sender: a UDP socket for the family with the multicast TTL (hop
 * limit), loop flag, outgoing interface and (IPv4) source address set;
 * local may be NULL.  Returns the socket or -1 with errno and *step.
 */
int		 open_sender(int family, int ttl, int loop, unsigned int ifindex,
		    const struct sockaddr_storage *local, enum mc_step *step);

/* hint: one line of advice for err at step, or NULL. */
const char	*hint(int err, enum mc_step step);

/* What recv_dgram learned about one datagram. */
struct rxinfo {
	struct sockaddr_storage from;
	struct sockaddr_storage to;	/* destination address, port 0 */
	unsigned int ifindex;		/* 0 when unknown */
	int ttl;			/* -1 when unknown */
	int truncated;			/* larger than the buffer */
	size_t wirelen;			/* its real length */
	int64_t at;			/* arrival, CLOCK_REALTIME ns, from
					   the kernel (open_bound); 0: none */
};

/*
 * recv_dgram: one datagram without blocking, with its ancillary data.
 * Returns the bytes stored in buf, or -1 with errno (EAGAIN when none).
 */
ssize_t		 recv_dgram(int fd, void *buf, size_t len, struct rxinfo *ri);

/* Room for the ancillary data we ask for (pktinfo, ttl, drop count,
 * arrival time). */
#define MC_CMSG_SPACE	(CMSG_SPACE(sizeof(struct in6_pktinfo)) + \
			    CMSG_SPACE(sizeof(int)) * 2 + \
			    CMSG_SPACE(sizeof(uint32_t)) + \
			    CMSG_SPACE(sizeof(struct timespec)) + 64)
#define MC_BATCH	64		/* datagrams per recvmmsg */
#define MC_BUFSIZE	65536		/* room for any UDP datagram */

/* A batch of received datagrams, for recv_batch. */
struct rxbatch {
	struct mmsghdr msg[MC_BATCH];
	struct iovec iov[MC_BATCH];
	union {
		char buf[MC_CMSG_SPACE];
		struct cmsghdr align;
	} ctl[MC_BATCH];
	struct rxinfo ri[MC_BATCH];
	unsigned char *buf;		/* MC_BATCH * MC_BUFSIZE bytes */
	uint32_t drops;			/* the socket's latest SO_RXQ_OVFL */
};

/*
 * recv_batch: up to MC_BATCH datagrams without blocking (recvmmsg), with
 * their ancillary data in b->ri and the kernel's drop count in b->drops.
 * Datagram i is at b->buf + i * MC_BUFSIZE, b->msg[i].msg_len bytes (the
 * stored length is min(wirelen, MC_BUFSIZE)).  Returns how many, 0 or -1
 * with errno (EAGAIN when none).
 */
int		 recv_batch(int fd, struct rxbatch *b);

/*
 * set_rcvbuf: ask for a receive buffer of bytes (SO_RCVBUFFORCE where
 * allowed, else SO_RCVBUF, which net.core.rmem_max caps).  Returns the
 * size granted, or -1 with errno.
 */
int		 set_rcvbuf(int fd, int bytes);

/* local_broadcasts: the directed broadcast addresses of this host's
 * interfaces (at most max), for never answering them. */
size_t		 local_broadcasts(struct sockaddr_storage *out, size_t max);

/*
 * socket_drops: datagrams the kernel dropped at this socket so far
 * (SO_MEMINFO), which SO_RXQ_OVFL reports only with a later datagram.
 * Returns -1 when it cannot tell.
 */
long long	 socket_drops(int fd);

/*
 * reasm_fails: IPv4 and IPv6 reassembly failures of this host (network
 * namespace) so far, from /proc/net/snmp and snmp6; -1 when unknown.
 */
long long	 reasm_fails(void);

#endif /* MCAST_H */
