// A Clock whose time moves only when a test or simulation advances it.
#pragma once

#include "heartbeat/plumb/duration.h"

namespace ha::test {

class FakeClock : public Clock {
  public:
    explicit FakeClock(MonoTime start = MonoTime(std::chrono::seconds(1000))) : now_(start) {}
    MonoTime now() const override { return now_; }
    void advance(std::chrono::nanoseconds d) { now_ += d; }
    void set(MonoTime t) { now_ = t; }

  private:
    MonoTime now_;
};

}  // namespace ha::test
