// hb_wiredump driven as an operator would: the built binary over the
// captured heartbeat 3.0.6 packets and captures in ../shared.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "tests/support/test_env.h"

namespace ha::test {
namespace {

struct SetKey {
    const char* set;
    const char* method;
    const char* key;  // "" for crc
};

// The key table of compat/heartbeat-wire/README.md.
constexpr SetKey kSets[] = {
    {"sha1", "sha1", "compat-test-key-sha1"},
    {"sha1-mcast", "sha1", "compat-test-key-sha1"},
    {"sha1-ucast3", "sha1", "compat-test-key-sha1"},
    {"sha1-netstring", "sha1", "compat-test-key-sha1"},
    {"md5", "md5", "compat-test-key-md5"},
    {"crc", "crc", ""},
};

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// bin_dir() (HA_BIN_DIR) first; the build's own path when that is unset.
std::string wiredump_path() {
    std::string p = bin_dir() + "/hb_wiredump";
    if (std::filesystem::exists(p)) return p;
    return HB_WIREDUMP_PATH;
}

RunResult run_wiredump(const TempDir& tmp, const std::vector<std::string>& args) {
    std::string cmd = quote(wiredump_path());
    for (const std::string& a : args)
        cmd += " " + quote(a);
    cmd += " >" + quote(tmp.file("out")) + " 2>" + quote(tmp.file("err"));
    int status = std::system(cmd.c_str());
    RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(tmp.file("out"));
    r.err = read_file(tmp.file("err"));
    return r;
}

size_t count(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1))
        ++n;
    return n;
}

std::vector<std::string> packet_files(const std::string& dir) {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        std::string name = e.path().filename().string();
        if (name.size() > 4 && name.substr(name.size() - 4) == ".txt" && name[0] >= '0' &&
            name[0] <= '9')
            files.push_back(e.path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string write_authkeys(const TempDir& tmp, const SetKey& k,
                           const std::string& key_suffix = "") {
    std::string text = std::string("auth 1\n1 ") + k.method;
    if (*k.key) text += std::string(" ") + k.key + key_suffix;
    write_file(tmp.file("authkeys"), text + "\n", 0600);
    return tmp.file("authkeys");
}

size_t index_rows(const std::string& tsv_path) {
    std::string tsv = read_file(tsv_path);
    return count(tsv, "\n") - 1;  // header line
}

TEST(HbWiredump, EverySetDecodesAndAuthenticates) {
    HA_REQUIRE_SHARED(dir, "compat/heartbeat-wire");
    for (const SetKey& k : kSets) {
        SCOPED_TRACE(k.set);
        TempDir tmp;
        std::vector<std::string> files = packet_files(dir + "/" + k.set);
        ASSERT_GE(files.size(), 20u);
        std::vector<std::string> args = {"--authkeys", write_authkeys(tmp, k)};
        args.insert(args.end(), files.begin(), files.end());
        RunResult r = run_wiredump(tmp, args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(count(r.out, "\n== "), files.size() - 1);
        EXPECT_EQ(count(r.out, std::string("\nauth: ok (") + k.method + " key 1)\n"), files.size());
        EXPECT_EQ(count(r.out, "auth: BAD"), 0u);
        EXPECT_NE(r.out.find("\nt=status\n"), std::string::npos);
        EXPECT_NE(r.out.find("\n(1)srcuuid="), std::string::npos);
    }
}

TEST(HbWiredump, WrongKeyFails) {
    HA_REQUIRE_SHARED(dir, "compat/heartbeat-wire");
    for (const SetKey& k : kSets) {
        SCOPED_TRACE(k.set);
        TempDir tmp;
        SetKey wrong = k;
        if (!*k.key) wrong = SetKey{k.set, "md5", "not-the-key"};
        std::vector<std::string> files = packet_files(dir + "/" + k.set);
        std::vector<std::string> args = {"--authkeys", write_authkeys(tmp, wrong, "x")};
        args.insert(args.end(), files.begin(), files.begin() + 5);
        RunResult r = run_wiredump(tmp, args);
        EXPECT_EQ(r.exit_code, 1);
        EXPECT_EQ(count(r.out, "\nauth: BAD\n"), 5u);
        EXPECT_EQ(count(r.out, "auth: ok"), 0u);
        EXPECT_NE(r.err.find("authentication failed"), std::string::npos);
    }
}

TEST(HbWiredump, PcapDecodesEveryUdp694Packet) {
    HA_REQUIRE_SHARED(dir, "compat/heartbeat-wire");
    for (const SetKey& k : kSets) {
        SCOPED_TRACE(k.set);
        TempDir tmp;
        std::string set_dir = dir + "/" + k.set;
        RunResult r = run_wiredump(
            tmp, {"--authkeys", write_authkeys(tmp, k), "--pcap", set_dir + "/capture.pcap"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        size_t rows = index_rows(set_dir + "/index.tsv");
        EXPECT_GT(rows, 200u);
        EXPECT_EQ(count(r.out, "\nauth: ok ("), rows);
        EXPECT_NE(r.out.find(" -> "), std::string::npos);
        EXPECT_NE(r.out.find(":694 ("), std::string::npos);
        EXPECT_NE(r.out.find(std::to_string(rows) + " UDP/694 packets"), std::string::npos);
    }
}

TEST(HbWiredump, WithoutAuthkeysOnlyParsingCounts) {
    HA_REQUIRE_SHARED(dir, "compat/heartbeat-wire");
    TempDir tmp;
    std::vector<std::string> files = packet_files(dir + "/md5");
    RunResult r = run_wiredump(tmp, {files[0], files[1]});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(count(r.out, "\nauth: none\n"), 2u);
}

TEST(HbWiredump, GarbageAndMissingFiles) {
    TempDir tmp;
    write_file(tmp.file("junk"), "###\n5:(0)a=b,");
    RunResult r = run_wiredump(tmp, {tmp.file("junk")});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("\nerror: "), std::string::npos) << r.out;
    r = run_wiredump(tmp, {tmp.file("does-not-exist")});
    EXPECT_EQ(r.exit_code, 2);
    r = run_wiredump(tmp, {});
    EXPECT_EQ(r.exit_code, 2);
    write_file(tmp.file("ak"), "auth 1\n1 sha1 k\n", 0644);  // group/other readable
    r = run_wiredump(tmp, {"--authkeys", tmp.file("ak"), tmp.file("junk")});
    EXPECT_EQ(r.exit_code, 2);
    write_file(tmp.file("notpcap"), "hello");
    r = run_wiredump(tmp, {"--pcap", tmp.file("notpcap")});
    EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace ha::test
