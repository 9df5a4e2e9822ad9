/* SPDX-License-Identifier: MIT */
/*
 * The raw AMDGPU_INFO answers a board file is made from (info's
 * "device.board_info"; scripts/board-from-info reads it).
 */
#ifndef UQ_REPORT_BOARD_INFO_H
#define UQ_REPORT_BOARD_INFO_H

#include <jansson.h>

struct uapi_amdgpu_info_device;

/* The board_info object of the device open on @fd, whose DEV_INFO the
 * tool read when it opened it (@dev_info: not asked twice); NULL when out
 * of memory. A query the kernel refuses is null in it. */
json_t *uq_report_board_info(int fd,
			     const struct uapi_amdgpu_info_device *dev_info);

#endif
