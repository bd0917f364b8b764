// What the commands write: never over their input (by any name), never half a file under
// the output's name, and never a lost write reported as success.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "cli.hpp"

using chainrule::testing::run_chainrule;
using chainrule::testing::slurp;
using chainrule::testing::temp_file;

namespace {

// x = 2, E = x², --lr 0.25: each step sets x to x − 0.25·2x = x/2, so the loss before step
// k+1 is (2/2^k)² = 4^(1−k): 4, 1, 0.25, 0.0625, ... (by hand).
const std::string kHalving = "x = 2\nE = x * x\n";
const std::string kTrain = " --loss E --wrt x --lr 0.25 ";

std::string folder_of(const std::string& path) {
  return std::filesystem::path(path).parent_path().string();
}

}  // namespace

TEST_CASE("an output that is the input, by any name, is refused before anything is written") {
  const std::string file = temp_file(kHalving);
  const std::string name = std::filesystem::path(file).filename().string();
  const std::string folder = folder_of(file);
  const std::string link = file + ".symlink", hard = file + ".hardlink";
  std::filesystem::create_symlink(file, link);
  std::filesystem::create_hard_link(file, hard);
  // The same file as FILE: by its own name, relative with ./, absolute, through a symbolic
  // link, and as a hard link (same device and inode, another name).
  for (const std::string& out : {file, folder + "/./" + name, link, hard}) {
    auto r = run_chainrule("train " + file + kTrain + "--steps 2 --csv " + out);
    CHECK(r.status == 2);
    CHECK(r.err == "--csv: '" + out + "' is the input file; refusing to overwrite it\n");
    CHECK(r.out.empty());
    for (const std::string flag : {"--svg", "--png"}) {
      auto dot = run_chainrule("dot " + file + " --of E " + flag + " " + out);
      CHECK(dot.status == 2);
      CHECK(dot.err == flag + ": '" + out + "' is the input file; refusing to overwrite it\n");
    }
  }
  // From the file's folder: FILE is ./NAME and the output NAME.
  const std::string command = "cd '" + folder + "' && '" + CHAINRULE_BINARY + "' train ./" + name +
                              kTrain + "--steps 2 --csv " + name + " >/dev/null 2>/dev/null";
  CHECK(WEXITSTATUS(std::system(command.c_str())) == 2);
  auto stdin_file = run_chainrule("train -" + kTrain + "--steps 2 --csv " + file + " < " + file);
  CHECK(stdin_file.err == "--csv: '" + file + "' is the input file; refusing to overwrite it\n");
  CHECK(slurp(file) == kHalving);
  auto directory = run_chainrule("train " + file + kTrain + "--steps 2 --csv /tmp");
  CHECK(directory.err == "--csv: '/tmp' is a directory\n");
  std::filesystem::remove(link);
  std::filesystem::remove(hard);
}

TEST_CASE("--csv is written whole: rows for every step, no temporary file left beside it") {
  const std::string file = temp_file(kHalving);
  const std::string csv = temp_file("an older run\n", ".csv");
  auto r = run_chainrule("train " + file + kTrain + "--steps 3 --csv " + csv);
  CHECK(r.status == 0);
  CHECK(slurp(csv) == "step,loss\n0,4\n1,1\n2,0.25\n3,0.0625\n");
  const std::string temporary =
      "." + std::filesystem::path(csv).filename().string() + ".chainrule-";
  for (const auto& entry : std::filesystem::directory_iterator(folder_of(csv)))
    CHECK(entry.path().filename().string().rfind(temporary, 0) == std::string::npos);
  // A --csv whose folder does not exist: nothing is trained.
  auto nowhere = run_chainrule("train " + file + kTrain + "--steps 3 --csv /nonexistent/x.csv");
  CHECK(nowhere.status == 2);
  CHECK(nowhere.err == "--csv: cannot write '/nonexistent/x.csv': No such file or directory\n");
}

TEST_CASE("write errors exit 2: a full --csv device, a full standard output") {
  const std::string file = temp_file(kHalving);
  // /dev/full fails every write with ENOSPC.
  auto csv = run_chainrule("train " + file + kTrain + "--steps 3 --csv /dev/full");
  CHECK(csv.status == 2);
  CHECK(csv.err == "--csv: cannot write '/dev/full': No space left on device\n");
  for (const std::string& command : {"eval " + file, "check " + file, "grad " + file + " --of E",
                                     "dot " + file, std::string("network 2-2-1")}) {
    auto out = run_chainrule(command + " > /dev/full");
    CHECK(out.status == 2);
    CHECK(out.err == "chainrule: error: cannot write standard output: No space left on device\n");
  }
  // A FIFO nobody reads: an error at once (ENXIO from a non-blocking open), not a wait.
  const std::string fifo = temp_file("", ".fifo");
  std::filesystem::remove(fifo);
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto unread = run_chainrule("--version >/dev/null; timeout 10 '" CHAINRULE_BINARY "' train " +
                              file + kTrain + "--steps 3 --csv " + fifo);
  CHECK(unread.status == 2);
  CHECK(unread.err == "--csv: cannot write '" + fifo + "': No such device or address\n");
  std::filesystem::remove(fifo);
  // /dev/null takes everything: a device is written in place, not replaced by a rename.
  CHECK(run_chainrule("train " + file + kTrain + "--steps 3 --csv /dev/null").status == 0);
  CHECK(std::filesystem::is_character_file("/dev/null"));
}

// Runs chainrule ARGS with SIGINT at its default (whatever this test inherited: a background
// job starts with SIGINT ignored), output discarded; returns its process id.
pid_t start_chainrule(std::vector<std::string> args) {
  const pid_t child = ::fork();
  if (child != 0) return child;
  std::signal(SIGINT, SIG_DFL);
  const int null = ::open("/dev/null", O_WRONLY);
  ::dup2(null, STDOUT_FILENO);
  ::dup2(null, STDERR_FILENO);
  std::vector<char*> argv{const_cast<char*>("chainrule")};
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(CHAINRULE_BINARY, argv.data());
  ::_exit(127);
}

// Waits up to 30 s for `child` to end (then kills it, so a broken build cannot hang the test).
int wait_for(pid_t child) {
  int status = 0;
  for (int k = 0; k < 300; ++k) {
    if (::waitpid(child, &status, WNOHANG) == child) return status;
    ::usleep(100'000);
  }
  ::kill(child, SIGKILL);
  ::waitpid(child, &status, 0);
  return status;
}

TEST_CASE("Ctrl-C during train keeps the --csv rows of the steps already run") {
  const std::string file = temp_file(kHalving);
  const std::string csv = temp_file("", ".csv");
  std::filesystem::remove(csv);
  const pid_t child =
      start_chainrule({"train", file, "--loss", "E", "--wrt", "x", "--lr", "0.25", "--steps",
                       "1000000000", "--every", "1000000000", "--csv", csv});
  ::sleep(2);  // some thousands of steps
  ::kill(child, SIGINT);
  const int status = wait_for(child);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGINT);  // it dies of the signal, as an interrupted program does
  const std::string rows = slurp(csv);
  REQUIRE(rows.size() > 40);
  CHECK(rows.rfind("step,loss\n0,4\n1,1\n2,0.25\n3,0.0625\n", 0) == 0);
  CHECK(rows.back() == '\n');  // each row is written by one write(2): no half row
  std::filesystem::remove(csv);
}
