#include "panacea/panacea_blocks.hpp"

#include <algorithm>

#include "core/emit.hpp"
#include "core/template.hpp"
#include "util/bits.hpp"

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
  v.str("name", top).str("ports", verilog_port_list(d.ports)).num("v", p.v);
  d.files.push_back({top + ".sv", render("panacea/panacea_opc.sv", v)});
  return d;
}

namespace gp = golden::panacea;

// The PEA's ports: the tile fields, the W and X streams and the result.
std::vector<Port> pea_ports(const PeaParams& p) {
  const int kb = gp::pea_kw_bits(p), psw = gp::pea_psw(p), ho = p.rle_bits + 4 * p.v, L = gp::pea_lanes(p);
  const std::string per_lane = L > 1 ? " (weight sub-tile l at lane l)" : "";
  // A port of one weight lane, widened to L lanes.
  auto lane = [&](std::string name, Dir dir, int width, std::string doc) {
    return Port{std::move(name), dir, width * L, false, std::move(doc) + per_lane, true};
  };
  std::vector<Port> ports = clock_ports();
  const std::vector<Port> tile = {
      {"tile_valid_i", Dir::In, 1, false, "tile: valid (the fields below are sampled when it is taken)", false},
      {"tile_ready_o", Dir::Out, 1, false, "tile: ready (the PEA is idle)", false},
      {"k_i", Dir::In, kb, false, "tile: K, the reduction length (1 .. kmax)", false},
      lane("wh_n_i", Dir::In, kb, "tile: number of W HO RLE entries"),
      {"xh_n_i", Dir::In, kb, false, "tile: number of X HO RLE entries", false},
      {"t_i", Dir::In, 2, false, "tile: DBS type, 0-based (0, 1, 2 = types 1, 2, 3)", false},
      {"r_i", Dir::In, 4, false, "tile: the compressed X HO value r = z' >> (4 + t)", false},
      lane("rowsum_i", Dir::In, p.v * psw, "tile: row i's sum of W over K at [i*PSW +: PSW], two's complement"),
      lane("wh_valid_i", Dir::In, 1, "W HO RLE entries: valid"),
      lane("wh_data_i", Dir::In, ho, "W HO RLE entry: index in [0, b), slice s at [b + 4s +: 4] (signed)"),
      lane("wh_ready_o", Dir::Out, 1, "W HO RLE entries: ready"),
  };
  ports.insert(ports.end(), tile.begin(), tile.end());
  if (p.k_w > 0) {
    ports.push_back(lane("wl_valid_i", Dir::In, 1, "W LO slices of one k: valid"));
    ports.push_back(lane("wl_data_i", Dir::In, p.k_w * 4 * p.v,
                         "W LO slices of one k: plane j at [j*4v +: 4v], slice s at [4s +: 4] (signed)"));
    ports.push_back(lane("wl_ready_o", Dir::Out, 1, "W LO slices: ready"));
  }
  const std::vector<Port> more = {
      {"xh_valid_i", Dir::In, 1, false, "X HO RLE entries: valid", false},
      {"xh_data_i", Dir::In, ho, false, "X HO RLE entry: index in [0, b), slice s at [b + 4s +: 4] (unsigned)", false},
      {"xh_ready_o", Dir::Out, 1, false, "X HO RLE entries: ready", false},
      {"xl_valid_i", Dir::In, 1, false, "X LO slices of one k: valid", false},
      {"xl_data_i", Dir::In, 4 * p.v, false, "X LO slices of one k: slice s at [4s +: 4] (unsigned)", false},
      {"xl_ready_o", Dir::Out, 1, false, "X LO slices: ready", false},
      {"y_valid_o", Dir::Out, 1, false, "result: valid", false},
      qualified({"y_data_o", Dir::Out, L * p.v * p.v * p.acc_bits, false,
                 "result: Y[i][j] = (W . X_t)[i][j] at [(i*v+j)*CW +: CW], two's complement, wrapping" + per_lane,
                 true},
                "y_valid_o"),
      {"y_ready_i", Dir::In, 1, false, "result: ready", false},
  };
  ports.insert(ports.end(), more.begin(), more.end());
  return ports;
}

