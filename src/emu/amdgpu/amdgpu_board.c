// SPDX-License-Identifier: MIT
/*
 * The board file (no kernel file): what AMDGPU_INFO answers for one GPU
 * model, kept as data so that a real card's `userq-bench info
 * --format=json` can become a board (scripts/board-from-info).
 *
 * Format: "key = value" lines; '#' starts a comment; a value is one or
 * more integers (C syntax: 0x.. hex, decimal) separated by blanks, or
 * "none" for a sensor the board's SMU does not provide. Every key of the
 * table below must appear exactly once unless it is marked optional (an
 * absent hw_ip.* is an IP block the board does not have, an absent
 * video.* codec is not in the ASIC's table); an unknown key, a wrong
 * count or an out-of-range value is an error. Nothing falls back to a
 * default: a board that cannot be read stops the emulator.
 *
 * Where the file is: $USERQ_EMU_BOARD if set; else, for a library loaded
 * from a libtool build tree (.libs/ next to libuserq-emu.la), that build
 * tree's boards/navi31.board; else $(pkgdatadir)/boards/navi31.board.
 */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "amdgpu.h"
#include "amdgpu_priv.h"
#include "emu/device.h"
#include "emu/emu.h"

enum board_type {
	BT_NAME, /* one word, at most 31 bytes */
	BT_U32, /* count integers of 32 bits */
	BT_U64, /* one integer of 64 bits */
	BT_BOOL, /* 0 or 1 */
	BT_SENSOR, /* an integer or "none" */
	BT_HW_IP, /* major minor rings ib_start ib_size discovery slots count */
	BT_CODEC, /* max_width max_height max_pixels_per_frame max_level */
};

struct board_key {
	const char *key;
	enum board_type type;
	size_t offset;
	unsigned int count; /* BT_U32: integers */
	bool optional;
};

#define B_OFF(member) offsetof(struct amdgpu_board, member)
#define B_DEV(field)                                                           \
	{                                                                      \
		"dev_info." #field, BT_U32, B_OFF(dev_info.field),             \
			sizeof(((struct uapi_amdgpu_info_device *)0)->field) / \
				4,                                             \
			false                                                  \
	}
#define B_DEV64(field)                                                      \
	{                                                                   \
		"dev_info." #field, BT_U64, B_OFF(dev_info.field), 1, false \
	}
#define B_U32(key, member)                           \
	{                                            \
		key, BT_U32, B_OFF(member), 1, false \
	}
#define B_U64(key, member)                           \
	{                                            \
		key, BT_U64, B_OFF(member), 1, false \
	}
#define B_BOOL(key, member)                           \
	{                                             \
		key, BT_BOOL, B_OFF(member), 1, false \
	}
#define B_FW(key, type)                                      \
	{                                                    \
		"fw." key, BT_U32, B_OFF(fw[type]), 2, false \
	}
#define B_IP(key, type)                                             \
	{                                                           \
		"hw_ip." key, BT_HW_IP, B_OFF(hw_ip[type]), 8, true \
	}
#define B_SENSOR(key, type)                                             \
	{                                                               \
		"sensor." key, BT_SENSOR, B_OFF(sensor[type]), 1, false \
	}
#define B_CODEC(dir, d, key, idx)                                             \
	{                                                                     \
		"video." dir "." key, BT_CODEC, B_OFF(codec[d][idx]), 4, true \
	}
#define B_CODECS(dir, d)                                                    \
	B_CODEC(dir, d, "mpeg2", 0), B_CODEC(dir, d, "mpeg4", 1),           \
		B_CODEC(dir, d, "vc1", 2), B_CODEC(dir, d, "mpeg4_avc", 3), \
		B_CODEC(dir, d, "hevc", 4), B_CODEC(dir, d, "jpeg", 5),     \
		B_CODEC(dir, d, "vp9", 6), B_CODEC(dir, d, "av1", 7)

