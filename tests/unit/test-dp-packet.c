/* tests/unit/test-dp-packet.c -- packet buffers (datapath/packet.c):
 * creation, pushes and pulls with and without headroom, resizing, clones
 * and batches. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/packet.h"

static void
fill(uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        b[i] = (uint8_t)(i + 1);
    }
}

START_TEST(test_create)
{
    uint8_t frame[60];
    fill(frame, sizeof frame);

    struct dp_packet *p = dp_packet_create(frame, sizeof frame, 16);
    ck_assert_uint_eq(p->size, 60);
    ck_assert_uint_eq(p->data_ofs, DP_PACKET_HEADROOM);
    ck_assert_uint_eq(p->alloc, DP_PACKET_HEADROOM + 60 + 16);
    ck_assert(!memcmp(dp_packet_data(p), frame, 60));
    ck_assert_uint_eq(p->l2_5_ofs, DP_OFS_NONE);
    ck_assert_uint_eq(p->l3_ofs, DP_OFS_NONE);
    ck_assert_uint_eq(p->l4_ofs, DP_OFS_NONE);
    ck_assert_uint_eq(p->mpls_ofs, DP_OFS_NONE);
    dp_packet_destroy(p);

    p = dp_packet_create(NULL, 0, 0);
    ck_assert_uint_eq(p->size, 0);
    dp_packet_destroy(p);

    p = dp_packet_create_empty(1518);
    ck_assert_uint_eq(p->size, 0);
    ck_assert_uint_ge(p->alloc - p->data_ofs, 1518);
    /* A receive path reads into the buffer, then records the size. */
    memcpy(dp_packet_data(p), frame, 60);
    p->size = 60;
    ck_assert(!memcmp(dp_packet_data(p), frame, 60));
    dp_packet_destroy(p);

    dp_packet_destroy(NULL);
}
END_TEST

START_TEST(test_push_in_headroom)
{
    uint8_t frame[64], want[68];
    fill(frame, sizeof frame);

    struct dp_packet *p = dp_packet_create(frame, sizeof frame, 0);
    uint8_t *base = p->base;
    uint8_t *gap = dp_packet_push_at(p, 12, 4);
    memcpy(gap, "\x81\x00\x00\x05", 4);

    /* The bytes before the gap moved into the headroom; the buffer stayed. */
    ck_assert_ptr_eq(p->base, base);
    ck_assert_uint_eq(p->data_ofs, DP_PACKET_HEADROOM - 4);
    ck_assert_ptr_eq(gap, dp_packet_data(p) + 12);
    memcpy(want, frame, 12);
    memcpy(want + 12, "\x81\x00\x00\x05", 4);
    memcpy(want + 16, frame + 12, 52);
    ck_assert_uint_eq(p->size, 68);
    ck_assert(!memcmp(dp_packet_data(p), want, 68));

    dp_packet_pull_at(p, 12, 4);
    ck_assert_uint_eq(p->size, 64);
    ck_assert_uint_eq(p->data_ofs, DP_PACKET_HEADROOM);
    ck_assert(!memcmp(dp_packet_data(p), frame, 64));
    dp_packet_destroy(p);
}
END_TEST

START_TEST(test_push_reallocates)
{
    uint8_t frame[100];
    uint8_t want[100 + 3 * 18 + DP_PACKET_HEADROOM + 6];
    fill(frame, sizeof frame);

    struct dp_packet *p = dp_packet_create(frame, sizeof frame, 8);
    size_t n = 0;
    memcpy(want, frame, sizeof frame);
    size_t size = sizeof frame;

    /* Three 18-byte pushes at the front exceed the 64-byte headroom. */
    for (int i = 0; i < 3; i++) {
        uint8_t *gap = dp_packet_push_at(p, 0, 18);
        memset(gap, 0xe0 + i, 18);
        memmove(want + 18, want, size);
        memset(want, 0xe0 + i, 18);
        size += 18;
        n++;
    }
    ck_assert_uint_eq(p->size, size);
    ck_assert(!memcmp(dp_packet_data(p), want, size));
    /* After the reallocation the headroom is back and the tailroom kept. */
    ck_assert_uint_ge(p->data_ofs, 10);
    ck_assert_uint_eq(p->alloc - p->data_ofs - p->size, 8);

    /* Use up the headroom, then push in the middle with none left. */
    size_t room = p->data_ofs;
    memset(dp_packet_push_at(p, 0, room), 0, room);
    memmove(want + room, want, size);
    memset(want, 0, room);
    size += room;
    ck_assert_uint_eq(p->data_ofs, 0);
    uint8_t *gap = dp_packet_push_at(p, 30, 6);
    memset(gap, 0x77, 6);
    memmove(want + 36, want + 30, size - 30);
    memset(want + 30, 0x77, 6);
    size += 6;
    ck_assert_uint_eq(p->size, size);
    ck_assert(!memcmp(dp_packet_data(p), want, size));
    ck_assert_uint_eq(n, 3);
    dp_packet_destroy(p);
}
END_TEST

