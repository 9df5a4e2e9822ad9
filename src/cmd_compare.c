/* SPDX-License-Identifier: MIT */
/* `userq-bench compare`: placeholder until the command is written. */
#include "cli.h"

const struct uq_command uq_cmd_compare = {
	.name = "compare",
	.summary = "compare two result documents",
	.args_doc = "BASE.json NEW.json",
	.doc = "Compare the latency statistics of two result documents (not implemented in this version yet).",
};
