/* SPDX-License-Identifier: MIT */
/*
 * The pure parts of fence-driver accounting (src/fence_parse.c,
 * src/fence_acct.c): the kernel file formats the sources read, the seq64
 * slot formula, --fence-source parsing and the verdict (SPEC §6).
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "fence/acct.h"
#include "fence/parse.h"
#include "unit.h"

/* --- kprobe_profile / kprobe_events ---------------------------------- */

START_TEST(kprobe_profile_line_gives_hits_of_the_event)
{
	uint64_t hits = 7;

	/* seq_printf("  %-44s %15lu %15lu\n", name, nhit, nmissed) */
	ck_assert_int_eq(
		uq_parse_kprobe_profile_line(
			"  uqb_123_alloc                                         "
			"      42               0",
			"uqb_123_alloc", &hits),
		0);
	ck_assert_uint_eq(hits, 42);
	/* older kernels print GROUP/EVENT */
	ck_assert_int_eq(
		uq_parse_kprobe_profile_line("  kprobes/uqb_123_destroy 5 1\n",
					     "uqb_123_destroy", &hits),
		0);
	ck_assert_uint_eq(hits, 5);
}
END_TEST

START_TEST(kprobe_profile_other_event_or_garbage_leaves_hits)
{
	uint64_t hits = 7;

	ck_assert_int_eq(uq_parse_kprobe_profile_line("  uqb_12_alloc 4 0",
						      "uqb_123_alloc", &hits),
			 -ENOENT);
	ck_assert_int_eq(uq_parse_kprobe_profile_line("  uqb_123_alloc x 0",
						      "uqb_123_alloc", &hits),
			 -EINVAL);
	ck_assert_int_eq(uq_parse_kprobe_profile_line("  uqb_123_alloc 4",
						      "uqb_123_alloc", &hits),
			 -EINVAL);
	ck_assert_int_eq(uq_parse_kprobe_profile_line("", "uqb_123_alloc",
						      &hits),
			 -EINVAL);
	ck_assert_uint_eq(hits, 7);
}
END_TEST

START_TEST(kprobe_events_line_gives_group_and_event)
{
	char group[32], event[32];

	ck_assert_int_eq(
		uq_parse_kprobe_event_line(
			"p:kprobes/uqb_99_alloc amdgpu_userq_fence_driver_alloc",
			group, event, sizeof(event)),
		0);
	ck_assert_str_eq(group, "kprobes");
	ck_assert_str_eq(event, "uqb_99_alloc");
	ck_assert_int_eq(
		uq_parse_kprobe_event_line("r10:myg/ret_ev do_sys_open", group,
					   event, sizeof(event)),
		0);
	ck_assert_str_eq(group, "myg");
	ck_assert_str_eq(event, "ret_ev");
	ck_assert_int_eq(uq_parse_kprobe_event_line("x:kprobes/a b", group,
						    event, sizeof(event)),
			 -EINVAL);
	ck_assert_int_eq(uq_parse_kprobe_event_line("p:noslash sym", group,
						    event, sizeof(event)),
			 -EINVAL);
}
END_TEST

/* Found by tests/fuzz/fuzz_fence: names the kernel never prints (its
 * is_good_name()) are no probe line, so remove_stale never writes them
 * back. */
START_TEST(kprobe_events_names_as_the_kernel_allows)
{
	static const char *const bad[] = {
		"p:a:b/ev sym",	    "p:grp/a/b sym", "p:grp/ sym",
		"p:/ev sym",	    "p:1grp/ev sym", "p:grp/ev-1 sym",
		"p:gr\xd9p/ev sym",
	};
	char group[32] = "untouched", event[32] = "untouched";

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_int_eq(uq_parse_kprobe_event_line(
					 bad[i], group, event, sizeof(event)),
				 -EINVAL);
	ck_assert_str_eq(group, "untouched");
	ck_assert_int_eq(uq_parse_kprobe_event_line("p:_g.1/e.v_2 sym", group,
						    event, sizeof(event)),
			 0);
	ck_assert_str_eq(group, "_g.1");
	ck_assert_str_eq(event, "e.v_2");
}
END_TEST

