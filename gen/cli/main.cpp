// bitforge: generate, verify, simulate and size bit-level quantized DNN accelerator blocks.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "core/errors.hpp"
#include "core/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"bitforge: generator of verified RTL for bit-level quantized DNN accelerators"};
  app.set_version_flag("--version", bf::kGeneratorVersion);
  app.require_subcommand(1);

  bool list_json = false;
  auto* list = app.add_subcommand("list", "every block with its parameters");
  list->add_flag("--json", list_json, "machine-readable output");

  std::string config, out_dir, trace, input, output, liberty, json_out;
  int count = 0;
  std::string seed;

  auto* gen = app.add_subcommand("gen", "write the RTL of one configured block into a directory");
  gen->add_option("config", config, "config JSON")->required();
  gen->add_option("-o,--out", out_dir, "output directory")->required();

  auto* verify = app.add_subcommand("verify", "build the Verilator model and check it cycle by cycle");
  verify->add_option("config", config, "config JSON")->required();
  verify->add_option("--seed", seed, "random seed (default: a fresh one, printed)");
  verify->add_option("--count", count, "random jobs after the fixed ones (default: the block's)")
      ->check(CLI::Range(1, 100000000));
  verify->add_option("--trace", trace, "write a VCD waveform to this file");

  auto* sim = app.add_subcommand("sim", "run the generated RTL on your data and compare with the golden model");
  sim->add_option("config", config, "config JSON")->required();
  sim->add_option("--input", input, "input JSON")->required();
  sim->add_option("--output", output, "output JSON (default: standard output)");
  sim->add_option("--trace", trace, "write a VCD waveform to this file");

  auto* area = app.add_subcommand("area", "synthesize with Yosys and report area, cells and logic depth");
  area->add_option("config", config, "config JSON")->required();
  area->add_option("--liberty", liberty, "liberty file (default: Debian's osu018)");
  area->add_option("--json", json_out, "also write the report as JSON");

  auto* lint = app.add_subcommand("lint", "Verilator -Wall lint, Icarus compile, Yosys latch and netlist checks");
  lint->add_option("config", config, "config JSON")->required();
  bool full_synth = false;
  lint->add_flag("--synth", full_synth, "also run a generic Yosys synthesis (slow on large blocks)");

  auto* model = app.add_subcommand("model", "build the Verilator model shared object into a directory");
  model->add_option("config", config, "config JSON")->required();
  model->add_option("-o,--out", out_dir, "output directory")->required();

  auto* docs = app.add_subcommand("docs", "write the block reference (docs/blocks.md) from the declarations");
  docs->add_option("-o,--out", output, "output file (default: standard output)");

  std::string shape, report;
  int qbits = 4;
  bool qsigned = false, per_channel = false;
  auto* quantize = app.add_subcommand("quantize", "ANT type selection (Algorithm 2) for a float tensor, and its codes");
  quantize->add_option("input", input, "tensor: JSON (nested arrays, or {\"tensor\": ...}) or raw little-endian float32")
      ->required();
  quantize->add_option("--shape", shape, "shape of a raw float32 tensor, e.g. 64,3,3,3");
  quantize->add_option("--bits", qbits, "code width")->check(CLI::Range(2, 16));
  quantize->add_flag("--signed", qsigned, "signed types (weights)");
  quantize->add_flag("--per-channel", per_channel, "one type per output channel (the first dimension), for weights");
  quantize->add_option("--output", output, "write the codes as sim input for an ant_decoder");
  quantize->add_option("--report", report, "write every candidate's scale, alpha and MSE as JSON");

  int wrows = 8, max_k = 0;
  std::string wseed = "1";
  auto* weights = app.add_subcommand("weights", "a TensorFlow.js model's weights as INT8 GEMM sim inputs (docs/weights.md)");
  weights->add_option("model", input, "model.json (weightsManifest and its binary shards)")->required();
  weights->add_option("-o,--out", out_dir, "output directory: one {a, b} file per weight tensor and index.json")
      ->required();
  weights->add_option("--rows", wrows, "rows M of the synthetic activations A (default 8)")->check(CLI::Range(1, 65536));
  weights->add_option("--seed", wseed, "activation seed (default 1)");
  weights->add_option("--max-k", max_k, "keep only the first K rows of each B (default: all)")
      ->check(CLI::Range(1, 1 << 30));

  auto* aqs = app.add_subcommand("aqs", "Panacea AQS-GEMM of integer W, X: the exact product and the Table I workloads");
  aqs->add_option("input", input,
                  "{\"w\": M x K, \"x\": K x N (0..255), \"zero_point\": z, \"dbs_type\": 1..3, \"k_w\", \"v\", \"rle_bits\"}")
      ->required();
  aqs->add_option("--output", output, "write the result JSON here (default: standard output)");

  auto* demo = app.add_subcommand("demo", "generate, verify and size the default design");
  out_dir = "bitforge-demo";
  demo->add_option("-o,--out", out_dir, "where the generated RTL goes (default: ./bitforge-demo)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "bitforge: %s (see bitforge --help)\n", e.what());
    return 2;
  }

  try {
    if (*list) return bf::cli::cmd_list(list_json);
    if (*gen) return bf::cli::cmd_gen(config, out_dir);
    if (*verify) return bf::cli::cmd_verify(config, seed, count, trace);
    if (*sim) return bf::cli::cmd_sim(config, input, output, trace);
    if (*area) return bf::cli::cmd_area(config, liberty, json_out);
    if (*lint) return bf::cli::cmd_lint(config, full_synth);
    if (*model) return bf::cli::cmd_model(config, out_dir);
    if (*docs) return bf::cli::cmd_docs(output);
    if (*demo) return bf::cli::cmd_demo(out_dir);
    if (*quantize) return bf::cli::cmd_quantize(input, shape, qbits, qsigned, per_channel, output, report);
    if (*aqs) return bf::cli::cmd_aqs(input, output);
    if (*weights) return bf::cli::cmd_weights(input, out_dir, wrows, wseed, max_k);
  } catch (const bf::InputError& e) {
    std::fprintf(stderr, "bitforge: %s\n", e.what());
    return 2;
  } catch (const bf::ToolError& e) {
    std::fprintf(stderr, "bitforge: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bitforge: internal error: %s\n", e.what());
    return 1;
  }
  return 2;
}
