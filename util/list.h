/* util/list.h -- intrusive doubly linked list with a sentinel head.  The
 * list owns nothing: elements embed a 'struct list' and are freed by their
 * owner after removal. */
#ifndef UTIL_LIST_H
#define UTIL_LIST_H 1

#include <stdbool.h>
#include <stddef.h>

struct list {
    struct list *prev, *next;
};

#define LIST_INITIALIZER(L) \
    {                       \
        (L), (L)            \
    }

#define CONTAINER_OF(ptr, type, member) \
    ((type *)(void *)((char *)(ptr)-offsetof(type, member)))

static inline void
list_init(struct list *l)
{
    l->prev = l->next = l;
}

static inline bool
list_is_empty(const struct list *l)
{
    return l->next == l;
}

/* Inserts 'elem' just before 'before'. */
static inline void
list_insert(struct list *before, struct list *elem)
{
    elem->prev = before->prev;
    elem->next = before;
    before->prev->next = elem;
    before->prev = elem;
}

static inline void
list_push_back(struct list *l, struct list *elem)
{
    list_insert(l, elem);
}

static inline void
list_push_front(struct list *l, struct list *elem)
{
    list_insert(l->next, elem);
}

static inline void
list_remove(struct list *elem)
{
    elem->prev->next = elem->next;
    elem->next->prev = elem->prev;
    elem->prev = elem->next = elem;
}

static inline struct list *
list_pop_front(struct list *l)
{
    struct list *e = l->next;
    list_remove(e);
    return e;
}

static inline size_t
list_size(const struct list *l)
{
    size_t n = 0;
    for (const struct list *e = l->next; e != l; e = e->next) {
        n++;
    }
    return n;
}

#define LIST_FOR_EACH(VAR, MEMBER, LIST)                             \
    for (VAR = CONTAINER_OF((LIST)->next, __typeof__(*VAR), MEMBER); \
         &VAR->MEMBER != (LIST);                                     \
         VAR = CONTAINER_OF(VAR->MEMBER.next, __typeof__(*VAR), MEMBER))

/* Safe against removal of VAR; NEXT is a scratch variable. */
#define LIST_FOR_EACH_SAFE(VAR, NEXT, MEMBER, LIST)                        \
    for (VAR = CONTAINER_OF((LIST)->next, __typeof__(*VAR), MEMBER);       \
         &VAR->MEMBER != (LIST) &&                                         \
         (NEXT = CONTAINER_OF(VAR->MEMBER.next, __typeof__(*VAR), MEMBER), \
         1);                                                               \
         VAR = NEXT)

#endif /* util/list.h */
