/* ofp13/print.c -- placeholder. */
#include <config.h>
typedef int placeholder_;
