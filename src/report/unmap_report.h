/* SPDX-License-Identifier: MIT */
/*
 * results.unmap of the result document (SPEC §4): one object per case,
 * the warnings, and the text summary of that part (also used by `run`).
 */
#ifndef UQ_SRC_UNMAP_REPORT_H
#define UQ_SRC_UNMAP_REPORT_H

#include <stdio.h>

#include <jansson.h>

#include "workload/unmap_case.h"

/* Case status (SPEC §4). */
enum uq_unmap_status {
	UQ_UNMAP_OK,
	UQ_UNMAP_UNSUPPORTED,
	UQ_UNMAP_FAILED,
};

/**
 * uq_unmap_case_json - {op, size, ranges, sync, busy, busy_ms, status,
 * ioctl_ns, complete_ns, map_ns, reason?}. STATS are null when @r is NULL
 * (the case did not run).
 * @reason: why unsupported or failed, or a note; NULL for none.
 * Returns the object, or NULL when out of memory.
 */
json_t *uq_unmap_case_json(const struct uq_unmap_case *c,
			   enum uq_unmap_status status, const char *reason,
			   const struct uq_unmap_result *r);

/**
 * uq_unmap_warn - append {kind, message} to the @warnings array.
 * Returns 0 or -ENOMEM.
 */
int uq_unmap_warn(json_t *warnings, const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * uq_unmap_print_results - the text summary of results.unmap of @doc: a
 * table of the cases (p50 and p99 of ioctl_ns and complete_ns) and the
 * warnings. Prints nothing if the document has no results.unmap.
 */
void uq_unmap_print_results(FILE *f, const json_t *doc);

/* "64K", "2M", "1536K": @size in the largest binary unit that divides it. */
const char *uq_unmap_size_str(uint64_t size, char *buf, size_t len);

#endif
