#include "lrm/raexec/ra_exec.h"

#include <fstream>
#include <optional>
#include <utility>

#include "heartbeat/plumb/child_runner.h"
#include "heartbeat/plumb/log.h"
#include "lrm/lib/synth_metadata.h"
#include "lrm/raexec/ra_outcome.h"

namespace ha::lrm {

namespace {

const log::Logger& logger() {
    static const log::Logger l("lrm");
    return l;
}

// LSB headers sit at the top; a script is never this long.
constexpr std::size_t kMaxScriptRead = 1024 * 1024;

std::string rsc_label(const ResourceSpec& rsc) {
    std::string s = std::string(rsc_class_name(rsc.rsc_class)) + ":";
    if (rsc.rsc_class == RscClass::kOcf) s += rsc.provider + ":";
    return s + rsc.type;
}

Result<std::string> read_head(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status(ErrorCode::kIo, path + ": cannot read");
    std::string text(kMaxScriptRead, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

OpResult metadata_result(std::string xml) {
    OpResult r = immediate_result(ExecStatus::kDone, OcfRc::kSuccess, "meta-data synthesized");
    r.exit_code = 0;
    r.output = std::move(xml);
    return r;
}

}  // namespace

struct RaExec::Op {
    RscClass rsc_class = RscClass::kOcf;
    OpName op = OpName::kStart;
    HbStatusRule rule = HbStatusRule::kResourceManager;
    Millis timeout{0};
    std::string label;  // "start of rsc1 (ocf:heartbeat:Dummy)"
    Callback done;
    std::optional<ChildId> child;
    io::TimerId timer{};  // the deferred delivery of `result`
    std::optional<OpResult> result;
};

RaExecConfig RaExecConfig::from_environment() {
    return RaExecConfig{AgentDirs::from_environment(), inherited_environment()};
}

RaExec::RaExec(io::MainLoop& loop, ProcessRunner& runner, RaExecConfig config)
    : loop_(loop),
      runner_(runner),
      config_(std::move(config)),
      builtin_(std::make_unique<BuiltinAgents>(loop)),
      self_(std::make_shared<RaExec*>(this)) {}

RaExec::~RaExec() {
    *self_ = nullptr;
    for (auto& [id, op] : ops_) {
        if (op->timer) loop_.remove(op->timer);
        if (op->child) runner_.cancel(*op->child);
    }
}

OpId RaExec::run(const ResourceSpec& rsc, OpName op_name_value, const OpOptions& options,
                 Callback done) {
    OpId id = next_id_++;
    auto op = std::make_unique<Op>();
    op->rsc_class = rsc.rsc_class;
    op->op = op_name_value;
    op->rule = options.hb_status_rule;
    op->timeout = options.effective_timeout();
    op->label = std::string(op_name(op_name_value)) + " of " + rsc.id + " (" + rsc_label(rsc) + ")";
    op->done = std::move(done);
    ops_.emplace(id, std::move(op));
    Op& o = *ops_[id];

    if (Status valid = rsc.validate(); !valid.is_ok()) {
        finish_later(id, immediate_result(ExecStatus::kError, OcfRc::kErrConfigured,
                                          "invalid resource: " + valid.message()));
        return id;
    }
    if (rsc.rsc_class == RscClass::kStonith) {
        finish_later(id, immediate_result(ExecStatus::kNotSupported, OcfRc::kErrUnimplemented,
                                          "stonith resources are run by the fencing daemon"));
        return id;
    }
    if (op_name_value == OpName::kMetaData && rsc.rsc_class == RscClass::kHeartbeat) {
        finish_later(id, metadata_result(heartbeat_metadata_xml(rsc.type)));
        return id;
    }
    auto where = locate_agent(rsc, config_.dirs);
    if (!where.is_ok()) {
        finish_later(id, immediate_result(ExecStatus::kNotInstalled, OcfRc::kErrInstalled,
                                          where.status().message()));
        return id;
    }
    if (op_name_value == OpName::kMetaData && rsc.rsc_class == RscClass::kLsb) {
        auto text = read_head(where->path);
        if (!text.is_ok()) {
            finish_later(id, immediate_result(ExecStatus::kNotInstalled, OcfRc::kErrInstalled,
                                              text.status().message()));
        } else {
            finish_later(id, metadata_result(lsb_metadata_xml(rsc.type, parse_lsb_header(*text))));
        }
        return id;
    }

    if (auto builtin = builtin_->run(rsc, op_name_value, options, config_.base_env)) {
        logger().debug("Ran " + o.label + " in-process | agent=" + where->path + " (built-in)");
        finish_later(id, std::move(*builtin));
        return id;
    }

    AgentCommand cmd = build_command(rsc, op_name_value, options, *where, config_.base_env);
    ChildSpec spec;
    spec.argv = std::move(cmd.argv);
    spec.env = std::move(cmd.env);
    spec.inherit_env = false;
    spec.timeout = o.timeout;
    spec.kill_grace = options.kill_grace;
    spec.capture_output = true;
    spec.max_output = options.max_output.value_or(
        op_name_value == OpName::kMetaData ? kDefaultMaxMetadataOutput : kDefaultMaxOutput);
    logger().debug("Running " + o.label + " | agent=" + where->path +
                   " timeout=" + std::to_string(o.timeout.count()) + "ms");

    std::weak_ptr<RaExec*> weak = self_;
    auto started = runner_.start(std::move(spec), [weak, id](ChildResult child) {
        auto self = weak.lock();
        if (self && *self) (*self)->on_child_done(id, std::move(child));
    });
    if (!started.is_ok()) {
        finish_later(id, immediate_result(ExecStatus::kError, OcfRc::kErrGeneric,
                                          "cannot start agent: " + started.status().message()));
        return id;
    }
    o.child = *started;
    return id;
}

bool RaExec::cancel(OpId id) {
    auto it = ops_.find(id);
    if (it == ops_.end()) return false;
    Op& op = *it->second;
    if (op.child) return runner_.cancel(*op.child);
    // Decided without running: report the cancellation instead, still later.
    OpResult r = immediate_result(ExecStatus::kCancelled, OcfRc::kErrGeneric, "cancelled");
    op.result = std::move(r);
    return true;
}

void RaExec::finish_later(OpId id, OpResult result) {
    Op& op = *ops_[id];
    op.result = std::move(result);
    op.timer = loop_.add_timer(Millis(0), [this, id] { deliver(id); });
}

void RaExec::on_child_done(OpId id, ChildResult child) {
    auto it = ops_.find(id);
    if (it == ops_.end()) return;
    Op& op = *it->second;
    op.child.reset();
    op.result = interpret_child_result(op.rsc_class, op.op, child, op.rule, op.timeout);
    deliver(id);
}

void RaExec::deliver(OpId id) {
    auto it = ops_.find(id);
    if (it == ops_.end()) return;
    std::unique_ptr<Op> op = std::move(it->second);
    ops_.erase(it);
    OpResult result = std::move(*op->result);
    log::Level level =
        result.status == ExecStatus::kDone ? log::Level::kDebug : log::Level::kWarning;
    if (logger().enabled(level)) {
        logger().log(level, "Operation " + op->label + ": " + describe(result));
    }
    if (op->done) op->done(std::move(result));
}

OpResult run_op_sync(const ResourceSpec& rsc, OpName op, const OpOptions& options,
                     const RaExecConfig& config) {
    io::MainLoop loop;
    io::ChildRunner runner(loop);
    RaExec exec(loop, runner, config);
    std::optional<OpResult> result;
    exec.run(rsc, op, options, [&result](OpResult r) { result = std::move(r); });
    while (!result)
        loop.iterate(true);
    // A tool's process may end right after the call: the background work
    // (gratuitous ARP) goes on in a detached process, as `arping &` would.
    exec.detach_background();
    return std::move(*result);
}

}  // namespace ha::lrm
