/* SPDX-License-Identifier: MIT */
/*
 * DRM core rules (emulator-notes.md §8.1, gem-va-prt.md §10), checked
 * against drm_ioctl.c (drm_ioctl(), drm_ioctl_permit(), drm_version(),
 * drm_getcap()), drm_gem.c (drm_gem_close_ioctl(), drm_gem_mmap()) and
 * drm_file.c: one test per rule, named after it. Also the emulator's own
 * contract: the fake node and /dev/dri, dup sharing the DRM file, and
 * USERQ_EMU_FAULT.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <drm.h>
#include <amdgpu_drm.h>

#include "conformance.h"

#define NODE "/dev/dri/renderD128"
#define PAGE 4096ull
/* Above TASK_SIZE_MAX: no user mapping can be there. */
#define KERNEL_ADDRESS 0xffff888000000000ull
/* Set in the re-executed child that runs one fault-injection case. */

static const char *expected_desc(void)
{
	static char desc[128];

	snprintf(desc, sizeof(desc),
		 "AMD GPU (userq-bench emulator, profile %s)", conf_profile());
	return desc;
}

static int get_cap(int fd, uint64_t cap, uint64_t *value)
{
	struct drm_get_cap args = { .capability = cap, .value = 0xdead };
	int r = conf_ioctl(fd, DRM_IOCTL_GET_CAP, &args);

	*value = args.value;
	return r;
}

static int mmap_errno(int fd, size_t len, int flags, uint64_t offset)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, fd,
		       (off_t)offset);

	if (p != MAP_FAILED) {
		munmap(p, len);
		return 0;
	}
	return -errno;
}

static unsigned long long fdinfo_client_id(int fd)
{
	char path[64], line[256];
	unsigned long long id = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "fdinfo of fd %d: errno %d", fd, errno);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "drm-client-id: %llu", &id) == 1)
			break;
	fclose(f);
	ck_assert_uint_ne(id, 0);
	return id;
}

/* --- DRM_IOCTL_VERSION (drm_version(), drm_copy_field()) --- */

START_TEST(version_reports_amdgpu_kms_version)
{
	int fd = conf_open();
	struct drm_version v;

	memset(&v, 0, sizeof(v));
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_VERSION, &v), 0);
	ck_assert_int_eq(v.version_major, 3);
	ck_assert_int_eq(v.version_minor, (int)conf_flags()->kms_minor);
	ck_assert_int_eq(v.version_patchlevel, 0);
	close(fd);
}
END_TEST

START_TEST(version_lengths_then_strings)
{
	const char *desc = expected_desc();
	char name[16], date[16], dbuf[128];
	int fd = conf_open();
	struct drm_version v;

	/* First call: no buffers, the lengths come back. */
	memset(&v, 0, sizeof(v));
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_VERSION, &v), 0);
	ck_assert_uint_eq(v.name_len, strlen("amdgpu"));
	ck_assert_uint_eq(v.date_len, strlen("0"));
	ck_assert_uint_eq(v.desc_len, strlen(desc));

	/* Second call: exactly that many bytes, no NUL written. */
	memset(name, 'X', sizeof(name));
	memset(date, 'X', sizeof(date));
	memset(dbuf, 'X', sizeof(dbuf));
	v.name = name;
	v.date = date;
	v.desc = dbuf;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_VERSION, &v), 0);
	ck_assert_mem_eq(name, "amdgpu", 6);
	ck_assert_int_eq(name[6], 'X');
	ck_assert_mem_eq(date, "0", 1);
	ck_assert_int_eq(date[1], 'X');
	ck_assert_mem_eq(dbuf, desc, strlen(desc));
	ck_assert_int_eq(dbuf[strlen(desc)], 'X');
	close(fd);
}
END_TEST

START_TEST(version_copies_at_most_len_bytes)
{
	int fd = conf_open();
	struct drm_version v;
	char name[8];

	memset(&v, 0, sizeof(v));
	memset(name, 'X', sizeof(name));
	v.name = name;
	v.name_len = 3;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_VERSION, &v), 0);
	ck_assert_mem_eq(name, "amd", 3);
	ck_assert_int_eq(name[3], 'X');
	/* The full length is reported, not what was copied. */
	ck_assert_uint_eq(v.name_len, 6);
	close(fd);
}
END_TEST

