/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <xf86drm.h>

#include "cli.h"
#include "device.h"
#include "libdrm_quirks.h"

#define DRI_DIR "/dev/dri"
#define RENDER_PREFIX "renderD"
#define USER_QUEUE_PARAM "/sys/module/amdgpu/parameters/user_queue"
/* SPEC §5: the emulator's DRM_IOCTL_VERSION desc is
 * "AMD GPU (userq-bench emulator, profile <NAME>)". */
#define EMULATOR_TAG "userq-bench emulator"
#define EMULATOR_PROFILE_TAG "profile "

static const char *const ip_names[UQ_HW_IP_COUNT] = {
	[AMDGPU_HW_IP_GFX] = "gfx",
	[AMDGPU_HW_IP_COMPUTE] = "compute",
	[AMDGPU_HW_IP_DMA] = "sdma",
	[AMDGPU_HW_IP_UVD] = "uvd",
	[AMDGPU_HW_IP_VCE] = "vce",
	[AMDGPU_HW_IP_UVD_ENC] = "uvd_enc",
	[AMDGPU_HW_IP_VCN_DEC] = "vcn_dec",
	[AMDGPU_HW_IP_VCN_ENC] = "vcn_enc",
	[AMDGPU_HW_IP_VCN_JPEG] = "vcn_jpeg",
	[AMDGPU_HW_IP_VPE] = "vpe",
};

/* Firmware that gates user queues on GFX11/12 (userq.md §4). MEC pipe 0. */
static const struct {
	const char *name;
	uint32_t type;
} fw_types[UQ_FW_COUNT] = {
	[UQ_FW_ME] = { "me", AMDGPU_INFO_FW_GFX_ME },
	[UQ_FW_PFP] = { "pfp", AMDGPU_INFO_FW_GFX_PFP },
	[UQ_FW_MEC] = { "mec", AMDGPU_INFO_FW_GFX_MEC },
	[UQ_FW_MES] = { "mes", AMDGPU_INFO_FW_MES },
};

const char *uq_ip_name(unsigned int ip)
{
	return ip < UQ_HW_IP_COUNT ? ip_names[ip] : "?";
}

const char *uq_fw_name(enum uq_fw fw)
{
	return fw < UQ_FW_COUNT ? fw_types[fw].name : "?";
}

static int render_minor(const char *name)
{
	const char *p = name + strlen(RENDER_PREFIX);
	char *end;
	long v;

	if (strncmp(name, RENDER_PREFIX, strlen(RENDER_PREFIX)) || !*p)
		return -1;
	v = strtol(p, &end, 10);
	return (*end || v < 0 || v > 0xfffff) ? -1 : (int)v;
}

/* Linux's DRM character devices (include/uapi/drm/drm.h's DRM_MAJOR). */
#define UQ_DRM_MAJOR 226

static int cmp_node(const void *a, const void *b)
{
	const struct uq_node *x = a, *y = b;
	const char *bx = strrchr(x->path, '/') + 1;
	const char *by = strrchr(y->path, '/') + 1;

	return render_minor(bx) - render_minor(by);
}

/* The DRM driver of a node; NULL with err and err_step set when it cannot
 * be asked. */
static char *node_driver(struct uq_node *node)
{
	drmVersionPtr ver;
	struct stat st;
	char *name;
	int fd;

	errno = 0;
	if (stat(node->path, &st) || !S_ISCHR(st.st_mode) ||
	    major(st.st_rdev) != UQ_DRM_MAJOR) {
		/* not opened: see check_drm_node() */
		node->err = errno ? errno : ENODEV;
		node->err_step = "stat (not a DRM character device)";
		return NULL;
	}
	fd = open(node->path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		node->err = errno;
		node->err_step = "open";
		return NULL;
	}
	errno = 0;
	ver = drmGetVersion(fd);
	if (!ver) {
		node->err = errno ? errno : ENOTTY;
		node->err_step = "DRM_IOCTL_VERSION";
		close(fd);
		return NULL;
	}
	name = strdup(ver->name ? ver->name : "");
	if (!name) {
		node->err = ENOMEM;
		node->err_step = "open";
	}
	drmFreeVersion(ver);
	close(fd);
	return name;
}

