/* SPDX-License-Identifier: MIT */
/*
 * bench/peak-rss COMMAND [ARG...]: run COMMAND and print its peak resident
 * set size ("peak-rss: N KiB") on stderr; exit with its status.
 *
 * Why not the caller's own wait4(): a process keeps the high-water mark
 * of the memory it was forked with across execve(), so a command started
 * from python3 (bench/run) would report at least python's 10-15 MiB. This
 * small program's fork carries only its own few hundred KiB.
 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct rusage ru;
	int status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: peak-rss COMMAND [ARG...]\n");
		return 64;
	}
	pid = fork();
	if (pid < 0) {
		perror("peak-rss: fork");
		return 71;
	}
	if (!pid) {
		execvp(argv[1], argv + 1);
		perror("peak-rss: exec");
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("peak-rss: wait4");
		return 71;
	}
	fprintf(stderr, "peak-rss: %ld KiB\n", ru.ru_maxrss);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
