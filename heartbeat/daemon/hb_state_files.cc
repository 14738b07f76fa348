#include "heartbeat/daemon/hb_state_files.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "heartbeat/plumb/strings.h"

namespace ha::hb {

namespace {

Status errno_status(const std::string& what) {
    return Status(ErrorCode::kIo, what + ": " + std::strerror(errno));
}

std::optional<std::string> slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Writes the whole file synchronously through a temporary and a rename, so a
// crash leaves the old or the new content, never half of it.
Status write_sync(const std::string& path, const std::string& content, mode_t mode) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    std::string tmp = path + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_SYNC | O_CLOEXEC, mode);
    if (fd < 0) return errno_status(tmp);
    size_t off = 0;
    while (off < content.size()) {
        ssize_t n = ::write(fd, content.data() + off, content.size() - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            Status s = errno_status(tmp);
            ::close(fd);
            return s;
        }
        off += size_t(n);
    }
    if (::fsync(fd) < 0 || ::close(fd) < 0) return errno_status(tmp);
    if (::rename(tmp.c_str(), path.c_str()) < 0) return errno_status(path);
    return Status::ok();
}

}  // namespace

std::string format_generation(uint64_t generation) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%15llu\n", static_cast<unsigned long long>(generation));
    return buf;
}

std::optional<uint64_t> parse_generation(const std::string& content) {
    auto v = parse_uint(trim(content));
    if (!v || *v == 0) return std::nullopt;
    return v;
}

Result<uint64_t> next_generation(const std::string& path, int64_t unix_now) {
    uint64_t gen;
    auto content = slurp(path);
    auto previous = content ? parse_generation(*content) : std::nullopt;
    gen = previous ? *previous + 1 : uint64_t(unix_now) + 1;
    HA_RETURN_IF_ERROR(write_sync(path, format_generation(gen), 0644));
    return gen;
}

Result<std::string> load_or_create_uuid(const std::string& path) {
    if (auto content = slurp(path)) {
        if (content->size() == 16) return *content;
        return invalid(path + ": expected 16 bytes, found " + std::to_string(content->size()));
    }
    std::string raw(16, '\0');
    int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno_status("/dev/urandom");
    ssize_t n = ::read(fd, raw.data(), raw.size());
    ::close(fd);
    if (n != 16) return Status(ErrorCode::kIo, "/dev/urandom: short read");
    raw[6] = char((uint8_t(raw[6]) & 0x0f) | 0x40);  // version 4
    raw[8] = char((uint8_t(raw[8]) & 0x3f) | 0x80);  // RFC 4122 variant
    HA_RETURN_IF_ERROR(write_sync(path, raw, 0644));
    return raw;
}

std::string uuid_to_text(const std::string& raw) {
    std::string hex = hex_bytes(raw);
    if (hex.size() != 32) return hex;
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20);
}

namespace {
std::optional<std::string> uuid_from_text(std::string_view text) {
    std::string hex;
    for (char c : text)
        if (c != '-') hex += c;
    if (hex.size() != 32) return std::nullopt;
    std::string raw;
    for (size_t i = 0; i < 32; i += 2) {
        auto byte = parse_hex(hex.substr(i, 2));
        if (!byte) return std::nullopt;
        raw += char(*byte);
    }
    return raw;
}
}  // namespace

Result<std::vector<CachedNode>> read_host_cache(const std::string& path) {
    std::vector<CachedNode> out;
    auto content = slurp(path);
    if (!content) return out;
    int lineno = 0;
    size_t pos = 0;
    while (pos < content->size()) {
        size_t end = content->find('\n', pos);
        if (end == std::string::npos) end = content->size();
        std::string line = content->substr(pos, end - pos);
        pos = end + 1;
        ++lineno;
        if (trim(line).empty()) continue;
        std::vector<std::string> cols;
        size_t s = 0;
        while (true) {
            size_t tab = line.find('\t', s);
            cols.push_back(line.substr(s, tab == std::string::npos ? std::string::npos : tab - s));
            if (tab == std::string::npos) break;
            s = tab + 1;
        }
        auto where = path + ":" + std::to_string(lineno) + ": ";
        if (cols.size() < 2 || cols[0].empty())
            return invalid(where + "expected name<TAB>uuid[<TAB>weight[<TAB>site]]");
        CachedNode n;
        n.name = to_lower(cols[0]);
        auto uuid = uuid_from_text(cols[1]);
        if (!uuid) return invalid(where + "bad uuid '" + printable(cols[1]) + "'");
        n.uuid = *uuid;
        if (cols.size() > 2) {
            auto w = parse_int(cols[2]);
            if (!w) return invalid(where + "bad weight '" + printable(cols[2]) + "'");
            n.weight = int(*w);
        }
        if (cols.size() > 3) n.site = cols[3];
        out.push_back(std::move(n));
    }
    return out;
}

std::string format_host_cache(const std::vector<CachedNode>& nodes) {
    std::string out;
    for (const auto& n : nodes) {
        std::string uuid =
            n.uuid.size() == 16 ? uuid_to_text(n.uuid) : "00000000-0000-0000-0000-000000000000";
        out += n.name + "\t" + uuid + "\t" + std::to_string(n.weight) + "\t" + n.site + "\n";
    }
    return out;
}

Status write_host_cache(const std::string& path, const std::vector<CachedNode>& nodes) {
    return write_sync(path, format_host_cache(nodes), 0644);
}

Status write_pid_file(const std::string& path, pid_t pid) {
    return write_sync(path, std::to_string(pid) + "\n", 0644);
}

std::optional<pid_t> read_live_pid(const std::string& path) {
    auto content = slurp(path);
    if (!content) return std::nullopt;
    auto v = parse_int(trim(*content));
    if (!v || *v <= 0) return std::nullopt;
    pid_t pid = pid_t(*v);
    if (::kill(pid, 0) < 0 && errno == ESRCH) return std::nullopt;
    // A killed daemon whose parent has not reaped it yet is a zombie: gone.
    if (auto stat = slurp("/proc/" + std::to_string(pid) + "/stat")) {
        size_t close = stat->rfind(')');
        if (close != std::string::npos && close + 2 < stat->size() && (*stat)[close + 2] == 'Z')
            return std::nullopt;
    }
    return pid;
}

}  // namespace ha::hb
