/* SPDX-License-Identifier: MIT */
/* The emulator profile table as the tool uses it (--emulate=PROFILE):
 * every SPEC §5 profile exists with the behaviour the table there gives,
 * and the tool picks the profile requested > $USERQ_EMU_PROFILE > 6.18. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "emu/profile.h"
#include "gpu/emulate.h"
#include "unit.h"

static const char *const spec_profiles[] = {
	"6.16", "6.18", "7.1", "7.1-explicit-sync", "no-userq",
};

#define N_SPEC (sizeof(spec_profiles) / sizeof(spec_profiles[0]))

START_TEST(every_spec_profile_exists)
{
	for (size_t i = 0; i < N_SPEC; i++) {
		const struct emu_profile *p =
			emu_profile_find(spec_profiles[i]);

		ck_assert_msg(p != NULL, "%s missing", spec_profiles[i]);
		ck_assert_str_eq(p->name, spec_profiles[i]);
		ck_assert_ptr_nonnull(p->summary);
	}
}
END_TEST

START_TEST(list_is_the_spec_table_in_order)
{
	const struct emu_profile *const *list = emu_profile_list();
	size_t n = 0;

	while (list[n]) {
		ck_assert_uint_lt(n, N_SPEC);
		ck_assert_str_eq(list[n]->name, spec_profiles[n]);
		n++;
	}
	ck_assert_uint_eq(n, N_SPEC);
}
END_TEST

START_TEST(unknown_names_are_refused)
{
	ck_assert_ptr_null(emu_profile_find("bogus"));
	ck_assert_ptr_null(emu_profile_find(""));
	ck_assert_ptr_null(emu_profile_find("6.18 "));
	ck_assert_ptr_null(emu_profile_find("7.1-EXPLICIT-SYNC"));
}
END_TEST

START_TEST(default_is_6_18)
{
	ck_assert_str_eq(EMU_PROFILE_DEFAULT, "6.18");
	ck_assert_ptr_nonnull(emu_profile_find(EMU_PROFILE_DEFAULT));
}
END_TEST

/* SPEC §5: only the patched profile reports KMS 3.65 and accepts
 * AMDGPU_VM_EXPLICIT_SYNC; only no-userq has no user queues. */
START_TEST(kms_minor_explicit_sync_and_userq_follow_the_spec)
{
	for (size_t i = 0; i < N_SPEC; i++) {
		const struct emu_profile *p =
			emu_profile_find(spec_profiles[i]);
		bool patched = !strcmp(p->name, "7.1-explicit-sync");

		ck_assert_uint_eq(p->kms_minor, patched ? 65 : 64);
		ck_assert_int_eq(p->vm_explicit_sync, patched);
		ck_assert_int_eq(p->userq, strcmp(p->name, "no-userq") != 0);
	}
}
END_TEST

START_TEST(leak_fixes_follow_the_spec)
{
	ck_assert(!emu_profile_find("6.16")->fix_signalled_fence_refs);
	ck_assert(!emu_profile_find("6.16")->fix_teardown_last_fence);
	ck_assert(!emu_profile_find("6.18")->fix_signalled_fence_refs);
	ck_assert(emu_profile_find("6.18")->fix_teardown_last_fence);
	ck_assert(emu_profile_find("7.1")->fix_signalled_fence_refs);
	ck_assert(emu_profile_find("7.1")->fix_teardown_last_fence);
}
END_TEST

START_TEST(tool_profile_choice_order)
{
	const char *bad = NULL;

	unsetenv("USERQ_EMU_PROFILE");
	ck_assert_str_eq(uq_emulate_profile(NULL, &bad), "6.18");
	ck_assert_str_eq(uq_emulate_profile("7.1", &bad), "7.1");
	setenv("USERQ_EMU_PROFILE", "6.16", 1);
	ck_assert_str_eq(uq_emulate_profile(NULL, &bad), "6.16");
	ck_assert_str_eq(uq_emulate_profile("no-userq", &bad), "no-userq");
	setenv("USERQ_EMU_PROFILE", "", 1);
	ck_assert_str_eq(uq_emulate_profile(NULL, &bad), "6.18");
	ck_assert_ptr_null(bad);
}
END_TEST

START_TEST(tool_refuses_unknown_profile)
{
	const char *bad = NULL;

	unsetenv("USERQ_EMU_PROFILE");
	ck_assert_ptr_null(uq_emulate_profile("bogus", &bad));
	ck_assert_str_eq(bad, "bogus");
	setenv("USERQ_EMU_PROFILE", "5.0", 1);
	ck_assert_ptr_null(uq_emulate_profile(NULL, &bad));
	ck_assert_str_eq(bad, "5.0");
}
END_TEST

START_TEST(names_for_messages)
{
	char buf[128], small[10];

	ck_assert_str_eq(uq_emulate_profile_names(buf, sizeof(buf)),
			 "6.16, 6.18, 7.1, 7.1-explicit-sync, no-userq");
	ck_assert_str_eq(uq_emulate_profile_names(small, sizeof(small)),
			 "6.16, 6.1");
}
END_TEST

Suite *suite_profile(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("profile");

	tcase_add_test(tc, every_spec_profile_exists);
	tcase_add_test(tc, list_is_the_spec_table_in_order);
	tcase_add_test(tc, unknown_names_are_refused);
	tcase_add_test(tc, default_is_6_18);
	tcase_add_test(tc, kms_minor_explicit_sync_and_userq_follow_the_spec);
	tcase_add_test(tc, leak_fixes_follow_the_spec);
	tcase_add_test(tc, tool_profile_choice_order);
	tcase_add_test(tc, tool_refuses_unknown_profile);
	tcase_add_test(tc, names_for_messages);
	suite_add_tcase(s, tc);
	return s;
}
