// Meta-data for classes whose agents cannot print their own: heartbeat-class
// scripts (cluster-glue's template: positional parameters 1..5, 15 s
// timeouts) and LSB init scripts (from the script's "### BEGIN INIT INFO"
// block, as cluster-glue and Pacemaker do). Both come out as ra-api-1 XML
// that parse_ocf_metadata reads.
#pragma once

#include <string>
#include <string_view>

namespace ha::lrm {

std::string heartbeat_metadata_xml(std::string_view type);

// The LSB comment block's fields; empty strings for absent ones.
struct LsbHeader {
    std::string provides;
    std::string required_start;
    std::string required_stop;
    std::string should_start;
    std::string should_stop;
    std::string default_start;
    std::string default_stop;
    std::string short_description;
    std::string description;  // continuation lines ("#<tab>" or "#  ") joined by '\n'
};

// Reads the first "### BEGIN INIT INFO" .. "### END INIT INFO" block of
// `script`; everything else is ignored. Never fails: no block, no fields.
LsbHeader parse_lsb_header(std::string_view script);

std::string lsb_metadata_xml(std::string_view type, const LsbHeader& header);

}  // namespace ha::lrm
