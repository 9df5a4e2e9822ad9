/* SPDX-License-Identifier: MIT */
/* placeholder: not written yet */
typedef int uq_placeholder_drm_info;
