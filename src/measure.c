/* SPDX-License-Identifier: MIT */
/* placeholder: not written yet */
#include "measure.h"
