// An LD_PRELOAD shim for the failing-disk tests (issue 14, FailingDiskTests): fsync(2) and fdatasync(2) fail
// with EIO, without syncing, on every file whose path contains $SYNC_FAULT_PATTERN while the file
// $SYNC_FAULT_TRIGGER exists, as a disk whose writeback failed would answer. Each failure appends
// "<call> <path>" to $SYNC_FAULT_LOG. Anything else goes to the real call. The test compiles it with
// `cc -shared -fPIC` and starts checkpointd with LD_PRELOAD; it is not part of any product.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fault_applies(int fd, char *path, size_t size) {
    const char *trigger = getenv("SYNC_FAULT_TRIGGER");
    const char *pattern = getenv("SYNC_FAULT_PATTERN");
    if (trigger == NULL || pattern == NULL || access(trigger, F_OK) != 0) return 0;
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t length = readlink(link, path, size - 1);
    if (length < 0) return 0;
    path[length] = '\0';
    return strstr(path, pattern) != NULL;
}

static void note(const char *call, const char *path) {
    const char *log = getenv("SYNC_FAULT_LOG");
    if (log == NULL) return;
    int fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return;
    char line[4200];
    int length = snprintf(line, sizeof line, "%s %s\n", call, path);
    if (length > 0) (void)!write(fd, line, (size_t)length < sizeof line ? (size_t)length : sizeof line - 1);
    close(fd);
}

/* EIO for a file the fault applies to (noted in the log), else the real call named `call`. */
static int sync_or_fail(const char *call, int fd) {
    char path[4096];
    if (fault_applies(fd, path, sizeof path)) {
        note(call, path);
        errno = EIO;
        return -1;
    }
    int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, call);
    return real(fd);
}

int fsync(int fd) { return sync_or_fail("fsync", fd); }

int fdatasync(int fd) { return sync_or_fail("fdatasync", fd); }
