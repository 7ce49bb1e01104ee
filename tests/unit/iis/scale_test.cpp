// SPDX-License-Identifier: Apache-2.0
// Scale guards of the IIS resolver: what it stores and what it allocates for a hosting server must
// grow in proportion to the number of sites. They compare sizes and allocation counts, never times,
// so machine load cannot make them pass or fail. This file replaces the global operator new/delete
// (to count), which is why it is a test executable of its own.
#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <initializer_list>
#include <new>
#include <string>
#include <string_view>
#include <utility>

#include "iis/file_source.hpp"
#include "iis/resolver.hpp"
#include "model/snapshot.hpp"
#include "model/snapshot_json.hpp"

// ---- allocation counting ----
// Not under AddressSanitizer: its allocator and a replaced global operator new disagree about who
// owns a block (ASan reports the header arithmetic as an overflow), and its counts would mean nothing.
#if defined(__SANITIZE_ADDRESS__)
#define TEMPER_COUNT_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEMPER_COUNT_ALLOCATIONS 0
#endif
#endif
#ifndef TEMPER_COUNT_ALLOCATIONS
#define TEMPER_COUNT_ALLOCATIONS 1
#endif
// Every allocation carries a 16-byte header holding its size, so that frees (sized or not) can be
// subtracted and the peak of live bytes is exact. Counting is always on; a scope resets it.
namespace {
constexpr std::size_t kHeader = 16;  // keeps the alignment of max_align_t
std::atomic<std::size_t> g_allocations{0};
std::atomic<std::size_t> g_allocated_bytes{0};
std::atomic<std::size_t> g_live_bytes{0};
std::atomic<std::size_t> g_peak_live_bytes{0};

#if TEMPER_COUNT_ALLOCATIONS
void* counted_alloc(std::size_t n) {
  void* raw = std::malloc(n + kHeader);
  if (raw == nullptr) throw std::bad_alloc();
  *static_cast<std::size_t*>(raw) = n;
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  g_allocated_bytes.fetch_add(n, std::memory_order_relaxed);
  const std::size_t live = g_live_bytes.fetch_add(n, std::memory_order_relaxed) + n;
  std::size_t peak = g_peak_live_bytes.load(std::memory_order_relaxed);
  while (live > peak && !g_peak_live_bytes.compare_exchange_weak(peak, live, std::memory_order_relaxed)) {
  }
  return static_cast<char*>(raw) + kHeader;
}

void counted_free(void* p) noexcept {
  if (p == nullptr) return;
  void* raw = static_cast<char*>(p) - kHeader;
  g_live_bytes.fetch_sub(*static_cast<std::size_t*>(raw), std::memory_order_relaxed);
  std::free(raw);
}
#endif
}  // namespace

#if TEMPER_COUNT_ALLOCATIONS
void* operator new(std::size_t n) {
  return counted_alloc(n);
}
void* operator new[](std::size_t n) {
  return counted_alloc(n);
}
void operator delete(void* p) noexcept {
  counted_free(p);
}
void operator delete[](void* p) noexcept {
  counted_free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  counted_free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  counted_free(p);
}
#endif

namespace temper::iis {
namespace {

// What was allocated between construction and take(): number of allocations, bytes, and the
// peak of live bytes above what was live at the start.
class AllocationScope {
 public:
  AllocationScope() : allocations_(g_allocations.load()), bytes_(g_allocated_bytes.load()), base_(g_live_bytes.load()) {
    g_peak_live_bytes.store(base_);
  }
  struct Counts {
    std::size_t allocations = 0;
    std::size_t bytes = 0;
    std::size_t peak_live = 0;
  };
  [[nodiscard]] Counts take() const {
    return {g_allocations.load() - allocations_, g_allocated_bytes.load() - bytes_, g_peak_live_bytes.load() - base_};
  }

 private:
  std::size_t allocations_;
  std::size_t bytes_;
  std::size_t base_;
};

// `text` with every "$name" replaced by its value.
std::string fill(std::string text, std::initializer_list<std::pair<std::string_view, std::string>> values) {
  for (const auto& [key, value] : values) {
    for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size())) {
      text.replace(at, key.size(), value);
    }
  }
  return text;
}

constexpr std::string_view kPool = "      <add name=\"$name\"$runtime />\n";
constexpr const char* kNoManagedCode = R"( managedRuntimeVersion="")";

constexpr std::string_view kSite = R"(      <site name="$name" id="$id">
        <application path="/" applicationPool="$name">
          <virtualDirectory path="/" physicalPath="$root" />
          <virtualDirectory path="/downloads" physicalPath="D:\Shared\downloads" />
        </application>
        <application path="/api" applicationPool="$name">
          <virtualDirectory path="/" physicalPath="$root\api" />
        </application>
        <application path="/admin" applicationPool="$name">
          <virtualDirectory path="/" physicalPath="D:\Hosting\$name\apps\admin" />
        </application>
        <bindings>
          <binding protocol="http" bindingInformation="*:80:$name" />
          <binding protocol="https" bindingInformation="*:443:$name" sslFlags="1" />
        </bindings>
      </site>
)";