// The PEA's derived sizes, shared by its templates.
struct PeaSizes {
  int L, kb, s, nb, ndwo, aw, qb, nr, rb;
  bool borrow, aligned, fixed;
};

PeaSizes pea_sizes(const PeaParams& p) {
  PeaSizes z{};
  z.L = gp::pea_lanes(p);
  z.kb = gp::pea_kw_bits(p);
  z.s = std::max(1, gp::pea_static_step(p));  // 1 (unused) when k_w = 0
  z.borrow = p.dtp && p.k_w > 0;              // spare DWOs take LO x LO items of the static queue
  z.nb = z.borrow ? p.dwo / p.k_w : 0;
  // Only the DWOs that can be used are built: dwo when spare ones take static work or several items share them.
  z.ndwo = z.borrow || p.dyn_items > 1 ? p.dwo : p.k_w + 2;
  z.fixed = z.ndwo == p.k_w + 2 && !z.borrow && p.dyn_items == 1;  // DWO c computes product c: no crossbar
  // Products into one element per cycle: the dynamic step's k_w + 2, the SWOs' S k_w and the borrowed slots' nb k_w;
  // each is at most 120 in magnitude, at an offset of at most 3 k_w + 4 bits.
  const int products = p.dyn_items * (p.k_w + 2) + (p.k_w > 0 ? z.s * p.k_w : 0) + z.nb * p.k_w;
  z.aw = std::min(p.acc_bits, 12 + 3 * p.k_w + util::clog2(products));
  z.qb = util::clog2(z.L * p.kmax + 1 + z.s + z.nb);  // item numbers and slot offsets
  // Without dtp the static front slots read aligned rows of S LO words: nr rows, the step count in rb bits.
  z.aligned = !p.dtp && p.k_w > 0;
  z.nr = (p.kmax + z.s - 1) / z.s;
  z.rb = util::clog2(z.nr + 1);
  return z;
}

// The ports of a PEA inside a core (shared_x): the X data words go to the core's buffer; its contents come in.
std::vector<Port> shared_x_ports(const PeaParams& p) {
  std::vector<Port> ports;
  for (const Port& q : pea_ports(p)) {
    if (q.name == "xh_data_i" || q.name == "xl_data_i") continue;
    ports.push_back(q);
  }
  const int vw = 4 * p.v;
  ports.push_back({"xflag_i", Dir::In, p.kmax, false, "the core's X buffer: HO vector stored, per k", true});
  ports.push_back({"xhv_i", Dir::In, p.kmax * vw, false, "its HO vector of k at [k*4v +: 4v]", true});
  ports.push_back({"xlo_i", Dir::In, p.kmax * vw, false, "its LO word of k", true});
  return ports;
}

// The values and flags of rtl_templates/panacea/panacea_pea.sv.
TemplateVars pea_vars(const PeaParams& p, const std::string& top, const std::vector<Port>& ports, bool shared_x) {
  const PeaSizes z = pea_sizes(p);
  TemplateVars v;
  v.str("name", top).str("ports", verilog_port_list(ports));
  v.nums({{"lanes", z.L}, {"v", p.v}, {"b", p.rle_bits}, {"kw", p.k_w}, {"kmax", p.kmax}, {"kb", z.kb},
          {"cw", p.acc_bits}, {"psw", gp::pea_psw(p)}, {"s", z.s}, {"qb", z.qb}, {"nb", z.nb},
          {"dyn_items", p.dyn_items}, {"ndwo", z.ndwo}, {"nr", z.nr}, {"rb", z.rb}});
  v.flag("wlo", p.k_w > 0).flag("borrow", z.borrow).flag("aligned", z.aligned).flag("fixed", z.fixed);
  v.flag("shared_x", shared_x);
  return v;
}

// A data input of a PEA submodule (declared with a range), and a 1-bit control input.
Port in(std::string name, int width, std::string doc) { return {std::move(name), Dir::In, width, false, std::move(doc), true}; }
Port ctl(std::string name, std::string doc) { return {std::move(name), Dir::In, 1, false, std::move(doc), false}; }

