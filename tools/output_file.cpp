#include "tools/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <utility>

namespace chainrule::tools {

namespace {

// The interrupted-run rescue: only async-signal-safe calls (rename, signal, raise) read it.
struct Rescue {
  char from[4096] = {};
  char to[4096] = {};
  volatile std::sig_atomic_t armed = 0;
};
Rescue rescue;

extern "C" void rename_then_die(int signal_number) {
  if (rescue.armed) ::rename(rescue.from, rescue.to);
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

std::string reason(int error) { return std::strerror(error); }

Failure cannot_write(const std::string& flag, const std::string& path, int error) {
  return Failure{flag + ": cannot write '" + path + "': " + reason(error) + "\n"};
}

// Where the temporary file goes: beside the file a symbolic link points to, so that the
// rename replaces that file and not the link.
std::string destination(const std::string& path) {
  std::error_code error;
  const auto resolved = std::filesystem::weakly_canonical(path, error);
  return error ? path : resolved.string();
}

}  // namespace

Result<void> check_output_path(const std::string& flag, const std::string& output,
                               const std::string& input) {
  struct stat out {};
  if (::stat(output.c_str(), &out) != 0) return {};  // a new file: nothing to compare
  if (S_ISDIR(out.st_mode)) return Failure{flag + ": '" + output + "' is a directory\n"};
  struct stat in {};
  const bool have_input =
      input == "-" ? ::fstat(STDIN_FILENO, &in) == 0 : ::stat(input.c_str(), &in) == 0;
  if (have_input && same_file(in, out))
    return Failure{flag + ": '" + output + "' is the input file; refusing to overwrite it\n"};
  return {};
}

OutputFile::OutputFile(std::string flag, std::string shown, std::string target, std::string writing,
                       int fd)
    : flag_(std::move(flag)),
      shown_(std::move(shown)),
      path_(std::move(target)),
      writing_(std::move(writing)),
      fd_(fd) {}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : flag_(std::move(other.flag_)),
      shown_(std::move(other.shown_)),
      path_(std::move(other.path_)),
      writing_(std::move(other.writing_)),
      fd_(std::exchange(other.fd_, -1)),
      error_(other.error_),
      committed_(std::exchange(other.committed_, true)) {}

Result<OutputFile> OutputFile::create(const std::string& flag, const std::string& path) {
  struct stat existing {};
  const bool exists = ::stat(path.c_str(), &existing) == 0;
  if (exists && !S_ISREG(existing.st_mode)) {
    // O_NONBLOCK: a FIFO with no reader is an error (ENXIO) instead of a wait forever; the
    // writes themselves block as usual.
    const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    if (fd < 0) return cannot_write(flag, path, errno);
    OutputFile file(flag, path, path, path, fd);
    file.committed_ = true;  // nothing to rename
    return file;
  }
  const std::string target = destination(path);
  const std::filesystem::path target_path(target);
  std::string pattern =
      (target_path.parent_path() / ("." + target_path.filename().string() + ".chainrule-XXXXXX"))
          .string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) return cannot_write(flag, path, errno);
  // mkstemp makes the file private (0600); the result gets what a new file would get.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, exists ? (existing.st_mode & 07777) : (0666 & ~mask));
  return OutputFile(flag, path, target, pattern, fd);
}

OutputFile::~OutputFile() { discard(); }

void OutputFile::discard() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!committed_) ::unlink(writing_.c_str());
  committed_ = true;
  if (rescue.armed && writing_ == rescue.from) rescue.armed = 0;
}

void OutputFile::write(std::string_view text) {
  while (!text.empty() && error_ == 0) {
    const auto n = ::write(fd_, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = n < 0 ? errno : EIO;
      return;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

void OutputFile::keep_on_interrupt() {
  if (committed_ || writing_.size() >= sizeof rescue.from || path_.size() >= sizeof rescue.to)
    return;
  std::memcpy(rescue.from, writing_.c_str(), writing_.size() + 1);
  std::memcpy(rescue.to, path_.c_str(), path_.size() + 1);
  rescue.armed = 1;
  // A signal the parent ignores (a background job's SIGINT, nohup) stays ignored.
  for (int signal_number : {SIGINT, SIGTERM})
    if (std::signal(signal_number, rename_then_die) == SIG_IGN) std::signal(signal_number, SIG_IGN);
}

Result<void> OutputFile::commit() {
  const bool rename_it = !committed_;
  rescue.armed = 0;
  if (error_ == 0 && ::close(fd_) != 0) error_ = errno;
  fd_ = -1;
  if (error_ == 0 && rename_it && ::rename(writing_.c_str(), path_.c_str()) != 0) error_ = errno;
  if (error_ != 0) {
    discard();
    return cannot_write(flag_, shown_, error_);
  }
  committed_ = true;
  return {};
}

void remove_unfinished_output() {
  if (rescue.armed) ::unlink(rescue.from);
  rescue.armed = 0;
}

bool standard_output_written() {
  errno = 0;
  std::cout.flush();  // synchronized with stdio: this flushes stdout, and may fail
  const bool flushed = std::fflush(stdout) == 0;
  const int error = errno;
  if (flushed && !std::ferror(stdout) && std::cout.good()) return true;
  std::fprintf(stderr, "chainrule: error: cannot write standard output%s%s\n",
               error != 0 ? ": " : "", error != 0 ? std::strerror(error) : "");
  return false;
}

}  // namespace chainrule::tools
