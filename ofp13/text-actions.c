/* ofp13/text-actions.c -- placeholder. */
#include <config.h>
typedef int placeholder_;
