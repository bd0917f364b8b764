// Reading the files the commands are given: regular files, and standard input ("-") or any
// pipe or character device as a stream; both up to the same size limit. Directories, block
// devices and sockets are refused, each by what it is (docs/derivation-files.md).
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "tools/result.hpp"

namespace chainrule::tools {

// Larger inputs are refused with a clear error rather than read into memory.
inline constexpr std::size_t kMaxFileBytes = 64u << 20;

// The name errors give a path: "<stdin>" for "-".
std::string input_name(const std::string& path);

// The text of `path` ("-": standard input), read once per process and then kept: errors quote
// it, explain and its kin parse it again at a raised precision, and standard input can be
// read only once. When it cannot be read, the line "NAME: error: REASON".
Result<const std::string*> input_text(const std::string& path);

// Forgets the texts kept from an earlier run and makes input_text() return these instead of
// reading the file system: a front end without a disk (tools/entry.hpp) runs a command on
// the texts it holds. Names not among them are read as before.
void provide_input_texts(std::map<std::string, std::string> texts);

}  // namespace chainrule::tools
