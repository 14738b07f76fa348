// The `heartbeat` daemon shell: wires the protocol core (HbCore) to the GLib
// main loop, the media sockets, the clock, the client API socket, signals and
// respawned children. It holds no protocol logic of its own.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "heartbeat/config/config_load.h"
#include "heartbeat/daemon/hb_options.h"
#include "heartbeat/daemon/hb_respawn.h"
#include "heartbeat/media/medium.h"
#include "heartbeat/media/ping_prober.h"
#include "heartbeat/membership/ccm_core.h"
#include "heartbeat/membership/hb_core.h"
#include "heartbeat/plumb/child_runner.h"
#include "heartbeat/plumb/main_loop.h"
#include "heartbeat/plumb/paths.h"

namespace ha::hb {

class HbApiService;
class HbV1Service;
class HbFifo;

class HbDaemon {
  public:
    // Prepares everything that can fail before the loop runs: state files,
    // media, the pid file. Errors name what failed.
    static Result<std::unique_ptr<HbDaemon>> create(const Paths& paths, NodeConfig config,
                                                    const HbOptions& options);
    ~HbDaemon();

    // Runs until a graceful shutdown completes; returns the exit code.
    int run();

    // For the API service.
    HbCore& core() { return *core_; }
    const HbCore& core() const { return *core_; }
    const MembershipCore& membership() const { return *ccm_; }
    const NodeConfig& config() const { return config_; }
    const Paths& paths() const { return paths_; }
    io::MainLoop& loop() { return loop_; }
    ProcessRunner& runner() { return *runner_; }
    MonoTime clock_now() const { return clock_.now(); }
    // The v1 resource manager's rsc_hold word, or nullopt outside v1 mode.
    std::optional<std::string> resource_status() const;
    Instant now() const;
    // Originates a cluster message and processes the resulting effects.
    Status send_cluster(Message msg);

    // Hooks for the services built on the daemon (client API, v1 resources).
    std::function<void(const std::string& node, const std::string& status)> on_node_status_;
    std::function<void(const std::string& node, const std::string& link, const std::string& status)>
        on_link_status_;
    std::function<void(const Message& msg)> on_deliver_;
    std::function<void(const membership_effect::Installed& view)> on_view_;
    std::function<void()> on_comm_up_;
    std::function<void()> on_shutdown_;

  private:
    HbDaemon(const Paths& paths, NodeConfig config, const HbOptions& options);
    Status open_media();
    void on_medium_readable(size_t index);
    void process_effects();
    void process_membership();
    void write_host_caches();
    void run_event_script(const Message& msg);
    void rearm_timer();
    void on_comm_up();
    void begin_shutdown();
    void reload();
    void update_load_average();
    void apply_realtime();
    void on_failfast(const std::string& name);
    std::vector<RespawnSpec> respawn_specs() const;

    Paths paths_;
    NodeConfig config_;
    HbOptions options_;
    io::MainLoop loop_;
    io::RealClock clock_;
    std::unique_ptr<HbCore> core_;
    std::unique_ptr<MembershipCore> ccm_;
    std::vector<std::unique_ptr<MediumIo>> media_;
    std::vector<io::WatchId> media_watches_;
    std::vector<std::unique_ptr<PingProber>> probers_;
    io::TimerId core_timer_;
    MonoTime core_timer_at_ = MonoTime::max();
    std::unique_ptr<io::ChildRunner> runner_;
    std::unique_ptr<HbRespawner> respawner_;
    std::unique_ptr<HbApiService> api_;
    std::unique_ptr<HbV1Service> v1_;
    std::unique_ptr<HbFifo> fifo_;
    std::string pid_file_;
    bool shutting_down_ = false;
    int exit_code_ = 0;
};

}  // namespace ha::hb
