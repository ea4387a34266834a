/* ofp13/match.c -- placeholder. */
#include <config.h>
typedef int placeholder_;
