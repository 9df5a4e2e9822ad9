/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "host.h"

/* Odd, so the median is one sample; enough that scheduling noise in a few
 * reads does not move it. */
#define CLOCK_OVERHEAD_SAMPLES 1001

static char *cpu_model(void)
{
	FILE *f = fopen("/proc/cpuinfo", "re");
	char *line = NULL, *model = NULL;
	size_t cap = 0;

	if (!f)
		return NULL;
	while (getline(&line, &cap, f) > 0) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) || !colon)
			continue;
		colon += 1 + strspn(colon + 1, " \t");
		colon[strcspn(colon, "\n")] = '\0';
		model = strdup(colon);
		break;
	}
	free(line);
	fclose(f);
	return model;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int64_t ts_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

/* Median of the differences between back-to-back reads: what one read
 * adds to every interval the tool measures. */
static int64_t clock_overhead_ns(clockid_t id)
{
	int64_t d[CLOCK_OVERHEAD_SAMPLES];
	struct timespec a, b;

	for (int i = 0; i < CLOCK_OVERHEAD_SAMPLES; i++) {
		if (clock_gettime(id, &a) || clock_gettime(id, &b))
			return -1;
		d[i] = ts_ns(&b) - ts_ns(&a);
	}
	qsort(d, CLOCK_OVERHEAD_SAMPLES, sizeof(d[0]), cmp_i64);
	return d[CLOCK_OVERHEAD_SAMPLES / 2];
}

void uq_host_query(struct uq_host *host)
{
	struct utsname u;
	struct timespec res;

	memset(host, 0, sizeof(*host));
	if (!uname(&u))
		snprintf(host->kernel, sizeof(host->kernel), "%s", u.release);
	host->cpu_model = cpu_model();
	host->clock_name = "CLOCK_MONOTONIC";
	host->clock_id = CLOCK_MONOTONIC;
	host->resolution_ns = clock_getres(host->clock_id, &res) ? -1 :
								   ts_ns(&res);
	host->overhead_ns = clock_overhead_ns(host->clock_id);
}

void uq_host_fini(struct uq_host *host)
{
	free(host->cpu_model);
	host->cpu_model = NULL;
}

int uq_host_pin_cpu(int cpu)
{
	cpu_set_t set;

	if (cpu < 0 || cpu >= CPU_SETSIZE)
		return -EINVAL;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return -errno;
	return 0;
}
