/* SPDX-License-Identifier: MIT */
#ifndef UQ_SRC_HOST_H
#define UQ_SRC_HOST_H
#endif
