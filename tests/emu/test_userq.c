/* SPDX-License-Identifier: MIT */
/* placeholder: not written yet */
#include "conformance.h"

Suite *suite_userq(void)
{
	return suite_create("userq");
}