int uq_nodes_scan(struct uq_nodes *nodes)
{
	struct dirent *de;
	size_t cap = 0;
	DIR *dir;
	int ret = 0;

	nodes->v = NULL;
	nodes->n = 0;
	dir = opendir(DRI_DIR);
	if (!dir)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(dir))) {
		struct uq_node *node;

		if (render_minor(de->d_name) < 0)
			continue;
		if (nodes->n == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			struct uq_node *v =
				realloc(nodes->v, ncap * sizeof(*v));

			if (!v) {
				ret = -ENOMEM;
				break;
			}
			nodes->v = v;
			cap = ncap;
		}
		node = &nodes->v[nodes->n];
		memset(node, 0, sizeof(*node));
		if (asprintf(&node->path, DRI_DIR "/%s", de->d_name) < 0) {
			node->path = NULL;
			ret = -ENOMEM;
			break;
		}
		nodes->n++;
	}
	closedir(dir);
	if (ret) {
		uq_nodes_free(nodes);
		return ret;
	}
	if (nodes->n)
		qsort(nodes->v, nodes->n, sizeof(nodes->v[0]), cmp_node);
	for (size_t i = 0; i < nodes->n; i++)
		nodes->v[i].driver = node_driver(&nodes->v[i]);
	return 0;
}

void uq_nodes_free(struct uq_nodes *nodes)
{
	for (size_t i = 0; i < nodes->n; i++) {
		free(nodes->v[i].path);
		free(nodes->v[i].driver);
	}
	free(nodes->v);
	nodes->v = NULL;
	nodes->n = 0;
}

/**
 * find_node - the render node to use: @requested if given, else the
 * first node of @nodes whose driver is amdgpu.
 * @errs: receives the message when there is none (with a hint: --device,
 *        --emulate, or the render group when nodes could not be opened).
 *
 * Returns the path (owned by @nodes or @requested), or NULL.
 */
static const char *find_node(const char *requested,
			     const struct uq_nodes *nodes,
			     struct uq_errors *errs)
{
	const struct uq_node *failed = NULL;

	if (requested)
		return requested;
	for (size_t i = 0; i < nodes->n; i++) {
		const struct uq_node *node = &nodes->v[i];

		if (node->driver && !strcmp(node->driver, "amdgpu"))
			return node->path;
		if (!failed && node->err)
			failed = node;
	}
	/* A node that could not be asked may be the amdgpu one: say so. */
	if (failed)
		uq_error_add(
			errs, failed->err_step, failed->err,
			"no usable amdgpu render node: %s: %s failed: %s (%s); %suse --device=PATH, or --emulate to run against the built-in emulator",
			failed->path, failed->err_step,
			uq_errno_name(failed->err), uq_errno_desc(failed->err),
			failed->err == EACCES || failed->err == EPERM ?
				"add the user to the group that owns it (usually 'render'), " :
				"");
	else
		uq_error_add(
			errs, "open", ENODEV,
			"no amdgpu render node found (" DRI_DIR
			"/renderD*); use --device=PATH, or --emulate to run against the built-in emulator");
	return NULL;
}

/* "AMD GPU (userq-bench emulator, profile 6.18)" -> emulated, "6.18". */
static int parse_emulator_desc(struct uq_device *dev)
{
	const char *p, *end;

	if (!dev->drm_desc || !strstr(dev->drm_desc, EMULATOR_TAG))
		return 0;
	dev->emulated = true;
	p = strstr(dev->drm_desc, EMULATOR_PROFILE_TAG);
	if (!p)
		return 0;
	p += strlen(EMULATOR_PROFILE_TAG);
	end = p + strcspn(p, ")");
	dev->emulator_profile = strndup(p, (size_t)(end - p));
	return dev->emulator_profile ? 0 : -ENOMEM;
}

