// SPDX-License-Identifier: Apache-2.0
#include "evtx/detail/binxml.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "events/render.hpp"

namespace temper::evtx::detail {
namespace {

// Writes BinXML into a zeroed 64 KiB chunk at chosen offsets.
class ChunkBuilder {
 public:
  ChunkBuilder() : bytes_(65536) {}
  ChunkBuilder& at(std::uint32_t pos) {
    pos_ = pos;
    return *this;
  }
  ChunkBuilder& u8(int v) {
    bytes_[pos_++] = static_cast<std::byte>(v);
    return *this;
  }
  ChunkBuilder& u16(std::uint32_t v) { return u8(static_cast<int>(v & 0xFF)).u8(static_cast<int>(v >> 8)); }
  ChunkBuilder& u32(std::uint32_t v) { return u16(v & 0xFFFF).u16(v >> 16); }
  // A name stored inline: its offset field points just past itself.
  ChunkBuilder& name(const std::string& s) {
    u32(pos_ + 4).u32(0).u16(0).u16(static_cast<std::uint32_t>(s.size()));
    for (char c : s) u16(static_cast<unsigned char>(c));
    return u16(0);
  }
  ChunkBuilder& open(const std::string& n, bool attrs = false) {
    u8(attrs ? 0x41 : 0x01).u16(0xFFFF).u32(0);
    name(n);
    if (attrs) u32(0);
    return *this;
  }
  ChunkBuilder& text(const std::string& s) {
    u8(0x05).u8(0x01).u16(static_cast<std::uint32_t>(s.size()));
    for (char c : s) u16(static_cast<unsigned char>(c));
    return *this;
  }
  ChunkBuilder& subst(std::uint16_t index, std::uint8_t type, bool optional) {
    return u8(optional ? 0x0E : 0x0D).u16(index).u8(type);
  }
  ChunkBuilder& fragment_header() { return u8(0x0F).u8(1).u8(1).u8(0); }
  // Template definition header with a body written by `body`; returns its offset.
  template <typename F>
  std::uint32_t definition(std::uint32_t where, F&& body) {
    at(where).u32(0);
    for (int i = 0; i < 16; ++i) u8(0);
    const std::uint32_t size_at = pos_;
    u32(0);
    const std::uint32_t start = pos_;
    body(*this);
    const std::uint32_t end = pos_;
    at(size_at).u32(end - start);
    pos_ = end;
    return where;
  }
  [[nodiscard]] std::uint32_t pos() const { return pos_; }
  [[nodiscard]] std::span<const std::byte> span() const { return bytes_; }

