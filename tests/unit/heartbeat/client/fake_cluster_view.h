// A ClusterView over plain data, for ApiHandler tests and the in-test API
// server: a cluster is a list of nodes with their status, type and links.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "heartbeat/client/api_handler.h"

namespace ha::hb::test {

struct FakeNode {
    std::string name;
    std::string status = "active";
    std::string type = "normal";
    int weight = 100;
    std::string site;
    std::string uuid;                                        // 16 raw bytes, or empty
    std::vector<std::pair<std::string, std::string>> links;  // name, status
};

class FakeClusterView : public ClusterView {
  public:
    std::string local = "node1";
    std::vector<FakeNode> nodes;
    std::map<std::string, std::string, std::less<>> params;
    Millis dead{5000};
    Millis keep{1000};
    int facility = -1;
    std::optional<std::string> rsc = "local";
    std::string hb_version = "3.0.6 (heartbeat-ng 0.1.0)";

    // node1..nodeN, all active, each with one link eth0 up.
    static FakeClusterView two_nodes() {
        FakeClusterView v;
        for (const char* n : {"node1", "node2"}) {
            FakeNode node;
            node.name = n;
            node.uuid = std::string(16, n[4]);
            node.links = {{"eth0", "up"}};
            v.nodes.push_back(node);
        }
        v.params = {{"keepalive", "1"}, {"deadtime", "5"}, {"crm", "off"}, {"pacemaker", "off"}};
        return v;
    }

    FakeNode* node(std::string_view name) {
        for (auto& n : nodes)
            if (n.name == name) return &n;
        return nullptr;
    }
    const FakeNode* node(std::string_view name) const {
        for (const auto& n : nodes)
            if (n.name == name) return &n;
        return nullptr;
    }

    std::string local_node() const override { return local; }
    std::vector<std::string> node_names() const override {
        std::vector<std::string> out;
        for (const auto& n : nodes)
            out.push_back(n.name);
        return out;
    }
    std::optional<std::string> node_status(std::string_view n) const override {
        const FakeNode* p = node(n);
        return p ? std::optional<std::string>(p->status) : std::nullopt;
    }
    std::optional<std::string> node_type(std::string_view n) const override {
        const FakeNode* p = node(n);
        return p ? std::optional<std::string>(p->type) : std::nullopt;
    }
    std::optional<int> node_weight(std::string_view n) const override {
        const FakeNode* p = node(n);
        return p ? std::optional<int>(p->weight) : std::nullopt;
    }
    std::optional<std::string> node_site(std::string_view n) const override {
        const FakeNode* p = node(n);
        return p ? std::optional<std::string>(p->site) : std::nullopt;
    }
    std::optional<std::string> node_uuid(std::string_view n) const override {
        const FakeNode* p = node(n);
        return p ? std::optional<std::string>(p->uuid) : std::nullopt;
    }
    std::vector<std::string> links_of(std::string_view n) const override {
        std::vector<std::string> out;
        if (const FakeNode* p = node(n))
            for (const auto& l : p->links)
                out.push_back(l.first);
        return out;
    }
    std::optional<std::string> link_status(std::string_view n,
                                           std::string_view link) const override {
        if (const FakeNode* p = node(n))
            for (const auto& l : p->links)
                if (l.first == link) return l.second;
        return std::nullopt;
    }
    std::optional<std::string> parameter(std::string_view name) const override {
        auto it = params.find(name);
        return it == params.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
    Millis deadtime() const override { return dead; }
    Millis keepalive() const override { return keep; }
    int log_facility() const override { return facility; }
    std::optional<std::string> resource_status() const override { return rsc; }
    std::string version() const override { return hb_version; }
};

}  // namespace ha::hb::test
