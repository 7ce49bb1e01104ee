// SPDX-License-Identifier: Apache-2.0
// What the end-to-end tests of the temper executable share: running it with its output captured.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace temper::cli_support {

/// The made-up secrets of tests/data/iis/secrets-bundle (tests/data/README.md): no output may hold one.
inline const std::vector<std::string> kSecretsBundleSecrets = {
    "Pl41n-P00l-Pass", "RW5jcnlwdGVkUG9vbFBhc3M", "Vd1r-UNC-Pass", "An0n-User-Pass", "U2Vzc2lvbktleVNlY3JldDAx",
    "C0mment-Sa-Pass", "C0mment-Rep-Pwd", "C0FFEE00C0FFEE00", "Sh0p-Db-Pass", "QmxvYkFjY291bnRLZXlTZWNyZXQ",
    "pk_live_AppSettingSecret42", "V4lue-Conn-Pass", "5A7B9C1D3E5F7081", "DEC0DE11DEC0DE22", "Imp3rsonate-Pass",
    "Adm1n-Clear-Pass", "Smtp-N3t-Pass", "VG9rZW5FbmNyeXB0ZWRCbG9i", "UnNhV3JhcHBlZEtleUNpcGhlcg",
    "Q29ubmVjdGlvblN0cmluZ3NDaXBoZXI", "VmFsaWRhdGlvbktleUJsb2I", "St4te-Sql-Pass"};

/// A whole file's bytes ("" when it cannot be read).
inline std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Single-quoted for /bin/sh, so paths with spaces pass as one argument.
inline std::string shell_quote(const std::string& arg) {
  std::string q = "'";
  for (const char c : arg) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

/// A new empty folder for the running test: <tmp>/<prefix><pid>-<test name>.
inline std::filesystem::path make_scratch(const std::string& prefix) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    (prefix + std::to_string(::getpid()) + "-" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// One run of the binary: its exit code and everything it wrote.
struct Run {
  int code = -1;
  std::string out;
  std::string err;
};

/// `temper <args...>` with stdout and stderr captured through files in `scratch` (so both are
/// files, not terminals, as when a user redirects the output).
inline Run run_temper(const std::vector<std::string>& args, const std::filesystem::path& scratch) {
  std::string command = shell_quote(TEMPER_BINARY);
  for (const std::string& a : args) command += " " + shell_quote(a);
  const std::filesystem::path out = scratch / "stdout.txt";
  const std::filesystem::path err = scratch / "stderr.txt";
  command += " >" + shell_quote(out.string()) + " 2>" + shell_quote(err.string());
  const int status = std::system(command.c_str());
  return Run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_all(out), read_all(err)};
}

}  // namespace temper::cli_support