static int query_version(struct uq_device *dev, struct uq_errors *errs)
{
	drmVersionPtr ver;
	int err;

	errno = 0;
	ver = drmGetVersion(dev->fd);
	if (!ver) {
		err = errno ? errno : ENOTTY;
		uq_error_add(
			errs, "DRM_IOCTL_VERSION", err,
			"%s is not a DRM device (DRM_IOCTL_VERSION failed: %s); give a render node such as " DRI_DIR
			"/renderD128 with --device",
			dev->node, uq_errno_name(err));
		return UQ_EXIT_NODEV;
	}
	dev->drm_major = ver->version_major;
	dev->drm_minor = ver->version_minor;
	dev->drm_patch = ver->version_patchlevel;
	dev->drm_driver = strdup(ver->name ? ver->name : "");
	dev->drm_desc = strdup(ver->desc ? ver->desc : "");
	drmFreeVersion(ver);
	if (!dev->drm_driver || !dev->drm_desc || parse_emulator_desc(dev)) {
		uq_error_add(errs, "DRM_IOCTL_VERSION", ENOMEM,
			     "%s: out of memory", dev->node);
		return UQ_EXIT_FAIL;
	}
	if (strcmp(dev->drm_driver, "amdgpu")) {
		uq_error_add(
			errs, "DRM_IOCTL_VERSION", ENODEV,
			"%s is driven by '%s', not amdgpu; choose an amdgpu render node with --device (see 'userq-bench info')",
			dev->node, dev->drm_driver);
		return UQ_EXIT_NODEV;
	}
	return 0;
}

static void query_ips(struct uq_device *dev)
{
	for (unsigned int ip = 0; ip < UQ_HW_IP_COUNT; ip++) {
		struct uq_ip *p = &dev->ip[ip];
		int ret;

		p->userq = dev->info.userq_ip_mask & (1u << ip);
		ret = uq_info_hw_ip_count(dev->fd, ip, &p->count);
		p->count_err = -ret;
		if (!ret && p->count)
			p->info_err = -uq_info_hw_ip(dev->fd, ip, 0, &p->info);
		if (p->userq) {
			p->fw_areas_asked = true;
			p->fw_areas_err = -uq_info_uq_fw_areas(dev->fd, ip, 0,
							       &p->fw_areas);
		}
	}
}

static void query_firmware(struct uq_device *dev)
{
	for (int i = 0; i < UQ_FW_COUNT; i++) {
		struct uq_fw_version *fw = &dev->fw[i];

		fw->err = -uq_info_fw_version(dev->fd, fw_types[i].type, 0, 0,
					      &fw->version, &fw->feature);
	}
}

static void query_user_queue_param(struct uq_device *dev)
{
	FILE *f = fopen(USER_QUEUE_PARAM, "re");

	dev->user_queue_err = 0;
	if (!f) {
		dev->user_queue_err = errno;
		return;
	}
	if (fscanf(f, "%d", &dev->user_queue) != 1)
		dev->user_queue_err = EINVAL;
	fclose(f);
}

/* PCI_SLOT_NAME and PCI_ID from the node's sysfs uevent; the ids fall back
 * to DEV_INFO (amdgpu is always AMD's vendor id). */
static void query_pci(struct uq_device *dev)
{
	char path[96], *line = NULL;
	unsigned int vendor, device;
	size_t cap = 0;
	struct stat st;
	FILE *f;

	dev->pci_vendor = 0x1002;
	dev->pci_device = (uint16_t)dev->info.device_id;
	dev->pci_rev = (uint8_t)dev->info.pci_rev;
	if (fstat(dev->fd, &st) || !S_ISCHR(st.st_mode))
		return;
	snprintf(path, sizeof(path), "/sys/dev/char/%u:%u/device/uevent",
		 major(st.st_rdev), minor(st.st_rdev));
	f = fopen(path, "re");
	if (!f)
		return;
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "PCI_SLOT_NAME=", 14))
			snprintf(dev->pci_bus, sizeof(dev->pci_bus), "%s",
				 line + 14);
		else if (sscanf(line, "PCI_ID=%x:%x", &vendor, &device) == 2) {
			dev->pci_vendor = (uint16_t)vendor;
			dev->pci_device = (uint16_t)device;
		}
	}
	free(line);
	fclose(f);
}

