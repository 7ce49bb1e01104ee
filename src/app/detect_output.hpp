// SPDX-License-Identifier: Apache-2.0
// How detect alerts and the run's summary are written: text for people, temper.detect-alert/1 and
// temper.detect-summary/1 JSON for machines (docs/output.md).
#pragma once

#include <string>
#include <unordered_map>

#include "app/detect.hpp"

namespace temper::app {

/// Text options.
struct DetectTextStyle {
  bool color = false;            ///< ANSI colours for the severity
  std::size_t triage_lines = 3;  ///< triage lines shown per alert
};

/// One alert as text: a headline (severity, time, host, title), the event, the rule, the matched
/// fields, the first triage lines and the tags; ends with a blank line.
std::string alert_to_text(const DetectAlert& alert, const DetectTextStyle& style);

/// One alert as a temper.detect-alert/1 JSON object on one line (no newline).
std::string alert_to_json(const DetectAlert& alert);
/// The same, appended to `out`.
void append_alert_json(std::string& out, const DetectAlert& alert);

/// append_alert_json() for a run's alerts: the text that depends on the rule alone (id, title, file,
/// severity, triage, tags: escaped once) is kept per rule, by the address of its id, for as long as the
/// writer lives; the rules' strings must outlive it (a run's RuleSet does).
class AlertJsonWriter {
 public:
  void append(std::string& out, const DetectAlert& alert);

 private:
  struct Parts {
    const char* title = nullptr;
    const char* file = nullptr;
    const detect::RuleInfo* info = nullptr;
    detect::Level level = detect::Level::kMedium;
    const char* correlation = nullptr;
    std::size_t id_size = 0;
    std::string head, tail;
  };
  std::unordered_map<const char*, Parts> parts_;
};

/// The summary as a temper.detect-summary/1 JSON object on one line; `list_unsupported` adds the
/// unsupported rules one by one (else only their count).
std::string summary_to_json(const DetectReport& report, bool list_unsupported);

/// The summary as text: a table of alerts per rule, then the totals; `list_unsupported` lists the
/// unsupported rules with their reason.
std::string summary_to_text(const DetectReport& report, bool list_unsupported);

}  // namespace temper::app
