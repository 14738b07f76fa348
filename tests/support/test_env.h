// Where tests find their material: the shared compat directory (beside the
// repository, never copied into it), the source tree, the built binaries; and
// scratch directories that clean up after themselves.
#pragma once

#include <string>

namespace ha::test {

// The ../shared directory, or "" when it is absent (HA_SHARED_DIR overrides).
std::string shared_dir();
// Skips the calling test with a loud message when ../shared/<sub> is absent.
// Use as: HA_REQUIRE_SHARED(dir, "compat/heartbeat-wire");
std::string shared_path(const std::string& sub);
std::string source_dir();
std::string bin_dir();

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& content, int mode = 0644);

// A fresh directory under $TMPDIR, removed with its contents on destruction.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

}  // namespace ha::test

#define HA_REQUIRE_SHARED(var, sub)                                                            \
    std::string var = ::ha::test::shared_path(sub);                                            \
    if (var.empty()) {                                                                         \
        GTEST_SKIP() << "*** SHARED MATERIAL ABSENT: ../shared/" << (sub)                      \
                     << " not found (set HA_SHARED_DIR); this compatibility test did NOT run"; \
    }
