// Runs the built ha_checkconf over every case of tests/cli/checkconf (see the
// README there) and over Debian's sample ha.cf when installed.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <zlib.h>

#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;

struct RunResult {
    int exit_code = -1;
    std::string output;
};

// HA_BIN_DIR when the environment has it, else the path CMake compiled in.
std::string checkconf_bin() {
    if (std::getenv("HA_BIN_DIR")) return ha::test::bin_dir() + "/ha_checkconf";
    return HA_CHECKCONF_PATH;
}

RunResult run(const std::string& args, const std::string& nodename = "node1") {
    std::string cmd =
        "HA_ROOT= HA_NODENAME=" + nodename + " " + checkconf_bin() + " " + args + " 2>&1";
    RunResult r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
        r.output.append(buf, n);
    int status = ::pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

bool has_line(const std::string& output, const std::string& line) {
    auto all = lines_of(output);
    return std::find(all.begin(), all.end(), line) != all.end();
}

// Compiled in, not from the environment: the case list is needed when CTest
// lists the tests, before any test environment exists.
std::string cases_dir() {
    return HA_CHECKCONF_CASES_DIR;
}

std::vector<std::string> case_names() {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(cases_dir(), ec))
        if (fs::exists(e.path() / "expected")) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

class CheckconfCase : public ::testing::TestWithParam<std::string> {};

TEST_P(CheckconfCase, PrintsTheExpectedProblemsAndExitCode) {
    const std::string name = GetParam();
    const fs::path src = fs::path(cases_dir()) / name;
    ha::test::TempDir tmp;
    fs::copy(src / "etc", fs::path(tmp.path()) / "etc", fs::copy_options::recursive);
    const std::string etc = tmp.path() + "/etc/ha.d";
    if (fs::exists(etc + "/authkeys")) {
        mode_t mode = name.find("perms") != std::string::npos ? 0644 : 0600;
        ASSERT_EQ(::chmod((etc + "/authkeys").c_str(), mode), 0);
    }
    std::string args;
    if (fs::exists(src / "args")) args = ha::test::read_file((src / "args").string());
    std::replace(args.begin(), args.end(), '\n', ' ');

    RunResult r = run("--root " + tmp.path() + " " + args);
    bool expect_errors = false;
    for (std::string line : lines_of(ha::test::read_file((src / "expected").string()))) {
        if (line.empty()) continue;
        for (size_t at; (at = line.find("@ETC@")) != std::string::npos;)
            line.replace(at, 5, etc);
        expect_errors |= line.find(": error: ") != std::string::npos;
        EXPECT_TRUE(has_line(r.output, line)) << "missing line:\n  " << line << "\noutput:\n"
                                              << r.output;
    }
    EXPECT_EQ(r.exit_code, expect_errors ? 1 : 0) << r.output;
}

INSTANTIATE_TEST_SUITE_P(Cases, CheckconfCase, ::testing::ValuesIn(case_names()),
                         [](const auto& p) { return p.param; });

TEST(Checkconf, CaseDirectoryIsFound) {
    EXPECT_GE(case_names().size(), 10u) << "no cases under " << cases_dir();
}

TEST(Checkconf, HelpAndUsageErrors) {
    RunResult help = run("--help");
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.output.find("Usage: ha_checkconf [--root DIR]"), std::string::npos)
        << help.output;
    RunResult bad = run("--frobnicate");
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.output.find("unknown argument '--frobnicate'"), std::string::npos) << bad.output;
}

TEST(Checkconf, MissingConfigurationIsAnError) {
    ha::test::TempDir tmp;
    RunResult r = run("--root " + tmp.path());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(has_line(r.output, tmp.path() + "/etc/ha.d/ha.cf: error: Cannot open config file"))
        << r.output;
}

std::string read_maybe_gzipped(const std::string& path) {
    gzFile f = ::gzopen(path.c_str(), "rb");  // also reads uncompressed files
    if (!f) return "";
    std::string out;
    char buf[4096];
    int n;
    while ((n = ::gzread(f, buf, sizeof buf)) > 0)
        out.append(buf, static_cast<size_t>(n));
    ::gzclose(f);
    return out;
}

// Debian's annotated ha.cf with its node and media examples uncommented is a
// valid configuration (for node ken3; its interfaces and ttys are examples,
// hence --no-host-checks).
TEST(Checkconf, DebianSampleHaCfWithMediaUncommented) {
    std::string sample;
    for (const char* p : {"/usr/share/doc/heartbeat/ha.cf.gz", "/usr/share/doc/heartbeat/ha.cf"}) {
        if (fs::exists(p)) {
            sample = read_maybe_gzipped(p);
            break;
        }
    }
    if (sample.empty()) {
        GTEST_SKIP()
            << "*** Debian's sample ha.cf (/usr/share/doc/heartbeat/ha.cf.gz) is not "
               "installed (apt-get install heartbeat); this compatibility test did NOT run";
    }
    static const std::regex kExample(R"(^#((bcast|mcast|ucast|serial|node)\s.*)$)");
    std::string text;
    int uncommented = 0;
    for (const std::string& line : lines_of(sample)) {
        std::smatch m;
        if (std::regex_match(line, m, kExample)) {
            text += m[1].str() + "\n";
            ++uncommented;
        } else {
            text += line + "\n";
        }
    }
    ASSERT_GE(uncommented, 8) << "the sample changed shape:\n" << sample;

    ha::test::TempDir tmp;
    ha::test::write_file(tmp.file("etc/ha.d/ha.cf"), text);
    ha::test::write_file(tmp.file("etc/ha.d/authkeys"), "auth 1\n1 sha1 sample\n", 0600);
    ha::test::write_file(tmp.file("etc/ha.d/haresources"), "ken3 192.168.1.100 apache\n");
    RunResult r = run("--root " + tmp.path() + " --no-host-checks", "ken3");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(has_line(r.output, "ha_checkconf: 0 error(s), 0 warning(s)")) << r.output;
    for (const char* expected :
         {"node                     kathy", "mcast                    eth0 225.0.0.1 694 1 0",
          "bcast                    le2                      # port 694",
          "serial                   /dev/cua/a               # 19200 baud",
          "logfacility              local0", "auto_failback            on"}) {
        EXPECT_TRUE(has_line(r.output, expected)) << expected << "\n" << r.output;
    }
}

}  // namespace
