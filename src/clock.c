/*
 * clock.c: clocks, waiting on deadlines, time formatting (see clock.h).
 */
#include <poll.h>
#include <stdio.h>
#include <time.h>

#include "clock.h"

int64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

int64_t
real_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

int
poll_until(struct pollfd *fds, unsigned int nfds, int64_t deadline)
{
	struct timespec ts;
	int64_t left;

	if (deadline < 0)
		return ppoll(fds, nfds, NULL, NULL);
	/*
	 * To the nanosecond, not poll()'s millisecond: rounded up to one, a
	 * wait for 0.3 ms would wake 0.7 ms late, and a sender at -i 0.001
	 * would count that as a slot missed.
	 */
	left = deadline - mono_ns();
	if (left < 0)
		left = 0;
	ts.tv_sec = (time_t)(left / NS_PER_SEC);
	ts.tv_nsec = (long)(left % NS_PER_SEC);
	return ppoll(fds, nfds, &ts, NULL);
}

char *
rfc3339(int64_t real_ns, char *buf, size_t len)
{
	struct tm tm;
	/* Floor, not truncation: before 1970 the fraction stays positive. */
	int64_t sec = real_ns / NS_PER_SEC - (real_ns % NS_PER_SEC < 0);
	time_t t = (time_t)sec;
	long us = (long)((real_ns - sec * NS_PER_SEC) / 1000);
	char date[24];

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		snprintf(date, sizeof(date), "1970-01-01T00:00:00");
	snprintf(buf, len, "%s.%06ldZ", date, us);
	return buf;
}

char *
fmt_ms(int64_t ns, char *buf, size_t len)
{
	/* Negate as unsigned: -INT64_MIN does not fit an int64_t. */
	uint64_t us = (ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns) / 1000;

	snprintf(buf, len, "%s%llu.%03llu", ns < 0 ? "-" : "",
	    (unsigned long long)(us / 1000), (unsigned long long)(us % 1000));
	return buf;
}
