#include "command_table.hpp"

#include "commands.hpp"

namespace bf::cli {

namespace {

struct ListArgs {
  bool json = false;
};
struct ConfigArgs {
  std::string config;
};
struct OutArgs {
  std::string config, out_dir;
};
struct ModelArgs {
  std::string config, out_dir;
  bool no_trace = false;
};
struct VerifyArgs {
  std::string config, seed, trace;
  int count = 0;
};
struct SimArgs {
  std::string config, input, output, trace;
};
struct AreaArgs {
  std::string config, liberty, json_out;
  bool flatten = false;
  bool plain_map = false;
};
struct LintArgs {
  std::string config;
  bool full_synth = false;
  bool registers = false;
};
struct DocsArgs {
  std::string output;
};
struct QuantizeArgs {
  std::string input, shape, output, report, channel_axis;
  int bits = 4;
  bool is_signed = false, per_channel = false;
};
struct WeightsArgs {
  std::string model, out_dir, seed = "1";
  int rows = 8, max_k = 0;
};
struct AqsArgs {
  std::string input, output;
};
struct DemoArgs {
  std::string out_dir = "bitforge-demo";
};

void config_arg(CLI::App& app, std::string& config) { app.add_option("config", config, "config JSON")->required(); }

Command list_command() {
  return command<ListArgs>(
      "list", "every block with its parameters",
      [](CLI::App& app, ListArgs& a) { app.add_flag("--json", a.json, "machine-readable output"); },
      [](const ListArgs& a) { return cmd_list(a.json); });
}

Command gen_command() {
  return command<OutArgs>(
      "gen", "write the RTL of one configured block into a directory",
      [](CLI::App& app, OutArgs& a) {
        config_arg(app, a.config);
        app.add_option("-o,--out", a.out_dir, "output directory")->required();
      },
      [](const OutArgs& a) { return cmd_gen(a.config, a.out_dir); });
}

Command verify_command() {
  return command<VerifyArgs>(
      "verify", "build the Verilator model and check it cycle by cycle",
      [](CLI::App& app, VerifyArgs& a) {
        config_arg(app, a.config);
        app.add_option("--seed", a.seed, "random seed (default: a fresh one, printed)");
        app.add_option("--count", a.count, "random jobs after the fixed ones (default: the block's)")
            ->check(CLI::Range(1, 100000000));
        app.add_option("--trace", a.trace, "write a VCD waveform to this file");
      },
      [](const VerifyArgs& a) { return cmd_verify(a.config, a.seed, a.count, a.trace); });
}

Command sim_command() {
  return command<SimArgs>(
      "sim", "run the generated RTL on your data and compare with the golden model",
      [](CLI::App& app, SimArgs& a) {
        config_arg(app, a.config);
        app.add_option("--input", a.input, "input JSON")->required();
        app.add_option("--output", a.output, "output JSON (default: standard output)");
        app.add_option("--trace", a.trace, "write a VCD waveform to this file");
      },
      [](const SimArgs& a) { return cmd_sim(a.config, a.input, a.output, a.trace); });
}

Command area_command() {
  return command<AreaArgs>(
      "area", "synthesize with Yosys and report area, cells and logic depth",
      [](CLI::App& app, AreaArgs& a) {
        config_arg(app, a.config);
        app.add_option("--liberty", a.liberty, "liberty file (default: Debian's osu018)");
        app.add_option("--json", a.json_out, "also write the report as JSON");
        app.add_flag("--flatten", a.flatten, "map the flattened design, as ppa does (no per-module breakdown)");
        app.add_flag("--plain-map", a.plain_map, "map for area: no delay target, no fanout repair (as ppa --plain-map)");
      },
      [](const AreaArgs& a) { return cmd_area(a.config, a.liberty, a.json_out, {.timing_driven = !a.plain_map,
                                                                               .flatten = a.flatten}); });
}

Command ppa_command() {
  return command<PpaArgs>(
      "ppa", "area, timing (OpenSTA) and power from the mapped netlist's switching activity on a workload",
      [](CLI::App& app, PpaArgs& a) {
        config_arg(app, a.config);
        app.add_option("--input", a.input, "workload: a sim input JSON (default: the block's verify stimulus)");
        app.add_option("--clock-ns", a.clock_ns, "clock period in ns (default: the critical path, power at Fmax)");
        app.add_option("--liberty", a.liberty, "liberty file (default: Debian's osu018)");
        app.add_option("--json", a.json_out, "also write the report as JSON");
        app.add_flag("--plain-map", a.plain_map, "map without delay target or fanout repair (for comparison)");
        app.add_flag("--keep-hierarchy", a.keep_hierarchy,
                     "map each module on its own, as area does (per-module area; no fanout repair across modules)");
        app.add_flag("--adder-cells", a.adder_cells, "map full and half adders onto the library's adder cells");
        app.add_option("--keep-dir", a.keep_dir, "keep the RTL, netlist and Yosys/OpenSTA files in this new directory");
        app.add_flag("--vectorless", a.vectorless,
                     "skip the netlist simulation: every net at 0.1 transitions per cycle (no post-synthesis check)");
      },
      [](const PpaArgs& a) { return cmd_ppa(a); });
}

Command lint_command() {
  return command<LintArgs>(
      "lint", "Verilator -Wall lint, Icarus compile, Yosys latch and netlist checks",
      [](CLI::App& app, LintArgs& a) {
        config_arg(app, a.config);
        app.add_flag("--synth", a.full_synth, "also run a generic Yosys synthesis (slow on large blocks)");
        app.add_flag("--registers", a.registers, "also list every register per module, with and without reset (the reset policy)");
      },
      [](const LintArgs& a) { return cmd_lint(a.config, a.full_synth, a.registers); });
}

Command model_command() {
  return command<ModelArgs>(
      "model", "build the Verilator model shared object into a directory",
      [](CLI::App& app, ModelArgs& a) {
        config_arg(app, a.config);
        app.add_option("-o,--out", a.out_dir, "output directory")->required();
        app.add_flag("--no-trace", a.no_trace, "leave out the waveform code (builds about a quarter faster)");
      },
      [](const ModelArgs& a) { return cmd_model(a.config, a.out_dir, !a.no_trace); });
}

Command docs_command() {
  return command<DocsArgs>(
      "docs", "write the block reference (docs/blocks.md) from the declarations",
      [](CLI::App& app, DocsArgs& a) {
        app.add_option("-o,--out", a.output, "output file (default: standard output)");
      },
      [](const DocsArgs& a) { return cmd_docs(a.output); });
}

Command quantize_command() {
  return command<QuantizeArgs>(
      "quantize", "ANT type selection (Algorithm 2) for a float tensor, and its codes",
      [](CLI::App& app, QuantizeArgs& a) {
        app.add_option("input", a.input,
                       "tensor: JSON (nested arrays, or {\"tensor\": ...}) or raw little-endian float32")
            ->required();
        app.add_option("--shape", a.shape, "shape of a raw float32 tensor, e.g. 64,3,3,3");
        app.add_option("--bits", a.bits, "code width")->check(CLI::Range(2, 16));
        app.add_flag("--signed", a.is_signed, "signed types (weights)");
        app.add_flag("--per-channel", a.per_channel, "one type per output channel, for weights (needs --channel-axis)");
        app.add_option("--channel-axis", a.channel_axis,
                       "the dimension of the output channels: first (OIHW) or last (Keras/TF.js HWIO, as weights reads)");
        app.add_option("--output", a.output, "write the codes as sim input for an ant_decoder");
        app.add_option("--report", a.report, "write every candidate's scale, alpha and MSE as JSON");
      },
      [](const QuantizeArgs& a) {
        return cmd_quantize(a.input, a.shape, a.bits, a.is_signed, a.per_channel, a.channel_axis, a.output, a.report);
      });
}

Command weights_command() {
  return command<WeightsArgs>(
      "weights", "a TensorFlow.js model's weights as INT8 GEMM sim inputs (docs/weights.md)",
      [](CLI::App& app, WeightsArgs& a) {
        app.add_option("model", a.model, "model.json (weightsManifest and its binary shards)")->required();
        app.add_option("-o,--out", a.out_dir, "output directory: one {a, b} file per weight tensor and index.json")
            ->required();
        app.add_option("--rows", a.rows, "rows M of the synthetic activations A (default 8)")
            ->check(CLI::Range(1, 65536));
        app.add_option("--seed", a.seed, "activation seed (default 1)");
        app.add_option("--max-k", a.max_k, "keep only the first K rows of each B (default: all)")
            ->check(CLI::Range(1, 1 << 30));
      },
      [](const WeightsArgs& a) { return cmd_weights(a.model, a.out_dir, a.rows, a.seed, a.max_k); });
}

Command evaluate_command() {
  return command<EvaluateArgs>(
      "evaluate", "a real network on a real photo through every design's bit-exact path (docs/evaluate.md)",
      [](CLI::App& app, EvaluateArgs& a) {
        app.add_option("model_dir", a.model_dir, "a TF.js layers model: the folder of model.json and its shards")->required();
        app.add_option("image", a.image, "a PNG photo (its centre crop is shrunk by the model's scale)")->required();
        app.add_option("--designs", a.designs, "comma-separated: float, int8, spark, ant, ebsp, panacea (default: all)");
        app.add_option("--crop", a.crop, "centre crop of the photo, pixels per side (default 64)")
            ->check(CLI::Range(2, 4096));
        app.add_option("--scale", a.scale, "the model's enlargement; a model that enlarges by another factor is exit 2")
            ->check(CLI::Range(1, 64));
        app.add_option("--json", a.json_out, "write the report as JSON here");
        app.add_option("--plot", a.plot, "draw PSNR against energy and against area (gnuplot) as .svg or .png");
        app.add_flag("--layers", a.layers, "also print each design's figures per layer");
        app.add_flag("--no-hardware", a.no_hardware,
                     "skip the RTL spot checks (Verilator) and ppa: no energy, no area");
      },
      [](const EvaluateArgs& a) { return cmd_evaluate(a); });
}

Command aqs_command() {
  return command<AqsArgs>(
      "aqs", "Panacea AQS-GEMM of integer W, X: the exact product and the Table I workloads",
      [](CLI::App& app, AqsArgs& a) {
        app.add_option("input", a.input,
                       "{\"w\": M x K, \"x\": K x N (0..255), \"zero_point\": z, \"dbs_type\": 1..3, \"k_w\", \"v\", "
                       "\"rle_bits\"}")
            ->required();
        app.add_option("--output", a.output, "write the result JSON here (default: standard output)");
      },
      [](const AqsArgs& a) { return cmd_aqs(a.input, a.output); });
}

Command demo_command() {
  return command<DemoArgs>(
      "demo", "generate, verify and size the default design",
      [](CLI::App& app, DemoArgs& a) {
        app.add_option("-o,--out", a.out_dir, "where the generated RTL goes (default: ./bitforge-demo)");
      },
      [](const DemoArgs& a) { return cmd_demo(a.out_dir); });
}

}  // namespace

const std::vector<Command>& command_table() {
  static const std::vector<Command> table = {
      list_command(),  gen_command(),      verify_command(),  sim_command(), area_command(), ppa_command(),
      lint_command(),  model_command(),    docs_command(),    quantize_command(),
      weights_command(), aqs_command(),    demo_command(),    evaluate_command(),
  };
  return table;
}

}  // namespace bf::cli
