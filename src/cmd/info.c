/* SPDX-License-Identifier: MIT */
/*
 * userq-bench info: list the render nodes and, for each amdgpu node, what
 * the device and kernel offer for user queues and PRT unmaps (SPEC §2).
 * The JSON "device" is the selected node (--device, or the first amdgpu
 * node); "nodes" lists every render node seen, with the full device object
 * for the other amdgpu nodes.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cli.h"
#include "emu/profile.h"
#include "gpu/device.h"
#include "report/board_info.h"
#include "report/report.h"

static json_t *node_json(const struct uq_node *node)
{
	bool amdgpu = node->driver && !strcmp(node->driver, "amdgpu");

	return json_pack("{s:s, s:s?, s:b, s:b, s:s?, s:s?}", "node",
			 node->path, "driver", node->driver, "amdgpu", amdgpu,
			 "selected", 0, "error",
			 node->err ? uq_errno_name(node->err) : NULL,
			 "error_where", node->err ? node->err_step : NULL);
}

/* The --device node is listed too when it is not a /dev/dri render node. */
static json_t *nodes_json(const struct uq_nodes *nodes)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < nodes->n; i++) {
		if (json_array_append_new(a, node_json(&nodes->v[i]))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *find_node(json_t *nodes, const char *path)
{
	size_t i;
	json_t *n;

	json_array_foreach(nodes, i, n)
	{
		const char *p = json_string_value(json_object_get(n, "node"));

		if (p && !strcmp(p, path))
			return n;
	}
	return NULL;
}

/* The other amdgpu nodes get a full device object each; a failure there
 * is recorded and makes the run fail, but does not hide the others. */
static int probe_other_nodes(struct uq_run *run, const struct uq_nodes *nodes,
			     json_t *nodes_doc, const char *selected)
{
	int rc = UQ_EXIT_OK;

	for (size_t i = 0; i < nodes->n; i++) {
		const struct uq_node *node = &nodes->v[i];
		struct uq_device *dev;
		json_t *entry;
		int ret;

		if (!node->driver || strcmp(node->driver, "amdgpu") ||
		    !strcmp(node->path, selected))
			continue;
		entry = find_node(nodes_doc, node->path);
		ret = uq_device_open(node->path, run->errors, &dev);
		if (ret) {
			rc = UQ_EXIT_FAIL;
			continue;
		}
		if (!entry || uq_report_set(entry, NULL, "device",
					    uq_report_device(dev))) {
			uq_error_add(run->errors, "info", ENOMEM,
				     "%s: out of memory", node->path);
			rc = UQ_EXIT_FAIL;
		}
		uq_device_close(dev);
	}
	return rc;
}

static int info_run(struct uq_run *run)
{
	struct uq_device *dev = NULL;
	struct uq_nodes nodes;
	json_t *nodes_doc, *selected;
	int ret, rc;

	ret = uq_nodes_scan(&nodes);
	if (ret) {
		/* An unreadable /dev/dri is reported; --device still works. */
		uq_error_add(run->errors, "opendir", -ret,
			     "cannot list /dev/dri: %s (%s)",
			     uq_errno_name(-ret), uq_errno_desc(-ret));
	}
	nodes_doc = nodes_json(&nodes);
	if (uq_report_set(run->doc, NULL, "nodes", nodes_doc)) {
		uq_error_add(run->errors, "info", ENOMEM, "out of memory");
		rc = UQ_EXIT_FAIL;
		goto out;
	}

	rc = uq_device_acquire(run->opts, &nodes, run->errors, &dev);
	if (rc)
		goto out;
	if (uq_report_set(run->doc, NULL, "device", uq_report_device(dev)) ||
	    /* the raw INFO answers: a board file for the emulator
	     * (scripts/board-from-info) */
	    uq_report_set(run->doc, "device", "board_info",
			  uq_report_board_info(dev->fd, &dev->info))) {
		uq_error_add(run->errors, "info", ENOMEM, "out of memory");
		rc = UQ_EXIT_FAIL;
		goto out_close;
	}
	selected = find_node(nodes_doc, dev->node);
	if (selected)
		json_object_set_new(selected, "selected", json_true());
	if (!run->opts->device)
		rc = probe_other_nodes(run, &nodes, nodes_doc, dev->node);
out_close:
	uq_device_close(dev);
out:
	uq_nodes_free(&nodes);
	return rc;
}

/* --- text form ------------------------------------------------------- */

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static json_int_t num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

#define ROW "  %-21s "

static void print_userq(FILE *f, const json_t *uq)
{
	const json_t *ips = json_object_get(uq, "ips");
	const json_t *param = json_object_get(uq, "user_queue_param");
	const json_t *ip;
	size_t i;

	if (json_is_integer(param))
		fprintf(f, ROW "%" JSON_INTEGER_FORMAT "\n",
			"amdgpu.user_queue", json_integer_value(param));
	else
		fprintf(f, ROW "(not readable)\n", "amdgpu.user_queue");
	fprintf(f, ROW, "user queues");
	if (!json_array_size(ips))
		fputs("none", f);
	json_array_foreach(ips, i, ip)
	{
		fprintf(f, "%s%s", i ? ", " : "", json_string_value(ip));
	}
	fprintf(f, " (userq_ip_mask 0x%llx)\n",
		(unsigned long long)num(uq, "ip_mask"));

	json_array_foreach(ips, i, ip)
	{
		const char *name = json_string_value(ip);
		const json_t *slots =
			json_object_get(json_object_get(uq, "num_slots"), name);
		const json_t *area =
			json_object_get(json_object_get(uq, "fw_areas"), name);
		const char *key;
		json_t *v;

		fprintf(f, "    %-19s ", name);
		if (json_is_integer(slots) && json_integer_value(slots))
			fprintf(f, "slots %" JSON_INTEGER_FORMAT,
				json_integer_value(slots));
		else
			fputs("slots unknown", f);
		if (str(area, "errno_name")) {
			fprintf(f, "; UQ_FW_AREAS: %s",
				str(area, "errno_name"));
		} else {
			json_object_foreach((json_t *)area, key, v)
			{
				fprintf(f, "; %s %" JSON_INTEGER_FORMAT, key,
					json_integer_value(v));
			}
		}
		fputc('\n', f);
	}
}

/* The profile and what it models; a hypothetical one says so. */
static void print_emulated(FILE *f, const char *name)
{
	const struct emu_profile *p = name ? emu_profile_find(name) : NULL;

	fprintf(f, ROW "yes, profile %s\n", "emulated", name ? name : "?");
	if (p)
		fprintf(f, ROW "%s%s\n", "models",
			p->hypothetical ? "(hypothetical, unmerged) " : "",
			p->summary);
}

static void print_device(FILE *f, const json_t *d)
{
	const json_t *fw = json_object_get(d, "firmware");
	const json_t *ips = json_object_get(d, "hw_ips");
	const json_t *src = json_object_get(d, "fence_sources");
	const json_t *v;
	const char *key;
	size_t i;

	fprintf(f, "%s\n", str(d, "node"));
	fprintf(f, ROW "%s\n", "name",
		str(d, "name") ? str(d, "name") : "(not in amdgpu.ids)");
	if (json_is_true(json_object_get(d, "emulated")))
		print_emulated(f, str(d, "emulator_profile"));
	fprintf(f, ROW "%s, %s rev 0x%02llx\n", "PCI",
		str(d, "pci_bus") ? str(d, "pci_bus") : "(bus unknown)",
		str(d, "pci_id"), (unsigned long long)num(d, "pci_revision"));
	fprintf(f, ROW "%" JSON_INTEGER_FORMAT " (%s)\n", "family",
		num(d, "family"),
		str(d, "family_name") ? str(d, "family_name") : "unknown");
	fprintf(f, ROW "%s\n", "GFX IP",
		str(d, "gfx_ip") ? str(d, "gfx_ip") : "(no GFX)");
	fprintf(f, ROW "%s %s\n", "DRM/KMS", str(d, "drm_driver"),
		str(d, "drm_version"));
	print_userq(f, json_object_get(d, "userq"));

	fprintf(f, ROW, "hardware IPs");
	json_array_foreach(ips, i, v)
	{
		if (str(v, "errno_name")) {
			/* the query failed: not known, not absent */
			fprintf(f, "%s%s (%s)", i ? ", " : "", str(v, "ip"),
				str(v, "errno_name"));
			continue;
		}
		fprintf(f, "%s%s %s", i ? ", " : "", str(v, "ip"),
			str(v, "version") ? str(v, "version") : "?");
		if (num(v, "count") > 1)
			fprintf(f, " x%" JSON_INTEGER_FORMAT, num(v, "count"));
	}
	fputc('\n', f);

	fprintf(f, ROW, "firmware");
	i = 0;
	json_object_foreach((json_t *)fw, key, v)
	{
		if (json_is_object(v))
			fprintf(f, "%s%s %" JSON_INTEGER_FORMAT, i ? ", " : "",
				key, num(v, "version"));
		else
			fprintf(f, "%s%s ?", i ? ", " : "", key);
		i++;
	}
	fputc('\n', f);

	fprintf(f, ROW "%s", "explicit-sync unmap",
		str(d, "explicit_sync_unmap"));
	if (str(d, "explicit_sync_unmap_reason"))
		fprintf(f, " (%s)", str(d, "explicit_sync_unmap_reason"));
	fputc('\n', f);

	fprintf(f, "  fence-driver sources:\n");
	json_array_foreach(src, i, v)
	{
		fprintf(f, "    %-19s %s%s%s\n", str(v, "method"),
			str(v, "status"), str(v, "reason") ? ": " : "",
			str(v, "reason") ? str(v, "reason") : "");
	}
}

static void print_nodes(FILE *f, const json_t *nodes)
{
	const json_t *n;
	size_t i;

	fprintf(f, "render nodes:%s\n", json_array_size(nodes) ? "" : " none");
	json_array_foreach(nodes, i, n)
	{
		const char *driver = str(n, "driver");
		const char *error = str(n, "error");

		fprintf(f, "  %-21s %s", str(n, "node"),
			driver ? driver : "(driver unknown)");
		if (error)
			fprintf(f, ": %s failed: %s", str(n, "error_where"),
				error);
		if (json_is_true(json_object_get(n, "selected")))
			fputs(" (selected)", f);
		fputc('\n', f);
	}
}

static void info_print_text(FILE *f, const json_t *doc)
{
	const json_t *nodes = json_object_get(doc, "nodes");
	const json_t *dev = json_object_get(doc, "device");
	const json_t *host = json_object_get(doc, "host");
	const json_t *clock = json_object_get(host, "clock");
	const json_t *n;
	size_t i;

	print_nodes(f, nodes);
	if (json_is_object(dev)) {
		fputc('\n', f);
		print_device(f, dev);
	}
	json_array_foreach(nodes, i, n)
	{
		const json_t *other = json_object_get(n, "device");

		if (json_is_object(other)) {
			fputc('\n', f);
			print_device(f, other);
		}
	}
	fprintf(f, "\nhost\n");
	fprintf(f, ROW "%s\n", "kernel", str(host, "kernel"));
	fprintf(f, ROW "%s\n", "CPU",
		str(host, "cpu_model") ? str(host, "cpu_model") : "unknown");
	fprintf(f,
		ROW "%s, resolution %" JSON_INTEGER_FORMAT
		    " ns, read overhead %" JSON_INTEGER_FORMAT " ns\n",
		"clock", str(clock, "id"), num(clock, "resolution_ns"),
		num(clock, "overhead_ns"));
	uq_text_errors(f, doc);
}

const struct uq_command uq_cmd_info = {
	.name = "info",
	.summary = "devices, user queues, explicit sync, fence sources",
	.doc = "List the render nodes and, for each amdgpu node: PCI id and "
	       "bus, marketing name, family, GFX IP version, DRM/KMS version, "
	       "the amdgpu.user_queue parameter, user-queue IPs with their "
	       "slots and firmware areas, whether AMDGPU_VM_EXPLICIT_SYNC "
	       "unmaps are accepted (probed), and which fence-driver "
	       "accounting sources are usable, and why not.",
	.run = info_run,
	.print_text = info_print_text,
};
