/* tests/unit/test-dp-classifier.c -- the tuple-space classifier against a
 * brute-force oracle: random masks, rules and keys; lookups after inserts,
 * removals and replacements must return a rule of the highest matching
 * priority; strict finds; the subtable ordering that makes lookups stop
 * early. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/classifier.h"

#define N_WORDS (DP_KEY_SIZE / 8)

struct trule {
    struct dp_cls_rule cr;
    struct dp_key value, mask;
    uint16_t priority;
    bool in;
};

static uint64_t
rnd(uint64_t *s)
{
    /* xorshift64*: deterministic across runs. */
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

static bool
matches(const struct trule *r, const struct dp_key *key)
{
    for (size_t i = 0; i < N_WORDS; i++) {
        if ((key->w[i] & r->mask.w[i]) != (r->value.w[i] & r->mask.w[i])) {
            return false;
        }
    }
    return true;
}

static int
oracle(const struct trule *rules, size_t n, const struct dp_key *key)
{
    int best = -1;
    for (size_t i = 0; i < n; i++) {
        if (rules[i].in && matches(&rules[i], key) &&
            rules[i].priority > best) {
            best = rules[i].priority;
        }
    }
    return best;
}

static void
random_mask(uint64_t *s, struct dp_key *mask)
{
    memset(mask, 0, sizeof *mask);
    int n = 1 + (int)(rnd(s) % 4);
    for (int i = 0; i < n; i++) {
        size_t w = rnd(s) % N_WORDS;
        /* Few bits so that random keys hit rules often. */
        mask->w[w] |= rnd(s) & rnd(s) & rnd(s) & 0x0f0f;
        if (!mask->w[w]) {
            mask->w[w] = 1;
        }
    }
}

static void
check_lookups(const struct dp_cls *cls, const struct trule *rules, size_t n,
              uint64_t *s, int n_keys)
{
    for (int k = 0; k < n_keys; k++) {
        struct dp_key key;
        /* Half the keys are built from a rule so that they match it. */
        const struct trule *base = &rules[rnd(s) % n];
        for (size_t i = 0; i < N_WORDS; i++) {
            uint64_t r = rnd(s) & 0x0f0f;
            key.w[i] = k & 1 ? r
                             : (base->value.w[i] & base->mask.w[i]) |
                                   (r & ~base->mask.w[i]);
        }
        int want = oracle(rules, n, &key);
        struct dp_cls_rule *got = dp_cls_lookup(cls, &key);
        if (want < 0) {
            ck_assert_ptr_null(got);
        } else {
            ck_assert_ptr_nonnull(got);
            const struct trule *r = CONTAINER_OF(got, struct trule, cr);
            ck_assert(r->in);
            ck_assert(matches(r, &key));
            ck_assert_int_eq(r->priority, want);
        }
    }
}

