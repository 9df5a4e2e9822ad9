/* SPDX-License-Identifier: MIT */
#ifndef UQ_SRC_CLI_H
#define UQ_SRC_CLI_H
#endif
