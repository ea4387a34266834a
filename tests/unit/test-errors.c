/* tests/unit/test-errors.c -- the error table: every error has a unique
 * 1.3 wire pair that maps back to it, names round-trip, and 1.0/1.1
 * mappings follow reference §2.6. */
#include <config.h>

#include <check.h>
#include <stdlib.h>

#include "ofp13/errors.h"
#include "ofp13/ofp.h"

START_TEST(test_every_error_round_trips_in_13)
{
    int n = 0;
    for (int e = OFPERR_OFS; e < OFPERR_LAST_; e++) {
        uint16_t type, code;
        const char *name = ofperr_get_name(e);
        ck_assert_ptr_nonnull(name);
        ck_assert_int_eq(ofperr_from_name(name), e);
        ofperr_to_wire(e, OFP13_VERSION, &type, &code);
        ck_assert_int_eq(
            ofperr_from_wire(OFP13_VERSION, type, code, ONF_EXPERIMENTER_ID),
            e);
        n++;
    }
    ck_assert_int_eq(n, 112); /* 111 standard codes + ONF DUP_INST. */
}
END_TEST

START_TEST(test_known_wire_numbers)
{
    uint16_t t, c;
    ofperr_to_wire(OFPERR_OFPBMC_BAD_PREREQ, OFP13_VERSION, &t, &c);
    ck_assert_uint_eq(t, 4);
    ck_assert_uint_eq(c, 9);
    ofperr_to_wire(OFPERR_OFPMMFC_OUT_OF_BANDS, OFP13_VERSION, &t, &c);
    ck_assert_uint_eq(t, 12);
    ck_assert_uint_eq(c, 11);
    ofperr_to_wire(OFPERR_OFPTFFC_EPERM, OFP13_VERSION, &t, &c);
    ck_assert_uint_eq(t, 13);
    ck_assert_uint_eq(c, 5);
    ofperr_to_wire(OFPERR_OFPBIC_DUP_INST, OFP13_VERSION, &t, &c);
    ck_assert_uint_eq(t, 0xffff);
    ck_assert_uint_eq(c, 2600);
}
END_TEST

START_TEST(test_10_and_11_mappings)
{
    uint16_t t, c;
    /* 1.0 FLOW_MOD_FAILED is type 3; TABLE_FULL is ALL_TABLES_FULL 0. */
    ofperr_to_wire(OFPERR_OFPFMFC_TABLE_FULL, OFP10_VERSION, &t, &c);
    ck_assert_uint_eq(t, 3);
    ck_assert_uint_eq(c, 0);
    ofperr_to_wire(OFPERR_OFPFMFC_OVERLAP, OFP10_VERSION, &t, &c);
    ck_assert_uint_eq(t, 3);
    ck_assert_uint_eq(c, 1);
    /* PORT_MOD_FAILED is 4 and QUEUE_OP_FAILED 5 in 1.0. */
    ofperr_to_wire(OFPERR_OFPPMFC_BAD_HW_ADDR, OFP10_VERSION, &t, &c);
    ck_assert_uint_eq(t, 4);
    ck_assert_uint_eq(c, 1);
    ofperr_to_wire(OFPERR_OFPQOFC_BAD_QUEUE, OFP10_VERSION, &t, &c);
    ck_assert_uint_eq(t, 5);
    ck_assert_uint_eq(c, 1);
    /* IS_SLAVE is 1.2+: 1.0/1.1 get BAD_REQUEST/EPERM. */
    ofperr_to_wire(OFPERR_OFPBRC_IS_SLAVE, OFP10_VERSION, &t, &c);
    ck_assert_uint_eq(t, 1);
    ck_assert_uint_eq(c, 5);
    ofperr_to_wire(OFPERR_OFPBRC_IS_SLAVE, OFP11_VERSION, &t, &c);
    ck_assert_uint_eq(t, 1);
    ck_assert_uint_eq(c, 5);
    /* BAD_MATCH keeps its 1.1 numbers below BAD_MASK. */
    ofperr_to_wire(OFPERR_OFPBMC_BAD_VALUE, OFP11_VERSION, &t, &c);
    ck_assert_uint_eq(t, 4);
    ck_assert_uint_eq(c, 7);
    ck_assert_int_eq(ofperr_from_wire(OFP10_VERSION, 3, 1, 0),
                     OFPERR_OFPFMFC_OVERLAP);
    /* Meter errors do not exist before 1.3. */
    ofperr_to_wire(OFPERR_OFPMMFC_BAD_BAND, OFP11_VERSION, &t, &c);
    ck_assert_uint_eq(t, 1);
    ck_assert_uint_eq(c, 5);
}
END_TEST

START_TEST(test_invalid_values)
{
    ck_assert_ptr_null(ofperr_get_name(0));
    ck_assert_ptr_null(ofperr_get_name(12345));
    ck_assert_int_eq(ofperr_from_wire(OFP13_VERSION, 4, 99, 0), 0);
    ck_assert_int_eq(ofperr_from_wire(OFP13_VERSION, 0xffff, 2600, 1), 0);
    ck_assert_int_eq(ofperr_from_name("OFPBMC_NOPE"), 0);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("errors");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, test_every_error_round_trips_in_13);
    tcase_add_test(tc, test_known_wire_numbers);
    tcase_add_test(tc, test_10_and_11_mappings);
    tcase_add_test(tc, test_invalid_values);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
