// SPDX-License-Identifier: Apache-2.0
// EVTX file and chunk headers, the record walk of a chunk (with slack recovery), and the
// streaming single- and multi-threaded file readers.
#include "evtx/reader.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <cstdio>
#include <fstream>
#include <cstring>
#include <memory>
#include <thread>
#include <unordered_set>

#include "core/byte_reader.hpp"
#include "core/file.hpp"
#include "core/limits.hpp"
#include "evtx/detail/binxml.hpp"
#include "evtx/detail/crc32.hpp"

namespace temper::evtx {
namespace {

constexpr std::size_t kFileHeaderBlock = 4096;
constexpr std::size_t kChunkSize = limits::kEvtxChunkSize;
constexpr std::uint32_t kChunkHeaderSize = 512;
constexpr std::uint32_t kRecordHeaderSize = 24;
constexpr std::uint32_t kMinRecordSize = kRecordHeaderSize + 4;

bool has_magic(std::span<const std::byte> b, std::size_t at, std::string_view magic) {
  return b.size() >= at + magic.size() && std::memcmp(b.data() + at, magic.data(), magic.size()) == 0;
}

bool all_zero(std::span<const std::byte> b) {
  return std::all_of(b.begin(), b.end(), [](std::byte x) { return x == std::byte{0}; });
}

constexpr std::string_view kRecordMagic{"**\0\0", 4};

// Record ids already delivered, as a bitmap over a window of ids (slack recovery skips them).
// Ids outside a window of kMaxBits around the first one are not remembered (bounded memory).
class IdSet {
 public:
  void insert(std::uint64_t id) {
    if (words_.empty()) base_ = id >= kMaxBits / 2 ? id - kMaxBits / 2 : 0;
    if (id < base_ || id - base_ >= kMaxBits) return;
    const std::uint64_t bit = id - base_;
    if (bit / 64 >= words_.size()) words_.resize(static_cast<std::size_t>(bit / 64 + 1024), 0);
    words_[static_cast<std::size_t>(bit / 64)] |= std::uint64_t{1} << (bit % 64);
  }
  [[nodiscard]] bool contains(std::uint64_t id) const {
    if (words_.empty() || id < base_ || id - base_ >= kMaxBits) return false;
    const std::uint64_t bit = id - base_;
    return bit / 64 < words_.size() && (words_[static_cast<std::size_t>(bit / 64)] >> (bit % 64) & 1u) != 0;
  }

 private:
  static constexpr std::uint64_t kMaxBits = std::uint64_t{1} << 26;  // 8 MiB of bitmap at most
  std::vector<std::uint64_t> words_;
  std::uint64_t base_ = 0;
};

// True when a plausible record starts at pos: signature, size inside the chunk, trailing copy.
bool record_at(std::span<const std::byte> chunk, std::uint32_t pos) {
  if (static_cast<std::size_t>(pos) + kMinRecordSize > chunk.size() || !has_magic(chunk, pos, kRecordMagic)) return false;
  const ByteReader r(chunk);
  const std::uint32_t size = *r.le_at<std::uint32_t>(pos + 4);
  return size >= kMinRecordSize && static_cast<std::uint64_t>(pos) + size <= chunk.size() &&
         *r.le_at<std::uint32_t>(pos + size - 4) == size;
}

// Decodes one chunk's records into `event` and hands each to `emit` (false = stop).
class ChunkWalker {
 public:
  // xml: build XML nodes (ReadOptions::xml).
  explicit ChunkWalker(bool xml = true) : xml_(xml) {}