/* "11.0.0": GFX major.minor from HW_IP_INFO, revision from the IP
 * discovery version (bits 7:0, KMS 3.48). */
static void format_gfx_ip(struct uq_device *dev)
{
	const struct uq_ip *gfx = &dev->ip[AMDGPU_HW_IP_GFX];

	if (gfx->count_err || !gfx->count || gfx->info_err)
		return;
	snprintf(dev->gfx_ip, sizeof(dev->gfx_ip), "%u.%u.%u",
		 gfx->info.hw_ip_version_major, gfx->info.hw_ip_version_minor,
		 gfx->info.ip_discovery_version & 0xff);
}

/*
 * -d names any path; opening it O_RDWR is not harmless (a watchdog arms on
 * open, a tty may become the controlling terminal), so the path must be a
 * DRM character device before it is opened at all.
 */
static int check_drm_node(const char *path, struct uq_errors *errs)
{
	struct stat st;

	if (stat(path, &st)) {
		int err = errno;

		uq_error_add(
			errs, "open", err,
			"cannot open %s: %s (%s); list the render nodes with 'userq-bench info'",
			path, uq_errno_name(err), uq_errno_desc(err));
		return UQ_EXIT_NODEV;
	}
	if (!S_ISCHR(st.st_mode) || major(st.st_rdev) != UQ_DRM_MAJOR) {
		uq_error_add(
			errs, "open", ENODEV,
			"%s is not a DRM device (a character device with major %d); name a render node such as /dev/dri/renderD128, or list them with 'userq-bench info'",
			path, UQ_DRM_MAJOR);
		return UQ_EXIT_NODEV;
	}
	return 0;
}

/*
 * amdgpu_device_initialize() with libdrm's own stderr lines held back:
 * libdrm 2.4.114 prints "amdgpu_device_initialize: ... failed" for a
 * failed query, and the tool's one line for a failed run (SPEC §3) names
 * the same step and the errno. Device opening is single-threaded.
 * *version_err: the errno of a DRM_IOCTL_VERSION that failed inside it
 * (libdrm_quirks.c turns that crash into -EBADF), else 0.
 */
static int device_initialize_quiet(int fd, uint32_t *major, uint32_t *minor,
				   amdgpu_device_handle *adev, int *version_err)
{
	int saved, devnull, ret;

	fflush(stderr);
	saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (saved >= 0 && devnull >= 0 &&
	    dup2(devnull, STDERR_FILENO) != STDERR_FILENO) {
		close(saved);
		saved = -1;
	}
	uq_libdrm_version_quirk_arm();
	ret = amdgpu_device_initialize(fd, major, minor, adev);
	*version_err = uq_libdrm_version_quirk_disarm();
	if (saved >= 0 && devnull >= 0) {
		fflush(stderr);
		dup2(saved, STDERR_FILENO);
	}
	if (saved >= 0)
		close(saved);
	if (devnull >= 0)
		close(devnull);
	return ret;
}

int uq_device_open(const char *path, struct uq_errors *errs,
		   struct uq_device **out)
{
	uint32_t drm_major, drm_minor;
	struct uq_device *dev;
	const char *name;
	int ret, version_err;

	ret = check_drm_node(path, errs);
	if (ret)
		return ret;
	dev = calloc(1, sizeof(*dev));
	if (!dev || !(dev->node = strdup(path))) {
		free(dev);
		uq_error_add(errs, "open", ENOMEM, "%s: out of memory", path);
		return UQ_EXIT_FAIL;
	}
	dev->fd = open(path, O_RDWR | O_CLOEXEC);
	if (dev->fd < 0) {
		int err = errno;

		uq_error_add(
			errs, "open", err, "cannot open %s: %s (%s)%s", path,
			uq_errno_name(err), uq_errno_desc(err),
			err == EACCES || err == EPERM ?
				"; add the user to the group that owns it (usually 'render')" :
				"; list the render nodes with 'userq-bench info'");
		ret = UQ_EXIT_NODEV;
		goto err_free;
	}
	ret = query_version(dev, errs);
	if (ret)
		goto err_close;

