/* ofp13/text-match.c -- placeholder. */
#include <config.h>
typedef int placeholder_;
