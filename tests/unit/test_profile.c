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
	"6.16", "6.18", "7.0", "7.1", "7.3", "explicit-sync", "no-userq",
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
	ck_assert_ptr_null(emu_profile_find("7.2"));
}
END_TEST

/* The explicit-sync profile was 7.1-based before issue 10; its old name
 * stays accepted and resolves to the one profile. */
START_TEST(old_explicit_sync_name_is_an_alias)
{
	const char *bad = NULL;

	ck_assert_ptr_eq(emu_profile_find("7.1-explicit-sync"),
			 emu_profile_find("explicit-sync"));
	ck_assert_str_eq(uq_emulate_profile("7.1-explicit-sync", &bad),
			 "explicit-sync");
	ck_assert(emu_profile_find("explicit-sync")->hypothetical);
	for (const struct emu_profile *const *l = emu_profile_list(); *l; l++)
		ck_assert_int_eq((*l)->hypothetical,
				 !strcmp((*l)->name, "explicit-sync"));
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
		bool patched = !strcmp(p->name, "explicit-sync");

		ck_assert_uint_eq(p->kms_minor, patched ? 65 : 64);
		ck_assert_int_eq(p->vm_explicit_sync, patched);
		ck_assert_int_eq(p->userq, strcmp(p->name, "no-userq") != 0);
	}
}
END_TEST

/* releases.md §3.1: which profile carries which leak fix. */
START_TEST(leak_fixes_follow_the_releases)
{
	static const struct {
		const char *name;
		bool dd88d42d, f8e051e3, f49abfa8;
	} want[] = {
		{ "6.16", false, false, false },
		{ "6.18", false, true, true },
		{ "7.0", false, true, false },
		{ "7.1", true, true, true },
		{ "7.3", true, true, true },
		{ "explicit-sync", true, true, true },
	};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct emu_profile *p = emu_profile_find(want[i].name);

		ck_assert_msg(p->fix_signalled_fence_refs == want[i].dd88d42d,
			      "%s dd88d42d", want[i].name);
		ck_assert_msg(p->fix_teardown_last_fence == want[i].f8e051e3,
			      "%s 8e051e38", want[i].name);
		ck_assert_msg(p->fix_wait_overflow_ref == want[i].f49abfa8,
			      "%s 49abfa81", want[i].name);
	}
}
END_TEST

/* releases.md §2.2, the rows that tell the kernel lines apart. */
START_TEST(release_rows_follow_the_releases)
{
	const struct emu_profile *p616 = emu_profile_find("6.16"),
				 *p618 = emu_profile_find("6.18"),
				 *p70 = emu_profile_find("7.0"),
				 *p71 = emu_profile_find("7.1"),
				 *p73 = emu_profile_find("7.3");

	ck_assert_int_eq(p616->userq_va_check, EMU_VA_CHECK_NONE);
	ck_assert_int_eq(p618->userq_va_check, EMU_VA_CHECK_PAGE_COUNT);
	ck_assert_int_eq(p73->userq_va_check, EMU_VA_CHECK_END_ADDR);
	ck_assert(!p616->userq_queue_size_check &&
		  p618->userq_queue_size_check && p70->userq_queue_size_check);
	ck_assert(!p70->userq_doorbell_busy && p71->userq_doorbell_busy);
	ck_assert(!p618->userq_ids_xarray && p70->userq_ids_xarray &&
		  !p70->userq_refcounted && p71->userq_refcounted);
	ck_assert(!p70->wait_overflow_blocks && p71->wait_overflow_blocks);
	ck_assert(!p70->wait_timeline_points_u64 &&
		  p71->wait_timeline_points_u64);
	ck_assert(!p70->uq_fw_areas_all_ips);
	ck_assert(!p618->gem_va_unmap_userq_wait &&
		  p70->gem_va_unmap_userq_wait);
	ck_assert(!p70->userq_va_mark_sticky && p71->userq_va_mark_sticky);
	ck_assert(!p70->va_delay_update_timeline_einval &&
		  p71->va_delay_update_timeline_einval);
	ck_assert(p71->slab_userq_fence && !p73->slab_userq_fence);
	ck_assert(!p71->userq_tracepoints && p73->userq_tracepoints);
	ck_assert(!p71->userq_per_queue_reset && p73->userq_per_queue_reset);
	ck_assert(!p618->wait_overflow_warn && p70->wait_overflow_warn);
	ck_assert(p618->userq_handle_limit_syncobjs &&
		  !p70->userq_handle_limits);
	ck_assert_int_eq(p616->debugfs_queue_sep, '\0');
	ck_assert_int_eq(p70->debugfs_queue_sep, '-');
	ck_assert_int_eq(p71->debugfs_queue_sep, '_');
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
			 "6.16, 6.18, 7.0, 7.1, 7.3, explicit-sync, no-userq");
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
	tcase_add_test(tc, old_explicit_sync_name_is_an_alias);
	tcase_add_test(tc, leak_fixes_follow_the_releases);
	tcase_add_test(tc, release_rows_follow_the_releases);
	tcase_add_test(tc, tool_profile_choice_order);
	tcase_add_test(tc, tool_refuses_unknown_profile);
	tcase_add_test(tc, names_for_messages);
	suite_add_tcase(s, tc);
	return s;
}
