/* SPDX-License-Identifier: MIT */
#ifndef UQ_SRC_PARSE_H
#define UQ_SRC_PARSE_H
#endif
