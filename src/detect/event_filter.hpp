// SPDX-License-Identifier: Apache-2.0
// detect::EventFilter: the --filter language (events/filter.hpp) compiled into the detection engine, so
// `temper events --filter` runs on the Matcher: field names bound to ids and operands parsed once, rules
// dispatched on channel and event id, nothing looked up by name or parsed per event.
#pragma once

#include <cstdint>
#include <memory>
#include <map>
#include <mutex>
#include <string_view>
#include <thread>

#include "core/error.hpp"
#include "detect/rule_set.hpp"
#include "events/event.hpp"

namespace temper::detect {

class Matcher;

class EventFilter {
 public:
  EventFilter();
  ~EventFilter();
  EventFilter(EventFilter&&) noexcept;
  EventFilter& operator=(EventFilter&&) noexcept;

  /// Parse and compile an expression (grammar in events/filter.hpp). An empty expression accepts every
  /// event. Fails with kInvalidArgument naming the column of the first syntax error.
  static Result<EventFilter> compile(std::string_view expression);

  /// True when the event satisfies the expression. Thread-safe: each thread gets its own Matcher over
  /// the shared rule set (made on its first call, kept until the filter is destroyed).
  [[nodiscard]] bool matches(const events::Event& event) const;

  /// True when the filter accepts everything.
  [[nodiscard]] bool empty() const { return set_ == nullptr; }

  /// The compiled rule set (one rule), for tests.
  [[nodiscard]] const RuleSet* rule_set() const { return set_.get(); }

 private:
  std::unique_ptr<RuleSet> set_;
  std::uint64_t serial_ = 0;  ///< never reused: a thread's cached Matcher belongs to this filter only
  struct Matchers {
    std::mutex mutex;
    std::map<std::thread::id, std::unique_ptr<Matcher>> by_thread;
  };
  std::unique_ptr<Matchers> matchers_;
};

}  // namespace temper::detect
