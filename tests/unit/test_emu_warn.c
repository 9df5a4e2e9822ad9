/* SPDX-License-Identifier: MIT */
/*
 * The emulator's executable invariants (src/emu/lockdep.c): EMU_WARN_ON
 * evaluates to its condition, prints one line, and aborts only when
 * USERQ_EMU_WARN_FATAL=1 (as under make check); a function that needs the
 * device lock aborts when called without it. Each case runs in a child
 * process whose stderr and fate the parent checks, so that an abort that
 * should not happen fails the test instead of ending the runner.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "emu/device.h"
#include "emu/emu.h"
#include "unit.h"

Suite *suite_emu_warn(void);

/* lockdep.c's device, without the rest of the emulator. */
struct emu_device emu_dev = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
};

struct child {
	int status; /* waitpid() */
	char err[1024]; /* what it wrote to stderr */
};

/* Run fn in a child with USERQ_EMU_WARN_FATAL set to fatal (NULL: unset);
 * the child exits with fn's return value unless it dies first. */
static void run_child(int (*fn)(void), const char *fatal, struct child *c)
{
	int pipefd[2];
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	memset(c, 0, sizeof(*c));
	ck_assert_int_eq(pipe(pipefd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(pipefd[0]);
		dup2(pipefd[1], STDERR_FILENO);
		if (fatal)
			setenv("USERQ_EMU_WARN_FATAL", fatal, 1);
		else
			unsetenv("USERQ_EMU_WARN_FATAL");
		_exit(fn());
	}
	close(pipefd[1]);
	while ((n = read(pipefd[0], c->err + got, sizeof(c->err) - 1 - got)) >
	       0)
		got += (size_t)n;
	close(pipefd[0]);
	ck_assert_int_eq(waitpid(pid, &c->status, 0), pid);
}

static bool aborted(const struct child *c)
{
	return WIFSIGNALED(c->status) && WTERMSIG(c->status) == SIGABRT;
}

static bool exited(const struct child *c, int code)
{
	return WIFEXITED(c->status) && WEXITSTATUS(c->status) == code;
}

/* 0 when EMU_WARN_ON returned its conditions and evaluated each once. */
static int warn_true(void)
{
	int evals = 0;
	bool r;

	r = EMU_WARN_ON(++evals == 1);
	if (!r || evals != 1)
		return 1;
	if (EMU_WARN_ON(evals == 2))
		return 2;
	return 0;
}

/* "userq-emu: WARNING: <file>:<line>: <cond>\n", once, from this file. */
static void check_warn_line(const char *err, const char *cond)
{
	char file[256], text[256], nl = 0;
	int line = 0;

	ck_assert_int_eq(sscanf(err,
				"userq-emu: WARNING: %255[^:]:%d: %255[^\n]%c",
				file, &line, text, &nl),
			 4);
	ck_assert_ptr_nonnull(strstr(file, "test_emu_warn.c"));
	ck_assert_int_gt(line, 0);
	ck_assert_str_eq(text, cond);
	ck_assert_int_eq(nl, '\n');
	ck_assert_str_eq(strchr(err, '\n'), "\n"); /* one line only */
}

START_TEST(warn_on_returns_condition)
{
	struct child c;

	for (int i = 0; i < 2; i++) {
		/* unset, and set to anything but "1": not fatal */
		run_child(warn_true, i ? "0" : NULL, &c);
		ck_assert_msg(exited(&c, 0), "status 0x%x", c.status);
		/* one line for the true condition, none for the false one */
		check_warn_line(c.err, "++evals == 1");
	}
}
END_TEST

START_TEST(warn_on_fatal_aborts)
{
	struct child c;

	run_child(warn_true, "1", &c);
	ck_assert_msg(aborted(&c), "status 0x%x", c.status);
	check_warn_line(c.err, "++evals == 1");
}
END_TEST

/* A false condition is silent and never fatal. */
static int warn_false(void)
{
	return EMU_WARN_ON(getpid() < 0) ? 1 : 0;
}

START_TEST(warn_on_false_is_silent)
{
	struct child c;

	run_child(warn_false, "1", &c);
	ck_assert_msg(exited(&c, 0), "status 0x%x", c.status);
	ck_assert_str_eq(c.err, "");
}
END_TEST

/* emu_cond_wait_until() needs the device lock. */
static int wait_unlocked(void)
{
	return emu_cond_wait_until(0) == -ETIME ? 0 : 1;
}

START_TEST(lock_needed_without_lock_aborts)
{
	struct child c;

	run_child(wait_unlocked, "1", &c);
	ck_assert_msg(aborted(&c), "status 0x%x", c.status);
	ck_assert_ptr_nonnull(strstr(c.err, "src/emu/lockdep.c:"));
	ck_assert_ptr_nonnull(strstr(c.err, ": !emu_lock_held()\n"));
}
END_TEST

/* The same calls with the lock held: no warning. */
static int wait_locked(void)
{
	int r;

	emu_lock();
	emu_lockdep_assert_held();
	r = emu_cond_wait_until(0);
	emu_unlock();
	return r == -ETIME ? 0 : 1;
}

START_TEST(lock_needed_with_lock_is_silent)
{
	struct child c;

	run_child(wait_locked, "1", &c);
	ck_assert_msg(exited(&c, 0), "status 0x%x", c.status);
	ck_assert_str_eq(c.err, "");
}
END_TEST

/* Unlocking a lock the thread does not hold is a bug too. */
static int unlock_unlocked(void)
{
	emu_unlock();
	return 0;
}

START_TEST(unlock_without_lock_aborts)
{
	struct child c;

	run_child(unlock_unlocked, "1", &c);
	ck_assert_msg(aborted(&c), "status 0x%x", c.status);
}
END_TEST

START_TEST(lock_unless_held_nests)
{
	bool outer, inner;

	ck_assert(!emu_lock_held());
	outer = emu_lock_unless_held();
	ck_assert(outer);
	ck_assert(emu_lock_held());
	inner = emu_lock_unless_held();
	ck_assert(!inner);
	emu_unlock_taken(inner);
	ck_assert(emu_lock_held()); /* the inner user took nothing */
	emu_unlock_taken(outer);
	ck_assert(!emu_lock_held());
}
END_TEST

Suite *suite_emu_warn(void)
{
	Suite *s = suite_create("emu_warn");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, warn_on_returns_condition);
	tcase_add_test(tc, warn_on_fatal_aborts);
	tcase_add_test(tc, warn_on_false_is_silent);
	tcase_add_test(tc, lock_needed_without_lock_aborts);
	tcase_add_test(tc, lock_needed_with_lock_is_silent);
	tcase_add_test(tc, unlock_without_lock_aborts);
	tcase_add_test(tc, lock_unless_held_nests);
	suite_add_tcase(s, tc);
	return s;
}
