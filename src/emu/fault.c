/* SPDX-License-Identifier: MIT */
/*
 * USERQ_EMU_FAULT: make the N-th call (or every call from the N-th on) of
 * an ioctl fail with a chosen errno, before its handler runs, or send the
 * process a signal there. Not a kernel behaviour: the test hook that
 * reaches error paths real hardware rarely takes, and interrupts a run at
 * a point that does not depend on timing.
 */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "emu/amdgpu/amdgpu.h"
#include "emu/drm/drm_file.h"
#include "device.h"
#include "emu.h"
#include "fault.h"
#include "trace.h"

struct fault_counter {
	char name[64];
	unsigned long calls;
};

struct fault_rule {
	unsigned int counter;
	unsigned long nth;
	bool from_nth;
	int err; /* or 0 with sig */
	int sig;
};

static const struct {
	const char *name;
	int err;
} fault_errnos[] = {
	{ "EPERM", EPERM },
	{ "ENOENT", ENOENT },
	{ "ESRCH", ESRCH },
	{ "EINTR", EINTR },
	{ "EIO", EIO },
	{ "ENXIO", ENXIO },
	{ "E2BIG", E2BIG },
	{ "EBADF", EBADF },
	{ "EAGAIN", EAGAIN },
	{ "ENOMEM", ENOMEM },
	{ "EACCES", EACCES },
	{ "EFAULT", EFAULT },
	{ "EBUSY", EBUSY },
	{ "EEXIST", EEXIST },
	{ "ENODEV", ENODEV },
	{ "ENOTDIR", ENOTDIR },
	{ "EINVAL", EINVAL },
	{ "ENFILE", ENFILE },
	{ "EMFILE", EMFILE },
	{ "ENOTTY", ENOTTY },
	{ "EFBIG", EFBIG },
	{ "ENOSPC", ENOSPC },
	{ "ERANGE", ERANGE },
	{ "EDEADLK", EDEADLK },
	{ "ENOSYS", ENOSYS },
	{ "ENODATA", ENODATA },
	{ "ETIME", ETIME },
	{ "EOVERFLOW", EOVERFLOW },
	{ "EPROTO", EPROTO },
	{ "EOPNOTSUPP", EOPNOTSUPP },
	{ "ETIMEDOUT", ETIMEDOUT },
	{ "ECANCELED", ECANCELED },
	{ "EHWPOISON", EHWPOISON },
	{ "ENOTSUPP", EMU_ENOTSUPP },
};

/* amdgpu's ioctl names (amdgpu_drm.h), accepted even where the driver
 * table leaves a slot empty. */
static const char *const fault_amdgpu_names[] = {
	"AMDGPU_GEM_CREATE",
	"AMDGPU_GEM_MMAP",
	"AMDGPU_CTX",
	"AMDGPU_BO_LIST",
	"AMDGPU_CS",
	"AMDGPU_INFO",
	"AMDGPU_GEM_METADATA",
	"AMDGPU_GEM_WAIT_IDLE",
	"AMDGPU_GEM_VA",
	"AMDGPU_WAIT_CS",
	"AMDGPU_GEM_OP",
	"AMDGPU_GEM_USERPTR",
	"AMDGPU_WAIT_FENCES",
	"AMDGPU_VM",
	"AMDGPU_FENCE_TO_HANDLE",
	"AMDGPU_SCHED",
	"AMDGPU_USERQ",
	"AMDGPU_USERQ_SIGNAL",
	"AMDGPU_USERQ_WAIT",
	"AMDGPU_GEM_LIST_HANDLES",
};

static void fault_bad(const char *entry, const char *why)
{
	emu_log("bad USERQ_EMU_FAULT entry '%s': %s "
		"(expected IOCTL:N:ERRNO or IOCTL:N+:ERRNO, IOCTL like "
		"AMDGPU_GEM_VA or any)",
		entry, why);
	_exit(64);
}

static bool fault_known_name(const char *name)
{
	bool allowed;

	if (!strcasecmp(name, "any"))
		return true;
	for (size_t i = 0;
	     i < sizeof(fault_amdgpu_names) / sizeof(fault_amdgpu_names[0]);
	     i++)
		if (!strcasecmp(name, fault_amdgpu_names[i]))
			return true;
	for (unsigned int i = 0; i < amdgpu_num_ioctls; i++)
		if (amdgpu_ioctls[i].name &&
		    !strcasecmp(name, amdgpu_ioctls[i].name))
			return true;
	for (unsigned int nr = 0; nr < 0x100; nr++) {
		const struct emu_ioctl_desc *d =
			emu_drm_core_ioctl(nr, &allowed);

		if (d && d->name && !strcasecmp(name, d->name))
			return true;
	}
	return false;
}

static int fault_parse_errno(const char *s)
{
	char *end;
	long v;

	for (size_t i = 0; i < sizeof(fault_errnos) / sizeof(fault_errnos[0]);
	     i++)
		if (!strcasecmp(s, fault_errnos[i].name))
			return fault_errnos[i].err;
	if (!isdigit((unsigned char)*s))
		return -1;
	v = strtol(s, &end, 10);
	if (*end || v <= 0 || v > 4095) /* MAX_ERRNO */
		return -1;
	return (int)v;
}

const char *emu_errno_name(int err)
{
	for (size_t i = 0; i < sizeof(fault_errnos) / sizeof(fault_errnos[0]);
	     i++)
		if (fault_errnos[i].err == err)
			return fault_errnos[i].name;
	return NULL;
}

