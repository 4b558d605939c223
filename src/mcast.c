/*
 * mcast.c: the multicast socket helper shared by mcast-send and
 * mcast-recv: interfaces, sockets, joins, receiving (see mcast.h).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <net/if.h>
#include <ifaddrs.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <poll.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "escape.h"
#include "mcast.h"
#include "parse.h"

#ifndef IP_MULTICAST_ALL
#define IP_MULTICAST_ALL 49
#endif
#ifndef IPV6_MULTICAST_ALL
#define IPV6_MULTICAST_ALL 29
#endif

/* Whether a and b hold the same address (ports and scopes aside). */
static int
same_addr(const struct sockaddr *a, const struct sockaddr *b)
{
	if (a->sa_family != b->sa_family)
		return 0;
	if (a->sa_family == AF_INET)
		return ((const struct sockaddr_in *)(const void *)a)->sin_addr.s_addr ==
		    ((const struct sockaddr_in *)(const void *)b)->sin_addr.s_addr;
	if (a->sa_family == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)(const void *)a)->sin6_addr,
		    &((const struct sockaddr_in6 *)(const void *)b)->sin6_addr,
		    sizeof(struct in6_addr)) == 0;
	return 0;
}

int
resolve_iface(const struct iface_spec *spec, int family, unsigned int *ifindex,
    struct sockaddr_storage *local)
{
	struct ifaddrs *ifa, *i;
	char name[IF_NAMESIZE];
	const struct sockaddr *want = (const struct sockaddr *)&spec->addr;

	memset(local, 0, sizeof(*local));
	*ifindex = 0;
	switch (spec->kind) {
	case IFACE_NONE:
		return 0;
	case IFACE_NAME:
		*ifindex = if_nametoindex(spec->name);
		break;
	case IFACE_INDEX:
		if (if_indextoname(spec->index, name) != NULL)
			*ifindex = spec->index;
		break;
	case IFACE_ADDR:
		break;
	}
	if (spec->kind != IFACE_ADDR && *ifindex == 0) {
		errno = ENODEV;
		return -1;
	}
	if (getifaddrs(&ifa) == -1)
		return -1;
	for (i = ifa; i != NULL; i = i->ifa_next) {
		const struct sockaddr *a = i->ifa_addr;

		if (a == NULL || (a->sa_family != AF_INET &&
		    a->sa_family != AF_INET6))
			continue;
		if (spec->kind == IFACE_ADDR) {
			if (!same_addr(a, want))
				continue;
			*ifindex = if_nametoindex(i->ifa_name);
			memcpy(local, a, addr_len(a));
			break;
		}
		/* The first address of the family on the interface. */
		if (a->sa_family == family && local->ss_family == AF_UNSPEC &&
		    if_nametoindex(i->ifa_name) == *ifindex)
			memcpy(local, a, addr_len(a));
	}
	freeifaddrs(ifa);
	if (*ifindex == 0) {
		errno = EADDRNOTAVAIL;
		return -1;
	}
	return 0;
}

int
open_bound(int family, uint16_t port, enum mc_step *step)
{
	struct sockaddr_storage any;
	int fd, on = 1, off = 0, e;

	if ((fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1) {
		*step = STEP_SOCKET;
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1) {
		*step = STEP_REUSE;
		goto fail;
	}
	memset(&any, 0, sizeof(any));
	any.ss_family = (sa_family_t)family;
	addr_set_port((struct sockaddr *)&any, port);
	if (family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	if (bind(fd, (struct sockaddr *)&any,
	    addr_len((struct sockaddr *)&any)) == -1) {
		*step = STEP_BIND;
		goto fail;
	}
	/*
	 * Only datagrams for groups this socket joined: Linux otherwise
	 * delivers every group any socket on the host joined on this port.
	 */
	if (family == AF_INET) {
		(void)setsockopt(fd, IPPROTO_IP, IP_MULTICAST_ALL, &off,
		    sizeof(off));
		if (setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) == -1 ||
		    setsockopt(fd, IPPROTO_IP, IP_RECVTTL, &on, sizeof(on)) == -1) {
			*step = STEP_OPT;
			goto fail;
		}
	} else {
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_ALL, &off,
		    sizeof(off));
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on,
		    sizeof(on)) == -1 ||
		    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on,
		    sizeof(on)) == -1) {
			*step = STEP_OPT;
			goto fail;
		}
	}
	/* The kernel's count of datagrams dropped for want of buffer, and
	 * each datagram's arrival time, which a batch read later keeps. */
	(void)setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof(on));
	(void)setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on));
	return fd;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

