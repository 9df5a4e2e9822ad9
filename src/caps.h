/* SPDX-License-Identifier: MIT */
#ifndef UQ_SRC_CAPS_H
#define UQ_SRC_CAPS_H
#endif