// A carry-save tree over the nt AW-bit terms tm[x*AW +: AW] of panacea_pea_sacc.sv, into acc: each level replaces
// every three vectors by their bitwise sum and their carries (a row of 3:2 compressors, c<level>_<group> shifted
// left by one); the two left are added by one carry-propagate adder.
std::string csa_tree(int nt) {
  std::vector<std::string> cur;
  for (int x = 0; x < nt; ++x) cur.push_back("tm[" + std::to_string(x) + "*AW +: AW]");
  std::string out;
  for (int level = 1; cur.size() > 2; ++level) {
    std::vector<std::string> next;
    size_t g = 0;
    for (; g + 3 <= cur.size(); g += 3) {
      const std::string id = std::to_string(level) + "_" + std::to_string(g / 3), s = "s" + id, c = "c" + id;
      const std::string &a = cur[g], &b = cur[g + 1], &d = cur[g + 2];
      out += "    logic [AW-1:0] " + s + ", " + c + ";\n";
      out += "    assign " + s + " = " + a + " ^ " + b + " ^ " + d + ";\n";
      out += "    assign " + c + " = ((" + a + " & " + b + ") | (" + a + " & " + d + ") | (" + b + " & " + d + ")) << 1;\n";
      next.push_back(s);
      next.push_back(c);
    }
    next.insert(next.end(), cur.begin() + static_cast<std::ptrdiff_t>(g), cur.end());
    cur = std::move(next);
  }
  out += "    assign acc = " + (cur.size() == 2 ? cur[0] + " + " + cur[1] : cur[0]) + ";";
  return out;
}

// The shift-and-accumulate units (rtl_templates/panacea/panacea_pea_sacc.sv): products in, y out.
SourceFile emit_sacc(const PeaParams& p, const std::string& name) {
  const PeaSizes z = pea_sizes(p);
  const int M = p.dyn_items, NC = p.k_w + 2, vv8 = p.v * p.v * 8;
  std::vector<Port> ports = {{"clk_i", Dir::In, 1, false, "clock", false},
                             ctl("clear_i", "a tile is taken: psum = 0"),
                             ctl("en_i", "COMPUTE: psum += the cycle's products"),
                             in("t_i", 2, "DBS type, 0-based"),
                             in("pres_i", M * NC, "dynamic product c of slot m executed, at m*(k_w+2) + c")};
  if (!z.fixed) ports.push_back(in("pdwo_i", M * NC * 8, "its DWO"));
  ports.push_back(in("dlane_i", M, "slot m's weight lane"));
  ports.push_back(in("p_dwo_i", z.ndwo * vv8, "the DWOs' outer products"));
  if (p.k_w > 0) {
    const int ni = z.s + z.nb;
    ports.push_back(in("p_st_i", z.s * p.k_w * vv8, "the SWOs' outer products"));
    ports.push_back(in("it_on_i", ni, "static item slot active"));
    ports.push_back(in("it_lane_i", ni, "its weight lane"));
  }
  ports.push_back(in("comp_i", z.L * p.v * p.acc_bits, "the compensation of row (l, i)"));
  ports.push_back({"y_o", Dir::Out, z.L * p.v * p.v * p.acc_bits, false, "y = psum + comp", true});
  // Terms per element: the dynamic step's M (k_w + 2) products, the SWOs' S k_w and the borrowed slots' nb k_w.
  const int nt = M * NC + (p.k_w > 0 ? (z.s + z.nb) * p.k_w : 0);
  TemplateVars v;
  v.str("name", name).str("ports", verilog_port_list(ports)).str("csa", csa_tree(nt));
  v.nums({{"lanes", z.L}, {"v", p.v}, {"kw", p.k_w}, {"cw", p.acc_bits}, {"dyn_items", M}, {"ndwo", z.ndwo},
          {"s", z.s}, {"nb", z.nb}, {"aw", z.aw}, {"nt", nt}});
  v.flag("wlo", p.k_w > 0).flag("borrow", z.borrow).flag("fixed", z.fixed);
  return {name + ".sv", render("panacea/panacea_pea_sacc.sv", v)};
}