constexpr std::string_view kLocation = R"(  <location path="$name">
    <system.webServer>
      <security>
        <authentication><anonymousAuthentication userName="" /></authentication>
        <requestFiltering><requestLimits maxAllowedContentLength="$limit" /></requestFiltering>
      </security>
    </system.webServer>
  </location>
)";

constexpr std::string_view kAppConfig = R"(<configuration>
  <connectionStrings><add name="Default" connectionString="Server=sql01;Database=db$id;User Id=u;Password=p" /></connectionStrings>
  <system.web>
    <compilation debug="$debug" />
    <customErrors mode="$errors" />
    <httpCookies httpOnlyCookies="true" />
  </system.web>
  <system.webServer>
    <directoryBrowse enabled="false" />
    <httpErrors errorMode="Custom" />
  </system.webServer>
</configuration>
)";

constexpr std::string_view kApphost = R"(<configuration>
  <configSections>
    <sectionGroup name="system.applicationHost">
      <section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
      <section name="applicationPools" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
    </sectionGroup>
    <sectionGroup name="system.webServer">
      <section name="directoryBrowse" overrideModeDefault="Allow" />
      <section name="httpErrors" overrideModeDefault="Allow" />
      <section name="handlers" overrideModeDefault="Allow" />
      <sectionGroup name="security">
        <section name="requestFiltering" overrideModeDefault="Allow" />
        <sectionGroup name="authentication">
          <section name="anonymousAuthentication" overrideModeDefault="Deny" />
        </sectionGroup>
      </sectionGroup>
    </sectionGroup>
  </configSections>
  <system.applicationHost>
    <applicationPools>
$pools    </applicationPools>
    <sites>
$sites    </sites>
  </system.applicationHost>
  <system.webServer>
    <directoryBrowse enabled="false" />
    <httpErrors errorMode="DetailedLocalOnly" />
  </system.webServer>
$locations</configuration>
)";

// A hosting server in memory, the shape bench/make_hosting_bundle.py writes, smaller: `sites`
// sites with http and https bindings, a root application and two child applications (one inside
// the site's folder, one beside it), a virtual directory shared by every site, an application pool
// per site, one <location> per site in applicationHost.config, a web.config at every application
// root and, every fourth site, one in a folder.
void add_hosting_server(MemoryFileSource& src, int sites) {
  std::string pools;
  std::string site_list;
  std::string locations;
  for (int i = 1; i <= sites; ++i) {
    const std::string name = "customer" + std::to_string(i) + ".example";
    const std::string root = "D:\\Hosting\\" + name + "\\wwwroot";
    const std::string id = std::to_string(i);
    pools += fill(std::string(kPool), {{"$name", name}, {"$runtime", i % 10 == 0 ? kNoManagedCode : ""}});
    site_list += fill(std::string(kSite), {{"$name", name}, {"$id", id}, {"$root", root}});
    locations += fill(std::string(kLocation), {{"$name", name}, {"$limit", std::to_string(1048576 * (1 + i % 4))}});
    const std::string app_config =
        fill(std::string(kAppConfig),
             {{"$id", id}, {"$debug", i % 7 == 0 ? "true" : "false"}, {"$errors", i % 5 == 0 ? "Off" : "RemoteOnly"}});
    src.add(root + "\\web.config", app_config);
    src.add(root + "\\api\\web.config", app_config);
    src.add("D:\\Hosting\\" + name + "\\apps\\admin\\web.config", app_config);
    if (i % 4 == 0) {
      src.add(
          root + "\\uploads\\web.config",
          R"(<configuration><system.webServer><handlers accessPolicy="Read" /></system.webServer></configuration>)");
    }
  }
  src.add("D:\\Shared\\downloads\\web.config",
          R"(<configuration><system.webServer><directoryBrowse enabled="true" /></system.webServer></configuration>)");
  src.add("C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config",
          fill(std::string(kApphost), {{"$pools", pools}, {"$sites", site_list}, {"$locations", locations}}));
}

struct Size {
  std::size_t json_bytes = 0;  ///< the snapshot as `temper import` writes it
  std::size_t scopes = 0;
  std::size_t sections = 0;  ///< sections stored over all scopes
  std::size_t sites = 0;
  AllocationScope::Counts resolve;  ///< what resolve() allocated
};

