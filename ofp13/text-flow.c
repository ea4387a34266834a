/* ofp13/text-flow.c -- placeholder. */
#include <config.h>
typedef int placeholder_;
