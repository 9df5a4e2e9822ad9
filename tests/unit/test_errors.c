/* SPDX-License-Identifier: MIT */
/* Error records and errno names (src/errors.c): the JSON "errors" array
 * and the one stderr line every failure prints. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/errors.h"
#include "unit.h"

START_TEST(errno_names_are_symbolic)
{
	ck_assert_str_eq(uq_errno_name(ENOENT), "ENOENT");
	ck_assert_str_eq(uq_errno_name(EINVAL), "EINVAL");
	ck_assert_str_eq(uq_errno_name(EOPNOTSUPP), "EOPNOTSUPP");
	ck_assert_str_eq(uq_errno_name(ETIME), "ETIME");
}
END_TEST

START_TEST(enotsupp_524_has_a_name_glibc_lacks)
{
	ck_assert_int_eq(UQ_ENOTSUPP, 524);
	ck_assert_str_eq(uq_errno_name(UQ_ENOTSUPP), "ENOTSUPP");
	ck_assert_str_eq(uq_errno_desc(UQ_ENOTSUPP),
			 "Operation is not supported");
	/* Distinct from the userspace EOPNOTSUPP (95). */
	ck_assert_str_ne(uq_errno_name(UQ_ENOTSUPP), uq_errno_name(EOPNOTSUPP));
}
END_TEST

/* Issue 9: device-lost errnos reach the user in plain words, once. */
START_TEST(device_lost_errnos_are_explained)
{
	struct uq_errors errs;

	ck_assert_ptr_nonnull(uq_errno_device_lost(ENODEV));
	ck_assert_ptr_nonnull(uq_errno_device_lost(ECANCELED));
	ck_assert_ptr_null(uq_errno_device_lost(EINVAL));
	uq_errors_init(&errs);
	uq_error_add(&errs, "AMDGPU_USERQ_SIGNAL", ECANCELED, "signal failed");
	ck_assert_ptr_nonnull(strstr(errs.v[0].message, "reset"));
	ck_assert_ptr_nonnull(strstr(errs.v[0].message, "signal failed ("));
	uq_error_add(&errs, "open", ENODEV, "x (%s)",
		     uq_errno_device_lost(ENODEV));
	/* said once, not twice */
	ck_assert_ptr_null(
		strstr(strstr(errs.v[1].message, "the GPU") + 1, "the GPU"));
	uq_error_add(&errs, "open", EINVAL, "plain");
	ck_assert_str_eq(errs.v[2].message, "plain");
	uq_errors_fini(&errs);
}
END_TEST

START_TEST(unknown_errno_is_never_null)
{
	ck_assert_str_eq(uq_errno_name(4000), "E?");
	ck_assert_ptr_nonnull(uq_errno_desc(4000));
}
END_TEST

START_TEST(records_keep_order_and_fields)
{
	struct uq_errors errs;
	const struct uq_error *e;

	uq_errors_init(&errs);
	ck_assert_ptr_null(uq_errors_last(&errs));
	for (int i = 0; i < 10; i++)
		ck_assert_ptr_nonnull(uq_error_add(&errs, "AMDGPU_GEM_VA",
						   EINVAL, "case %d", i));
	e = uq_error_add(&errs, "USERQ_SIGNAL", ENOMEM, "%s: %s",
			 "/dev/dri/renderD128", "out of memory");
	ck_assert_ptr_eq(uq_errors_last(&errs), e);
	ck_assert_uint_eq(errs.n, 11);
	ck_assert_str_eq(errs.v[3].message, "case 3");
	ck_assert_str_eq(e->where, "USERQ_SIGNAL");
	ck_assert_int_eq(e->err, ENOMEM);
	ck_assert_str_eq(e->message, "/dev/dri/renderD128: out of memory");
	uq_errors_fini(&errs);
	ck_assert_uint_eq(errs.n, 0);
	ck_assert_ptr_null(uq_errors_last(&errs));
}
END_TEST

