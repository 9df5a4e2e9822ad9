// SPDX-License-Identifier: MIT
/*
 * GEM conformance: AMDGPU_GEM_CREATE validation (amdgpu_gem_create_ioctl),
 * AMDGPU_GEM_MMAP and CPU mappings of the fake offset, GEM_CLOSE, and what
 * closing a handle does to the file's VM (amdgpu_gem_object_close).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <drm.h>
#include <amdgpu_drm.h>

#include "conformance.h"
#include "uapi/amdgpu_gem_va.h"

#define PAGE 4096ull
#define VA_BASE 0x100000ull

static int va_prt(int fd, uint32_t op, uint64_t va, uint64_t size)
{
	struct uapi_amdgpu_gem_va args;

	memset(&args, 0, sizeof(args));
	args.operation = op;
	args.flags = AMDGPU_VM_PAGE_PRT;
	args.va_address = va;
	args.map_size = size;
	return conf_ioctl(fd, UAPI_IOCTL_AMDGPU_GEM_VA, &args);
}

static int va_bo(int fd, uint32_t handle, uint32_t op, uint64_t va,
		 uint64_t size)
{
	struct uapi_amdgpu_gem_va args;

	memset(&args, 0, sizeof(args));
	args.handle = handle;
	args.operation = op;
	args.flags = AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_PAGE_WRITEABLE;
	args.va_address = va;
	args.map_size = size;
	return conf_ioctl(fd, UAPI_IOCTL_AMDGPU_GEM_VA, &args);
}

START_TEST(create_domains)
{
	int fd = conf_open();
	uint32_t h;

	ck_assert_int_eq(
		conf_gem_create(fd, PAGE, AMDGPU_GEM_DOMAIN_GTT, 0, &h), 0);
	ck_assert_int_eq(
		conf_gem_create(fd, PAGE, AMDGPU_GEM_DOMAIN_VRAM, 0, &h), 0);
	ck_assert_int_eq(
		conf_gem_create(fd, PAGE,
				AMDGPU_GEM_DOMAIN_VRAM | AMDGPU_GEM_DOMAIN_GTT,
				AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED, &h),
		0);
	ck_assert_int_eq(
		conf_gem_create(fd, PAGE, AMDGPU_GEM_DOMAIN_CPU, 0, &h), 0);
	/* no domain at all: a system-memory BO */
	ck_assert_int_eq(conf_gem_create(fd, PAGE, 0, 0, &h), 0);
	close(fd);
}
END_TEST

/* amdgpu_gem_create_ioctl: reject invalid gem domains */
START_TEST(create_bad_domain)
{
	int fd = conf_open();

	ck_assert_int_eq(conf_gem_create(fd, PAGE, 0x100, 0, NULL), -EINVAL);
	ck_assert_int_eq(conf_gem_create(fd, PAGE, 1ull << 32, 0, NULL),
			 -EINVAL);
	/* MMIO_REMAP is in the mask but userspace cannot allocate it */
	ck_assert_int_eq(conf_gem_create(fd, PAGE, AMDGPU_GEM_DOMAIN_MMIO_REMAP,
					 0, NULL),
			 -EINVAL);
	close(fd);
}
END_TEST