START_TEST(version_unwritable_string_efault)
{
	int fd = conf_open();
	struct drm_version v;

	memset(&v, 0, sizeof(v));
	v.name = (char *)(uintptr_t)KERNEL_ADDRESS;
	v.name_len = 6;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_VERSION, &v), -EFAULT);
	/* A zero length never touches the pointer. */
	memset(&v, 0, sizeof(v));
	v.desc = (char *)(uintptr_t)KERNEL_ADDRESS;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_VERSION, &v), 0);
	close(fd);
}
END_TEST

/*
 * copy_to_user decides on the mappings as they are now: a page mapped
 * since the last copy is written, the same page once read-only or
 * unmapped is -EFAULT (the emulator caches the mappings: uaccess.c).
 */
START_TEST(version_string_follows_mapping_changes)
{
	long page = sysconf(_SC_PAGESIZE);
	int fd = conf_open();
	struct drm_version v;
	char *p;

	p = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(p, MAP_FAILED);
	memset(&v, 0, sizeof(v));
	v.name = p;
	v.name_len = 6;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_VERSION, &v), 0);
	ck_assert_int_eq(memcmp(p, "amdgpu", 6), 0);
	ck_assert_int_eq(mprotect(p, (size_t)page, PROT_READ), 0);
	v.name_len = 6;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_VERSION, &v), -EFAULT);
	ck_assert_int_eq(munmap(p, (size_t)page), 0);
	v.name_len = 6;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_VERSION, &v), -EFAULT);
	close(fd);
}
END_TEST

/* --- DRM_IOCTL_GET_CAP (drm_getcap()) --- */

START_TEST(getcap_syncobj_and_timeline)
{
	int fd = conf_open();
	uint64_t v;

	ck_assert_int_eq(get_cap(fd, DRM_CAP_SYNCOBJ, &v), 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(get_cap(fd, DRM_CAP_SYNCOBJ_TIMELINE, &v), 0);
	ck_assert_uint_eq(v, 1);
	close(fd);
}
END_TEST

START_TEST(getcap_render_node_caps)
{
	int fd = conf_open();
	uint64_t v;

	ck_assert_int_eq(get_cap(fd, DRM_CAP_TIMESTAMP_MONOTONIC, &v), 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(get_cap(fd, DRM_CAP_PRIME, &v), 0);
	ck_assert_uint_eq(v, DRM_PRIME_CAP_IMPORT | DRM_PRIME_CAP_EXPORT);
	/* amdgpu is a KMS driver: the modeset caps answer too. */
	ck_assert_int_eq(get_cap(fd, DRM_CAP_DUMB_BUFFER, &v), 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(get_cap(fd, DRM_CAP_DUMB_PREFERRED_DEPTH, &v), 0);
	ck_assert_uint_eq(v, 24);
	close(fd);
}
END_TEST

START_TEST(getcap_unknown_capability_einval)
{
	int fd = conf_open();
	uint64_t v;

	ck_assert_int_eq(get_cap(fd, 0, &v), -EINVAL);
	ck_assert_int_eq(get_cap(fd, 0x99, &v), -EINVAL);
	ck_assert_int_eq(get_cap(fd, 1ull << 40, &v), -EINVAL);
	close(fd);
}
END_TEST

/* --- drm_ioctl_permit(): render clients --- */

START_TEST(getclient_on_render_node_eacces)
{
	struct drm_client c = { .idx = 0 };
	int fd = conf_open();

	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_GET_CLIENT, &c), -EACCES);
	close(fd);
}
END_TEST

START_TEST(core_ioctl_without_render_allow_eacces)
{
	struct drm_unique u = { 0 };
	struct drm_set_version sv = { -1, -1, -1, -1 };
	int fd = conf_open();

	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_GET_UNIQUE, &u), -EACCES);
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SET_VERSION, &sv), -EACCES);
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SET_MASTER, NULL), -EACCES);
	close(fd);
}
END_TEST

/* --- drm_ioctl(): dispatch and copying --- */

START_TEST(unknown_driver_ioctl_einval)
{
	uint64_t buf[4] = { 0 };
	int fd = conf_open();

	/* Past the end of amdgpu_ioctls_kms[], inside the driver range. */
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOWR(0x40 + 0x3f, uint64_t[4]),
				    buf),
			 -EINVAL);
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOWR(0x9f, uint64_t[4]), buf),
			 -EINVAL);
	close(fd);
}
END_TEST

START_TEST(unknown_core_ioctl_einval)
{
	uint64_t buf[4] = { 0 };
	int fd = conf_open();

	/* Beyond DRM_CORE_IOCTL_COUNT. */
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOWR(0xf0, uint64_t[4]), buf),
			 -EINVAL);
	close(fd);
}
END_TEST

