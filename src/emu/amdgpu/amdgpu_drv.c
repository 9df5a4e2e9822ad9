// SPDX-License-Identifier: MIT
/*
 * amdgpu_drv.c + the file hooks and ioctl table of amdgpu_kms.c: the
 * amdgpu driver entry points the DRM core calls: the ioctl table
 * (amdgpu_ioctls_kms[]), file open and close
 * (amdgpu_driver_open_kms, amdgpu_drm_release,
 * amdgpu_driver_postclose_kms) and the audit.
 */
#include <errno.h>
#include <stdlib.h>

#include "amdgpu.h"
#include "amdgpu_priv.h"
#include "emu/audit.h"
#include "emu/emu.h"
#include "amdgpu_bo_list.h"
#include "amdgpu_ctx.h"
#include "amdgpu_userq.h"
#include "uapi/amdgpu_userq.h"

/* GEM_LIST_HANDLES (0x19) of newer kernels: struct
 * drm_amdgpu_gem_list_handles { u64 entries; u32 num_entries; u32 pad; } */
#define AMDGPU_EMU_GEM_LIST_HANDLES 0x19
#define AMDGPU_EMU_IOCTL_GEM_LIST_HANDLES            \
	_IOC(_IOC_READ | _IOC_WRITE, DRM_IOCTL_BASE, \
	     DRM_COMMAND_BASE + AMDGPU_EMU_GEM_LIST_HANDLES, 16)

/*
 * The kernel's request values: their direction bits and sizes decide what
 * the DRM core copies. fn NULL: not emulated yet (the core logs loudly and
 * answers -EINVAL). nr 0x0a..0x0f are unused.
 */
const struct emu_ioctl_desc amdgpu_ioctls[] = {
	[DRM_AMDGPU_GEM_CREATE] = { DRM_IOCTL_AMDGPU_GEM_CREATE,
				    amdgpu_gem_create_ioctl,
				    "AMDGPU_GEM_CREATE" },
	[DRM_AMDGPU_GEM_MMAP] = { DRM_IOCTL_AMDGPU_GEM_MMAP,
				  amdgpu_gem_mmap_ioctl, "AMDGPU_GEM_MMAP" },
	[DRM_AMDGPU_CTX] = { DRM_IOCTL_AMDGPU_CTX, amdgpu_ctx_ioctl,
			     "AMDGPU_CTX" },
	[DRM_AMDGPU_BO_LIST] = { DRM_IOCTL_AMDGPU_BO_LIST, amdgpu_bo_list_ioctl,
				 "AMDGPU_BO_LIST" },
	[DRM_AMDGPU_CS] = { DRM_IOCTL_AMDGPU_CS, amdgpu_cs_ioctl, "AMDGPU_CS" },
	[DRM_AMDGPU_INFO] = { DRM_IOCTL_AMDGPU_INFO, amdgpu_info_ioctl,
			      "AMDGPU_INFO" },
	[DRM_AMDGPU_GEM_METADATA] = { DRM_IOCTL_AMDGPU_GEM_METADATA, NULL,
				      "AMDGPU_GEM_METADATA" },
	[DRM_AMDGPU_GEM_WAIT_IDLE] = { DRM_IOCTL_AMDGPU_GEM_WAIT_IDLE, NULL,
				       "AMDGPU_GEM_WAIT_IDLE" },
	/* 6.16+: DRM_IOW of the 64-byte struct; a 40-byte or IOWR request
	 * is zero-extended and never copied back */
	[DRM_AMDGPU_GEM_VA] = { UAPI_IOCTL_AMDGPU_GEM_VA, amdgpu_gem_va_ioctl,
				"AMDGPU_GEM_VA" },
	[DRM_AMDGPU_WAIT_CS] = { DRM_IOCTL_AMDGPU_WAIT_CS, amdgpu_cs_wait_ioctl,
				 "AMDGPU_WAIT_CS" },
	[DRM_AMDGPU_GEM_OP] = { DRM_IOCTL_AMDGPU_GEM_OP, NULL,
				"AMDGPU_GEM_OP" },
	[DRM_AMDGPU_GEM_USERPTR] = { DRM_IOCTL_AMDGPU_GEM_USERPTR, NULL,
				     "AMDGPU_GEM_USERPTR" },
	[DRM_AMDGPU_WAIT_FENCES] = { DRM_IOCTL_AMDGPU_WAIT_FENCES,
				     amdgpu_cs_wait_fences_ioctl,
				     "AMDGPU_WAIT_FENCES" },
	[DRM_AMDGPU_VM] = { DRM_IOCTL_AMDGPU_VM, NULL, "AMDGPU_VM" },
	[DRM_AMDGPU_FENCE_TO_HANDLE] = { DRM_IOCTL_AMDGPU_FENCE_TO_HANDLE, NULL,
					 "AMDGPU_FENCE_TO_HANDLE" },
	[DRM_AMDGPU_SCHED] = { DRM_IOCTL_AMDGPU_SCHED, NULL, "AMDGPU_SCHED" },
	[UAPI_AMDGPU_USERQ] = { UAPI_IOCTL_AMDGPU_USERQ, amdgpu_userq_ioctl,
				"AMDGPU_USERQ" },
	[UAPI_AMDGPU_USERQ_SIGNAL] = { UAPI_IOCTL_AMDGPU_USERQ_SIGNAL,
				       amdgpu_userq_signal_ioctl,
				       "AMDGPU_USERQ_SIGNAL" },
	[UAPI_AMDGPU_USERQ_WAIT] = { UAPI_IOCTL_AMDGPU_USERQ_WAIT,
				     amdgpu_userq_wait_ioctl,
				     "AMDGPU_USERQ_WAIT" },
	[AMDGPU_EMU_GEM_LIST_HANDLES] = { AMDGPU_EMU_IOCTL_GEM_LIST_HANDLES,
					  NULL, "AMDGPU_GEM_LIST_HANDLES" },
};

