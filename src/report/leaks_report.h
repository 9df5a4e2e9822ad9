/* SPDX-License-Identifier: MIT */
/*
 * results.leaks as text (the table of checks, then the evidence of each)
 * and as KTAP version 1 (Documentation/dev-tools/ktap.rst), one test case
 * per check.
 */
#ifndef UQ_SRC_REPORT_LEAKS_REPORT_H
#define UQ_SRC_REPORT_LEAKS_REPORT_H

#include <stdio.h>

#include <jansson.h>

void uq_leaks_print_text(FILE *f, const json_t *doc);
void uq_leaks_print_ktap(FILE *f, const json_t *doc);

#endif
