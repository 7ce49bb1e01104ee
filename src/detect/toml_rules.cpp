// SPDX-License-Identifier: Apache-2.0
// Elastic's TOML detection rules (toml++) -> compiled EQL rules. A rule file looks like
//   [metadata] ...
//   [rule]
//   name = "..."  rule_id = "..."  severity = "high"  risk_score = 73  language = "eql"  type = "eql"
//   query = '''
//   process where ...
//   '''
//   note = """## Triage and analysis ..."""
//   [[rule.threat]] ... [[rule.threat.technique]] id = "T1003" ... [[rule.threat.technique.subtechnique]]
// The query's position in the file is kept, so an EQL error names the file line and column where it is.
#include <toml++/toml.h>

#include "core/strings.hpp"
#include "detect/detail/eql_ast.hpp"
#include "detect/eql.hpp"

namespace temper::detect {
namespace {

Level severity_level(std::string_view s) {
  const std::string l = to_lower(s);
  if (l == "low") return Level::kLow;
  if (l == "high") return Level::kHigh;
  if (l == "critical") return Level::kCritical;
  if (l == "informational") return Level::kInformational;
  return Level::kMedium;
}

std::string at(std::string_view file, std::uint32_t line, std::uint32_t column = 0) {
  std::string out(file);
  if (line == 0) return out;
  out += ":" + std::to_string(line);
  if (column != 0) out += ":" + std::to_string(column);
  return out;
}

// Where the query text starts in the file: the line and column of its first character, given where the
// TOML string value (its opening quote) begins. A newline right after ''' or """ is not part of the text.
std::pair<std::uint32_t, std::uint32_t> query_origin(std::string_view text, std::uint32_t line, std::uint32_t column) {
  std::size_t pos = 0;
  for (std::uint32_t l = 1; l < line && pos != std::string_view::npos; ++l) {
    pos = text.find('\n', pos);
    if (pos != std::string_view::npos) ++pos;
  }
  if (pos == std::string_view::npos || column == 0) return {line, column};
  pos += column - 1;
  const std::string_view rest = text.substr(std::min(pos, text.size()));
  const bool multi = rest.starts_with("'''") || rest.starts_with("\"\"\"");
  const std::size_t open = multi ? 3 : 1;
  if (multi && (rest.substr(3).starts_with("\n") || rest.substr(3).starts_with("\r\n"))) return {line + 1, 1};
  return {line, column + static_cast<std::uint32_t>(open)};
}

std::shared_ptr<const RuleInfo> rule_info(const toml::table& rule) {
  auto info = std::make_shared<RuleInfo>();
  info->language = RuleLanguage::kEql;
  info->description = std::string(trim(rule["description"].value_or(std::string_view{})));
  info->triage = std::string(trim(rule["note"].value_or(std::string_view{})));
  info->risk_score = static_cast<int>(rule["risk_score"].value_or(std::int64_t{-1}));
  if (const auto* refs = rule["references"].as_array()) {
    for (const auto& r : *refs) {
      if (const auto s = r.value<std::string>()) info->references.push_back(*s);
    }
  }
  auto add_ids = [&](const toml::node& list, const char* nested) -> void {
    const auto* arr = list.as_array();
    if (!arr) return;
    for (const auto& item : *arr) {
      const auto* t = item.as_table();
      if (!t) continue;
      if (const auto id = (*t)["id"].value<std::string>()) info->tags.push_back(*id);
      if (nested != nullptr) {
        if (const auto* sub = (*t)[nested].as_array()) {
          for (const auto& s : *sub) {
            if (const auto* st = s.as_table()) {
              if (const auto id = (*st)["id"].value<std::string>()) info->tags.push_back(*id);
            }
          }
        }
      }
    }
  };
  if (const auto* threats = rule["threat"].as_array()) {
    for (const auto& threat : *threats) {
      if (const auto* t = threat.as_table()) {
        if (const auto* tech = (*t)["technique"].node()) add_ids(*tech, "subtechnique");
      }
    }
  }
  return info;
}

bool starts_sequence(std::string_view query) {
  auto tokens = detail::lex_eql(query);
  return tokens && !tokens->empty() && tokens->front().kind == detail::EqlToken::Kind::kName &&
         iequals(tokens->front().text, "sequence");
}

}  // namespace

Result<void> compile_eql(std::string_view query, CompiledRule rule, RuleSet& set) {
  auto ast = detail::parse_eql(query);
  if (!ast) return std::unexpected(ast.error());
  TEMPER_RETURN_IF_ERROR(detail::compile_eql_ast(*ast, set, rule));
  set.add_rule(std::move(rule));
  return {};
}

void compile_elastic(std::string_view text, std::string_view file, RuleSet& set) {
  toml::table doc;
  try {
    doc = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    set.add_unsupported(Unsupported{at(file, b.line, b.column), {}, "not TOML: " + std::string(e.description())});
    return;
  }
  const auto* rule = doc["rule"].as_table();
  if (rule == nullptr) {
    set.add_unsupported(Unsupported{std::string(file), {}, "TOML without a [rule] table"});
    return;
  }
  const std::string title = (*rule)["name"].value_or(std::string{});
  const std::string language = to_lower((*rule)["language"].value_or(std::string{}));
  const std::string type = to_lower((*rule)["type"].value_or(std::string{}));
  const auto rule_line = rule->source().begin.line;
  if (language != "eql") {
    ++set.counts().elastic_other;
    const std::string reason = language.empty() ? "type " + (type.empty() ? std::string("unknown") : type) + ": not EQL"
                                                : "language " + language + ": not EQL";
    set.add_unsupported(Unsupported{at(file, rule_line), title, reason});
    return;
  }
  ++set.counts().eql_total;
  const auto* query_node = (*rule)["query"].node();
  const auto query = query_node ? query_node->value<std::string>() : std::nullopt;
  if (!query) {
    set.add_unsupported(Unsupported{at(file, rule_line), title, "no query in [rule]"});
    return;
  }
  const bool sequence = starts_sequence(*query);
  if (sequence) ++set.counts().sequence_total;
  const auto [qline, qcolumn] = query_origin(text, query_node->source().begin.line, query_node->source().begin.column);

  CompiledRule compiled;
  compiled.id = (*rule)["rule_id"].value_or(std::string(file));
  compiled.title = title;
  compiled.file = std::string(file);
  compiled.level = severity_level((*rule)["severity"].value_or(std::string_view{"medium"}));
  compiled.info = rule_info(*rule);
  auto done = compile_eql(*query, std::move(compiled), set);
  if (!done) {
    const Error& e = done.error();
    std::uint32_t line = qline, column = qcolumn;
    if (e.where && e.where->line != 0) {
      line = qline + e.where->line - 1;
      column = e.where->line == 1 ? qcolumn + e.where->column - 1 : e.where->column;
    }
    const std::string prefix = e.code == ErrorCode::kContent ? "EQL syntax: " : "";
    set.add_unsupported(Unsupported{at(file, line, column), title, prefix + e.message});
    return;
  }
  ++set.counts().eql_compiled;
  if (sequence) ++set.counts().sequence_compiled;
  set.count_compiled_source();
}

}  // namespace temper::detect
