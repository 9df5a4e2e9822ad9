/* SPDX-License-Identifier: MIT */
/* placeholder: not written yet */
#include "unit.h"

Suite *suite_pm4(void)
{
	return suite_create("pm4");
}
