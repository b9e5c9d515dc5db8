// The panacea family's mutants: generated RTL with one deliberate bug each, which its benches must catch
// (verif/rtl_test.cpp runs every family's list).
#include "harness/mutant.hpp"

namespace bf::verif::panacea {

namespace {

// Slice vectors of 2 (v = 2, the default is 4): half the PEA, half the model build time of each mutant, and
// every mutation site is still there and still caught.
const nlohmann::json kPea = {{"block", "panacea_pea"}, {"params", {{"kmax", 12}, {"v", 2}}}};
const nlohmann::json kPeaDtp = {{"block", "panacea_pea"}, {"params", {{"kmax", 8}, {"dtp", true}, {"v", 2}}}};
const nlohmann::json kPeaDyn = {{"block", "panacea_pea"}, {"params", {{"kmax", 8}, {"dtp", true}, {"dyn_items", 4}, {"v", 2}}}};
const nlohmann::json kPeaKw0 = {{"block", "panacea_pea"}, {"params", {{"k_w", 0}, {"kmax", 8}, {"v", 2}}}};
const Mutant kPanaceaMutants[] = {
    {"panacea_opc: activation slice taken as signed", {{"block", "panacea_opc"}, {"params", {{"v", 2}}}},
     "assign x_s  = $signed({1'b0, x_i[j*4 +: 4]});", "assign x_s  = $signed({x_i[j*4+3], x_i[j*4 +: 4]});"},
    {"panacea_core: a PEA hands over its result before the others have theirs",
     {{"block", "panacea_core"}, {"params", {{"peas", 2}, {"kmax", 8}, {"v", 2}}}}, ".y_ready_i(y_ready_i && y_all)",
     ".y_ready_i(y_ready_i)"},
    {"panacea_core: the shared X buffer's LO position does not move",
     {{"block", "panacea_core"}, {"params", {{"peas", 2}, {"kmax", 8}, {"v", 2}}}},
     "else if (xl_take) xl_cnt_q <= xl_cnt_q + 1'b1;", "else if (xl_take) xl_cnt_q <= xl_cnt_q;"},
    {"panacea_pea: no compensation", kPea, "assign comp_o[i*CW +: CW] = CW'(prod) << (4 + 32'(t_i));",
     "assign comp_o[i*CW +: CW] = CW'(0);"},
    {"panacea_pea: compensation difference zero-extended", kPea,
     "assign diff = DW'($signed(rowsum_i[i*PSW +: PSW])) - DW'($signed(partial_q[i*PSW +: PSW]));",
     "assign diff = DW'(rowsum_i[i*PSW +: PSW]) - DW'(partial_q[i*PSW +: PSW]);"},
    {"panacea_pea dtp: result rows of the other lane's compensation", kPeaDtp,
     "comp_i[(e / V)*CW +: CW]", "comp_i[((e / V) ^ V)*CW +: CW]"},
    {"panacea_pea: HO x HO product on either flag", kPea, "c == KW ? dw[m] : dw[m] && dx[m]);",
     "c == KW ? dw[m] : dw[m] || dx[m]);"},
    {"panacea_pea: RLE index ignored", kPea, "assign at = pos_q + PB'(idx_i);", "assign at = pos_q;"},
    {"panacea_pea: a carry of the shift-and-accumulate units' carry-save tree dropped", kPea,
     "assign c1_0 = ((", "assign c1_0 = '0 & (("},
    {"panacea_pea: aligned static reads stay on the first row", kPea, "else if (st_work) row_q <= row_q + 1'b1;",
     "else if (st_work) row_q <= row_q;"},
    {"panacea_pea: the fixed DWO of HO_w x LO_x gets the X HO vector", kPea, "xi = o == KW ? d_xl : d_xh;",
     "xi = d_xh;"},
    {"panacea_pea: static step skips an item", kPea, "fs_q <= fs_q + ns;", "fs_q <= fs_q + ns + QB'(st_work);"},
    {"panacea_pea: compensator ignores the HO weight slice", kPea, "wv = dw_i[m] ? PSW'", "wv = 1'b0 ? PSW'"},
    {"panacea_pea k_w 0: an X flag alone queued as dynamic work", kPeaKw0,
     "(wflag_i[q] || (KW > 0 && xflag_i[q / L]))", "(wflag_i[q] || xflag_i[q / L])"},
    {"panacea_pea: W flags not cleared between tiles", kPea, ".rst_ni, .clear_i(take_tile), .we_i(wwe),",
     ".rst_ni, .clear_i(1'b0), .we_i(wwe),"},
    {"panacea_pea dtp: borrowed slots ignore the dynamic step", kPeaDtp,
     "nd = QB'((CB'(DWO) - used_i) >> (KW - 1));", "nd = QB'(CB'(DWO) >> (KW - 1));"},
    {"panacea_pea dtp: borrowed slots take items from the front", kPeaDtp, "assign u       = fe_q - QB'(n - S + 1);",
     "assign u       = fs_q + QB'(n);"},
    {"panacea_pea dtp: dynamic products always into lane 0", kPeaDtp, "if (pres_i[m*NC + c] && dlane_i[m] == 1'(LN))",
     "if (pres_i[m*NC + c] && 1'(0) == 1'(LN))"},
    {"panacea_pea dtp: compensation into the other lane", kPeaDtp, "if (dtake_i[m] && dx_i[m] && dlane_i[m] == 1'(l)) begin",
     "if (dtake_i[m] && dx_i[m] && !dlane_i[m] == 1'(l)) begin"},
    {"panacea_pea dtp: lane boundary of the static queue one item late", kPeaDtp,
     "assign ln              = L > 1 && u >= QB'(k_i);",
     "assign ln              = L > 1 && u > QB'(k_i);"},
    {"panacea_pea dyn_items: items packed beyond the DWOs", kPeaDyn, "cum + n <= CB'(DWO);", "1'b1;"},
    {"panacea_pea dyn_items: a slot taken when the one before it is not", kPeaDyn,
     "(m == 0 || dtake[m > 0 ? m - 1 : 0])", "1'b1"},
    {"panacea_pea dyn_items: qd moves past the first item only", kPeaDyn, "qnext = dq[m*QB +: QB] + 1'b1;",
     "qnext = m == 0 ? dq[m*QB +: QB] + 1'b1 : qnext;"},
    {"panacea_pea dyn_items: only the first item compensated", kPeaDyn,
     "if (dtake_i[m] && dx_i[m] && dlane_i[m] == 1'(l)) begin",
     "if (m == 0 && dtake_i[m] && dx_i[m] && dlane_i[m] == 1'(l)) begin"},
};

}  // namespace

std::vector<Mutant> mutants() {
  std::vector<Mutant> v;
  for (const Mutant& m : kPanaceaMutants) v.push_back(m);
  return v;
}

}  // namespace bf::verif::panacea
