/* SPDX-License-Identifier: MIT */
/* placeholder: not written yet */
#include "unit.h"

Suite *suite_measure(void)
{
	return suite_create("measure");
}
