/* SPDX-License-Identifier: MIT */
/*
 * A minimal intrusive doubly linked list (the kernel's list_head), for the
 * user-queue emulation: fence-driver pending lists and the device-wide
 * lists of queues, fence drivers and userq fences.
 */
#ifndef UQ_EMU_UQ_LIST_H
#define UQ_EMU_UQ_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct uq_list {
	struct uq_list *prev, *next;
};

#define UQ_LIST_INIT(name)       \
	{                        \
		&(name), &(name) \
	}

#define uq_container_of(ptr, type, member) \
	((type *)((char *)(ptr)-offsetof(type, member)))

static inline void uq_list_init(struct uq_list *l)
{
	l->prev = l;
	l->next = l;
}

static inline bool uq_list_empty(const struct uq_list *l)
{
	return l->next == l;
}

static inline void uq_list_add_tail(struct uq_list *n, struct uq_list *head)
{
	n->prev = head->prev;
	n->next = head;
	head->prev->next = n;
	head->prev = n;
}

/* list_del_init: safe on an entry that is on no list. */
static inline void uq_list_del(struct uq_list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	uq_list_init(n);
}

#define uq_list_for_each(pos, head) \
	for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

#define uq_list_for_each_safe(pos, tmp, head)                            \
	for ((pos) = (head)->next, (tmp) = (pos)->next; (pos) != (head); \
	     (pos) = (tmp), (tmp) = (pos)->next)

#endif
