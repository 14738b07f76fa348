#include "heartbeat/daemon/hb_v1_service.h"

#include <cstdio>
#include <cstdlib>

#include <unistd.h>

#include "heartbeat/daemon/hb_daemon.h"
#include "heartbeat/plumb/log.h"

namespace ha::hb {

namespace {
const log::Logger& logger() {
    static const log::Logger l("v1");
    return l;
}

V1Config v1_config(const NodeConfig& cfg) {
    V1Config c;
    c.local_node = cfg.local_node;
    c.mode = cfg.hacf.auto_failback;
    c.groups = cfg.resources;
    return c;
}
}  // namespace

// One takegroup/givegroup job: the groups in order, each resource in order.
struct HbV1Service::GroupJob {
    uint64_t id;
    bool take;
    std::vector<const ResourceGroup*> groups;
    size_t group = 0;
    size_t resource = 0;  // index into the group's resources (start: 0 up; stop: n-1 down)
    int stop_tries = 0;
    bool checked = false;  // start: the status check of this resource is done
    bool ok = true;
    bool unwinding = false;  // a start failed: stop what this group started
};

HbV1Service::HbV1Service(HbDaemon& daemon) : daemon_(daemon), core_(v1_config(daemon.config())) {
    if (const char* r = std::getenv("HA_STOPRETRYMAX"); r && std::atoi(r) >= 0)
        stop_retries_ = std::atoi(r);
    ra_ = std::make_unique<lrm::RaExec>(daemon.loop(), daemon.runner(),
                                        lrm::RaExecConfig::from_environment());
}

HbV1Service::~HbV1Service() {
    for (auto id : timers_)
        daemon_.loop().remove(id);
}

const ResourceGroup* HbV1Service::group(const std::string& key) const {
    for (const auto& g : daemon_.config().resources)
        if (g.key() == key) return &g;
    return nullptr;
}

lrm::ResourceSpec HbV1Service::spec(const HaResource& r) const {
    return lrm::ResourceSpec::heartbeat(r.token, r.name, r.args);
}

void HbV1Service::comm_up() {
    core_.on_comm_up(daemon_.clock_now());
    pump();
}

void HbV1Service::deliver(const Message& msg) {
    core_.on_message(daemon_.clock_now(), msg);
    pump();
}

void HbV1Service::node_status(const std::string& node, const std::string& status) {
    core_.on_node_status(daemon_.clock_now(), node, status);
    pump();
}

void HbV1Service::tick() {
    core_.on_tick(daemon_.clock_now());
    pump();
}

void HbV1Service::shutdown(std::function<void()> done) {
    on_shutdown_done_ = std::move(done);
    core_.shutdown(daemon_.clock_now());
    pump();
}

// A resource that will not stop may still run here: the node must leave the
// cluster for good before a peer takes the group over. heartbeat reboots the
// machine; we run HA_STOP_FAILURE_ACTION when set, reboot when running as
// root on the real file system, and otherwise (HA_ROOT test nodes) leave a
// marker file and exit at once, as if the box had gone down.
void HbV1Service::stop_failure(const std::string& name) {
    logger().crit("Resource STOP failure of " + name + ". Reboot required!");
    std::string marker = daemon_.paths().state_dir() + "/reboot-required";
    if (FILE* f = std::fopen(marker.c_str(), "w")) {
        std::fprintf(f, "stop of %s failed\n", name.c_str());
        std::fclose(f);
    }
    const char* action = std::getenv("HA_STOP_FAILURE_ACTION");
    if (action && *action) {
        (void)!std::system(action);
    } else if (daemon_.paths().root().empty() && ::geteuid() == 0) {
        ::sync();
        (void)!std::system("reboot -f");
    }
    std::_Exit(3);  // no shutdone: the peers see a death and take over
}

void HbV1Service::pump() {
    for (auto& e : core_.take_effects()) {
        if (auto* s = std::get_if<v1_effect::Send>(&e)) {
            Status st = daemon_.send_cluster(std::move(s->msg));
            if (!st) logger().err("Cannot send: " + st.to_string());
        } else if (auto* r = std::get_if<v1_effect::Run>(&e)) {
            run_job(r->job, r->take, r->keys);
        } else if (std::holds_alternative<v1_effect::ShutdownDone>(e)) {
            if (on_shutdown_done_) on_shutdown_done_();
        }
    }
}

void HbV1Service::run_job(uint64_t job, bool take, std::vector<std::string> keys) {
    auto j = std::make_shared<GroupJob>();
    j->id = job;
    j->take = take;
    for (const auto& k : keys) {
        if (const ResourceGroup* g = group(k)) {
            j->groups.push_back(g);
        } else {
            logger().err("No resource group " + k + " in haresources");
        }
    }
    logger().info(std::string(take ? "Acquiring" : "Releasing") + " resource group(s):" + [&] {
        std::string s;
        for (const auto& k : keys)
            s += " " + k;
        return s;
    }());
    step(j);
}

// Advances a job by one agent call; the callback continues it.
void HbV1Service::step(const std::shared_ptr<GroupJob>& j) {
    while (j->group < j->groups.size()) {
        const ResourceGroup& g = *j->groups[j->group];
        bool starting = j->take && !j->unwinding;
        size_t n = g.resources.size();
        if (j->resource >= n) {
            ++j->group;
            j->resource = 0;
            j->checked = false;
            j->unwinding = false;
            continue;
        }
        // Stops go right to left: index from the end.
        const HaResource& r =
            starting ? g.resources[j->resource] : g.resources[n - 1 - j->resource];
        lrm::OpOptions opts;
        if (starting && !j->checked) {
            ra_->run(spec(r), lrm::OpName::kStatus, opts, [this, j](lrm::OpResult res) {
                j->checked = true;
                if (res.rc == lrm::OcfRc::kSuccess) {  // already running here
                    ++j->resource;
                    j->checked = false;
                }
                step(j);
            });
            return;
        }
        lrm::OpName op = starting ? lrm::OpName::kStart : lrm::OpName::kStop;
        ra_->run(spec(r), op, opts, [this, j, starting, name = r.token](lrm::OpResult res) {
            if (res.succeeded()) {
                logger().info(std::string(starting ? "Started " : "Stopped ") + name);
                ++j->resource;
                j->checked = false;
                j->stop_tries = 0;
                step(j);
                return;
            }
            if (starting) {
                logger().err("Start of " + name + " failed: " + lrm::describe(res) +
                             "; stopping its group again");
                j->ok = false;
                // Stop the whole group again, right to left.
                j->resource = 0;
                j->unwinding = true;
                step(j);
                return;
            }
            if (++j->stop_tries <= stop_retries_) {
                logger().warning("Stop of " + name + " failed (" + lrm::describe(res) +
                                 "); retrying in 1 s");
                timers_.push_back(daemon_.loop().add_timer(Millis(1000), [this, j] { step(j); }));
                return;
            }
            stop_failure(name);
        });
        return;
    }
    core_.on_job_done(daemon_.clock_now(), j->id, j->ok);
    pump();
}

}  // namespace ha::hb
