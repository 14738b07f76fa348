#include "tests/support/test_env.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <sys/stat.h>

namespace ha::test {

namespace {
std::string env_or(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? v : fallback;
}
}  // namespace

std::string shared_dir() {
    std::string dir = env_or("HA_SHARED_DIR", HA_SHARED_DIR_DEFAULT);
    return std::filesystem::is_directory(dir) ? dir : "";
}

std::string shared_path(const std::string& sub) {
    std::string dir = shared_dir();
    if (dir.empty()) return "";
    std::string p = dir + "/" + sub;
    return std::filesystem::exists(p) ? p : "";
}

std::string source_dir() {
    return env_or("HA_SOURCE_DIR", HA_SOURCE_DIR_DEFAULT);
}
std::string bin_dir() {
    return env_or("HA_BIN_DIR", HA_BIN_DIR_DEFAULT);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_file(const std::string& path, const std::string& content, int mode) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        if (!out) throw std::runtime_error("cannot write " + path);
        out << content;
    }
    ::chmod(path.c_str(), static_cast<mode_t>(mode));
}

TempDir::TempDir() {
    std::string base = env_or("TMPDIR", "/tmp") + "/ha-test-XXXXXX";
    if (!::mkdtemp(base.data())) throw std::runtime_error("mkdtemp failed");
    path_ = base;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

}  // namespace ha::test
