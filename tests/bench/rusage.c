/*
 * rusage.c: rusage FILE CMD [ARG...] runs CMD and, once it has ended,
 * writes to FILE one line "wall utime stime maxrss status": seconds to
 * the microsecond (wall on CLOCK_MONOTONIC; user and system time from
 * wait4, all of CMD's threads) and peak RSS in KiB (ru_maxrss: CMD's
 * VmHWM when it ended).  GNU time prints CPU time to the hundredth only,
 * and a Python wrapper's own RSS, carried through fork into the child
 * until it execs, would be the child's peak.  SIGTERM and SIGINT are
 * passed on to CMD, so that a receiver stopped through this wrapper ends
 * as it would on its own.  Exit status: CMD's (128 + signal if killed).
 * Built by stream.sh; not installed.
 */
#define _GNU_SOURCE
#include <sys/resource.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t child;

static void
forward(int sig)
{
	if (child > 0)
		kill(child, sig);
}

static double
secs(struct timeval tv)
{
	return tv.tv_sec + tv.tv_usec / 1e6;
}

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char *argv[])
{
	struct sigaction sa;
	struct rusage ru;
	double t0;
	int status, rc;
	pid_t pid;
	FILE *f;

	if (argc < 3) {
		fprintf(stderr, "usage: rusage file cmd [arg ...]\n");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = forward;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	t0 = mono();
	if ((pid = fork()) == -1) {
		perror("rusage: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "rusage: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	child = pid;
	while (wait4(pid, &status, 0, &ru) == -1)
		if (errno != EINTR) {
			perror("rusage: wait4");
			return 2;
		}
	rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if ((f = fopen(argv[1], "w")) == NULL) {
		perror(argv[1]);
		return 2;
	}
	fprintf(f, "%.6f %.6f %.6f %ld %d\n", mono() - t0, secs(ru.ru_utime),
	    secs(ru.ru_stime), ru.ru_maxrss, rc);
	if (fclose(f) == EOF) {
		perror(argv[1]);
		return 2;
	}
	return rc;
}
