/* SPDX-License-Identifier: MIT */
#ifndef UQ_SRC_ERRORS_H
#define UQ_SRC_ERRORS_H
#endif
