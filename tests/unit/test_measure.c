/* SPDX-License-Identifier: MIT */
/*
 * The measuring toolkit (measure.h): batched metrics equal direct
 * recording, the --samples CSV and its failures, the progress line, the
 * stop flag, and the STATS JSON.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "measure/measure.h"
#include "measure/meter.h"
#include "unit.h"

static const char *const names[] = { "signal", "wait", "pair" };

static uint64_t rng_state;

/* Row r of the synthetic loop: three latencies, the third the sum. */
static void fake_row(uint64_t *row)
{
	row[0] = 500 + unit_rng(&rng_state) % 5000;
	row[1] = 100 + unit_rng(&rng_state) % 100000;
	row[2] = row[0] + row[1];
}

/* Commit @rows rows into @m and the same values into @direct. */
static void run_loop(struct uq_metrics *m, struct uq_hist *direct,
		     uint64_t rows)
{
	rng_state = 0x1234567;
	for (uint64_t r = 0; r < rows && !uq_metrics_done(m); r++) {
		uint64_t *row = uq_metrics_row(m);

		fake_row(row);
		if (direct)
			for (int j = 0; j < 3; j++)
				uq_hist_record(&direct[j], row[j]);
		uq_metrics_commit(m);
	}
}

START_TEST(test_metrics_batches_equal_direct)
{
	/* not a multiple of the batch: the last flush is partial */
	const uint64_t rows = 10 * UQ_BATCH + 77;
	struct uq_hist *direct = malloc(3 * sizeof(*direct));
	struct uq_metrics m;

	ck_assert_ptr_nonnull(direct);
	for (int j = 0; j < 3; j++)
		uq_hist_init(&direct[j]);
	ck_assert_int_eq(uq_metrics_init(&m, NULL, names, 3, rows, 0, "t"), 0);
	run_loop(&m, direct, rows + 100);
	ck_assert(uq_metrics_done(&m));
	ck_assert_uint_eq(uq_metrics_count(&m), rows);
	ck_assert_int_eq(uq_metrics_finish(&m), 0);
	for (int j = 0; j < 3; j++) {
		ck_assert_uint_eq(m.hist[j].count, rows);
		ck_assert_uint_eq(m.hist[j].min, direct[j].min);
		ck_assert_uint_eq(m.hist[j].max, direct[j].max);
		ck_assert_mem_eq(m.hist[j].buckets, direct[j].buckets,
				 sizeof(direct[j].buckets));
		ck_assert(m.hist[j].sum == direct[j].sum);
		ck_assert(m.hist[j].sum_sq == direct[j].sum_sq);
	}
	/* the batch never grows: it is reused from row 0 after a flush */
	ck_assert_uint_lt(m.fill, UQ_BATCH);
	ck_assert(uq_metrics_rate(&m) > 0);
	uq_metrics_fini(&m);
	free(direct);
}
END_TEST

START_TEST(test_metrics_init_rejects_bad_counts)
{
	struct uq_metrics m;

	ck_assert_int_eq(uq_metrics_init(&m, NULL, names, 0, 1, 0, "t"),
			 -EINVAL);
	ck_assert_int_eq(uq_metrics_init(&m, NULL, names, UQ_METRICS_MAX + 1, 1,
					 0, "t"),
			 -EINVAL);
}
END_TEST

START_TEST(test_metrics_json_stats)
{
	struct uq_metrics m;
	json_t *s, *b, *e;
	json_int_t sum = 0;
	size_t i;

	ck_assert_int_eq(uq_metrics_init(&m, NULL, names, 3, 1000, 0, "t"), 0);
	run_loop(&m, NULL, 1000);
	uq_metrics_finish(&m);
	s = uq_metrics_json(&m, 2);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(json_integer_value(json_object_get(s, "count")), 1000);
	ck_assert(json_is_integer(json_object_get(s, "p999")));
	ck_assert(json_is_real(json_object_get(s, "stddev")));
	b = json_object_get(json_object_get(s, "histogram"), "buckets");
	ck_assert(json_array_size(b) > 10);
	json_array_foreach(b, i, e)
	{
		ck_assert_int_gt(json_integer_value(json_array_get(e, 1)), 0);
		if (i)
			ck_assert_int_gt(
				json_integer_value(json_array_get(e, 0)),
				json_integer_value(json_array_get(
					json_array_get(b, i - 1), 0)));
		sum += json_integer_value(json_array_get(e, 1));
	}
	ck_assert_int_eq(sum, 1000);
	ck_assert_ptr_null(uq_metrics_json(&m, 3));
	json_decref(s);
	uq_metrics_fini(&m);
}
END_TEST