START_TEST(kallsyms_line_gives_the_name)
{
	char name[40] = "untouched";

	ck_assert_int_eq(
		uq_parse_kallsyms_line(
			"ffffffffc0a12340 t amdgpu_userq_fence_driver_alloc\t[amdgpu]\n",
			name, sizeof(name)),
		0);
	ck_assert_str_eq(name, "amdgpu_userq_fence_driver_alloc");
	ck_assert_int_eq(uq_parse_kallsyms_line("ffffffff81000000 T _stext",
						name, sizeof(name)),
			 0);
	ck_assert_str_eq(name, "_stext");
	ck_assert_int_eq(uq_parse_kallsyms_line("ffffffff81000000 T", name,
						sizeof(name)),
			 -EINVAL);
	ck_assert_int_eq(uq_parse_kallsyms_line("ffffffff81000000 T \n", name,
						sizeof(name)),
			 -EINVAL);
	/* longer than the buffer: none of the names looked for */
	ck_assert_int_eq(uq_parse_kallsyms_line("0 t a_name_of_more_than_"
						"forty_bytes_in_all_xxxxxxx",
						name, sizeof(name)),
			 -EINVAL);
	ck_assert_str_eq(name, "_stext");
}
END_TEST

START_TEST(kprobe_owner_is_the_pid_in_the_name)
{
	pid_t pid = 0;

	ck_assert_int_eq(uq_parse_kprobe_owner("uqb_4242_alloc", &pid), 0);
	ck_assert_int_eq(pid, 4242);
	pid = 1;
	ck_assert_int_eq(uq_parse_kprobe_owner("uqb_x_alloc", &pid), -EINVAL);
	ck_assert_int_eq(uq_parse_kprobe_owner("uqb_42", &pid), -EINVAL);
	ck_assert_int_eq(uq_parse_kprobe_owner("uqb_42_", &pid), -EINVAL);
	ck_assert_int_eq(uq_parse_kprobe_owner("other_42_alloc", &pid),
			 -EINVAL);
	ck_assert_int_eq(uq_parse_kprobe_owner("uqb_0_alloc", &pid), -EINVAL);
	ck_assert_int_eq(pid, 1);
}
END_TEST

/* --- slab ------------------------------------------------------------ */

START_TEST(slabinfo_line_gives_active_objects)
{
	uint64_t active = 1;

	ck_assert_int_eq(
		uq_parse_slabinfo_line(
			"amdgpu_userq_fence     17     64    128   32    1 : tunables    0    0    0 : slabdata      2      2      0",
			"amdgpu_userq_fence", &active),
		0);
	ck_assert_uint_eq(active, 17);
}
END_TEST

START_TEST(slabinfo_other_lines_are_enoent)
{
	uint64_t active = 1;

	ck_assert_int_eq(uq_parse_slabinfo_line("slabinfo - version: 2.1",
						"amdgpu_userq_fence", &active),
			 -ENOENT);
	ck_assert_int_eq(uq_parse_slabinfo_line("amdgpu_userq_fence_x 3 4 5",
						"amdgpu_userq_fence", &active),
			 -ENOENT);
	ck_assert_int_eq(uq_parse_slabinfo_line("amdgpu_userq_fence x",
						"amdgpu_userq_fence", &active),
			 -EINVAL);
	ck_assert_uint_eq(active, 1);
}
END_TEST

