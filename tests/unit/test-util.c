/* tests/unit/test-util.c -- util/: buffers, cursors, hash maps, lists,
 * rate-limited logging. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/cur.h"
#include "util/hmap.h"
#include "util/list.h"
#include "util/log.h"
#include "util/xalloc.h"

START_TEST(test_buf_put_and_patch)
{
    struct buf b = BUF_INITIALIZER;
    size_t ofs = buf_put_be16(&b, 0);
    buf_put_be32(&b, 0x01020304);
    buf_put_be64(&b, 0x1122334455667788ULL);
    for (int i = 0; i < 1000; i++) {
        buf_put_u8(&b, (uint8_t)i); /* Forces reallocations. */
    }
    buf_set_be16(&b, ofs, (uint16_t)b.size);
    ck_assert_uint_eq(get_be16(buf_at(&b, 0)), 14 + 1000);
    ck_assert_uint_eq(get_be32(buf_at(&b, 2)), 0x01020304);
    ck_assert(get_be64(buf_at(&b, 6)) == 0x1122334455667788ULL);
    ck_assert_uint_eq(b.data[14 + 999], (uint8_t)999);

    size_t start = b.size;
    buf_put_u8(&b, 1);
    buf_pad(&b, start, 8);
    ck_assert_uint_eq(b.size - start, 8);
    buf_pad(&b, start, 8); /* Already aligned: no change. */
    ck_assert_uint_eq(b.size - start, 8);

    buf_pull(&b, 2);
    ck_assert_uint_eq(get_be32(buf_at(&b, 0)), 0x01020304);
    buf_uninit(&b);
    ck_assert_ptr_null(b.data);
}
END_TEST

START_TEST(test_cur_never_overreads)
{
    static const uint8_t data[] = { 1, 2, 3, 4, 5, 6, 7 };
    struct cur c = cur_make(data, sizeof data);
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;

    ck_assert(!cur_get_be64(&c, &u64)); /* 7 < 8: untouched. */
    ck_assert_uint_eq(c.left, 7);
    ck_assert(cur_get_u8(&c, &u8) && u8 == 1);
    ck_assert(cur_get_be16(&c, &u16) && u16 == 0x0203);
    ck_assert(cur_get_be32(&c, &u32) && u32 == 0x04050607);
    ck_assert_uint_eq(c.left, 0);
    ck_assert(!cur_get_u8(&c, &u8));
    ck_assert(!cur_skip(&c, 1));

    struct cur d = cur_make(data, sizeof data), sub;
    ck_assert(!cur_split(&d, 8, &sub));
    ck_assert_uint_eq(d.left, 7);
    ck_assert(cur_split(&d, 3, &sub));
    ck_assert_uint_eq(sub.left, 3);
    ck_assert_uint_eq(d.left, 4);
    ck_assert(!cur_peek_be16(&d, 3, &u16));
    ck_assert(cur_peek_be16(&d, 2, &u16) && u16 == 0x0607);
}
END_TEST

struct elem {
    struct hmap_node node;
    struct list list_node;
    int key;
};

START_TEST(test_hmap_insert_lookup_remove)
{
    struct hmap m;
    enum { N = 5000 };
    struct elem *e = xcalloc(N, sizeof *e);

    hmap_init(&m);
    for (int i = 0; i < N; i++) {
        e[i].key = i;
        hmap_insert(&m, &e[i].node, hash_u32(i % 977, 0));
    }
    ck_assert_uint_eq(hmap_count(&m), N);
    for (int i = 0; i < N; i += 37) {
        struct elem *x;
        bool found = false;
        HMAP_FOR_EACH_WITH_HASH(x, node, hash_u32(i % 977, 0), &m)
        {
            if (x->key == i) {
                found = true;
            }
        }
        ck_assert(found);
    }
    /* Remove the odd ones while iterating. */
    struct elem *x;
    size_t seen = 0;
    HMAP_FOR_EACH(x, node, &m)
    {
        seen++;
        if (x->key & 1) {
            hmap_remove(&m, &x->node);
        }
    }
    ck_assert_uint_eq(seen, N);
    ck_assert_uint_eq(hmap_count(&m), N / 2);
    HMAP_FOR_EACH(x, node, &m)
    {
        ck_assert_int_eq(x->key & 1, 0);
    }
    hmap_shrink(&m);
    hmap_uninit(&m);
    free(e);
}
END_TEST

/* Two maps that each start empty must not share storage (a first insert
 * once went into the static empty bucket that every empty map points to). */
START_TEST(test_hmap_empty_maps_are_independent)
{
    struct hmap a, b;
    struct elem x = { .key = 1 }, y = { .key = 2 };
    hmap_init(&a);
    hmap_init(&b);
    hmap_insert(&a, &x.node, 7);
    ck_assert_ptr_null(hmap_first_with_hash(&b, 7));
    hmap_insert(&b, &y.node, 7);
    struct elem *e;
    int n = 0;
    HMAP_FOR_EACH_WITH_HASH(e, node, 7, &a)
    {
        ck_assert_int_eq(e->key, 1);
        n++;
    }
    ck_assert_int_eq(n, 1);
    hmap_remove(&a, &x.node);
    ck_assert_ptr_nonnull(hmap_first_with_hash(&b, 7));
    hmap_uninit(&a);
    hmap_uninit(&b);
}
END_TEST

START_TEST(test_list_order_and_safe_removal)
{
    struct list l = LIST_INITIALIZER(&l);
    struct elem e[5];
    for (int i = 0; i < 5; i++) {
        e[i].key = i;
        list_push_back(&l, &e[i].list_node);
    }
    ck_assert_uint_eq(list_size(&l), 5);
    struct elem *x, *next;
    int expect = 0;
    LIST_FOR_EACH_SAFE(x, next, list_node, &l)
    {
        ck_assert_int_eq(x->key, expect++);
        if (x->key % 2 == 0) {
            list_remove(&x->list_node);
        }
    }
    ck_assert_uint_eq(list_size(&l), 2);
    x = CONTAINER_OF(list_pop_front(&l), struct elem, list_node);
    ck_assert_int_eq(x->key, 1);
}
END_TEST

START_TEST(test_ratelimit_bounds_bursts)
{
    struct log_ratelimit rl = LOG_RATELIMIT_INIT(1, 3);
    int allowed = 0;
    for (int i = 0; i < 100; i++) {
        allowed += log_ratelimit_allow(&rl);
    }
    ck_assert_int_eq(allowed, 3);
    ck_assert_uint_eq(rl.suppressed, 97);
}
END_TEST

START_TEST(test_log_level_parse)
{
    enum log_level l;
    ck_assert(log_level_parse("dbg", &l) && l == LOG_LVL_DBG);
    ck_assert(log_level_parse("warn", &l) && l == LOG_LVL_WARN);
    ck_assert(!log_level_parse("loud", &l));
}
END_TEST

static Suite *
util_suite(void)
{
    Suite *s = suite_create("util");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_buf_put_and_patch);
    tcase_add_test(tc, test_cur_never_overreads);
    tcase_add_test(tc, test_hmap_insert_lookup_remove);
    tcase_add_test(tc, test_hmap_empty_maps_are_independent);
    tcase_add_test(tc, test_list_order_and_safe_removal);
    tcase_add_test(tc, test_ratelimit_bounds_bursts);
    tcase_add_test(tc, test_log_level_parse);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(util_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
