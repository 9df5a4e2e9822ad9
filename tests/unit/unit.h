/* SPDX-License-Identifier: MIT */
#ifndef UQ_TESTS_UNIT_UNIT_H
#define UQ_TESTS_UNIT_UNIT_H
#endif
