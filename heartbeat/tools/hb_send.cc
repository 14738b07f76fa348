// hb_send: sends one cluster message through the heartbeat client API, the
// way scripts used heartbeat's FIFO (ha_clustermsg). Messages of a type that
// has an rc.d script run that script on every node, as heartbeat does.
//   hb_send [-c CLIENT] [-n NODE] TYPE [NAME=VALUE ...]
// Casual clients may not send, so hb_send signs on under a client name that
// apiauth allows: `anon` (root or group haclient) unless -c names another.
#include <cstdio>
#include <string>

#include "heartbeat/client/hb_client.h"
#include "heartbeat/msg/hb_fields.h"

int main(int argc, char** argv) {
    using namespace ha::hb;
    std::string node;
    std::string client_name = "anon";
    int i = 1;
    while (i + 1 < argc && (std::string(argv[i]) == "-n" || std::string(argv[i]) == "-c")) {
        (std::string(argv[i]) == "-n" ? node : client_name) = argv[i + 1];
        i += 2;
    }
    if (i >= argc || argv[i][0] == '-') {
        std::fprintf(stderr, "usage: %s [-c CLIENT] [-n NODE] TYPE [NAME=VALUE ...]\n", argv[0]);
        return 2;
    }
    Message msg;
    msg.add_string(kFieldT, argv[i++]);
    for (; i < argc; ++i) {
        std::string kv = argv[i];
        size_t eq = kv.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == kv.size()) {
            std::fprintf(stderr, "%s: '%s' is not NAME=VALUE with a non-empty value\n", argv[0],
                         kv.c_str());
            return 2;
        }
        msg.add_string(kv.substr(0, eq), kv.substr(eq + 1));
    }
    auto client = HbClient::signon(client_name);
    if (!client) {
        std::fprintf(stderr, "%s: cannot sign on to heartbeat: %s\n", argv[0],
                     client.status().to_string().c_str());
        return 1;
    }
    ha::Status s = node.empty() ? client->send_to_cluster(std::move(msg))
                                : client->send_to_node(node, std::move(msg));
    if (!s) {
        std::fprintf(stderr, "%s: %s\n", argv[0], s.to_string().c_str());
        return 1;
    }
    (void)client->signoff();
    return 0;
}
