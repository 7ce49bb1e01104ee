// SPDX-License-Identifier: Apache-2.0
// audit.csv writer, GPO form (../shared/reference/windows-formats.md B.4; MS-GPAC 2.2):
//
//   Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting,Setting Value
//   ,System,Audit Credential Validation,{0cce923f-69ae-11d9-bed3-505054503030},Success and Failure,,3
//   ,,Option:CrashOnAuditFail,,Disabled,,0
//
// The Subcategory and Inclusion Setting texts are for people; the audit client reads the GUID and the value.
#include "plan/write_audit_csv.hpp"

#include <array>

#include "core/strings.hpp"

namespace temper::plan {
namespace {
constexpr std::string_view kOptionPrefix = "AuditPolicy\\";
constexpr std::array kOptions = {std::string_view("CrashOnAuditFail"), std::string_view("FullPrivilegeAuditing"),
                                 std::string_view("AuditBaseObjects"), std::string_view("AuditBaseDirectories")};

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool is_guid(std::string_view g) {
  if (g.size() != 38 || g.front() != '{' || g.back() != '}') return false;
  for (std::size_t i = 1; i + 1 < g.size(); ++i) {
    const bool hyphen = i == 9 || i == 14 || i == 19 || i == 24;
    if (hyphen ? g[i] != '-' : !is_hex(g[i])) return false;
  }
  return true;
}

// The canonical option name, or "" when `name` is not an audit option.
std::string_view option_name(std::string_view name) {
  if (!istarts_with(name, kOptionPrefix)) return {};
  for (std::string_view o : kOptions) {
    if (iequals(name.substr(kOptionPrefix.size()), o)) return o;
  }
  return {};
}

// 1 enabled, 0 disabled, -1 neither.
int option_state(const model::Scalar& v) {
  if (const auto* b = std::get_if<bool>(&v.value)) return *b ? 1 : 0;
  if (const auto* n = std::get_if<long long>(&v.value)) return *n == 0 || *n == 1 ? static_cast<int>(*n) : -1;
  if (const auto* s = std::get_if<std::string>(&v.value)) {
    if (*s == "1" || iequals(*s, "Enabled") || iequals(*s, "true")) return 1;
    if (*s == "0" || iequals(*s, "Disabled") || iequals(*s, "false")) return 0;
  }
  return -1;
}

// A CSV field: quoted when it holds a comma; double quotes and line breaks dropped (the text is informative).
std::string field(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c != '"' && c != '\r' && c != '\n') out.push_back(c);
  }
  return out.find(',') == std::string::npos ? out : "\"" + out + "\"";
}
}  // namespace

std::string audit_subcategory_problem(const AuditPolicyChange& change) {
  return is_guid(change.subcategory) ? std::string() : "a subcategory that is not a {GUID}";
}

std::string audit_option_problem(const SecurityOptionChange& change) {
  if (option_name(change.name).empty()) return "not an advanced audit option audit.csv knows";
  if (option_state(change.after) < 0) return "an audit option value that is not enabled (1) or disabled (0)";
  return {};
}

std::string write_audit_csv(const std::vector<const AuditPolicyChange*>& subcategories,
                            const std::vector<const SecurityOptionChange*>& options) {
  std::string out =
      "Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting,Setting Value\r\n";
  for (const AuditPolicyChange* c : subcategories) {
    const int value = (c->after_success ? 1 : 0) + (c->after_failure ? 2 : 0);
    static constexpr std::array<std::string_view, 4> kInclusion = {"No Auditing", "Success", "Failure",
                                                                   "Success and Failure"};
    const std::string name = c->name.empty() ? to_lower(c->subcategory) : c->name;
    out += ",System," + field(istarts_with(name, "Audit ") ? name : "Audit " + name) + "," + to_lower(c->subcategory) +
           "," + std::string(kInclusion[static_cast<std::size_t>(value)]) + ",," +
           std::to_string(value == 0 ? 4 : value) + "\r\n";
  }
  for (const SecurityOptionChange* c : options) {
    const bool on = option_state(c->after) == 1;
    out += ",,Option:" + std::string(option_name(c->name)) + ",," + (on ? "Enabled,,1" : "Disabled,,0") + "\r\n";
  }
  return out;
}

}  // namespace temper::plan