// The compensators (rtl_templates/panacea/panacea_pea_comp.sv): the taken items' W slices in, comp out.
SourceFile emit_comp(const PeaParams& p, const std::string& name) {
  const PeaSizes z = pea_sizes(p);
  const int M = p.dyn_items, psw = gp::pea_psw(p);
  std::vector<Port> ports = {{"clk_i", Dir::In, 1, false, "clock", false},
                             ctl("clear_i", "a tile is taken: partial = 0"),
                             ctl("en_i", "COMPUTE: partial += the taken items' W[i][k]"),
                             in("dtake_i", M, "dynamic slot m taken"),
                             in("dx_i", M, "its X flag"),
                             in("dw_i", M, "its W flag"),
                             in("dlane_i", M, "its weight lane"),
                             in("wh_i", M * 4 * p.v, "its W HO vector")};
  if (p.k_w > 0) ports.push_back(in("wl_i", M * p.k_w * 4 * p.v, "its W LO planes"));
  ports.push_back(in("rowsum_i", z.L * p.v * psw, "row (l, i)'s sum of W"));
  ports.push_back(in("r_i", 4, "the compressed X HO value"));
  ports.push_back(in("t_i", 2, "DBS type, 0-based"));
  ports.push_back({"comp_o", Dir::Out, z.L * p.v * p.acc_bits, false, "((rowsum - partial) x r) << (4 + t) per row", true});
  TemplateVars v;
  v.str("name", name).str("ports", verilog_port_list(ports));
  v.nums({{"lanes", z.L}, {"v", p.v}, {"kw", p.k_w}, {"cw", p.acc_bits}, {"psw", psw}, {"dyn_items", M}});
  v.flag("wlo", p.k_w > 0);
  return {name + ".sv", render("panacea/panacea_pea_comp.sv", v)};
}

// An RLE index decoder (rtl_templates/panacea/panacea_pea_idec.sv): an HO entry's index in, its k one-hot out.
SourceFile emit_idec(const PeaParams& p, const std::string& name) {
  const int pb = gp::pea_kw_bits(p) + 1;  // positions: K + an index
  const std::vector<Port> ports = {{"clk_i", Dir::In, 1, false, "clock", false},
                                   ctl("clear_i", "a tile is taken: position 0"),
                                   ctl("take_i", "an HO entry is taken"),
                                   in("idx_i", p.rle_bits, "its RLE index"),
                                   {"we_o", Dir::Out, p.kmax, false, "its k, one-hot (0 when none is taken)", true}};
  TemplateVars v;
  v.str("name", name).str("ports", verilog_port_list(ports));
  v.nums({{"kmax", p.kmax}, {"pb", pb}});
  return {name + ".sv", render("panacea/panacea_pea_idec.sv", v)};
}

// An operand buffer (rtl_templates/panacea/panacea_pea_buf.sv): per k a flag, an HO vector and lo_w LO bits.
SourceFile emit_buf(const PeaParams& p, const std::string& name, int lo_w) {
  const int vw = 4 * p.v, kb = gp::pea_kw_bits(p);
  std::vector<Port> ports = clock_ports();
  ports.push_back(ctl("clear_i", "a tile is taken: every flag 0"));
  ports.push_back(in("we_i", p.kmax, "the HO entry's k, one-hot (the index decoder's)"));
  ports.push_back(in("hv_i", vw, "its HO vector"));
  if (lo_w > 0) {
    ports.push_back(ctl("lo_we_i", "an LO word is taken"));
    ports.push_back(in("lo_at_i", kb, "its k"));
    ports.push_back(in("lo_i", lo_w, "the LO word"));
  }
  ports.push_back({"flag_o", Dir::Out, p.kmax, false, "HO vector stored, per k", true});
  ports.push_back({"hv_o", Dir::Out, p.kmax * vw, false, "HO vector of k at [k*4v +: 4v]", true});
  if (lo_w > 0) ports.push_back({"lo_o", Dir::Out, p.kmax * lo_w, false, "LO word of k", true});
  TemplateVars v;
  v.str("name", name).str("ports", verilog_port_list(ports));
  v.nums({{"kmax", p.kmax}, {"hw", vw}, {"kb", kb}, {"lw", lo_w}});
  v.flag("lo", lo_w > 0);
  return {name + ".sv", render("panacea/panacea_pea_buf.sv", v)};
}