START_TEST(json_has_the_spec_fields)
{
	struct uq_errors errs;
	json_t *a, *e;

	uq_errors_init(&errs);
	uq_error_add(&errs, "USERQ_SIGNAL", ENOMEM, "no memory");
	uq_error_add(&errs, "AMDGPU_INFO(UQ_FW_AREAS)", UQ_ENOTSUPP, "x");
	uq_error_add(&errs, "output", 0, "no errno");
	a = uq_errors_json(&errs, true);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(json_array_size(a), 3);

	e = json_array_get(a, 0);
	ck_assert_str_eq(json_string_value(json_object_get(e, "where")),
			 "USERQ_SIGNAL");
	ck_assert_int_eq(json_integer_value(json_object_get(e, "errno")), 12);
	ck_assert_str_eq(json_string_value(json_object_get(e, "errno_name")),
			 "ENOMEM");
	ck_assert_str_eq(json_string_value(json_object_get(e, "message")),
			 "no memory");

	e = json_array_get(a, 1);
	ck_assert_int_eq(json_integer_value(json_object_get(e, "errno")), 524);
	ck_assert_str_eq(json_string_value(json_object_get(e, "errno_name")),
			 "ENOTSUPP");

	e = json_array_get(a, 2);
	ck_assert(json_is_null(json_object_get(e, "errno")));
	ck_assert(json_is_null(json_object_get(e, "errno_name")));
	json_decref(a);
	uq_errors_fini(&errs);
}
END_TEST

START_TEST(empty_list_is_an_empty_array)
{
	struct uq_errors errs;
	json_t *a;

	uq_errors_init(&errs);
	a = uq_errors_json(&errs, true);
	ck_assert(json_is_array(a));
	ck_assert_uint_eq(json_array_size(a), 0);
	json_decref(a);
}
END_TEST

/* Capture what uq_msg() writes to stderr (Check forks each test, so the
 * redirection stays inside this test). */
static char *capture_stderr(void (*fn)(void))
{
	static char buf[512];
	FILE *tmp = tmpfile();
	size_t n;

	ck_assert_ptr_nonnull(tmp);
	fflush(stderr);
	ck_assert_int_ge(dup2(fileno(tmp), STDERR_FILENO), 0);
	fn();
	fflush(stderr);
	rewind(tmp);
	n = fread(buf, 1, sizeof(buf) - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
	return buf;
}

static void say_hello(void)
{
	uq_msg("%s: AMDGPU_INFO failed: %s", "/dev/dri/renderD128",
	       uq_errno_name(EINVAL));
}

static void print_record(void)
{
	struct uq_errors errs;

	uq_errors_init(&errs);
	uq_error_add(&errs, "open", ENOENT, "cannot open %s", "/nope");
	uq_error_print(uq_errors_last(&errs));
	uq_errors_fini(&errs);
}

START_TEST(msg_is_one_prefixed_line)
{
	ck_assert_str_eq(capture_stderr(say_hello),
			 "userq-bench: /dev/dri/renderD128: AMDGPU_INFO "
			 "failed: EINVAL\n");
	ck_assert_str_eq(capture_stderr(print_record),
			 "userq-bench: cannot open /nope\n");
}
END_TEST

Suite *suite_errors(void)
{
	Suite *s = suite_create("errors");
	TCase *tc = tcase_create("errors");

	tcase_add_test(tc, errno_names_are_symbolic);
	tcase_add_test(tc, enotsupp_524_has_a_name_glibc_lacks);
	tcase_add_test(tc, unknown_errno_is_never_null);
	tcase_add_test(tc, device_lost_errnos_are_explained);
	tcase_add_test(tc, records_keep_order_and_fields);
	tcase_add_test(tc, json_has_the_spec_fields);
	tcase_add_test(tc, empty_list_is_an_empty_array);
	tcase_add_test(tc, msg_is_one_prefixed_line);
	suite_add_tcase(s, tc);
	return s;
}
