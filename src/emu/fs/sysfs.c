/* SPDX-License-Identifier: MIT */
/*
 * The emulated GPU as the filesystem shows it: /dev/dri/renderD128 and the
 * sysfs files that libdrm 2.4.114 reads in drmGetDevices2(),
 * drmGetDevice2(), drmGetDeviceNameFromFd2() and
 * drmGetPrimaryDeviceNameFromFd() (xf86drm.c):
 *
 *   drmNodeIsDRM()           stat  /sys/dev/char/M:m/device/drm
 *   drmParseSubsystemType()  readlink /sys/dev/char/M:m/device/subsystem,
 *                            last component "/pci"
 *   get_pci_path()           realpath /sys/dev/char/M:m/device
 *   drmParsePciBusInfo()     PCI_SLOT_NAME from .../device/uevent
 *   parse_separate_sysfs_files()  revision, vendor, device,
 *                            subsystem_vendor, subsystem_device (fscanf %x);
 *                            config only if one of those fails
 *   drmGetDeviceNameFromFd2()  DEVNAME from /sys/dev/char/M:m/uevent
 *   drmGetMinorNameForFD()   opendir .../device/drm, first "card" entry
 *
 * The device's primary node card0 is listed under device/drm (so that
 * drmGetPrimaryDeviceNameFromFd() answers as on a real system) but has no
 * /dev/dri entry: the emulator presents a render node only, like a
 * container that was given /dev/dri/renderD128 alone.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/device.h"
#include "emu/emu.h"
#include "emu/profile.h"
#include "seq_file.h"
#include "vfs.h"

const struct emu_pci_identity emu_pci = {
	.vendor = 0x1002,
	.class_code = 0x030000,
	.slot_name = "0000:03:00.0",
	.driver = "amdgpu",
};

/* The board's PCI identity (amdgpu_board_init() ran first). */
static unsigned int pci_device(void)
{
	return emu_dev.board.dev_info.device_id;
}

static unsigned int pci_revision(void)
{
	return emu_dev.board.dev_info.pci_rev;
}

static unsigned int pci_subsystem_vendor(void)
{
	return emu_dev.board.pci_subsystem_vendor;
}

static unsigned int pci_subsystem_device(void)
{
	return emu_dev.board.pci_subsystem_device;
}

#define SYS_RENDER "/sys/dev/char/226:128"
#define SYS_DEVICE SYS_RENDER "/device"

/* The first 64 bytes of PCI config space (a type 0 header). */
static int pci_config_read(const char *path, void *arg, struct emu_seq_file *m)
{
	unsigned char c[256] = { 0 };

	(void)path;
	(void)arg;
	c[0x00] = emu_pci.vendor & 0xff;
	c[0x01] = emu_pci.vendor >> 8;
	c[0x02] = pci_device() & 0xff;
	c[0x03] = pci_device() >> 8;
	c[0x04] = 0x07; /* command: I/O, memory, bus master */
	c[0x06] = 0x10; /* status: capabilities list */
	c[0x08] = pci_revision();
	c[0x09] = emu_pci.class_code & 0xff;
	c[0x0a] = (emu_pci.class_code >> 8) & 0xff;
	c[0x0b] = (emu_pci.class_code >> 16) & 0xff;
	c[0x2c] = pci_subsystem_vendor() & 0xff;
	c[0x2d] = pci_subsystem_vendor() >> 8;
	c[0x2e] = pci_subsystem_device() & 0xff;
	c[0x2f] = pci_subsystem_device() >> 8;
	/* pci_read_config() gives unprivileged readers only the standard
	 * header; the rest of the 256 bytes needs CAP_SYS_ADMIN. */
	emu_seq_write(m, c, emu_unprivileged() ? 64 : sizeof(c));
	return 0;
}

static void add_hex(const char *dir, const char *name, unsigned int width,
		    unsigned int value)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	emu_vfs_add_staticf(path, "0x%0*x\n", (int)width, value);
}

/* A DRM minor's class device: drm_sysfs_device_minor ("drm_minor"). */
static void add_minor(const char *dir, unsigned int minor, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/dev", dir);
	emu_vfs_add_staticf(path, "%u:%u\n", EMU_DRM_MAJOR, minor);
	snprintf(path, sizeof(path), "%s/uevent", dir);
	emu_vfs_add_staticf(
		path, "MAJOR=%u\nMINOR=%u\nDEVNAME=dri/%s\nDEVTYPE=drm_minor\n",
		EMU_DRM_MAJOR, minor, name);
}