// The dynamic-step scheduler (rtl_templates/panacea/panacea_pea_dsched.sv): flags in, the cycle's items out.
SourceFile emit_dsched(const PeaParams& p, const std::string& name) {
  const PeaSizes z = pea_sizes(p);
  const int M = p.dyn_items, NC = p.k_w + 2;
  std::vector<Port> ports = {{"clk_i", Dir::In, 1, false, "clock", false},
                             ctl("clear_i", "a tile is taken: qd = 0"),
                             ctl("en_i", "COMPUTE: qd moves past the taken items"),
                             in("wflag_i", z.L * p.kmax, "W flags by item q = k*L + l"),
                             in("xflag_i", p.kmax, "X flags by k"),
                             {"dq_o", Dir::Out, M * z.qb, false, "slot m's item q", true},
                             {"dtake_o", Dir::Out, M, false, "slot m taken", true},
                             {"dw_o", Dir::Out, M, false, "its W flag", true},
                             {"dx_o", Dir::Out, M, false, "its X flag", true},
                             {"dlane_o", Dir::Out, M, false, "its weight lane", true},
                             {"pres_o", Dir::Out, M * NC, false, "product c of slot m executed, at m*(k_w+2) + c", true},
                             {"pdwo_o", Dir::Out, M * NC * 8, false, "its DWO", true}};
  if (z.borrow) ports.push_back({"used_o", Dir::Out, 8, false, "DWOs used by the taken slots", true});
  ports.push_back({"found_o", Dir::Out, 1, false, "a dynamic item is taken", false});
  TemplateVars v;
  v.str("name", name).str("ports", verilog_port_list(ports));
  v.nums({{"lanes", z.L}, {"kw", p.k_w}, {"kmax", p.kmax}, {"qb", z.qb}, {"dyn_items", M}, {"dwo", p.dwo}});
  v.flag("borrow", z.borrow);
  return {name + ".sv", render("panacea/panacea_pea_dsched.sv", v)};
}

// The static-work scheduler (rtl_templates/panacea/panacea_pea_ssched.sv; k_w > 0): the cycle's static items out.
SourceFile emit_ssched(const PeaParams& p, const std::string& name) {
  const PeaSizes z = pea_sizes(p);
  const int kb = gp::pea_kw_bits(p), ni = z.s + z.nb;
  std::vector<Port> ports = {{"clk_i", Dir::In, 1, false, "clock", false},
                             ctl("clear_i", "a tile is taken: the queue is [0, L x k_new)"),
                             ctl("en_i", "COMPUTE"),
                             in("k_new_i", kb, "the tile's K, sampled with clear_i"),
                             in("k_i", kb, "the current tile's K")};
  if (z.borrow) ports.push_back(in("used_i", 8, "DWOs used by the dynamic step"));
  ports.push_back({"work_o", Dir::Out, 1, false, "static items left (in COMPUTE)", false});
  ports.push_back({"on_o", Dir::Out, ni, false, "item slot n active (front slots, then borrowed ones)", true});
  ports.push_back({"lane_o", Dir::Out, ni, false, "its weight lane", true});
  if (z.aligned) {
    ports.push_back({"row_o", Dir::Out, z.rb, false, "the static steps taken: slot n's k is row_o * S + n", true});
  } else {
    ports.push_back({"k_o", Dir::Out, ni * z.qb, false, "its k (0 when inactive)", true});
  }
  TemplateVars v;
  v.str("name", name).str("ports", verilog_port_list(ports));
  v.nums({{"lanes", z.L}, {"kw", p.k_w}, {"qb", z.qb}, {"s", z.s}, {"dwo", p.dwo}, {"nb", z.nb}, {"rb", z.rb}});
  v.flag("borrow", z.borrow).flag("dtp", p.dtp).flag("aligned", z.aligned);
  return {name + ".sv", render("panacea/panacea_pea_ssched.sv", v)};
}

// A PEA; with shared_x (inside a core) without its own X buffer: the core instantiates top_xbuf and top_idec.
Design emit_pea_files(const PeaParams& p, const std::string& top, bool shared_x) {
  Design d;
  d.top = top;
  d.clocked = true;
  d.ports = shared_x ? shared_x_ports(p) : pea_ports(p);
  d.files = emit_opc({p.v}, top + "_opc").files;
  d.files.push_back(emit_idec(p, top + "_idec"));
  d.files.push_back(emit_buf(p, top + "_xbuf", 4 * p.v));
  d.files.push_back(emit_buf(p, top + "_wbuf", 4 * p.v * p.k_w));
  d.files.push_back(emit_dsched(p, top + "_dsched"));
  if (p.k_w > 0) d.files.push_back(emit_ssched(p, top + "_ssched"));
  d.files.push_back(emit_sacc(p, top + "_sacc"));
  d.files.push_back(emit_comp(p, top + "_comp"));
  d.files.push_back({top + ".sv", render("panacea/panacea_pea.sv", pea_vars(p, top, d.ports, shared_x))});
  return d;
}

