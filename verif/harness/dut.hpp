// The binary interface between the harness and a Verilator model built as a shared object.
//
// `bitforge` (and the GoogleTest binary) never include a Verilator header: each model .so carries a small
// generated shim (see dut_shim.hpp) that implements Dut over its Verilator class and exports
// bf_dut_create(). Ports are addressed by index into ports(); values travel as 32-bit words, least
// significant word first, so any width works.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bf::verif {

inline constexpr int kDutAbiVersion = 2;

struct DutPort {
  std::string name;
  bool is_input = true;
  int width = 1;
};

class Dut {
 public:
  virtual ~Dut() = default;
  virtual const std::vector<DutPort>& ports() const = 0;
  virtual void set(size_t port, const uint32_t* words) = 0;
  virtual void get(size_t port, uint32_t* words) const = 0;
  virtual void eval() = 0;
  virtual bool open_trace(const std::string& vcd_path) = 0;  // false when tracing is unavailable
  virtual void dump(uint64_t time) = 0;                      // no-op without an open trace
  virtual void close_trace() = 0;
};

}  // namespace bf::verif

extern "C" {
// `seed` seeds the random initial values of every register (models are built with --x-initial unique),
// so a register that reset fails to clear shows up as a mismatch.
using bf_dut_create_fn = bf::verif::Dut* (*)(uint64_t seed);
using bf_dut_abi_version_fn = int (*)();
}