  // The live records: from 512 to the free-space offset. A damaged record header makes the
  // walker look for the next plausible record instead of giving up on the chunk.
  template <typename Emit>
  // `valid`: bytes of the chunk that came from the file (less when the file ends inside it).
  bool walk(std::span<const std::byte> chunk, std::uint32_t valid, std::uint64_t index, std::uint64_t file_offset,
            events::Event& event, ReadStats& stats, std::string_view name, std::vector<std::uint64_t>* live,
            Emit&& emit) {
    ++stats.chunks;
    valid_ = valid;
    auto header = parse_chunk_header(chunk);
    if (!header) {
      if (all_zero(chunk)) {
        ++stats.empty_chunks;
      } else {
        ++stats.bad_chunks;
        stats.add(index, file_offset, "chunk signature missing: chunk skipped");
      }
      return true;
    }
    if (!header->header_checksum_ok || !header->data_checksum_ok) {
      ++stats.checksum_errors;
      stats.add(index, file_offset,
                !header->header_checksum_ok ? "chunk header checksum mismatch" : "chunk record data checksum mismatch");
    }
    decoder_.reset(chunk);
    const ByteReader r(chunk);
    const std::uint32_t limit = live_limit(*header, chunk);
    std::uint32_t pos = kChunkHeaderSize;
    while (pos + kMinRecordSize <= limit) {
      if (pos >= valid) {
        stats.add(index, file_offset + pos, "the file ends inside this chunk: records from chunk offset " +
                                                std::to_string(pos) + " on are missing");
        break;
      }
      const std::uint32_t size = *r.le_at<std::uint32_t>(pos + 4);
      const bool header_ok = has_magic(chunk, pos, kRecordMagic) && size >= kMinRecordSize &&
                             static_cast<std::uint64_t>(pos) + size <= chunk.size();
      if (!header_ok) {
        const std::uint32_t resync = next_record(chunk, pos + 8, limit);
        stats.add(index, file_offset + pos,
                  resync < limit ? "damaged record header: resynchronised at chunk offset " + std::to_string(resync)
                                 : "damaged record header: rest of chunk skipped");
        pos = resync;
        continue;
      }
      if (!record(chunk, pos, size, index, file_offset, event, stats, name, false, live, emit)) return false;
      pos += size;
    }
    return true;
  }

  // Slack recovery: records after the live area whose ids were not delivered by any live walk.
  template <typename Emit>
  bool recover(std::span<const std::byte> chunk, std::uint32_t valid, std::uint64_t index, std::uint64_t file_offset,
               events::Event& event, ReadStats& stats, std::string_view name, const IdSet& live, Emit&& emit) {
    valid_ = valid;
    auto header = parse_chunk_header(chunk);
    if (!header) return true;
    decoder_.reset(chunk);
    const ByteReader r(chunk);
    // Where the live walk ended.
    const std::uint32_t limit = live_limit(*header, chunk);
    std::uint32_t pos = kChunkHeaderSize;
    while (pos + kMinRecordSize <= limit && record_at(chunk, pos)) pos += *r.le_at<std::uint32_t>(pos + 4);
    pos = std::max(pos, limit);
    pos = (pos + 7u) & ~7u;
    IdSet here;
    while (static_cast<std::size_t>(pos) + kMinRecordSize <= chunk.size()) {
      if (!record_at(chunk, pos)) {
        pos += 8;
        continue;
      }
      const std::uint32_t size = *r.le_at<std::uint32_t>(pos + 4);
      const std::uint64_t id = *r.le_at<std::uint64_t>(pos + 8);
      if (live.contains(id) || here.contains(id)) {
        pos += 8;
        continue;
      }
      here.insert(id);
      if (!record(chunk, pos, size, index, file_offset, event, stats, name, true, nullptr, emit)) return false;
      pos += (size + 7u) & ~7u;
    }
    return true;
  }

 private:
  static std::uint32_t live_limit(const ChunkHeader& h, std::span<const std::byte> chunk) {
    const std::uint32_t limit = h.free_space_offset;
    return limit < kChunkHeaderSize || limit > chunk.size() ? static_cast<std::uint32_t>(chunk.size()) : limit;
  }

