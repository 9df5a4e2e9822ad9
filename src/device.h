/* SPDX-License-Identifier: MIT */
#ifndef UQ_SRC_DEVICE_H
#define UQ_SRC_DEVICE_H
#endif
