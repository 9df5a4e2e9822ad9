/* SPDX-License-Identifier: MIT */
/*
 * The result-document loader of `compare` (uq_compare_loadb(), the same
 * checks as for a file): whatever JSON it accepts must then compare
 * without crashing, and a document compared with itself has no
 * regression and no improvement.
 */
#include <string.h>

#include "report/compare.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct uq_compare_opts opts = { .threshold_pct = 5,
					      .alpha = 0.01 };
	json_t *doc, *res, *summary;
	char why[256];

	why[0] = '\0';
	doc = uq_compare_loadb((const char *)data, size, why, sizeof(why));
	if (!doc) {
		/* a rejected document always says why */
		FUZZ_ASSERT(why[0] && strnlen(why, sizeof(why)) < sizeof(why));
		return 0;
	}
	res = uq_compare(doc, doc, &opts);
	FUZZ_ASSERT(res);
	summary = json_object_get(res, "summary");
	FUZZ_ASSERT(json_integer_value(
			    json_object_get(summary, "regression")) == 0);
	FUZZ_ASSERT(json_integer_value(
			    json_object_get(summary, "improvement")) == 0);
	json_decref(res);
	json_decref(doc);
	return 0;
}