START_TEST(test_random_against_oracle)
{
    enum { N_MASKS = 20, N_RULES = 1000 };
    uint64_t s = 0x1234567 + (uint64_t)_i;
    struct dp_key masks[N_MASKS];
    struct trule *rules = calloc(N_RULES, sizeof *rules);
    struct dp_cls cls;

    dp_cls_init(&cls);
    for (int i = 0; i < N_MASKS; i++) {
        random_mask(&s, &masks[i]);
    }
    for (size_t i = 0; i < N_RULES; i++) {
        struct trule *r = &rules[i];
        r->mask = masks[rnd(&s) % N_MASKS];
        for (size_t w = 0; w < N_WORDS; w++) {
            r->value.w[w] = rnd(&s) & r->mask.w[w];
        }
        r->priority = (uint16_t)(rnd(&s) % 100);
        r->in = true;
        dp_cls_insert(&cls, &r->cr, &r->value, &r->mask, r->priority);
    }
    ck_assert_uint_eq(dp_cls_count(&cls), N_RULES);
    ck_assert_uint_le(dp_cls_n_subtables(&cls), N_MASKS);
    check_lookups(&cls, rules, N_RULES, &s, 3000);

    /* Remove two thirds, including the highest priorities, then check
     * again: the subtables' maxima must follow. */
    for (size_t i = 0; i < N_RULES; i++) {
        if (i % 3 || rules[i].priority > 90) {
            dp_cls_remove(&cls, &rules[i].cr);
            rules[i].in = false;
        }
    }
    check_lookups(&cls, rules, N_RULES, &s, 3000);

    /* Exact finds. */
    for (size_t i = 0; i < N_RULES; i++) {
        struct dp_cls_rule *f = dp_cls_find_exact(
            &cls, &rules[i].value, &rules[i].mask, rules[i].priority);
        if (rules[i].in) {
            ck_assert_ptr_nonnull(f);
            const struct trule *r = CONTAINER_OF(f, struct trule, cr);
            ck_assert(!memcmp(&r->mask, &rules[i].mask, sizeof r->mask));
            ck_assert_int_eq(r->priority, rules[i].priority);
        }
    }
    for (size_t i = 0; i < N_RULES; i++) {
        if (rules[i].in) {
            dp_cls_remove(&cls, &rules[i].cr);
        }
    }
    ck_assert_uint_eq(dp_cls_count(&cls), 0);
    ck_assert_uint_eq(dp_cls_n_subtables(&cls), 0);
    dp_cls_uninit(&cls);
    free(rules);
}
END_TEST

/* Same value, same mask, several priorities: lookups see the highest, and
 * removing it exposes the next. */
START_TEST(test_same_match_priorities)
{
    struct trule r[3];
    struct dp_cls cls;
    struct dp_key key;

    dp_cls_init(&cls);
    memset(r, 0, sizeof r);
    for (int i = 0; i < 3; i++) {
        r[i].mask.w[2] = 0xffff;
        r[i].value.w[2] = 0x1234;
        r[i].priority = (uint16_t)(10 * (i + 1));
    }
    /* Insert middle, low, high to exercise every list position. */
    dp_cls_insert(&cls, &r[1].cr, &r[1].value, &r[1].mask, 20);
    dp_cls_insert(&cls, &r[0].cr, &r[0].value, &r[0].mask, 10);
    dp_cls_insert(&cls, &r[2].cr, &r[2].value, &r[2].mask, 30);
    ck_assert_uint_eq(dp_cls_n_subtables(&cls), 1);
    memset(&key, 0, sizeof key);
    key.w[2] = 0xab1234;
    ck_assert_ptr_eq(dp_cls_lookup(&cls, &key), &r[2].cr);
    ck_assert_ptr_eq(dp_cls_find_exact(&cls, &r[0].value, &r[0].mask, 10),
                     &r[0].cr);
    ck_assert_ptr_null(dp_cls_find_exact(&cls, &r[0].value, &r[0].mask, 15));
    dp_cls_remove(&cls, &r[2].cr);
    ck_assert_ptr_eq(dp_cls_lookup(&cls, &key), &r[1].cr);
    dp_cls_remove(&cls, &r[0].cr);
    ck_assert_ptr_eq(dp_cls_lookup(&cls, &key), &r[1].cr);

    /* Replace keeps the position and the match. */
    struct trule n;
    memset(&n, 0, sizeof n);
    dp_cls_replace(&cls, &r[1].cr, &n.cr);
    ck_assert_ptr_eq(dp_cls_lookup(&cls, &key), &n.cr);
    ck_assert_int_eq(n.cr.priority, 20);
    dp_cls_remove(&cls, &n.cr);
    ck_assert_ptr_null(dp_cls_lookup(&cls, &key));
    dp_cls_uninit(&cls);
}
END_TEST

/* A catch-all at priority 0 with many higher, more specific rules in other
 * masks: the lookup of a key that hits a high rule must not be fooled by
 * subtable order, and one that hits nothing specific gets the catch-all. */
