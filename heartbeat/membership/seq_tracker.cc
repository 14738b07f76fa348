#include "heartbeat/membership/seq_tracker.h"

namespace ha::hb {

SeqTracker::Verdict SeqTracker::on_seq(uint64_t seq) {
    if (last_seq_ == 0) {
        last_seq_ = seq;
        return Verdict::kAccept;
    }
    if (seq == last_seq_ + 1) {
        last_seq_ = seq;
        return Verdict::kAccept;
    }
    if (seq > last_seq_) {
        if (seq - last_seq_ > kMaxGap) {
            reset();
            last_seq_ = seq;
            return Verdict::kReset;
        }
        for (uint64_t s = last_seq_ + 1; s < seq; ++s)
            missing_.insert(s);
        last_seq_ = seq;
        return Verdict::kAccept;
    }
    if (missing_.erase(seq)) return Verdict::kFilledGap;
    return Verdict::kDuplicate;
}

void SeqTracker::reset() {
    last_seq_ = 0;
    missing_.clear();
}

}  // namespace ha::hb