START_TEST(ioctl_bad_argument_pointer_efault)
{
	int fd = conf_open();

	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_GET_CAP,
				    (void *)(uintptr_t)KERNEL_ADDRESS),
			 -EFAULT);
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_VERSION, NULL), -EFAULT);
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_GEM_CLOSE, NULL), -EFAULT);
	close(fd);
}
END_TEST

START_TEST(ioctl_short_request_is_zero_extended)
{
	/* Only the capability is passed in (8 bytes): the kernel reads and
	 * writes back those 8 bytes, never the caller's next ones. */
	struct drm_get_cap args = { .capability = DRM_CAP_SYNCOBJ,
				    .value = 0xdead };
	int fd = conf_open();

	ck_assert_int_eq(conf_ioctl(fd, DRM_IOWR(0x0c, uint64_t), &args), 0);
	ck_assert_uint_eq(args.capability, DRM_CAP_SYNCOBJ);
	ck_assert_uint_eq(args.value, 0xdead);
	close(fd);
}
END_TEST

START_TEST(ioctl_copies_out_only_if_both_are_out)
{
	struct drm_get_cap args = { .capability = DRM_CAP_SYNCOBJ,
				    .value = 0xdead };
	int fd = conf_open();

	/* An IOW request for the kernel's IOWR GET_CAP: no copy back. */
	ck_assert_int_eq(
		conf_ioctl(fd, DRM_IOW(0x0c, struct drm_get_cap), &args), 0);
	ck_assert_uint_eq(args.value, 0xdead);
	/* An IOR request: nothing copied in, so capability 0 is asked. */
	args.capability = DRM_CAP_SYNCOBJ;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOR(0x0c, struct drm_get_cap),
				    &args),
			 -EINVAL);
	close(fd);
}
END_TEST

START_TEST(ioctl_longer_request_is_accepted)
{
	struct {
		struct drm_get_cap cap;
		uint64_t tail;
	} args = { { DRM_CAP_SYNCOBJ_TIMELINE, 0 }, 0x1234 };
	int fd = conf_open();

	ck_assert_int_eq(conf_ioctl(fd, DRM_IOWR(0x0c, args), &args), 0);
	ck_assert_uint_eq(args.cap.value, 1);
	ck_assert_uint_eq(args.tail, 0x1234);
	close(fd);
}
END_TEST

START_TEST(ioctl_on_other_fd_passes_through)
{
	int fd = open("/dev/null", O_RDWR);
	struct drm_version v;

	ck_assert_int_ge(fd, 0);
	memset(&v, 0, sizeof(v));
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_VERSION, &v), -ENOTTY);
	close(fd);
}
END_TEST

/* --- GEM core (drm_gem.c) --- */

START_TEST(gem_close_unknown_handle_einval)
{
	int fd = conf_open();

	ck_assert_int_eq(conf_gem_close(fd, 0), -EINVAL);
	ck_assert_int_eq(conf_gem_close(fd, 1), -EINVAL);
	ck_assert_int_eq(conf_gem_close(fd, 0xffffffffu), -EINVAL);
	close(fd);
}
END_TEST

START_TEST(gem_close_twice_einval)
{
	int fd = conf_open();
	uint32_t h = conf_bo(fd, PAGE);

	ck_assert_int_eq(conf_gem_close(fd, h), 0);
	ck_assert_int_eq(conf_gem_close(fd, h), -EINVAL);
	close(fd);
}
END_TEST

START_TEST(gem_mmap_unknown_offset_einval)
{
	int fd = conf_open();
	uint64_t off;
	uint32_t h = conf_bo(fd, 2 * PAGE);

	ck_assert_int_eq(conf_gem_mmap(fd, h, &off), 0);
	ck_assert_int_eq(mmap_errno(fd, PAGE, MAP_SHARED, off + (1ull << 40)),
			 -EINVAL);
	/* drm_vma_offset_exact_lookup_locked(): not the object's start. */
	ck_assert_int_eq(mmap_errno(fd, PAGE, MAP_SHARED, off + PAGE), -EINVAL);
	/* More pages than the object has. */
	ck_assert_int_eq(mmap_errno(fd, 3 * PAGE, MAP_SHARED, off), -EINVAL);
	ck_assert_int_eq(mmap_errno(fd, 2 * PAGE, MAP_SHARED, off), 0);
	close(fd);
}
END_TEST

