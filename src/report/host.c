/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/utsname.h>

#include "errors.h"
#include "host.h"

/* Odd, so the median is one sample; enough that scheduling noise in a few
 * reads does not move it, few enough to cost tens of microseconds. */
#define CLOCK_OVERHEAD_SAMPLES 1001
#define CLOCK_OVERHEAD_MAX 4095

#define CAP_IPC_LOCK_BIT 14 /* linux/capability.h */

static const char clocksource_path[] =
	"/sys/devices/system/clocksource/clocksource0/current_clocksource";

/* Process-wide state of uq_host_pin_cpu() and uq_host_lock_memory(). */
static int pinned_cpu = -1;
static cpu_set_t unpinned_set;
static bool mlocked;
static char mlock_reason[192] = "not attempted";

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

/* A slow clocksource (hpet, acpi_pm, a hypervisor's) turns every clock
 * read into a system call: readers of the results need to know. */
/* The first line of a small sysfs file, or "" */
static void read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");

	buf[0] = '\0';
	if (!f)
		return;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
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

/**
 * clock_overhead_ns - median of @samples differences between two
 * back-to-back reads of @id: what one read adds to every measured interval.
 * @samples: at most 4095; odd, so that the median is one sample.
 *
 * Returns the cost in ns, or -1 if the clock cannot be read.
 */
static int64_t clock_overhead_ns(clockid_t id, unsigned int samples)
{
	int64_t d[CLOCK_OVERHEAD_MAX];
	struct timespec a, b;

	if (!samples || samples > CLOCK_OVERHEAD_MAX)
		return -1;
	for (unsigned int i = 0; i < samples; i++) {
		if (clock_gettime(id, &a) || clock_gettime(id, &b))
			return -1;
		d[i] = ts_ns(&b) - ts_ns(&a);
	}
	qsort(d, samples, sizeof(d[0]), cmp_i64);
	return d[samples / 2];
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
	host->overhead_ns =
		clock_overhead_ns(host->clock_id, CLOCK_OVERHEAD_SAMPLES);
	read_line(clocksource_path, host->clocksource,
		  sizeof(host->clocksource));
	/* cpufreq of CPU 0 stands for the host: the governor decides how
	 * far a busy-polling loop's clock drifts between runs */
	read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor",
		  host->governor, sizeof(host->governor));
	host->have_load = getloadavg(host->load, 3) == 3;
	host->cpu = pinned_cpu;
	host->mlocked = mlocked;
	host->mlock_reason = mlocked ? NULL : mlock_reason;
}

json_t *uq_host_load_json(void)
{
	double load[3];

	if (getloadavg(load, 3) != 3)
		return json_null();
	return json_pack("[f, f, f]", load[0], load[1], load[2]);
}

json_t *uq_host_emulator_env_json(void)
{
	extern char **environ;
	json_t *o = json_object();

	for (char **e = environ; o && e && *e; e++) {
		const char *eq = strchr(*e, '=');
		char name[64];

		if (strncmp(*e, "USERQ_EMU_", 10) || !eq ||
		    (size_t)(eq - *e) >= sizeof(name))
			continue;
		memcpy(name, *e, (size_t)(eq - *e));
		name[eq - *e] = '\0';
		json_object_set_new(o, name, json_string(eq + 1));
	}
	return o;
}

void uq_host_fini(struct uq_host *host)
{
	free(host->cpu_model);
	host->cpu_model = NULL;
}

int uq_host_pin_cpu(int cpu)
{
	cpu_set_t set, old;

	if (cpu < 0 || cpu >= CPU_SETSIZE)
		return -EINVAL;
	if (sched_getaffinity(0, sizeof(old), &old))
		return -errno;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return -errno;
	if (pinned_cpu < 0)
		unpinned_set = old;
	pinned_cpu = cpu;
	return 0;
}

int uq_host_unpin_thread(void)
{
	if (pinned_cpu < 0)
		return 0;
	return -pthread_setaffinity_np(pthread_self(), sizeof(unpinned_set),
				       &unpinned_set);
}

/* CapEff of /proc/self/status: root in a user namespace or a container
 * may lack CAP_IPC_LOCK, so the uid says nothing. */
static bool have_cap_ipc_lock(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	unsigned long long caps = 0;
	char line[256];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "CapEff: %llx", &caps) == 1;
	fclose(f);
	return found && (caps >> CAP_IPC_LOCK_BIT) & 1;
}

int uq_host_lock_memory(void)
{
	struct rlimit rl;

#ifdef __SANITIZE_ADDRESS__
	snprintf(
		mlock_reason, sizeof(mlock_reason),
		"not attempted: AddressSanitizer build (its runtime makes mlockall a no-op)");
	return -EOPNOTSUPP;
#endif
	if (!have_cap_ipc_lock() && !getrlimit(RLIMIT_MEMLOCK, &rl) &&
	    rl.rlim_cur != RLIM_INFINITY) {
		snprintf(
			mlock_reason, sizeof(mlock_reason),
			"not attempted: no CAP_IPC_LOCK and RLIMIT_MEMLOCK is %llu KiB, too small to lock every future allocation; run as root or with 'ulimit -l unlimited'",
			(unsigned long long)rl.rlim_cur / 1024);
		return -EPERM;
	}
	if (mlockall(MCL_CURRENT | MCL_FUTURE)) {
		int err = errno;

		snprintf(mlock_reason, sizeof(mlock_reason),
			 "mlockall failed: %s (%s)", uq_errno_name(err),
			 uq_errno_desc(err));
		return -err;
	}
	mlocked = true;
	return 0;
}
