#include "tools/input_file.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <optional>

namespace chainrule::tools {

namespace {

const std::string kLimit =
    std::to_string(kMaxFileBytes) + " bytes (" + std::to_string(kMaxFileBytes >> 20) + " MiB)";

struct Read {
  std::optional<std::string> text;
  std::string error;  // when there is no text
};

Read failure(std::string why) { return {std::nullopt, std::move(why)}; }

// Reads to the end, or to one byte past the limit; waits for a pipe's writer when the
// descriptor is non-blocking and there is nothing to read yet.
Read read_stream(int fd, bool empty_means_no_writer) {
  std::string text;
  char buffer[65536];
  while (true) {
    const auto n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd wait{fd, POLLIN, 0};
      ::poll(&wait, 1, -1);
      continue;
    }
    if (n < 0) return failure(std::string("cannot read the file: ") + std::strerror(errno));
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > kMaxFileBytes)
      return failure("the input is larger than the limit of " + kLimit);
  }
  if (text.empty() && empty_means_no_writer)
    return failure(
        "is a FIFO with no writer: there is nothing to read (chainrule does not wait "
        "for one)");
  return {std::move(text), ""};
}

Read read_regular(int fd, const struct stat& info) {
  if (static_cast<std::size_t>(info.st_size) > kMaxFileBytes)
    return failure("the file is " + std::to_string(info.st_size) +
                   " bytes, more than the limit of " + kLimit);
  // Read as a stream all the same: the size may change while it is read.
  return read_stream(fd, false);
}

std::optional<std::string> refused_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "is a directory";
  if (S_ISBLK(mode)) return "is a block device";
  if (S_ISSOCK(mode)) return "is a socket";
  if (S_ISREG(mode) || S_ISFIFO(mode) || S_ISCHR(mode)) return std::nullopt;
  return "is not a regular file";
}

bool is_standard_input(const struct stat& info) {
  struct stat in {};
  return ::fstat(STDIN_FILENO, &in) == 0 && in.st_dev == info.st_dev && in.st_ino == info.st_ino;
}

// O_NONBLOCK: opening a FIFO that has no writer would otherwise wait for one forever.
Read read_path(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return failure(std::string("cannot read the file: ") + std::strerror(errno));
  struct stat info {};
  Read result;
  if (::fstat(fd, &info) != 0)
    result = failure(std::string("cannot read the file: ") + std::strerror(errno));
  else if (auto kind = refused_kind(info.st_mode))
    result = failure(*kind + "; only regular files, pipes and standard input ('-') are read");
  else if (S_ISREG(info.st_mode))
    result = read_regular(fd, info);
  else
    result = read_stream(fd, S_ISFIFO(info.st_mode) && !is_standard_input(info));
  ::close(fd);
  return result;
}

// Old Mac files end lines with a CR alone: each becomes '\n', byte for byte, so that columns
// and excerpts stay those of the file. A CR before '\n' (CRLF) is left to the lexer.
void lone_carriage_returns_end_lines(std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) text[i] = '\n';
}

std::map<std::string, std::string>& kept_texts() {
  static std::map<std::string, std::string> texts;
  return texts;
}

}  // namespace

std::string input_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

void provide_input_texts(std::map<std::string, std::string> texts) {
  for (auto& [path, text] : texts) lone_carriage_returns_end_lines(text);
  kept_texts() = std::move(texts);
}

Result<const std::string*> input_text(const std::string& path) {
  auto& texts = kept_texts();
  if (auto known = texts.find(path); known != texts.end()) return &known->second;
  Read read = path == "-" ? read_stream(STDIN_FILENO, false) : read_path(path);
  if (!read.text) return Failure{input_name(path) + ": error: " + read.error + "\n"};
  lone_carriage_returns_end_lines(*read.text);
  return &texts.emplace(path, std::move(*read.text)).first->second;
}

}  // namespace chainrule::tools
