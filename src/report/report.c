/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "report.h"

static const struct {
	unsigned int id;
	const char *name;
} families[] = {
	{ 110, "SI" },	      { 120, "CI" },	    { 125, "KV" },
	{ 130, "VI" },	      { 135, "CZ" },	    { 141, "AI" },
	{ 142, "RV" },	      { 143, "NV" },	    { 144, "VGH" },
	{ 145, "GC_11_0_0" }, { 146, "YC" },	    { 148, "GC_11_0_1" },
	{ 149, "GC_10_3_6" }, { 150, "GC_11_5_0" }, { 151, "GC_10_3_7" },
	{ 152, "GC_12_0_0" },
};

static const char *family_name(unsigned int id)
{
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (families[i].id == id)
			return families[i].name;
	return NULL;
}

static json_t *argv_json(int argc, char *const *argv)
{
	json_t *a = json_array();

	for (int i = 0; a && i < argc; i++) {
		if (json_array_append_new(a, json_string(argv[i]))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

json_t *uq_report_new(const char *command, int argc, char *const *argv,
		      const struct timespec *started)
{
	char when[64];
	struct tm tm;
	size_t n;

	if (!gmtime_r(&started->tv_sec, &tm))
		return NULL;
	n = strftime(when, sizeof(when) - 8, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(when + n, sizeof(when) - n, ".%03dZ",
		 (int)(started->tv_nsec / 1000000) % 1000);
	return json_pack("{s:i, s:{s:s, s:s}, s:{s:s, s:o, s:s, s:f, s:i},"
			 " s:n, s:n, s:{}, s:[]}",
			 "schema_version", UQ_SCHEMA_VERSION, "tool", "name",
			 PACKAGE_NAME, "version", PACKAGE_VERSION, "run",
			 "command", command, "argv", argv_json(argc, argv),
			 "started_at", when, "duration_s", 0.0, "exit_code", 0,
			 "host", "device", "results", "errors");
}

json_t *uq_report_host(const struct uq_host *host)
{
	json_t *res = host->resolution_ns >= 0 ?
			      json_integer(host->resolution_ns) :
			      json_null();
	json_t *ovh = host->overhead_ns >= 0 ? json_integer(host->overhead_ns) :
					       json_null();
	json_t *cpu = host->cpu >= 0 ? json_integer(host->cpu) : json_null();

	json_t *load = host->have_load ?
			       json_pack("[f, f, f]", host->load[0],
					 host->load[1], host->load[2]) :
			       json_null();

	return json_pack("{s:s, s:s?, s:{s:s, s:o, s:o, s:s?}, s:o, s:b,"
			 " s:s?, s:s?, s:{s:o, s:n}, s:o}",
			 "kernel", host->kernel, "cpu_model", host->cpu_model,
			 "clock", "id", host->clock_name, "resolution_ns", res,
			 "overhead_ns", ovh, "source",
			 host->clocksource[0] ? host->clocksource : NULL, "cpu",
			 cpu, "mlockall", host->mlocked, "mlockall_reason",
			 host->mlock_reason, "cpufreq_governor",
			 host->governor[0] ? host->governor : NULL, "load",
			 "before", load, "after", "emulator_env",
			 uq_host_emulator_env_json());
}

/* {"version": N, "feature": N}, or null when the kernel did not answer. */
static json_t *firmware_json(const struct uq_device *dev)
{
	json_t *o = json_object();

	for (int i = 0; o && i < UQ_FW_COUNT; i++) {
		const struct uq_fw_version *fw = &dev->fw[i];
		json_t *v = fw->err ? json_null() :
				      json_pack("{s:I, s:I}", "version",
						(json_int_t)fw->version,
						"feature",
						(json_int_t)fw->feature);

		if (json_object_set_new(o, uq_fw_name(i), v)) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

static json_t *hw_ip_json(unsigned int ip, const struct uq_ip *p)
{
	const struct uapi_amdgpu_info_hw_ip *i = &p->info;
	char ver[16], disc[16];

	if (p->info_err)
		return json_pack("{s:s, s:I, s:i, s:s}", "ip", uq_ip_name(ip),
				 "count", (json_int_t)p->count, "errno",
				 p->info_err, "errno_name",
				 uq_errno_name(p->info_err));
	snprintf(ver, sizeof(ver), "%u.%u", i->hw_ip_version_major,
		 i->hw_ip_version_minor);
	snprintf(disc, sizeof(disc), "%u.%u.%u",
		 (i->ip_discovery_version >> 16) & 0xff,
		 (i->ip_discovery_version >> 8) & 0xff,
		 i->ip_discovery_version & 0xff);
	return json_pack("{s:s, s:I, s:s, s:s?, s:I, s:b, s:I}", "ip",
			 uq_ip_name(ip), "count", (json_int_t)p->count,
			 "version", ver, "ip_discovery_version",
			 i->ip_discovery_version ? disc : NULL,
			 "available_rings", (json_int_t)i->available_rings,
			 "userq", p->userq, "userq_num_slots",
			 (json_int_t)i->userq_num_slots);
}

static json_t *hw_ips_json(const struct uq_device *dev)
{
	json_t *a = json_array();

	for (unsigned int ip = 0; a && ip < UQ_HW_IP_COUNT; ip++) {
		const struct uq_ip *p = &dev->ip[ip];

		json_t *e;

		/* IPs the kernel does not know (-EINVAL) or that are absent
		 * are left out: the list is what the device has. Any other
		 * failure of the count query is not an answer: the entry
		 * says so instead of dropping the IP. */
		if (p->count_err == EINVAL || (!p->count_err && !p->count))
			continue;
		e = p->count_err ? json_pack("{s:s, s:n, s:i, s:s}", "ip",
					     uq_ip_name(ip), "count", "errno",
					     p->count_err, "errno_name",
					     uq_errno_name(p->count_err)) :
				   hw_ip_json(ip, p);
		if (json_array_append_new(a, e)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *fw_areas_json(unsigned int ip, const struct uq_ip *p)
{
	const struct uapi_amdgpu_info_uq_metadata *m = &p->fw_areas;

	if (p->fw_areas_err)
		return json_pack("{s:i, s:s}", "errno", p->fw_areas_err,
				 "errno_name", uq_errno_name(p->fw_areas_err));
	switch (ip) {
	case AMDGPU_HW_IP_GFX:
		return json_pack("{s:I, s:I, s:I, s:I}", "shadow_size",
				 (json_int_t)m->gfx.shadow_size,
				 "shadow_alignment",
				 (json_int_t)m->gfx.shadow_alignment,
				 "csa_size", (json_int_t)m->gfx.csa_size,
				 "csa_alignment",
				 (json_int_t)m->gfx.csa_alignment);
	case AMDGPU_HW_IP_COMPUTE:
		return json_pack("{s:I, s:I}", "eop_size",
				 (json_int_t)m->compute.eop_size,
				 "eop_alignment",
				 (json_int_t)m->compute.eop_alignment);
	case AMDGPU_HW_IP_DMA:
		return json_pack("{s:I, s:I}", "csa_size",
				 (json_int_t)m->sdma.csa_size, "csa_alignment",
				 (json_int_t)m->sdma.csa_alignment);
	default:
		return json_object();
	}
}

static json_t *userq_json(const struct uq_device *dev)
{
	json_t *ips = json_array(), *slots = json_object();
	json_t *areas = json_object();
	json_t *param = dev->user_queue_err ? json_null() :
					      json_integer(dev->user_queue);

	for (unsigned int ip = 0; ips && slots && areas && ip < UQ_HW_IP_COUNT;
	     ip++) {
		const struct uq_ip *p = &dev->ip[ip];

		if (!p->userq)
			continue;
		if (json_array_append_new(ips, json_string(uq_ip_name(ip))) ||
		    json_object_set_new(
			    slots, uq_ip_name(ip),
			    p->info_err ?
				    json_null() :
				    json_integer(p->info.userq_num_slots)) ||
		    json_object_set_new(areas, uq_ip_name(ip),
					fw_areas_json(ip, p))) {
			json_decref(ips);
			ips = NULL;
		}
	}
	return json_pack("{s:I, s:o, s:o, s:o, s:o}", "ip_mask",
			 (json_int_t)dev->info.userq_ip_mask, "ips", ips,
			 "user_queue_param", param, "num_slots", slots,
			 "fw_areas", areas);
}

static json_t *fence_sources_json(const struct uq_caps *caps)
{
	json_t *a = json_array();

	for (int m = 0; a && m < UQ_FENCE_METHODS; m++) {
		const struct uq_fence_source *s = &caps->fence[m];

		if (json_array_append_new(
			    a, json_pack("{s:s, s:s, s:s?}", "method",
					 uq_fence_method_name(m), "status",
					 s->ok ? "ok" : "unavailable", "reason",
					 s->ok ? NULL : s->reason))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* VA bounds as hex strings: they read as addresses, and high_va_* do not
 * fit a signed 64-bit JSON integer. */
static json_t *hex_json(uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
	return json_string(buf);
}

static json_t *dev_info_json(const struct uapi_amdgpu_info_device *i)
{
	return json_pack(
		"{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I,"
		" s:I, s:I, s:I, s:I, s:{s:o, s:o, s:o, s:o, s:I}}",
		"device_id", (json_int_t)i->device_id, "chip_rev",
		(json_int_t)i->chip_rev, "external_rev",
		(json_int_t)i->external_rev, "pci_rev", (json_int_t)i->pci_rev,
		"num_shader_engines", (json_int_t)i->num_shader_engines,
		"cu_active_number", (json_int_t)i->cu_active_number,
		"max_engine_clock_khz", (json_int_t)i->max_engine_clock,
		"max_memory_clock_khz", (json_int_t)i->max_memory_clock,
		"vram_type", (json_int_t)i->vram_type, "vram_bit_width",
		(json_int_t)i->vram_bit_width, "ids_flags",
		(json_int_t)i->ids_flags, "pte_fragment_size",
		(json_int_t)i->pte_fragment_size, "shadow_size",
		(json_int_t)i->shadow_size, "shadow_alignment",
		(json_int_t)i->shadow_alignment, "csa_size",
		(json_int_t)i->csa_size, "csa_alignment",
		(json_int_t)i->csa_alignment, "va", "offset",
		hex_json(i->virtual_address_offset), "max",
		hex_json(i->virtual_address_max), "high_offset",
		hex_json(i->high_va_offset), "high_max",
		hex_json(i->high_va_max), "alignment",
		(json_int_t)i->virtual_address_alignment);
}

json_t *uq_report_device(const struct uq_device *dev)
{
	char pci_id[16], drm_version[48];
	const char *family = family_name(dev->info.family);

	snprintf(pci_id, sizeof(pci_id), "%04x:%04x", dev->pci_vendor,
		 dev->pci_device);
	snprintf(drm_version, sizeof(drm_version), "%d.%d.%d", dev->drm_major,
		 dev->drm_minor, dev->drm_patch);
	return json_pack(
		"{s:s, s:s?, s:s, s:i, s:s?, s:I, s:s?, s:s?, s:s, s:s, s:b,"
		" s:s?, s:o, s:s, s:s?, s:o, s:o, s:o, s:o}",
		"node", dev->node, "pci_bus",
		dev->pci_bus[0] ? dev->pci_bus : NULL, "pci_id", pci_id,
		"pci_revision", dev->pci_rev, "name", dev->marketing_name,
		"family", (json_int_t)dev->info.family, "family_name", family,
		"gfx_ip", dev->gfx_ip[0] ? dev->gfx_ip : NULL, "drm_version",
		drm_version, "drm_driver", dev->drm_driver, "emulated",
		dev->emulated, "emulator_profile", dev->emulator_profile,
		"userq", userq_json(dev), "explicit_sync_unmap",
		uq_tristate_name(dev->caps.explicit_sync_unmap),
		"explicit_sync_unmap_reason",
		dev->caps.explicit_sync_unmap == UQ_UNKNOWN ?
			dev->caps.explicit_sync_reason :
			NULL,
		"fence_sources", fence_sources_json(&dev->caps), "firmware",
		firmware_json(dev), "hw_ips", hw_ips_json(dev), "dev_info",
		dev_info_json(&dev->info));
}

int uq_report_set(json_t *doc, const char *parent_key, const char *key,
		  json_t *value)
{
	json_t *parent = parent_key ? json_object_get(doc, parent_key) : doc;

	if (!value)
		return -ENOMEM;
	if (!json_is_object(parent)) {
		json_decref(value);
		return -EINVAL;
	}
	return json_object_set_new(parent, key, value) ? -ENOMEM : 0;
}

int uq_report_finish(json_t *doc, int exit_code, double duration_s,
		     const struct uq_errors *errs)
{
	int ret;

	ret = uq_report_set(doc, "run", "exit_code", json_integer(exit_code));
	/* the load when the run ended, beside the one when it started */
	if (!ret && json_is_object(json_object_get(json_object_get(doc, "host"),
						   "load")))
		ret = json_object_set_new(
			json_object_get(json_object_get(doc, "host"), "load"),
			"after", uq_host_load_json());
	if (!ret)
		ret = uq_report_set(doc, "run", "duration_s",
				    json_real(duration_s));
	if (!ret)
		ret = uq_report_set(
			doc, NULL, "errors",
			uq_errors_json(
				errs, exit_code == UQ_EXIT_SKIP ||
					      exit_code == UQ_EXIT_UNTESTABLE));
	return ret;
}
