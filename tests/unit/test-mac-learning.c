/* tests/unit/test-mac-learning.c -- the MAC learning table: learning,
 * moves, per-VLAN separation, aging, the size bound, port flushes. */
#include <config.h>

#include <check.h>
#include <stdlib.h>

#include "datapath/mac-learning.h"

static const uint8_t mac_a[6] = { 0x02, 0, 0, 0, 0, 0xa };
static const uint8_t mac_b[6] = { 0x02, 0, 0, 0, 0, 0xb };
static const uint8_t mcast[6] = { 0x01, 0, 0x5e, 0, 0, 1 };

START_TEST(test_learn_lookup_move)
{
    struct mac_learning *ml = mac_learning_create(300, 100);
    ck_assert(mac_learning_learn(ml, 0, mac_a, 1, 1000));
    ck_assert(!mac_learning_learn(ml, 0, mac_a, 1, 2000)); /* Refresh. */
    ck_assert_uint_eq(mac_learning_lookup(ml, 0, mac_a, 2000), 1);
    ck_assert(mac_learning_learn(ml, 0, mac_a, 2, 3000)); /* Moved. */
    ck_assert_uint_eq(mac_learning_lookup(ml, 0, mac_a, 3000), 2);
    /* Other VLANs are separate. */
    ck_assert_uint_eq(mac_learning_lookup(ml, 10, mac_a, 3000), 0);
    mac_learning_learn(ml, 10, mac_a, 3, 3000);
    ck_assert_uint_eq(mac_learning_lookup(ml, 10, mac_a, 3000), 3);
    ck_assert_uint_eq(mac_learning_lookup(ml, 0, mac_a, 3000), 2);
    /* Multicast sources are not learned. */
    ck_assert(!mac_learning_learn(ml, 0, mcast, 4, 3000));
    ck_assert_uint_eq(mac_learning_lookup(ml, 0, mcast, 3000), 0);
    ck_assert_uint_eq(mac_learning_count(ml), 2);
    mac_learning_destroy(ml);
}
END_TEST

START_TEST(test_aging)
{
    struct mac_learning *ml = mac_learning_create(10, 100);
    mac_learning_learn(ml, 0, mac_a, 1, 0);
    mac_learning_learn(ml, 0, mac_b, 2, 5000);
    ck_assert_uint_eq(mac_learning_lookup(ml, 0, mac_a, 9999), 1);
    ck_assert_uint_eq(mac_learning_lookup(ml, 0, mac_a, 10000), 0);
    mac_learning_expire(ml, 10000);
    ck_assert_uint_eq(mac_learning_count(ml), 1);
    size_t n;
    struct mac_entry_info *d = mac_learning_dump(ml, 12000, &n);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(d[0].port, 2);
    ck_assert_uint_eq(d[0].age_s, 7);
    free(d);
    mac_learning_destroy(ml);
}
END_TEST

START_TEST(test_bound_and_flush)
{
    struct mac_learning *ml = mac_learning_create(300, 3);
    uint8_t m[6] = { 0x02, 0, 0, 0, 0, 0 };
    for (int i = 1; i <= 5; i++) {
        m[5] = i;
        mac_learning_learn(ml, 0, m, i % 2 + 1, i * 1000);
    }
    ck_assert_uint_eq(mac_learning_count(ml), 3);
    m[5] = 1; /* The oldest went first. */
    ck_assert_uint_eq(mac_learning_lookup(ml, 0, m, 6000), 0);
    m[5] = 5;
    ck_assert_uint_eq(mac_learning_lookup(ml, 0, m, 6000), 2);
    mac_learning_flush_port(ml, 2); /* Entries 3 and 5. */
    ck_assert_uint_eq(mac_learning_count(ml), 1);
    m[5] = 4;
    ck_assert_uint_eq(mac_learning_lookup(ml, 0, m, 6000), 1);
    mac_learning_destroy(ml);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("mac-learning");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_learn_lookup_move);
    tcase_add_test(tc, test_aging);
    tcase_add_test(tc, test_bound_and_flush);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
