// SPDX-License-Identifier: Apache-2.0
// A small PowerShell tokenizer and the structural checks the plan's PowerShell must pass: balanced
// brackets and strings, every change behind ShouldProcess, every save before its change, every save
// restored by the rollback script. It knows the subset of PowerShell temper writes, not the whole language.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace temper::plan::test {

enum class TokenKind {
  kWord,          ///< a run of anything but blanks, brackets, ; , | and quotes: cmdlets, $variables, -params, numbers
  kPunct,         ///< one of ( ) { } [ ] ; , | @
  kSingleString,  ///< '...' (also the typographic single quotes); `text` is the value, '' undone
  kDoubleString,  ///< "..." ; `text` is the raw content (backticks kept): it expands $ at run time
  kHereSingle,    ///< @' ... '@ ; `text` is the content
  kHereDouble,    ///< @" ... "@ ; `text` is the content
  kComment,       ///< # to the end of the line, or <# ... #>; `text` includes the # marks
};

struct Token {
  TokenKind kind = TokenKind::kWord;
  std::string text;
  std::size_t line = 1;
};

struct Tokenized {
  std::vector<Token> tokens;
  std::vector<std::string> errors;  ///< unterminated strings, here-strings or comments
};

/// Splits `script` into tokens. Never throws; problems go to `errors`.
Tokenized tokenize(std::string_view script);

/// Brackets ( ) { } [ ] balanced in code (outside strings and comments), plus the tokenizer's errors.
std::vector<std::string> check_balance(const Tokenized& t);

/// One action's part of a script: from its `# ---- ID | ...` comment to the next `# ---- ` comment.
struct Segment {
  std::string id;
  std::size_t begin = 0;  ///< token index of the comment
  std::size_t end = 0;    ///< one past the last token
};
std::vector<Segment> segments(const std::vector<Token>& tokens);

/// Whether `word` changes the system by itself (Set-Service, Set-WebConfigurationProperty, .SetValue,
/// secedit /configure, auditpol /set, sc.exe, Install/Uninstall-WindowsFeature, ...).
bool changes_system(std::string_view word);
/// The functions the script defines that change the system, directly or through other such functions.
std::set<std::string> changing_functions(const std::vector<Token>& tokens);
/// Index of every word outside function bodies that changes the system (a changing cmdlet or function).
std::vector<std::size_t> changing_calls(const std::vector<Token>& tokens);
/// Every changing call outside function bodies must sit in a block opened by
/// `if ($PSCmdlet.ShouldProcess(...)) {` (or elseif), directly or nested. One message per call that does not.
std::vector<std::string> check_guards(const std::vector<Token>& tokens);

/// The content of the here-string assigned to `$<variable>`, if any.
std::optional<std::string> here_string_of(const std::vector<Token>& tokens, std::string_view variable);

/// The ids saved by `Save-TemperState -Id '<id>'`, in order.
std::vector<std::string> saved_ids(const std::vector<Token>& tokens);

/// The value of an expression temper writes for a plan value: 'text', or ('a' + [char]0x000A + ...).
/// nullopt when the text is anything else.
std::optional<std::string> eval_literal(std::string_view expression);

/// Words and double-quoted strings (code that runs or expands) holding `needle`, as "line N: text".
std::vector<std::string> code_containing(const std::vector<Token>& tokens, std::string_view needle);

/// The checks of a whole plan script (render_powershell's output), with the ids they found.
struct PlanScriptReport {
  std::vector<std::string> errors;
  std::vector<std::string> saved;     ///< ids saved by the plan script, in order
  std::vector<std::string> restored;  ///< ids the rollback script restores, in order
  std::vector<std::string> manual;    ///< ids of manual steps
};
/// Both scripts balanced and guarded, with the preamble (#Requires, SupportsShouldProcess, strict mode,
/// Stop); every action either saves its own id before its first change or is a manual step; every change
/// belongs to an action; the rollback script (the $TemperRollbackScript here-string) restores exactly the
/// saved ids, newest first, each looking up its own saved state.
PlanScriptReport check_plan_script(std::string_view script);

}  // namespace temper::plan::test
