/* lsan.c: what LeakSanitizer (make check SANITIZE=1) is not to report
 * for the samflyt command. Graphviz's dot layout (loaded for the flow
 * report's process map, src/report/gv_layout.c) loses a virtual edge per
 * cycle it breaks (acyclic -> new_virtual_edge, Graphviz 2.42): its leak,
 * not ours, and bounded by one layout per report. Graphviz has no frame
 * pointers, so the stack LeakSanitizer sees ends in libgvc's gmalloc: the
 * pattern names both libraries; samflyt's own memory never comes from
 * gmalloc. */
#ifndef __has_feature
#define __has_feature(x) 0 /* GCC before 14 */
#endif
#if defined(__SANITIZE_ADDRESS__) || __has_feature(address_sanitizer)
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) {
    return "leak:libgvplugin_dot_layout.so\nleak:libgvc.so\n";
}
/* and not to list the suppressions used after every flow report */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void) { return "print_suppressions=0"; }
#endif