START_TEST(gem_mmap_other_files_object_eacces)
{
	int a = conf_open(), b = conf_open();
	uint32_t h = conf_bo(a, PAGE);
	uint64_t off;

	ck_assert_int_eq(conf_gem_mmap(a, h, &off), 0);
	/* drm_vma_node_is_allowed(): b holds no handle to it. */
	ck_assert_int_eq(mmap_errno(b, PAGE, MAP_SHARED, off), -EACCES);
	ck_assert_int_eq(mmap_errno(a, PAGE, MAP_SHARED, off), 0);
	close(b);
	close(a);
}
END_TEST

START_TEST(gem_mmap_private_einval)
{
	int fd = conf_open();
	uint32_t h = conf_bo(fd, PAGE);
	uint64_t off;

	ck_assert_int_eq(conf_gem_mmap(fd, h, &off), 0);
	ck_assert_int_eq(mmap_errno(fd, PAGE, MAP_PRIVATE, off), -EINVAL);
	close(fd);
}
END_TEST

/* --- the fd model: dup shares the DRM file --- */

START_TEST(dup_shares_the_drm_file)
{
	int fd = conf_open();
	uint32_t h = conf_bo(fd, PAGE);
	int d1 = dup(fd);
	int d2 = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	uint64_t off;
	char *p;

	ck_assert_int_ge(d1, 0);
	ck_assert_int_ge(d2, 0);
	ck_assert_int_eq(conf_gem_mmap(d1, h, &off), 0);
	/* The mapping through a dup sees the same pages. */
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, d2,
		 (off_t)off);
	ck_assert_ptr_ne(p, MAP_FAILED);
	p[0] = 42;
	munmap(p, PAGE);
	ck_assert_uint_eq(fdinfo_client_id(d1), fdinfo_client_id(fd));
	ck_assert_uint_eq(fdinfo_client_id(d2), fdinfo_client_id(fd));
	close(d2);
	close(d1);
	close(fd);
}
END_TEST

START_TEST(file_outlives_first_fd_until_last_close)
{
	int fd = conf_open();
	uint32_t h = conf_bo(fd, PAGE);
	int d = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	uint64_t off;

	ck_assert_int_ge(d, 0);
	close(fd);
	/* libdrm's dup keeps the file and its handles alive. */
	ck_assert_int_eq(conf_gem_mmap(d, h, &off), 0);
	ck_assert_int_eq(conf_gem_close(d, h), 0);
	close(d);
}
END_TEST

START_TEST(dup2_onto_drm_fd_drops_it)
{
	int a = conf_open(), b = conf_open();
	uint32_t ha = conf_bo(a, PAGE);
	int nul = open("/dev/null", O_RDWR);
	struct drm_version v;

	ck_assert_int_ge(nul, 0);
	/* b's number now names /dev/null: no longer a DRM fd. */
	ck_assert_int_eq(dup2(nul, b), b);
	memset(&v, 0, sizeof(v));
	ck_assert_int_eq(conf_ioctl(b, DRM_IOCTL_VERSION, &v), -ENOTTY);
	/* And dup2 of a DRM fd makes another fd of the same file. */
	ck_assert_int_eq(dup2(a, b), b);
	ck_assert_int_eq(conf_gem_close(b, ha), 0);
	close(nul);
	close(b);
	close(a);
}
END_TEST

START_TEST(each_open_is_a_new_file)
{
	int a = conf_open(), b = conf_open();
	uint32_t h = conf_bo(a, PAGE);

	/* drm_file_alloc(): client ids count up, handles are per file. */
	ck_assert_uint_eq(fdinfo_client_id(b), fdinfo_client_id(a) + 1);
	ck_assert_int_eq(conf_gem_close(b, h), -EINVAL);
	ck_assert_int_eq(conf_gem_close(a, h), 0);
	close(b);
	close(a);
}
END_TEST

/* --- the node and /dev/dri --- */

