// SPDX-License-Identifier: Apache-2.0
// Every cap on hostile input, in one place (like YARA's include/yara/limits.h).
#pragma once

#include <cstddef>
#include <cstdint>

namespace temper::limits {

/// Largest file any reader loads whole (content YAML, snapshot JSON, config files, exports).
inline constexpr std::uint64_t kMaxDocumentBytes = 256ull * 1024 * 1024;
/// Largest snapshot file `temper audit` reads (read and converted as it parses, not whole; a
/// 10,000-site hosting server's snapshot is about 1 GB).
inline constexpr std::uint64_t kMaxSnapshotBytes = 16ull * 1024 * 1024 * 1024;
/// Deepest nesting accepted in JSON, YAML and XML documents.
inline constexpr std::size_t kMaxNestingDepth = 256;
/// Values (scalars, objects, arrays) in one NDJSON line: bounds the memory a hostile line takes
/// (real events hold hundreds).
inline constexpr std::size_t kMaxNdjsonValues = 262'144;
/// Most IIS configuration files resolved for one server.
inline constexpr std::size_t kMaxIisConfigFiles = 200000;
/// Section contributions (a section in a file or <location>) one IIS resolution reads.
inline constexpr std::size_t kMaxIisContributions = 4000000;
/// Most principals (SIDs) in one user-right assignment.
inline constexpr std::size_t kMaxRightHolders = 65536;
/// Most diagnostics the content loader collects before it stops reading.
inline constexpr std::size_t kMaxDiagnostics = 1000;
/// Deepest node or expression tree of one compiled detection rule read back from the rule cache
/// (detect/rule_codec.hpp); the compilers stay far below it, as conditions nest at most kMaxNestingDepth.
inline constexpr std::size_t kMaxCompiledRuleDepth = 4 * kMaxNestingDepth;
/// Longest string a regular expression in content may be.
inline constexpr std::size_t kMaxPatternLength = 4096;

// Offline import (src/collect/offline): exported artifacts and GPO backups.
/// Most lines a text export (INF, .reg, CSV) may have.
inline constexpr std::size_t kMaxTextLines = 2'000'000;
/// Longest logical line (after .reg continuations) or CSV record a reader accepts.
inline constexpr std::size_t kMaxLineBytes = 4ull * 1024 * 1024;
/// Most fields in one CSV record.
inline constexpr std::size_t kMaxCsvFields = 256;
/// Most entries read from one registry.pol (PReg) file.
inline constexpr std::size_t kMaxPolEntries = 200'000;
/// Candidate offsets tried when resynchronising after a damaged registry.pol entry.
inline constexpr std::size_t kMaxPolResyncAttempts = 4096;
/// Longest key path or value name (in UTF-16 code units) in registry.pol and .reg files.
inline constexpr std::size_t kMaxRegNameUnits = 32'768;
/// Largest registry value data a reader keeps (registry.pol size field, .reg hex lists).
inline constexpr std::size_t kMaxRegDataBytes = 16ull * 1024 * 1024;
/// Most diagnostics one reader records for one file (one more says the rest were dropped).
inline constexpr std::size_t kMaxReaderDiagnostics = 200;
/// Most registry/*.reg files imported from one bundle.
inline constexpr std::size_t kMaxBundleRegFiles = 1000;
/// Largest manifest.json of a bundle (a few fields; anything bigger is not a manifest).
inline constexpr std::size_t kMaxManifestBytes = 64 * 1024;
/// Largest GPO manifest (Backup.xml, gpt.ini) read for its extension list; Backup.xml also lists
/// every file of the backup, so real ones reach hundreds of KiB.
inline constexpr std::size_t kMaxGpoManifestBytes = 16ull * 1024 * 1024;
/// Most `[{CSE}{tool}...]` groups in one GPO extension list (Windows has a few dozen CSEs).
inline constexpr std::size_t kMaxGpoExtensions = 1024;

// EVTX (src/evtx). A chunk is 64 KiB, so most caps follow from it; these bound what a hostile
// chunk can make the decoder do (recursion, expansion) rather than what it can make it read.
/// Size of an EVTX chunk (fixed by the format).
inline constexpr std::size_t kEvtxChunkSize = 65536;
/// Most chunks read from one file (2^24 chunks = 1 TiB).
inline constexpr std::uint64_t kEvtxMaxChunks = 1ull << 24;
/// Deepest nesting of template instances and BinXML values inside one record.
inline constexpr std::size_t kEvtxMaxBinXmlDepth = 32;
/// Deepest element nesting inside one BinXML fragment.
inline constexpr std::size_t kEvtxMaxElementDepth = 128;
/// Most templates compiled in one chunk.
inline constexpr std::size_t kEvtxMaxTemplatesPerChunk = 4096;
/// Most XML nodes one record may expand to (template reuse can multiply a chunk's bytes).
inline constexpr std::size_t kEvtxMaxNodesPerRecord = 1u << 18;
/// Most text bytes one record may expand to.
inline constexpr std::size_t kEvtxMaxTextPerRecord = 16u * 1024 * 1024;
/// Most substitution values in one template instance.
inline constexpr std::size_t kEvtxMaxSubstitutions = 8192;
/// Most items rendered from one array substitution.
inline constexpr std::size_t kEvtxMaxArrayItems = 65536;
/// Most diagnostics kept per file (further ones are only counted).
inline constexpr std::size_t kEvtxMaxDiagnostics = 1000;

}  // namespace temper::limits
