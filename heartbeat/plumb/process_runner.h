// The ProcessRunner seam (STYLE.md section 3): what to run and what came of
// it, as plain values, plus the small interface daemons spawn through.
// Header-only and free of I/O, so a FakeProcessRunner in tests/support needs
// nothing more; the real runner is ha::io::ChildRunner (child_runner.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

#include "heartbeat/plumb/duration.h"
#include "heartbeat/plumb/status.h"

namespace ha {

// Exit codes reported when the program never ran, as a shell reports them.
inline constexpr int kExitNotFound = 127;       // no such file (or not in PATH)
inline constexpr int kExitCannotExecute = 126;  // not executable, bad format, chdir failed

// Appended to captured output that hit ChildSpec::max_output.
inline constexpr const char* kOutputTruncatedMarker = "\n[ha: output truncated]\n";

struct ChildSpec {
    // argv[0] is the program: a path, or a bare name searched in the child's
    // PATH (the explicit env's PATH, else the inherited one, else /usr/bin:/bin).
    std::vector<std::string> argv{};
    // The child's environment: `env` on top of ours when inherit_env, else
    // exactly `env`.
    std::map<std::string, std::string> env{};
    bool inherit_env = false;
    std::string working_dir{};  // "" = ours
    // Run as this user (needs root): uid, primary gid and supplementary groups.
    struct RunAs {
        uid_t uid = 0;
        gid_t gid = 0;
        std::vector<gid_t> groups{};
    };
    std::optional<RunAs> run_as{};
    std::optional<std::string> stdin_data{};  // nullopt = /dev/null
    // Zero = no timeout. On timeout the child's process group gets SIGTERM,
    // then SIGKILL after kill_grace (and at once when the leader has exited).
    Millis timeout{0};
    Millis kill_grace{5000};
    // Capture stdout and stderr (each bounded by max_output, the excess
    // dropped and marked); when false the child shares ours.
    bool capture_output = true;
    std::size_t max_output = 64 * 1024;
};

struct ChildResult {
    pid_t pid = -1;
    int exit_code = -1;  // >= 0 when the child exited
    int signal = 0;      // != 0 when a signal ended it
    bool timed_out = false;
    bool cancelled = false;
    // Set when the program could not be started; exit_code is then
    // kExitNotFound or kExitCannotExecute. Names the path and the reason.
    std::string exec_error{};
    std::string stdout_text{};
    std::string stderr_text{};
    bool stdout_truncated = false;
    bool stderr_truncated = false;
    Millis duration{0};

    bool exited() const { return signal == 0 && exit_code >= 0; }
    bool succeeded() const { return exited() && exit_code == 0 && !timed_out && !cancelled; }
};

using ChildId = std::uint64_t;

class ProcessRunner {
  public:
    using DoneCallback = std::function<void(ChildResult result)>;

    virtual ~ProcessRunner() = default;

    // Starts `spec`; `done` runs exactly once, later, on the loop (never from
    // inside start()). An error Status only when nothing was started (empty
    // argv, no pipes or fork); a program that cannot run is a ChildResult.
    virtual Result<ChildId> start(ChildSpec spec, DoneCallback done) = 0;

    // Ends a running child as a timeout would; its result has `cancelled`.
    // False when `id` is not running.
    virtual bool cancel(ChildId id) = 0;
};

}  // namespace ha
