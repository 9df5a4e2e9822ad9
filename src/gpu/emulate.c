/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "emu/profile.h"
#include "emulate.h"
#include "report/errors.h"

#define EMU_LIB_NAME "libuserq-emu.so"

char *uq_emulate_profile_names(char *buf, size_t len)
{
	const struct emu_profile *const *p = emu_profile_list();
	size_t used = 0;

	if (!len)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; p[i] && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
				 p[i]->name);

		if (n < 0)
			break;
		used += (size_t)n;
	}
	return buf;
}

const char *uq_emulate_profile(const char *requested, const char **bad)
{
	const char *name = requested;
	const struct emu_profile *p;

	if (!name)
		name = getenv("USERQ_EMU_PROFILE");
	if (!name || !*name)
		name = EMU_PROFILE_DEFAULT;
	p = emu_profile_find(name);
	if (!p) {
		*bad = name;
		return NULL;
	}
	return p->name;
}

bool uq_emulate_is_child(void)
{
	return getenv(UQ_EMULATE_MARKER) != NULL;
}

/* This binary's path. valgrind answers /proc/self/exe with the client's
 * path, so the re-exec runs userq-bench, not the valgrind tool. */
static char *self_exe(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return strdup(buf);
}

/*
 * The build tree, if this binary runs from one: the directory of the
 * executable holds libuserq-emu.la and .libs/libuserq-emu.so (libtool's
 * layout). Found at run time, so that no build path is compiled into the
 * binary (reproducible builds); an installed binary never has a .la file
 * beside it. Returns the library's path, or NULL.
 */
static char *build_tree_lib(void)
{
	char *exe = self_exe(), *slash, *lib = NULL;

	if (!exe)
		return NULL;
	slash = strrchr(exe, '/');
	if (slash) {
		char la[PATH_MAX];

		*slash = '\0';
		if (snprintf(la, sizeof(la), "%s/libuserq-emu.la", exe) <
			    (int)sizeof(la) &&
		    !access(la, F_OK) &&
		    asprintf(&lib, "%s/.libs/" EMU_LIB_NAME, exe) < 0)
			lib = NULL;
	}
	free(exe);
	return lib;
}

static void add_tried(char *tried, size_t len, const char *path)
{
	size_t used = strlen(tried);

	snprintf(tried + used, len - used, "%s%s", used ? ", " : "", path);
}

/**
 * find_emu_lib - the emulator library: $USERQ_EMU_LIB if set; else
 * the build tree's .libs/libuserq-emu.so when this binary runs from the
 * build tree; else the installed $(pkglibdir)/libuserq-emu.so.
 * @tried: the paths looked at, for the message when none exists.
 *
 * Returns a malloc'd path, or NULL.
 */
static char *find_emu_lib(char *tried, size_t tried_len)
{
	const char *env = getenv("USERQ_EMU_LIB");
	char *in_tree = NULL, *found = NULL;
	const char *candidates[2];
	size_t n = 0;

	tried[0] = '\0';
	/* An explicit USERQ_EMU_LIB is the only candidate: silently falling
	 * back to another build would test the wrong emulator. */
	if (env && *env) {
		candidates[n++] = env;
	} else {
		in_tree = build_tree_lib();
		if (in_tree)
			candidates[n++] = in_tree;
		candidates[n++] = UQ_PKGLIBDIR "/" EMU_LIB_NAME;
	}
	for (size_t i = 0; i < n && !found; i++) {
		if (!access(candidates[i], R_OK))
			found = strdup(candidates[i]);
		else
			add_tried(tried, tried_len, candidates[i]);
	}
	free(in_tree);
	return found;
}

struct sanitizer_libs {
	char *paths; /* "a:b", or NULL */
};

/* Sanitizer builds: the runtimes must come first in LD_PRELOAD, before the
 * (instrumented) emulator, or ASan refuses to start. */
static int find_sanitizer_lib(struct dl_phdr_info *info, size_t size,
			      void *data)
{
	struct sanitizer_libs *libs = data;
	const char *base = strrchr(info->dlpi_name, '/');
	char *joined;

	base = base ? base + 1 : info->dlpi_name;
	if (strncmp(base, "libasan.so", 10) && strncmp(base, "libubsan.so", 11))
		return 0;
	if (asprintf(&joined, "%s%s%s", libs->paths ? libs->paths : "",
		     libs->paths ? ":" : "", info->dlpi_name) < 0)
		return 1;
	free(libs->paths);
	libs->paths = joined;
	return 0;
}

static char *preload_value(const char *lib)
{
	struct sanitizer_libs san = { NULL };
	const char *old = getenv("LD_PRELOAD");
	char *value;
	int n;

	dl_iterate_phdr(find_sanitizer_lib, &san);
	n = asprintf(&value, "%s%s%s%s%s", san.paths ? san.paths : "",
		     san.paths ? ":" : "", lib, old && *old ? ":" : "",
		     old && *old ? old : "");
	free(san.paths);
	return n < 0 ? NULL : value;
}

int uq_emulate_reexec(const char *profile, char **argv)
{
	char tried[3 * PATH_MAX];
	char *lib, *preload, *exe;
	int err;

	lib = find_emu_lib(tried, sizeof(tried));
	if (!lib) {
		uq_msg("--emulate: emulator library %s not found (tried %s); build it with 'make', install it, or set USERQ_EMU_LIB",
		       EMU_LIB_NAME, tried);
		return UQ_EXIT_NODEV;
	}
	preload = preload_value(lib);
	exe = self_exe();
	if (!preload || setenv("LD_PRELOAD", preload, 1) ||
	    setenv("USERQ_EMU_PROFILE", profile, 1) ||
	    setenv(UQ_EMULATE_MARKER, profile, 1)) {
		uq_msg("--emulate: cannot set up the environment: %s",
		       uq_errno_name(errno ? errno : ENOMEM));
		err = UQ_EXIT_NODEV;
		goto out;
	}
	execv(exe ? exe : "/proc/self/exe", argv);
	uq_msg("--emulate: cannot re-execute %s with %s preloaded: %s (%s)",
	       exe ? exe : "/proc/self/exe", lib, uq_errno_name(errno),
	       uq_errno_desc(errno));
	err = UQ_EXIT_NODEV;
out:
	free(exe);
	free(preload);
	free(lib);
	return err;
}
