/* SPDX-License-Identifier: MIT */
/*
 * /proc/version as fs/proc/version.c prints it: "<sysname> version
 * <release> (<builder>@<host>) (<compiler>) <version>". The release is
 * the profile's, the one uname() reports under the emulator
 * (libc/interpose.c); the rest is the host kernel's banner, as the rest of
 * utsname is the host's. Tools that log the kernel from this file
 * (scripts/report, bug templates) then name the emulated release, not
 * the host's.
 */
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "emu/emu.h"
#include "emu/profile.h"
#include "seq_file.h"
#include "vfs.h"

/*
 * version_proc_show(). The host banner's release is the word after
 * "<sysname> version "; everything around it is kept. A banner of another
 * shape (or none) gives the kernel's format with the host's utsname and
 * unknown builder and compiler.
 */
static int version_read(const char *path, void *arg, struct emu_seq_file *m)
{
	const char *release = emu_active_profile()->uname_release;
	struct emu_seq_file host;
	struct utsname uts;
	const char *p, *end;

	(void)path;
	(void)arg;
	emu_seq_init(&host);
	if (!emu_seq_copy_file(&host, "/proc/version")) {
		/* host.buf is NUL-terminated: count > 0 */
		p = host.count ? strstr(host.buf, " version ") : NULL;
		if (p && p != host.buf) {
			p += strlen(" version ");
			end = p + strcspn(p, " \n");
			emu_seq_write(m, host.buf, (size_t)(p - host.buf));
			emu_seq_puts(m, release);
			emu_seq_puts(m, end);
			emu_seq_release(&host);
			return 0;
		}
	}
	emu_seq_release(&host);
	if (syscall(SYS_uname, &uts))
		memset(&uts, 0, sizeof(uts));
	emu_seq_printf(m, "%s version %s (unknown) (unknown) %s\n",
		       uts.sysname[0] ? uts.sysname : "Linux", release,
		       uts.version);
	return 0;
}

__attribute__((constructor)) static void proc_version_init(void)
{
	static const struct emu_vfs_ops ops = { .read = version_read };

	emu_init();
	/* proc_create_single("version", 0, NULL, ...): mode 0444 */
	emu_vfs_add_file("/proc/version", 0444, &ops, NULL);
}
