/* SPDX-License-Identifier: MIT */
#ifndef UQ_SRC_EMU_AMDGPU_PRIV_H
#define UQ_SRC_EMU_AMDGPU_PRIV_H
#endif
