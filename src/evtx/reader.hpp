// SPDX-License-Identifier: Apache-2.0
// The EVTX file reader: file header, 64 KiB chunks, records, optional slack recovery; streams
// events::Event records in record order in bounded memory, on one or several threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "events/event.hpp"

namespace temper::evtx {

/// The 4 KiB file header ("ElfFile\0").
struct FileHeader {
  std::uint64_t first_chunk = 0;
  std::uint64_t last_chunk = 0;
  std::uint64_t next_record_id = 0;
  std::uint32_t header_size = 0;
  std::uint16_t minor_version = 0;
  std::uint16_t major_version = 0;
  std::uint16_t header_block_size = 0;
  std::uint16_t chunk_count = 0;
  std::uint32_t flags = 0;  ///< 0x1 dirty, 0x2 full
  std::uint32_t checksum = 0;
  bool checksum_ok = false;  ///< CRC32 of the first 120 bytes matches
};

/// Parse the file header from at least its first 128 bytes. Fails with kParse when the
/// signature is wrong or the buffer is short; a bad checksum is reported, not fatal.
Result<FileHeader> parse_file_header(std::span<const std::byte> bytes);

/// The 512-byte chunk header ("ElfChnk\0").
struct ChunkHeader {
  std::uint64_t first_record_number = 0;
  std::uint64_t last_record_number = 0;
  std::uint64_t first_record_id = 0;
  std::uint64_t last_record_id = 0;
  std::uint32_t header_size = 0;
  std::uint32_t last_record_offset = 0;
  std::uint32_t free_space_offset = 0;
  std::uint32_t data_checksum = 0;
  std::uint32_t flags = 0;
  std::uint32_t header_checksum = 0;
  bool header_checksum_ok = false;  ///< CRC32 of bytes 0-120 and 128-512
  bool data_checksum_ok = false;    ///< CRC32 of the record data (512 .. free space offset)
};

/// Parse a chunk header from a whole 64 KiB chunk. Fails with kParse when the signature is
/// wrong or the chunk is short; checksum mismatches are reported in the result, not fatal.
Result<ChunkHeader> parse_chunk_header(std::span<const std::byte> chunk);

/// Something wrong in a file that did not stop the reader.
struct Diagnostic {
  std::uint64_t chunk = 0;   ///< chunk index (0-based)
  std::uint64_t offset = 0;  ///< file offset of the problem
  std::string message;
};

/// How to read.
struct ReadOptions {
  bool recover = false;  ///< also scan chunk slack (after the free-space offset) for records
  unsigned threads = 1;  ///< worker threads for read_evtx_rendered (1 = calling thread only)
  /// Build each Event's XML nodes (Event::xml()). Without them, records whose template allows
  /// it get System and data fields straight from their values, which is faster; everything
  /// else about the Event is the same.
  bool xml = true;
};

/// What a read found, besides the records.
struct ReadStats {
  FileHeader header;
  bool header_ok = false;            ///< the file header signature was found
  std::uint64_t chunks = 0;          ///< 64 KiB blocks after the file header
  std::uint64_t empty_chunks = 0;    ///< all-zero (unused) blocks
  std::uint64_t bad_chunks = 0;      ///< blocks without the chunk signature that are not empty
  std::uint64_t checksum_errors = 0; ///< chunks whose header or data CRC32 does not match
  std::uint64_t records = 0;         ///< records decoded and delivered (recovered ones included)
  std::uint64_t recovered = 0;       ///< of which found in slack space
  std::uint64_t damaged_records = 0; ///< records found but not decodable
  std::uint64_t diagnostics_dropped = 0;
  std::vector<Diagnostic> diagnostics;  ///< at most limits::kEvtxMaxDiagnostics

  /// Add another file's or chunk's counts (diagnostics are appended up to the cap).
  void merge(const ReadStats& other);
  /// Record a diagnostic (or count it once the cap is reached).
  void add(std::uint64_t chunk, std::uint64_t offset, std::string message);
};

/// Called with each record in record order; return false to stop reading.
using RecordSink = std::function<bool(const events::Event&)>;

/// Read an .evtx file, streaming chunk by chunk (memory stays bounded whatever the size).
/// Fails with kNotFound/kIo when the file cannot be read and kParse when it has neither a file
/// header nor a single chunk; damage inside the file only produces diagnostics in ReadStats.
Result<ReadStats> read_evtx(const std::filesystem::path& path, const ReadOptions& options, const RecordSink& sink);

/// Same over bytes in memory (tests, fuzzing). `name` is set as Event::file.
Result<ReadStats> read_evtx(std::span<const std::byte> data, const ReadOptions& options, const RecordSink& sink,
                            std::string_view name = {});

/// Renders one record into text; called on worker threads, so it must be thread-safe.
using RenderFn = std::function<void(const events::Event&, std::string& out)>;
/// Receives rendered text in record order on the calling thread; return false to stop.
using WriteFn = std::function<bool(std::string_view text)>;
/// Called after each chunk with the bytes consumed so far (progress display); may be empty.
using ProgressFn = std::function<void(std::uint64_t bytes_done)>;

/// Read a file with options.threads workers: chunks are decoded and rendered in parallel and
/// written in record order. Memory is bounded by a window of chunks per thread. Fails like
/// read_evtx.
Result<ReadStats> read_evtx_rendered(const std::filesystem::path& path, const ReadOptions& options,
                                     const RenderFn& render, const WriteFn& write, const ProgressFn& progress = {});

}  // namespace temper::evtx
