/* SPDX-License-Identifier: MIT */
/*
 * The emulator's fake filesystem: a table of registered paths (files,
 * directories, symbolic links, the render node) that the libc layer asks
 * before it touches the real filesystem.
 *
 * Registered directories are complete: anything below them that is not
 * registered does not exist, so a real GPU's sysfs or /dev/dri entries
 * never leak through. Parent directories created on the way ("implicit")
 * belong to the real filesystem; they only add their registered children
 * to it. File contents are produced at open and served from a memfd, so
 * read, fstat, lseek and mmap behave like on a real file.
 *
 * Handlers (read, write, access) run without the table lock: they may
 * take the device lock. Nodes can be added and removed at any time (the
 * DRM core registers /proc/self/fdinfo/<fd> per fd).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "emu/device.h"
#include "emu/emu.h"
#include "seq_file.h"
#include "vfs.h"

#define VFS_HASH_SIZE EMU_VFS_HASH_SIZE
/* MAXSYMLINKS: the kernel's ELOOP limit for one path walk. */
#define VFS_MAX_LINKS 40
#define VFS_MAX_GATES 16
/* A fake st_dev for every emulated node (sysfs is an anonymous device). */
#define VFS_ST_DEV makedev(0, 0x55)

/* What a path walk found; copied out of the table under the lock. */
enum vfs_kind {
	VFS_RES_PASS,
	VFS_RES_HIDDEN,
	VFS_RES_ERR,
	VFS_RES_IMPLICIT,
	VFS_RES_NODE
};

struct vfs_gate {
	emu_vfs_access_fn fn;
	void *arg;
	char *path;
};

struct vfs_res {
	enum vfs_kind kind;
	int err;
	bool redirected; /* a registered link was followed */
	char path[PATH_MAX]; /* with every followed link resolved */
	enum emu_vfs_type type;
	mode_t mode;
	struct emu_vfs_ops ops;
	void *arg;
	dev_t rdev;
	uint64_t ino;
	off_t size;
	unsigned int ngates;
	struct vfs_gate gates[VFS_MAX_GATES];
};

/* An open vfs file or directory fd. */
struct vfs_fd {
	char *path;
	bool writable;
	bool dir;
};

struct vfs_dent {
	char name[256];
	unsigned char type;
	uint64_t ino;
};

struct vfs_dir {
	struct vfs_dir *next;
	struct vfs_dent *ents;
	size_t n, pos;
	struct dirent de;
	struct dirent64 de64;
};

/* The first inode number of the nodes created on the way. */
#define VFS_FIRST_INO 1000

/* Whether this thread holds the table lock (emu_dev.vfs.lock): per thread,
 * so not device state. */
static __thread bool vfs_lock_mine;

static void vfs_lock(void)
{
	pthread_mutex_lock(&emu_dev.vfs.lock);
	vfs_lock_mine = true;
}

static void vfs_unlock(void)
{
	EMU_WARN_ON(!vfs_lock_mine);
	vfs_lock_mine = false;
	pthread_mutex_unlock(&emu_dev.vfs.lock);
}

/* "/", set up at its first use (under the table lock). */
static struct vfs_node *vfs_root(void)
{
	struct vfs_node *root = &emu_dev.vfs.root;

	EMU_WARN_ON(!vfs_lock_mine); /* the table lock */
	if (!root->path) {
		root->path = "/";
		root->name = "";
		root->type = EMU_VFS_DIR;
		root->implicit = true;
		root->mode = 0755;
		root->ino = 2;
	}
	return root;
}

static unsigned int vfs_hash_str(const char *s, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h % VFS_HASH_SIZE;
}

