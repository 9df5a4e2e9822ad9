/* SPDX-License-Identifier: MIT */
#ifndef UQ_SRC_DRM_GEM_H
#define UQ_SRC_DRM_GEM_H
#endif