START_TEST(node_is_char_device_226_128)
{
	int fd = conf_open();
	struct stat st;

	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert(S_ISCHR(st.st_mode));
	ck_assert_uint_eq(major(st.st_rdev), 226);
	ck_assert_uint_eq(minor(st.st_rdev), 128);
	ck_assert_int_eq(stat(NODE, &st), 0);
	ck_assert(S_ISCHR(st.st_mode));
	ck_assert_uint_eq(st.st_rdev, makedev(226, 128));
	ck_assert_int_eq(lstat(NODE, &st), 0);
	ck_assert(S_ISCHR(st.st_mode));
	ck_assert_int_eq(access(NODE, R_OK | W_OK), 0);
	/* drmNodeIsDRM() */
	ck_assert_int_eq(stat("/sys/dev/char/226:128/device/drm", &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	close(fd);
}
END_TEST

START_TEST(dev_dri_lists_only_the_render_node)
{
	DIR *d = opendir("/dev/dri");
	bool seen = false;
	struct dirent *e;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		ck_assert_str_eq(e->d_name, "renderD128");
		ck_assert_int_eq(e->d_type, DT_CHR);
		seen = true;
	}
	closedir(d);
	ck_assert(seen);
}
END_TEST

START_TEST(other_drm_nodes_are_hidden)
{
	struct stat st;

	ck_assert_int_eq(stat("/dev/dri/card0", &st), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(open("/dev/dri/renderD129", O_RDWR), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(stat("/sys/dev/char/226:0", &st), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(access("/sys/dev/char/226:129/device", F_OK), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

START_TEST(sysfs_pci_identity)
{
	static const struct {
		const char *file;
		unsigned int value;
	} attrs[] = {
		{ "vendor", 0x1002 },		{ "device", 0x744c },
		{ "revision", 0xc8 },		{ "subsystem_vendor", 0x1002 },
		{ "subsystem_device", 0x0e3b }, { "class", 0x030000 },
	};
	char path[128], link[128];
	unsigned int v;
	ssize_t n;
	FILE *f;

	for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		snprintf(path, sizeof(path), "/sys/dev/char/226:128/device/%s",
			 attrs[i].file);
		f = fopen(path, "r");
		ck_assert_msg(f != NULL, "%s: errno %d", path, errno);
		ck_assert_int_eq(fscanf(f, "%x", &v), 1);
		ck_assert_uint_eq(v, attrs[i].value);
		fclose(f);
	}
	n = readlink("/sys/dev/char/226:128/device/subsystem", link,
		     sizeof(link) - 1);
	ck_assert_int_gt(n, 0);
	link[n] = '\0';
	ck_assert_str_eq(strrchr(link, '/'), "/pci");
}
END_TEST

/* --- USERQ_EMU_FAULT --- */

/*
 * The test case again in a fresh process with USERQ_EMU_FAULT=spec (the
 * emulator reads it at load): its exit status, *ok when it ran to the end.
 */
static int fault_rerun(const char *spec, const char *tcase, bool *ok)
{
	char var[128];
	const char *env[] = { var, NULL };

	snprintf(var, sizeof(var), "USERQ_EMU_FAULT=%s", spec);
	return conf_rerun("drm_core", tcase, env, ok);
}

START_TEST(fault_nth_call_fails)
{
	int fd;
	uint64_t v;
	bool ok;

	if (!conf_in_rerun()) {
		ck_assert_int_eq(fault_rerun("GET_CAP:2:EIO", "fault_nth", &ok),
				 0);
		ck_assert_msg(ok, "the fault child did not run its test");
		return;
	}
	fd = conf_open();
	ck_assert_int_eq(get_cap(fd, DRM_CAP_SYNCOBJ, &v), 0);
	ck_assert_int_eq(get_cap(fd, DRM_CAP_SYNCOBJ, &v), -EIO);
	ck_assert_int_eq(get_cap(fd, DRM_CAP_SYNCOBJ, &v), 0);
	ck_assert_uint_eq(v, 1);
	close(fd);
	conf_rerun_ok();
}
END_TEST

START_TEST(fault_from_nth_call_on_fails)
{
	struct drm_version v;
	uint64_t cap;
	int fd;
	bool ok;

	if (!conf_in_rerun()) {
		ck_assert_int_eq(fault_rerun("VERSION:2+:ENOMEM,"
					     "GEM_CLOSE:1:ENOTSUPP",
					     "fault_from_nth", &ok),
				 0);
		ck_assert_msg(ok, "the fault child did not run its test");
		return;
	}
	fd = conf_open();
	memset(&v, 0, sizeof(v));
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_VERSION, &v), 0);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_VERSION, &v),
				 -ENOMEM);
	/* Other ioctls are not affected; ENOTSUPP is the kernel's 524. */
	ck_assert_int_eq(get_cap(fd, DRM_CAP_SYNCOBJ, &cap), 0);
	ck_assert_int_eq(conf_gem_close(fd, 1), -524);
	ck_assert_int_eq(conf_gem_close(fd, 1), -EINVAL);
	close(fd);
	conf_rerun_ok();
}
END_TEST

START_TEST(fault_any_counts_every_ioctl)
{
	struct drm_version v;
	uint64_t cap;
	int fd;
	bool ok;

	if (!conf_in_rerun()) {
		ck_assert_int_eq(fault_rerun("any:3:28", "fault_any", &ok), 0);
		ck_assert_msg(ok, "the fault child did not run its test");
		return;
	}
	fd = conf_open();
	memset(&v, 0, sizeof(v));
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_VERSION, &v), 0);
	/* A call that fails before its handler is not counted. */
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_VERSION, NULL), -EFAULT);
	ck_assert_int_eq(get_cap(fd, DRM_CAP_SYNCOBJ, &cap), 0);
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_VERSION, &v), -ENOSPC);
	ck_assert_int_eq(get_cap(fd, DRM_CAP_SYNCOBJ, &cap), 0);
	close(fd);
	conf_rerun_ok();
}
END_TEST

