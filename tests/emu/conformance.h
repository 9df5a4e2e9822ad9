/* SPDX-License-Identifier: MIT */
/*
 * Emulator conformance tests: raw ioctls against the preloaded emulator,
 * one test per kernel rule, named after it, asserting the errno.
 *
 * The test binary re-executes itself with LD_PRELOAD=$USERQ_EMU_LIB (and
 * USERQ_EMU_PROFILE from the suite) so that it talks to the emulator, never
 * to real hardware. Check forks each test, so every test starts from a
 * fresh emulator state.
 */
#ifndef UQ_TESTS_CONFORMANCE_H
#define UQ_TESTS_CONFORMANCE_H

#include <check.h>
#include <stdbool.h>
#include <stdint.h>

#include "emu/profile.h"

/* Open the emulated render node; fails the test if that does not work. */
int conf_open(void);
/* ioctl(2) through libc: 0, or -errno. Never retries EINTR (unlike
 * drmIoctl), so a spurious EINTR from the emulator shows up as a failure. */
int conf_ioctl(int fd, unsigned long request, void *arg);
/* The profile the emulator runs (USERQ_EMU_PROFILE), default "6.18". */
const char *conf_profile(void);
/* Its behaviour flags (src/emu/profile.c): tests assert per flag. */
const struct emu_profile *conf_flags(void);

/* CLOCK_MONOTONIC now, in ns (syncobj deadlines are absolute). */
int64_t conf_now_ns(void);

/* GEM_CREATE (alignment 4 KiB): 0 or -errno; a new handle is never 0. */
int conf_gem_create(int fd, uint64_t size, uint64_t domains, uint64_t flags,
		    uint32_t *handle);
/* A GTT BO that must be created. */
uint32_t conf_bo(int fd, uint64_t size);
/* GEM_MMAP: the fake offset for mmap(). 0 or -errno. */
int conf_gem_mmap(int fd, uint32_t handle, uint64_t *offset);
/* DRM_IOCTL_GEM_CLOSE: 0 or -errno. */
int conf_gem_close(int fd, uint32_t handle);
/* SYNCOBJ_CREATE that must succeed. */
uint32_t conf_syncobj(int fd, uint32_t flags);
/* TIMELINE_WAIT (libdrm-size struct) on one point, absolute deadline:
 * 0 or -errno. */
int conf_timeline_wait(int fd, uint32_t handle, uint64_t point, uint32_t flags,
		       int64_t deadline);

/*
 * Run test case @tcase of @suite again in a fresh process under the
 * emulator, with more environment (@env: NULL-terminated "NAME=value"; the
 * emulator reads its environment at load). The re-run test knows it is one
 * by conf_in_rerun() and ends with conf_rerun_ok(), so that a child that
 * ran nothing (a wrong case name, a test that returned early) does not
 * pass. conf_rerun returns the child's exit status (128 + signal) and sets
 * *@passed when the child reached conf_rerun_ok(); conf_rerun_must_pass
 * asserts both.
 */
int conf_rerun(const char *suite, const char *tcase, const char *const *env,
	       bool *passed);
void conf_rerun_must_pass(const char *suite, const char *tcase,
			  const char *const *env);
bool conf_in_rerun(void);
/* No-op outside a re-run. */
void conf_rerun_ok(void);

/*
 * A test that does not apply on this profile reports SKIP with a reason,
 * never a pass. Check has no skip, so conf_require() records the test's
 * name and the reason for the runner (runner.c), which turns that test's
 * "ok" into "ok N - ... # SKIP reason". When cond is false the test must
 * return at once, before asserting anything more:
 *
 *	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
 *		return;
 *
 * A macro for __func__ (START_TEST(x) defines x_fn): call it from the
 * test's own body, never from a helper. The behaviour that makes the test
 * not apply (a "not supported" gate) is asserted once, by its own test.
 */
#define conf_require(cond, reason) conf_require_in(__func__, (cond), (reason))
#define conf_skip(reason) ((void)conf_require_in(__func__, false, (reason)))
bool conf_require_in(const char *fn, bool cond, const char *reason);

/*
 * tcase_add_test and tcase_add_loop_test through the runner's selection
 * by name (UQ_CONF_ONLY, runner.c): every conformance test is added so.
 */
void conf_add_loop_test(TCase *tc, const TTest *t, int start, int end);
#define conf_add_test(tc, t) conf_add_loop_test((tc), (t), 0, 1)

/* Each test file provides one suite. */
Suite *suite_drm_core(void);
Suite *suite_syncobj(void);
Suite *suite_info(void);
Suite *suite_gem(void);
Suite *suite_gem_va(void);
Suite *suite_userq(void);
Suite *suite_userq_fence(void);
Suite *suite_userq_obs(void);
Suite *suite_userq_va(void);
Suite *suite_userq_trace(void);
Suite *suite_cs(void);
Suite *suite_prime(void);

#endif
