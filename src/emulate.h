/* SPDX-License-Identifier: MIT */
#ifndef UQ_SRC_EMULATE_H
#define UQ_SRC_EMULATE_H
#endif