START_TEST(test_stats_json_empty)
{
	struct uq_hist *h = malloc(sizeof(*h));
	json_t *s;

	ck_assert_ptr_nonnull(h);
	uq_hist_init(h);
	s = uq_stats_json(h);
	ck_assert_int_eq(json_integer_value(json_object_get(s, "count")), 0);
	ck_assert(json_is_null(json_object_get(s, "min")));
	ck_assert(json_is_null(json_object_get(s, "p99")));
	ck_assert(json_is_null(json_object_get(s, "mean")));
	ck_assert_int_eq(json_array_size(json_object_get(
				 json_object_get(s, "histogram"), "buckets")),
			 0);
	json_decref(s);
	free(h);
}
END_TEST

/* --- --samples ------------------------------------------------------- */

static char tmpdir[64];

static void make_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/uq-unit.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static int count_entries(const char *dir)
{
	char cmd[128];
	int n = -1;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "ls -A %s | wc -l", dir);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

START_TEST(test_samples_csv)
{
	struct uq_errors errs;
	struct uq_metrics m;
	char path[128], line[128];
	uint64_t row[3];
	FILE *f;

	make_tmpdir();
	snprintf(path, sizeof(path), "%s/samples.csv", tmpdir);
	uq_errors_init(&errs);
	ck_assert_int_eq(uq_samples_open(path, &errs), 0);
	/* two loops, like the unmap cases: the second one prefixed */
	ck_assert_int_eq(uq_metrics_init(&m, NULL, names, 3, 300, 0, "t"), 0);
	run_loop(&m, NULL, 300);
	uq_metrics_finish(&m);
	uq_metrics_fini(&m);
	ck_assert_int_eq(uq_metrics_init(&m, NULL, names, 1, 2, 0, "t"), 0);
	m.sample_prefix = "unmap[64K,x1]";
	run_loop(&m, NULL, 2);
	uq_metrics_finish(&m);
	uq_metrics_fini(&m);
	/* not there before the close: the file appears complete or not */
	ck_assert_int_ne(access(path, F_OK), 0);
	ck_assert_int_eq(uq_samples_close(), 0);
	ck_assert_uint_eq(errs.n, 0);
	ck_assert_int_eq(count_entries(tmpdir), 1);

	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	ck_assert_str_eq(line, "metric,iteration,ns\n");
	rng_state = 0x1234567;
	for (int r = 0; r < 300; r++) {
		fake_row(row);
		for (int j = 0; j < 3; j++) {
			char want[128];

			snprintf(want, sizeof(want), "%s,%d,%llu\n", names[j],
				 r, (unsigned long long)row[j]);
			ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
			ck_assert_str_eq(line, want);
		}
	}
	rng_state = 0x1234567;
	fake_row(row);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	snprintf(path, sizeof(path), "\"unmap[64K,x1].signal\",0,%llu\n",
		 (unsigned long long)row[0]);
	ck_assert_str_eq(line, path);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	ck_assert_ptr_null(fgets(line, sizeof(line), f));
	fclose(f);
	uq_errors_fini(&errs);
	snprintf(path, sizeof(path), "rm -rf %s", tmpdir);
	ck_assert_int_eq(system(path), 0);
}
END_TEST

START_TEST(test_samples_open_fails)
{
	struct uq_errors errs;

	uq_errors_init(&errs);
	ck_assert_int_eq(uq_samples_open("/nonexistent-dir/s.csv", &errs),
			 -ENOENT);
	ck_assert(uq_samples_failed());
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_str_eq(errs.v[0].where, "samples");
	ck_assert_ptr_nonnull(strstr(errs.v[0].message, "ENOENT"));
	ck_assert_int_eq(uq_samples_close(), -ENOENT);
	ck_assert_uint_eq(errs.n, 1);
	uq_errors_fini(&errs);
}
END_TEST

/* A full disk: /dev/full is written directly (it is not a regular file),
 * and the first full buffer fails with ENOSPC. */
START_TEST(test_samples_disk_full_stops_loop)
{
	struct uq_errors errs;
	struct uq_metrics m;

	uq_errors_init(&errs);
	ck_assert_int_eq(uq_samples_open("/dev/full", &errs), 0);
	ck_assert_int_eq(uq_metrics_init(&m, NULL, names, 3, 1000000, 0, "t"),
			 0);
	run_loop(&m, NULL, 1000000);
	ck_assert(m.failed);
	ck_assert_uint_lt(uq_metrics_count(&m), 1000000);
	ck_assert_int_eq(uq_metrics_finish(&m), -EIO);
	uq_metrics_fini(&m);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_ptr_nonnull(strstr(errs.v[0].message, "ENOSPC"));
	ck_assert_int_eq(uq_samples_close(), -ENOSPC);
	ck_assert_uint_eq(errs.n, 1);
	uq_errors_fini(&errs);
}
END_TEST

