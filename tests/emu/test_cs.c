/* SPDX-License-Identifier: MIT */
/* placeholder: not written yet */
#include "conformance.h"

Suite *suite_cs(void)
{
	return suite_create("cs");
}
