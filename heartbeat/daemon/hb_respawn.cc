#include "heartbeat/daemon/hb_respawn.h"

#include <algorithm>

#include "heartbeat/plumb/log.h"

namespace ha::hb {

namespace {
const log::Logger& logger() {
    static const log::Logger l("hb");
    return l;
}
}  // namespace

std::optional<Millis> RespawnPolicy::on_exit(Millis ran_for, int exit_code) {
    if (exit_code == kNoRespawnExit) return std::nullopt;
    if (ran_for >= kStableRun) delay_ = kFirstDelay;
    Millis d = delay_;
    delay_ = std::min(delay_ * 2, kMaxDelay);
    return d;
}

HbRespawner::HbRespawner(io::MainLoop& loop, ProcessRunner& runner, FailfastHandler on_failfast)
    : loop_(loop), runner_(runner), on_failfast_(std::move(on_failfast)) {}

HbRespawner::~HbRespawner() {
    stop_all();
}

void HbRespawner::start(const RespawnSpec& spec) {
    auto c = std::make_shared<Child>();
    c->spec = spec;
    children_.push_back(c);
    launch(c);
}

void HbRespawner::launch(const std::shared_ptr<Child>& c) {
    c->restart_timer = {};
    if (c->stopping) return;
    ChildSpec cs;
    cs.argv = c->spec.argv;
    cs.env = c->spec.env;
    cs.run_as = c->spec.run_as;
    cs.inherit_env = true;
    cs.capture_output = false;
    cs.kill_grace = Millis(5000);
    std::weak_ptr<Child> weak = c;
    auto id = runner_.start(cs, [this, weak](ChildResult r) {
        auto child = weak.lock();
        if (!child) return;
        child->id.reset();
        if (child->stopping) return;
        logger().warning("Managed " + child->spec.name + " process " + std::to_string(r.pid) + " " +
                         (r.signal ? "killed by signal " + std::to_string(r.signal)
                                   : "exited with return code " + std::to_string(r.exit_code)));
        if (child->spec.failfast) {
            logger().crit("Failfast child " + child->spec.name + " died");
            if (on_failfast_) on_failfast_(child->spec.name);
            return;
        }
        auto delay = child->policy.on_exit(r.duration, r.exit_code);
        if (!delay) {
            logger().notice("Not respawning " + child->spec.name + " (it asked not to be)");
            return;
        }
        logger().info("Respawning client " + child->spec.name + " in " +
                      std::to_string(delay->count()) + " ms");
        child->restart_timer = loop_.add_timer(*delay, [this, weak] {
            if (auto ch = weak.lock()) launch(ch);
        });
    });
    if (!id) {
        logger().err("Cannot start " + c->spec.name + ": " + id.status().to_string());
        return;
    }
    c->id = *id;
    logger().info("Starting child client \"" + c->spec.name + "\"");
}

void HbRespawner::stop_all() {
    for (auto& c : children_) {
        c->stopping = true;
        if (c->restart_timer) loop_.remove(c->restart_timer);
        if (c->id) runner_.cancel(*c->id);
    }
}

size_t HbRespawner::running() const {
    return size_t(std::count_if(children_.begin(), children_.end(),
                                [](const auto& c) { return c->id.has_value(); }));
}

}  // namespace ha::hb