/* --- progress -------------------------------------------------------- */

START_TEST(test_progress_format)
{
	char buf[128];

	uq_progress_format(buf, sizeof(buf), "signal-wait", 450, 1000,
			   1000000000ull, UINT64_MAX);
	ck_assert_str_eq(buf,
			 "signal-wait   45.0%  450/1000  450/s  ETA 0:00:01");
	uq_progress_format(buf, sizeof(buf), "x", 2500000, 0, 2000000000ull,
			   8000000000ull);
	ck_assert_str_eq(buf, "x   20.0%  2500000  1.25M/s  ETA 0:00:08");
	uq_progress_format(buf, sizeof(buf), "x", 0, 10, 0, UINT64_MAX);
	ck_assert_str_eq(buf, "x    0.0%  0/10  0/s  ETA -");
	/* truncated, still terminated */
	ck_assert_uint_eq(uq_progress_format(buf, 8, "long-label", 1, 2, 1,
					     UINT64_MAX),
			  7);
	ck_assert_uint_eq(strlen(buf), 7);
}
END_TEST

START_TEST(test_meter_final_line)
{
	struct uq_metrics m;
	struct uq_meter *mt;
	char buf[512];
	int fds[2], err = 0;
	ssize_t n;

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(uq_metrics_init(&m, NULL, names, 3, 10, 0, "t"), 0);
	mt = uq_meter_start(&m, "selftest", fds[1], false, &err);
	ck_assert_ptr_nonnull(mt);
	run_loop(&m, NULL, 10);
	m.finished_ns = uq_now_ns();
	uq_meter_stop(mt);
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	/* the last line is the final state, one line per update */
	ck_assert_ptr_nonnull(strstr(buf, "selftest  100.0%  10/10  "));
	ck_assert_int_eq(buf[n - 1], '\n');
	close(fds[0]);
	uq_metrics_fini(&m);
}
END_TEST

START_TEST(test_meter_tty_erases_line)
{
	struct uq_metrics m;
	struct uq_meter *mt;
	char buf[512];
	int fds[2], err = 0;
	ssize_t n;

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(uq_metrics_init(&m, NULL, names, 3, 10, 0, "t"), 0);
	mt = uq_meter_start(&m, "selftest", fds[1], true, &err);
	ck_assert_ptr_nonnull(mt);
	uq_meter_stop(mt);
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	ck_assert_int_ge(n, 4);
	buf[n] = '\0';
	ck_assert_str_eq(buf + n - 4, "\r\033[K");
	close(fds[0]);
	uq_metrics_fini(&m);
}
END_TEST

/* --- stopping -------------------------------------------------------- */

static void stop_reset(void)
{
	struct itimerval off = { { 0, 0 }, { 0, 0 } };

	setitimer(ITIMER_REAL, &off, NULL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGALRM, SIG_DFL);
	uq_stop_flag = UQ_STOP_NONE;
}

START_TEST(test_stop_signal)
{
	ck_assert(!uq_stopped());
	ck_assert_int_eq(uq_stop_exit_code(), 0);
	ck_assert_int_eq(uq_stop_install(0), 0);
	raise(SIGTERM);
	ck_assert(uq_stopped());
	ck_assert_int_eq(uq_stop_exit_code(), 130);
	ck_assert_int_eq(uq_stop_signal(), SIGTERM);
	stop_reset();
}
END_TEST

START_TEST(test_stop_timeout)
{
	sigset_t none;

	sigemptyset(&none);
	ck_assert_int_eq(uq_stop_install(0.001), 0);
	/* wait for the timer's signal itself, not for some time */
	while (!uq_stopped())
		sigsuspend(&none);
	ck_assert_int_eq(uq_stop_exit_code(), 124);
	ck_assert_int_eq(uq_stop_signal(), SIGALRM);
	stop_reset();
}
END_TEST

Suite *suite_measure(void)
{
	Suite *s = suite_create("measure");
	TCase *tc = tcase_create("measure");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_metrics_batches_equal_direct);
	tcase_add_test(tc, test_metrics_init_rejects_bad_counts);
	tcase_add_test(tc, test_metrics_json_stats);
	tcase_add_test(tc, test_stats_json_empty);
	tcase_add_test(tc, test_samples_csv);
	tcase_add_test(tc, test_samples_open_fails);
	tcase_add_test(tc, test_samples_disk_full_stops_loop);
	tcase_add_test(tc, test_progress_format);
	tcase_add_test(tc, test_meter_final_line);
	tcase_add_test(tc, test_meter_tty_erases_line);
	tcase_add_test(tc, test_stop_signal);
	tcase_add_test(tc, test_stop_timeout);
	suite_add_tcase(s, tc);
	return s;
}