Design emit_pea(const PeaParams& p, const std::string& top) { return emit_pea_files(p, top, false); }

}  // namespace

std::optional<ParamProblem> check_pea(const PeaParams& p) {
  if (p.dwo < p.k_w + 2) {
    return ParamProblem{"dwo", "must be at least k_w + 2 (" + std::to_string(p.k_w + 2) + "), got " +
                                   std::to_string(p.dwo)};
  }
  if (p.dyn_items > p.dwo) {
    return ParamProblem{"dyn_items", "must be at most dwo (" + std::to_string(p.dwo) + "), got " +
                                         std::to_string(p.dyn_items)};
  }
  if (p.swo < p.k_w) {
    return ParamProblem{"swo", "must be at least k_w (" + std::to_string(p.k_w) + "), got " + std::to_string(p.swo)};
  }
  return std::nullopt;
}

Design emit_core(const CoreParams& p, const std::string& top) {
  Design d;
  d.top = top;
  d.clocked = true;
  const Design pea = emit_pea(p.pea(), top + "_pea");
  const int kb = gp::pea_kw_bits(p), psw = gp::pea_psw(p), hw = p.rle_bits + 4 * p.v, P = p.peas;
  const int L = gp::pea_lanes(p);
  // The PEA's ports, widened to P where each PEA has its own (W streams, wh_n, rowsum) and for the result: weight
  // lane l of PEA p at lane p*L + l.
  for (const Port& q : pea.ports) {
    Port c = q;
    const bool per_pea = q.name.starts_with("wh_") || q.name.starts_with("wl_") || q.name == "rowsum_i";
    if (per_pea || q.name == "y_data_o") {
      c.width = q.width * P;
      c.lanes = true;
      c.doc = q.doc + (L > 1 ? "; PEA p's lane l at lane p*2 + l" : " (PEA p at lane p)");
    }
    d.ports.push_back(c);
  }
  TemplateVars v;
  v.str("name", top).str("ports", verilog_port_list(d.ports));
  v.nums({{"peas", P}, {"lanes", L}, {"v", p.v}, {"kb", kb}, {"hw", hw}, {"psw", psw}, {"cw", p.acc_bits},
          {"wlw", p.k_w * 4 * p.v}, {"b", p.rle_bits}, {"kmax", p.kmax}});
  v.flag("wlo", p.k_w > 0);
  d.files = emit_pea_files(p.pea(), top + "_pea", true).files;  // the PEAs share the core's X buffer
  d.files.push_back({top + ".sv", render("panacea/panacea_core.sv", v)});
  return d;
}

const TypedBlock<CoreParams>& core_block() {
  static const TypedBlock<CoreParams> block({
      "panacea_core",
      "panacea",
      "Panacea AQS-GEMM core: P PEAs, each with its own weight row block (two with dtp), sharing one activation "
      "column block",
      {{{.name = "peas", .kind = ParamKind::Int, .def = 4, .min = 1, .max = 16, .doc = "PEAs P (weight row blocks computed at once)"}, &CoreParams::peas},
       {{.name = "v", .kind = ParamKind::Int, .def = 4, .min = 1, .max = 8, .doc = "slice-vector length v"}, &CoreParams::v},
       {{.name = "dwo", .kind = ParamKind::Int, .def = 4, .min = 2, .max = 16, .doc = "dynamic workload operators per PEA (at least k_w + 2)"}, &CoreParams::dwo},
       {{.name = "swo", .kind = ParamKind::Int, .def = 8, .min = 1, .max = 32, .doc = "static workload operators per PEA (at least k_w)"}, &CoreParams::swo},
       {{.name = "k_w", .kind = ParamKind::Int, .def = 1, .min = 0, .max = 2, .doc = "weight LO slices: weights of 3k_w + 4 bits"}, &CoreParams::k_w},
       {{.name = "rle_bits", .kind = ParamKind::Int, .def = 4, .min = 1, .max = 8, .doc = "RLE index bits b"}, &CoreParams::rle_bits},
       {{.name = "kmax", .kind = ParamKind::Int, .def = 64, .min = 1, .max = 256, .doc = "largest K of a tile (buffer depth)"}, &CoreParams::kmax},
       {{.name = "acc_bits", .kind = ParamKind::Int, .def = 32, .min = 20, .max = 48, .doc = "partial-sum and result width (two's complement, wraps)"},
        &CoreParams::acc_bits},
       {{.name = "dtp", .kind = ParamKind::Bool, .def = 0, .min = 0, .max = 1, .doc =
         "double-tile processing: each PEA holds two weight sub-tiles for the shared activation tile"},
        &CoreParams::dtp},
       {{.name = "dyn_items", .kind = ParamKind::Int, .def = 1, .min = 1, .max = 16, .doc =
         "dynamic items (k, weight lane) per cycle, packed into the DWOs while their products fit (at most dwo)"},
        &CoreParams::dyn_items}},
      [](const CoreParams& p) { return check_pea(p.pea()); },
      emit_core,
  });
  return block;
}

