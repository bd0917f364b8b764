// chainrule_bench_table: the table of bench/README.md from one run's JSON files, so that every
// figure, ratio and verdict in it comes from the same run. bench/run.sh calls it.
//
//   chainrule_bench_table BENCH.json RSS.jsonl CHECK_HYPERFINE.json TRAIN_HYPERFINE.json
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

// Median and minimum CPU seconds and the counters of each benchmark, by run name.
struct Run {
  double cpu_seconds = 0;
  double min_cpu_seconds = 0;
  json counters;
};

double seconds_per(const std::string& unit) {
  if (unit == "ns") return 1e-9;
  if (unit == "us") return 1e-6;
  if (unit == "ms") return 1e-3;
  return 1;
}

std::map<std::string, Run> read_runs(const json& report) {
  std::map<std::string, Run> runs;
  for (const json& b : report["benchmarks"]) {
    const std::string aggregate = b.value("aggregate_name", "");
    const bool single = b.value("run_type", "") == "iteration" && b.value("repetitions", 1) <= 1;
    if (aggregate != "median" && aggregate != "min" && !single) continue;
    Run& run = runs[b["run_name"].get<std::string>()];
    const double seconds = b["cpu_time"].get<double>() * seconds_per(b["time_unit"]);
    if (aggregate != "min") {
      run.cpu_seconds = seconds;
      run.counters = b;
    }
    if (aggregate != "median") run.min_cpu_seconds = seconds;
  }
  return runs;
}

std::string fixed(double x, int decimals) {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(decimals);
  out << x;
  return out.str();
}

// Three significant digits or so, in the unit that keeps the number readable.
std::string duration(double seconds) {
  const auto three = [](double x) { return fixed(x, x < 10 ? 2 : (x < 100 ? 1 : 0)); };
  if (seconds < 1e-3) return three(seconds * 1e6) + " µs";
  if (seconds < 1) return three(seconds * 1e3) + " ms";
  return three(seconds) + " s";
}

// 10002089 -> "10,002,089".
std::string grouped(long n) {
  std::string digits = std::to_string(n);
  for (auto at = static_cast<long>(digits.size()) - 3; at > 0; at -= 3) digits.insert(at, ",");
  return digits;
}

std::string times(double ratio) { return fixed(ratio, ratio < 10 ? 2 : 1) + "×"; }

// "met" or "missed by F×" where F is how much faster (or smaller) it must become.
std::string verdict(double value, double target, const std::string& shown) {
  if (value <= target) return "**met** (" + shown + ")";
  return "**missed** by " + times(value / target) + " (" + shown + ")";
}

void row(const std::vector<std::string>& cells) {
  std::cout << "|";
  for (const auto& c : cells) std::cout << " " << c << " |";
  std::cout << "\n";
}

struct Variant {
  std::string key, label;
  double target;  // at most this × hand-written at B = 100; 0 for none
};

const std::vector<long> kBatches = {10, 100, 1000};

// Ratios are to the `base` variant at the same B: hand-written backprop, or at 50 digits also
// the in-place MPFR one (bench/mpfr_hand.cpp).
void workload_rows(const std::map<std::string, Run>& runs, const std::string& type,
                   const std::vector<Variant>& variants, const std::string& base = "hand",
                   const std::string& base_label = "hand-written backprop (the limit)") {
  const auto at = [&](const std::string& variant, long b) -> const Run* {
    auto found = runs.find("workload/" + type + "/" + variant + "/B:" + std::to_string(b));
    return found == runs.end() ? nullptr : &found->second;
  };
  std::vector<std::string> hand_times;
  for (long b : kBatches)
    if (const Run* h = at(base, b)) hand_times.push_back(duration(h->cpu_seconds));
  if (hand_times.empty()) return;
  std::string joined;
  for (const auto& t : hand_times) joined += (joined.empty() ? "" : " · ") + t;
  row({type + ", " + base_label, joined, "1×", "—", "—"});
  for (const Variant& v : variants) {
    std::string values, ratios, min_ratios;
    double ratio100 = 0;
    for (long b : kBatches) {
      const Run* r = at(v.key, b);
      const Run* h = at(base, b);
      if (!r || !h) continue;
      const double ratio = r->cpu_seconds / h->cpu_seconds;
      if (b == 100) ratio100 = ratio;
      values += (values.empty() ? "" : " · ") + duration(r->cpu_seconds);
      ratios += (ratios.empty() ? "" : " · ") + times(ratio);
      min_ratios +=
          (min_ratios.empty() ? "" : " · ") + times(r->min_cpu_seconds / h->min_cpu_seconds);
    }
    ratios += "<br>minima: " + min_ratios;
    if (values.empty()) continue;
    const bool has_target = v.target > 0 && ratio100 > 0;
    row({type + ", " + v.label, values, ratios, has_target ? "≤ " + times(v.target) : "—",
         has_target ? verdict(ratio100, v.target, times(ratio100) + " at B = 100") : "—"});
  }
}

