// Unix-domain stream sockets: listen on a path, connect with a timeout, and
// read the peer's credentials. The building blocks of ipc.h and ipc_client.h.
#pragma once

#include <string>

#include <sys/types.h>

#include "heartbeat/plumb/duration.h"
#include "heartbeat/plumb/fd_util.h"
#include "heartbeat/plumb/status.h"

namespace ha::io {

// The process on the other end, as the kernel saw it at connect() time.
struct PeerCred {
    pid_t pid = -1;
    uid_t uid = static_cast<uid_t>(-1);
    gid_t gid = static_cast<gid_t>(-1);
};

// SO_PEERCRED of a connected socket.
Result<PeerCred> peer_credentials(int fd);

// A non-blocking, close-on-exec listening socket bound at `path` with file
// mode `mode`. A stale socket file (no server answers) is replaced; a live
// one is kIo "in use"; a path that is not a socket is never removed
// (kInvalid). Paths longer than sun_path are kInvalid.
Result<UniqueFd> listen_unix(const std::string& path, mode_t mode, int backlog = 64);

// A blocking, close-on-exec socket connected to `path`; waits at most
// `timeout` for a server whose backlog is full (kTimeout). A missing path is
// kNotFound, a path with nobody listening kIo.
Result<UniqueFd> connect_unix(const std::string& path, Millis timeout);

}  // namespace ha::io