int
join_group(int fd, const struct sockaddr *group, unsigned int ifindex,
    const struct sockaddr_storage *src, size_t nsrc)
{
	int level = group->sa_family == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP;
	struct group_source_req gsr;
	struct group_req gr;
	size_t i;

	if (nsrc == 0) {
		memset(&gr, 0, sizeof(gr));
		gr.gr_interface = ifindex;
		memcpy(&gr.gr_group, group, addr_len(group));
		return setsockopt(fd, level, MCAST_JOIN_GROUP, &gr, sizeof(gr));
	}
	for (i = 0; i < nsrc; i++) {
		memset(&gsr, 0, sizeof(gsr));
		gsr.gsr_interface = ifindex;
		memcpy(&gsr.gsr_group, group, addr_len(group));
		memcpy(&gsr.gsr_source, &src[i],
		    addr_len((const struct sockaddr *)&src[i]));
		if (setsockopt(fd, level, MCAST_JOIN_SOURCE_GROUP, &gsr,
		    sizeof(gsr)) == -1)
			return -1;
	}
	return 0;
}

/* A route request's size: the header, the route message, two attributes. */
#define ROUTE_REQ_LEN	(NLMSG_SPACE(sizeof(struct rtmsg)) + \
			    2 * RTA_SPACE(sizeof(struct in6_addr)))

/* Append attribute type with len bytes of data to the request nh. */
static void
req_attr(struct nlmsghdr *nh, unsigned short type, const void *data,
    size_t len)
{
	struct rtattr *rta = (struct rtattr *)(void *)((char *)nh +
	    NLMSG_ALIGN(nh->nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	nh->nlmsg_len = NLMSG_ALIGN(nh->nlmsg_len) + (uint32_t)RTA_SPACE(len);
}

/*
 * The route reply nh answers: 1 with *ifindex from its RTA_OIF, 0 when it
 * is not an answer, -1 with errno for an error or a reply without one.
 */
static int
route_reply(const struct nlmsghdr *nh, uint32_t seq, unsigned int *ifindex)
{
	const struct nlmsgerr *e;
	const struct rtattr *rta;
	uint32_t oif;
	int len;

	if (nh->nlmsg_seq != seq)
		return 0;
	if (nh->nlmsg_type == NLMSG_ERROR) {
		if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
			errno = EBADMSG;
			return -1;
		}
		e = NLMSG_DATA(nh);
		errno = e->error < 0 ? -e->error : EBADMSG;
		return -1;
	}
	if (nh->nlmsg_type != RTM_NEWROUTE)
		return 0;
	if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(struct rtmsg))) {
		errno = EBADMSG;
		return -1;
	}
	len = (int)RTM_PAYLOAD(nh);
	for (rta = RTM_RTA(NLMSG_DATA(nh)); RTA_OK(rta, len);
	    rta = RTA_NEXT(rta, len)) {
		if (rta->rta_type != RTA_OIF ||
		    RTA_PAYLOAD(rta) < sizeof(oif))
			continue;
		memcpy(&oif, RTA_DATA(rta), sizeof(oif));
		if (oif == 0)
			break;
		*ifindex = oif;
		return 1;
	}
	errno = ENETUNREACH;	/* a route through no interface */
	return -1;
}

/* NLMSG_OK without its comparison of an int with an unsigned. */
static int
nl_ok(const struct nlmsghdr *nh, int len)
{
	return len >= (int)sizeof(*nh) && nh->nlmsg_len >= sizeof(*nh) &&
	    nh->nlmsg_len <= (unsigned int)len;
}

