/* ofp13/actions.c -- placeholder. */
#include <config.h>
typedef int placeholder_;
