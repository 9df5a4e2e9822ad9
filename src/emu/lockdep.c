// SPDX-License-Identifier: MIT
/*
 * The device lock, its condition variable and the emulator's own
 * invariant checks (no kernel file: the kernel's mutexes, lockdep and
 * WARN_ON, reduced to what the emulator needs). Apart from core.c so that
 * unit tests can link it without the rest of the emulator.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "device.h"
#include "emu.h"

/* Which thread holds emu_dev.lock: a pthread mutex cannot say. */
static __thread bool emu_lock_mine;

void emu_lock(void)
{
	pthread_mutex_lock(&emu_dev.lock);
	emu_lock_mine = true;
}

void emu_unlock(void)
{
	emu_lockdep_assert_held();
	emu_lock_mine = false;
	pthread_mutex_unlock(&emu_dev.lock);
}

bool emu_lock_held(void)
{
	return emu_lock_mine;
}

bool emu_lock_unless_held(void)
{
	if (emu_lock_held())
		return false;
	emu_lock();
	return true;
}

void emu_unlock_taken(bool took)
{
	if (took)
		emu_unlock();
}

void emu_wake_all(void)
{
	pthread_cond_broadcast(&emu_dev.cond);
	/* the engine thread sleeps apart (no syscall when it does not wait) */
	pthread_cond_signal(&emu_dev.sched.cond);
}

uint64_t emu_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * EMU_NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

int emu_cond_wait_on(pthread_cond_t *cond, uint64_t deadline_ns)
{
	struct timespec ts;

	emu_lockdep_assert_held();
	if (deadline_ns != EMU_TIME_INFINITE && emu_now_ns() >= deadline_ns)
		return -ETIME;
	emu_lock_mine = false;
	if (deadline_ns == EMU_TIME_INFINITE) {
		pthread_cond_wait(cond, &emu_dev.lock);
	} else {
		ts.tv_sec = (time_t)(deadline_ns / EMU_NSEC_PER_SEC);
		ts.tv_nsec = (long)(deadline_ns % EMU_NSEC_PER_SEC);
		pthread_cond_clockwait(cond, &emu_dev.lock, CLOCK_MONOTONIC,
				       &ts);
	}
	emu_lock_mine = true;
	if (deadline_ns != EMU_TIME_INFINITE && emu_now_ns() >= deadline_ns)
		return -ETIME;
	return 0;
}

int emu_cond_wait_until(uint64_t deadline_ns)
{
	return emu_cond_wait_on(&emu_dev.cond, deadline_ns);
}

/* The path from src/ on, without the build directory's "../../". */
static const char *emu_warn_path(const char *file)
{
	const char *p = strstr(file, "src/emu/");

	return p ? p : file;
}

bool emu_warn(const char *file, int line, const char *cond)
{
	const char *fatal = getenv("USERQ_EMU_WARN_FATAL");
	char buf[512];
	int n;

	n = snprintf(buf, sizeof(buf), "userq-emu: WARNING: %s:%d: %s\n",
		     emu_warn_path(file), line, cond);
	if (n < 0)
		n = 0;
	if (n >= (int)sizeof(buf)) {
		n = (int)sizeof(buf) - 1;
		buf[n - 1] = '\n';
	}
	/* One write, past any interposition (ours included). */
	(void)!syscall(SYS_write, STDERR_FILENO, buf, (size_t)n);
	if (fatal && !strcmp(fatal, "1"))
		abort();
	return true;
}
