// SPDX-License-Identifier: Apache-2.0
// Reading the verdicts of a temper.impact/1 file (`temper learn --format json`) as plan risks.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "plan/build.hpp"

namespace temper::plan {
namespace {
using Json = nlohmann::json;

SourceLocation locate(std::string_view text, std::size_t offset, std::string_view file) {
  offset = std::min(offset, text.size());
  std::uint32_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return SourceLocation(std::string(file), line, static_cast<std::uint32_t>(offset - line_start + 1));
}

Result<std::string> text_at(const Json& j, const char* key, const std::string& pointer, std::string_view file, bool nullable) {
  const auto it = j.find(key);
  if (it == j.end() || (nullable && it->is_null())) {
    if (nullable) return std::string();
    return fail(ErrorCode::kInvalidArgument, std::string(file) + ": " + pointer + "/" + key + " is missing");
  }
  if (!it->is_string()) return fail(ErrorCode::kInvalidArgument, std::string(file) + ": " + pointer + "/" + key + " must be a string");
  return it->get<std::string>();
}
}  // namespace

Result<std::vector<LearnedRisk>> parse_impact_risks(std::string_view text, std::string_view file) {
  Json doc;
  try {
    doc = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    const std::size_t offset = e.byte > 0 ? static_cast<std::size_t>(e.byte - 1) : 0;
    return fail(ErrorCode::kParse, "not valid JSON", locate(text, offset, file));
  }
  if (!doc.is_object()) return fail(ErrorCode::kInvalidArgument, std::string(file) + ": not a temper.impact document");
  const auto schema = doc.find("schema");
  if (schema == doc.end() || !schema->is_string()) {
    return fail(ErrorCode::kInvalidArgument, std::string(file) + ": /schema is missing: not a temper.impact document");
  }
  if (schema->get<std::string>() != learn::kImpactSchema) {
    return fail(ErrorCode::kSchemaVersion, std::string(file) + ": schema " + schema->get<std::string>() + ", expected " +
                                               std::string(learn::kImpactSchema));
  }
  const auto verdicts = doc.find("verdicts");
  if (verdicts == doc.end() || !verdicts->is_array()) {
    return fail(ErrorCode::kInvalidArgument, std::string(file) + ": /verdicts must be an array");
  }
  std::vector<LearnedRisk> out;
  for (std::size_t i = 0; i < verdicts->size(); ++i) {
    const Json& v = (*verdicts)[i];
    const std::string pointer = "/verdicts/" + std::to_string(i);
    if (!v.is_object()) return fail(ErrorCode::kInvalidArgument, std::string(file) + ": " + pointer + " must be an object");
    LearnedRisk r;
    TEMPER_ASSIGN_OR_RETURN(r.rule, text_at(v, "rule", pointer, file, false));
    TEMPER_ASSIGN_OR_RETURN(r.scope, text_at(v, "scope", pointer, file, true));
    TEMPER_ASSIGN_OR_RETURN(r.risk.verdict, text_at(v, "verdict", pointer, file, false));
    if (r.risk.verdict != "safe" && r.risk.verdict != "breaks" && r.risk.verdict != "unknown") {
      return fail(ErrorCode::kInvalidArgument,
                  std::string(file) + ": " + pointer + "/verdict '" + r.risk.verdict + "' is not safe, breaks or unknown");
    }
    TEMPER_ASSIGN_OR_RETURN(r.risk.reason, text_at(v, "reason", pointer, file, true));
    if (const auto ev = v.find("evidence"); ev != v.end() && ev->is_array()) {
      for (std::size_t k = 0; k < ev->size(); ++k) {
        const Json& c = (*ev)[k];
        if (!c.is_object()) {
          return fail(ErrorCode::kInvalidArgument, std::string(file) + ": " + pointer + "/evidence/" + std::to_string(k) + " must be an object");
        }
        const std::string cp = pointer + "/evidence/" + std::to_string(k);
        TEMPER_ASSIGN_OR_RETURN(const std::string kind, text_at(c, "kind", cp, file, true));
        TEMPER_ASSIGN_OR_RETURN(const std::string who, text_at(c, "who", cp, file, true));
        TEMPER_ASSIGN_OR_RETURN(const std::string detail, text_at(c, "detail", cp, file, true));
        TEMPER_ASSIGN_OR_RETURN(const std::string log, text_at(c, "log", cp, file, true));
        std::uint64_t count = 0;
        if (const auto seen = c.find("seen"); seen != c.end() && seen->is_object()) {
          if (const auto n = seen->find("count"); n != seen->end() && n->is_number_unsigned()) count = n->get<std::uint64_t>();
        }
        TEMPER_ASSIGN_OR_RETURN(const std::string keep, text_at(c, "keep", cp, file, true));
        r.risk.evidence.push_back(conflict_line(kind, who, detail, count, log));
        r.keeps.push_back(keep);
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace temper::plan
