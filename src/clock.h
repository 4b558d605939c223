/*
 * clock.h: time.  Reading the monotonic and real clocks in nanoseconds,
 * waiting with poll() until a CLOCK_MONOTONIC deadline, and formatting
 * times for output (RFC 3339 timestamps, milliseconds).  The formatters
 * are pure.
 */
#ifndef CLOCK_H
#define CLOCK_H

#include <stddef.h>
#include <stdint.h>

struct pollfd;

#define NS_PER_SEC		1000000000LL
#define NS_PER_MS		1000000LL

/* Monotonic and real clocks in nanoseconds. */
int64_t		 mono_ns(void);
int64_t		 real_ns(void);

/*
 * poll_until: poll() (ppoll, to the nanosecond) until the CLOCK_MONOTONIC
 * deadline (ns; -1 means none).  Returns poll's result: >0 ready, 0 deadline passed, -1 with
 * errno (EINTR included, so that the caller sees its signal flags).
 */
int		 poll_until(struct pollfd *fds, unsigned int nfds,
		    int64_t deadline);

/* rfc3339: "2026-11-25T19:30:00.123456Z" for a CLOCK_REALTIME ns value. */
#define RFC3339_LEN	32
char		*rfc3339(int64_t real_ns, char *buf, size_t len);

/* fmt_ms: ns as milliseconds with three decimals, into buf ("0.123"). */
char		*fmt_ms(int64_t ns, char *buf, size_t len);

#endif /* CLOCK_H */
