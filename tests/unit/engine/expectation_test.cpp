// SPDX-License-Identifier: Apache-2.0
#include "engine/expectation.hpp"

#include <gtest/gtest.h>

namespace temper::engine {
namespace {
using Op = model::Expectation::Op;
model::Expectation leaf(Op op, std::vector<model::Scalar> values) { return {op, std::move(values), {}, false}; }
model::Scalar i(long long v) { return model::Scalar{v}; }
model::Scalar s(std::string v) { return model::Scalar{std::move(v)}; }
model::Scalar b(bool v) { return model::Scalar{v}; }
}  // namespace

TEST(ExpectationTest, NumbersCompareNumerically) {
  EXPECT_TRUE(satisfies(leaf(Op::kAtLeast, {i(14)}), Observed::of("14")));
  EXPECT_FALSE(satisfies(leaf(Op::kAtLeast, {i(14)}), Observed::of("7")));
  EXPECT_TRUE(satisfies(leaf(Op::kAtMost, {i(900)}), Observed::of("0x384")));
  EXPECT_FALSE(satisfies(leaf(Op::kAtLeast, {i(1)}), Observed::of("lots")));
  EXPECT_FALSE(satisfies(leaf(Op::kAtLeast, {i(1)}), Observed::absent()));
  EXPECT_TRUE(satisfies(leaf(Op::kEquals, {i(5)}), Observed::of(" 5 ")));
}

TEST(ExpectationTest, BooleansAndTextIgnoreCase) {
  EXPECT_TRUE(satisfies(leaf(Op::kEquals, {b(false)}), Observed::of("False")));
  EXPECT_TRUE(satisfies(leaf(Op::kEquals, {b(true)}), Observed::of("1")));
  EXPECT_FALSE(satisfies(leaf(Op::kEquals, {b(true)}), Observed::of("yes please")));
  EXPECT_TRUE(satisfies(leaf(Op::kOneOf, {s("RemoteOnly"), s("On")}), Observed::of("remoteonly")));
  model::Expectation cs = leaf(Op::kEquals, {s("Abc")});
  cs.case_sensitive = true;
  EXPECT_FALSE(satisfies(cs, Observed::of("abc")));
}

TEST(ExpectationTest, ContainsTestsListMembershipNotSubstrings) {
  EXPECT_TRUE(satisfies(leaf(Op::kContains, {s("Ssl")}), Observed::of("Ssl, SslNegotiateCert")));
  EXPECT_FALSE(satisfies(leaf(Op::kContains, {s("Ssl")}), Observed::of("SslNegotiateCert")));
  EXPECT_TRUE(satisfies(leaf(Op::kContains, {s("b")}), Observed::list({"a", "b"})));
  EXPECT_TRUE(satisfies(leaf(Op::kNotContains, {s("c")}), Observed::absent()));
}

TEST(ExpectationTest, PresenceAndComposition) {
  EXPECT_TRUE(satisfies(leaf(Op::kAbsent, {}), Observed::absent()));
  EXPECT_FALSE(satisfies(leaf(Op::kExists, {}), Observed::absent()));
  EXPECT_TRUE(satisfies(leaf(Op::kNotEquals, {i(0)}), Observed::absent()));
  const model::Expectation range{Op::kAll, {}, {leaf(Op::kAtMost, {i(900)}), leaf(Op::kNotEquals, {i(0)})}, false};
  EXPECT_TRUE(satisfies(range, Observed::of("600")));
  EXPECT_FALSE(satisfies(range, Observed::of("0")));
  EXPECT_EQ(range.display(), "<= 900 and not 0");
  const model::Expectation either{Op::kAny, {}, {leaf(Op::kEquals, {i(0)}), leaf(Op::kAbsent, {})}, false};
  EXPECT_TRUE(satisfies(either, Observed::absent()));
  const model::Expectation negated{Op::kNot, {}, {either}, false};
  EXPECT_TRUE(satisfies(negated, Observed::of("1")));
  EXPECT_TRUE(satisfies(leaf(Op::kMatches, {s("^max-age=[1-9]")}), Observed::of("MAX-AGE=480")));
  EXPECT_TRUE(satisfies(leaf(Op::kNotMatches, {s("x")}), Observed::absent()));
}
}  // namespace temper::engine
