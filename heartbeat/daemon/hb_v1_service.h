// The haresources resource manager inside the heartbeat daemon: feeds the
// pure V1Core with what the heartbeat core delivers and reports, and runs
// its group jobs with the agent runner (heartbeat-class scripts from
// /etc/ha.d/resource.d, then /etc/init.d): takegroup starts a group's
// resources left to right (skipping running ones; a failure stops the group
// again), givegroup stops them right to left, retrying a failed stop once a
// second up to 10 times, as ResourceManager does.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "heartbeat/v1/v1_core.h"
#include "lrm/raexec/ra_exec.h"

namespace ha::hb {

class HbDaemon;

class HbV1Service {
  public:
    explicit HbV1Service(HbDaemon& daemon);
    ~HbV1Service();

    void comm_up();
    void deliver(const Message& msg);
    void node_status(const std::string& node, const std::string& status);
    void tick();
    MonoTime next_wakeup() const { return core_.next_wakeup(); }
    // Graceful stop; `done` runs once our shutdone went out and came back.
    void shutdown(std::function<void()> done);
    std::string rsc_status() const { return core_.rsc_status(); }

    static constexpr int kStopRetries = 10;  // HA_STOPRETRYMAX overrides, as in ResourceManager

  private:
    struct GroupJob;
    void pump();
    void run_job(uint64_t job, bool take, std::vector<std::string> keys);
    void step(const std::shared_ptr<GroupJob>& j);
    [[noreturn]] void stop_failure(const std::string& name);
    const ResourceGroup* group(const std::string& key) const;
    lrm::ResourceSpec spec(const HaResource& r) const;

    HbDaemon& daemon_;
    V1Core core_;
    std::unique_ptr<lrm::RaExec> ra_;
    std::function<void()> on_shutdown_done_;
    std::vector<io::TimerId> timers_;
    int stop_retries_ = kStopRetries;
};

}  // namespace ha::hb
