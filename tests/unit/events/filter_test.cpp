// SPDX-License-Identifier: Apache-2.0
// The --filter language's parser: the tree it builds and its syntax errors. What the expressions mean is
// tested where they run, on the detection engine (tests/unit/detect/event_filter_test.cpp).
#include "events/filter.hpp"

#include <gtest/gtest.h>

namespace temper::events {
namespace {

// The tree in prefix form: (or a b), (not x), field op value, field in [v,...].
std::string shape(const Filter::Node& n) {
  using K = Filter::Node::Kind;
  switch (n.kind) {
    case K::kOr:
    case K::kAnd: return std::string(n.kind == K::kOr ? "(or " : "(and ") + shape(*n.children[0]) + " " + shape(*n.children[1]) + ")";
    case K::kNot: return "(not " + shape(*n.children[0]) + ")";
    case K::kIn: {
      std::string out = n.field + " in [";
      for (std::size_t i = 0; i < n.values.size(); ++i) out += (i > 0 ? "," : "") + n.values[i];
      return out + "]";
    }
    case K::kCompare: break;
  }
  static const char* kOps[] = {"=", "!=", "<", "<=", ">", ">=", "~"};
  return n.field + kOps[static_cast<int>(n.op)] + n.values[0];
}

std::string parsed(std::string_view expr) {
  auto f = Filter::parse(expr);
  if (!f) return "error: " + f.error().message;
  return f->root() == nullptr ? "(empty)" : shape(*f->root());
}

TEST(FilterParseTest, BuildsTheTreeWithPrecedence) {
  EXPECT_EQ(parsed("channel=Security and id in (4624,4625)"), "(and channel=Security id in [4624,4625])");
  EXPECT_EQ(parsed("a=1 or b=2 and not c~x"), "(or a=1 (and b=2 (not c~x)))");
  EXPECT_EQ(parsed("(a=1 or b=2) and c>=3"), "(and (or a=1 b=2) c>=3)");
  EXPECT_EQ(parsed("x not in ('a b', \"c\") AND y == z"), "(and (not x in [a b,c]) y=z)");
  EXPECT_EQ(parsed("n<=1 Or n>2 or n<3 or n!=4"), "(or (or (or n<=1 n>2) n<3) n!=4)");
  EXPECT_EQ(parsed("   "), "(empty)");
}

TEST(FilterParseTest, ReportsSyntaxErrorsWithColumn) {
  for (const char* bad : {"id=", "id in 4624", "(id=1", "id=1 and", "id ! 3", "'open", "id in (1,", "= 3"}) {
    auto f = Filter::parse(bad);
    ASSERT_FALSE(f.has_value()) << bad;
    EXPECT_EQ(f.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(f.error().message.find("column"), std::string::npos) << bad;
  }
  std::string deep(5000, '(');
  EXPECT_FALSE(Filter::parse(deep + "id=1").has_value());  // no stack overflow
}

}  // namespace
}  // namespace temper::events
