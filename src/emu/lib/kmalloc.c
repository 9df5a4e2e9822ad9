/* SPDX-License-Identifier: MIT */
/*
 * The kernel's kmalloc caches reduced to a per-thread free list per
 * power-of-two size (no kernel file: mm/slub.c's per-CPU freelist is the
 * model). A signal/wait loop allocates and frees the same few small
 * blocks every iteration (argument arrays, fences, syncobj points); here
 * they are reused without malloc's locking and bookkeeping.
 *
 * A block's size class is read back from malloc_usable_size(), so any
 * malloc'd block may be given to emu_kfree() and a block from
 * emu_kmalloc() may still be given to free(). Each list holds a bounded
 * number of blocks, and a thread's lists are freed when it exits.
 *
 * Under AddressSanitizer, or a valgrind tool that replaces malloc
 * (memcheck, helgrind, drd, massif, dhat), the lists are off: a recycled
 * block would hide a use after free from them, as the kernel's caches
 * would from KASAN without its quarantine. Callgrind keeps them: its
 * counts are the figures of the real thing.
 */
#include <malloc.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#include "kmalloc.h"

#if defined(__SANITIZE_ADDRESS__)
#define EMU_KMALLOC_CACHE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EMU_KMALLOC_CACHE 0
#endif
#endif
#ifndef EMU_KMALLOC_CACHE
#define EMU_KMALLOC_CACHE 1
#endif

#define KM_MIN_SHIFT 5 /* 32 bytes: a free block holds the next pointer */
#define KM_MAX_SHIFT 10 /* 1 KiB; larger blocks go to malloc */
#define KM_CLASSES (KM_MAX_SHIFT - KM_MIN_SHIFT + 1)
#define KM_LIST_MAX 32 /* blocks kept per class and thread */

struct km_block {
	struct km_block *next;
};

struct km_cache {
	struct km_block *head[KM_CLASSES];
	unsigned int count[KM_CLASSES];
	bool registered;
};

static __thread struct km_cache km_cache;
static pthread_key_t km_key;
static pthread_once_t km_once = PTHREAD_ONCE_INIT;
/* -1 unknown, 0 off (valgrind), 1 on */
static int km_enabled = -1;

/* A thread's lists at its exit. */
static void km_drain(void *arg)
{
	struct km_cache *c = arg;

	for (unsigned int i = 0; i < KM_CLASSES; i++) {
		while (c->head[i]) {
			struct km_block *b = c->head[i];

			c->head[i] = b->next;
			free(b);
		}
		c->count[i] = 0;
	}
}

static void km_key_create(void)
{
	if (pthread_key_create(&km_key, km_drain))
		__atomic_store_n(&km_enabled, 0, __ATOMIC_RELAXED);
}

/* A valgrind tool with its own malloc preloads vgpreload_<tool>; the
 * core's own preload is vgpreload_core. */
static bool km_valgrind_malloc(void)
{
	const char *p = getenv("LD_PRELOAD");

	if (!RUNNING_ON_VALGRIND)
		return false;
	while (p && (p = strstr(p, "vgpreload_"))) {
		p += strlen("vgpreload_");
		if (strncmp(p, "core", 4))
			return true;
	}
	return false;
}

static bool km_on(void)
{
	int on = __atomic_load_n(&km_enabled, __ATOMIC_RELAXED);

	if (on < 0) {
		on = EMU_KMALLOC_CACHE && !km_valgrind_malloc();
		__atomic_store_n(&km_enabled, on, __ATOMIC_RELAXED);
		if (on)
			pthread_once(&km_once, km_key_create);
		on = __atomic_load_n(&km_enabled, __ATOMIC_RELAXED);
	}
	return on > 0;
}

/* The class a request of size bytes is served from, or -1. */
static int km_class_up(size_t size)
{
	unsigned int shift;

	if (size <= (size_t)1 << KM_MIN_SHIFT)
		return 0;
	if (size > (size_t)1 << KM_MAX_SHIFT)
		return -1;
	/* the smallest power of two >= size */
	shift = 64u -
		(unsigned int)__builtin_clzll((unsigned long long)size - 1);
	return (int)(shift - KM_MIN_SHIFT);
}

/* The largest class a block of usable bytes can serve, or -1. */
static int km_class_down(size_t usable)
{
	unsigned int shift;

	if (usable < (size_t)1 << KM_MIN_SHIFT ||
	    usable >= (size_t)2 << KM_MAX_SHIFT)
		return -1;
	/* the largest power of two <= usable */
	shift = 63u - (unsigned int)__builtin_clzll((unsigned long long)usable);
	return (int)(shift - KM_MIN_SHIFT);
}

void *emu_kmalloc(size_t size)
{
	struct km_cache *c = &km_cache;
	int k;

	if (!km_on() || (k = km_class_up(size)) < 0)
		return malloc(size);
	if (c->head[k]) {
		struct km_block *b = c->head[k];

		c->head[k] = b->next;
		c->count[k]--;
		return b;
	}
	return malloc((size_t)1 << (k + KM_MIN_SHIFT));
}

void *emu_kzalloc(size_t size)
{
	void *p = emu_kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void *emu_kcalloc(size_t n, size_t size)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return emu_kzalloc(bytes);
}

void emu_kfree(void *p)
{
	struct km_cache *c = &km_cache;
	struct km_block *b = p;
	int k;

	if (!p)
		return;
	if (!km_on() || (k = km_class_down(malloc_usable_size(p))) < 0 ||
	    c->count[k] >= KM_LIST_MAX) {
		free(p);
		return;
	}
	if (!c->registered) {
		/* the exit handler frees what the thread kept */
		if (pthread_setspecific(km_key, c)) {
			free(p);
			return;
		}
		c->registered = true;
	}
	b->next = c->head[k];
	c->head[k] = b;
	c->count[k]++;
}
