#include "heartbeat/daemon/hb_daemon.h"

#include <cstdlib>
#include <ctime>
#include <fstream>

#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include "heartbeat/daemon/hb_api_service.h"
#include "heartbeat/daemon/hb_events.h"
#include "heartbeat/daemon/hb_fifo.h"
#include "heartbeat/daemon/hb_state_files.h"
#include "heartbeat/daemon/hb_v1_service.h"
#include "heartbeat/msg/hb_fields.h"
#include "heartbeat/msg/msg_wire.h"
#include "heartbeat/plumb/log.h"
#include "heartbeat/plumb/log_sinks.h"
#include "heartbeat/plumb/signal_util.h"
#include "heartbeat/plumb/strings.h"

namespace ha::hb {

namespace {
const log::Logger& logger() {
    static const log::Logger l("hb");
    return l;
}
constexpr std::string_view kPidFile = "/var/run/heartbeat.pid";
// How long a stopping node keeps answering retransmission requests for its
// last messages (shutdone) before it exits.
constexpr Millis kShutdownLinger{1000};
}  // namespace

HbDaemon::HbDaemon(const Paths& paths, NodeConfig config, const HbOptions& options)
    : paths_(paths), config_(std::move(config)), options_(options) {}

HbDaemon::~HbDaemon() {
    respawner_.reset();
    v1_.reset();
    fifo_.reset();
    api_.reset();
    for (auto id : media_watches_)
        loop_.remove(id);
    if (!pid_file_.empty()) ::unlink(pid_file_.c_str());
}

Instant HbDaemon::now() const {
    return Instant{clock_.now(), int64_t(::time(nullptr))};
}

Result<std::unique_ptr<HbDaemon>> HbDaemon::create(const Paths& paths, NodeConfig config,
                                                   const HbOptions& options) {
    std::unique_ptr<HbDaemon> d(new HbDaemon(paths, std::move(config), options));
    const HaCf& cf = d->config_.hacf;

    d->pid_file_ = paths.resolve(kPidFile);
    if (auto pid = read_live_pid(d->pid_file_); pid && *pid != ::getpid()) {
        d->pid_file_.clear();
        return Status(ErrorCode::kInvalid,
                      "heartbeat is already running (pid " + std::to_string(*pid) + ")");
    }

    std::string state = paths.state_dir();
    uint64_t generation;
    if (cf.generation_from_time) {
        generation = uint64_t(::time(nullptr));
    } else {
        auto g = next_generation(state + "/hb_generation", int64_t(::time(nullptr)));
        if (!g) return g.status().with_context("hb_generation");
        generation = *g;
    }
    auto uuid = load_or_create_uuid(state + "/hb_uuid");
    if (!uuid) return uuid.status();

    HA_RETURN_IF_ERROR(d->open_media());
    for (const auto& pn : cf.ping_nodes) {
        auto prober = PingProber::open(pn.name, pn.hosts, pn.type == PingType::kPing6);
        if (!prober) return prober.status().with_context("ha.cf line " + std::to_string(pn.line));
        d->probers_.push_back(std::move(*prober));
    }

    CoreConfig cc;
    cc.local_node = d->config_.local_node;
    cc.local_uuid = *uuid;
    cc.generation = generation;
    cc.nodes = cf.nodes;
    for (const auto& pn : cf.ping_nodes)
        cc.ping_nodes.push_back(pn.name);
    cc.deadping = cf.deadping;
    for (const auto& m : cf.media)
        cc.links.push_back(m.name());
    cc.keepalive = cf.keepalive;
    cc.deadtime = cf.deadtime;
    cc.warntime = cf.warntime;
    cc.initdead = cf.initdead;
    cc.max_rexmit_delay = cf.max_rexmit_delay;
    cc.hopfudge = cf.hopfudge;
    cc.autojoin = cf.autojoin;
    cc.inner_auth = cf.msgfmt == MsgFmt::kClassic;
    cc.log_badpack = cf.log_badpack;
    cc.auth = d->config_.auth;
    if (cf.autojoin != Autojoin::kNone) {
        // Nodes learned at runtime survive a restart; an unreadable cache is
        // dropped (and rewritten), as heartbeat does.
        for (auto [file, list] : {std::pair{"/hostcache", &cc.cached_nodes},
                                  std::pair{"/delhostcache", &cc.deleted_nodes}}) {
            auto cached = read_host_cache(state + file);
            if (cached) {
                *list = std::move(*cached);
            } else {
                logger().warning(cached.status().to_string() + "; ignoring the cache");
                ::unlink((state + file).c_str());
            }
        }
    }
    cc.seed =
        generation ^ uint64_t(::getpid()) ^ uint64_t(d->clock_.now().time_since_epoch().count());
    d->core_ = std::make_unique<HbCore>(cc);
    MembershipConfig mc;
    mc.local_node = cc.local_node;
    mc.configured = cf.nodes;
    mc.settle = cf.keepalive * 2;
    mc.retry = cf.deadtime;
    d->ccm_ = std::make_unique<MembershipCore>(mc);
    d->runner_ = std::make_unique<io::ChildRunner>(d->loop_);
    HbDaemon* self = d.get();
    d->respawner_ = std::make_unique<HbRespawner>(
        d->loop_, *d->runner_, [self](const std::string& name) { self->on_failfast(name); });
    d->api_ = std::make_unique<HbApiService>(*d);
    if (cf.v1_mode() && !options.no_resources) d->v1_ = std::make_unique<HbV1Service>(*d);
    // Scripts (hb_standby, hb_takeover, ...) hand messages in through the FIFO.
    d->fifo_ = std::make_unique<HbFifo>(d->loop_, state + "/fifo", [self](Message msg) {
        Status s = self->send_cluster(std::move(msg));
        if (!s) logger().warning("FIFO message not sent: " + s.to_string());
    });
    HA_RETURN_IF_ERROR(d->fifo_->open());
    HA_RETURN_IF_ERROR(write_pid_file(d->pid_file_, ::getpid()));
    logger().info("Configuration validated. Starting heartbeat-ng | node=" + d->config_.local_node +
                  " generation=" + std::to_string(generation) + " uuid=" + uuid_to_text(*uuid));
    return d;
}

Status HbDaemon::open_media() {
    const char* bind_env = std::getenv("HA_BIND_ADDRESS");
    std::string bind = bind_env ? bind_env : "";
    for (const auto& m : config_.hacf.media) {
        auto io = open_medium(medium_spec(m, bind));
        if (!io) return io.status().with_context("ha.cf line " + std::to_string(m.line));
        logger().info(std::string(medium_type_name(m.type)) + " heartbeat started on " + m.dev +
                      (m.address.empty() ? "" : " to " + m.address) +
                      (m.type == MediumType::kSerial ? " at " + std::to_string(m.baud) + " baud"
                                                     : " port " + std::to_string(m.port)));
        media_.push_back(std::move(*io));
    }
    return Status::ok();
}

void HbDaemon::on_medium_readable(size_t index) {
    // Drain what is waiting, but yield to the loop after a burst.
    for (int i = 0; i < 64; ++i) {
        auto r = media_[index]->receive();
        if (!r) {
            logger().warning("Receive failed on " + std::string(media_[index]->type_name()) + " " +
                             media_[index]->name() + ": " + r.status().to_string());
            break;
        }
        if (!r->has_value()) break;
        core_->on_packet(now(), int(index), (*r)->bytes);
    }
    process_effects();
}

void HbDaemon::process_effects() {
    // Membership messages the core delivers feed the membership core, whose
    // messages go back through the heartbeat core: loop until both are quiet.
    for (int round = 0; round < 8; ++round) {
        auto effects = core_->take_effects();
        if (effects.empty()) break;
        for (auto& e : effects) {
            if (auto* s = std::get_if<effect::Send>(&e)) {
                for (auto& m : media_) {
                    Status st;
                    if (std::string_view(m->type_name()) == "serial") {
                        EncodeOptions opts;
                        opts.framing = Framing::kClassic;
                        opts.inner_auth = config_.hacf.msgfmt == MsgFmt::kClassic;
                        auto classic = encode_packet(s->msg, &config_.auth, opts);
                        st = classic ? m->send(*classic) : classic.status();
                    } else {
                        st = m->send(s->bytes);
                    }
                    if (!st) logger().debug("send on " + m->name() + " failed: " + st.to_string());
                }
            } else if (auto* ns = std::get_if<effect::NodeStatus>(&e)) {
                api_->node_status(ns->node, ns->status);
                if (v1_) v1_->node_status(ns->node, ns->status);
                if (on_node_status_) on_node_status_(ns->node, ns->status);
            } else if (auto* ls = std::get_if<effect::LinkStatus>(&e)) {
                api_->link_status(ls->node, ls->link, ls->status);
                if (on_link_status_) on_link_status_(ls->node, ls->link, ls->status);
            } else if (auto* d = std::get_if<effect::Deliver>(&e)) {
                if (d->msg.get_string(kFieldT) == kMsgMembership) {
                    ccm_->on_message(clock_.now(), d->msg);
                } else {
                    api_->deliver(d->msg);
                    if (v1_) v1_->deliver(d->msg);
                    run_event_script(d->msg);
                    if (on_deliver_) on_deliver_(d->msg);
                }
            } else if (std::holds_alternative<effect::CommUp>(e)) {
                on_comm_up();
            } else if (std::holds_alternative<effect::NodesChanged>(e)) {
                write_host_caches();
            } else if (auto* sd = std::get_if<effect::Shutdown>(&e)) {
                logger().crit("Shutting down: " + sd->reason);
                begin_shutdown();
            }
        }
        process_membership();
    }
    if (!core_->flow_blocked()) api_->release_held();
    rearm_timer();
}

void HbDaemon::process_membership() {
    std::set<std::string> live;
    for (const auto& name : core_->node_names()) {
        auto st = core_->node_status(name);
        if (st == kStatusUp || st == kStatusActive) live.insert(name);
    }
    ccm_->on_liveness(clock_.now(), std::move(live));
    for (auto& e : ccm_->take_effects()) {
        if (auto* s = std::get_if<membership_effect::Send>(&e)) {
            (void)core_->send(now(), std::move(s->msg));
        } else if (auto* v = std::get_if<membership_effect::Installed>(&e)) {
            // Local clients that registered for membership views get them.
            api_->deliver(MembershipCore::view_message(*v));
            if (on_view_) on_view_(*v);
        }
    }
}

void HbDaemon::run_event_script(const Message& msg) {
    if (!config_.hacf.v1_mode()) return;
    EventContext ctx;
    ctx.ha_dir = paths_.ha_dir();
    ctx.local_node = config_.local_node;
    ctx.nice_failback = config_.hacf.auto_failback != AutoFailback::kLegacy;
    ctx.debug = config_.hacf.debug;
    for (const auto& e : config_.hacf.env)
        ctx.env["HA_" + e.name] = e.value;
    auto spec = event_script_for(
        msg, ctx, [](const std::string& path) { return ::access(path.c_str(), X_OK) == 0; });
    if (!spec) return;
    std::string what = spec->argv.front();
    logger().info("Running " + what + " " + spec->argv.back());
    auto id = runner_->start(*spec, [what](ChildResult r) {
        if (!r.succeeded())
            logger().warning(what + " failed: " + io::describe(r) +
                             (r.stderr_text.empty() ? "" : " | " + r.stderr_text));
    });
    if (!id) logger().err("Cannot run " + what + ": " + id.status().to_string());
}

std::optional<std::string> HbDaemon::resource_status() const {
    if (!v1_) return std::nullopt;
    return v1_->rsc_status();
}

void HbDaemon::write_host_caches() {
    // Heartbeat keeps the caches only outside haresources mode.
    if (config_.hacf.v1_mode()) return;
    std::string state = paths_.state_dir();
    for (auto [file, nodes] : {std::pair{"/hostcache", core_->host_cache()},
                               std::pair{"/delhostcache", core_->deleted_cache()}}) {
        Status s = write_host_cache(state + file, nodes);
        if (!s) logger().err("Cannot write " + state + file + ": " + s.to_string());
    }
}

void HbDaemon::rearm_timer() {
    MonoTime next = std::min(core_->next_wakeup(), ccm_->next_wakeup());
    if (v1_) next = std::min(next, v1_->next_wakeup());
    if (next == core_timer_at_ && core_timer_) return;
    if (core_timer_) loop_.remove(core_timer_);
    core_timer_ = {};
    core_timer_at_ = next;
    if (next == MonoTime::max()) return;
    auto delay = std::chrono::ceil<Millis>(next - clock_.now());
    if (delay < Millis(0)) delay = Millis(0);
    core_timer_ = loop_.add_timer(delay, [this] {
        core_timer_ = {};
        core_timer_at_ = MonoTime::max();
        update_load_average();
        Instant t = now();
        if (ccm_->next_wakeup() <= t.mono) {
            ccm_->on_tick(t.mono);
            process_membership();
        }
        core_->on_tick(t);
        if (v1_ && v1_->next_wakeup() <= t.mono) v1_->tick();
        process_effects();
    });
}

void HbDaemon::update_load_average() {
    std::ifstream in("/proc/loadavg");
    std::string line;
    if (std::getline(in, line)) core_->set_load_average(line);
}

Status HbDaemon::send_cluster(Message msg) {
    Status s = core_->send(now(), std::move(msg));
    process_effects();
    return s;
}

std::vector<RespawnSpec> HbDaemon::respawn_specs() const {
    std::vector<RespawnSpec> out;
    std::map<std::string, std::string> env;
    for (const auto& e : config_.hacf.env)
        env["HA_" + e.name] = e.value;
    for (const auto& c : config_.hacf.children) {
        if (c.builtin) continue;  // the CRM daemons: started once they exist
        RespawnSpec s;
        s.name = c.path;
        s.argv = split_tokens(c.command);
        s.env = env;
        s.failfast = c.failfast;
        // Children run as their ha.cf user; that needs root. Unprivileged
        // test clusters run them as themselves.
        if (::geteuid() == 0) {
            if (struct passwd* pw = ::getpwnam(c.user.c_str())) {
                ChildSpec::RunAs as;
                as.uid = pw->pw_uid;
                as.gid = pw->pw_gid;
                int n = 64;
                std::vector<gid_t> groups(static_cast<size_t>(n));
                if (::getgrouplist(c.user.c_str(), pw->pw_gid, groups.data(), &n) >= 0) {
                    groups.resize(size_t(n));
                    as.groups = groups;
                }
                s.run_as = as;
            } else {
                logger().err("respawn " + c.path + ": no such user " + c.user);
                continue;
            }
        }
        out.push_back(s);
    }
    return out;
}

void HbDaemon::on_comm_up() {
    logger().notice("Communications up with all nodes heard from or dead; status active");
    if (!config_.hacf.v1_mode()) {
        logger().warning(
            "crm/pacemaker is on but heartbeat-ng has no CRM daemons yet; "
            "running the messaging layer only");
    }
    Status api = api_->open();
    if (!api) logger().err(api.to_string());
    if (v1_) v1_->comm_up();
    for (const auto& spec : respawn_specs())
        respawner_->start(spec);
    if (on_comm_up_) on_comm_up_();
}

void HbDaemon::on_failfast(const std::string& name) {
    logger().crit("Failfast: " + name + " died; heartbeat exits so the node leaves the cluster");
    exit_code_ = 2;
    loop_.quit();
}

void HbDaemon::begin_shutdown() {
    if (shutting_down_) return;
    shutting_down_ = true;
    logger().info("Heartbeat shutdown in progress. (" + std::to_string(::getpid()) + ")");
    respawner_->stop_all();
    if (on_shutdown_) on_shutdown_();
    if (v1_) {
        // haresources: release every group, then shutdone (sent by the
        // resource manager); leave once it has gone out.
        v1_->shutdown([this] {
            core_->stop();
            rearm_timer();
            loop_.add_timer(kShutdownLinger, [this] {
                logger().info("heartbeat: shutdown complete.");
                loop_.quit();
            });
        });
        return;
    }
    Message bye;
    bye.add_string(kFieldT, kMsgShutDone);
    bye.add_string(kFieldSt, kStatusDead);
    (void)send_cluster(std::move(bye));
    core_->stop();
    rearm_timer();
    loop_.add_timer(kShutdownLinger, [this] {
        logger().info("heartbeat: shutdown complete.");
        loop_.quit();
    });
}

void HbDaemon::reload() {
    logger().info("Rereading the configuration (SIGHUP)");
    NodeConfig fresh = load_node_config(paths_, config_.local_node);
    for (const auto& d : fresh.diagnostics)
        logger().warning(format_diagnostic(d));
    if (!fresh.valid()) {
        logger().err("New configuration is invalid; keeping the running one");
        return;
    }
    log::Router::instance().set_level(log::level_for_debug(fresh.hacf.debug + options_.debug));
    config_.hacf.debug = fresh.hacf.debug;
    config_.auth = fresh.auth;
    logger().notice("Configuration reread; media and node changes need a restart");
}

void HbDaemon::apply_realtime() {
    if (options_.no_realtime || !config_.hacf.realtime || ::geteuid() != 0) return;
    sched_param sp{};
    sp.sched_priority = config_.hacf.rtprio.value_or(sched_get_priority_min(SCHED_FIFO) + 1);
    if (::sched_setscheduler(0, SCHED_FIFO, &sp) < 0)
        logger().warning("Cannot set realtime priority (SCHED_FIFO)");
    if (::mlockall(MCL_CURRENT | MCL_FUTURE) < 0) logger().warning("Cannot lock memory");
}

int HbDaemon::run() {
    (void)io::set_signal_ignored(SIGPIPE);
    for (int sig : {SIGTERM, SIGINT}) {
        auto s = loop_.add_signal(sig, [this](int) { begin_shutdown(); });
        if (!s) logger().warning("cannot watch signal " + std::to_string(sig));
    }
    (void)loop_.add_signal(SIGHUP, [this](int) { reload(); });
    apply_realtime();
    for (size_t i = 0; i < media_.size(); ++i) {
        int fd = media_[i]->read_fd();
        if (fd < 0) continue;
        media_watches_.push_back(loop_.add_fd_watch(
            fd, io::kIoRead, [this, i](io::IoEvents) { on_medium_readable(i); }));
    }
    for (auto& prober : probers_) {
        PingProber* p = prober.get();
        media_watches_.push_back(
            loop_.add_fd_watch(p->read_fd(), io::kIoRead, [this, p](io::IoEvents) {
                if (p->receive_reply()) {
                    core_->on_ping_reply(now(), p->node());
                    process_effects();
                }
            }));
    }
    if (!probers_.empty()) {
        auto ping_all = [this] {
            for (auto& p : probers_) {
                Status s = p->send_echo();
                if (!s) logger().debug(s.to_string());
            }
        };
        ping_all();
        loop_.add_timer(config_.hacf.keepalive, ping_all, io::Repeat::kRepeat);
    }
    update_load_average();
    core_->start(now());
    process_effects();
    loop_.run();
    return exit_code_;
}

}  // namespace ha::hb