/* Lexical canonical form: absolute, no "//", ".", ".." or trailing "/". */
static bool vfs_normalise(const char *path, char *out)
{
	char tmp[PATH_MAX];
	const char *p;
	size_t o = 0;

	if (!path || !*path)
		return false;
	if (path[0] != '/') {
		size_t n;

		if (!getcwd(tmp, sizeof(tmp)))
			return false;
		n = strlen(tmp);
		if (n + 1 + strlen(path) >= sizeof(tmp))
			return false;
		tmp[n] = '/';
		strcpy(tmp + n + 1, path);
	} else {
		if (strlen(path) >= sizeof(tmp))
			return false;
		strcpy(tmp, path);
	}

	for (p = tmp; *p;) {
		size_t len;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		len = strcspn(p, "/");
		if (len == 1 && p[0] == '.') {
			/* nothing */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else {
			if (o + 1 + len >= PATH_MAX)
				return false;
			out[o++] = '/';
			memcpy(out + o, p, len);
			o += len;
		}
		p += len;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	return true;
}

static struct vfs_node *vfs_find(const char *path, size_t len)
{
	struct vfs_node *n;

	if (len == 1 && path[0] == '/')
		return vfs_root();
	for (n = emu_dev.vfs.hash[vfs_hash_str(path, len)]; n; n = n->hash_next)
		if (!strncmp(n->path, path, len) && n->path[len] == '\0')
			return n;
	return NULL;
}

static bool vfs_is_hidden(const char *path)
{
	for (size_t i = 0; i < emu_dev.vfs.nhidden; i++)
		if (!strncmp(path, emu_dev.vfs.hidden[i],
			     strlen(emu_dev.vfs.hidden[i])))
			return true;
	return false;
}

static void vfs_add_gate(struct vfs_res *r, struct vfs_node *n)
{
	if (!n->ops.access || r->ngates >= VFS_MAX_GATES)
		return;
	r->gates[r->ngates].fn = n->ops.access;
	r->gates[r->ngates].arg = n->arg;
	r->gates[r->ngates].path = strdup(n->path);
	r->ngates++;
}

static void vfs_res_done(struct vfs_res *r)
{
	for (unsigned int i = 0; i < r->ngates; i++)
		free(r->gates[i].path);
	r->ngates = 0;
}

/* Run the access gates collected on the walk, outside the lock. */
static int vfs_run_gates(struct vfs_res *r)
{
	int ret = 0;

	for (unsigned int i = 0; i < r->ngates && !ret; i++)
		if (r->gates[i].path)
			ret = r->gates[i].fn(r->gates[i].path, r->gates[i].arg);
	vfs_res_done(r);
	return ret;
}

static bool path_under(const char *path, const char *dir)
{
	size_t len = strlen(dir);

	return !strncmp(path, dir, len) && path[len] == '/';
}

/*
 * What stat() says of a file's length is its filesystem's, never the
 * content's: sysfs gives every attribute PAGE_SIZE
 * (sysfs_add_file_mode_ns(); the one binary attribute here, PCI config,
 * is 4096 on PCIe too), while procfs, debugfs and tracefs inodes keep
 * i_size 0 and are read to EOF.
 */
static off_t vfs_node_size(const struct vfs_node *n)
{
	switch (n->type) {
	case EMU_VFS_FILE:
		if (path_under(n->path, "/sys") &&
		    !path_under(n->path, "/sys/kernel/debug") &&
		    !path_under(n->path, "/sys/kernel/tracing"))
			return 4096;
		return 0;
	case EMU_VFS_LINK:
		return (off_t)strlen(n->target);
	default:
		return 0;
	}
}

/*
 * Walk a canonical path component by component, following registered
 * links like path_lookupat(): always in the middle, at the end only with
 * follow. Access gates of the directories passed (and of the final node
 * with gate_last) are collected. Needs the lock.
 */
static void vfs_walk(const char *start, bool follow, bool gate_last,
		     struct vfs_res *r)
{
	char cur[PATH_MAX];
	unsigned int hops = 0;
	struct vfs_node *node;
	const char *p;

	EMU_WARN_ON(!vfs_lock_mine); /* the table lock */
	memset(r, 0, sizeof(*r));
	strcpy(cur, start);
restart:
	node = vfs_root();
	for (p = cur + 1; *p;) {
		size_t plen = strcspn(p, "/");
		bool last = p[plen] == '\0';
		size_t prefix = (size_t)(p - cur) + plen;
		struct vfs_node *child = vfs_find(cur, prefix);

		if (!child) {
			/* A registered directory is complete. */
			if (!node->implicit || vfs_is_hidden(cur))
				r->kind = VFS_RES_HIDDEN;
			else
				r->kind = VFS_RES_PASS;
			strcpy(r->path, cur);
			return;
		}
		if (child->type == EMU_VFS_LINK && (!last || follow)) {
			char next[PATH_MAX * 2];
			int n;

			if (++hops > VFS_MAX_LINKS) {
				r->kind = VFS_RES_ERR;
				r->err = -ELOOP;
				return;
			}
			if (child->target[0] == '/')
				n = snprintf(next, sizeof(next), "%s/%s",
					     child->target, p + plen);
			else
				n = snprintf(next, sizeof(next), "%.*s/%s/%s",
					     (int)(p - cur), cur, child->target,
					     p + plen);
			if (n < 0 || (size_t)n >= sizeof(next) ||
			    !vfs_normalise(next, cur)) {
				r->kind = VFS_RES_ERR;
				r->err = -ENAMETOOLONG;
				return;
			}
			r->redirected = true;
			goto restart;
		}
		if (!last && child->type != EMU_VFS_DIR) {
			r->kind = VFS_RES_ERR;
			r->err = -ENOTDIR;
			return;
		}
		if (!last)
			vfs_add_gate(r, child);
		node = child;
		if (last)
			break;
		p += plen + 1;
	}
	if (gate_last)
		vfs_add_gate(r, node);
	strcpy(r->path, cur);
	if (node->implicit) {
		r->kind = vfs_is_hidden(cur) ? VFS_RES_HIDDEN :
					       VFS_RES_IMPLICIT;
		return;
	}
	r->kind = VFS_RES_NODE;
	r->type = node->type;
	r->mode = node->mode;
	r->ops = node->ops;
	r->arg = node->arg;
	r->rdev = node->rdev;
	r->ino = node->ino;
	r->size = vfs_node_size(node);
}

static bool vfs_resolve(const char *path, bool follow, bool gate_last,
			struct vfs_res *r)
{
	char norm[PATH_MAX];

	if (!vfs_normalise(path, norm))
		return false;
	vfs_lock();
	vfs_walk(norm, follow, gate_last, r);
	vfs_unlock();
	return true;
}

/*
 * The walk left the table for the real filesystem after following one of
 * our links: the real call must use the resolved path, not the caller's.
 */
static bool vfs_redirected_real(const struct vfs_res *r)
{
	return r->redirected &&
	       (r->kind == VFS_RES_PASS || r->kind == VFS_RES_IMPLICIT);
}

/* Map a walk result that is not a plain node: PASS, or -errno. */
static int vfs_res_error(struct vfs_res *r)
{
	vfs_res_done(r);
	switch (r->kind) {
	case VFS_RES_HIDDEN:
		return -ENOENT;
	case VFS_RES_ERR:
		return r->err;
	default:
		return EMU_VFS_PASS;
	}
}

static void vfs_fill_stat(const struct vfs_res *r, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = VFS_ST_DEV;
	st->st_ino = r->ino;
	st->st_nlink = r->type == EMU_VFS_DIR ? 2 : 1;
	st->st_size = r->size;
	st->st_blksize = 4096;
	st->st_blocks = 0;
	st->st_atim = emu_dev.vfs.time;
	st->st_mtim = emu_dev.vfs.time;
	st->st_ctim = emu_dev.vfs.time;
	switch (r->type) {
	case EMU_VFS_DIR:
		st->st_mode = S_IFDIR | (r->mode & 07777);
		break;
	case EMU_VFS_LINK:
		st->st_mode = S_IFLNK | 0777;
		break;
	case EMU_VFS_CHR:
		st->st_mode = S_IFCHR | (r->mode & 07777);
		st->st_rdev = r->rdev;
		break;
	default:
		st->st_mode = S_IFREG | (r->mode & 07777);
		break;
	}
}

static void vfs_fill_dir_stat(const char *path, struct stat *st)
{
	struct vfs_res r = { 0 };

	r.type = EMU_VFS_DIR;
	r.mode = 0755;
	r.ino = vfs_hash_str(path, strlen(path)) + 1;
	vfs_fill_stat(&r, st);
}

/* --- registration --- */

static void vfs_unhash(struct vfs_node *n)
{
	struct vfs_node **pp =
		&emu_dev.vfs.hash[vfs_hash_str(n->path, strlen(n->path))];

	for (; *pp; pp = &(*pp)->hash_next) {
		if (*pp == n) {
			*pp = n->hash_next;
			return;
		}
	}
}

static void vfs_free_subtree(struct vfs_node *n)
{
	struct vfs_node *c = n->children, *next;

	for (; c; c = next) {
		next = c->next_sibling;
		vfs_free_subtree(c);
	}
	vfs_unhash(n);
	free(n->path);
	free(n->content);
	free(n->target);
	free(n);
}

static void vfs_unlink_child(struct vfs_node *n)
{
	struct vfs_node *parent = n->parent, **pp, *prev = NULL;

	for (pp = &parent->children; *pp;
	     prev = *pp, pp = &(*pp)->next_sibling) {
		if (*pp == n) {
			*pp = n->next_sibling;
			if (parent->last_child == n)
				parent->last_child = prev;
			return;
		}
	}
}

/* Find or create the node for a canonical path, parents implicit. */
static struct vfs_node *vfs_get(const char *norm)
{
	struct vfs_node *parent = vfs_root(), *n;
	const char *p;

	for (p = norm + 1; *p;) {
		size_t plen = strcspn(p, "/");
		size_t prefix = (size_t)(p - norm) + plen;

		n = vfs_find(norm, prefix);
		if (!n) {
			n = calloc(1, sizeof(*n));
			if (!n || !(n->path = strndup(norm, prefix))) {
				free(n);
				return NULL;
			}
			n->name = n->path + (p - norm);
			n->type = EMU_VFS_DIR;
			n->implicit = true;
			n->mode = 0755;
			n->ino = VFS_FIRST_INO + emu_dev.vfs.inos_used++;
			n->parent = parent;
			if (parent->last_child)
				parent->last_child->next_sibling = n;
			else
				parent->children = n;
			parent->last_child = n;
			n->hash_next =
				emu_dev.vfs.hash[vfs_hash_str(n->path, prefix)];
			emu_dev.vfs.hash[vfs_hash_str(n->path, prefix)] = n;
		} else if (n->type != EMU_VFS_DIR && p[plen]) {
			/* A file or link in the way of a deeper path. */
			return NULL;
		}
		parent = n;
		p += plen;
		if (*p == '/')
			p++;
	}
	return parent;
}

/* Turn node n (found or created) into a registered node of a type. */
static struct vfs_node *vfs_register(const char *path, enum emu_vfs_type type)
{
	char norm[PATH_MAX];
	struct vfs_node *n, *c, *next;

	if (!path || path[0] != '/' || !vfs_normalise(path, norm) ||
	    !strcmp(norm, "/")) {
		emu_log("vfs: cannot register '%s'", path ? path : "(null)");
		return NULL;
	}
	if (!emu_dev.vfs.time.tv_sec)
		clock_gettime(CLOCK_REALTIME, &emu_dev.vfs.time);
	n = vfs_get(norm);
	if (!n) {
		emu_log("vfs: cannot register '%s'", path);
		return NULL;
	}
	if (type != EMU_VFS_DIR) {
		for (c = n->children; c; c = next) {
			next = c->next_sibling;
			vfs_free_subtree(c);
		}
		n->children = n->last_child = NULL;
	}
	free(n->content);
	free(n->target);
	n->content = n->target = NULL;
	n->content_len = 0;
	memset(&n->ops, 0, sizeof(n->ops));
	n->arg = NULL;
	n->type = type;
	n->implicit = false;
	return n;
}

/* A file or directory whose contents come from ops. */
static void vfs_add_ops(const char *path, enum emu_vfs_type type, mode_t mode,
			const struct emu_vfs_ops *ops, void *arg)
{
	struct vfs_node *n;

	vfs_lock();
	n = vfs_register(path, type);
	if (n) {
		n->mode = mode;
		if (ops)
			n->ops = *ops;
		n->arg = arg;
	}
	vfs_unlock();
}

void emu_vfs_add_file(const char *path, mode_t mode,
		      const struct emu_vfs_ops *ops, void *arg)
{
	vfs_add_ops(path, EMU_VFS_FILE, mode & 07777, ops, arg);
}

void emu_vfs_add_static(const char *path, const char *content)
{
	struct vfs_node *n;

	vfs_lock();
	n = vfs_register(path, EMU_VFS_FILE);
	if (n) {
		n->mode = 0444;
		n->content = strdup(content ? content : "");
		n->content_len = n->content ? strlen(n->content) : 0;
	}
	vfs_unlock();
}

void emu_vfs_add_staticf(const char *path, const char *fmt, ...)
{
	struct emu_seq_file m;
	va_list ap;

	emu_seq_init(&m);
	va_start(ap, fmt);
	emu_seq_vprintf(&m, fmt, ap);
	va_end(ap);
	emu_vfs_add_static(path, m.buf && !m.error ? m.buf : "");
	emu_seq_release(&m);
}

void emu_vfs_add_dir(const char *path, const struct emu_vfs_ops *ops, void *arg)
{
	vfs_add_ops(path, EMU_VFS_DIR, 0755, ops, arg);
}

void emu_vfs_add_link(const char *path, const char *target)
{
	struct vfs_node *n;

	vfs_lock();
	n = vfs_register(path, EMU_VFS_LINK);
	if (n) {
		n->mode = 0777;
		n->target = strdup(target);
	}
	vfs_unlock();
}

void emu_vfs_add_chr(const char *path, unsigned int major, unsigned int minor)
{
	struct vfs_node *n;

	vfs_lock();
	n = vfs_register(path, EMU_VFS_CHR);
	if (n) {
		/* udev's default for render nodes: crw-rw-rw-. */
		n->mode = 0666;
		n->rdev = makedev(major, minor);
	}
	vfs_unlock();
}

void emu_vfs_remove(const char *path)
{
	char norm[PATH_MAX];
	struct vfs_node *n;

	if (!vfs_normalise(path, norm) || !strcmp(norm, "/"))
		return;
	vfs_lock();
	n = vfs_find(norm, strlen(norm));
	if (n) {
		vfs_unlink_child(n);
		vfs_free_subtree(n);
	}
	vfs_unlock();
}

void emu_vfs_hide(const char *prefix)
{
	char **h;

	vfs_lock();
	h = realloc(emu_dev.vfs.hidden, (emu_dev.vfs.nhidden + 1) * sizeof(*h));
	if (h) {
		emu_dev.vfs.hidden = h;
		emu_dev.vfs.hidden[emu_dev.vfs.nhidden] = strdup(prefix);
		if (emu_dev.vfs.hidden[emu_dev.vfs.nhidden])
			emu_dev.vfs.nhidden++;
	}
	vfs_unlock();
}

/*
 * The directory that would hold @norm, for mkdir and rmdir: its path in
 * @parent and the entry's name in @name. 0 with the parent's ops in @r, or
 * -errno (after running the gates of the walk).
 */
static int vfs_parent(const char *norm, char *parent, const char **name,
		      struct vfs_res *r)
{
	char *slash;
	int ret;

	strcpy(parent, norm);
	slash = strrchr(parent, '/');
	if (!slash || !slash[1])
		return -EEXIST; /* "/" */
	*name = norm + (slash - parent) + 1;
	if (slash == parent)
		slash[1] = '\0';
	else
		*slash = '\0';
	vfs_lock();
	vfs_walk(parent, true, true, r);
	vfs_unlock();
	if (r->kind != VFS_RES_NODE) {
		ret = vfs_res_error(r);
		return ret == EMU_VFS_PASS ? -EPERM : ret;
	}
	ret = vfs_run_gates(r);
	if (ret)
		return ret;
	return r->type == EMU_VFS_DIR ? 0 : -ENOTDIR;
}

/*
 * mkdir(2) and rmdir(2) of a fake path: look @path up without following
 * its last component. EMU_VFS_PASS for a real path (not ours), else the
 * walk's result in @r.
 */
static int vfs_dir_op_lookup(const char *path, char *norm, struct vfs_res *r)
{
	if (!vfs_normalise(path, norm))
		return EMU_VFS_PASS;
	vfs_lock();
	vfs_walk(norm, false, false, r);
	vfs_unlock();
	vfs_res_done(r);
	if (r->kind == VFS_RES_PASS || r->kind == VFS_RES_IMPLICIT)
		return EMU_VFS_PASS;
	return 0;
}

int emu_vfs_mkdir(const char *path)
{
	char norm[PATH_MAX], parent[PATH_MAX];
	const char *name;
	struct vfs_res r;
	int ret;

	ret = vfs_dir_op_lookup(path, norm, &r);
	if (ret)
		return ret;
	if (r.kind == VFS_RES_ERR)
		return r.err;
	if (r.kind == VFS_RES_NODE)
		return -EEXIST;
	/* hidden: not there; the registered parent decides */
	ret = vfs_parent(norm, parent, &name, &r);
	if (ret)
		return ret;
	return r.ops.mkdir ? r.ops.mkdir(parent, r.arg, name) : -EPERM;
}

int emu_vfs_rmdir(const char *path)
{
	char norm[PATH_MAX], parent[PATH_MAX];
	const char *name;
	struct vfs_res r;
	int ret;

	ret = vfs_dir_op_lookup(path, norm, &r);
	if (ret)
		return ret;
	if (r.kind != VFS_RES_NODE)
		return r.kind == VFS_RES_ERR ? r.err : -ENOENT;
	if (r.type != EMU_VFS_DIR)
		return -ENOTDIR;
	ret = vfs_parent(norm, parent, &name, &r);
	if (ret)
		return ret;
	return r.ops.rmdir ? r.ops.rmdir(parent, r.arg, name) : -EPERM;
}

/* --- the libc layer's calls --- */

int emu_vfs_stat(const char *path, bool follow, struct stat *st)
{
	struct vfs_res r;
	int ret;

	if (!vfs_resolve(path, follow, false, &r))
		return EMU_VFS_PASS;
	if (r.kind == VFS_RES_IMPLICIT || vfs_redirected_real(&r)) {
		ret = vfs_run_gates(&r);
		if (ret)
			return ret;
		/* The real file if there is one; an implicit directory
		 * that does not exist for real gets a stand-in. */
		if (!syscall(SYS_newfstatat, AT_FDCWD, r.path, st,
			     follow ? 0 : AT_SYMLINK_NOFOLLOW))
			return 0;
		if (r.kind != VFS_RES_IMPLICIT ||
		    (errno != ENOENT && errno != ENOTDIR))
			return -errno;
		vfs_fill_dir_stat(r.path, st);
		return 0;
	}
	if (r.kind != VFS_RES_NODE)
		return vfs_res_error(&r);
	ret = vfs_run_gates(&r);
	if (ret)
		return ret;
	vfs_fill_stat(&r, st);
	return 0;
}

int emu_vfs_access(const char *path, int mode)
{
	struct vfs_res r;
	int ret;

	if (!vfs_resolve(path, true, false, &r))
		return EMU_VFS_PASS;
	if (r.kind == VFS_RES_IMPLICIT || vfs_redirected_real(&r)) {
		ret = vfs_run_gates(&r);
		if (ret)
			return ret;
		if (!syscall(SYS_faccessat, AT_FDCWD, r.path, mode, 0))
			return 0;
		return errno == ENOENT && r.kind == VFS_RES_IMPLICIT ? 0 :
								       -errno;
	}
	if (r.kind != VFS_RES_NODE)
		return vfs_res_error(&r);
	ret = vfs_run_gates(&r);
	if (ret)
		return ret;
	if ((mode & W_OK) && r.type == EMU_VFS_FILE && !r.ops.write)
		return -EACCES;
	if ((mode & W_OK) && r.type == EMU_VFS_DIR)
		return -EACCES;
	if ((mode & X_OK) && r.type != EMU_VFS_DIR)
		return -EACCES;
	return 0;
}

int emu_vfs_readlink(const char *path, char *buf, size_t size, size_t *len)
{
	char norm[PATH_MAX];
	struct vfs_res r;
	struct vfs_node *n;
	size_t tlen = 0;
	int ret;

	if (!vfs_resolve(path, false, false, &r))
		return EMU_VFS_PASS;
	if (vfs_redirected_real(&r)) {
		ssize_t got;

		ret = vfs_run_gates(&r);
		if (ret)
			return ret;
		got = (ssize_t)syscall(SYS_readlinkat, AT_FDCWD, r.path, buf,
				       size);
		if (got < 0)
			return -errno;
		*len = (size_t)got;
		return 0;
	}
	if (r.kind != VFS_RES_NODE)
		return vfs_res_error(&r);
	ret = vfs_run_gates(&r);
	if (ret)
		return ret;
	if (r.type != EMU_VFS_LINK)
		return -EINVAL;
	if (!vfs_normalise(r.path, norm))
		return -ENOENT;
	vfs_lock();
	n = vfs_find(norm, strlen(norm));
	if (n && n->type == EMU_VFS_LINK) {
		tlen = strlen(n->target);
		if (tlen > size)
			tlen = size;
		memcpy(buf, n->target, tlen);
	}
	vfs_unlock();
	if (!n)
		return -ENOENT;
	*len = tlen;
	return 0;
}

int emu_vfs_realpath(const char *path, char *out)
{
	struct vfs_res r;
	int ret;

	if (!vfs_resolve(path, true, false, &r))
		return EMU_VFS_PASS;
	if (vfs_redirected_real(&r)) {
		char *(*real_realpath)(const char *, char *) =
			emu_libc_sym("realpath");

		ret = vfs_run_gates(&r);
		if (ret)
			return ret;
		if (!real_realpath)
			return -ENOSYS;
		return real_realpath(r.path, out) ? 0 : -errno;
	}
	if (r.kind != VFS_RES_NODE)
		return vfs_res_error(&r);
	ret = vfs_run_gates(&r);
	if (ret)
		return ret;
	strcpy(out, r.path);
	return 0;
}

/* --- opened files --- */

static void vfs_track_fd(int fd, const char *path, bool writable, bool dir)
{
	struct vfs_fd *e = calloc(1, sizeof(*e));

	if (!e || !(e->path = strdup(path))) {
		free(e);
		return;
	}
	e->writable = writable;
	e->dir = dir;
	vfs_lock();
	if ((size_t)fd >= emu_dev.vfs.fds_cap) {
		size_t cap = emu_dev.vfs.fds_cap ? emu_dev.vfs.fds_cap : 64;
		struct vfs_fd **t;

		while (cap <= (size_t)fd)
			cap *= 2;
		t = realloc(emu_dev.vfs.fds, cap * sizeof(*t));
		if (!t) {
			vfs_unlock();
			free(e->path);
			free(e);
			return;
		}
		memset(t + emu_dev.vfs.fds_cap, 0,
		       (cap - emu_dev.vfs.fds_cap) * sizeof(*t));
		emu_dev.vfs.fds = t;
		emu_dev.vfs.fds_cap = cap;
	}
	if (emu_dev.vfs.fds[fd]) {
		free(emu_dev.vfs.fds[fd]->path);
		free(emu_dev.vfs.fds[fd]);
	} else {
		atomic_fetch_add(&emu_dev.vfs.nfds, 1);
	}
	emu_dev.vfs.fds[fd] = e;
	vfs_unlock();
}

/* Write all of buf to fd: 0 or -errno. */
static int vfs_write_all(int fd, const char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = syscall(SYS_write, fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		done += (size_t)n;
	}
	return 0;
}

/* A memfd holding the content (NULL: empty), reopened with the caller's
 * access mode. The content is read out of m as a reader of the kernel's
 * seq_file would, one page at a time. */
static int vfs_memfd(const char *name, const struct emu_seq_file *m, int flags)
{
	int cloexec = flags & O_CLOEXEC;
	char proc[64], page[4096];
	off_t pos = 0;
	ssize_t n;
	int fd, fd2, r = 0;

	fd = memfd_create(name, cloexec ? MFD_CLOEXEC : 0);
	if (fd < 0)
		return -errno;
	while (m && !r && (n = emu_seq_read(m, page, sizeof(page), &pos)) > 0)
		r = vfs_write_all(fd, page, (size_t)n);
	if (r) {
		syscall(SYS_close, fd);
		return r;
	}
	lseek(fd, 0, SEEK_SET);
	/* A read-only open must not be writable through the fd. */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	fd2 = (int)syscall(SYS_openat, AT_FDCWD, proc,
			   (flags & O_ACCMODE) | cloexec);
	if (fd2 < 0)
		return fd; /* no /proc: keep the read-write memfd */
	syscall(SYS_close, fd);
	return fd2;
}

int emu_vfs_open(const char *path, int flags, int *fd)
{
	int acc = flags & O_ACCMODE;
	struct emu_seq_file m;
	struct vfs_res r;
	int ret;

	if (!vfs_resolve(path, !(flags & O_NOFOLLOW), true, &r))
		return EMU_VFS_PASS;
	if (vfs_redirected_real(&r)) {
		ret = vfs_run_gates(&r);
		if (ret)
			return ret;
		/* O_CREAT through one of our links: the mode is a guess. */
		ret = (int)syscall(SYS_openat, AT_FDCWD, r.path, flags, 0666);
		if (ret < 0)
			return -errno;
		*fd = ret;
		return 0;
	}
	if (r.kind == VFS_RES_IMPLICIT) {
		vfs_res_done(&r);
		return EMU_VFS_PASS;
	}
	if (r.kind != VFS_RES_NODE)
		return vfs_res_error(&r);
	ret = vfs_run_gates(&r);
	if (ret)
		return ret;
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	switch (r.type) {
	case EMU_VFS_CHR:
		return flags & O_DIRECTORY ? -ENOTDIR : EMU_VFS_DEVICE;
	case EMU_VFS_LINK:
		return -ELOOP; /* O_NOFOLLOW on a link */
	case EMU_VFS_DIR:
		if (acc != O_RDONLY)
			return -EISDIR;
		ret = vfs_memfd("emu-dir", NULL, flags);
		if (ret < 0)
			return ret;
		vfs_track_fd(ret, r.path, false, true);
		*fd = ret;
		return 0;
	default:
		break;
	}
	if (flags & O_DIRECTORY)
		return -ENOTDIR;
	if (acc != O_RDONLY && !r.ops.write)
		return -EACCES;

	emu_seq_init(&m);
	if (acc != O_WRONLY) {
		char norm[PATH_MAX];
		struct vfs_node *n;
		bool have = false;

		/* Static content is copied under the lock; handlers run
		 * without it. */
		if (vfs_normalise(r.path, norm)) {
			vfs_lock();
			n = vfs_find(norm, strlen(norm));
			if (n && n->content) {
				emu_seq_write(&m, n->content, n->content_len);
				have = true;
			}
			vfs_unlock();
		}
		if (!have && r.ops.read) {
			ret = r.ops.read(r.path, r.arg, &m);
			if (ret) {
				emu_seq_release(&m);
				return ret < 0 ? ret : -EIO;
			}
		}
		if (m.error) {
			ret = m.error;
			emu_seq_release(&m);
			return ret;
		}
	}
	ret = vfs_memfd(strrchr(r.path, '/') + 1, &m, flags);
	emu_seq_release(&m);
	if (ret < 0)
		return ret;
	vfs_track_fd(ret, r.path, acc != O_RDONLY, false);
	*fd = ret;
	return 0;
}

static struct vfs_fd *vfs_fd_get(int fd)
{
	if (fd < 0 || (size_t)fd >= emu_dev.vfs.fds_cap)
		return NULL;
	return emu_dev.vfs.fds[fd];
}

bool emu_vfs_fd_writable(int fd)
{
	struct vfs_fd *e;
	bool ret;

	if (!atomic_load(&emu_dev.vfs.nfds))
		return false;
	vfs_lock();
	e = vfs_fd_get(fd);
	ret = e && e->writable;
	vfs_unlock();
	return ret;
}

int emu_vfs_fd_write(int fd, const void *buf, size_t len, long *out)
{
	emu_vfs_write_fn fn = NULL;
	char path[PATH_MAX];
	struct vfs_node *n;
	struct vfs_fd *e;
	void *arg = NULL;

	if (!atomic_load(&emu_dev.vfs.nfds))
		return EMU_VFS_PASS;
	vfs_lock();
	e = vfs_fd_get(fd);
	if (!e || !e->writable) {
		vfs_unlock();
		return EMU_VFS_PASS;
	}
	snprintf(path, sizeof(path), "%s", e->path);
	n = vfs_find(path, strlen(path));
	if (n && n->type == EMU_VFS_FILE) {
		fn = n->ops.write;
		arg = n->arg;
	}
	vfs_unlock();
	/* The node went away under an open fd (debugfs_file_get()). */
	*out = fn ? fn(path, arg, buf, len) : -EIO;
	return 0;
}

int emu_vfs_fd_stat(int fd, struct stat *st)
{
	struct vfs_fd *e;
	char path[PATH_MAX];
	bool dir = false;

	if (!atomic_load(&emu_dev.vfs.nfds))
		return EMU_VFS_PASS;
	vfs_lock();
	e = vfs_fd_get(fd);
	if (e && e->dir) {
		dir = true;
		snprintf(path, sizeof(path), "%s", e->path);
	}
	vfs_unlock();
	/* Files are real memfds; only directory fds need a stand-in. */
	if (!dir)
		return EMU_VFS_PASS;
	if (emu_vfs_stat(path, true, st) != 0)
		vfs_fill_dir_stat(path, st);
	return 0;
}

void emu_vfs_fd_dup(int oldfd, int newfd)
{
	struct vfs_fd *e;
	char path[PATH_MAX];
	bool writable = false, dir = false, found = false;

	if (!atomic_load(&emu_dev.vfs.nfds))
		return;
	vfs_lock();
	e = vfs_fd_get(oldfd);
	if (e) {
		snprintf(path, sizeof(path), "%s", e->path);
		writable = e->writable;
		dir = e->dir;
		found = true;
	}
	vfs_unlock();
	if (found)
		vfs_track_fd(newfd, path, writable, dir);
	else
		emu_vfs_fd_close(newfd);
}

void emu_vfs_fd_close(int fd)
{
	struct vfs_fd *e;

	if (!atomic_load(&emu_dev.vfs.nfds))
		return;
	vfs_lock();
	e = vfs_fd_get(fd);
	if (e) {
		emu_dev.vfs.fds[fd] = NULL;
		atomic_fetch_sub(&emu_dev.vfs.nfds, 1);
	}
	vfs_unlock();
	if (e) {
		free(e->path);
		free(e);
	}
}

/* --- directory streams --- */

static unsigned char vfs_dtype(enum emu_vfs_type t)
{
	switch (t) {
	case EMU_VFS_DIR:
		return DT_DIR;
	case EMU_VFS_LINK:
		return DT_LNK;
	case EMU_VFS_CHR:
		return DT_CHR;
	default:
		return DT_REG;
	}
}

static bool vfs_dir_add(struct vfs_dir *d, size_t *cap, const char *name,
			unsigned char type, uint64_t ino)
{
	if (d->n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		struct vfs_dent *e = realloc(d->ents, c * sizeof(*e));

		if (!e)
			return false;
		d->ents = e;
		*cap = c;
	}
	snprintf(d->ents[d->n].name, sizeof(d->ents[d->n].name), "%s", name);
	d->ents[d->n].type = type;
	d->ents[d->n].ino = ino;
	d->n++;
	return true;
}

/* The real directory's entries, minus hidden and registered ones. */
static int vfs_dir_read_real(struct vfs_dir *d, size_t *cap, const char *path)
{
	DIR *(*real_opendir)(const char *) = emu_libc_sym("opendir");
	struct dirent *(*real_readdir)(DIR *) = emu_libc_sym("readdir");
	int (*real_closedir)(DIR *) = emu_libc_sym("closedir");
	char full[PATH_MAX];
	struct dirent *de;
	DIR *real;

	if (!real_opendir || !real_readdir || !real_closedir)
		return -ENOSYS;
	real = real_opendir(path);
	if (!real)
		return errno == ENOENT ? 0 : -errno;
	while ((de = real_readdir(real))) {
		bool skip;
		int n = snprintf(full, sizeof(full), "%s/%s",
				 strcmp(path, "/") ? path : "", de->d_name);

		if (n < 0 || (size_t)n >= sizeof(full))
			continue;
		vfs_lock();
		skip = vfs_is_hidden(full) || vfs_find(full, strlen(full));
		vfs_unlock();
		if (!skip &&
		    !vfs_dir_add(d, cap, de->d_name, de->d_type, de->d_ino)) {
			real_closedir(real);
			return -ENOMEM;
		}
	}
	real_closedir(real);
	return 0;
}

int emu_vfs_opendir(const char *path, void **out)
{
	struct vfs_node *n, *c;
	char norm[PATH_MAX];
	struct vfs_dir *d;
	struct vfs_res r;
	size_t cap = 0;
	bool ok = true;
	int ret;

	if (!vfs_resolve(path, true, true, &r))
		return EMU_VFS_PASS;
	if (r.kind == VFS_RES_PASS && r.redirected) {
		DIR *(*real_opendir)(const char *) = emu_libc_sym("opendir");
		DIR *real;

		ret = vfs_run_gates(&r);
		if (ret)
			return ret;
		if (!real_opendir)
			return -ENOSYS;
		/* A real stream: readdir() will pass it through. */
		real = real_opendir(r.path);
		if (!real)
			return -errno;
		*out = real;
		return 0;
	}
	if (r.kind != VFS_RES_NODE && r.kind != VFS_RES_IMPLICIT)
		return vfs_res_error(&r);
	ret = vfs_run_gates(&r);
	if (ret)
		return ret;
	if (r.kind == VFS_RES_NODE && r.type != EMU_VFS_DIR)
		return -ENOTDIR;

	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	if (r.kind == VFS_RES_IMPLICIT) {
		ret = vfs_dir_read_real(d, &cap, r.path);
		if (ret) {
			free(d->ents);
			free(d);
			return ret;
		}
	} else {
		ok = vfs_dir_add(d, &cap, ".", DT_DIR, r.ino) &&
		     vfs_dir_add(d, &cap, "..", DT_DIR, 0);
	}
	if (ok && vfs_normalise(r.path, norm)) {
		vfs_lock();
		n = vfs_find(norm, strlen(norm));
		for (c = n ? n->children : NULL; c && ok; c = c->next_sibling)
			ok = vfs_dir_add(d, &cap, c->name, vfs_dtype(c->type),
					 c->ino);
		if (ok) {
			d->next = emu_dev.vfs.dirs;
			emu_dev.vfs.dirs = d;
			atomic_fetch_add(&emu_dev.vfs.ndirs, 1);
		}
		vfs_unlock();
	}
	if (!ok) {
		free(d->ents);
		free(d);
		return -ENOMEM;
	}
	*out = d;
	return 0;
}

bool emu_vfs_is_dir_stream(const void *dir)
{
	struct vfs_dir *d;
	bool found = false;

	if (!dir || !atomic_load(&emu_dev.vfs.ndirs))
		return false;
	vfs_lock();
	for (d = emu_dev.vfs.dirs; d && !found; d = d->next)
		found = d == dir;
	vfs_unlock();
	return found;
}

static struct vfs_dent *vfs_dir_next(struct vfs_dir *d)
{
	return d->pos < d->n ? &d->ents[d->pos++] : NULL;
}

struct dirent *emu_vfs_readdir(void *dir)
{
	struct vfs_dir *d = dir;
	struct vfs_dent *e = vfs_dir_next(d);

	if (!e)
		return NULL;
	memset(&d->de, 0, sizeof(d->de));
	d->de.d_ino = e->ino;
	d->de.d_off = (off_t)d->pos;
	d->de.d_reclen = sizeof(d->de);
	d->de.d_type = e->type;
	snprintf(d->de.d_name, sizeof(d->de.d_name), "%s", e->name);
	return &d->de;
}

struct dirent64 *emu_vfs_readdir64(void *dir)
{
	struct vfs_dir *d = dir;
	struct vfs_dent *e = vfs_dir_next(d);

	if (!e)
		return NULL;
	memset(&d->de64, 0, sizeof(d->de64));
	d->de64.d_ino = e->ino;
	d->de64.d_off = (off64_t)d->pos;
	d->de64.d_reclen = sizeof(d->de64);
	d->de64.d_type = e->type;
	snprintf(d->de64.d_name, sizeof(d->de64.d_name), "%s", e->name);
	return &d->de64;
}

void emu_vfs_rewinddir(void *dir)
{
	((struct vfs_dir *)dir)->pos = 0;
}

int emu_vfs_closedir(void *dir)
{
	struct vfs_dir **pp, *d = dir;

	vfs_lock();
	for (pp = &emu_dev.vfs.dirs; *pp; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			atomic_fetch_sub(&emu_dev.vfs.ndirs, 1);
			break;
		}
	}
	vfs_unlock();
	free(d->ents);
	free(d);
	return 0;
}

int emu_vfs_dirfd(void *dir)
{
	/* The listing is materialised: there is no fd behind it. */
	(void)dir;
	return -ENOTSUP;
}
