// Files the commands write (train --csv, dot --svg/--png): never the input, never half
// written under their own name, and every write error reported.
#pragma once

#include <string>
#include <string_view>

#include "tools/result.hpp"

namespace chainrule::tools {

// Done when `output` may be written; refused, with the line that says why, when it is the same
// file as the input (same device and inode, links followed; "-" is standard input): "--csv:
// 't.chain' is the input file; refusing to overwrite it", or a directory.
Result<void> check_output_path(const std::string& flag, const std::string& output,
                               const std::string& input);

// A file written beside its destination under a temporary name, renamed into place by
// commit() only when complete; destroyed uncommitted, it is removed. A destination that
// exists and is not a regular file (/dev/null, a pipe) is written directly.
class OutputFile {
 public:
  // The file, or "--csv: cannot write 'OUT': REASON" when it cannot be created.
  static Result<OutputFile> create(const std::string& flag, const std::string& path);
  OutputFile(OutputFile&& other) noexcept;
  OutputFile& operator=(OutputFile&&) = delete;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();

  // Where to write: the temporary file (for a program such as Graphviz's dot, given -o).
  const std::string& writing_path() const { return writing_; }

  // Writes `text` at once (one write(2), no buffer), so a row written is a row on the disk.
  void write(std::string_view text);

  // If the process is interrupted (SIGINT, SIGTERM) before commit, what was written so far
  // is renamed into place first. One file at a time.
  void keep_on_interrupt();

  // Closes the file and renames it into place; "--csv: cannot write 'OUT': REASON" when a
  // write, the close or the rename failed.
  Result<void> commit();

 private:
  OutputFile(std::string flag, std::string shown, std::string target, std::string writing, int fd);
  void discard();

  std::string flag_, shown_;  // for messages: the flag and the path as the user wrote it
  std::string path_;          // the destination, links resolved
  std::string writing_;
  int fd_ = -1;
  int error_ = 0;  // errno of the first failed write
  bool committed_ = false;
};

// Removes the temporary file of an output still being written (for a run that must end at
// once); async-signal-safe.
void remove_unfinished_output();

// Flushes standard output; prints "chainrule: error: cannot write standard output: REASON"
// and returns false when anything written to it was lost (a full disk, /dev/full).
bool standard_output_written();

}  // namespace chainrule::tools