/*
 * One read from the netlink socket fd into buf: its length, 0 when there
 * is nothing of the kernel's to read yet, -1 with errno.
 */
static int
route_recv(int fd, char *buf, size_t size)
{
	struct sockaddr_nl from;
	socklen_t flen = sizeof(from);
	ssize_t got;

	memset(&from, 0, sizeof(from));
	got = recvfrom(fd, buf, size, MSG_DONTWAIT | MSG_TRUNC,
	    (struct sockaddr *)&from, &flen);
	if (got == -1)
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	if ((size_t)got > size) {
		errno = EMSGSIZE;	/* cut short: not to be read */
		return -1;
	}
	if (flen < sizeof(from) || from.nl_pid != 0)
		return 0;		/* not from the kernel */
	return (int)got;
}

/*
 * Read the answer to request seq from the netlink socket fd, for one
 * second at most: 0 with *ifindex, or -1 with errno.
 */
static int
route_read(int fd, uint32_t seq, unsigned int *ifindex)
{
	_Alignas(struct nlmsghdr) char buf[8192];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	const struct nlmsghdr *nh;
	int64_t deadline = mono_ns() + NS_PER_SEC;
	int n, r, tries;

	/* Bounded: a few reads, all within the deadline. */
	for (tries = 0; tries < 8; tries++) {
		if ((r = poll_until(&p, 1, deadline)) == 0)
			break;
		if (r == -1 && errno != EINTR)
			return -1;
		if (r == -1 || (n = route_recv(fd, buf, sizeof(buf))) == 0)
			continue;
		if (n == -1)
			return -1;
		for (nh = (const void *)buf; nl_ok(nh, n); nh = NLMSG_NEXT(nh, n))
			if ((r = route_reply(nh, seq, ifindex)) != 0)
				return r == 1 ? 0 : -1;
	}
	errno = ETIMEDOUT;
	return -1;
}

int
route_iface(const struct sockaddr *group, unsigned int *ifindex)
{
	const struct sockaddr_in6 *g6 = (const void *)group;
	const struct sockaddr_in *g4 = (const void *)group;
	_Alignas(struct nlmsghdr) char req[ROUTE_REQ_LEN];
	struct nlmsghdr *nh = (void *)req;
	struct rtmsg *rt = NLMSG_DATA(nh);
	uint32_t oif, seq = (uint32_t)mono_ns();
	int fd, r, e;

	*ifindex = 0;
	if (group->sa_family != AF_INET && group->sa_family != AF_INET6) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	/* What "ip route get GROUP" asks: the route the kernel would take. */
	memset(req, 0, sizeof(req));
	nh->nlmsg_len = NLMSG_LENGTH(sizeof(*rt));
	nh->nlmsg_type = RTM_GETROUTE;
	nh->nlmsg_flags = NLM_F_REQUEST;
	nh->nlmsg_seq = seq;
	rt->rtm_family = (unsigned char)group->sa_family;
	if (group->sa_family == AF_INET) {
		rt->rtm_dst_len = 32;
		req_attr(nh, RTA_DST, &g4->sin_addr, sizeof(g4->sin_addr));
	} else {
		rt->rtm_dst_len = 128;
		req_attr(nh, RTA_DST, &g6->sin6_addr, sizeof(g6->sin6_addr));
		/* A %scope names the interface, as it does for sending. */
		if ((oif = g6->sin6_scope_id) != 0)
			req_attr(nh, RTA_OIF, &oif, sizeof(oif));
	}
	if ((fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
	    NETLINK_ROUTE)) == -1)
		return -1;
	if (send(fd, req, nh->nlmsg_len, 0) == -1)
		r = -1;
	else
		r = route_read(fd, seq, ifindex);
	e = errno;
	close(fd);
	errno = e;
	return r;
}

