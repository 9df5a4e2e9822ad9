/* SPDX-License-Identifier: MIT */
#ifndef UQ_SRC_OUTPUT_H
#define UQ_SRC_OUTPUT_H
#endif
