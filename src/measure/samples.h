/* SPDX-License-Identifier: MIT */
/*
 * The --samples=FILE writer behind measure.h: CSV rows appended from each
 * batch flush (never from the hot loop), through a buffer, into a file
 * written atomically (output.h).
 */
#ifndef UQ_SRC_SAMPLES_H
#define UQ_SRC_SAMPLES_H

#include <stdint.h>

#include "measure.h"

/* The open writer, or NULL without --samples. */
struct uq_samples *uq_samples_current(void);

/**
 * uq_samples_write - append @nrows rows of a batch as "metric,iteration,ns"
 * lines, metric by metric.
 * @prefix: metric prefix ("<prefix>.<name>"), or NULL.
 * @first: the iteration number of the first row.
 *
 * Returns 0, or -errno once the file failed (recorded, the temporary file
 * removed; later calls do nothing and return the same error).
 */
int uq_samples_write(struct uq_samples *s, const char *prefix,
		     const char *const *names, unsigned int n,
		     const uint64_t (*rows)[UQ_METRICS_MAX], unsigned int nrows,
		     uint64_t first);

#endif