/* IPv4 sending options on fd; 0, or -1 with errno and *step. */
static int
sender_opts4(int fd, int ttl, int loop, unsigned int ifindex,
    const struct sockaddr_storage *local, enum mc_step *step)
{
	unsigned char t = (unsigned char)ttl, l = (unsigned char)loop;
	struct ip_mreqn mr;

	*step = STEP_TTL;
	if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &t, sizeof(t)) == -1)
		return -1;
	*step = STEP_LOOP;
	if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &l, sizeof(l)) == -1)
		return -1;
	if (ifindex == 0)
		return 0;
	memset(&mr, 0, sizeof(mr));
	mr.imr_ifindex = (int)ifindex;
	/*
	 * The interface's own address as the source: the kernel would pick
	 * none on lo, whose 127.0.0.1 has a narrower scope than a multicast
	 * destination.
	 */
	if (local != NULL && local->ss_family == AF_INET)
		mr.imr_address = ((const struct sockaddr_in *)
		    (const void *)local)->sin_addr;
	*step = STEP_IF;
	return setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mr, sizeof(mr));
}

/* IPv6 sending options on fd; 0, or -1 with errno and *step. */
static int
sender_opts6(int fd, int ttl, int loop, unsigned int ifindex,
    enum mc_step *step)
{
	int on = 1;

	(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	*step = STEP_TTL;
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &ttl,
	    sizeof(ttl)) == -1)
		return -1;
	*step = STEP_LOOP;
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &loop,
	    sizeof(loop)) == -1)
		return -1;
	*step = STEP_IF;
	if (ifindex != 0 && setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF,
	    &ifindex, sizeof(ifindex)) == -1)
		return -1;
	return 0;
}

int
open_sender(int family, int ttl, int loop, unsigned int ifindex,
    const struct sockaddr_storage *local, enum mc_step *step)
{
	int fd, e, r;

	if ((fd = socket(family, SOCK_DGRAM, 0)) == -1) {
		*step = STEP_SOCKET;
		return -1;
	}
	r = family == AF_INET ? sender_opts4(fd, ttl, loop, ifindex, local,
	    step) : sender_opts6(fd, ttl, loop, ifindex, step);
	if (r == 0)
		return fd;
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

const char *
hint(int err, enum mc_step step)
{
	switch (err) {
	case ENETUNREACH:
		return "no route to the group: use --interface, or add a route "
		    "for 224.0.0.0/4 (ff00::/8 for IPv6)";
	case ENODEV:
		if (step == STEP_JOIN)
			return "no interface for the group: use --interface, "
			    "or add a route for 224.0.0.0/4 (ff00::/8 for IPv6)";
		return "no such interface, or it cannot do multicast: "
		    "check --interface and 'ip link'";
	case EADDRINUSE:
		return "the port is taken by a socket without SO_REUSEADDR: "
		    "choose another --port or stop that program";
	case ENOBUFS:
		if (step == STEP_JOIN)
			return "too many group memberships: raise "
			    "net.ipv4.igmp_max_memberships "
			    "(net.ipv6.mld_max_msf for IPv6)";
		return "the kernel is out of buffer space: retry, or send "
		    "less at once";
	case EADDRNOTAVAIL:
		if (step == STEP_JOIN)
			return "the interface has no address of this family, "
			    "or the group is already joined there";
		return "no interface has that address: check --interface";
	case EPERM:
	case EACCES:
		return "a firewall or a permission forbids this";
	default:
		return NULL;
	}
}

/* Fill ri from the ancillary data of a received message. */
/* Whether c holds at least len bytes of data. */
static int
cmsg_holds(const struct cmsghdr *c, size_t len)
{
	return c->cmsg_len >= CMSG_LEN(len);
}

/* One ancillary message into ri (or the drop count); others ignored. */
static void
take_cmsg(struct cmsghdr *c, struct rxinfo *ri, uint32_t *drops)
{
	if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO &&
	    cmsg_holds(c, sizeof(struct in_pktinfo))) {
		struct in_pktinfo pi;
		struct sockaddr_in *to = (void *)&ri->to;

		memcpy(&pi, CMSG_DATA(c), sizeof(pi));
		to->sin_family = AF_INET;
		to->sin_addr = pi.ipi_addr;
		ri->ifindex = (unsigned int)pi.ipi_ifindex;
	} else if (((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
	    (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT)) &&
	    cmsg_holds(c, sizeof(int))) {
		memcpy(&ri->ttl, CMSG_DATA(c), sizeof(int));
	} else if (c->cmsg_level == IPPROTO_IPV6 &&
	    c->cmsg_type == IPV6_PKTINFO &&
	    cmsg_holds(c, sizeof(struct in6_pktinfo))) {
		struct in6_pktinfo pi;
		struct sockaddr_in6 *to = (void *)&ri->to;

		memcpy(&pi, CMSG_DATA(c), sizeof(pi));
		to->sin6_family = AF_INET6;
		to->sin6_addr = pi.ipi6_addr;
		ri->ifindex = pi.ipi6_ifindex;
	} else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL &&
	    drops != NULL && cmsg_holds(c, sizeof(*drops))) {
		memcpy(drops, CMSG_DATA(c), sizeof(*drops));
	} else if (c->cmsg_level == SOL_SOCKET &&
	    c->cmsg_type == SCM_TIMESTAMPNS &&
	    cmsg_holds(c, sizeof(struct timespec))) {
		struct timespec ts;

		memcpy(&ts, CMSG_DATA(c), sizeof(ts));
		ri->at = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
	}
}

