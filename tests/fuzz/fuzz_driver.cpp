// SPDX-License-Identifier: Apache-2.0
// Regression driver for a libFuzzer target when libFuzzer is not available (g++ builds, CI):
// replays every file under the given corpus directories, then applies deterministic mutations
// (bit flips, truncation, byte insertion, splicing, length-field smashing) within an iteration and
// time budget. A crash or sanitizer report fails the ctest entry; the seed of the failing
// mutation is printed so it can be replayed with --replay (FUZZ_DRIVER_DUMP=FILE also writes that input to FILE).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {
using Bytes = std::vector<std::uint8_t>;

Bytes read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void run(const Bytes& b) { LLVMFuzzerTestOneInput(b.empty() ? nullptr : b.data(), b.size()); }

Bytes mutate(const std::vector<Bytes>& seeds, std::mt19937_64& rng) {
  Bytes b = seeds[rng() % seeds.size()];
  const int rounds = 1 + static_cast<int>(rng() % 4);
  for (int r = 0; r < rounds; ++r) {
    switch (rng() % 7) {
      case 0:  // flip bits
        if (!b.empty()) b[rng() % b.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
        break;
      case 1:  // truncate
        if (!b.empty()) b.resize(rng() % b.size());
        break;
      case 2: {  // insert random bytes
        const std::size_t at = b.empty() ? 0 : rng() % (b.size() + 1);
        const std::size_t n = 1 + rng() % 16;
        Bytes ins(n);
        for (auto& x : ins) x = static_cast<std::uint8_t>(rng());
        b.insert(b.begin() + static_cast<std::ptrdiff_t>(at), ins.begin(), ins.end());
        break;
      }
      case 3: {  // overwrite with an "interesting" 32-bit value (sizes, offsets, counts)
        static constexpr std::uint32_t kInteresting[] = {0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x10000, 0x7fffffff,
                                                         0x80000000u, 0xffffffffu, 512, 4096, 65536};
        if (b.size() >= 4) {
          const std::size_t at = rng() % (b.size() - 3);
          const std::uint32_t v = kInteresting[rng() % (sizeof kInteresting / sizeof kInteresting[0])];
          std::memcpy(b.data() + at, &v, 4);
        }
        break;
      }
      case 4: {  // splice with another seed
        const Bytes& other = seeds[rng() % seeds.size()];
        if (!other.empty() && !b.empty()) {
          const std::size_t cut = rng() % b.size();
          const std::size_t from = rng() % other.size();
          b.resize(cut);
          b.insert(b.end(), other.begin() + static_cast<std::ptrdiff_t>(from), other.end());
        }
        break;
      }
      case 5: {  // duplicate a block (self-reference, repetition)
        if (b.size() > 2) {
          const std::size_t start = rng() % b.size();
          const std::size_t len = 1 + rng() % std::min<std::size_t>(64, b.size() - start);
          Bytes block(b.begin() + static_cast<std::ptrdiff_t>(start), b.begin() + static_cast<std::ptrdiff_t>(start + len));
          const std::size_t at = rng() % b.size();
          b.insert(b.begin() + static_cast<std::ptrdiff_t>(at), block.begin(), block.end());
        }
        break;
      }
      default:  // random byte
        if (!b.empty()) b[rng() % b.size()] = static_cast<std::uint8_t>(rng());
        break;
    }
  }
  return b;
}
}  // namespace

int main(int argc, char** argv) {
  long iterations = 20000;
  double seconds = 20;
  long long replay = -1;
  std::vector<std::filesystem::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--iterations" && i + 1 < argc) {
      iterations = std::atol(argv[++i]);
    } else if (a == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (a == "--replay" && i + 1 < argc) {
      replay = std::atoll(argv[++i]);
    } else {
      inputs.emplace_back(a);
    }
  }
  std::vector<Bytes> seeds;
  for (const auto& in : inputs) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(in, ec)) {
      seeds.push_back(read_all(in));
    } else if (std::filesystem::is_directory(in, ec)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(in, ec)) {
        if (e.is_regular_file()) seeds.push_back(read_all(e.path()));
      }
    } else {
      std::fprintf(stderr, "fuzz driver: skipping missing corpus %s\n", in.string().c_str());
    }
  }
  seeds.push_back({});
  for (const auto& s : seeds) run(s);
  std::printf("fuzz driver: replayed %zu inputs\n", seeds.size());

  const auto start = std::chrono::steady_clock::now();
  long done = 0;
  for (long i = 0; i < iterations; ++i) {
    const auto seed = static_cast<std::uint64_t>(replay >= 0 ? replay : i);
    std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ull + 1);
    const Bytes b = mutate(seeds, rng);
    if (std::getenv("FUZZ_DRIVER_VERBOSE") != nullptr) std::fprintf(stderr, "mutation %llu\n", static_cast<unsigned long long>(seed));
    if (const char* dump = std::getenv("FUZZ_DRIVER_DUMP"); dump != nullptr && replay >= 0) {
      // The replayed input as bytes, to add to a corpus or inspect.
      std::ofstream(dump, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
    }
    run(b);
    ++done;
    if (replay >= 0) break;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (elapsed > seconds) break;
  }
  std::printf("fuzz driver: %ld mutations ran without a crash\n", done);
  return 0;
}
