#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Builds a large .evtx for benchmarks by concatenating the valid 64 KiB chunks of every corpus
# file, cyclically, behind one file header, until the target size:
#   bench/make_big_evtx.py OUT.evtx SIZE_MIB [CORPUS_DIR_OR_FILE...]
# Chunks are copied byte for byte (each keeps its own string/template tables, so every record
# stays decodable). The header is taken from the first corpus file; its chunk count (16 bits)
# and last-chunk number are patched (saturating at 0xFFFF) and its CRC32 recomputed. Record ids
# repeat across cycles, which readers do not care about.
import os, struct, sys, zlib

CHUNK = 65536


def chunks_of(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"ElfFile\0":
        return
    for off in range(4096, len(data) - CHUNK + 1, CHUNK):
        c = data[off:off + CHUNK]
        if c[:8] == b"ElfChnk\0":
            yield c


def main():
    out, size_mib = sys.argv[1], int(sys.argv[2])
    sources = sys.argv[3:] or [os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpora", "evtx")]
    files = []
    for src in sources:
        if os.path.isdir(src):
            files += sorted(os.path.join(r, n) for r, _, ns in os.walk(src) for n in ns if n.endswith(".evtx"))
        else:
            files.append(src)
    pool = [c for f in files for c in chunks_of(f)]
    with open(files[0], "rb") as f:
        header = bytearray(f.read(4096))
    target = size_mib * 1024 * 1024
    n = max(1, (target - 4096) // CHUNK)
    struct.pack_into("<Q", header, 16, min(n - 1, 0xFFFF))
    struct.pack_into("<H", header, 42, min(n, 0xFFFF))
    struct.pack_into("<I", header, 120, 0)  # clean, not full
    struct.pack_into("<I", header, 124, zlib.crc32(bytes(header[:120])) & 0xFFFFFFFF)
    with open(out, "wb") as f:
        f.write(header)
        for i in range(n):
            f.write(pool[i % len(pool)])
    print(f"{out}: {4096 + n * CHUNK} bytes, {n} chunks from a pool of {len(pool)} chunks in {len(files)} files")


if __name__ == "__main__":
    main()
