// heartbeat_status_from_output(kResourceManager) against the real thing:
// heartbeat 3.0.6's ResourceManager `status` (we_own_resource) over a script
// that prints each output. Skips loudly when Debian's heartbeat is absent.
#include <gtest/gtest.h>
#include <unistd.h>

#include "heartbeat/plumb/child_runner.h"
#include "lrm/lib/rc_mapping.h"
#include "tests/support/test_env.h"

namespace ha::lrm {
namespace {

const char* find_resource_manager() {
    for (const char* p :
         {"/usr/share/heartbeat/ResourceManager", "/usr/lib/heartbeat/ResourceManager"}) {
        if (::access(p, X_OK) == 0) return p;
    }
    return nullptr;
}

TEST(HbStatusCompat, MatchesHeartbeatResourceManager) {
    const char* rm = find_resource_manager();
    if (!rm || ::access("/etc/ha.d/shellfuncs", R_OK) != 0) {
        GTEST_SKIP() << "*** heartbeat's ResourceManager not installed (apt-get install "
                        "heartbeat); this compatibility test did NOT run";
    }
    ha::test::TempDir dir;
    // A script name no /etc/init.d script has; ResourceManager looks in
    // $HA_RESOURCEDIR first.
    const std::string name = "HaNgStatusProbe";
    ha::test::write_file(dir.file(name), "#!/bin/sh\nprintf '%s' \"$HANG_OUTPUT\"\n", 0755);
    const std::string outputs[] = {
        "running",
        "OK",
        "ok",
        "RUNNING",
        "Running",
        "INFO: IPaddr Running OK",
        "INFO: IPaddr Resource is stopped",
        "INFO:  Resource is stopped",
        "not running",
        "NOT running",
        "Not Running",
        "NOT  running",
        "notrunning",
        "not\nrunning",
        "is running, not\n really running",
        "Stopped (was running)",
        "stopped",
        "garbage",
        "",
        "\n\n",
        "nothing is Running",
        "cannot be running",
        "knot running",
        "OKAY",
        "Ok",
        "line1\nline2 OK\n",
        "not OK",
        "not  OK but running",
        "running\nnot running",
        "NoT rUnning",
        "not Running",
        "not running\n",
        "tab\tnot\trunning",
    };
    for (const std::string& out : outputs) {
        ChildSpec spec;
        spec.argv = {rm, "status", name};
        spec.env = {{"HA_RESOURCEDIR", dir.path()}, {"HANG_OUTPUT", out}};
        spec.inherit_env = true;
        spec.timeout = Millis(10000);
        auto r = io::run_sync(spec);
        ASSERT_TRUE(r.is_ok()) << r.status().to_string();
        ASSERT_TRUE(r->exited()) << io::describe(*r);
        ASSERT_TRUE(r->exit_code == 0 || r->exit_code == 3)
            << "ResourceManager said " << r->exit_code << ": " << r->stderr_text;
        bool rm_running = r->exit_code == 0;
        bool ours =
            heartbeat_status_from_output(out, HbStatusRule::kResourceManager) == OcfRc::kSuccess;
        EXPECT_EQ(ours, rm_running) << "output [" << out << "]";
    }
}

}  // namespace
}  // namespace ha::lrm
