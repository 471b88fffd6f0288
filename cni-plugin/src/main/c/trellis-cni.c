/*
 * trellis-cni, the fast launcher: what the container runtime executes on every pod start and stop.
 *
 * A JVM takes about 45 ms to start even from an ahead-of-time cache; this forwarder takes about 1 ms. It does
 * no CNI work of its own: it reads the network configuration from stdin, finds "agentSocket" in it, sends the
 * CNI_* variables and stdin to the node-agent over that unix socket (the frames of
 * dev.trellis.cni.wire.HandoffFrames), and prints the node-agent's answer. The node-agent validates and does
 * everything, exactly as for the Java launcher.
 *
 * Whenever the fast path cannot be taken -- the node-agent does not answer on its socket, the configuration
 * is not plain enough to read here, or any system call fails -- it hands over to the Java launcher
 * ("trellis-cni-jvm" next to this file) with the same environment and stdin. The Java launcher answers VERSION
 * itself, and applies failOpen and excludeNamespaces while the node-agent is down. So this file never has to
 * write a CNI error of its own, except when the node-agent accepted the request and then hung.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#define MAGIC 0x54524331u              /* "TRC1", as HandoffFrames.MAGIC */
#define MAX_STRING (1u << 20)          /* HandoffFrames.MAX_STRING_BYTES */
#define REPLY_DEADLINE_SECONDS 55      /* as CniMain: a hung node-agent must not hang pod start forever */
#define DEFAULT_SOCKET "/var/run/trellis/cni.sock"
#define FALLBACK_NAME "trellis-cni-jvm"

static const char *FORWARDED[] = {"CNI_COMMAND", "CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_ARGS",
                                  "CNI_PATH"};

struct buffer {
    char *data;
    size_t len;
    size_t cap;
};

static int append(struct buffer *b, const void *data, size_t len) {
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + len) {
            cap *= 2;
        }
        char *grown = realloc(b->data, cap);
        if (!grown) {
            return -1;
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return 0;
}

static int append_u32(struct buffer *b, uint32_t v) {
    unsigned char be[4] = {v >> 24, v >> 16, v >> 8, v};
    return append(b, be, 4);
}

static int append_string(struct buffer *b, const char *s, size_t len) {
    return len > MAX_STRING || append_u32(b, (uint32_t) len) || append(b, s, len) ? -1 : 0;
}

static int read_all(int fd, struct buffer *b) {
    char chunk[8192];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n == 0) {
            return 0;
        }
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        if (append(b, chunk, (size_t) n)) {
            return -1;
        }
    }
}

/* Hands everything to the Java launcher: same environment, the stdin we read replayed from memory. */
static void fall_back(const struct buffer *in) {
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - sizeof FALLBACK_NAME - 1);
    if (n <= 0) {
        fprintf(stderr, "trellis-cni: cannot locate myself: %s\n", strerror(errno));
        exit(1);
    }
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    strcpy(slash ? slash + 1 : self, FALLBACK_NAME);
    int fd = memfd_create("trellis-cni-stdin", 0);
    if (fd < 0 || (in->len && write(fd, in->data, in->len) != (ssize_t) in->len) || lseek(fd, 0, SEEK_SET) != 0
        || dup2(fd, STDIN_FILENO) < 0) {
        fprintf(stderr, "trellis-cni: cannot replay stdin to %s: %s\n", self, strerror(errno));
        exit(1);
    }
    close(fd);
    char *argv[] = {self, NULL};
    execv(self, argv);
    fprintf(stderr, "trellis-cni: cannot run %s: %s\n", self, strerror(errno));
    exit(1);
}

/*
 * The value of the first "key": "value" in the JSON text, for a value without escapes; NULL when absent or
 * not that simple (the caller then falls back, and the Java launcher reads the JSON properly).
 */
