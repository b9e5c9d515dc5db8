// Tests of the panacea_pea cycle model (golden/panacea/pea.hpp): shape widths, invalid shapes and single-lane
// protocol errors.
// The contract, the notation and the shared helpers: pea_test_util.hpp.
#include "panacea/pea_test_util.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace bf::golden::panacea::pea_test {
namespace {

// ---- errors ----

TEST(PanaceaPeaShape, WidthsAndBadShapesThrow) {
  PeaShape s;  // v 4, dwo 4, swo 8, k_w 1, b 4, kmax 64, acc 32
  EXPECT_EQ(pea_kw_bits(s), 7);  // clog2(65)
  EXPECT_EQ(pea_psw(s), 14);     // 3 + 4 + 6 + 1
  EXPECT_EQ(pea_static_step(s), 8);
  s.kmax = 63;
  EXPECT_EQ(pea_kw_bits(s), 6);  // clog2(64)
  EXPECT_EQ(pea_psw(s), 14);     // clog2(63) = 6
  s.kmax = 1;
  EXPECT_EQ(pea_kw_bits(s), 1);
  EXPECT_EQ(pea_psw(s), 8);
  s = PeaShape{};
  s.k_w = 2;
  s.dwo = 3;
  EXPECT_THROW(Model{s}, std::invalid_argument);  // dwo < k_w + 2
  s.dwo = 5;
  s.swo = 1;
  EXPECT_THROW(Model{s}, std::invalid_argument);  // swo < k_w
  s.swo = 2;
  EXPECT_NO_THROW(Model{s});
  EXPECT_EQ(pea_static_step(s), 1);
  auto bad = [](auto f) {
    PeaShape b;
    f(b);
    EXPECT_THROW(Model{b}, std::invalid_argument);
  };
  bad([](PeaShape& b) { b.k_w = 3; });
  bad([](PeaShape& b) { b.k_w = -1; });
  bad([](PeaShape& b) { b.v = 0; });
  bad([](PeaShape& b) { b.v = 13; });
  bad([](PeaShape& b) { b.rle_bits = 0; });
  bad([](PeaShape& b) { b.rle_bits = 17; });
  bad([](PeaShape& b) { b.v = 12, b.rle_bits = 17; });
  bad([](PeaShape& b) { b.dwo = 2; });
  bad([](PeaShape& b) { b.swo = 0; });
  bad([](PeaShape& b) { b.kmax = 0; });
  bad([](PeaShape& b) { b.acc_bits = 0; });
  bad([](PeaShape& b) { b.acc_bits = 65; });
  PeaShape z;
  z.k_w = 0;
  z.swo = 0;
  z.dwo = 2;
  EXPECT_NO_THROW(Model{z});
}

TEST(PanaceaPeaShape, ProtocolErrorsThrow) {
  const PeaShape s{2, 3, 8, 1, 4, 8, 32};
  auto tile = [&](int k, int wh_n, int xh_n, int t, int r) {
    Model m(s);
    Model::In in;
    in.tile_valid = true;
    in.k = k;
    in.w.resize(1);
    in.w[0].wh_n = wh_n;
    in.xh_n = xh_n;
    in.t = t;
    in.r = r;
    in.w[0].rowsum = {0, 0};
    m.clock(in);
  };
  EXPECT_NO_THROW(tile(8, 8, 8, 2, 15));
  EXPECT_THROW(tile(0, 0, 0, 0, 0), std::invalid_argument);
  EXPECT_THROW(tile(9, 0, 0, 0, 0), std::invalid_argument);
  EXPECT_THROW(tile(3, 4, 0, 0, 0), std::invalid_argument);
  EXPECT_THROW(tile(3, 0, 4, 0, 0), std::invalid_argument);
  EXPECT_THROW(tile(3, 0, 0, 3, 0), std::invalid_argument);
  EXPECT_THROW(tile(3, 0, 0, 0, 16), std::invalid_argument);
  // An HO entry past K: K = 3, index 3 at position 0.
  Model m(s);
  Model::In in;
  in.tile_valid = true;
  in.k = 3;
  in.w.resize(1);
  in.w[0].wh_n = 1;
  in.w[0].rowsum = {0, 0};
  m.clock(in);
  in.tile_valid = false;
  in.w[0].wh_valid = true;
  in.w[0].wh_data = 3;
  EXPECT_THROW(m.clock(in), std::invalid_argument);
}

}  // namespace
}  // namespace bf::golden::panacea::pea_test