/* amdgpu_gem_create_ioctl: reject invalid gem flags (checked first) */
START_TEST(create_bad_flags)
{
	int fd = conf_open();

	/* VRAM_CONTIGUOUS, CP_MQD_GFX9, VRAM_WIPE_ON_RELEASE, PREEMPTIBLE
	 * are kernel-internal */
	ck_assert_int_eq(conf_gem_create(fd, PAGE, AMDGPU_GEM_DOMAIN_GTT,
					 1 << 5, NULL),
			 -EINVAL);
	ck_assert_int_eq(conf_gem_create(fd, PAGE, AMDGPU_GEM_DOMAIN_GTT,
					 1 << 11, NULL),
			 -EINVAL);
	ck_assert_int_eq(conf_gem_create(fd, PAGE, AMDGPU_GEM_DOMAIN_GTT,
					 1ull << 40, NULL),
			 -EINVAL);
	/* flags before domains: both wrong is still -EINVAL */
	ck_assert_int_eq(conf_gem_create(fd, PAGE, 0x100, 1 << 5, NULL),
			 -EINVAL);
	/* the settable ones */
	ck_assert_int_eq(
		conf_gem_create(fd, PAGE, AMDGPU_GEM_DOMAIN_GTT,
				AMDGPU_GEM_CREATE_CPU_GTT_USWC |
					AMDGPU_GEM_CREATE_VRAM_CLEARED |
					AMDGPU_GEM_CREATE_EXPLICIT_SYNC |
					AMDGPU_GEM_CREATE_VM_ALWAYS_VALID,
				NULL),
		0);
	/* no TMZ on GC 11.0.0 (amdgpu_gmc_tmz_set): "Cannot allocate
	 * secure buffer since TMZ is disabled", -EINVAL */
	ck_assert_int_eq(conf_gem_create(fd, PAGE, AMDGPU_GEM_DOMAIN_VRAM,
					 AMDGPU_GEM_CREATE_ENCRYPTED, NULL),
			 -EINVAL);
	close(fd);
}
END_TEST

/* "GDS bo cannot be per-vm-bo"; on-chip BOs have no CPU access */
START_TEST(create_gds)
{
	int fd = conf_open();
	uint64_t off;
	uint32_t h;

	ck_assert_int_eq(conf_gem_create(fd, 64, AMDGPU_GEM_DOMAIN_GDS,
					 AMDGPU_GEM_CREATE_VM_ALWAYS_VALID,
					 NULL),
			 -EINVAL);
	ck_assert_int_eq(conf_gem_create(fd, 64, AMDGPU_GEM_DOMAIN_GDS, 0, &h),
			 0);
	ck_assert_int_eq(conf_gem_mmap(fd, h, &off), -EPERM);
	close(fd);
}
END_TEST

START_TEST(create_size)
{
	int fd = conf_open();

	/* ttm: drm_vma_offset_add of zero pages fails with -ENOSPC
	 * (derived from the kernel code) */
	ck_assert_int_eq(conf_gem_create(fd, 0, AMDGPU_GEM_DOMAIN_GTT, 0, NULL),
			 -ENOSPC);
	/* amdgpu_bo_validate_size: bigger than the GTT domain */
	ck_assert_int_eq(conf_gem_create(fd, 1ull << 40, AMDGPU_GEM_DOMAIN_GTT,
					 0, NULL),
			 -ENOMEM);
	/* VRAM-only falls back to VRAM|GTT, which fails the same way */
	ck_assert_int_eq(conf_gem_create(fd, 1ull << 40, AMDGPU_GEM_DOMAIN_VRAM,
					 0, NULL),
			 -ENOMEM);
	/* odd sizes round up to a page */
	ck_assert_int_eq(conf_gem_create(fd, 1, AMDGPU_GEM_DOMAIN_GTT, 0, NULL),
			 0);
	close(fd);
}
END_TEST

/* the BO size is rounded up: a 4 KiB mapping of a 1-byte BO fits, 8 KiB not */
START_TEST(create_size_rounded)
{
	int fd = conf_open();
	uint32_t h;

	ck_assert_int_eq(conf_gem_create(fd, 1, AMDGPU_GEM_DOMAIN_GTT, 0, &h),
			 0);
	ck_assert_int_eq(va_bo(fd, h, AMDGPU_VA_OP_MAP, VA_BASE, PAGE), 0);
	ck_assert_int_eq(va_bo(fd, h, AMDGPU_VA_OP_MAP, VA_BASE + PAGE,
			       2 * PAGE),
			 -EINVAL);
	close(fd);
}
END_TEST

