/* SPDX-License-Identifier: MIT */
#ifndef UQ_SRC_REPORT_H
#define UQ_SRC_REPORT_H
#endif
