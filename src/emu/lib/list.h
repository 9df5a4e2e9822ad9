/* SPDX-License-Identifier: MIT */
/*
 * The emulator's one intrusive doubly linked list, after the kernel's
 * list_head API (include/linux/list.h): a circular list through a head
 * node, entries found from their embedded node with emu_container_of().
 *
 * One difference: emu_list_del() is the kernel's list_del_init(), so a
 * node taken off a list is an empty list again and may be deleted twice.
 */
#ifndef UQ_EMU_LIB_LIST_H
#define UQ_EMU_LIB_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct emu_list {
	struct emu_list *prev, *next;
};

#define EMU_LIST_INIT(name)      \
	{                        \
		&(name), &(name) \
	}

#define emu_container_of(ptr, type, member) \
	((type *)((char *)(ptr)-offsetof(type, member)))

static inline void emu_list_init(struct emu_list *l)
{
	l->prev = l;
	l->next = l;
}

static inline bool emu_list_empty(const struct emu_list *l)
{
	return l->next == l;
}

static inline void emu_list_add_tail(struct emu_list *n, struct emu_list *head)
{
	n->prev = head->prev;
	n->next = head;
	head->prev->next = n;
	head->prev = n;
}

/* list_del_init: safe on an entry that is on no list. */
static inline void emu_list_del(struct emu_list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	emu_list_init(n);
}

/* list_move_tail */
static inline void emu_list_move_tail(struct emu_list *n, struct emu_list *head)
{
	emu_list_del(n);
	emu_list_add_tail(n, head);
}

#define emu_list_entry(ptr, type, member) emu_container_of(ptr, type, member)

/* The first entry; the list must not be empty. */
#define emu_list_first_entry(head, type, member) \
	emu_list_entry((head)->next, type, member)

/* The last entry; the list must not be empty. */
#define emu_list_last_entry(head, type, member) \
	emu_list_entry((head)->prev, type, member)

#define emu_list_next_entry(pos, member) \
	emu_list_entry((pos)->member.next, __typeof__(*(pos)), member)

#define emu_list_for_each_entry(pos, head, member)                           \
	for ((pos) = emu_list_first_entry(head, __typeof__(*(pos)), member); \
	     &(pos)->member != (head);                                       \
	     (pos) = emu_list_next_entry(pos, member))

/* The current entry may be removed (and freed) in the body. */
#define emu_list_for_each_entry_safe(pos, tmp, head, member)                 \
	for ((pos) = emu_list_first_entry(head, __typeof__(*(pos)), member), \
	    (tmp) = emu_list_next_entry(pos, member);                        \
	     &(pos)->member != (head);                                       \
	     (pos) = (tmp), (tmp) = emu_list_next_entry(tmp, member))

#endif
