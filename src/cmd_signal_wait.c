/* SPDX-License-Identifier: MIT */
/* `userq-bench signal-wait`: placeholder until the command is written. */
#include "cli.h"

const struct uq_command uq_cmd_signal_wait = {
	.name = "signal-wait",
	.summary = "fence-leak exerciser, SIGNAL/WAIT latency",
	.args_doc = NULL,
	.doc = "Exercise USERQ_SIGNAL/USERQ_WAIT and count fence drivers (not implemented in this version yet).",
};