const unsigned int amdgpu_num_ioctls =
	sizeof(amdgpu_ioctls) / sizeof(amdgpu_ioctls[0]);

_Static_assert(sizeof(amdgpu_ioctls) / sizeof(amdgpu_ioctls[0]) == 0x1a,
	       "amdgpu ioctl table covers nr 0x00..0x19");

/* amdgpu_driver_open_kms: the file's VM and its PRT bo_va. (The static
 * CSA and seq64 mappings sit above the user-visible VA range and are not
 * modelled here.) */
int amdgpu_driver_open(struct emu_file *file)
{
	struct amdgpu_fpriv *fpriv = calloc(1, sizeof(*fpriv));
	int r;

	if (!fpriv)
		return -ENOMEM;
	r = amdgpu_vm_init(&fpriv->vm);
	if (r)
		goto err_free;
	fpriv->prt_va = amdgpu_vm_bo_add(&fpriv->vm, NULL);
	if (!fpriv->prt_va) {
		r = -ENOMEM;
		goto err_vm;
	}
	file->driver_priv = fpriv;
	r = amdgpu_ctx_mgr_init(file);
	if (r)
		goto err_prt;
	r = amdgpu_userq_mgr_init(file);
	if (r)
		goto err_ctx;
	return 0;

err_ctx:
	amdgpu_ctx_mgr_fini(file);
err_prt:
	file->driver_priv = NULL;
	amdgpu_vm_bo_del(fpriv->prt_va);
err_vm:
	amdgpu_vm_fini(&fpriv->vm);
err_free:
	free(fpriv);
	return r;
}

/* amdgpu_drm_release, before drm_release: the eviction fence manager and
 * the user queues (amdgpu_userq_mgr_fini) are torn down here, while the
 * file's BOs and syncobjs still exist. */
void amdgpu_driver_preclose(struct emu_file *file)
{
	if (amdgpu_fpriv(file))
		amdgpu_userq_mgr_fini(file);
}

/* amdgpu_driver_postclose_kms: the GEM handles are gone already (their
 * close hooks removed the BO mappings and queued the PT clears); drop the
 * PRT bo_va (its valid mappings join the freed list) and tear the VM down
 * (amdgpu_vm_fini frees the freed list without PT work). */
void amdgpu_driver_postclose(struct emu_file *file)
{
	struct amdgpu_fpriv *fpriv = amdgpu_fpriv(file);

	if (!fpriv)
		return;
	if (fpriv->prt_va)
		amdgpu_vm_bo_del(fpriv->prt_va);
	fpriv->prt_va = NULL;
	amdgpu_ctx_mgr_fini(file);
	amdgpu_vm_fini(&fpriv->vm);
	free(fpriv);
	file->driver_priv = NULL;
}

void amdgpu_audit_file(struct emu_file *file, struct emu_audit *audit)
{
	struct amdgpu_fpriv *fpriv = amdgpu_fpriv(file);

	if (!fpriv)
		return;
	/* BO and PRT mappings still in the address space */
	audit->va_mappings += amdgpu_vm_mapping_count(&fpriv->vm);
	amdgpu_userq_audit_file(file, audit);
	amdgpu_ctx_audit_file(file, audit);
}

void amdgpu_audit_device(struct emu_audit *audit)
{
	/* fence drivers, userq fences, seq64 slots */
	amdgpu_userq_audit_device(audit);
}
