/* SPDX-License-Identifier: MIT */
#ifndef UQ_SRC_EMU_FAULT_H
#define UQ_SRC_EMU_FAULT_H
#endif
