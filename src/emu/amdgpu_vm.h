/* SPDX-License-Identifier: MIT */
#ifndef UQ_SRC_EMU_AMDGPU_VM_H
#define UQ_SRC_EMU_AMDGPU_VM_H
#endif