void memory_rows(const std::map<std::string, Run>& runs) {
  const std::vector<std::pair<std::string, std::string>> kinds = {
      {"double/chainrule_build_sweep", "double, tape grown by push_back"},
      {"double/chainrule_build_sweep_reserved", "double, tape reserved"},
      {"mpfr50/chainrule_build_sweep_reserved", "mpfr50, tape reserved"},
      {"bin50/chainrule_build_sweep_reserved", "bin50, tape reserved"}};
  for (const auto& [key, label] : kinds) {
    auto found = runs.find("workload/" + key + "/B:100");
    if (found == runs.end()) continue;
    const double heap = found->second.counters.value("heap_bytes_per_node", 0.0);
    const double elements = found->second.counters.value("element_bytes_per_node", 0.0);
    const bool is_double = label.rfind("double", 0) == 0;
    row({"heap bytes per node after build + sweep, " + label + " (B = 100)",
         fixed(heap, 1) + " B (element types alone: " + fixed(elements, 0) + " B)", "—",
         is_double ? "≤ 32 B" : "—", is_double ? verdict(heap, 32, fixed(heap, 1) + " B") : "—"});
  }
  // A Dot node stores its operand list, so bytes per node say little; per multiply-add term
  // (which takes two nodes, 52 B, with + and *) is the comparable figure.
  for (const char* type : {"double", "mpfr50"}) {
    auto found = runs.find("workload/" + std::string(type) + "/chainrule_dot_build_sweep/B:100");
    if (found == runs.end()) continue;
    const auto& counters = found->second.counters;
    row({"heap bytes after build + sweep, " + std::string(type) +
             ", one Dot node per neuron (B = 100)",
         fixed(counters.value("heap_bytes_per_node", 0.0), 1) + " B per node, " +
             fixed(counters.value("heap_bytes_per_term", 0.0), 1) + " B per w·x term",
         "—", "—", "—"});
  }
}

void peak_rss_rows(std::istream& lines) {
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    const json r = json::parse(line);
    const double per_node = r["bytes_per_node"].get<double>();
    const double mib = r["peak_rss_bytes"].get<double>() / (1024.0 * 1024.0);
    row({"peak RSS, " + grouped(r["nodes"].get<long>()) + "-node graph built + swept, " +
             r["type"].get<std::string>() + (r["reserve"].get<bool>() ? ", reserved" : ""),
         fixed(mib, 0) + " MiB = " + fixed(per_node, 1) + " B per node over the baseline", "—",
         "≤ 32 B", verdict(per_node, 32, fixed(per_node, 1) + " B")});
  }
}

void scaling_rows(const std::map<std::string, Run>& runs) {
  const std::vector<std::pair<std::string, std::string>> variants = {
      {"hand", "hand-written"},
      {"chainrule_build_sweep", "chainrule build + sweep"},
      {"chainrule_reevaluate_sweep", "chainrule re-evaluate + sweep"}};
  for (const auto& [key, label] : variants) {
    std::string values, ratios;
    double smallest = 0, largest = 0;
    for (long n = 1000; n <= 10'000'000; n *= 10) {
      const std::string suffix = "/nodes:" + std::to_string(n);
      auto found = runs.find("scaling/double/" + key + suffix);
      auto hand = runs.find("scaling/double/hand" + suffix);
      if (found == runs.end() || hand == runs.end()) continue;
      const double ns = found->second.counters.value("ns_per_node", 0.0);
      const double hand_ns = hand->second.counters.value("ns_per_node", 0.0);
      values += (values.empty() ? "" : " · ") + fixed(ns, ns < 10 ? 2 : 1);
      ratios += (ratios.empty() ? "" : " · ") + times(ns / hand_ns);
      if (smallest == 0) smallest = ns;
      largest = ns;
    }
    if (values.empty()) continue;
    row({"scaling, ns per node at 10³ · 10⁴ · 10⁵ · 10⁶ · 10⁷ nodes, " + label, values, ratios,
         "flat", "×" + fixed(largest / smallest, 2) + " from 10³ to 10⁷ nodes"});
  }
}

