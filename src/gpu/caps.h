/* SPDX-License-Identifier: MIT */
/*
 * The capability record (IGT style): what the device and the system offer,
 * computed once when the device is opened and consulted by every command
 * before it touches a feature. A missing feature is a capability, never an
 * error.
 */
#ifndef UQ_SRC_CAPS_H
#define UQ_SRC_CAPS_H

#include <stdbool.h>
#include <stdint.h>

#include <amdgpu.h>

enum uq_tristate {
	UQ_UNKNOWN,
	UQ_SUPPORTED,
	UQ_UNSUPPORTED,
};

/* Fence-driver accounting sources (SPEC §6); "file" needs a path from the
 * command line, so it is not probed here. */
enum uq_fence_method {
	UQ_FENCE_SEQ64,
	UQ_FENCE_KPROBE,
	UQ_FENCE_DEBUGFS,
	UQ_FENCE_SLAB,
	UQ_FENCE_TRACEPOINT,
	UQ_FENCE_METHODS,
};

#define UQ_REASON_LEN 192

struct uq_fence_source {
	bool ok;
	char reason[UQ_REASON_LEN]; /* why not, when !ok */
	/* kprobe, tracepoint: the tracefs directory; slab: the file */
	char path[64];
};

struct uq_caps {
	uint32_t userq_ip_mask; /* DEV_INFO, bit (1 << AMDGPU_HW_IP_*) */
	enum uq_tristate explicit_sync_unmap;
	char explicit_sync_reason[UQ_REASON_LEN]; /* when unknown */
	struct uq_fence_source fence[UQ_FENCE_METHODS];
};

/* "seq64", "kprobe", "debugfs", "slab", "tracepoint". */
const char *uq_fence_method_name(enum uq_fence_method m);
/* "supported", "unsupported", "unknown". */
const char *uq_tristate_name(enum uq_tristate t);

/**
 * uq_caps_probe_explicit_sync - is AMDGPU_VM_EXPLICIT_SYNC accepted for
 * PRT unmaps? The side-effect-free GEM_VA errno probe of gem-va-prt.md
 * §8.3 on a free VA range from libdrm: UNMAP|PRT must give -ENOENT (else
 * the result is unknown), then UNMAP|PRT|EXPLICIT_SYNC gives -EINVAL
 * (unsupported) or -ENOENT (supported). Never uses the KMS minor.
 * @fd: render node fd of @adev's DRM file.
 * @adev: the initialised libdrm device (VA range allocation).
 * @caps: explicit_sync_unmap and, if unknown, explicit_sync_reason.
 */
void uq_caps_probe_explicit_sync(int fd, amdgpu_device_handle adev,
				 struct uq_caps *caps);

/**
 * uq_caps_probe_fence_sources - which fence-driver accounting sources are
 * usable on this system, each with the specific reason when not.
 * @caps: userq_ip_mask must be set; fills fence[].
 */
void uq_caps_probe_fence_sources(struct uq_caps *caps);

#endif
