/* SPDX-License-Identifier: MIT */
/*
 * Render nodes and the amdgpu device: discovery, opening, and everything
 * `info` shows, queried once at open (DEV_INFO, HW_IP_INFO per IP,
 * UQ_FW_AREAS per userq IP, firmware versions, module parameter, PCI
 * identity), plus the capability record that every command consults.
 */
#ifndef UQ_SRC_DEVICE_H
#define UQ_SRC_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <amdgpu.h>

#include "caps.h"
#include "ioctl/drm_info.h"
#include "report/errors.h"

/* A render node seen in /dev/dri. */
struct uq_node {
	char *path; /* "/dev/dri/renderD128" */
	char *driver; /* DRM driver name; NULL if it could not be asked */
	int err; /* why not: errno of err_step, else 0 */
	const char *err_step; /* "open" or "DRM_IOCTL_VERSION" */
};

struct uq_nodes {
	struct uq_node *v;
	size_t n;
};

/**
 * uq_nodes_scan - list /dev/dri/renderD* in minor order and ask each its
 * DRM driver name. A node that cannot be opened is listed with its errno.
 * A missing /dev/dri gives an empty list.
 *
 * Returns 0, or -errno if /dev/dri exists but cannot be read, or -ENOMEM.
 */
int uq_nodes_scan(struct uq_nodes *nodes);
void uq_nodes_free(struct uq_nodes *nodes);

/* "gfx", "compute", "sdma", "uvd", ... for AMDGPU_HW_IP_*; "?" if out of
 * range. */
const char *uq_ip_name(unsigned int ip);

struct uq_ip {
	int count_err; /* HW_IP_COUNT errno, 0 if it answered */
	uint32_t count;
	int info_err; /* HW_IP_INFO(ip, 0) errno; only asked if count > 0 */
	struct uapi_amdgpu_info_hw_ip info;
	bool userq; /* bit set in userq_ip_mask */
	bool fw_areas_asked; /* UQ_FW_AREAS is asked for userq IPs only */
	int fw_areas_err;
	struct uapi_amdgpu_info_uq_metadata fw_areas;
};

enum uq_fw {
	UQ_FW_ME,
	UQ_FW_PFP,
	UQ_FW_MEC,
	UQ_FW_MES,
	UQ_FW_COUNT,
};

struct uq_fw_version {
	int err; /* 0 if known */
	uint32_t version, feature;
};

struct uq_device {
	char *node;
	int fd;
	amdgpu_device_handle adev;

	char *drm_driver; /* "amdgpu" */
	int drm_major, drm_minor, drm_patch; /* KMS version, 3.64.0 */
	char *drm_desc;
	bool emulated; /* desc names the userq-bench emulator */
	char *emulator_profile; /* from desc; NULL if not emulated */

	char pci_bus[32]; /* "0000:03:00.0"; "" if unknown */
	uint16_t pci_vendor, pci_device;
	uint8_t pci_rev;
	char *marketing_name; /* amdgpu.ids; NULL if not listed */
	char gfx_ip[16]; /* "11.0.0"; "" without GFX */

	struct uapi_amdgpu_info_device info; /* 448-byte DEV_INFO */
	struct uq_ip ip[UQ_HW_IP_COUNT];
	struct uq_fw_version fw[UQ_FW_COUNT];
	/* /sys/module/amdgpu/parameters/user_queue (fb20954c9717) */
	int user_queue_err; /* 0 if read */
	int user_queue;

	struct uq_caps caps;
};

/* "me", "pfp", "mec", "mes". */
const char *uq_fw_name(enum uq_fw fw);

/**
 * uq_device_open - open an amdgpu render node and query everything about it
 * (see the file comment), including the capability record.
 * @path: render node.
 * @errs: receives one record with the message to print on failure.
 * @out: the device, for uq_device_close().
 *
 * Returns 0; UQ_EXIT_NODEV (69) if @path cannot be opened, is not a DRM
 * device or its driver is not amdgpu; UQ_EXIT_FAIL (2) if libdrm
 * initialisation or DEV_INFO fails. Queries that older kernels lack are
 * not failures: their errno is kept in the record.
 */
int uq_device_open(const char *path, struct uq_errors *errs,
		   struct uq_device **out);

/* Deinitialise libdrm's device, close the node, free. NULL is fine. */
void uq_device_close(struct uq_device *dev);

struct uq_opts;

/**
 * uq_device_acquire - find and open the device a command uses: --device, or
 * the first amdgpu render node of @nodes. With --emulate, also checks that
 * the node really is the emulator, so that a failed preload never runs a
 * test against real hardware.
 * @nodes: the scanned render nodes (may be empty with --device).
 *
 * Returns 0 with *out set, or the exit code (UQ_EXIT_NODEV, UQ_EXIT_FAIL)
 * with the message recorded in @errs.
 */
int uq_device_acquire(const struct uq_opts *opts, const struct uq_nodes *nodes,
		      struct uq_errors *errs, struct uq_device **out);

#endif
