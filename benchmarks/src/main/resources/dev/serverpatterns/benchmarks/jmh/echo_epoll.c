/*
 * The yardstick: the least a Linux echo server can do. One thread, one level-triggered epoll
 * set, blocking client sockets (epoll says when a read will not block; a write blocks only
 * if the client stops reading, and the benchmark clients always read). Every pattern's result
 * is also reported as a ratio to this server's, measured in the same run on the same machine.
 *
 *   gcc -O2 -o echo_epoll echo_epoll.c && ./echo_epoll 0    # 0 = an ephemeral port
 *
 * Prints "serving yardstick (echo) on 127.0.0.1:PORT" first, like `serverpatterns serve`;
 * SIGTERM ends it. Echo only: no byte-count protocol, no simulated work.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static void die(const char *what) { perror(what); exit(1); }

int main(int argc, char **argv) {
    int one = 1, port = argc > 1 ? atoi(argv[1]) : 0;
    static char buf[64 * 1024];
    struct epoll_event ev, events[256];
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port),
                                .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof addr;

    signal(SIGPIPE, SIG_IGN); /* a peer that went away is an EPIPE, not a death */
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), ep = epoll_create1(0);
    if (lfd < 0 || ep < 0) die("socket/epoll_create1");
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(lfd, (struct sockaddr *) &addr, sizeof addr) < 0) die("bind");
    if (listen(lfd, 1024) < 0 || getsockname(lfd, (struct sockaddr *) &addr, &len) < 0) die("listen");
    printf("serving yardstick (echo) on 127.0.0.1:%d\n", ntohs(addr.sin_port));
    fflush(stdout);

    ev.events = EPOLLIN, ev.data.fd = lfd;
    if (epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) < 0) die("epoll_ctl");
    for (;;) {
        int n = epoll_wait(ep, events, 256, -1);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd, c;
            if (fd == lfd) { /* accept everything pending; the listener is non-blocking */
                while ((c = accept(lfd, NULL, NULL)) >= 0) {
                    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    ev.events = EPOLLIN, ev.data.fd = c;
                    if (epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev) < 0) close(c);
                }
                continue;
            }
            ssize_t r = read(fd, buf, sizeof buf), w = 0;
            for (ssize_t off = 0; r > 0 && off < r; off += w)
                if ((w = write(fd, buf + off, r - off)) < 0) break;
            if (r <= 0 || w < 0) close(fd); /* EOF or error; close() also leaves the epoll set */
        }
    }
}