  static std::uint32_t next_record(std::span<const std::byte> chunk, std::uint32_t from, std::uint32_t limit) {
    for (std::uint32_t p = (from + 7u) & ~7u; p + kMinRecordSize <= limit; p += 8) {
      if (record_at(chunk, p)) return p;
    }
    return limit;
  }

  template <typename Emit>
  bool record(std::span<const std::byte> chunk, std::uint32_t pos, std::uint32_t size, std::uint64_t index,
              std::uint64_t file_offset, events::Event& event, ReadStats& stats, std::string_view name, bool recovered,
              std::vector<std::uint64_t>* live, Emit&& emit) {
    const ByteReader r(chunk);
    const std::uint64_t id = *r.le_at<std::uint64_t>(pos + 8);
    const std::uint64_t written = *r.le_at<std::uint64_t>(pos + 16);
    if (static_cast<std::uint64_t>(pos) + size > valid_) {  // its end is zero padding, not data
      if (!recovered) {
        ++stats.damaged_records;
        stats.add(index, file_offset + pos, "record " + std::to_string(id) + ": cut off by the end of the file");
      }
      return true;
    }
    if (*r.le_at<std::uint32_t>(pos + size - 4) != size && !recovered) {
      stats.add(index, file_offset + pos, "record " + std::to_string(id) + ": trailing size copy differs");
    }
    event.clear();
    event.source = events::SourceKind::kEvtx;
    event.file = name;
    auto decoded = decoder_.decode(pos + kRecordHeaderSize, pos + size - 4, event, xml_);
    if (!decoded) {
      if (!recovered) {
        ++stats.damaged_records;
        stats.add(index, file_offset + pos, "record " + std::to_string(id) + ": " + decoded.error().message);
      }
      return true;
    }
    if (live != nullptr) live->push_back(id);
    if (!*decoded) event.index_xml();  // the direct path indexed it already
    if (event.system().record_id == 0) event.system().record_id = id;  // EventRecordID wins when present
    if (event.system().time_created == 0) event.system().time_created = written;
    ++stats.records;
    if (recovered) ++stats.recovered;
    return emit(event);
  }

  detail::ChunkDecoder decoder_;
  bool xml_ = true;
  std::uint32_t valid_ = kChunkSize;  // of the chunk being walked
};

// Reads blocks from a file or from memory.
class Source {
 public:
  explicit Source(std::span<const std::byte> memory) : memory_(memory) {}
  explicit Source(std::ifstream& file) : file_(&file) {}

