# m4/ofs.m4 -- small configure helpers for ofswitch.

# OFS_CHECK_CFLAG(FLAG, [ACTION-IF-OK]) -- does the compiler accept FLAG?
# Warnings are probed with -Werror so that an unknown -Wfoo is rejected.
AC_DEFUN([OFS_CHECK_CFLAG], [
  AS_VAR_PUSHDEF([cache], [ofs_cv_cflag_$1])
  AC_CACHE_CHECK([whether $CC accepts $1], [cache], [
    save_CFLAGS=$CFLAGS
    CFLAGS="$CFLAGS -Werror $1"
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [])],
      [AS_VAR_SET([cache], [yes])], [AS_VAR_SET([cache], [no])])
    CFLAGS=$save_CFLAGS])
  AS_VAR_IF([cache], [yes], [$2])
  AS_VAR_POPDEF([cache])])
