/* SPDX-License-Identifier: MIT */
#ifndef UQ_SRC_DRM_INFO_H
#define UQ_SRC_DRM_INFO_H
#endif