static void
take_cmsgs(struct msghdr *msg, struct rxinfo *ri, uint32_t *drops)
{
	struct cmsghdr *c;

	/* Cut ancillary data is not trusted at all: the kernel stopped
	 * somewhere in it (MSG_CTRUNC), so what is there may be partial. */
	if (msg->msg_flags & MSG_CTRUNC)
		return;
	for (c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c))
		take_cmsg(c, ri, drops);
}

ssize_t
recv_dgram(int fd, void *buf, size_t len, struct rxinfo *ri)
{
	union {
		char buf[MC_CMSG_SPACE];
		struct cmsghdr align;
	} cbuf;
	struct iovec iov = { buf, len };
	struct msghdr msg;
	ssize_t n;

	memset(ri, 0, sizeof(*ri));
	ri->ttl = -1;
	memset(&msg, 0, sizeof(msg));
	msg.msg_name = &ri->from;
	msg.msg_namelen = sizeof(ri->from);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf.buf;
	msg.msg_controllen = sizeof(cbuf.buf);
	if ((n = recvmsg(fd, &msg, MSG_DONTWAIT | MSG_TRUNC)) == -1)
		return -1;
	ri->wirelen = (size_t)n;
	if ((size_t)n > len || (msg.msg_flags & MSG_TRUNC)) {
		ri->truncated = 1;
		n = (ssize_t)len;
	}
	take_cmsgs(&msg, ri, NULL);
	return n;
}

int
recv_batch(int fd, struct rxbatch *b)
{
	int i, n;

	/*
	 * The kernel sends SO_RXQ_OVFL only once the count is not 0: left
	 * over from another socket's batch, it would be counted twice.
	 */
	b->drops = 0;
	for (i = 0; i < MC_BATCH; i++) {
		struct msghdr *m = &b->msg[i].msg_hdr;

		memset(m, 0, sizeof(*m));
		b->iov[i].iov_base = b->buf + (size_t)i * MC_BUFSIZE;
		b->iov[i].iov_len = MC_BUFSIZE;
		m->msg_name = &b->ri[i].from;
		m->msg_namelen = sizeof(b->ri[i].from);
		m->msg_iov = &b->iov[i];
		m->msg_iovlen = 1;
		m->msg_control = b->ctl[i].buf;
		m->msg_controllen = sizeof(b->ctl[i].buf);
	}
	if ((n = recvmmsg(fd, b->msg, MC_BATCH, MSG_DONTWAIT, NULL)) <= 0)
		return n;
	for (i = 0; i < n; i++) {
		struct rxinfo *ri = &b->ri[i];
		struct msghdr *m = &b->msg[i].msg_hdr;

		memset(&ri->to, 0, sizeof(ri->to));
		ri->ifindex = 0;
		ri->ttl = -1;
		ri->at = 0;
		ri->wirelen = b->msg[i].msg_len;
		ri->truncated = (m->msg_flags & MSG_TRUNC) != 0;
		take_cmsgs(m, ri, &b->drops);
	}
	return n;
}

