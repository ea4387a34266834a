/* ofp13/multipart.c -- placeholder. */
#include <config.h>
typedef int placeholder_;
