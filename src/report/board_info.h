/* SPDX-License-Identifier: MIT */
/*
 * The raw AMDGPU_INFO answers a board file is made from (info's
 * "device.board_info"; scripts/board-from-info reads it).
 */
#ifndef UQ_REPORT_BOARD_INFO_H
#define UQ_REPORT_BOARD_INFO_H

#include <jansson.h>

/* The board_info object of the device open on @fd; NULL when out of
 * memory. A query the kernel refuses is null in it. */
json_t *uq_report_board_info(int fd);

#endif