START_TEST(fault_bad_spec_exits_64)
{
	static const char *const bad[] = {
		"GEM_CLOSE",	    "GEM_CLOSE:1",	 "NOT_AN_IOCTL:1:EIO",
		"GEM_CLOSE:0:EIO",  "GEM_CLOSE:x:EIO",	 "GEM_CLOSE:1:EWHAT",
		"GEM_CLOSE:1-:EIO", "GEM_CLOSE:1:EIO:2",
	};
	bool ok;

	if (conf_in_rerun())
		return; /* never reached: the library exits at load */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(fault_rerun(bad[i], "fault_bad", &ok) == 64,
			      "USERQ_EMU_FAULT=%s was accepted", bad[i]);
}
END_TEST

Suite *suite_drm_core(void)
{
	Suite *s = suite_create("drm_core");
	TCase *tc = tcase_create("core");
	TCase *nth = tcase_create("fault_nth");
	TCase *from = tcase_create("fault_from_nth");
	TCase *any = tcase_create("fault_any");
	TCase *bad = tcase_create("fault_bad");

	conf_add_test(tc, version_reports_amdgpu_kms_version);
	conf_add_test(tc, version_lengths_then_strings);
	conf_add_test(tc, version_copies_at_most_len_bytes);
	conf_add_test(tc, version_unwritable_string_efault);
	conf_add_test(tc, version_string_follows_mapping_changes);
	conf_add_test(tc, getcap_syncobj_and_timeline);
	conf_add_test(tc, getcap_render_node_caps);
	conf_add_test(tc, getcap_unknown_capability_einval);
	conf_add_test(tc, getclient_on_render_node_eacces);
	conf_add_test(tc, core_ioctl_without_render_allow_eacces);
	conf_add_test(tc, unknown_driver_ioctl_einval);
	conf_add_test(tc, unknown_core_ioctl_einval);
	conf_add_test(tc, ioctl_bad_argument_pointer_efault);
	conf_add_test(tc, ioctl_short_request_is_zero_extended);
	conf_add_test(tc, ioctl_copies_out_only_if_both_are_out);
	conf_add_test(tc, ioctl_longer_request_is_accepted);
	conf_add_test(tc, ioctl_on_other_fd_passes_through);
	conf_add_test(tc, gem_close_unknown_handle_einval);
	conf_add_test(tc, gem_close_twice_einval);
	conf_add_test(tc, gem_mmap_unknown_offset_einval);
	conf_add_test(tc, gem_mmap_other_files_object_eacces);
	conf_add_test(tc, gem_mmap_private_einval);
	conf_add_test(tc, dup_shares_the_drm_file);
	conf_add_test(tc, file_outlives_first_fd_until_last_close);
	conf_add_test(tc, dup2_onto_drm_fd_drops_it);
	conf_add_test(tc, each_open_is_a_new_file);
	conf_add_test(tc, node_is_char_device_226_128);
	conf_add_test(tc, dev_dri_lists_only_the_render_node);
	conf_add_test(tc, other_drm_nodes_are_hidden);
	conf_add_test(tc, sysfs_pci_identity);
	suite_add_tcase(s, tc);

	conf_add_test(nth, fault_nth_call_fails);
	suite_add_tcase(s, nth);
	conf_add_test(from, fault_from_nth_call_on_fails);
	suite_add_tcase(s, from);
	conf_add_test(any, fault_any_counts_every_ioctl);
	suite_add_tcase(s, any);
	conf_add_test(bad, fault_bad_spec_exits_64);
	suite_add_tcase(s, bad);
	return s;
}
