/* gv_layout.c: Graphviz's dot layout through dlopen (gv_layout.h).
 *
 * The context gets two plugins only, dot's layout and the core writers
 * (for "plain"), opened from Graphviz's plugin folder beside libgvc, not
 * every plugin its config lists: no cairo, pango or fontconfig is loaded
 * (they cost ~40 M instructions a report and keep caches LeakSanitizer
 * reports). Text sizes are then Graphviz's own estimates from font
 * metrics, which is all the layout needs: the SVG writes its own text. */
#define _GNU_SOURCE /* dladdr */
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
    GVC_t *(*context)(const lt_symlist_t *, int);
    int (*free_context)(GVC_t *);
    Agraph_t *(*memread)(const char *);
    int (*close)(Agraph_t *);
    int (*layout)(GVC_t *, Agraph_t *, const char *);
    int (*free_layout)(GVC_t *, Agraph_t *);
    /* unsigned int: the type of the length in Graphviz's gvc.h */
    int (*render_data)(GVC_t *, Agraph_t *, const char *, char **, unsigned int *);
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
    SYM(context, "gvContextPlugins");
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
    /* the two plugins, from <folder of libgvc>/graphviz/, with libgvc's
     * own version suffix (".6") */
    Dl_info di;
    const char *ver = strstr(SF_GVC_SONAME, ".so");
    static lt_symlist_t builtins[3];
    const char *const plug[2][2] = {{"libgvplugin_dot_layout", "gvplugin_dot_layout_LTX_library"},
                                    {"libgvplugin_core", "gvplugin_core_LTX_library"}};
    if (!dladdr(*(void **)&gv.context, &di) || !di.dli_fname || !ver) {
        snprintf(gv.why, sizeof gv.why, "cannot find the folder of %s", SF_GVC_SONAME);
        return;
    }
    const char *slash = strrchr(di.dli_fname, '/');
    int dirlen = slash ? (int)(slash - di.dli_fname) : 1;
    for (int k = 0; k < 2; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%.*s/graphviz/%s%s", dirlen, slash ? di.dli_fname : ".",
                 plug[k][0], ver);
        void *ph = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        void *lib = ph ? dlsym(ph, plug[k][1]) : NULL;
        if (!lib) {
            snprintf(gv.why, sizeof gv.why,
                     "cannot load Graphviz's plugin %s%s (Debian package libgvc6)", plug[k][0],
                     ver);
            return;
        }
        builtins[k] = (lt_symlist_t){plug[k][1], lib};
    }
    /* one context for the process, with only these plugins (no config read) */
    if (!(gv.gvc = gv.context(builtins, 0)))
        snprintf(gv.why, sizeof gv.why, "Graphviz did not start (gvContextPlugins)");
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
            unsigned int len = 0;
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
