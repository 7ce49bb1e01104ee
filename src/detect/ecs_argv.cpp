// SPDX-License-Identifier: Apache-2.0
// Windows command lines -> argv, by the rules of CommandLineToArgvW (process.args of the ECS view).
//
// By example, the line   "C:\Program Files\x.exe" a\\\"b "c d" e\f ""   gives
//   C:\Program Files\x.exe   (program name: up to the next quote, backslashes kept)
//   a\"b                     (3 backslashes + quote: one backslash and a literal quote)
//   c d                      (quotes group, and are dropped)
//   e\f                      (a backslash not before a quote is literal)
//   (empty)                  ("" is an empty argument)
// Inside quotes a run of quotes counts 1 (close), 2 (close, reopen: a quote-less toggle) and every
// third one is a literal quote: "a"""b" gives a"b.
#include "detect/ecs_view.hpp"

namespace temper::detect {
namespace {

bool blank(char c) { return c == ' ' || c == '\t'; }

// Builds one argument: a slice of the line while nothing was unescaped, else a copy in the arena.
class ArgBuilder {
 public:
  ArgBuilder(std::string_view line, std::string& arena) : line_(line), arena_(arena) {}

  void start(std::size_t at) {
    begin_ = at;
    end_ = at;
    copied_ = false;
    started_ = true;
  }
  [[nodiscard]] bool started() const { return started_; }
  // The character at `at` of the line is part of the argument, unchanged.
  void take(std::size_t at) {
    if (!copied_ && at == end_) {
      ++end_;
      return;
    }
    copy();
    arena_.push_back(line_[at]);
  }
  // A character that is not the line's own at this place (unescaped).
  void put(char c) {
    copy();
    arena_.push_back(c);
  }
  // A character of the line that the argument leaves out (a quoting quote).
  void drop() { copy(); }
  void finish(std::vector<CommandLineArg>& out) {
    if (!started_) return;
    started_ = false;
    if (copied_) {
      out.push_back(CommandLineArg{{}, arena_start_, arena_.size() - arena_start_, true});
    } else {
      out.push_back(CommandLineArg{line_.substr(begin_, end_ - begin_), 0, 0, false});
    }
  }

 private:
  void copy() {
    if (copied_) return;
    copied_ = true;
    arena_start_ = arena_.size();
    arena_.append(line_.substr(begin_, end_ - begin_));
  }

  std::string_view line_;
  std::string& arena_;
  std::size_t begin_ = 0, end_ = 0, arena_start_ = 0;
  bool copied_ = false;
  bool started_ = false;
};

}  // namespace

void split_command_line(std::string_view line, std::string& arena, std::vector<CommandLineArg>& out,
                        std::size_t max_args) {
  std::size_t i = 0;
  while (i < line.size() && blank(line[i])) ++i;
  if (i == line.size() || max_args == 0) return;
  // The program name: no escapes at all.
  if (line[i] == '"') {
    const std::size_t close = line.find('"', i + 1);
    const std::size_t end = close == std::string_view::npos ? line.size() : close;
    out.push_back(CommandLineArg{line.substr(i + 1, end - i - 1), 0, 0, false});
    i = close == std::string_view::npos ? line.size() : close + 1;
  } else {
    const std::size_t start = i;
    while (i < line.size() && !blank(line[i])) ++i;
    out.push_back(CommandLineArg{line.substr(start, i - start), 0, 0, false});
  }
  ArgBuilder arg(line, arena);
  int quotes = 0;  // 0 outside quotes, 1 inside (2 only within a run of quotes)
  while (i < line.size()) {
    const char c = line[i];
    if (blank(c) && quotes == 0) {
      arg.finish(out);
      if (out.size() >= max_args) return;
      ++i;
      continue;
    }
    if (!arg.started()) arg.start(i);
    if (c == '\\') {
      std::size_t n = 0;
      while (i + n < line.size() && line[i + n] == '\\') ++n;
      if (i + n < line.size() && line[i + n] == '"') {
        for (std::size_t k = 0; k < n / 2; ++k) arg.put('\\');
        if (n % 2 == 1) {
          arg.put('"');
          i += n + 1;
          continue;
        }
        i += n;  // the quote is handled below, as a quoting quote
      } else {
        for (std::size_t k = 0; k < n; ++k) arg.take(i + k);
        i += n;
        continue;
      }
    }
    if (line[i] == '"') {
      arg.drop();  // the quote itself is not part of the argument
      ++quotes;
      ++i;
      while (i < line.size() && line[i] == '"') {
        if (++quotes == 3) {
          arg.put('"');
          quotes = 0;
        }
        ++i;
      }
      if (quotes == 2) quotes = 0;
      continue;
    }
    arg.take(i);
    ++i;
  }
  arg.finish(out);
}

std::vector<std::string> split_command_line(std::string_view line) {
  std::string arena;
  std::vector<CommandLineArg> args;
  split_command_line(line, arena, args);
  std::vector<std::string> out;
  out.reserve(args.size());
  for (const auto& a : args) {
    out.emplace_back(a.in_arena ? std::string_view(arena).substr(a.offset, a.size) : a.text);
  }
  return out;
}

}  // namespace temper::detect