START_TEST(handles_lowest_free)
{
	int fd = conf_open();
	uint32_t a, b, c;

	ck_assert_int_eq(
		conf_gem_create(fd, PAGE, AMDGPU_GEM_DOMAIN_GTT, 0, &a), 0);
	ck_assert_int_eq(
		conf_gem_create(fd, PAGE, AMDGPU_GEM_DOMAIN_GTT, 0, &b), 0);
	ck_assert_uint_eq(a, 1);
	ck_assert_uint_eq(b, 2);
	ck_assert_int_eq(conf_gem_close(fd, a), 0);
	ck_assert_int_eq(
		conf_gem_create(fd, PAGE, AMDGPU_GEM_DOMAIN_GTT, 0, &c), 0);
	ck_assert_uint_eq(c, 1);
	close(fd);
}
END_TEST

START_TEST(doorbell_domain)
{
	int fd = conf_open();
	uint64_t off;
	uint32_t h;
	volatile uint64_t *db;

	ck_assert_int_eq(conf_gem_create(fd, PAGE, AMDGPU_GEM_DOMAIN_DOORBELL,
					 0, &h),
			 0);
	ck_assert_int_eq(conf_gem_mmap(fd, h, &off), 0);
	db = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		  (off_t)off);
	ck_assert(db != MAP_FAILED);
	db[1] = 42;
	ck_assert_uint_eq(db[1], 42);
	munmap((void *)db, PAGE);
	close(fd);
}
END_TEST

/* A CPU write through one mapping is visible through another, also one
 * made on a dup of the fd (libdrm keeps its own dup). */
START_TEST(mmap_shared)
{
	int fd = conf_open();
	int fd2 = dup(fd);
	uint64_t off, off2;
	uint32_t h;
	uint32_t *a, *b, *c;

	ck_assert_int_ge(fd2, 0);
	ck_assert_int_eq(
		conf_gem_create(fd, 2 * PAGE, AMDGPU_GEM_DOMAIN_GTT, 0, &h), 0);
	ck_assert_int_eq(conf_gem_mmap(fd, h, &off), 0);
	ck_assert_uint_ne(off, 0);
	ck_assert_uint_eq(off % PAGE, 0);
	/* the fake offset is stable */
	ck_assert_int_eq(conf_gem_mmap(fd2, h, &off2), 0);
	ck_assert_uint_eq(off, off2);

	a = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 (off_t)off);
	ck_assert(a != MAP_FAILED);
	b = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 (off_t)off);
	ck_assert(b != MAP_FAILED);
	c = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, fd2, (off_t)off);
	ck_assert(c != MAP_FAILED);
	/* new BOs read as zero (VRAM_CLEARED is forced) */
	ck_assert_uint_eq(b[0], 0);
	a[0] = 0x12345678;
	a[PAGE / 4 + 1] = 0xcafe;
	ck_assert_uint_eq(b[0], 0x12345678);
	ck_assert_uint_eq(c[PAGE / 4 + 1], 0xcafe);
	munmap(a, 2 * PAGE);
	munmap(b, 2 * PAGE);
	munmap(c, 2 * PAGE);
	close(fd2);
	close(fd);
}
END_TEST

/* amdgpu_mode_dumb_mmap */
START_TEST(mmap_unknown_handle)
{
	int fd = conf_open();
	uint64_t off = 1;

	ck_assert_int_eq(conf_gem_mmap(fd, 77, &off), -ENOENT);
	ck_assert_int_eq(conf_gem_mmap(fd, 0, &off), -ENOENT);
	close(fd);
}
END_TEST

START_TEST(mmap_no_cpu_access)
{
	int fd = conf_open();
	uint64_t off;
	uint32_t h;

	ck_assert_int_eq(conf_gem_create(fd, PAGE, AMDGPU_GEM_DOMAIN_VRAM,
					 AMDGPU_GEM_CREATE_NO_CPU_ACCESS, &h),
			 0);
	ck_assert_int_eq(conf_gem_mmap(fd, h, &off), -EPERM);
	close(fd);
}
END_TEST

