// Runs the built haresources2cib: golden output for a sample haresources,
// Pacemaker's crm_verify accepting it (when installed), the CIB file it
// writes and never overwrites, and refusals.
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

std::string tool_bin() {
    if (std::getenv("HA_BIN_DIR")) return ha::test::bin_dir() + "/haresources2cib";
    return HARESOURCES2CIB_PATH;
}

struct RunResult {
    int exit_code = -1;
    std::string out, err;
};

// The sample behind haresources2cib_golden.xml: IP shorthand with netmask,
// nic and broadcast; a dotted netmask; `::` arguments needing escaping; a
// mixed-case node; a continuation line; a lone resource.
constexpr const char* kHaresources =
    "# sample\n"
    "node1 10.0.0.5/24/eth0/10.0.0.255 Filesystem::/dev/sdb1::/data::ext4 apache\n"
    "NODE2 IPaddr2::192.168.1.10/255.255.255.0 \\\n"
    "  mysql\n"
    "node2 MailTo::root@x&y::subject\n";
constexpr const char* kHaCf = "node node1 node2\nauto_failback on\nbcast eth0\n";

std::string crm_verify_path() {
    for (const char* p : {"/usr/sbin/crm_verify", "/usr/bin/crm_verify"}) {
        if (::access(p, X_OK) == 0) return p;
    }
    return "";
}

class Haresources2cibTest : public ::testing::Test {
  protected:
    void SetUp() override {
        write_file(tmp_.file("etc/ha.d/haresources"), kHaresources);
        write_file(tmp_.file("etc/ha.d/ha.cf"), kHaCf);
    }

    RunResult run(const std::string& args) {
        std::string out = tmp_.file("stdout"), err = tmp_.file("stderr");
        std::string cmd = "env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HA_ROOT=" + tmp_.path() + " " +
                          tool_bin() + " " + args + " </dev/null >" + out + " 2>" + err;
        RunResult r;
        int status = std::system(cmd.c_str());
        r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        r.out = read_file(out);
        r.err = read_file(err);
        return r;
    }

    // crm_verify's exit code for `xml`; -1 when it is not installed.
    int crm_verify(const std::string& xml) {
        std::string bin = crm_verify_path();
        if (bin.empty()) return -1;
        write_file(tmp_.file("verify.xml"), xml);
        std::string cmd = bin + " --xml-file " + tmp_.file("verify.xml") + " >" +
                          tmp_.file("verify.out") + " 2>&1";
        int status = std::system(cmd.c_str());
        return WIFEXITED(status) ? WEXITSTATUS(status) : -2;
    }

    ha::test::TempDir tmp_;
};

TEST_F(Haresources2cibTest, GoldenOutput) {
    RunResult r = run("--stdout");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, read_file(HARESOURCES2CIB_GOLDEN));
    EXPECT_EQ(r.err, "");
    // Explicit paths give the same.
    r = run("--stdout -c " + tmp_.file("etc/ha.d/ha.cf") + " " + tmp_.file("etc/ha.d/haresources"));
    EXPECT_EQ(r.out, read_file(HARESOURCES2CIB_GOLDEN));
}

TEST_F(Haresources2cibTest, CrmVerifyAcceptsTheCib) {
    if (crm_verify_path().empty()) {
        GTEST_SKIP() << "*** crm_verify NOT INSTALLED (apt-get install pacemaker-cli-utils): "
                        "the generated CIB was NOT validated";
    }
    RunResult r = run("--stdout");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(crm_verify(r.out), 0) << read_file(tmp_.file("verify.out"));
    r = run("--stdout --no-monitor");
    EXPECT_EQ(crm_verify(r.out), 0) << read_file(tmp_.file("verify.out"));
    // The check can fail: a location constraint naming no resource.
    std::string broken = r.out;
    size_t at = broken.find("rsc=\"group_1\"");
    ASSERT_NE(at, std::string::npos);
    broken.replace(at, 14, "rsc=\"group_9\"");
    EXPECT_NE(crm_verify(broken), 0);
}

TEST_F(Haresources2cibTest, NoMonitorAndAutoFailbackOff) {
    write_file(tmp_.file("etc/ha.d/ha.cf"), "node node1 node2\nauto_failback off\nbcast eth0\n");
    RunResult r = run("--stdout --no-monitor");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find("<operations>"), std::string::npos);
    EXPECT_NE(r.out.find("name=\"resource-stickiness\" value=\"INFINITY\""), std::string::npos);
}

TEST_F(Haresources2cibTest, WritesTheCibFileOnceOnly) {
    std::string cib = tmp_.file("var/lib/heartbeat/crm/cib.xml");
    RunResult r = run("");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(read_file(cib), read_file(HARESOURCES2CIB_GOLDEN));
    write_file(cib, "<cib/>\n");
    r = run("");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("exists; not overwriting it"), std::string::npos) << r.err;
    EXPECT_EQ(read_file(cib), "<cib/>\n");
}

TEST_F(Haresources2cibTest, Refusals) {
    // A node ha.cf does not know, as heartbeat's start-up check.
    write_file(tmp_.file("etc/ha.d/haresources"), "node3 10.0.0.7\n");
    RunResult r = run("--stdout");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("node3"), std::string::npos) << r.err;
    // A netmask IPaddr2 cannot take.
    write_file(tmp_.file("etc/ha.d/haresources"), "node1 10.0.0.7/255.0.255.0\n");
    r = run("--stdout");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("bad netmask"), std::string::npos) << r.err;
    EXPECT_EQ(run("--stdout " + tmp_.file("missing")).exit_code, 1);
    EXPECT_EQ(run("--bogus").exit_code, 2);
    EXPECT_EQ(fs::exists(tmp_.file("var/lib/heartbeat/crm/cib.xml")), false);
}

TEST_F(Haresources2cibTest, DuplicateIdsAreMadeUnique) {
    write_file(tmp_.file("etc/ha.d/haresources"),
               "node1 10.0.0.5 IPaddr::10.0.0.5/24\nnode2 3ware::a\n");
    RunResult r = run("--stdout --no-monitor");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("<primitive id=\"IPaddr_10_0_0_5\""), std::string::npos);
    EXPECT_NE(r.out.find("<primitive id=\"IPaddr_10_0_0_5_2\""), std::string::npos);
    EXPECT_NE(r.out.find("<primitive id=\"_3ware_3\" class=\"heartbeat\" type=\"3ware\""),
              std::string::npos)
        << r.out;
    if (!crm_verify_path().empty()) {
        EXPECT_EQ(crm_verify(r.out), 0);
    }
}

}  // namespace
