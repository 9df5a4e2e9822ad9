// SPDX-License-Identifier: MIT
/*
 * poll(2) and ppoll(2) (fs/select.c, do_sys_poll) over sets that name the
 * emulator's fds. Those fds are stand-ins (a DRM file is /dev/null, an
 * anon file an eventfd) whose own readiness says nothing of the emulated
 * file: a sync_file polled for real would report POLLOUT at once and
 * POLLIN never, whatever its fence does. Here each emulated fd gets its
 * file's mask (the ->poll of drm_file.c and anon_inode.c) and the other
 * fds are polled for real.
 *
 * No callback tells the emulator when a fence signals (job fences are
 * evaluated when looked at), so while nothing is ready the masks are
 * looked at again between real ppoll() steps that back off from 5 us to
 * 1 ms, like the CP's WAIT_REG_MEM polling (sched_main.c). ppoll's signal
 * mask is in force during those steps only, not between them.
 *
 * select(2), pselect(2) and epoll are not interposed: on an emulated fd
 * they answer for the stand-in.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "anon_inode.h"
#include "emu/device.h"
#include "emu/drm/drm_file.h"
#include "emu/emu.h"
#include "emu/uaccess.h"
#include "select.h"

#define POLL_STEP_MIN_NS 5000
#define POLL_STEP_MAX_NS 1000000
/* Sets up to this size are copied on the stack. */
#define POLL_STACK_FDS 16

/*
 * One look at the set: emulated entries get their file's mask and are
 * left out of real[] (fd -1); the others are copied to real[] for the real
 * ppoll. The number of emulated fds with events; *nemu how many there are.
 */
static unsigned int emulated_masks(struct pollfd *k, struct pollfd *real,
				   unsigned long n, unsigned long *nemu)
{
	unsigned int ready = 0;

	*nemu = 0;
	emu_lock();
	for (unsigned long i = 0; i < n; i++) {
		short mask;

		/* do_pollfd(): a negative fd gets revents 0 */
		k[i].revents = 0;
		real[i] = k[i];
		if (!emu_drm_fd_poll(k[i].fd, &mask) &&
		    !emu_anon_fd_poll(k[i].fd, &mask))
			continue;
		(*nemu)++;
		real[i].fd = -1;
		/* POLLERR and POLLHUP are reported whether asked or not */
		k[i].revents = mask & (k[i].events | POLLERR | POLLHUP);
		if (k[i].revents)
			ready++;
	}
	emu_unlock();
	return ready;
}

/* The real ppoll(2) of the other fds for up to step_ns: its count or
 * -errno. The emulated entries' revents are kept. */
static int real_poll(struct pollfd *k, struct pollfd *real, unsigned long n,
		     int64_t step_ns, const sigset_t *sigmask)
{
	struct timespec ts = {
		.tv_sec = (time_t)(step_ns / (int64_t)EMU_NSEC_PER_SEC),
		.tv_nsec = (long)(step_ns % (int64_t)EMU_NSEC_PER_SEC),
	};
	long r;

	r = syscall(SYS_ppoll, real, n, &ts, sigmask, _NSIG / 8);
	if (r < 0)
		return -errno;
	for (unsigned long i = 0; i < n; i++)
		if (real[i].fd >= 0)
			k[i].revents = real[i].revents;
	return (int)r;
}

/* do_poll(): look, poll the rest for a step, until something is ready,
 * the deadline passes or a signal comes. */
static int poll_loop(struct pollfd *k, struct pollfd *real, unsigned long n,
		     int64_t timeout_ns, const sigset_t *sigmask, bool *handled)
{
	uint64_t deadline = timeout_ns < 0 ?
				    EMU_TIME_INFINITE :
				    emu_now_ns() + (uint64_t)timeout_ns;
	int64_t step = POLL_STEP_MIN_NS;
	unsigned long nemu;
	int ret;

	for (;;) {
		unsigned int ready = emulated_masks(k, real, n, &nemu);
		uint64_t now = emu_now_ns();
		int64_t wait;

		/* nothing emulated: the real call, unchanged. An emulated
		 * fd closed while waiting is polled for real (POLLNVAL). */
		if (!nemu && !*handled)
			return 0;
		*handled = true;
		if (ready || now >= deadline)
			wait = 0;
		else if (deadline - now < (uint64_t)step)
			wait = (int64_t)(deadline - now);
		else
			wait = step;
		ret = real_poll(k, real, n, wait, sigmask);
		if (ret < 0)
			return ret;
		ret += (int)ready;
		if (ret || !wait || emu_now_ns() >= deadline)
			return ret;
		if (step < POLL_STEP_MAX_NS)
			step *= 2;
	}
}

/* poll_select_set_timeout(): the timeout in ns (-1: none), or false for
 * one that faults or is refused (the real call reports those). */
static bool poll_timeout_ns(const struct timespec *utmo, int64_t *ns)
{
	struct timespec t;

	*ns = -1;
	if (!utmo)
		return true;
	if (emu_uaccess_copy(false, &t, (uintptr_t)utmo, sizeof(t)))
		return false;
	if (t.tv_sec < 0 || t.tv_nsec < 0 ||
	    t.tv_nsec >= (long)EMU_NSEC_PER_SEC)
		return false;
	/* beyond ~292 years: for ever */
	if (t.tv_sec < INT64_MAX / (int64_t)EMU_NSEC_PER_SEC - 1)
		*ns = t.tv_sec * (int64_t)EMU_NSEC_PER_SEC + t.tv_nsec;
	return true;
}

int emu_do_sys_poll(struct pollfd *ufds, unsigned long n,
		    const struct timespec *utmo, const sigset_t *sigmask,
		    bool *handled)
{
	struct pollfd stack[2 * POLL_STACK_FDS];
	struct pollfd *k = stack;
	size_t size = n * sizeof(*k);
	int64_t ns;
	int ret;

	*handled = false;
	/* the emulator's own calls, under the lock, poll no emulated fd */
	if (!n || emu_lock_held() ||
	    (!atomic_load(&emu_dev.drm.nfds) &&
	     !__atomic_load_n(&emu_dev.anon.nfds, __ATOMIC_RELAXED)))
		return 0;
	/* a set beyond RLIMIT_NOFILE is the real call's -EINVAL */
	if (n > (unsigned long)INT_MAX / (2 * sizeof(*k)) ||
	    !poll_timeout_ns(utmo, &ns))
		return 0;
	if (n > POLL_STACK_FDS) {
		k = malloc(2 * size);
		if (!k) {
			*handled = true;
			return -ENOMEM;
		}
	}
	/* do_sys_poll copies the whole array in first: -EFAULT */
	ret = emu_uaccess_copy(false, k, (uintptr_t)ufds, size);
	if (!ret)
		ret = poll_loop(k, k + n, n, ns, sigmask, handled);
	/* and writes every revents back, after -EINTR too */
	if (*handled && emu_uaccess_copy(true, k, (uintptr_t)ufds, size))
		ret = -EFAULT;
	if (k != stack)
		free(k);
	if (ret == -EFAULT)
		*handled = true;
	return ret;
}
