// Respawned children: the `respawn` and `failfast` programs of ha.cf and the
// cluster-manager daemons `crm on` starts. The policy is pure (RespawnPolicy:
// when to start a child again); HbRespawner runs them on the ChildRunner.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "heartbeat/plumb/child_runner.h"
#include "heartbeat/plumb/duration.h"

namespace ha::hb {

// Back-off for a child that keeps dying: 1 s, doubled on every death within
// kStableRun of its start, up to kMaxDelay; a run longer than kStableRun
// resets it. Exit code 100 means "do not respawn me", as in heartbeat.
class RespawnPolicy {
  public:
    static constexpr Millis kFirstDelay{1000};
    static constexpr Millis kMaxDelay{60000};
    static constexpr Millis kStableRun{30000};
    static constexpr int kNoRespawnExit = 100;

    // Returns the delay before the next start, or nullopt for none.
    std::optional<Millis> on_exit(Millis ran_for, int exit_code);

  private:
    Millis delay_ = kFirstDelay;
};

struct RespawnSpec {
    std::string name;  // for logs
    std::vector<std::string> argv;
    std::map<std::string, std::string> env;
    std::optional<ChildSpec::RunAs> run_as;  // the ha.cf user, when we are root
    bool failfast = false;                   // death of this child means the node must not go on
};

class HbRespawner {
  public:
    using FailfastHandler = std::function<void(const std::string& name)>;
    HbRespawner(io::MainLoop& loop, ProcessRunner& runner, FailfastHandler on_failfast);
    ~HbRespawner();

    void start(const RespawnSpec& spec);
    // Stops every child (SIGTERM to its group, SIGKILL after the grace).
    void stop_all();
    size_t running() const;

  private:
    struct Child {
        RespawnSpec spec;
        RespawnPolicy policy;
        std::optional<ChildId> id;
        io::TimerId restart_timer;
        bool stopping = false;
    };
    void launch(const std::shared_ptr<Child>& c);

    io::MainLoop& loop_;
    ProcessRunner& runner_;
    FailfastHandler on_failfast_;
    std::vector<std::shared_ptr<Child>> children_;
};

}  // namespace ha::hb
