/* SPDX-License-Identifier: MIT */
/* placeholder: not written yet */
#include "unit.h"

Suite *suite_fence_acct(void)
{
	return suite_create("fence_acct");
}
