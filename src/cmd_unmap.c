/* SPDX-License-Identifier: MIT */
/* `userq-bench unmap`: placeholder until the command is written. */
#include "cli.h"

const struct uq_command uq_cmd_unmap = {
	.name = "unmap",
	.summary = "PRT unmap latency, implicit/explicit sync",
	.args_doc = NULL,
	.doc = "Measure GEM_VA unmaps of PRT ranges (not implemented in this version yet).",
};