Size snapshot_size(int sites) {
  MemoryFileSource src;
  add_hosting_server(src, sites);
  const AllocationScope allocations;
  auto resolved = resolve(src);
  const auto counts = allocations.take();
  EXPECT_TRUE(resolved) << (resolved ? "" : resolved.error().to_string());
  if (!resolved) return {};
  Size size;
  size.resolve = counts;
  size.sites = resolved->iis.sites.size();
  size.scopes = resolved->iis.scopes.size();
  for (const auto& scope : resolved->iis.scopes) size.sections += scope.sections.size();
  model::Snapshot snapshot;
  snapshot.iis = std::move(resolved->iis);
  size.json_bytes = model::write_snapshot(snapshot).size();
  return size;
}

// The generated server is what the guard below assumes: every site, application and folder
// resolved, and no setting IIS would reject.
TEST(IisScaleTest, HostingServerResolves) {
  MemoryFileSource src;
  add_hosting_server(src, 8);
  auto resolved = resolve(src);
  ASSERT_TRUE(resolved) << resolved.error().to_string();
  ASSERT_EQ(resolved->iis.sites.size(), 8U);
  for (const auto& site : resolved->iis.sites) EXPECT_EQ(site.applications.size(), 3U) << site.name;
  for (const auto& note : resolved->notes) EXPECT_EQ(note.severity, Note::Severity::kInfo) << note.to_string();
  EXPECT_NE(resolved->iis.scope("MACHINE/WEBROOT/APPHOST/customer8.example/uploads"), nullptr);
  EXPECT_NE(resolved->iis.scope("MACHINE/WEBROOT/APPHOST/customer3.example/admin"), nullptr);
  EXPECT_NE(resolved->iis.scope("MACHINE/WEBROOT/APPHOST/customer3.example/downloads"), nullptr);
}

double ratio(std::size_t large, std::size_t small) {
  return small == 0 ? 0.0 : static_cast<double>(large) / static_cast<double>(small);
}

// 200 and 400 sites, resolved once for both tests below.
const std::pair<Size, Size>& sizes() {
  static const std::pair<Size, Size> both{snapshot_size(200), snapshot_size(400)};
  return both;
}

// The resolver before sections were shared between scopes (8c7cb90) took about 160 s and 7 GB for
// these two servers and allocated 4-7x more for twice the sites; now both take about a second.

// What the snapshot stores: twice the sites is twice the scopes, sections and JSON bytes (2x, plus
// slack for what every server has once).
TEST(IisScaleTest, SnapshotGrowsLinearlyWithSites) {
  const auto& [small, large] = sizes();
  ASSERT_EQ(small.sites, 200U);
  ASSERT_EQ(large.sites, 400U);
  ASSERT_GT(small.json_bytes, 0U);
  ASSERT_GT(small.sections, 0U);
  EXPECT_LE(ratio(large.json_bytes, small.json_bytes), 2.2)
      << "snapshot JSON: " << small.json_bytes << " bytes at 200 sites, " << large.json_bytes << " at 400";
  EXPECT_LE(ratio(large.sections, small.sections), 2.2)
      << "stored sections: " << small.sections << " at 200 sites, " << large.sections << " at 400";
  EXPECT_LE(ratio(large.scopes, small.scopes), 2.2)
      << "scopes: " << small.scopes << " at 200 sites, " << large.scopes << " at 400";
}

// What resolving costs, counted in allocations instead of seconds: the number of allocations, the
// bytes allocated and the peak of live bytes grow 2x (at most 2.2x) from 200 to 400 sites. The old
// resolver kept the full effective configuration of every scope, and every application root
// re-merged applicationHost.config, whose <sites> section holds every site: peak live bytes 4.0x,
// bytes allocated 5.5x, allocations 6.6x (issue "temper 5": 1,000 sites took 13.8 GB).
TEST(IisScaleTest, ResolveAllocatesLinearlyWithSites) {
  if (!TEMPER_COUNT_ALLOCATIONS) GTEST_SKIP() << "allocations are not counted under AddressSanitizer";
  const auto& [small, large] = sizes();
  ASSERT_EQ(large.sites, 400U);
  ASSERT_GT(small.resolve.allocations, 0U);
  EXPECT_LE(ratio(large.resolve.peak_live, small.resolve.peak_live), 2.2)
      << "peak live bytes: " << small.resolve.peak_live << " at 200 sites, " << large.resolve.peak_live << " at 400";
  EXPECT_LE(ratio(large.resolve.bytes, small.resolve.bytes), 2.2)
      << "bytes allocated: " << small.resolve.bytes << " at 200 sites, " << large.resolve.bytes << " at 400";
  EXPECT_LE(ratio(large.resolve.allocations, small.resolve.allocations), 2.2)
      << "allocations: " << small.resolve.allocations << " at 200 sites, " << large.resolve.allocations << " at 400";
}

}  // namespace
}  // namespace temper::iis