void command_row(const std::string& path, const std::string& label, double target_seconds) {
  std::ifstream in(path);
  if (!in) return;
  const json r = json::parse(in)["results"][0];
  const double wall = r["mean"].get<double>(), stddev = r["stddev"].get<double>();
  const double cpu = r["user"].get<double>() + r["system"].get<double>();
  row({label,
       duration(cpu) + " CPU (user + sys); wall " + duration(wall) + " ± " + duration(stddev), "—",
       "< " + duration(target_seconds), verdict(cpu, target_seconds, duration(cpu) + " CPU")});
}

void machine(const json& context) {
  std::cout << "Machine: " << context.value("cpu_model", "?") << ", nproc "
            << context.value("num_cpus", 0) << ", " << context.value("mhz_per_cpu", 0)
            << " MHz; L2 " << context["caches"][2].value("size", 0) / 1024 << " KiB, L3 "
            << context["caches"][3].value("size", 0) / (1024 * 1024) << " MiB; g++ "
            << context.value("compiler", "?") << " -O3; load average at the start "
            << fixed(context["load_avg"][0].get<double>(), 1) << " (the machine is shared); run "
            << context.value("date", "?") << ".\n\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: chainrule_bench_table BENCH.json RSS.jsonl CHECK.json TRAIN.json\n";
    return 2;
  }
  std::ifstream bench_file(argv[1]);
  const json report = json::parse(bench_file);
  const auto runs = read_runs(report);
  machine(report["context"]);
  row({"figure", "value (times: median CPU time per gradient at B = 10 · 100 · 1000)",
       "× hand-written: medians; minima", "target", "verdict (medians)"});
  row({"---", "---", "---", "---", "---"});
  // Binary nodes are what derivation files compile to; one Dot node per neuron is how code that
  // builds a network for speed uses the engine (Tape::dot). Both are judged against the targets.
  workload_rows(
      runs, "double",
      {{"chainrule_dot_build_sweep", "chainrule build + sweep, one Dot node per neuron", 5},
       {"chainrule_dot_rebuild_sweep", "chainrule rebuild (cleared tape) + sweep, Dot nodes", 5},
       {"chainrule_dot_reevaluate_sweep", "chainrule re-evaluate + sweep, Dot nodes", 3},
       {"chainrule_build_sweep", "chainrule build + sweep, one node per + and *", 5},
       {"chainrule_build_sweep_reserved", "chainrule build (tape reserved) + sweep, + and * nodes",
        5},
       {"chainrule_reevaluate_sweep", "chainrule re-evaluate + sweep, + and * nodes", 3},
       {"chainrule_rebuild_sweep", "chainrule rebuild (cleared tape) + sweep, + and * nodes", 6},
       {"chainrule_rebuild_new_shape_sweep",
        "chainrule rebuild (cleared tape) + sweep, + and * nodes, each build unlike the last", 0},
       {"adolc_retape", "ADOL-C re-tape + reverse (issue: ~20×)", 0},
       {"adolc_reuse", "ADOL-C one tape, forward + reverse (issue: ~6×)", 0}});
  const std::vector<Variant> wide = {
      {"chainrule_dot_build_sweep", "chainrule build + sweep, one Dot node per neuron", 1.5},
      {"chainrule_dot_rebuild_sweep", "chainrule rebuild (cleared tape) + sweep, Dot nodes", 1.5},
      {"chainrule_dot_reevaluate_sweep", "chainrule re-evaluate + sweep, Dot nodes", 1.2},
      {"chainrule_build_sweep", "chainrule build + sweep, one node per + and *", 1.5},
      {"chainrule_build_sweep_reserved", "chainrule build (tape reserved) + sweep, + and * nodes",
       1.5},
      {"chainrule_reevaluate_sweep", "chainrule re-evaluate + sweep, + and * nodes", 1.2}};
  workload_rows(runs, "mpfr50", wide);
  // Issue 12's 50-digit targets, against hand-written code without temporaries.
  workload_rows(
      runs, "mpfr50",
      {{"chainrule_dot_reevaluate_sweep", "chainrule re-evaluate + sweep, Dot nodes", 1.1},
       {"chainrule_reevaluate_sweep", "chainrule re-evaluate + sweep, + and * nodes", 1.3}},
      "hand_mpfr_in_place", "hand-written, MPFR's C API in place (the stronger limit)");
  std::vector<Variant> bin50 = wide;
  for (Variant& v : bin50) v.target = 0;  // the issue sets the 50-digit targets for MPFR
  workload_rows(runs, "bin50", bin50);
  memory_rows(runs);
  std::ifstream rss(argv[2]);
  peak_rss_rows(rss);
  scaling_rows(runs);
  command_row(argv[3], "`chainrule check` tutorial A at 50 digits, whole process", 10e-3);
  command_row(argv[4], "`chainrule train` tutorial B (2-2-2), 10,000 steps, 50 digits", 100e-3);
  return 0;
}