START_TEST(test_catch_all_and_order)
{
    enum { N = 64 };
    struct trule r[N + 1];
    struct dp_cls cls;
    struct dp_key key;

    dp_cls_init(&cls);
    memset(r, 0, sizeof r);
    dp_cls_insert(&cls, &r[N].cr, &r[N].value, &r[N].mask, 0);
    for (int i = 0; i < N; i++) {
        r[i].mask.w[i % 8] = ~0ULL;
        r[i].value.w[i % 8] = (uint64_t)i + 1;
        r[i].priority = (uint16_t)(100 + i);
        dp_cls_insert(&cls, &r[i].cr, &r[i].value, &r[i].mask, r[i].priority);
    }
    ck_assert_uint_eq(dp_cls_n_subtables(&cls), 9);
    memset(&key, 0, sizeof key);
    ck_assert_ptr_eq(dp_cls_lookup(&cls, &key), &r[N].cr);
    key.w[3] = 4; /* Rule 3 (priority 103). */
    ck_assert_ptr_eq(dp_cls_lookup(&cls, &key), &r[3].cr);
    key.w[5] = 62; /* Rule 61 (priority 161) beats rule 3. */
    ck_assert_ptr_eq(dp_cls_lookup(&cls, &key), &r[61].cr);
    for (int i = 0; i <= N; i++) {
        dp_cls_remove(&cls, &r[i].cr);
    }
    dp_cls_uninit(&cls);
}
END_TEST

/* Many rules in one subtable, removed in a scattered order: every rule
 * still in stays reachable (the open-addressing table moves entries back
 * on removal), none removed is found. */
START_TEST(test_one_mask_churn)
{
    enum { N = 3000 };
    uint64_t s = 42;
    struct trule *r = calloc(N, sizeof *r);
    struct dp_cls cls;

    dp_cls_init(&cls);
    for (size_t i = 0; i < N; i++) {
        r[i].mask.w[7] = 0xffffffff;
        r[i].value.w[7] = i * 2654435761u % 0xffffffffu;
        r[i].priority = 5;
        r[i].in = true;
        dp_cls_insert(&cls, &r[i].cr, &r[i].value, &r[i].mask, 5);
    }
    for (int round = 0; round < 3; round++) {
        for (size_t k = 0; k < N / 4; k++) {
            size_t i = rnd(&s) % N;
            if (r[i].in) {
                dp_cls_remove(&cls, &r[i].cr);
                r[i].in = false;
            }
        }
        for (size_t i = 0; i < N; i++) {
            struct dp_cls_rule *got = dp_cls_lookup(&cls, &r[i].value);
            ck_assert_ptr_eq(got, r[i].in ? &r[i].cr : NULL);
        }
    }
    for (size_t i = 0; i < N; i++) {
        if (r[i].in) {
            dp_cls_remove(&cls, &r[i].cr);
        }
    }
    ck_assert_uint_eq(dp_cls_count(&cls), 0);
    dp_cls_uninit(&cls);
    free(r);
}
END_TEST

START_TEST(test_hashes)
{
    struct dp_key a, b, m;
    memset(&a, 0, sizeof a);
    memset(&m, 0, sizeof m);
    a.w[0] = 1;
    a.w[5] = 0xff00;
    b = a;
    b.w[5] = 0xff01;
    m.w[5] = 0xff00;
    /* Bits outside the mask do not change the masked hash. */
    ck_assert_uint_eq(dp_cls_hash_masked(&a, &m, 7),
                      dp_cls_hash_masked(&b, &m, 7));
    ck_assert_uint_ne(dp_cls_hash_key(&a, 7), dp_cls_hash_key(&b, 7));
}
END_TEST

static Suite *
classifier_suite(void)
{
    Suite *s = suite_create("dp-classifier");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_random_against_oracle, 0, 4);
    tcase_add_test(tc, test_same_match_priorities);
    tcase_add_test(tc, test_catch_all_and_order);
    tcase_add_test(tc, test_one_mask_churn);
    tcase_add_test(tc, test_hashes);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(classifier_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
