/* mhd_load.c: libmicrohttpd, loaded only when `samflyt serve` starts.
 *
 * Linking the command against libmicrohttpd made every process load it
 * and the ten libraries it pulls in (GnuTLS, nettle, gmp, p11-kit, ...)
 * and run their constructors: about 5.5 ms and 170 page faults on each
 * `samflyt run`, for a feature that run never uses (bench/README.md,
 * "Start-up"). serve.c calls the functions below as it would the
 * library's; the first call opens the library with dlopen and each
 * forwards to the library's own function. The soname is the one the build
 * found (SF_MHD_SONAME, from CMake). */
#include <dlfcn.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

#ifndef SF_MHD_SONAME
#define SF_MHD_SONAME "libmicrohttpd.so.12"
#endif

static struct {
    struct MHD_Daemon *(*start_va)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *,
                                   MHD_AccessHandlerCallback, void *, va_list);
    void (*stop)(struct MHD_Daemon *);
    const union MHD_DaemonInfo *(*daemon_info)(struct MHD_Daemon *, enum MHD_DaemonInfoType, ...);
    const char *(*lookup)(struct MHD_Connection *, enum MHD_ValueKind, const char *);
    const union MHD_ConnectionInfo *(*conn_info)(struct MHD_Connection *,
                                                 enum MHD_ConnectionInfoType, ...);
    struct MHD_Response *(*from_buffer)(size_t, void *, enum MHD_ResponseMemoryMode);
    enum MHD_Result (*add_header)(struct MHD_Response *, const char *, const char *);
    enum MHD_Result (*queue)(struct MHD_Connection *, unsigned int, struct MHD_Response *);
    void (*destroy)(struct MHD_Response *);
    int ok;
} mhd;

static pthread_once_t mhd_once = PTHREAD_ONCE_INIT;

static void mhd_open(void) {
    void *h = dlopen(SF_MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        fprintf(stderr, "samflyt serve: cannot load %s: %s (Debian package libmicrohttpd12)\n",
                SF_MHD_SONAME, dlerror());
        return;
    }
    /* POSIX: a data pointer converts to a function pointer (dlsym's contract) */
#define SYM(field, name) *(void **)&mhd.field = dlsym(h, name)
    SYM(start_va, "MHD_start_daemon_va");
    SYM(stop, "MHD_stop_daemon");
    SYM(daemon_info, "MHD_get_daemon_info");
    SYM(lookup, "MHD_lookup_connection_value");
    SYM(conn_info, "MHD_get_connection_info");
    SYM(from_buffer, "MHD_create_response_from_buffer");
    SYM(add_header, "MHD_add_response_header");
    SYM(queue, "MHD_queue_response");
    SYM(destroy, "MHD_destroy_response");
#undef SYM
    mhd.ok = mhd.start_va && mhd.stop && mhd.daemon_info && mhd.lookup && mhd.conn_info &&
             mhd.from_buffer && mhd.add_header && mhd.queue && mhd.destroy;
    if (!mhd.ok)
        fprintf(stderr, "samflyt serve: %s lacks a function samflyt needs: %s\n", SF_MHD_SONAME,
                dlerror());
}

static int mhd_ready(void) {
    pthread_once(&mhd_once, mhd_open);
    return mhd.ok;
}

struct MHD_Daemon *MHD_start_daemon(unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc,
                                    void *apc_cls, MHD_AccessHandlerCallback dh, void *dh_cls,
                                    ...) {
    if (!mhd_ready())
        return NULL;
    va_list ap;
    va_start(ap, dh_cls);
    struct MHD_Daemon *d = mhd.start_va(flags, port, apc, apc_cls, dh, dh_cls, ap);
    va_end(ap);
    return d;
}

/* The functions below run only once a daemon was started: the library is
 * loaded by then. */
void MHD_stop_daemon(struct MHD_Daemon *daemon) {
    if (mhd_ready())
        mhd.stop(daemon);
}

/* serve.c asks only for kinds that take no further argument. */
const union MHD_DaemonInfo *MHD_get_daemon_info(struct MHD_Daemon *daemon,
                                                enum MHD_DaemonInfoType info_type, ...) {
    return mhd_ready() ? mhd.daemon_info(daemon, info_type) : NULL;
}

const char *MHD_lookup_connection_value(struct MHD_Connection *connection, enum MHD_ValueKind kind,
                                        const char *key) {
    return mhd_ready() ? mhd.lookup(connection, kind, key) : NULL;
}

/* serve.c asks only for kinds that take no further argument. */
const union MHD_ConnectionInfo *MHD_get_connection_info(struct MHD_Connection *connection,
                                                        enum MHD_ConnectionInfoType info_type,
                                                        ...) {
    return mhd_ready() ? mhd.conn_info(connection, info_type) : NULL;
}

struct MHD_Response *MHD_create_response_from_buffer(size_t size, void *buffer,
                                                     enum MHD_ResponseMemoryMode mode) {
    return mhd_ready() ? mhd.from_buffer(size, buffer, mode) : NULL;
}

enum MHD_Result MHD_add_response_header(struct MHD_Response *response, const char *header,
                                        const char *content) {
    return mhd_ready() ? mhd.add_header(response, header, content) : MHD_NO;
}

enum MHD_Result MHD_queue_response(struct MHD_Connection *connection, unsigned int status_code,
                                   struct MHD_Response *response) {
    return mhd_ready() ? mhd.queue(connection, status_code, response) : MHD_NO;
}

void MHD_destroy_response(struct MHD_Response *response) {
    if (mhd_ready())
        mhd.destroy(response);
}
