// An LD_PRELOAD shim for ClockStepTests (issue 14 point 7): the wall clock (CLOCK_REALTIME, gettimeofday, time)
// runs $CLOCK_SHIFT_FILE's number of seconds (e.g. "-3600") away from the real one, read again at most every
// 100 ms, so a test can step the clock of a running process. CLOCK_MONOTONIC and the others are left alone, as
// NIO's timers need. libfaketime does the same, but preloaded into a Swift program it empties
// CommandLine.arguments (Debian 12's 0.9.10), so checkpointd would start without its flags.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

typedef int (*clock_gettime_fn)(clockid_t, struct timespec *);

static clock_gettime_fn real_clock_gettime(void) {
    static clock_gettime_fn real;
    if (real == NULL) real = (clock_gettime_fn)dlsym(RTLD_NEXT, "clock_gettime");
    return real;
}

// The shift in seconds; re-read when 100 ms of monotonic time have passed. Races between threads only read a
// slightly older value.
static long long shift_seconds(void) {
    static long long shift;
    static long long checked_ns = -1;
    struct timespec now;
    real_clock_gettime()(CLOCK_MONOTONIC, &now);
    long long now_ns = (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
    if (checked_ns >= 0 && now_ns - checked_ns < 100000000LL) return shift;
    checked_ns = now_ns;
    const char *path = getenv("CLOCK_SHIFT_FILE");
    if (path == NULL) return shift = 0;
    FILE *file = fopen(path, "re");
    if (file == NULL) return shift;
    long long value = 0;
    if (fscanf(file, "%lld", &value) == 1) shift = value;
    fclose(file);
    return shift;
}

static int is_wall_clock(clockid_t clock) {
    return clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE;
}

int clock_gettime(clockid_t clock, struct timespec *result) {
    int status = real_clock_gettime()(clock, result);
    if (status == 0 && is_wall_clock(clock)) result->tv_sec += (time_t)shift_seconds();
    return status;
}

int gettimeofday(struct timeval *restrict result, void *restrict zone) {
    (void)zone;
    struct timespec now;
    int status = clock_gettime(CLOCK_REALTIME, &now);
    if (status == 0) {
        result->tv_sec = now.tv_sec;
        result->tv_usec = now.tv_nsec / 1000;
    }
    return status;
}

time_t time(time_t *result) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    if (result != NULL) *result = now.tv_sec;
    return now.tv_sec;
}
