/*
 * clock.c: clocks, waiting on deadlines, time formatting (see clock.h).
 */
#include <limits.h>
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
	int64_t left;
	int ms = -1;

	if (deadline >= 0) {
		left = deadline - mono_ns();
		if (left <= 0)
			ms = 0;
		else if (left / NS_PER_MS >= INT_MAX)
			ms = INT_MAX;
		else	/* round up: never wake before the deadline */
			ms = (int)((left + NS_PER_MS - 1) / NS_PER_MS);
	}
	return poll(fds, nfds, ms);
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
