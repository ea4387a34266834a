noinst_LIBRARIES += util/libutil.a
util_libutil_a_SOURCES = \
	util/buf.c util/buf.h \
	util/cur.h \
	util/hmap.c util/hmap.h \
	util/list.h \
	util/log.c util/log.h \
	util/xalloc.c util/xalloc.h
