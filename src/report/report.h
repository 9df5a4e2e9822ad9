/* SPDX-License-Identifier: MIT */
/*
 * The JSON result document (SPEC §4, schema/userq-bench.schema.json):
 * its skeleton, and the "host" and "device" objects. Commands add their
 * part under "results"; main finishes "run" and "errors".
 */
#ifndef UQ_SRC_REPORT_H
#define UQ_SRC_REPORT_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <jansson.h>

#include "gpu/device.h"
#include "errors.h"
#include "host.h"

#define UQ_SCHEMA_VERSION 1

/**
 * uq_report_new - the document skeleton: schema_version, tool, run (with
 * exit_code 0 and duration_s 0 until uq_report_finish()), host null,
 * device null, results {}, errors [].
 * @command: the command name.
 * @argc, @argv: the command line as given.
 * @started: CLOCK_REALTIME at start (started_at, ISO-8601 UTC).
 *
 * Returns the document, or NULL when out of memory.
 */
json_t *uq_report_new(const char *command, int argc, char *const *argv,
		      const struct timespec *started);

/* The "host" object. NULL when out of memory. */
json_t *uq_report_host(const struct uq_host *host);

/* The "device" object of an opened device. NULL when out of memory. */
json_t *uq_report_device(const struct uq_device *dev);

/**
 * uq_report_set - replace the member @key of the object @parent_key of @doc
 * (or of @doc itself when @parent_key is NULL) with @value, stealing the
 * reference. Returns 0 or -ENOMEM (also when @value is NULL).
 */
int uq_report_set(json_t *doc, const char *parent_key, const char *key,
		  json_t *value);

/**
 * uq_report_finish - fill run.exit_code, run.duration_s and errors.
 * Returns 0 or -ENOMEM.
 */
int uq_report_finish(json_t *doc, int exit_code, double duration_s,
		     const struct uq_errors *errs);

/* --- text summaries (report_text.c) --- */

/* A unit for nanosecond values: its name and how many ns make one. */
struct uq_unit {
	const char *name; /* "ns", "µs", "ms", "s" */
	double ns;
};

/* The unit @ns reads best in: ns below 1 µs, µs below 1 ms, ms below
 * 1 s, else s. */
const struct uq_unit *uq_text_unit(double ns);

/* " LABEL N", or " LABEL -" when @v is not an integer: the text lines of
 * the fence sources and of the leak evidence. */
void uq_text_labelled_int(FILE *f, const char *label, const json_t *v);

/* The spread between the runs of --repeat (results.repeat_spread) as a
 * text table; nothing without repeats. */
void uq_print_repeat_spread(FILE *f, const json_t *doc);

/**
 * uq_text_number - @ns in @unit with three significant digits or more
 * ("1.23", "12.3", "123", "1234"); whole numbers for ns. Returns @buf.
 */
char *uq_text_number(char *buf, size_t len, double ns,
		     const struct uq_unit *unit);

/* @ns with its own unit: "1.23 µs", "850 ns". Returns @buf. */
char *uq_text_duration(char *buf, size_t len, double ns);

/**
 * uq_text_stats_table - an aligned table of latency statistics, one row
 * per member of @stats_map ({"signal": STATS, "pair": STATS, ...}; a null
 * or empty STATS shows as "-"), with the columns count, p50, p90, p99,
 * p99.9, max and the row's unit (chosen by its p50), indented by two:
 *
 *	  metric         count      p50      p90      p99    p99.9      max
 *	  signal        100000     1.23     1.45     2.10     8.90    120.3  µs
 */
void uq_text_stats_table(FILE *f, const json_t *stats_map);

/* The "errors" of a result document as an indented list after an
 * "errors" heading; nothing when there are none. */
void uq_text_errors(FILE *f, const json_t *doc);

#endif
