/* ofp13/msgs.c -- placeholder. */
#include <config.h>
typedef int placeholder_;
