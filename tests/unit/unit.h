/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the tool's pure parts and of the emulator's data
 * structures (Check; TAP output through CK_TAP_LOG_FILE_NAME). One suite
 * per file; test_main.c runs them all.
 */
#ifndef UQ_TESTS_UNIT_UNIT_H
#define UQ_TESTS_UNIT_UNIT_H

#include <check.h>

Suite *suite_parse(void);
Suite *suite_errors(void);
Suite *suite_profile(void);
Suite *suite_idr(void); /* tests/unit/test_idr.c: the emulator's idr */
Suite *suite_hist(void);
Suite *suite_measure(void);
Suite *suite_stattest(void);
Suite *suite_report_text(void);
Suite *suite_fence_acct(void);
Suite *suite_pm4(void);

#endif
