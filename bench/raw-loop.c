/* SPDX-License-Identifier: MIT */
/*
 * bench/raw-loop N [DEVICE]: the physical limit of the signal-wait spam
 * rate. The same queue, syncobj and ioctl arguments as `userq-bench
 * signal-wait --pattern=self --queues=1` (sw_work_setup(), the project's
 * recipe), then N iterations of exactly its ioctl sequence:
 *
 *	USERQ_SIGNAL(Q -> S); USERQ_WAIT count (Q, [S]); USERQ_WAIT fill
 *
 * with no clock read, no statistics and no output but the final count, so
 * that the tool's overhead is what `signal-wait` costs beyond this loop
 * (bench/run). The teardown is the tool's too. Run it against the emulator
 * with LD_PRELOAD=libuserq-emu.so; DEVICE defaults to the first amdgpu
 * render node. Exit 0 after N iterations, 1 on a usage error, 2 when a
 * step fails (the message on stderr).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "gpu/device.h"
#include "gpu/userq.h"
#include "parse.h"
#include "workload/signal_wait.h"

/* The first IP with user queues, in the tool's order (gfx, compute,
 * sdma); -1 if none. */
static int first_userq_ip(const struct uq_device *dev)
{
	static const unsigned int order[] = { AMDGPU_HW_IP_GFX,
					      AMDGPU_HW_IP_COMPUTE,
					      AMDGPU_HW_IP_DMA };

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (dev->caps.userq_ip_mask & (1u << order[i]))
			return (int)order[i];
	return -1;
}

/* The self pattern's iteration, without the clocks of self_iteration().
 * Not inlined: bench/run counts the instructions inside it (callgrind
 * --toggle-collect=raw_loop_spin*). */
static __attribute__((noinline)) int raw_loop_spin(struct sw_work *w,
						   uint64_t n, uint64_t *done)
{
	struct uapi_amdgpu_userq_signal *signal = &w->signal[0];
	struct uapi_amdgpu_userq_wait *wait = &w->wait[0];
	uint16_t count;
	int ret;

	for (*done = 0; *done < n; ++*done) {
		ret = uq_userq_signal(w->fd, signal);
		if (ret) {
			fprintf(stderr, "raw-loop: USERQ_SIGNAL: %s\n",
				uq_errno_name(-ret));
			return ret;
		}
		ret = uq_userq_wait_count(w->fd, wait, &count);
		if (ret || count != 1) {
			fprintf(stderr, "raw-loop: USERQ_WAIT (count): %s\n",
				ret ? uq_errno_name(-ret) : "not 1 fence");
			return ret ? ret : -EPROTO;
		}
		ret = uq_userq_wait_fill(w->fd, wait, w->fences, &count);
		if (ret) {
			fprintf(stderr, "raw-loop: USERQ_WAIT (fill): %s\n",
				uq_errno_name(-ret));
			return ret;
		}
	}
	return 0;
}

static void print_errors(const struct uq_errors *errs)
{
	for (size_t i = 0; i < errs->n; i++)
		fprintf(stderr, "raw-loop: %s\n", errs->v[i].message);
}

int main(int argc, char **argv)
{
	struct uq_opts opts = { 0 };
	struct uq_doorbell db = { 0 };
	struct uq_device *dev = NULL;
	struct sw_work work = { 0 };
	struct uq_errors errs;
	struct uq_nodes nodes;
	uint64_t n, done = 0;
	struct uq_vm vm;
	int ip, rc = UQ_EXIT_FAIL;

	if (argc < 2 || argc > 3 || uq_parse_u64(argv[1], 0, UINT64_MAX, &n)) {
		fprintf(stderr, "usage: raw-loop ITERATIONS [DEVICE]\n");
		return 1;
	}
	opts.device = argc > 2 ? argv[2] : NULL;
	uq_errors_init(&errs);
	if (uq_nodes_scan(&nodes))
		nodes = (struct uq_nodes){ NULL, 0 };
	if (uq_device_acquire(&opts, &nodes, &errs, &dev))
		goto out;
	ip = first_userq_ip(dev);
	if (ip < 0) {
		fprintf(stderr, "raw-loop: %s has no user queues\n", dev->node);
		goto out;
	}
	if (uq_vm_init(&vm, dev, &errs))
		goto out;
	if (uq_doorbell_create(&vm, &db, &errs))
		goto out_vm;
	if (!sw_work_setup(&work, &vm, &db, (unsigned int)ip, SW_SELF, 1,
			   &errs) &&
	    !raw_loop_spin(&work, n, &done))
		rc = 0;
	if (sw_work_teardown(&work, &errs))
		rc = UQ_EXIT_FAIL;
	uq_doorbell_destroy(&vm, &db, &errs);
out_vm:
	if (uq_vm_fini(&vm, &errs))
		rc = UQ_EXIT_FAIL;
out:
	if (errs.n)
		rc = UQ_EXIT_FAIL;
	print_errors(&errs);
	uq_device_close(dev);
	uq_nodes_free(&nodes);
	uq_errors_fini(&errs);
	printf("%llu\n", (unsigned long long)done);
	return rc;
}