  // Reads up to n bytes at the current position into buf; returns the count.
  std::size_t read(std::byte* buf, std::size_t n) {
    if (file_ != nullptr) {
      file_->read(reinterpret_cast<char*>(buf), static_cast<std::streamsize>(n));
      return static_cast<std::size_t>(file_->gcount());
    }
    const std::size_t k = std::min(n, memory_.size() - pos_);
    if (k == 0) return 0;  // also keeps memcpy away from an empty span's null pointer
    std::memcpy(buf, memory_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  [[nodiscard]] bool failed() const { return file_ != nullptr && file_->bad(); }
  // Back to the first byte (for the slack-recovery pass).
  bool rewind() {
    pos_ = 0;
    if (file_ == nullptr) return true;
    file_->clear();
    file_->seekg(0);
    return static_cast<bool>(*file_);
  }

 private:
  std::span<const std::byte> memory_;
  std::size_t pos_ = 0;
  std::ifstream* file_ = nullptr;
};

// Opens a file for Source; std::ifstream takes std::filesystem::path, so non-ASCII paths work
// on Windows too.
Result<void> open_file(const std::filesystem::path& path, std::ifstream& in) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return fail(ErrorCode::kNotFound, "no such file: " + path_string(path));
  in.rdbuf()->pubsetbuf(nullptr, 0);  // we read whole chunks; no second buffer
  in.open(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kIo, "cannot open " + path_string(path));
  return {};
}

// Reads the file header block and positions `source` at the first chunk. `first` receives
// bytes already read that belong to the first chunk (headerless chunk dumps).
Result<void> read_header(Source& source, ReadStats& stats, std::vector<std::byte>& first) {
  std::vector<std::byte> block(kFileHeaderBlock);
  const std::size_t got = source.read(block.data(), block.size());
  block.resize(got);
  if (auto header = parse_file_header(block)) {
    stats.header = *header;
    stats.header_ok = true;
    if (!header->checksum_ok) stats.add(0, 0, "file header checksum mismatch");
    if (got < kFileHeaderBlock) return fail(ErrorCode::kParse, "file ends inside its header");
    return {};
  }
  if (has_magic(block, 0, "ElfChnk")) {
    stats.add(0, 0, "file header missing: reading chunks from offset 0");
    first = std::move(block);
    return {};
  }
  return fail(ErrorCode::kParse, "not an EVTX file (no ElfFile or ElfChnk signature)");
}

// Fills `chunk` (resized to 64 KiB, zero-padded) with the next block; returns the bytes read from
// the input (0 at its end).
std::uint32_t next_chunk(Source& source, std::vector<std::byte>& pending, std::vector<std::byte>& chunk, ReadStats& stats,
                std::uint64_t index, std::uint64_t offset) {
  chunk.resize(kChunkSize);
  std::size_t have = 0;
  if (!pending.empty()) {
    have = std::min(pending.size(), kChunkSize);
    std::memcpy(chunk.data(), pending.data(), have);
    pending.clear();
  }
  have += source.read(chunk.data() + have, kChunkSize - have);
  if (have == 0) return 0;
  if (have < kChunkSize) {
    std::memset(chunk.data() + have, 0, kChunkSize - have);
    stats.add(index, offset, "file ends inside a chunk (" + std::to_string(have) + " bytes): read what is there");
  }
  return static_cast<std::uint32_t>(have);
}

// Calls chunk(index, offset, bytes, valid) for every 64 KiB block after the header; false = stop.
template <typename F>
Result<void> for_each_chunk(Source& source, ReadStats& stats, F&& chunk_fn) {
  std::vector<std::byte> pending;
  ReadStats header_stats;
  TEMPER_RETURN_IF_ERROR(read_header(source, header_stats, pending));
  std::uint64_t offset = header_stats.header_ok ? kFileHeaderBlock : 0;
  std::vector<std::byte> chunk;
  for (std::uint64_t index = 0; index < limits::kEvtxMaxChunks; ++index, offset += kChunkSize) {
    const std::uint32_t valid = next_chunk(source, pending, chunk, stats, index, offset);
    if (valid == 0) break;
    if (!chunk_fn(index, offset, std::span<const std::byte>(chunk), valid)) break;
  }
  if (source.failed()) return fail(ErrorCode::kIo, "read error");
  return {};
}

// A file with fewer chunks than its header counts was cut short (more chunks are normal: the
// header's count lags behind in a file that was not closed cleanly).
void note_missing_chunks(ReadStats& stats) {
  if (stats.header_ok && stats.chunks < stats.header.chunk_count) {
    stats.add(stats.chunks, kFileHeaderBlock + stats.chunks * kChunkSize, "the file header counts " + std::to_string(stats.header.chunk_count) +
                                   " chunks, the file holds " + std::to_string(stats.chunks) + ": it was cut short");
  }
}

// The slack-recovery pass over the whole file, after the live pass filled `live`.
template <typename Emit>
Result<void> recovery_pass(Source& source, ReadStats& stats, const IdSet& live, std::string_view name, bool xml,
                           Emit&& emit) {
  if (!source.rewind()) return fail(ErrorCode::kIo, "cannot seek back for slack recovery");
  ChunkWalker walker(xml);
  events::Event event;
  ReadStats ignored;  // truncation diagnostics were reported by the live pass
  return for_each_chunk(source, ignored, [&](std::uint64_t index, std::uint64_t offset, std::span<const std::byte> c,
                                             std::uint32_t valid) {
    return walker.recover(c, valid, index, offset, event, stats, name, live, emit);
  });
}

Result<ReadStats> read_source(Source& source, const ReadOptions& options, const RecordSink& sink,
                              std::string_view name) {
  ReadStats stats;
  std::vector<std::byte> pending;
  TEMPER_RETURN_IF_ERROR(read_header(source, stats, pending));
  TEMPER_RETURN_IF_ERROR(source.rewind() ? Result<void>{} : fail(ErrorCode::kIo, "cannot seek"));
  auto walker = std::make_unique<ChunkWalker>(options.xml);
  events::Event event;
  IdSet live;
  std::vector<std::uint64_t> ids;
  bool stopped = false;
  auto emit = [&](const events::Event& e) {
    stopped = stopped || !sink(e);
    return !stopped;
  };
  TEMPER_RETURN_IF_ERROR(for_each_chunk(source, stats, [&](std::uint64_t index, std::uint64_t offset,
                                                           std::span<const std::byte> c, std::uint32_t valid) {
    ids.clear();
    const bool more = walker->walk(c, valid, index, offset, event, stats, name, options.recover ? &ids : nullptr, emit);
    for (const std::uint64_t id : ids) live.insert(id);
    return more;
  }));
  if (!stopped) note_missing_chunks(stats);
  if (options.recover && !stopped) TEMPER_RETURN_IF_ERROR(recovery_pass(source, stats, live, name, options.xml, emit));
  return stats;
}

}  // namespace

void ReadStats::add(std::uint64_t chunk, std::uint64_t offset, std::string message) {
  if (diagnostics.size() >= limits::kEvtxMaxDiagnostics) {
    ++diagnostics_dropped;
    return;
  }
  diagnostics.push_back(Diagnostic{chunk, offset, std::move(message)});
}

void ReadStats::merge(const ReadStats& o) {
  chunks += o.chunks;
  empty_chunks += o.empty_chunks;
  bad_chunks += o.bad_chunks;
  checksum_errors += o.checksum_errors;
  records += o.records;
  recovered += o.recovered;
  damaged_records += o.damaged_records;
  diagnostics_dropped += o.diagnostics_dropped;
  for (const Diagnostic& d : o.diagnostics) add(d.chunk, d.offset, d.message);
}

Result<FileHeader> parse_file_header(std::span<const std::byte> b) {
  if (b.size() < 128 || !has_magic(b, 0, std::string_view("ElfFile\0", 8))) {
    return fail(ErrorCode::kParse, "EVTX file header signature missing");
  }
  const ByteReader r(b);
  FileHeader h;
  h.first_chunk = *r.le_at<std::uint64_t>(8);
  h.last_chunk = *r.le_at<std::uint64_t>(16);
  h.next_record_id = *r.le_at<std::uint64_t>(24);
  h.header_size = *r.le_at<std::uint32_t>(32);
  h.minor_version = *r.le_at<std::uint16_t>(36);
  h.major_version = *r.le_at<std::uint16_t>(38);
  h.header_block_size = *r.le_at<std::uint16_t>(40);
  h.chunk_count = *r.le_at<std::uint16_t>(42);
  h.flags = *r.le_at<std::uint32_t>(120);
  h.checksum = *r.le_at<std::uint32_t>(124);
  h.checksum_ok = detail::crc32(b.first(120)) == h.checksum;
  return h;
}

Result<ChunkHeader> parse_chunk_header(std::span<const std::byte> c) {
  if (c.size() < kChunkSize || !has_magic(c, 0, std::string_view("ElfChnk\0", 8))) {
    return fail(ErrorCode::kParse, "EVTX chunk signature missing");
  }
  const ByteReader r(c);
  ChunkHeader h;
  h.first_record_number = *r.le_at<std::uint64_t>(8);
  h.last_record_number = *r.le_at<std::uint64_t>(16);
  h.first_record_id = *r.le_at<std::uint64_t>(24);
  h.last_record_id = *r.le_at<std::uint64_t>(32);
  h.header_size = *r.le_at<std::uint32_t>(40);
  h.last_record_offset = *r.le_at<std::uint32_t>(44);
  h.free_space_offset = *r.le_at<std::uint32_t>(48);
  h.data_checksum = *r.le_at<std::uint32_t>(52);
  h.flags = *r.le_at<std::uint32_t>(120);
  h.header_checksum = *r.le_at<std::uint32_t>(124);
  const std::uint32_t header_crc = detail::crc32(c.subspan(128, 384), detail::crc32(c.first(120)));
  h.header_checksum_ok = header_crc == h.header_checksum;
  const std::uint32_t data_end =
      h.free_space_offset >= kChunkHeaderSize && h.free_space_offset <= kChunkSize ? h.free_space_offset : kChunkHeaderSize;
  h.data_checksum_ok = detail::crc32(c.subspan(kChunkHeaderSize, data_end - kChunkHeaderSize)) == h.data_checksum;
  return h;
}

Result<ReadStats> read_evtx(std::span<const std::byte> data, const ReadOptions& options, const RecordSink& sink,
                            std::string_view name) {
  Source source(data);
  return read_source(source, options, sink, name);
}

Result<ReadStats> read_evtx(const std::filesystem::path& path, const ReadOptions& options, const RecordSink& sink) {
  std::ifstream file;
  TEMPER_RETURN_IF_ERROR(open_file(path, file));
  Source source(file);
  const std::string name = path_string(path);
  auto result = read_source(source, options, sink, name);
  if (!result) {
    Error e = result.error();
    e.message = name + ": " + e.message;
    return fail(std::move(e));
  }
  return result;
}

Result<ReadStats> read_evtx_rendered(const std::filesystem::path& path, const ReadOptions& options,
                                     const RenderFn& render, const WriteFn& write, const ProgressFn& progress) {
  std::ifstream file;
  TEMPER_RETURN_IF_ERROR(open_file(path, file));
  Source source(file);
  const std::string name = path_string(path);
  ReadStats stats;
  std::vector<std::byte> pending;
  if (auto header = read_header(source, stats, pending); !header) {
    Error e = header.error();
    e.message = name + ": " + e.message;
    return fail(std::move(e));
  }
  // An ordered pipeline over a ring of slots of `batch` chunks each: this thread reads chunks
  // into free slots and writes finished slots in order; `threads` workers decode and render
  // whichever slot is next. Sequence number q lives in slot q % window, so memory is
  // window × batch × (64 KiB + output). Batches of several chunks keep the hand-offs (a lock,
  // a wake-up) rare next to the work.
  const unsigned threads = std::clamp(options.threads, 1u, 64u);
  const std::size_t window = threads == 1 ? 1 : threads * 4;
  constexpr std::size_t kMaxBatch = 4;
  const std::size_t batch = threads == 1 ? 1 : kMaxBatch;
  struct Slot {
    std::array<std::vector<std::byte>, kMaxBatch> chunks;
    std::array<std::uint32_t, kMaxBatch> valid{};  // bytes read from the file, per chunk
    std::array<std::uint64_t, kMaxBatch> index{};
    std::array<std::uint64_t, kMaxBatch> offset{};
    std::size_t count = 0;
    std::string out;
    ReadStats stats;
    std::vector<std::uint64_t> ids;
    bool done = false;
  };
  struct Worker {
    explicit Worker(bool xml) : walker(xml) {}
    ChunkWalker walker;
    events::Event event;
  };
  std::vector<Slot> slots(window);
  auto process = [&](Worker& w, Slot& s) {
    s.out.clear();
    s.ids.clear();
    for (std::size_t k = 0; k < s.count; ++k) {
      w.walker.walk(s.chunks[k], s.valid[k], s.index[k], s.offset[k], w.event, s.stats, name,
                    options.recover ? &s.ids : nullptr, [&](const events::Event& e) {
                      render(e, s.out);
                      return true;
                    });
    }
  };
  std::uint64_t offset = stats.header_ok ? kFileHeaderBlock : 0;
  std::uint64_t chunk_index = 0;
  bool more = true;
  bool stopped = false;
  IdSet live;
  std::uint64_t next_read = 0;   // slot sequence numbers
  std::uint64_t next_write = 0;
  std::uint64_t next_work = 0;
  // Reads the next chunks into s; the caller advances next_read (under the lock if threaded).
  auto fill = [&](Slot& s) {
    s.stats = ReadStats{};
    s.done = false;
    s.count = 0;
    while (s.count < batch) {
      const std::uint32_t valid = chunk_index >= limits::kEvtxMaxChunks
                                      ? 0
                                      : next_chunk(source, pending, s.chunks[s.count], s.stats, chunk_index, offset);
      if (valid == 0) {
        more = false;
        break;
      }
      s.valid[s.count] = valid;
      s.index[s.count] = chunk_index++;
      s.offset[s.count] = offset;
      offset += kChunkSize;
      ++s.count;
    }
    return s.count != 0;
  };
  auto drain = [&](Slot& s) {
    stats.merge(s.stats);
    for (const std::uint64_t id : s.ids) live.insert(id);
    if (!s.out.empty() && !write(s.out)) stopped = true;
    ++next_write;
    if (progress) progress(s.offset[s.count - 1] + kChunkSize);
  };
  if (threads == 1) {
    Worker w(options.xml);
    while (more && !stopped && fill(slots[0])) {
      ++next_read;
      process(w, slots[0]);
      drain(slots[0]);
    }
  } else {
    std::mutex m;
    std::condition_variable work_ready;
    std::condition_variable slot_done;
    bool quit = false;
    std::vector<std::thread> pool;
    std::vector<std::unique_ptr<Worker>> workers;
    for (unsigned t = 0; t < threads; ++t) workers.push_back(std::make_unique<Worker>(options.xml));
    for (unsigned t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        Worker& w = *workers[t];
        std::unique_lock lock(m);
        while (true) {
          work_ready.wait(lock, [&] { return quit || next_work < next_read; });
          if (next_work >= next_read) return;  // quit with nothing left
          Slot& s = slots[next_work % window];
          ++next_work;
          lock.unlock();
          process(w, s);
          lock.lock();
          s.done = true;
          slot_done.notify_one();
        }
      });
    }
    {
      std::unique_lock lock(m);
      while (!stopped) {
        while (more && next_read - next_write < window) {
          Slot& s = slots[next_read % window];
          lock.unlock();  // reading needs no lock: workers never touch unread slots
          const bool got = fill(s);
          lock.lock();
          if (got) {
            ++next_read;
            work_ready.notify_one();
          }
        }
        if (next_write == next_read) break;
        Slot& s = slots[next_write % window];
        slot_done.wait(lock, [&] { return s.done; });
        lock.unlock();
        drain(s);
        lock.lock();
      }
      quit = true;
      // Let workers finish slots they already took before the ring goes away.
      slot_done.wait(lock, [&] {
        for (std::uint64_t q = next_write; q < next_work; ++q) {
          if (!slots[q % window].done) return false;
        }
        return true;
      });
      next_read = next_work;  // nothing more to hand out
    }
    work_ready.notify_all();
    for (auto& th : pool) th.join();
  }
  if (source.failed()) return fail(ErrorCode::kIo, name + ": read error");
  if (!stopped) note_missing_chunks(stats);
  if (options.recover && !stopped) {
    std::string out;
    auto pass = recovery_pass(source, stats, live, name, options.xml, [&](const events::Event& e) {
      out.clear();
      render(e, out);
      return write(out);
    });
    if (!pass) return fail(pass.error());
  }
  return stats;
}

}  // namespace temper::evtx
