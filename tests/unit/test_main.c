/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "unit.h"

int main(void)
{
	SRunner *sr = srunner_create(suite_parse());
	int failed;

	srunner_add_suite(sr, suite_errors());
	srunner_add_suite(sr, suite_profile());
	srunner_add_suite(sr, suite_idr());
	srunner_add_suite(sr, suite_list());
	srunner_add_suite(sr, suite_seq_file());
	srunner_add_suite(sr, suite_emu_warn());
	srunner_add_suite(sr, suite_hist());
	srunner_add_suite(sr, suite_measure());
	srunner_add_suite(sr, suite_stattest());
	srunner_add_suite(sr, suite_report_text());
	srunner_add_suite(sr, suite_fence_acct());
	srunner_add_suite(sr, suite_pm4());
	srunner_add_suite(sr, suite_userq_recipe());
	srunner_add_suite(sr, suite_leaks_known());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