static const struct board_key board_keys[] = {
	{ "name", BT_NAME, B_OFF(name), 1, false },
	B_U32("pci.subsystem_vendor", pci_subsystem_vendor),
	B_U32("pci.subsystem_device", pci_subsystem_device),
	/* AMDGPU_INFO_DEV_INFO as the hardware sets it */
	B_DEV(device_id),
	B_DEV(chip_rev),
	B_DEV(external_rev),
	B_DEV(pci_rev),
	B_DEV(family),
	B_DEV(num_shader_engines),
	B_DEV(num_shader_arrays_per_engine),
	B_DEV(gpu_counter_freq),
	B_DEV64(max_engine_clock),
	B_DEV64(max_memory_clock),
	B_DEV(cu_active_number),
	B_DEV(cu_ao_mask),
	B_DEV(cu_bitmap),
	B_DEV(enabled_rb_pipes_mask),
	B_DEV(num_rb_pipes),
	B_DEV(num_hw_gfx_contexts),
	B_DEV(pcie_gen),
	B_DEV(pte_fragment_size),
	B_DEV(gart_page_size),
	B_DEV(ce_ram_size),
	B_DEV(vram_type),
	B_DEV(vram_bit_width),
	B_DEV(vce_harvest_config),
	B_DEV(gc_double_offchip_lds_buf),
	B_DEV(wave_front_size),
	B_DEV(num_shader_visible_vgprs),
	B_DEV(num_cu_per_sh),
	B_DEV(num_tcc_blocks),
	B_DEV(gs_vgt_table_depth),
	B_DEV(gs_prim_buffer_depth),
	B_DEV(max_gs_waves_per_vgt),
	B_DEV(pcie_num_lanes),
	B_DEV(cu_ao_bitmap),
	B_DEV(pa_sc_tile_steering_override),
	B_DEV64(tcc_disabled_mask),
	B_DEV64(min_engine_clock),
	B_DEV64(min_memory_clock),
	B_DEV(tcp_cache_size),
	B_DEV(num_sqc_per_wgp),
	B_DEV(sqc_data_cache_size),
	B_DEV(sqc_inst_cache_size),
	B_DEV(gl1c_cache_size),
	B_DEV(gl2c_cache_size),
	B_DEV64(mall_size),
	B_DEV(enabled_rb_pipes_mask_hi),
	/* the inputs of ids_flags */
	B_BOOL("apu", apu),
	B_BOOL("gfx.mcbp", mcbp),
	B_BOOL("gmc.tmz", tmz),
	B_BOOL("gfx.trunc_coord", trunc_coord),
	/* HW_IP_INFO and HW_IP_COUNT */
	B_IP("gfx", AMDGPU_HW_IP_GFX),
	B_IP("compute", AMDGPU_HW_IP_COMPUTE),
	B_IP("dma", AMDGPU_HW_IP_DMA),
	B_IP("uvd", AMDGPU_HW_IP_UVD),
	B_IP("vce", AMDGPU_HW_IP_VCE),
	B_IP("uvd_enc", AMDGPU_HW_IP_UVD_ENC),
	B_IP("vcn_dec", AMDGPU_HW_IP_VCN_DEC),
	B_IP("vcn_enc", AMDGPU_HW_IP_VCN_ENC),
	B_IP("vcn_jpeg", AMDGPU_HW_IP_VCN_JPEG),
	B_IP("vpe", 9),
	B_U32("userq.ip_mask", userq_ip_mask),
	/* FW_VERSION */
	B_FW("vce", AMDGPU_INFO_FW_VCE),
	B_FW("uvd", AMDGPU_INFO_FW_UVD),
	B_FW("gmc", AMDGPU_INFO_FW_GMC),
	B_FW("gfx_me", AMDGPU_INFO_FW_GFX_ME),
	B_FW("gfx_pfp", AMDGPU_INFO_FW_GFX_PFP),
	B_FW("gfx_ce", AMDGPU_INFO_FW_GFX_CE),
	B_FW("gfx_rlc", AMDGPU_INFO_FW_GFX_RLC),
	B_FW("gfx_mec", AMDGPU_INFO_FW_GFX_MEC),
	B_FW("rlc_restore_list_cntl", AMDGPU_INFO_FW_GFX_RLC_RESTORE_LIST_CNTL),
	B_FW("rlc_restore_list_gpm_mem",
	     AMDGPU_INFO_FW_GFX_RLC_RESTORE_LIST_GPM_MEM),
	B_FW("rlc_restore_list_srm_mem",
	     AMDGPU_INFO_FW_GFX_RLC_RESTORE_LIST_SRM_MEM),
	B_FW("smc", AMDGPU_INFO_FW_SMC),
	B_FW("sos", AMDGPU_INFO_FW_SOS),
	B_FW("asd", AMDGPU_INFO_FW_ASD),
	B_FW("vcn", AMDGPU_INFO_FW_VCN),
	B_FW("dmcu", AMDGPU_INFO_FW_DMCU),
	B_FW("ta", AMDGPU_INFO_FW_TA),
	B_FW("dmcub", AMDGPU_INFO_FW_DMCUB),
	B_FW("toc", AMDGPU_INFO_FW_TOC),
	B_FW("cap", AMDGPU_INFO_FW_CAP),
	B_FW("gfx_rlcp", AMDGPU_INFO_FW_GFX_RLCP),
	B_FW("gfx_rlcv", AMDGPU_INFO_FW_GFX_RLCV),
	B_FW("mes_kiq", AMDGPU_INFO_FW_MES_KIQ),
	B_FW("mes", AMDGPU_INFO_FW_MES),
	B_FW("imu", AMDGPU_INFO_FW_IMU),
	B_FW("vpe", AMDGPU_INFO_FW_VPE),
	{ "fw.gfx_mec2", BT_U32, B_OFF(fw_mec2), 2, false },
	B_U32("sdma.num_instances", sdma_num_instances),
	{ "fw.sdma", BT_U32, B_OFF(fw_sdma), 4, false },
	/* UQ_FW_AREAS */
	B_U32("gfx.shadow_size", shadow_size),
	B_U32("gfx.shadow_alignment", shadow_alignment),
	B_U32("gfx.csa_size", csa_size),
	B_U32("gfx.csa_alignment", csa_alignment),
	B_U32("compute.eop_size", eop_size),
	B_U32("compute.eop_alignment", eop_alignment),
	B_U32("sdma.csa_size", sdma_csa_size),
	B_U32("sdma.csa_alignment", sdma_csa_alignment),
	/* MEMORY, VRAM_GTT, GDS_CONFIG, the VM */
	B_U64("gmc.real_vram_size", real_vram_size),
	B_U64("gmc.visible_vram_size", visible_vram_size),
	B_U64("ttm.gtt_size", gtt_size),
	B_U64("ttm.vram_pin_size", vram_pin_size),
	B_U64("ttm.visible_pin_size", visible_pin_size),
	B_U64("ttm.gart_pin_size", gart_pin_size),
	B_U64("vm.max_pfn", max_pfn),
	B_U32("gds.gds_size", gds_size),
	B_U32("gds.gws_size", gws_size),
	B_U32("gds.oa_size", oa_size),
	/* READ_MMR_REG, TIMESTAMP */
	B_U32("reg.gb_addr_config", gb_addr_config),
	B_U64("gfx.gpu_counter_hz", gpu_counter_hz),
	/* SENSOR */
	B_SENSOR("gfx_sclk", AMDGPU_INFO_SENSOR_GFX_SCLK),
	B_SENSOR("gfx_mclk", AMDGPU_INFO_SENSOR_GFX_MCLK),
	B_SENSOR("gpu_temp", AMDGPU_INFO_SENSOR_GPU_TEMP),
	B_SENSOR("gpu_load", AMDGPU_INFO_SENSOR_GPU_LOAD),
	B_SENSOR("gpu_avg_power", AMDGPU_INFO_SENSOR_GPU_AVG_POWER),
	B_SENSOR("vddnb", AMDGPU_INFO_SENSOR_VDDNB),
	B_SENSOR("vddgfx", AMDGPU_INFO_SENSOR_VDDGFX),
	B_SENSOR("stable_pstate_gfx_sclk",
		 AMDGPU_INFO_SENSOR_STABLE_PSTATE_GFX_SCLK),
	B_SENSOR("stable_pstate_gfx_mclk",
		 AMDGPU_INFO_SENSOR_STABLE_PSTATE_GFX_MCLK),
	B_SENSOR("peak_pstate_gfx_sclk",
		 AMDGPU_INFO_SENSOR_PEAK_PSTATE_GFX_SCLK),
	B_SENSOR("peak_pstate_gfx_mclk",
		 AMDGPU_INFO_SENSOR_PEAK_PSTATE_GFX_MCLK),
	B_SENSOR("gpu_input_power", AMDGPU_INFO_SENSOR_GPU_INPUT_POWER),
	/* VIDEO_CAPS */
	B_CODECS("decode", 0),
	B_CODECS("encode", 1),
};