/* The counter of `name`, added if new; -1 when out of memory. */
static int fault_counter_find(const char *name)
{
	struct fault_counter *c;
	unsigned int i;

	for (i = 0; i < emu_dev.fault.ncounters; i++)
		if (!strcasecmp(emu_dev.fault.counters[i].name, name))
			return (int)i;
	c = realloc(emu_dev.fault.counters,
		    (emu_dev.fault.ncounters + 1) * sizeof(*c));
	if (!c)
		return -1;
	emu_dev.fault.counters = c;
	memset(&c[i], 0, sizeof(c[i]));
	snprintf(c[i].name, sizeof(c[i].name), "%s", name);
	emu_dev.fault.ncounters++;
	return (int)i;
}

static unsigned int fault_counter_for(const char *name)
{
	int i = fault_counter_find(name);

	if (i < 0) {
		emu_log("USERQ_EMU_FAULT: out of memory");
		_exit(64);
	}
	return (unsigned int)i;
}

static void fault_parse_entry(char *entry)
{
	char *name = entry, *nth, *err, *end;
	struct fault_rule rule = { 0 };
	struct fault_rule *r;
	char copy[256];

	snprintf(copy, sizeof(copy), "%s", entry);
	nth = strchr(name, ':');
	err = nth ? strchr(nth + 1, ':') : NULL;
	if (!nth || !err || strchr(err + 1, ':'))
		fault_bad(copy, "needs three fields");
	*nth++ = '\0';
	*err++ = '\0';
	if (!*name || strlen(name) >= sizeof(emu_dev.fault.counters[0].name))
		fault_bad(copy, "no ioctl name");
	if (!fault_known_name(name))
		fault_bad(copy, "unknown ioctl name");
	if (!isdigit((unsigned char)*nth))
		fault_bad(copy, "N must be a positive number");
	rule.nth = strtoul(nth, &end, 10);
	if (*end == '+') {
		rule.from_nth = true;
		end++;
	}
	if (*end || rule.nth == 0)
		fault_bad(copy, "N must be a positive number, optionally N+");
	if (!strcasecmp(err, "SIGINT"))
		rule.sig = SIGINT;
	else if (!strcasecmp(err, "SIGTERM"))
		rule.sig = SIGTERM;
	else
		rule.err = fault_parse_errno(err);
	if (rule.err <= 0 && !rule.sig)
		fault_bad(copy, "unknown errno or signal");
	rule.counter = fault_counter_for(name);

	r = realloc(emu_dev.fault.rules,
		    (emu_dev.fault.nrules + 1) * sizeof(*r));
	if (!r) {
		emu_log("USERQ_EMU_FAULT: out of memory");
		_exit(64);
	}
	emu_dev.fault.rules = r;
	emu_dev.fault.rules[emu_dev.fault.nrules++] = rule;
}

void emu_fault_init(void)
{
	const char *spec = getenv("USERQ_EMU_FAULT");
	char *copy, *entry, *save = NULL;

	if (!spec || !*spec)
		return;
	copy = strdup(spec);
	if (!copy) {
		emu_log("USERQ_EMU_FAULT: out of memory");
		_exit(64);
	}
	for (entry = strtok_r(copy, ",", &save); entry;
	     entry = strtok_r(NULL, ",", &save))
		fault_parse_entry(entry);
	free(copy);
	for (unsigned int i = 0; i < emu_dev.fault.nrules; i++)
		emu_dbg("fault: %s call %lu%s fails with errno %d",
			emu_dev.fault.counters[emu_dev.fault.rules[i].counter]
				.name,
			emu_dev.fault.rules[i].nth,
			emu_dev.fault.rules[i].from_nth ? "+" : "",
			emu_dev.fault.rules[i].err);
}

int emu_fault_check(const char *name, struct emu_fault_count *count)
{
	bool trace = emu_trace_enabled();
	unsigned int i;

	emu_lockdep_assert_held();
	count->seq = count->nth = 0;
	if ((!emu_dev.fault.nrules && !trace) || !name)
		return 0;
	/* The trace numbers every ioctl by name: make sure this one has a
	 * counter (without one, out of memory, the line shows N 0). */
	if (trace)
		(void)fault_counter_find(name);
	count->seq = ++emu_dev.fault.seq;
	for (i = 0; i < emu_dev.fault.ncounters; i++) {
		struct fault_counter *c = &emu_dev.fault.counters[i];

		if (!strcasecmp(c->name, "any")) {
			c->calls++;
		} else if (!strcasecmp(c->name, name)) {
			c->calls++;
			count->nth = c->calls;
		}
	}
	for (i = 0; i < emu_dev.fault.nrules; i++) {
		const struct fault_rule *r = &emu_dev.fault.rules[i];
		unsigned long calls = emu_dev.fault.counters[r->counter].calls;
		const char *cname = emu_dev.fault.counters[r->counter].name;

		if (strcasecmp(cname, "any") && strcasecmp(cname, name))
			continue;
		if (calls != r->nth && !(r->from_nth && calls > r->nth))
			continue;
		if (r->sig) {
			/* delivered before the call goes on: the handler of a
			 * well-behaved program only sets a flag */
			emu_dbg("fault: %s call %lu -> signal %d", name, calls,
				r->sig);
			kill(getpid(), r->sig);
			continue;
		}
		emu_dbg("fault: %s call %lu -> errno %d", name, calls, r->err);
		return -r->err;
	}
	return 0;
}
