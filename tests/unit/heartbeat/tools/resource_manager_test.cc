// Runs the built ResourceManager against a node root (HA_ROOT) holding a
// haresources and small heartbeat-class scripts that record their starts and
// stops, and checks output, order and exit codes against what Debian's
// ResourceManager script does (doc/resource-manager.md).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;
using ha::test::read_file;
using ha::test::write_file;

std::string rm_bin() {
    if (std::getenv("HA_BIN_DIR")) return ha::test::bin_dir() + "/ResourceManager";
    return RESOURCE_MANAGER_PATH;
}

struct RunResult {
    int exit_code = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

// A heartbeat-class script named `name`. It keeps its state in `dir`:
// run_<name> exists while it runs; fail_start_<name> makes start fail;
// fail_stop_<name> holding N makes the next N stops fail ("always": every
// one). Starts and stops are appended to dir/log as "<name> <args> <op>".
std::string test_script(const std::string& dir, const std::string& name) {
    return "#!/bin/sh\n"
           "D='" +
           dir + "'\nn=" + name +
           "\n"
           "eval op=\\${$#}\n"
           "case $op in\n"
           "start) echo \"$n $*\" >> $D/log\n"
           "  [ -e $D/fail_start_$n ] && exit 1\n"
           "  touch $D/run_$n ;;\n"
           "stop) echo \"$n $*\" >> $D/log\n"
           "  if [ -e $D/fail_stop_$n ]; then\n"
           "    c=$(cat $D/fail_stop_$n)\n"
           "    if [ \"$c\" != always ]; then\n"
           "      c=$((c - 1)); if [ $c -le 0 ]; then rm -f $D/fail_stop_$n;\n"
           "      else echo $c > $D/fail_stop_$n; fi\n"
           "    fi\n"
           "    exit 1\n"
           "  fi\n"
           "  rm -f $D/run_$n ;;\n"
           "status) if [ -e $D/run_$n ]; then echo \"$n Running OK\"; else echo \"$n is stopped\"; "
           "fi ;;\n"
           "esac\n"
           "exit 0\n";
}

class ResourceManagerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        state_ = tmp_.file("state");
        fs::create_directories(state_);
        fs::create_directories(tmp_.file("share"));  // HA_NOARCHBIN without hb_standby
        write_file(tmp_.file("etc/ha.d/haresources"),
                   "# two groups\n"
                   "Node1 A::x B \\\n"
                   "      C\n"
                   "node2\tD E::1::2   # comment\n");
        for (const char* s : {"A", "B", "C", "D", "E"}) {
            write_file(tmp_.file(std::string("etc/ha.d/resource.d/") + s), test_script(state_, s),
                       0755);
        }
    }

    RunResult run(const std::string& args, const std::string& extra_env = "") {
        std::string out = tmp_.file("stdout"), err = tmp_.file("stderr");
        std::string cmd = "env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HA_ROOT=" + tmp_.path() +
                          " HA_NODENAME=node1 HA_NOARCHBIN=" + tmp_.file("share") +
                          " HA_LOGFILE=" + tmp_.file("ha-log") + " " + extra_env + " " + rm_bin() +
                          " " + args + " </dev/null >" + out + " 2>" + err;
        RunResult r;
        int status = std::system(cmd.c_str());
        r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        r.out = read_file(out);
        r.err = read_file(err);
        return r;
    }

    std::string log() const {
        return fs::exists(state_ + "/log") ? read_file(state_ + "/log") : "";
    }
    std::string ha_log() const {
        return fs::exists(tmp_.file("ha-log")) ? read_file(tmp_.file("ha-log")) : "";
    }
    void touch(const std::string& name, const std::string& content = "") {
        write_file(state_ + "/" + name, content);
    }
    bool running(const std::string& name) const { return fs::exists(state_ + "/run_" + name); }

    ha::test::TempDir tmp_;
    std::string state_;
};

TEST_F(ResourceManagerTest, KeysListGroupsAsTheScriptDoes) {
    RunResult r = run("listkeys node1");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, "A::x\n");
    EXPECT_EQ(run("listkeys NODE2").out, "D\n");  // grep -i
    EXPECT_EQ(run("listkeys node3").out, "");
    EXPECT_EQ(run("listkeys 'node[12]'").out, "A::x\nD\n");  // a regular expression
    EXPECT_EQ(run("allkeys").out, "A::x\nD\n");
    // Whole resource lists, each with the script's trailing blank.
    r = run("ourkeys");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, "A::x B C \n");
    EXPECT_EQ(run("otherkeys").out, "D E::1::2 \n");
    EXPECT_EQ(run("ourkeys", "HA_NODENAME=node2").out, "D E::1::2 \n");
}

TEST_F(ResourceManagerTest, StatusIsZeroOnlyWhenRunning) {
    EXPECT_EQ(run("status B").exit_code, 3);
    touch("run_B");
    EXPECT_EQ(run("status B").exit_code, 0);
    EXPECT_EQ(run("status NoSuchScript").exit_code, 3);
    EXPECT_NE(ha_log().find("Cannot locate resource script NoSuchScript"), std::string::npos);
}

TEST_F(ResourceManagerTest, TakegroupStartsLeftToRightSkippingRunning) {
    touch("run_B");
    RunResult r = run("takegroup A::x");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(log(), "A x start\nC start\n");
    EXPECT_TRUE(running("A") && running("B") && running("C"));
    EXPECT_NE(ha_log().find("Acquiring resource group: node1 A::x B C"), std::string::npos);
    // Everything runs: nothing more is started.
    EXPECT_EQ(run("takegroup A::x").exit_code, 0);
    EXPECT_EQ(log(), "A x start\nC start\n");
    // Any resource of the group names it.
    EXPECT_EQ(run("takegroup E::1::2").exit_code, 0);
    EXPECT_EQ(log(), "A x start\nC start\nD start\nE 1 2 start\n");
}