	/* libdrm 2.4.114 keeps its own dup of the fd; the DRM file (and VM)
	 * is the same one. */
	ret = device_initialize_quiet(dev->fd, &drm_major, &drm_minor,
				      &dev->adev, &version_err);
	if (ret && version_err) {
		/* uq_error_add() adds what a device-lost errno means */
		uq_error_add(
			errs, "DRM_IOCTL_VERSION", version_err,
			"%s: DRM_IOCTL_VERSION failed inside libdrm's amdgpu_device_initialize: %s (%s)%s",
			path, uq_errno_name(version_err),
			uq_errno_desc(version_err),
			uq_errno_device_lost(version_err) ?
				"" :
				"; check dmesg for amdgpu errors");
		ret = UQ_EXIT_FAIL;
		goto err_close;
	}
	if (ret) {
		uq_error_add(
			errs, "amdgpu_device_initialize", -ret,
			"%s: libdrm amdgpu_device_initialize failed: %s (%s); check dmesg for amdgpu errors",
			path, uq_errno_name(-ret), uq_errno_desc(-ret));
		ret = UQ_EXIT_FAIL;
		goto err_close;
	}
	ret = uq_info_dev_info(dev->fd, &dev->info);
	if (ret) {
		uq_error_add(
			errs, "AMDGPU_INFO(DEV_INFO)", -ret,
			"%s: AMDGPU_INFO(DEV_INFO) failed: %s (%s); check dmesg for amdgpu errors",
			path, uq_errno_name(-ret), uq_errno_desc(-ret));
		ret = UQ_EXIT_FAIL;
		goto err_deinit;
	}
	query_ips(dev);
	query_firmware(dev);
	query_user_queue_param(dev);
	query_pci(dev);
	format_gfx_ip(dev);
	name = amdgpu_get_marketing_name(dev->adev);
	if (name && !(dev->marketing_name = strdup(name))) {
		uq_error_add(errs, "open", ENOMEM, "%s: out of memory", path);
		ret = UQ_EXIT_FAIL;
		goto err_deinit;
	}

	dev->caps.userq_ip_mask = dev->info.userq_ip_mask;
	uq_caps_probe_explicit_sync(dev->fd, dev->adev, &dev->caps);
	uq_caps_probe_fence_sources(&dev->caps);
	*out = dev;
	return 0;

err_deinit:
	amdgpu_device_deinitialize(dev->adev);
err_close:
	close(dev->fd);
err_free:
	free(dev->marketing_name);
	free(dev->emulator_profile);
	free(dev->drm_desc);
	free(dev->drm_driver);
	free(dev->node);
	free(dev);
	return ret;
}

void uq_device_close(struct uq_device *dev)
{
	if (!dev)
		return;
	amdgpu_device_deinitialize(dev->adev);
	close(dev->fd);
	free(dev->marketing_name);
	free(dev->emulator_profile);
	free(dev->drm_desc);
	free(dev->drm_driver);
	free(dev->node);
	free(dev);
}

int uq_device_acquire(const struct uq_opts *opts, const struct uq_nodes *nodes,
		      struct uq_errors *errs, struct uq_device **out)
{
	struct uq_device *dev;
	const char *path;
	int ret;

	path = find_node(opts->device, nodes, errs);
	if (!path)
		return UQ_EXIT_NODEV;
	ret = uq_device_open(path, errs, &dev);
	if (ret)
		return ret;
	if (opts->emulate && !dev->emulated) {
		uq_error_add(
			errs, "open", ENODEV,
			"--emulate: %s is not the userq-bench emulator (desc '%s'); the emulator library was not preloaded, check USERQ_EMU_LIB and LD_PRELOAD",
			dev->node, dev->drm_desc);
		uq_device_close(dev);
		return UQ_EXIT_NODEV;
	}
	*out = dev;
	return 0;
}
