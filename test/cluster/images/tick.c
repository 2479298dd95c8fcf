/*
 * The "distroless" image's only program: writes "tick 1", "tick 2", ... one line a second to
 * stdout, so a test can follow a log from a container that has no shell to exec into.
 *
 * As a container's PID 1 it gets no default signal handling: without the handler below, SIGTERM
 * would be ignored and every stop would wait out the grace period before SIGKILL.
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static void stop(int signo) {
  (void)signo;
  _exit(0);
}

int main(void) {
  signal(SIGTERM, stop);
  signal(SIGINT, stop);
  for (unsigned long n = 1;; n++) {
    char line[32];
    int length = snprintf(line, sizeof line, "tick %lu\n", n);
    /* write(2), not stdio: a pipe would make stdio buffer the lines. */
    if (write(STDOUT_FILENO, line, (size_t)length) < 0) return 1;
    sleep(1);
  }
}