START_TEST(slab_objects_first_number)
{
	uint64_t n = 1;

	ck_assert_int_eq(uq_parse_slab_objects("12 N0=12\n", &n), 0);
	ck_assert_uint_eq(n, 12);
	ck_assert_int_eq(uq_parse_slab_objects("3\n", &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(uq_parse_slab_objects("N0=12", &n), -EINVAL);
	ck_assert_uint_eq(n, 3);
}
END_TEST

/* --- fdinfo ---------------------------------------------------------- */

START_TEST(fdinfo_client_id)
{
	uint64_t id = 0;

	ck_assert_int_eq(uq_parse_fdinfo_client_id(
				 "pos:\t0\nflags:\t02100002\nmnt_id:\t26\n"
				 "drm-driver:\tamdgpu\ndrm-client-id:\t17\n"
				 "drm-pdev:\t0000:03:00.0\n",
				 &id),
			 0);
	ck_assert_uint_eq(id, 17);
	ck_assert_int_eq(uq_parse_fdinfo_client_id("pos:\t0\n", &id), -ENOENT);
	ck_assert_int_eq(uq_parse_fdinfo_client_id("drm-client-id:\tx\n", &id),
			 -EINVAL);
	ck_assert_uint_eq(id, 17);
}
END_TEST

/* --- file:PATH ------------------------------------------------------- */

START_TEST(counter_file_number_or_keys)
{
	char why[128];
	int64_t v = 0;

	ck_assert_int_eq(uq_parse_counter_file("5\n", &v, why, sizeof(why)), 0);
	ck_assert_int_eq(v, 5);
	ck_assert_int_eq(uq_parse_counter_file("  -2 ", &v, why, sizeof(why)),
			 0);
	ck_assert_int_eq(v, -2);
	ck_assert_int_eq(
		uq_parse_counter_file("live: 9\n", &v, why, sizeof(why)), 0);
	ck_assert_int_eq(v, 9);
	ck_assert_int_eq(uq_parse_counter_file("fences: 40\nfence_drivers: 3\n"
					       "fence_drv_live: 4\n",
					       &v, why, sizeof(why)),
			 0);
	ck_assert_int_eq(v, 4);
	ck_assert_int_eq(uq_parse_counter_file("fences: 40\nfence_drivers: 3\n",
					       &v, why, sizeof(why)),
			 0);
	ck_assert_int_eq(v, 3);
}
END_TEST

START_TEST(counter_file_refuses_ambiguous_or_garbage)
{
	char why[128] = "";
	int64_t v = 77;

	ck_assert_int_eq(uq_parse_counter_file("a: 1\nb: 2\n", &v, why,
					       sizeof(why)),
			 -ENOENT);
	ck_assert_ptr_nonnull(strstr(why, "fence_drv_live"));
	ck_assert_int_eq(uq_parse_counter_file("a: 1\nnonsense\n", &v, why,
					       sizeof(why)),
			 -EINVAL);
	ck_assert_int_eq(uq_parse_counter_file("a: x\n", &v, why, sizeof(why)),
			 -EINVAL);
	ck_assert_int_eq(uq_parse_counter_file("", &v, why, sizeof(why)),
			 -EINVAL);
	ck_assert_int_eq(v, 77);
}
END_TEST

/* --- seq64, debugfs names -------------------------------------------- */

START_TEST(seq64_slot_from_fence_va)
{
	/* 48-bit VM: the seq64 area is at 0xffffffffffc00000 (emulator
	 * notes rule 91), slot k at +8k. */
	ck_assert_uint_eq(uq_seq64_slot(0xffffffffffc00000ull), 0);
	ck_assert_uint_eq(uq_seq64_slot(0xffffffffffc00008ull), 1);
	ck_assert_uint_eq(uq_seq64_slot(0xffffffffffc00000ull + 8 * 1234),
			  1234);
	ck_assert_uint_eq(uq_seq64_slot(0xffffffffffdffff8ull), 262143);
	/* any 2 MiB-aligned base */
	ck_assert_uint_eq(uq_seq64_slot(0x0000800000200010ull), 2);
}
END_TEST

START_TEST(queue_dirs_both_separators)
{
	ck_assert(uq_is_queue_dir("queue-1"));
	ck_assert(uq_is_queue_dir("queue_12"));
	ck_assert(!uq_is_queue_dir("queue"));
	ck_assert(!uq_is_queue_dir("queue-"));
	ck_assert(!uq_is_queue_dir("queue-1a"));
	ck_assert(!uq_is_queue_dir("proc_info"));
	ck_assert(!uq_is_queue_dir("vm_pagetable_info"));
}
END_TEST

/* --- --fence-source -------------------------------------------------- */

START_TEST(fence_sel_values)
{
	struct uq_fence_sel sel;

	memset(&sel, 0, sizeof(sel));
	ck_assert_int_eq(uq_fence_sel_add(&sel, "seq64"), 0);
	ck_assert_int_eq(uq_fence_sel_add(&sel, "kprobe"), 0);
	ck_assert_int_eq(uq_fence_sel_add(&sel, "file:/x/y"), 0);
	ck_assert(sel.method[UQ_FENCE_SEQ64] && sel.method[UQ_FENCE_KPROBE]);
	ck_assert(!sel.method[UQ_FENCE_SLAB] && !sel.all);
	ck_assert_int_eq(uq_fence_sel_add(&sel, "tracepoint"), 0);
	ck_assert(sel.method[UQ_FENCE_TRACEPOINT]);
	ck_assert_uint_eq(sel.nfiles, 1);
	ck_assert_str_eq(sel.file[0], "/x/y");
	ck_assert_int_eq(uq_fence_sel_add(&sel, "auto"), 0);
	ck_assert(sel.all);
	ck_assert_int_eq(uq_fence_sel_add(&sel, "none"), -EEXIST);
	ck_assert_int_eq(uq_fence_sel_add(&sel, "bogus"), -EINVAL);
	ck_assert_int_eq(uq_fence_sel_add(&sel, "file:"), -EINVAL);
	for (int i = 1; i < UQ_FENCE_MAX_FILES; i++)
		ck_assert_int_eq(uq_fence_sel_add(&sel, "file:/f"), 0);
	ck_assert_int_eq(uq_fence_sel_add(&sel, "file:/f"), -E2BIG);

	memset(&sel, 0, sizeof(sel));
	ck_assert_int_eq(uq_fence_sel_add(&sel, "none"), 0);
	ck_assert_int_eq(uq_fence_sel_add(&sel, "none"), 0);
	ck_assert_int_eq(uq_fence_sel_add(&sel, "seq64"), -EEXIST);
}
END_TEST

/* The 7.3 userq events in tracefs `trace`, with the printk formats of
 * releases.md §5.4 (f41e74f2111c, f8c38071b96e). */
START_TEST(tp_lines_give_the_fields)
{
	struct uq_tp_record r;

	ck_assert_int_eq(
		uq_parse_tp_line(
			"     userq-bench-4242    [003] .....  1234.567890: "
			"amdgpu_userq_wait_deps: dev=0000:03:00.0, client_id=7, "
			"type=0, doorbell=2048, context=41 depends on "
			"fence=40:12\n",
			&r),
		0);
	ck_assert_int_eq(r.event, UQ_TP_WAIT_DEPS);
	ck_assert_uint_eq(r.client_id, 7);
	ck_assert_uint_eq(r.doorbell, 2048);
	ck_assert_uint_eq(r.context, 41);
	ck_assert_uint_eq(r.fence_context, 40);
	ck_assert_uint_eq(r.fence_seqno, 12);

	ck_assert_int_eq(
		uq_parse_tp_line(
			"  a-b: c-1 [000] ..... 1.000001: amdgpu_userq_emit_fence: "
			"dev=0000:03:00.0, client_id=3, type=2, doorbell=2050, "
			"fence=9:18446744073709551615",
			&r),
		0);
	ck_assert_int_eq(r.event, UQ_TP_EMIT_FENCE);
	ck_assert_uint_eq(r.context, 9);
	ck_assert_uint_eq(r.fence_seqno, UINT64_MAX);

	ck_assert_int_eq(
		uq_parse_tp_line(
			"x-1 [000] ..... 1.0: amdgpu_userq_create_end: "
			"queue=000000001234abcd, doorbell=2048, type=1, "
			"state=0, xcp_id=4294967295, result=-22",
			&r),
		0);
	ck_assert_int_eq(r.event, UQ_TP_CREATE_END);
	ck_assert_int_eq(r.result, -22);
	ck_assert_int_eq(
		uq_parse_tp_line(
			"x-1 [000] ..... 1.0: amdgpu_userq_destroy_end: "
			"queue=(____ptrval____), doorbell=5, type=1, state=0, "
			"xcp_id=0, result=0",
			&r),
		0);
	ck_assert_int_eq(r.event, UQ_TP_DESTROY_END);
	ck_assert_uint_eq(r.doorbell, 5);
}
END_TEST

START_TEST(tp_other_lines_and_garbage)
{
	struct uq_tp_record r = { .doorbell = 99 };
	uint64_t in = 1, wr = 1;

	ck_assert_int_eq(uq_parse_tp_line("# tracer: nop", &r), -ENOENT);
	ck_assert_int_eq(
		uq_parse_tp_line("x-1 [000] ..... 1.0: "
				 "amdgpu_userq_create_start: queue=1, "
				 "doorbell=1, type=1, state=0, xcp_id=0",
				 &r),
		-ENOENT);
	ck_assert_int_eq(uq_parse_tp_line("x-1 [000] ..... 1.0: sched_switch: "
					  "prev=a",
					  &r),
			 -ENOENT);
	ck_assert_int_eq(uq_parse_tp_line("x-1 [000] ..... 1.0: "
					  "amdgpu_userq_wait_deps: dev=x, "
					  "client_id=1",
					  &r),
			 -EINVAL);
	ck_assert_int_eq(uq_parse_tp_line("x-1 [000] ..... 1.0: "
					  "amdgpu_userq_emit_fence: dev=x, "
					  "client_id=1, type=1, doorbell=1, "
					  "fence=1:2 trailing",
					  &r),
			 -EINVAL);
	ck_assert_uint_eq(r.doorbell, 99);

	ck_assert_int_eq(uq_parse_trace_entries("# entries-in-buffer/"
						"entries-written: 16/20   #P:8",
						&in, &wr),
			 0);
	ck_assert_uint_eq(in, 16);
	ck_assert_uint_eq(wr, 20);
	ck_assert_int_eq(uq_parse_trace_entries("# tracer: nop", &in, &wr),
			 -ENOENT);
	ck_assert_uint_eq(in, 16);
}
END_TEST

/* --- verdict --------------------------------------------------------- */

#define FD(ok, n)           \
	{                   \
		ok, true, n \
	} /* counts fence drivers */
#define OTHER(ok, n)         \
	{                    \
		ok, false, n \
	} /* slab, debugfs */

START_TEST(verdict_leak_takes_largest_fence_driver_count)
{
	const struct uq_fence_view v[] = { FD(true, 1), FD(true, 3),
					   OTHER(true, 0), FD(false, 9) };
	int64_t leaked = 0;

	ck_assert_int_eq(uq_fence_verdict(v, 4, &leaked), UQ_VERDICT_LEAK);
	ck_assert_int_eq(leaked, 3);
}
END_TEST

START_TEST(verdict_no_leak_needs_a_fence_driver_counter)
{
	const struct uq_fence_view counted[] = { FD(true, 0), OTHER(true, 0) };
	const struct uq_fence_view blind[] = { OTHER(true, 0), FD(false, 0) };
	int64_t leaked = 5;

	ck_assert_int_eq(uq_fence_verdict(counted, 2, &leaked),
			 UQ_VERDICT_NO_LEAK);
	ck_assert_int_eq(leaked, 0);
	ck_assert_int_eq(uq_fence_verdict(blind, 2, &leaked),
			 UQ_VERDICT_UNKNOWN);
	ck_assert_int_eq(leaked, -1);
	ck_assert_int_eq(uq_fence_verdict(NULL, 0, &leaked),
			 UQ_VERDICT_UNKNOWN);
	ck_assert_int_eq(leaked, -1);
}
END_TEST

START_TEST(verdict_leak_seen_only_by_slab_has_no_count)
{
	const struct uq_fence_view v[] = { OTHER(true, 2), FD(true, 0) };
	int64_t leaked = 5;

	ck_assert_int_eq(uq_fence_verdict(v, 2, &leaked), UQ_VERDICT_LEAK);
	ck_assert_int_eq(leaked, -1);
}
END_TEST

START_TEST(verdict_names)
{
	ck_assert_str_eq(uq_verdict_name(UQ_VERDICT_LEAK), "leak");
	ck_assert_str_eq(uq_verdict_name(UQ_VERDICT_NO_LEAK), "no-leak");
	ck_assert_str_eq(uq_verdict_name(UQ_VERDICT_UNKNOWN), "unknown");
}
END_TEST

Suite *suite_fence_acct(void)
{
	Suite *s = suite_create("fence_acct");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, kprobe_profile_line_gives_hits_of_the_event);
	tcase_add_test(tc, kprobe_profile_other_event_or_garbage_leaves_hits);
	tcase_add_test(tc, kprobe_events_line_gives_group_and_event);
	tcase_add_test(tc, kprobe_events_names_as_the_kernel_allows);
	tcase_add_test(tc, kallsyms_line_gives_the_name);
	tcase_add_test(tc, kprobe_owner_is_the_pid_in_the_name);
	tcase_add_test(tc, slabinfo_line_gives_active_objects);
	tcase_add_test(tc, slabinfo_other_lines_are_enoent);
	tcase_add_test(tc, slab_objects_first_number);
	tcase_add_test(tc, fdinfo_client_id);
	tcase_add_test(tc, counter_file_number_or_keys);
	tcase_add_test(tc, counter_file_refuses_ambiguous_or_garbage);
	tcase_add_test(tc, seq64_slot_from_fence_va);
	tcase_add_test(tc, queue_dirs_both_separators);
	tcase_add_test(tc, fence_sel_values);
	tcase_add_test(tc, tp_lines_give_the_fields);
	tcase_add_test(tc, tp_other_lines_and_garbage);
	suite_add_tcase(s, tc);

	tc = tcase_create("verdict");
	tcase_add_test(tc, verdict_leak_takes_largest_fence_driver_count);
	tcase_add_test(tc, verdict_no_leak_needs_a_fence_driver_counter);
	tcase_add_test(tc, verdict_leak_seen_only_by_slab_has_no_count);
	tcase_add_test(tc, verdict_names);
	suite_add_tcase(s, tc);
	return s;
}