#define NUM_KEYS (sizeof(board_keys) / sizeof(board_keys[0]))
#define MAX_VALUES 16

struct board_parse {
	const char *path;
	unsigned int line;
	char *err;
	size_t err_len;
	bool seen[NUM_KEYS];
};

static int parse_error(struct board_parse *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int parse_error(struct board_parse *p, const char *fmt, ...)
{
	size_t used;
	va_list ap;

	used = (size_t)snprintf(p->err, p->err_len, "%s:%u: ", p->path,
				p->line);
	if (used >= p->err_len)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + used, p->err_len - used, fmt, ap);
	va_end(ap);
	return -1;
}

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	return s;
}

/* Split @value into at most MAX_VALUES integers; "none" only if allowed. */
static int parse_numbers(struct board_parse *p, const struct board_key *k,
			 char *value, uint64_t *v, unsigned int *n, bool *none)
{
	char *save = NULL, *tok;

	*n = 0;
	*none = false;
	for (tok = strtok_r(value, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		char *end;

		if (*n == MAX_VALUES)
			return parse_error(p, "%s: too many values", k->key);
		if (k->type == BT_SENSOR && !strcmp(tok, "none")) {
			*none = true;
			v[(*n)++] = 0;
			continue;
		}
		if (*tok == '-')
			return parse_error(p, "%s: '%s' is negative", k->key,
					   tok);
		errno = 0;
		v[*n] = strtoull(tok, &end, 0);
		if (errno || *end || end == tok)
			return parse_error(p, "%s: '%s' is not a number",
					   k->key, tok);
		(*n)++;
	}
	return 0;
}

static int store(struct board_parse *p, struct amdgpu_board *b,
		 const struct board_key *k, char *value)
{
	char *base = (char *)b + k->offset;
	uint64_t v[MAX_VALUES];
	unsigned int n, i, want;
	bool none;

	if (k->type == BT_NAME) {
		if (!*value || strlen(value) >= sizeof(b->name) ||
		    strpbrk(value, " \t"))
			return parse_error(p,
					   "name: one word of at most %zu "
					   "bytes",
					   sizeof(b->name) - 1);
		strcpy(b->name, value);
		return 0;
	}
	if (parse_numbers(p, k, value, v, &n, &none))
		return -1;
	want = k->type == BT_U64 || k->type == BT_BOOL || k->type == BT_SENSOR ?
		       1 :
		       k->count;
	if (n != want)
		return parse_error(p, "%s: %u value%s expected, %u given",
				   k->key, want, want == 1 ? "" : "s", n);
	for (i = 0; k->type != BT_U64 && i < n; i++)
		if (v[i] > UINT32_MAX)
			return parse_error(p, "%s: %#llx does not fit 32 bits",
					   k->key, (unsigned long long)v[i]);
	switch (k->type) {
	case BT_U32:
		for (i = 0; i < n; i++)
			((uint32_t *)base)[i] = (uint32_t)v[i];
		break;
	case BT_U64:
		memcpy(base, &v[0], sizeof(uint64_t));
		break;
	case BT_BOOL:
		if (v[0] > 1)
			return parse_error(p, "%s: 0 or 1 expected", k->key);
		*(bool *)base = v[0];
		break;
	case BT_SENSOR: {
		struct amdgpu_emu_sensor *s = (void *)base;

		s->supported = !none;
		s->value = (uint32_t)v[0];
		break;
	}
	case BT_HW_IP: {
		struct amdgpu_emu_hw_ip *ip = (void *)base;

		/* available_rings is a mask of num_rings bits */
		if (v[2] > 31)
			return parse_error(p, "%s: more than 31 rings", k->key);
		ip->present = true;
		ip->major = (uint32_t)v[0];
		ip->minor = (uint32_t)v[1];
		ip->num_rings = (uint32_t)v[2];
		ip->ib_start_alignment = (uint32_t)v[3];
		ip->ib_size_alignment = (uint32_t)v[4];
		ip->ip_discovery_version = (uint32_t)v[5];
		ip->userq_num_slots = (uint32_t)v[6];
		ip->count = (uint32_t)v[7];
		break;
	}
	case BT_CODEC: {
		struct amdgpu_emu_codec *c = (void *)base;

		c->valid = true;
		c->max_width = (uint32_t)v[0];
		c->max_height = (uint32_t)v[1];
		c->max_pixels_per_frame = (uint32_t)v[2];
		c->max_level = (uint32_t)v[3];
		break;
	}
	case BT_NAME:
		break;
	}
	return 0;
}

static int parse_line(struct board_parse *p, struct amdgpu_board *b, char *line)
{
	char *hash = strchr(line, '#'), *eq, *key, *value;
	size_t i;

	if (hash)
		*hash = '\0';
	line = trim(line);
	if (!*line)
		return 0;
	eq = strchr(line, '=');
	if (!eq)
		return parse_error(p, "'key = value' expected");
	*eq = '\0';
	key = trim(line);
	value = trim(eq + 1);
	for (i = 0; i < NUM_KEYS; i++)
		if (!strcmp(board_keys[i].key, key))
			break;
	if (i == NUM_KEYS)
		return parse_error(p, "unknown key '%s'", key);
	if (p->seen[i])
		return parse_error(p, "%s given twice", key);
	p->seen[i] = true;
	return store(p, b, &board_keys[i], value);
}

static int parse_file(FILE *f, struct board_parse *p, struct amdgpu_board *b)
{
	char line[512];
	size_t i;

	while (fgets(line, sizeof(line), f)) {
		p->line++;
		if (!strchr(line, '\n') && !feof(f))
			return parse_error(p, "line longer than %zu bytes",
					   sizeof(line) - 2);
		if (parse_line(p, b, line))
			return -1;
	}
	if (ferror(f))
		return parse_error(p, "read error");
	for (i = 0; i < NUM_KEYS; i++)
		if (!board_keys[i].optional && !p->seen[i])
			return parse_error(p, "key '%s' missing",
					   board_keys[i].key);
	if (b->pci_subsystem_vendor > 0xffff ||
	    b->pci_subsystem_device > 0xffff ||
	    b->dev_info.device_id > 0xffff || b->dev_info.pci_rev > 0xff)
		return parse_error(p, "a PCI id above 16 bits or a revision "
				      "above 8");
	if (b->sdma_num_instances > 2)
		return parse_error(p, "sdma.num_instances: at most 2");
	return 0;
}

/* A library in a libtool build tree: DIR/.libs/libuserq-emu.so with
 * DIR/libuserq-emu.la. That tree's boards/ (make copies them there). */
static bool build_tree_board(char *path, size_t len)
{
	Dl_info dl;
	char dir[PATH_MAX], la[PATH_MAX + 32];
	char *slash;

	if (!dladdr((void *)amdgpu_board_load, &dl) || !dl.dli_fname)
		return false;
	if (snprintf(dir, sizeof(dir), "%s", dl.dli_fname) >= (int)sizeof(dir))
		return false;
	slash = strrchr(dir, '/');
	if (!slash)
		return false;
	*slash = '\0';
	/* LD_PRELOAD=.libs/libuserq-emu.so names it relative to the
	 * working directory: the tree is then "." */
	slash = strrchr(dir, '/');
	if (strcmp(slash ? slash + 1 : dir, ".libs"))
		return false;
	if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	snprintf(la, sizeof(la), "%s/libuserq-emu.la", dir);
	if (access(la, F_OK))
		return false;
	return snprintf(path, len, "%s/boards/" AMDGPU_BOARD_DEFAULT ".board",
			dir) < (int)len;
}

int amdgpu_board_load(struct amdgpu_board *board, char *err, size_t err_len)
{
	const char *env = getenv("USERQ_EMU_BOARD");
	struct board_parse p = { .err = err, .err_len = err_len };
	char path[PATH_MAX];
	FILE *f;
	int r;

	memset(board, 0, sizeof(*board));
	if (env && *env)
		snprintf(path, sizeof(path), "%s", env);
	else if (!build_tree_board(path, sizeof(path)))
		snprintf(path, sizeof(path), "%s",
			 UQ_PKGDATADIR "/boards/" AMDGPU_BOARD_DEFAULT
				       ".board");
	p.path = path;
	f = fopen(path, "re");
	if (!f) {
		snprintf(err, err_len, "board file %s: %s%s", path,
			 strerror(errno),
			 env && *env ? "" :
				       " (install userq-bench, or set "
				       "USERQ_EMU_BOARD=FILE)");
		return -1;
	}
	r = parse_file(f, &p, board);
	fclose(f);
	return r;
}

void amdgpu_board_init(void)
{
	char err[512];

	/* A board that cannot be read stops the process, as an unknown
	 * profile does: no answer is better than an invented one. */
	if (amdgpu_board_load(&emu_dev.board, err, sizeof(err))) {
		emu_log("%s", err);
		_exit(64);
	}
}