/* handles are per file */
START_TEST(handles_per_file)
{
	int fd = conf_open();
	int other = conf_open();
	uint64_t off;
	uint32_t h;

	ck_assert_int_eq(
		conf_gem_create(fd, PAGE, AMDGPU_GEM_DOMAIN_GTT, 0, &h), 0);
	ck_assert_int_eq(conf_gem_mmap(other, h, &off), -ENOENT);
	ck_assert_int_eq(conf_gem_close(other, h), -EINVAL);
	ck_assert_int_eq(conf_gem_mmap(fd, h, &off), 0);
	close(other);
	close(fd);
}
END_TEST

START_TEST(close_frees_handle)
{
	int fd = conf_open();
	uint64_t off;
	uint32_t h;

	ck_assert_int_eq(
		conf_gem_create(fd, PAGE, AMDGPU_GEM_DOMAIN_GTT, 0, &h), 0);
	ck_assert_int_eq(conf_gem_close(fd, h), 0);
	ck_assert_int_eq(conf_gem_mmap(fd, h, &off), -ENOENT);
	/* drm_gem_handle_delete: unknown handle */
	ck_assert_int_eq(conf_gem_close(fd, h), -EINVAL);
	close(fd);
}
END_TEST

/* amdgpu_gem_object_close: the last handle removes the BO's mappings */
START_TEST(close_removes_mappings)
{
	int fd = conf_open();
	uint32_t h;

	ck_assert_int_eq(
		conf_gem_create(fd, 4 * PAGE, AMDGPU_GEM_DOMAIN_GTT, 0, &h), 0);
	ck_assert_int_eq(va_bo(fd, h, AMDGPU_VA_OP_MAP, VA_BASE, 4 * PAGE), 0);
	/* the range is taken ... */
	ck_assert_int_eq(va_prt(fd, AMDGPU_VA_OP_MAP, VA_BASE, PAGE), -EINVAL);
	ck_assert_int_eq(conf_gem_close(fd, h), 0);
	/* ... and free again once the handle is gone */
	ck_assert_int_eq(va_prt(fd, AMDGPU_VA_OP_MAP, VA_BASE, 4 * PAGE), 0);
	close(fd);
}
END_TEST

/* the CPU mapping outlives the handle (it holds its own reference) */
START_TEST(mmap_outlives_handle)
{
	int fd = conf_open();
	uint64_t off;
	uint32_t h;
	uint32_t *p;

	ck_assert_int_eq(
		conf_gem_create(fd, PAGE, AMDGPU_GEM_DOMAIN_GTT, 0, &h), 0);
	ck_assert_int_eq(conf_gem_mmap(fd, h, &off), 0);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 (off_t)off);
	ck_assert(p != MAP_FAILED);
	ck_assert_int_eq(conf_gem_close(fd, h), 0);
	p[3] = 7;
	ck_assert_uint_eq(p[3], 7);
	munmap(p, PAGE);
	close(fd);
}
END_TEST

Suite *suite_gem(void)
{
	Suite *s = suite_create("gem");
	TCase *tc = tcase_create("gem");

	conf_add_test(tc, create_domains);
	conf_add_test(tc, create_bad_domain);
	conf_add_test(tc, create_bad_flags);
	conf_add_test(tc, create_gds);
	conf_add_test(tc, create_size);
	conf_add_test(tc, create_size_rounded);
	conf_add_test(tc, handles_lowest_free);
	conf_add_test(tc, doorbell_domain);
	conf_add_test(tc, mmap_shared);
	conf_add_test(tc, mmap_unknown_handle);
	conf_add_test(tc, mmap_no_cpu_access);
	conf_add_test(tc, handles_per_file);
	conf_add_test(tc, close_frees_handle);
	conf_add_test(tc, close_removes_mappings);
	conf_add_test(tc, mmap_outlives_handle);
	suite_add_tcase(s, tc);
	return s;
}
