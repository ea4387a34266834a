/* datapath/execute.c -- placeholder. */
#include <config.h>
typedef int placeholder_;
