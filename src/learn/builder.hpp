// SPDX-License-Identifier: Apache-2.0
// Building a usage profile from events in one pass (decision 0037).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "events/event.hpp"
#include "learn/usage.hpp"

namespace temper::learn {

/// Feeds events into a profile: every event counts for its source (the channel and computer, or the
/// IIS site of a W3C log: s-sitename, else the W3SVC<n> folder of its file), and the events learning
/// reads add to their aggregates (so far: 4624 logons, 4625 failed logons, 4672/4673/4674 privileges). Memory grows with the variety of
/// the activity (distinct keys, capped sets), not with the number of events.
class ProfileBuilder {
 public:
  void add(const events::Event& event);
  [[nodiscard]] const UsageProfile& profile() const { return profile_; }
  /// The profile so far; the builder starts an empty one.
  UsageProfile take() {
    last_w3c_source_ = nullptr;
    last_w3c_fields_.clear();
    return std::exchange(profile_, UsageProfile{});
  }

 private:
  void add_logon(const events::Event& event, std::optional<Time> when, const Example& where);
  void add_failed_logon(const events::Event& event, std::optional<Time> when, const Example& where);
  void add_privileges(const events::Event& event, std::optional<Time> when, const Example& where);

  UsageProfile profile_;
  std::string scratch_;
  // The W3C field names last recorded, and for which source (map nodes do not move).
  const SourceStats* last_w3c_source_ = nullptr;
  std::vector<std::string> last_w3c_fields_;
};

}  // namespace temper::learn
