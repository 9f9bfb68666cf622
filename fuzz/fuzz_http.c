/* fuzz_http.c — libFuzzer target for the server's request path, in process: LLVMFuzzerInitialize builds a store
 * from the synthetic plan tests/fixtures/plan_mini (with its observations) and starts regio_server on a loopback
 * port with writes on; each input is sent as raw bytes on a fresh connection (the request line, headers, body —
 * whatever the fuzzer made), the write side is shut and the answer read. The server's threads run in this
 * process, so ASan and UBSan see every fault on the request path (parsing, limits, the Host check, routing,
 * parameters, every handler, the import of an uploaded body). An answer, when there is one, must start with an
 * HTTP/1.x status line; libmicrohttpd may also close on garbage without one.
 *
 * Corpus: fuzz/corpus/http/ (raw requests: the endpoint index, an unknown group in a partition — the leak of issue
 * 13 —, a value in Chinese, spatial, a foreign Host with bad UTF-8, an authorised import, Content-Length: -1,
 * HTTP/1.0). The plan directory is REGIO_SOURCE_DIR (compile definition, or the environment variable of that name)
 * + /tests/fixtures/plan_mini. Built by hand so far (the fuzz/ build lands with the other targets):
 *   clang -g -O1 -fsanitize=fuzzer,address -std=c11 -D_POSIX_C_SOURCE=200809L -DREGIO_SOURCE_DIR=\"$PWD\" \
 *     -Iinclude -Ibuild/include -Isrc fuzz/fuzz_http.c build/libregio.a <libregio's libraries> -o fuzz_http
 *   ASAN_OPTIONS=detect_leaks=0 ./fuzz_http -runs=0 fuzz/corpus/http */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "regio/import.h"
#include "regio/plan.h"
#include "regio/serve.h"
#include "regio/store.h"

#ifndef REGIO_SOURCE_DIR
#define REGIO_SOURCE_DIR "."
#endif

static regio_server *srv;
static unsigned port;

static int make_store(const char *db) {
    char dir[4096];
    const char *src = getenv("REGIO_SOURCE_DIR");
    snprintf(dir, sizeof dir, "%s/tests/fixtures/plan_mini", src && *src ? src : REGIO_SOURCE_DIR);
    static const char *const files[] = {"synthetic.csv", "synthetic_2023.csv", NULL};
    regio_error err;
    regio_error_clear(&err);
    regio_plan *plan = NULL;
    regio_store *st = NULL;
    int rc = regio_plan_load_dir(dir, &plan, &err);
    if (!rc) rc = regio_store_open(db, REGIO_STORE_CREATE, &st, &err);
    if (!rc) rc = regio_store_save_plan(st, plan, &err);
    for (size_t i = 0; !rc && files[i]; i++) {
        char path[4096];
        regio_import_report *r = NULL;
        snprintf(path, sizeof path, "%s/observations/%s", dir, files[i]);
        if (access(path, R_OK) == 0) rc = regio_import_file(st, plan, path, NULL, &r, &err);
        regio_import_report_free(r);
    }
    if (rc) fprintf(stderr, "fuzz_http: %s\n", err.en);
    regio_store_close(st);
    regio_plan_free(plan);
    return rc;
}

static char dir[] = "/tmp/regio-fuzz-http-XXXXXX";
static char db[sizeof dir + 16];

/* at exit: the server stopped, the store and its directory removed */
static void cleanup(void) {
    regio_server_free(srv);
    srv = NULL;
    static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        char p[sizeof db + 16];
        snprintf(p, sizeof p, "%s%s", db, ext[i]);
        unlink(p);
    }
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    if (!mkdtemp(dir)) abort();
    snprintf(db, sizeof db, "%s/f.db", dir);
    if (make_store(db)) abort();
    regio_serve_opts o = {.db = db, .port = 0, .threads = 2, .token = "fuzz-token-0123456789", .header_timeout_s = 2, .schemes_dir = ""};
    regio_error err;
    regio_error_clear(&err);
    if (regio_server_start(&o, &srv, &err)) { fprintf(stderr, "fuzz_http: %s\n", err.en); abort(); }
    port = regio_server_port(srv);
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return 0;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) { close(fd); return 0; }
    for (size_t off = 0; off < size;) {
        ssize_t k = send(fd, data + off, size - off, MSG_NOSIGNAL);
        if (k <= 0) break;
        off += (size_t)k;
    }
    shutdown(fd, SHUT_WR);
    char buf[4096];
    size_t got = 0;
    char head[16] = {0};
    struct pollfd p = {.fd = fd, .events = POLLIN};
    /* the answer: up to 4 s for its first bytes (a handler may compute), then until 100 ms pass without more (the
     * connection is kept alive, so its end is not awaited) */
    while (poll(&p, 1, got ? 100 : 4000) == 1) {
        ssize_t k = recv(fd, buf, sizeof buf, 0);
        if (k <= 0) break;
        if (got < sizeof head - 1) memcpy(head + got, buf, (size_t)k < sizeof head - 1 - got ? (size_t)k : sizeof head - 1 - got);
        got += (size_t)k;
    }
    close(fd);
    if (got >= 9 && strncmp(head, "HTTP/1.", 7) != 0) {
        fprintf(stderr, "fuzz_http: an answer that is not HTTP: %.15s\n", head);
        abort();
    }
    return 0;
}