TEST_F(ResourceManagerTest, StartFailureStopsTheGroupRightToLeft) {
    touch("fail_start_B");
    RunResult r = run("takegroup A::x");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(log(), "A x start\nB start\nC stop\nB stop\nA x stop\n");
    EXPECT_FALSE(running("A") || running("B") || running("C"));
    std::string l = ha_log();
    EXPECT_NE(l.find("Giving up resources due to failure of B"), std::string::npos) << l;
    EXPECT_NE(l.find("hb_standby"), std::string::npos) << l;  // not installed here: said so
}

TEST_F(ResourceManagerTest, GivegroupStopsRightToLeft) {
    ASSERT_EQ(run("takegroup A::x").exit_code, 0);
    RunResult r = run("givegroup A::x");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(log(), "A x start\nB start\nC start\nC stop\nB stop\nA x stop\n");
    EXPECT_FALSE(running("A") || running("B") || running("C"));
    EXPECT_NE(ha_log().find("Releasing resource group: node1 A::x B C"), std::string::npos);
    EXPECT_EQ(run("givegroup NoSuchGroup").exit_code, 0);
}

TEST_F(ResourceManagerTest, FailedStopIsRetried) {
    ASSERT_EQ(run("takegroup D").exit_code, 0);
    touch("fail_stop_D", "2");
    RunResult r = run("givegroup D", "HA_STOPRETRYMAX=2");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(log(), "D start\nE 1 2 start\nE 1 2 stop\nD stop\nD stop\nD stop\n");
    EXPECT_FALSE(running("D"));
    std::string l = ha_log();
    size_t first = l.find("Retrying failed stop operation [D]");
    ASSERT_NE(first, std::string::npos) << l;
    EXPECT_NE(l.find("Retrying failed stop operation [D]", first + 1), std::string::npos);
    EXPECT_EQ(l.find("Reboot required"), std::string::npos);
}

TEST_F(ResourceManagerTest, StopThatKeepsFailingNeedsAReboot) {
    ASSERT_EQ(run("takegroup D").exit_code, 0);
    touch("fail_stop_D", "always");
    RunResult r = run("givegroup D", "HA_STOPRETRYMAX=1");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(log(), "D start\nE 1 2 start\nE 1 2 stop\nD stop\nD stop\n");
    EXPECT_TRUE(running("D"));
    EXPECT_NE(ha_log().find("Resource STOP failure. Reboot required!"), std::string::npos);
}

TEST_F(ResourceManagerTest, FailedStopOfAStoppedResourceIsOnlyAWarning) {
    touch("fail_stop_E", "always");
    RunResult r = run("givegroup D", "HA_STOPRETRYMAX=1");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(log(), "E 1 2 stop\nE 1 2 stop\nD stop\n");
    std::string l = ha_log();
    EXPECT_NE(l.find("Resource script for E::1::2 probably not LSB-compliant."), std::string::npos);
    EXPECT_NE(l.find("Machine reboot narrowly avoided!"), std::string::npos);
    EXPECT_EQ(l.find("Reboot required"), std::string::npos);
}

TEST_F(ResourceManagerTest, StatgroupSaysAllSomeOrNone) {
    EXPECT_EQ(run("statgroup A::x").out, "NONE\n");
    touch("run_B");
    EXPECT_EQ(run("statgroup A::x").out, "SOME\n");
    touch("run_A");
    touch("run_C");
    RunResult r = run("statgroup A::x");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, "ALL\n");
    EXPECT_EQ(run("statgroup NoSuchGroup").out, "NONE\n");
    // The script sends statgroup's output to $HA_DEBUGLOG.
    r = run("statgroup A::x", "HA_DEBUGLOG=" + tmp_.file("ha-debug"));
    EXPECT_EQ(r.out, "");
    EXPECT_NE(read_file(tmp_.file("ha-debug")).find("ALL\n"), std::string::npos);
}

TEST_F(ResourceManagerTest, VerifyallidleCountsRunningGroupKeys) {
    RunResult r = run("verifyallidle");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "");
    touch("run_B");  // not a key: not looked at
    EXPECT_EQ(run("verifyallidle").exit_code, 0);
    touch("run_A");
    touch("run_D");
    r = run("verifyallidle");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("CRITICAL: Resource A::x is active, and should not be!\n"
                         "CRITICAL: Non-idle resources can affect data integrity!\n"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("CRITICAL: Resource D is active, and should not be!"), std::string::npos);
    EXPECT_NE(ha_log().find("Non-idle resources will affect resource takeback!"),
              std::string::npos);
}

TEST_F(ResourceManagerTest, UnknownCommandPrintsUsage) {
    RunResult r = run("frobnicate");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err.rfind("usage: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("listkeys machine | takegroup key | givegroup key|status resource\n\n"),
              std::string::npos);
    EXPECT_EQ(run("").exit_code, 1);
}

TEST_F(ResourceManagerTest, MissingHaresourcesMeansNoGroups) {
    fs::remove(tmp_.file("etc/ha.d/haresources"));
    EXPECT_EQ(run("allkeys").out, "");
    EXPECT_EQ(run("verifyallidle").exit_code, 0);
    EXPECT_EQ(run("takegroup A::x").exit_code, 0);
    EXPECT_EQ(log(), "");
}

}  // namespace