void emu_sysfs_init(void)
{
	const struct emu_profile *prof = emu_active_profile();
	char bus_dev[64];

	/* /dev/dri holds the one emulated node; other nodes are hidden. */
	emu_vfs_add_dir("/dev/dri", NULL, NULL);
	emu_vfs_add_chr(EMU_RENDER_NODE, EMU_DRM_MAJOR, EMU_RENDER_MINOR);

	/* Every other DRM minor's char-device entry is hidden. */
	emu_vfs_hide("/sys/dev/char/226:");
	emu_vfs_add_dir(SYS_RENDER, NULL, NULL);
	add_minor(SYS_RENDER, EMU_RENDER_MINOR, EMU_RENDER_NAME);

	emu_vfs_add_dir(SYS_DEVICE, NULL, NULL);
	/* pci_uevent(): the driver's bus-level keys. */
	emu_vfs_add_staticf(
		SYS_DEVICE "/uevent",
		"DRIVER=%s\nPCI_CLASS=%X\nPCI_ID=%04X:%04X\n"
		"PCI_SUBSYS_ID=%04X:%04X\nPCI_SLOT_NAME=%s\n"
		"MODALIAS=pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X\n",
		emu_pci.driver, emu_pci.class_code, emu_pci.vendor,
		pci_device(), pci_subsystem_vendor(), pci_subsystem_device(),
		emu_pci.slot_name, emu_pci.vendor, pci_device(),
		pci_subsystem_vendor(), pci_subsystem_device(),
		(emu_pci.class_code >> 16) & 0xff,
		(emu_pci.class_code >> 8) & 0xff, emu_pci.class_code & 0xff);
	add_hex(SYS_DEVICE, "vendor", 4, emu_pci.vendor);
	add_hex(SYS_DEVICE, "device", 4, pci_device());
	add_hex(SYS_DEVICE, "revision", 2, pci_revision());
	add_hex(SYS_DEVICE, "subsystem_vendor", 4, pci_subsystem_vendor());
	add_hex(SYS_DEVICE, "subsystem_device", 4, pci_subsystem_device());
	add_hex(SYS_DEVICE, "class", 6, emu_pci.class_code);
	/* pci-sysfs boot_vga_show(): 1 for vga_default_device(), which is
	 * the one display device of the machine (Mesa's device-select layer
	 * reads it to order the GPUs). */
	emu_vfs_add_static(SYS_DEVICE "/boot_vga", "1\n");
	emu_vfs_add_file(SYS_DEVICE "/config", 0644,
			 &(const struct emu_vfs_ops){ .read = pci_config_read },
			 NULL);
	/* The bus's view of the device: /sys/bus/pci/devices/SLOT, a link to
	 * the device directory, as pci_bus_add_device() makes it (Mesa reads
	 * SLOT/boot_vga through it). */
	snprintf(bus_dev, sizeof(bus_dev), "/sys/bus/pci/devices/%s",
		 emu_pci.slot_name);
	emu_vfs_add_link(bus_dev, "../../../dev/char/226:128/device");
	/* Relative like the kernel's links; both resolve under /sys/bus. */
	emu_vfs_add_link(SYS_DEVICE "/subsystem", "../../../../bus/pci");
	emu_vfs_add_link(SYS_DEVICE "/driver",
			 "../../../../bus/pci/drivers/amdgpu");

	emu_vfs_add_dir(SYS_DEVICE "/drm", NULL, NULL);
	emu_vfs_add_dir(SYS_DEVICE "/drm/card0", NULL, NULL);
	add_minor(SYS_DEVICE "/drm/card0", 0, "card0");
	emu_vfs_add_dir(SYS_DEVICE "/drm/" EMU_RENDER_NAME, NULL, NULL);
	add_minor(SYS_DEVICE "/drm/" EMU_RENDER_NAME, EMU_RENDER_MINOR,
		  EMU_RENDER_NAME);

	/* The drm class: the render node only, as in /dev/dri. */
	emu_vfs_add_dir("/sys/class/drm", NULL, NULL);
	emu_vfs_add_link("/sys/class/drm/" EMU_RENDER_NAME,
			 "../../dev/char/226:128");
	/* drm_sysfs: CORE_NAME " " CORE_MAJOR.CORE_MINOR.CORE_PATCHLEVEL
	 * " " CORE_DATE */
	emu_vfs_add_static("/sys/class/drm/version", "drm 1.1.0 20060810\n");

	/* The release uname() reports under the emulator (libc/interpose.c),
	 * also where tools read it from procfs. */
	emu_vfs_add_staticf("/proc/sys/kernel/osrelease", "%s\n",
			    prof->uname_release);

	/* module_param_named(user_queue, ...): the profile's setting. */
	emu_vfs_add_dir("/sys/module/amdgpu", NULL, NULL);
	/* module's initstate_show(): MODULE_STATE_LIVE once loaded */
	emu_vfs_add_static("/sys/module/amdgpu/initstate", "live\n");
	emu_vfs_add_dir("/sys/module/amdgpu/parameters", NULL, NULL);
	emu_vfs_add_staticf("/sys/module/amdgpu/parameters/user_queue", "%d\n",
			    prof->user_queue_param);
}