static char *string_field(const struct buffer *json, const char *key, int *unreadable) {
    char quoted[64];
    snprintf(quoted, sizeof quoted, "\"%s\"", key);
    const char *end = json->data + json->len;
    const char *p = memmem(json->data, json->len, quoted, strlen(quoted));
    if (!p) {
        return NULL;
    }
    p += strlen(quoted);
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
        p++;
    }
    if (p >= end || *p++ != ':') {
        *unreadable = 1;
        return NULL;
    }
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
        p++;
    }
    if (p >= end || *p++ != '"') {
        *unreadable = 1;
        return NULL;
    }
    const char *start = p;
    while (p < end && *p != '"' && *p != '\\') {
        p++;
    }
    if (p >= end || *p == '\\' || (size_t) (p - start) >= sizeof(((struct sockaddr_un *) 0)->sun_path)) {
        *unreadable = 1;
        return NULL;
    }
    return strndup(start, (size_t) (p - start));
}

static int write_all(int fd, const char *data, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        data += n;
        len -= (size_t) n;
    }
    return 0;
}

static int read_exact(int fd, void *out, size_t len) {
    char *p = out;
    while (len > 0) {
        ssize_t n = read(fd, p, len);
        if (n == 0) {
            errno = ECONNRESET;
            return -1;
        }
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        p += n;
        len -= (size_t) n;
    }
    return 0;
}

static int read_u32(int fd, uint32_t *v) {
    unsigned char be[4];
    if (read_exact(fd, be, 4)) {
        return -1;
    }
    *v = ((uint32_t) be[0] << 24) | ((uint32_t) be[1] << 16) | ((uint32_t) be[2] << 8) | be[3];
    return 0;
}

static char *read_string(int fd, uint32_t *len) {
    if (read_u32(fd, len) || *len > MAX_STRING) {
        return NULL;
    }
    char *s = malloc(*len + 1);
    if (!s || read_exact(fd, s, *len)) {
        free(s);
        return NULL;
    }
    s[*len] = '\0';
    return s;
}

/* The node-agent took the request and then broke off or hung: the CNI error the Java launcher would print. */
static int agent_failed(const struct buffer *in, const char *what) {
    int unreadable = 0;
    char *version = string_field(in, "cniVersion", &unreadable);
    printf("{\"cniVersion\":\"%s\",\"code\":11,\"msg\":\"node-agent did not answer: %s\"}",
           version ? version : "1.0.0", what);
    fflush(stdout);
    return 1;
}

int main(void) {
    struct buffer in = {0};
    if (read_all(STDIN_FILENO, &in)) {
        fprintf(stderr, "trellis-cni: cannot read stdin: %s\n", strerror(errno));
        return 1;
    }
    int unreadable = 0;
    char *socket_path = string_field(&in, "agentSocket", &unreadable);
    if (unreadable) {
        fall_back(&in);
    }
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    strcpy(address.sun_path, socket_path ? socket_path : DEFAULT_SOCKET);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *) &address, sizeof address) != 0) {
        fall_back(&in);
    }

    struct buffer request = {0};
    size_t forwarded = 0;
    for (size_t i = 0; i < sizeof FORWARDED / sizeof *FORWARDED; i++) {
        forwarded += getenv(FORWARDED[i]) != NULL;
    }
    int failed = append_u32(&request, MAGIC) || append_u32(&request, (uint32_t) forwarded);
    for (size_t i = 0; i < sizeof FORWARDED / sizeof *FORWARDED && !failed; i++) {
        const char *value = getenv(FORWARDED[i]);
        if (value) {
            failed = append_string(&request, FORWARDED[i], strlen(FORWARDED[i]))
                     || append_string(&request, value, strlen(value));
        }
    }
    if (failed || append_string(&request, in.data ? in.data : "", in.len)) {
        fall_back(&in);
    }
    if (write_all(fd, request.data, request.len)) {
        return agent_failed(&in, "the request could not be sent");
    }
    struct timeval deadline = {.tv_sec = REPLY_DEADLINE_SECONDS};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &deadline, sizeof deadline);
    uint32_t magic, exit_code, out_len, err_len;
    if (read_u32(fd, &magic) || magic != MAGIC || read_u32(fd, &exit_code)) {
        return agent_failed(&in, errno == EAGAIN ? "no reply within 55 s" : "the reply was cut off");
    }
    char *out = read_string(fd, &out_len);
    char *err = out ? read_string(fd, &err_len) : NULL;
    if (!out || !err) {
        return agent_failed(&in, "the reply was cut off");
    }
    fwrite(out, 1, out_len, stdout);
    fflush(stdout);
    if (err_len) {
        fprintf(stderr, "%s\n", err);
    }
    return (int) exit_code;
}
