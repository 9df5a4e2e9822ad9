/* SPDX-License-Identifier: MIT */
/* Layout pins for the ABI definitions: every size and offset is checked. */
#ifndef UQ_UAPI_ASSERT_H
#define UQ_UAPI_ASSERT_H

#include <stddef.h>

#define UQ_ASSERT_SIZE(t, n) _Static_assert(sizeof(t) == (n), #t " size")
#define UQ_ASSERT_OFF(t, f, n) \
	_Static_assert(offsetof(t, f) == (n), #t "." #f " offset")

#endif
