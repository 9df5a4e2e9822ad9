/* SPDX-License-Identifier: MIT */
/* `userq-bench run`: placeholder until the command is written. */
#include "cli.h"

const struct uq_command uq_cmd_run = {
	.name = "run",
	.summary = "info + signal-wait + unmap (the default)",
	.args_doc = NULL,
	.doc = "Run info, signal-wait and unmap with their defaults (not implemented in this version yet).",
};