START_TEST(test_pull_at)
{
    uint8_t frame[40], want[40];
    fill(frame, sizeof frame);

    struct dp_packet *p = dp_packet_create(frame, sizeof frame, 0);
    dp_packet_pull_at(p, 14, 4);
    memcpy(want, frame, 14);
    memcpy(want + 14, frame + 18, 22);
    ck_assert_uint_eq(p->size, 36);
    ck_assert(!memcmp(dp_packet_data(p), want, 36));

    dp_packet_pull_at(p, 0, 18); /* PBB-style: drop the front. */
    ck_assert_uint_eq(p->size, 18);
    ck_assert(!memcmp(dp_packet_data(p), want + 18, 18));

    dp_packet_pull_at(p, 18, 0); /* Nothing at the very end. */
    dp_packet_pull_at(p, 10, 8); /* The tail. */
    ck_assert_uint_eq(p->size, 10);
    ck_assert(!memcmp(dp_packet_data(p), want + 18, 10));
    dp_packet_destroy(p);
}
END_TEST

START_TEST(test_set_size)
{
    uint8_t frame[20];
    fill(frame, sizeof frame);

    struct dp_packet *p = dp_packet_create(frame, sizeof frame, 4);
    dp_packet_set_size(p, 10);
    ck_assert_uint_eq(p->size, 10);
    dp_packet_set_size(p, 24); /* Within the tailroom: zero-extended. */
    ck_assert_uint_eq(p->size, 24);
    ck_assert(!memcmp(dp_packet_data(p), frame, 10));
    for (size_t i = 10; i < 24; i++) {
        ck_assert_uint_eq(dp_packet_data(p)[i], 0);
    }
    dp_packet_set_size(p, 2000); /* Past it: reallocated. */
    ck_assert_uint_eq(p->size, 2000);
    ck_assert_uint_ge(p->alloc, p->data_ofs + 2000);
    ck_assert(!memcmp(dp_packet_data(p), frame, 10));
    for (size_t i = 10; i < 2000; i++) {
        ck_assert_uint_eq(dp_packet_data(p)[i], 0);
    }
    dp_packet_destroy(p);
}
END_TEST

START_TEST(test_clone)
{
    uint8_t frame[50];
    fill(frame, sizeof frame);

    struct dp_packet *p = dp_packet_create(frame, sizeof frame, 12);
    p->in_port = 9;
    p->l3_ofs = 14;
    p->l4_ofs = 34;
    dp_packet_push_at(p, 12, 4);

    struct dp_packet *c = dp_packet_clone(p);
    ck_assert_ptr_ne(c->base, p->base);
    ck_assert_uint_eq(c->size, p->size);
    ck_assert(!memcmp(dp_packet_data(c), dp_packet_data(p), p->size));
    ck_assert_uint_eq(c->in_port, 9);
    ck_assert_uint_eq(c->l3_ofs, 14);
    ck_assert_uint_eq(c->l4_ofs, 34);
    ck_assert_uint_eq(c->data_ofs, DP_PACKET_HEADROOM);
    ck_assert_uint_eq(c->alloc - c->data_ofs - c->size, 12);

    /* Independent storage. */
    dp_packet_data(c)[0] ^= 0xff;
    ck_assert_uint_eq(dp_packet_data(p)[0], 1);
    dp_packet_destroy(p);
    dp_packet_destroy(c);
}
END_TEST

START_TEST(test_batch)
{
    struct dp_batch b;
    uint8_t frame[14] = { 0 };

    dp_batch_init(&b);
    ck_assert_uint_eq(b.n, 0);
    for (size_t i = 0; i < DP_BATCH_SIZE; i++) {
        b.pkts[b.n++] = dp_packet_create(frame, sizeof frame, 0);
    }
    dp_batch_clear(&b); /* LeakSanitizer fails the test if any is kept. */
    ck_assert_uint_eq(b.n, 0);
    dp_batch_clear(&b);
    ck_assert_uint_eq(b.n, 0);
}
END_TEST

static Suite *
dp_packet_suite(void)
{
    Suite *s = suite_create("dp-packet");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_create);
    tcase_add_test(tc, test_push_in_headroom);
    tcase_add_test(tc, test_push_reallocates);
    tcase_add_test(tc, test_pull_at);
    tcase_add_test(tc, test_set_size);
    tcase_add_test(tc, test_clone);
    tcase_add_test(tc, test_batch);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(dp_packet_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
