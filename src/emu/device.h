/* SPDX-License-Identifier: MIT */
/*
 * The one emulated GPU: a Navi 31 class (GFX 11.0.0) device at PCI
 * 1002:744c, presented as /dev/dri/renderD128 (SPEC §5). The libc/sysfs
 * layer uses the PCI identity; the amdgpu layer holds the INFO data.
 */
#ifndef UQ_EMU_DEVICE_H
#define UQ_EMU_DEVICE_H

#include <stdint.h>

struct emu_pci_identity {
	uint16_t vendor;
	uint16_t device;
	uint8_t revision;
	uint16_t subsystem_vendor;
	uint16_t subsystem_device;
	uint32_t class_code; /* 0x030000: VGA */
	const char *slot_name; /* "0000:03:00.0" */
	const char *driver; /* "amdgpu" */
};

#define EMU_DRM_MAJOR 226
#define EMU_RENDER_MINOR 128
#define EMU_RENDER_NODE "/dev/dri/renderD128"
#define EMU_RENDER_NAME "renderD128"

extern const struct emu_pci_identity emu_pci;

/* Register /dev/dri/renderD128 and the device's sysfs files with the vfs
 * (sysfs.c; called once by emu_init()). */
void emu_sysfs_init(void);

#endif