 private:
  std::vector<std::byte> bytes_;
  std::uint32_t pos_ = 0;
};

std::string xml_of(const events::Event& e) {
  std::string out;
  events::append_xml(out, e);
  std::string flat;
  for (char c : out) {
    if (c != '\n') flat.push_back(c);
  }
  // drop indentation
  std::string squeezed;
  bool in_tag_gap = false;
  for (std::size_t i = 0; i < flat.size(); ++i) {
    if (flat[i] == '>') in_tag_gap = true;
    else if (flat[i] != ' ') in_tag_gap = false;
    if (in_tag_gap && flat[i] == ' ') continue;
    squeezed.push_back(flat[i]);
  }
  return squeezed;
}

TEST(BinXmlTest, InstantiatesTemplateWithOptionalNullsAndValues) {
  ChunkBuilder b;
  const std::uint32_t def = b.definition(0x1000, [](ChunkBuilder& c) {
    c.fragment_header().open("Event", true);
    c.u8(0x06).name("a").subst(0, 0x01, true);  // optional NULL attribute -> dropped
    c.u8(0x02);
    c.open("Data").u8(0x02).subst(1, 0x08, false).u8(0x04);
    c.open("Opt").u8(0x02).subst(0, 0x01, true).u8(0x04);  // optional NULL element -> dropped
    c.open("Lit").u8(0x02).text("x&y").u8(0x04);
    c.u8(0x04).u8(0x00);
  });
  b.at(0x200).fragment_header().u8(0x0C).u8(1).u32(7).u32(def);
  b.u32(2).u16(0).u8(0x00).u8(0).u16(4).u8(0x08).u8(0);
  b.u32(42).u8(0x00);
  const std::uint32_t end = b.pos();

  ChunkDecoder d;
  d.reset(b.span());
  events::Event e;
  ASSERT_TRUE(d.decode(0x200, end, e).has_value());
  EXPECT_EQ(xml_of(e), "<Event><Data>42</Data><Lit>x&amp;y</Lit></Event>");
  EXPECT_EQ(d.template_count(), 1u);

  // Same template again: served from the cache.
  events::Event again;
  ASSERT_TRUE(d.decode(0x200, end, again).has_value());
  EXPECT_EQ(d.template_count(), 1u);
}

TEST(BinXmlTest, RepeatsElementPerArrayItemAndDecodesNestedBinXml) {
  ChunkBuilder b;
  const std::uint32_t def = b.definition(0x1000, [](ChunkBuilder& c) {
    c.fragment_header().open("E").u8(0x02);
    c.open("Data").u8(0x02).subst(0, 0x81, false).u8(0x04);
    c.open("X").u8(0x02).subst(1, 0x21, false).u8(0x04);
    c.u8(0x04).u8(0x00);
  });
  // nested fragment value, written at 0x3000 then copied after the descriptors
  b.at(0x3000).fragment_header().open("Inner").u8(0x02).text("hi").u8(0x04).u8(0x00);
  const std::uint32_t nested_size = b.pos() - 0x3000;
  b.at(0x200).fragment_header().u8(0x0C).u8(1).u32(7).u32(def);
  b.u32(2).u16(8).u8(0x81).u8(0).u16(nested_size).u8(0x21).u8(0);
  b.u16('a').u16(0).u16('b').u16(0);
  const std::uint32_t nested_at = b.pos();
  // re-write the nested fragment in place so its inline names point at the right offsets
  b.fragment_header().open("Inner").u8(0x02).text("hi").u8(0x04).u8(0x00);
  ASSERT_EQ(b.pos() - nested_at, nested_size);
  b.u8(0x00);
  ChunkDecoder d;
  d.reset(b.span());
  events::Event e;
  ASSERT_TRUE(d.decode(0x200, b.pos(), e).has_value());
  EXPECT_EQ(xml_of(e), "<E><Data>a</Data><Data>b</Data><X><Inner>hi</Inner></X></E>");
}

TEST(BinXmlTest, SelfReferencingTemplateFailsWithLimitInsteadOfLooping) {
  ChunkBuilder b;
  // The definition's body is an instance of itself.
  b.definition(0x1000, [](ChunkBuilder& c) {
    c.fragment_header().u8(0x0C).u8(1).u32(7).u32(0x1000).u32(0).u8(0x00);
  });
  b.at(0x200).fragment_header().u8(0x0C).u8(1).u32(7).u32(0x1000).u32(0).u8(0x00);
  ChunkDecoder d;
  d.reset(b.span());
  events::Event e;
  const auto start = std::chrono::steady_clock::now();
  auto r = d.decode(0x200, b.pos(), e);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kLimit);
  // A loop would never end; a generous bound keeps sanitizer builds on a loaded machine green.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(BinXmlTest, TruncatedOrUnknownTokensFailWithParse) {
  ChunkBuilder b;
  b.at(0x200).fragment_header().open("Event").u8(0x02).text("abc").u8(0x04).u8(0x00);
  const std::uint32_t end = b.pos();
  ChunkDecoder d;
  d.reset(b.span());
  for (std::uint32_t cut = 0x201; cut < end - 1; ++cut) {
    events::Event e;
    auto r = d.decode(0x200, cut, e);
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::kParse) << cut;
    }
  }
  b.at(0x200).u8(0x1F);
  events::Event e;
  auto r = d.decode(0x200, end, e);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("unknown BinXML token"), std::string::npos);
  EXPECT_FALSE(d.decode(0x200, 70000, e).has_value());  // past the chunk
}

}  // namespace
}  // namespace temper::evtx::detail