int
set_rcvbuf(int fd, int bytes)
{
	int got = 0;
	socklen_t len = sizeof(got);

	/* FORCE passes net.core.rmem_max where allowed (CAP_NET_ADMIN). */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes,
	    sizeof(bytes)) == -1)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes,
		    sizeof(bytes));
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &len) == -1)
		return -1;
	return got / 2;		/* Linux reports twice what it grants */
}

/* Add an IPv4 broadcast address to out unless it is there or useless. */
static void
add_bcast(struct sockaddr_storage *out, size_t *n, size_t max,
    uint32_t b, uint32_t self)
{
	struct sockaddr_in sin;
	size_t i;

	if (b == 0 || b == self || *n == max)
		return;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = b;
	for (i = 0; i < *n; i++)
		if (addr_cmp(&out[i], (struct sockaddr_storage *)(void *)&sin) == 0)
			return;
	memcpy(&out[(*n)++], &sin, sizeof(sin));
}

size_t
local_broadcasts(struct sockaddr_storage *out, size_t max)
{
	struct ifaddrs *ifa, *i;
	size_t n = 0;

	if (getifaddrs(&ifa) == -1)
		return 0;
	for (i = ifa; i != NULL; i = i->ifa_next) {
		const struct sockaddr_in *a = (const void *)i->ifa_addr;
		const struct sockaddr_in *m = (const void *)i->ifa_netmask;
		const struct sockaddr_in *b = (const void *)i->ifa_broadaddr;
		uint32_t mask;

		if (a == NULL || a->sin_family != AF_INET ||
		    !(i->ifa_flags & IFF_BROADCAST))
			continue;
		/* The configured one (glibc gives the address itself when
		 * there is none) ... */
		if (b != NULL && b->sin_family == AF_INET)
			add_bcast(out, &n, max, b->sin_addr.s_addr,
			    a->sin_addr.s_addr);
		/* ... and the one the kernel routes as broadcast anyway:
		 * the host part all ones, for prefixes up to /30. */
		if (m != NULL && m->sin_family == AF_INET &&
		    (mask = ntohl(m->sin_addr.s_addr)) <= 0xfffffffcu)
			add_bcast(out, &n, max, a->sin_addr.s_addr | htonl(~mask),
			    a->sin_addr.s_addr);
	}
	freeifaddrs(ifa);
	return n;
}

long long
socket_drops(int fd)
{
	uint32_t mi[SK_MEMINFO_VARS];
	socklen_t len = sizeof(mi);

	if (getsockopt(fd, SOL_SOCKET, SO_MEMINFO, mi, &len) == -1 ||
	    len < (SK_MEMINFO_DROPS + 1) * sizeof(uint32_t))
		return -1;
	return mi[SK_MEMINFO_DROPS];
}

/* The text of a /proc file into buf (at most len - 1 bytes); -1 on failure. */
static ssize_t
read_proc(const char *path, char *buf, size_t len)
{
	ssize_t n, got = 0;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	while ((size_t)got < len - 1 &&
	    (n = read(fd, buf + got, len - 1 - (size_t)got)) > 0)
		got += n;
	close(fd);
	buf[got] = '\0';
	return got;
}

long long
reasm_fails(void)
{
	char buf[16384];
	long long v4 = -1, v6 = -1;

	if (read_proc("/proc/net/snmp", buf, sizeof(buf)) > 0)
		v4 = snmp_value(buf, "Ip:ReasmFails");
	if (read_proc("/proc/net/snmp6", buf, sizeof(buf)) > 0)
		v6 = snmp_value(buf, "Ip6ReasmFails");
	if (v4 < 0 && v6 < 0)
		return -1;
	return (v4 > 0 ? v4 : 0) + (v6 > 0 ? v6 : 0);
}
