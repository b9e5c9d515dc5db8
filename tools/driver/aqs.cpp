// `bitforge aqs`: Panacea's AQS-GEMM on the user's own integers (golden/data/aqs.hpp), with the Table I workloads:
// the exact product Y = W . X_t, how many 4b x 4b multiplications it executed and skipped, the compensation
// work, and the multiplications, additions and memory traffic of a dense bit-slice GEMM and of zero-only
// skipping on the same data. The input format is `sim`'s for panacea_pea and panacea_core, plus k_w, v, rle_bits.
#include <cstdio>
#include <iostream>

#include "base/json_io.hpp"
#include "commands.hpp"
#include "core/emit.hpp"
#include "data/aqs.hpp"

namespace bf::cli {

int cmd_aqs(const std::string& input, const std::string& output) {
  const data::AqsProblem p = data::read_aqs_problem(read_json_file(input), input);
  write_file_check(output, "--output");
  const data::AqsReport r = data::aqs_report(p);
  const std::string text = r.result.dump(2) + "\n";
  if (output.empty()) {
    std::cout << text;
  } else {
    write_file(output, text);
    std::printf("aqs: %s, %llu of %llu dense 4b x 4b multiplications (%.1f%%) -> %s\n",
                r.match ? "golden match" : "MISMATCH", static_cast<unsigned long long>(r.panacea_mults),
                static_cast<unsigned long long>(r.dense_mults),
                100.0 * static_cast<double>(r.panacea_mults) / static_cast<double>(r.dense_mults), output.c_str());
  }
  return r.match ? 0 : 1;
}

}  // namespace bf::cli
