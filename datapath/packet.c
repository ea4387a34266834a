/* datapath/packet.c -- placeholder. */
#include <config.h>
typedef int placeholder_;
