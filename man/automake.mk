# man/automake.mk -- manual pages (mdoc); `make check` lints them with
# mandoc when it is installed.
dist_man_MANS = man/ofswitchd.8 man/ofcontroller.8 man/ofbench.1 man/ofctl.8
EXTRA_DIST += tests/man-lint.sh
TESTS += tests/man-lint.sh
