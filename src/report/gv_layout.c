/* gv_layout.c: Graphviz's dot layout through dlopen (gv_layout.h). */
#include "report/gv_layout.h"

#include <dlfcn.h>
#include <graphviz/gvc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SF_GVC_SONAME
#define SF_GVC_SONAME "libgvc.so.6"
#endif

static struct {
    GVC_t *(*context)(void);
    int (*free_context)(GVC_t *);
    Agraph_t *(*memread)(const char *);
    int (*close)(Agraph_t *);
    int (*layout)(GVC_t *, Agraph_t *, const char *);
    int (*free_layout)(GVC_t *, Agraph_t *);
    int (*render_data)(GVC_t *, Agraph_t *, const char *, char **, size_t *);
    void (*free_render_data)(char *);
    agerrlevel_t (*seterr)(agerrlevel_t);
    GVC_t *gvc;
    char why[160];
} gv;

static pthread_once_t gv_once = PTHREAD_ONCE_INIT;
/* Graphviz keeps global state (its error handler, the graph being laid
 * out): one layout at a time, also when a server writes reports. */
static pthread_mutex_t gv_lock = PTHREAD_MUTEX_INITIALIZER;

static void gv_open(void) {
    if (getenv("SAMFLYT_NO_GRAPHVIZ")) {
        snprintf(gv.why, sizeof gv.why, "SAMFLYT_NO_GRAPHVIZ is set");
        return;
    }
    void *h = dlopen(SF_GVC_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(gv.why, sizeof gv.why, "cannot load %s (Debian package libgvc6)", SF_GVC_SONAME);
        return;
    }
    /* POSIX: a data pointer converts to a function pointer (dlsym's
     * contract); agmemread and agclose come from libcgraph, which libgvc
     * loads with itself */
#define SYM(field, name) *(void **)&gv.field = dlsym(h, name)
    SYM(context, "gvContext");
    SYM(free_context, "gvFreeContext");
    SYM(memread, "agmemread");
    SYM(close, "agclose");
    SYM(layout, "gvLayout");
    SYM(free_layout, "gvFreeLayout");
    SYM(render_data, "gvRenderData");
    SYM(free_render_data, "gvFreeRenderData");
    SYM(seterr, "agseterr");
#undef SYM
    if (!gv.context || !gv.free_context || !gv.memread || !gv.close || !gv.layout ||
        !gv.free_layout || !gv.render_data || !gv.free_render_data || !gv.seterr) {
        snprintf(gv.why, sizeof gv.why, "%s lacks a function samflyt needs", SF_GVC_SONAME);
        return;
    }
    /* the library does not print: Graphviz's warnings are not ours to show
     * (a failure still comes back as a return code) */
    gv.seterr(AGMAX);
    /* one context for the process: it reads the plugin list once */
    if (!(gv.gvc = gv.context()))
        snprintf(gv.why, sizeof gv.why, "Graphviz did not start (gvContext)");
}

int sf_gv_layout_plain(const char *dot, char **out, char *why, size_t whysize) {
    *out = NULL;
    pthread_once(&gv_once, gv_open);
    if (!gv.gvc) {
        snprintf(why, whysize, "%s", gv.why);
        return -1;
    }
    pthread_mutex_lock(&gv_lock);
    int rc = -1;
    Agraph_t *g = gv.memread(dot);
    if (!g) {
        snprintf(why, whysize, "Graphviz could not read the graph");
    } else {
        if (gv.layout(gv.gvc, g, "dot")) {
            snprintf(why, whysize, "Graphviz could not lay out the graph (dot)");
        } else {
            char *buf = NULL;
            size_t len = 0;
            if (gv.render_data(gv.gvc, g, "plain", &buf, &len) || !buf) {
                snprintf(why, whysize, "Graphviz could not write the layout");
            } else if ((*out = malloc(len + 1))) {
                memcpy(*out, buf, len);
                (*out)[len] = 0;
                rc = 0;
            } else {
                snprintf(why, whysize, "out of memory");
            }
            if (buf)
                gv.free_render_data(buf);
            gv.free_layout(gv.gvc, g);
        }
        gv.close(g);
    }
    pthread_mutex_unlock(&gv_lock);
    return rc;
}
