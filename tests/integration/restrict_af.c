/*
 * restrict_af FAMILY... -- COMMAND [ARG...]: run COMMAND with socket(2)
 * refused (EAFNOSUPPORT) for every address family but the numbers given,
 * as systemd's RestrictAddressFamilies= does, so that a test can show the
 * service's list is enough without systemd.  A seccomp filter, as
 * systemd's; x86-64 and other architectures with a plain socket(2) call.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#define MAXFAM 16

int
main(int argc, char **argv)
{
	struct sock_filter f[4 + MAXFAM + 2];
	struct sock_fprog prog;
	int fam[MAXFAM], n = 0, i, k = 0;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (n == MAXFAM)
			return 2;
		fam[n++] = atoi(argv[i]);
	}
	if (i + 1 >= argc) {
		fprintf(stderr, "usage: restrict_af FAMILY... -- COMMAND [ARG...]\n");
		return 2;
	}

	/* Not socket(2): allowed.  socket(2) with a listed family: allowed. */
	f[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, nr));
	f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
	    SYS_socket, 1, 0);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, args[0]));
	for (int j = 0; j < n; j++)
		f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		    (unsigned int)fam[j], (unsigned char)(n - j), 0);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_ERRNO | (EAFNOSUPPORT & SECCOMP_RET_DATA));
	f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	prog.len = (unsigned short)k;
	prog.filter = f;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == -1) {
		perror("restrict_af: seccomp");
		return 2;
	}
	execvp(argv[i + 1], argv + i + 1);
	perror("restrict_af: exec");
	return 127;
}
