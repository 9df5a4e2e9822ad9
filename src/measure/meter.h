/* SPDX-License-Identifier: MIT */
/*
 * The progress line (SPEC §2): percent, rate and ETA of a measuring loop,
 * drawn by a helper thread that only reads the loop's atomic row counter,
 * so the hot loop does no I/O and tests no option.
 */
#ifndef UQ_SRC_METER_H
#define UQ_SRC_METER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "measure.h"

/* Redraws per second on a terminal; elsewhere one line per second. */
#define UQ_METER_HZ 10

/**
 * uq_meter_start - draw the progress of @m on @fd until uq_meter_stop().
 * @label: what the line calls the loop; stable storage.
 * @tty: @fd is a terminal: redraw one line in place (\r) and erase it at
 *       the end; otherwise print a line per second and a final line, so a
 *       log shows the progress and where the loop ended.
 *
 * Returns the meter, or NULL (-errno in *err) when the thread cannot start.
 */
struct uq_meter *uq_meter_start(const struct uq_metrics *m, const char *label,
				int fd, bool tty, int *err);

/* Stop the thread, then erase the line (terminal) or print the final state
 * (otherwise). Accepts NULL. */
void uq_meter_stop(struct uq_meter *meter);

/**
 * uq_progress_format - one progress line, without \r or \n:
 * "signal-wait  45.0%  45000/100000  12.3k/s  ETA 0:00:04".
 * @target: rows to do, 0 when only a duration bounds the loop.
 * @elapsed_ns: since the loop started.
 * @left_ns: time to the --duration deadline, UINT64_MAX when none.
 *
 * Returns the length written (truncated to @len - 1).
 */
size_t uq_progress_format(char *buf, size_t len, const char *label,
			  uint64_t done, uint64_t target, uint64_t elapsed_ns,
			  uint64_t left_ns);

#endif
