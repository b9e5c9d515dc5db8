#include "panacea/panacea_blocks.hpp"

#include "core/emit.hpp"
#include "core/template.hpp"

namespace bf::panacea {

namespace {

Design emit_opc(const OpcParams& p, const std::string& top) {
  Design d;
  d.top = top;
  d.clocked = false;
  d.ports = {{"w_i", Dir::In, p.v * 4, false, "weight slice vector: lane i at [i*4 +: 4], signed 4-bit", true},
             {"x_i", Dir::In, p.v * 4, false, "activation slice vector: lane j at [j*4 +: 4], unsigned 4-bit", true},
             {"p_o", Dir::Out, p.v * p.v * 8, false,
              "outer product: lane i*v + j at [(i*v+j)*8 +: 8] = w_i[i] x x_i[j], 8-bit two's complement", true}};
  d.latency = 0;
  TemplateVars v;
  v.text["name"] = top;
  v.text["ports"] = verilog_port_list(d.ports);
  v.text["v"] = std::to_string(p.v);
  d.files.push_back({top + ".sv", render("panacea/panacea_opc.sv", v)});
  return d;
}

}  // namespace

const TypedBlock<OpcParams>& opc_block() {
  static const TypedBlock<OpcParams> block({
      "panacea_opc",
      "panacea",
      "Panacea outer-product calculator: v x v multipliers of signed 4-bit weight slices by unsigned 4-bit "
      "activation slices (combinational)",
      {{{"v", ParamKind::Int, 4, 1, 8, 1, "slice-vector length v"}, &OpcParams::v}},
      {},
      emit_opc,
  });
  return block;
}

std::vector<const Block*> blocks() { return {&opc_block()}; }

}  // namespace bf::panacea
