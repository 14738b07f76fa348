#include "heartbeat/daemon/hb_options.h"

namespace ha::hb {

Result<HbOptions> parse_hb_options(const std::vector<std::string>& args) {
    HbOptions o;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() < 2 || a[0] != '-') return invalid("unexpected argument '" + a + "'");
        for (size_t k = 1; k < a.size(); ++k) {
            switch (a[k]) {
                case 'f':
                    o.foreground = true;
                    break;
                case 'k':
                    o.action = HbAction::kKill;
                    break;
                case 's':
                    o.action = HbAction::kStatus;
                    break;
                case 'r':
                    o.action = HbAction::kReload;
                    break;
                case 'D':
                    o.action = HbAction::kDefaults;
                    break;
                case 'W':
                    o.action = HbAction::kWikiDefaults;
                    break;
                case 'V':
                    o.action = HbAction::kVersion;
                    break;
                case 'd':
                    ++o.debug;
                    break;
                case 'v':
                    o.verbose = true;
                    break;
                case 'l':
                    o.no_realtime = true;
                    break;
                case 'M':
                    o.no_resources = true;
                    break;
                case 'R':
                    o.restarting = true;
                    break;
                case 'C': {
                    // -C takes a value: the rest of this word, or the next word.
                    if (k + 1 < a.size()) {
                        o.resource_state = a.substr(k + 1);
                    } else if (i + 1 < args.size()) {
                        o.resource_state = args[++i];
                    } else {
                        return invalid("option -C needs a value");
                    }
                    k = a.size();
                    break;
                }
                default:
                    return invalid(std::string("unknown option -") + a[k]);
            }
        }
    }
    if (!o.resource_state.empty() && !o.restarting) return invalid("-C only valid with -R");
    if (o.restarting && o.action == HbAction::kReload)
        return invalid("-r is mutually exclusive with -R");
    return o;
}

std::string hb_usage(const std::string& program) {
    // As heartbeat 3.0.6 prints it (to stderr, exit 2).
    (void)program;
    return "\nUsage: heartbeat [-dDkMrRsvWlVf] [-C Current-resource-state]\n"
           "\t-C only valid with -R\n"
           "\t-r is mutually exclusive with -R\n";
}

}  // namespace ha::hb
