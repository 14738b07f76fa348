// Per-sender sequence tracking, as heartbeat 3.0.6 does it: every non-NS_
// message carries the sender's sequence number; a receiver accepts each seq
// once, records gaps as missing (to ask for retransmission) and drops old
// duplicates. Pure; one instance per (sender, generation).
#pragma once

#include <cstdint>
#include <set>

namespace ha::hb {

class SeqTracker {
  public:
    enum class Verdict {
        kAccept,     // new: deliver it
        kFilledGap,  // a missing seq arrived: deliver it
        kDuplicate,  // seen already (counts for link status only)
        kReset,      // the gap was too large: tracking restarted at this seq; deliver it
    };

    // Gaps larger than this restart tracking instead of asking for each seq.
    static constexpr uint64_t kMaxGap = 250;

    Verdict on_seq(uint64_t seq);
    void reset();

    uint64_t last_seq() const { return last_seq_; }
    bool seen_any() const { return last_seq_ != 0; }
    const std::set<uint64_t>& missing() const { return missing_; }
    // Gives up on a seq the sender cannot retransmit (NS_nak_rexmit).
    bool forget(uint64_t seq) { return missing_.erase(seq) > 0; }
    // True when nothing below `seq` is still missing (an ack may be sent).
    bool complete_through(uint64_t seq) const {
        return missing_.empty() || *missing_.begin() > seq;
    }

  private:
    uint64_t last_seq_ = 0;  // highest seq accepted
    std::set<uint64_t> missing_;
};

}  // namespace ha::hb