const TypedBlock<PeaParams>& pea_block() {
  static const TypedBlock<PeaParams> block({
      "panacea_pea",
      "panacea",
      "Panacea PE array: RLE index decoding, static (LO x LO) and dynamic (HO) workload operators, "
      "shift-and-accumulate and compensator; one v x v block of W . X_t per weight lane (two with dtp) and tile",
      {{{.name = "v", .kind = ParamKind::Int, .def = 4, .min = 1, .max = 8, .doc = "slice-vector length v"}, &PeaParams::v},
       {{.name = "dwo", .kind = ParamKind::Int, .def = 4, .min = 2, .max = 16, .doc =
         "dynamic workload operators (at least k_w + 2: one k's HO products per cycle)"},
        &PeaParams::dwo},
       {{.name = "swo", .kind = ParamKind::Int, .def = 8, .min = 1, .max = 32, .doc = "static workload operators (LO x LO products per cycle, at least k_w)"},
        &PeaParams::swo},
       {{.name = "k_w", .kind = ParamKind::Int, .def = 1, .min = 0, .max = 2, .doc = "weight LO slices: weights of 3k_w + 4 bits"}, &PeaParams::k_w},
       {{.name = "rle_bits", .kind = ParamKind::Int, .def = 4, .min = 1, .max = 8, .doc = "RLE index bits b"}, &PeaParams::rle_bits},
       {{.name = "kmax", .kind = ParamKind::Int, .def = 64, .min = 1, .max = 256, .doc = "largest K of a tile (buffer depth)"}, &PeaParams::kmax},
       {{.name = "acc_bits", .kind = ParamKind::Int, .def = 32, .min = 20, .max = 48, .doc = "partial-sum and result width (two's complement, wraps)"},
        &PeaParams::acc_bits},
       {{.name = "dtp", .kind = ParamKind::Bool, .def = 0, .min = 0, .max = 1, .doc =
         "double-tile processing: two weight sub-tiles (lanes) share the activation tile; spare DWOs take LO x LO "
         "work"},
        &PeaParams::dtp},
       {{.name = "dyn_items", .kind = ParamKind::Int, .def = 1, .min = 1, .max = 16, .doc =
         "dynamic items (k, weight lane) per cycle, packed into the DWOs while their products fit (at most dwo)"},
        &PeaParams::dyn_items}},
      check_pea,
      emit_pea,
  });
  return block;
}

const TypedBlock<OpcParams>& opc_block() {
  static const TypedBlock<OpcParams> block({
      "panacea_opc",
      "panacea",
      "Panacea outer-product calculator: v x v multipliers of signed 4-bit weight slices by unsigned 4-bit "
      "activation slices (combinational)",
      {{{.name = "v", .kind = ParamKind::Int, .def = 4, .min = 1, .max = 8, .doc = "slice-vector length v"}, &OpcParams::v}},
      {},
      emit_opc,
  });
  return block;
}

std::vector<const Block*> blocks() { return {&opc_block(), &pea_block(), &core_block()}; }

}  // namespace bf::panacea
