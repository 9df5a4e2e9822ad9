/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the tool's pure parts and of the emulator's data
 * structures (Check; TAP output through CK_TAP_LOG_FILE_NAME). One suite
 * per file; test_main.c runs them all.
 */
#ifndef UQ_TESTS_UNIT_UNIT_H
#define UQ_TESTS_UNIT_UNIT_H

#include <check.h>
#include <stdint.h>

/* xorshift64*: deterministic random numbers, so that a failure reproduces. */
static inline uint64_t unit_rng(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 0x2545f4914f6cdd1dull;
}

/* Uniform in (0, 1). */
static inline double unit_rng_unit(uint64_t *state)
{
	return ((double)(unit_rng(state) >> 11) + 0.5) / 9007199254740992.0;
}

Suite *suite_parse(void);
Suite *suite_errors(void);
Suite *suite_profile(void);
Suite *suite_idr(void); /* tests/unit/test_idr.c: the emulator's idr */
Suite *suite_list(void); /* tests/unit/test_list.c: the emulator's list */
/* tests/unit/test_seq_file.c: the emulator's fake-file buffer */
Suite *suite_seq_file(void);
/* tests/unit/test_emu_warn.c: EMU_WARN_ON and the device lock assertion */
Suite *suite_emu_warn(void);
Suite *suite_hist(void);
Suite *suite_measure(void);
Suite *suite_stattest(void);
Suite *suite_report_text(void);
/* tests/unit/test_leaks_known.c: the table of known leak fixes */
Suite *suite_leaks_known(void);
Suite *suite_fence_acct(void);
Suite *suite_pm4(void);
/* tests/unit/test_userq_recipe.c: doorbell slots, BO/VA alignment */
Suite *suite_userq_recipe(void);

#endif
