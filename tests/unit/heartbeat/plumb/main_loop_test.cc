#include "heartbeat/plumb/main_loop.h"

#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ha::io {
namespace {

using std::chrono_literals::operator""ms;
constexpr Millis kPatience{5000};  // only reached when a test is failing

TEST(MainLoop, TimersFireInDeadlineOrder) {
    MainLoop loop;
    std::vector<int> fired;
    loop.add_timer(30ms, [&] { fired.push_back(30); });
    loop.add_timer(10ms, [&] { fired.push_back(10); });
    loop.add_timer(0ms, [&] { fired.push_back(0); });
    loop.add_timer(20ms, [&] { fired.push_back(20); });
    ASSERT_TRUE(loop.run_until([&] { return fired.size() == 4; }, kPatience));
    EXPECT_EQ(fired, (std::vector<int>{0, 10, 20, 30}));
    EXPECT_EQ(loop.source_count(), 0u);
}

TEST(MainLoop, OneShotTimerIsGoneAfterFiring) {
    MainLoop loop;
    int count = 0;
    TimerId id = loop.add_timer(0ms, [&] { ++count; });
    EXPECT_TRUE(loop.contains(id));
    ASSERT_TRUE(loop.run_until([&] { return count == 1; }, kPatience));
    EXPECT_FALSE(loop.contains(id));
    EXPECT_FALSE(loop.remove(id));
}

TEST(MainLoop, RepeatingTimerRemovesItselfFromItsCallback) {
    MainLoop loop;
    int count = 0;
    TimerId self;
    self = loop.add_timer(
        1ms,
        [&] {
            if (++count == 3) {
                EXPECT_TRUE(loop.remove(self));
            }
        },
        Repeat::kRepeat);
    bool later = false;
    loop.add_timer(40ms, [&] { later = true; });
    ASSERT_TRUE(loop.run_until([&] { return later; }, kPatience));
    EXPECT_EQ(count, 3);
    EXPECT_FALSE(loop.contains(self));
}

TEST(MainLoop, CallbackRemovesAnotherPendingTimer) {
    MainLoop loop;
    bool victim_fired = false;
    TimerId victim = loop.add_timer(20ms, [&] { victim_fired = true; });
    loop.add_timer(0ms, [&] { EXPECT_TRUE(loop.remove(victim)); });
    bool done = false;
    loop.add_timer(40ms, [&] { done = true; });
    ASSERT_TRUE(loop.run_until([&] { return done; }, kPatience));
    EXPECT_FALSE(victim_fired);
}

TEST(MainLoop, OneShotTimerRemovingItselfIsHarmless) {
    MainLoop loop;
    TimerId self;
    bool removed = true;
    self = loop.add_timer(0ms, [&] { removed = loop.remove(self); });
    ASSERT_TRUE(loop.run_until([&] { return !removed; }, kPatience));
    EXPECT_EQ(loop.source_count(), 0u);
}

TEST(MainLoop, QuitFromCallbackEndsRun) {
    MainLoop loop;
    loop.add_timer(1ms, [&] { loop.quit(); });
    loop.run();
    EXPECT_EQ(loop.source_count(), 0u);
}

TEST(MainLoop, RunUntilGivesUpAfterTimeout) {
    MainLoop loop;
    EXPECT_FALSE(loop.run_until([] { return false; }, 5ms));
    EXPECT_EQ(loop.source_count(), 0u);
}

TEST(MainLoop, FdWatchReportsDataThenHangup) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    MainLoop loop;
    std::string got;
    bool hup = false;
    WatchId watch;
    watch = loop.add_fd_watch(fds[0], kIoRead | kIoHup, [&](IoEvents events) {
        char buf[16];
        ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n > 0) got.append(buf, static_cast<std::size_t>(n));
        if (n == 0 || (events & kIoHup)) {
            hup = n == 0;
            loop.remove(watch);  // from inside its own callback
        }
    });
    ASSERT_EQ(::write(fds[1], "ab", 2), 2);
    ASSERT_TRUE(loop.run_until([&] { return got == "ab"; }, kPatience));
    EXPECT_FALSE(hup);
    ::close(fds[1]);
    ASSERT_TRUE(loop.run_until([&] { return !loop.contains(watch); }, kPatience));
    EXPECT_TRUE(hup);
    ::close(fds[0]);
}

TEST(MainLoop, FdWatchEventsCanBeChanged) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    MainLoop loop;
    int writable = 0;
    WatchId watch = loop.add_fd_watch(fds[1], 0, [&](IoEvents events) {
        if (events & kIoWrite) ++writable;
        loop.set_fd_events(watch, 0);
    });
    loop.run_until([] { return false; }, 5ms);
    EXPECT_EQ(writable, 0);
    EXPECT_TRUE(loop.set_fd_events(watch, kIoWrite));
    ASSERT_TRUE(loop.run_until([&] { return writable == 1; }, kPatience));
    TimerId timer = loop.add_timer(kPatience, [] {});
    EXPECT_FALSE(loop.set_fd_events(timer, kIoWrite));  // not an fd watch
    loop.remove(timer);
    loop.remove(watch);
    ::close(fds[0]);
    ::close(fds[1]);
}

TEST(MainLoop, DeliversSignalOnTheLoop) {
    MainLoop loop;
    int got = 0;
    auto id = loop.add_signal(SIGUSR1, [&](int signo) { got = signo; });
    ASSERT_TRUE(id.is_ok()) << id.status().to_string();
    ASSERT_EQ(::raise(SIGUSR1), 0);
    ASSERT_TRUE(loop.run_until([&] { return got != 0; }, kPatience));
    EXPECT_EQ(got, SIGUSR1);
    EXPECT_TRUE(loop.remove(*id));
}

TEST(MainLoop, RefusesSignalsItCannotWatch) {
    MainLoop loop;
    for (int signo : {SIGCHLD, SIGKILL, SIGSEGV, SIGPIPE}) {
        auto id = loop.add_signal(signo, [](int) {});
        ASSERT_FALSE(id.is_ok()) << signo;
        EXPECT_EQ(id.status().code(), ErrorCode::kUnsupported);
    }
    EXPECT_EQ(loop.source_count(), 0u);
}

TEST(MainLoop, ChildWatchReportsExitStatus) {
    MainLoop loop;
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) ::_exit(7);
    int status = -1;
    pid_t reaped = 0;
    loop.add_child_watch(pid, [&](pid_t p, int s) {
        reaped = p;
        status = s;
    });
    ASSERT_TRUE(loop.run_until([&] { return reaped != 0; }, kPatience));
    EXPECT_EQ(reaped, pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 7);
    EXPECT_EQ(loop.source_count(), 0u);
}

TEST(MainLoopDeathTest, ExceptionFromCallbackIsFatal) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(
        {
            MainLoop loop;
            loop.add_timer(0ms, [] { throw std::runtime_error("boom in timer"); });
            loop.iterate(true);
        },
        "exception escaped a timer callback: boom in timer");
}

TEST(RealClock, AdvancesWithLoopTimers) {
    RealClock clock;
    MainLoop loop;
    MonoTime start = clock.now();
    bool fired = false;
    loop.add_timer(15ms, [&] { fired = true; });
    ASSERT_TRUE(loop.run_until([&] { return fired; }, kPatience));
    EXPECT_GE(clock.now() - start, 15ms);
}

}  // namespace
}  // namespace ha::io
