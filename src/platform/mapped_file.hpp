// SPDX-License-Identifier: Apache-2.0
// A whole file mapped read-only into memory (mmap, MapViewOfFile): read without a copy, its pages loaded
// as they are touched. Used for the rule cache's files, which are only ever replaced by rename.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>

#include "core/error.hpp"

namespace temper::platform {

class MappedFile {
 public:
  /// Map `path` whole. Fails with kNotFound when it does not exist and kIo when it cannot be opened or
  /// mapped; an empty file gives empty bytes. The file must not be truncated while mapped.
  static Result<MappedFile> open(const std::filesystem::path& path);

  MappedFile(MappedFile&& other) noexcept : data_(other.data_), size_(other.size_) {
    other.data_ = nullptr;
    other.size_ = 0;
  }
  MappedFile& operator=(MappedFile&& other) noexcept {
    if (this != &other) {
      unmap();
      data_ = other.data_;
      size_ = other.size_;
      other.data_ = nullptr;
      other.size_ = 0;
    }
    return *this;
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile() { unmap(); }

  [[nodiscard]] std::span<const std::byte> bytes() const { return {static_cast<const std::byte*>(data_), size_}; }

 private:
  MappedFile(void* data, std::size_t size) : data_(data), size_(size) {}
  void unmap();  ///< platform code: releases the view, leaves the object empty
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace temper::platform
