// Tests of the Panacea golden model (golden/panacea/panacea.hpp): HO vector compression maps, RLE streams, operand
// blocks and their packed memory images.
// The references and generators: panacea_test_util.hpp.
#include "panacea/panacea_test_util.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace bf::golden::panacea::panacea_test {
namespace {

// =========================================================================================================
// Slice vectors and compression maps
// =========================================================================================================

TEST(PanaceaVectors, HandMaps) {
  // W 4 x 2, v = 2, k_w = 1: rows 0-1 at k = 0: {3, -8} HO 0 -> compressed; rows 2-3 at k = 0: {7, 8} (8 has
  // HO 1) -> not; k = 1: {-9, 0} (-9: HO -1) -> not; {-1, -8} -> compressed.
  const Matrix w = mat(4, 2, {3, -9, -8, 0, 7, -1, 8, -8});
  const VectorMap wm = weight_map(w, 1, 2);
  EXPECT_EQ(wm.blocks, 2);
  EXPECT_EQ(wm.k, 2);
  EXPECT_EQ(wm.compressed, (std::vector<bool>{true, false, false, true}));  // [block * K + k]
  EXPECT_TRUE(wm.at(1, 1));
  // The same weights at k_w = 2 (10-bit): every HO is 0.
  EXPECT_EQ(weight_map(w, 2, 2).compressed, (std::vector<bool>{true, true, true, true}));
  // X 2 x 4, v = 2, z = 128, t = 0 (r = 8): k = 0: {128, 143} compressed, {144, 130} not; k = 1: {0, 135} not,
  // {136, 137} compressed. At t = 1 (r = 4, buckets of 32: 128..159): {128, 143}, {144, 130}, {136, 137} compressed.
  const Matrix x = mat(2, 4, {128, 143, 144, 130, 0, 135, 136, 137});
  EXPECT_EQ(act_map(x, 128, 0, 2).compressed, (std::vector<bool>{true, false, false, true}));  // [J * K + k]
  EXPECT_EQ(act_map(x, 128, 1, 2).compressed, (std::vector<bool>{true, false, true, true}));
  EXPECT_EQ(act_map(x, 128, 0, 4).compressed, (std::vector<bool>{false, false}));
  EXPECT_EQ(act_map(x, 128, 0, 1).blocks, 4);

  EXPECT_THROW(weight_map(w, 1, 3), std::invalid_argument);  // M = 4 not a multiple of 3
  EXPECT_THROW(weight_map(w, 0, 2), std::invalid_argument);  // 8 is not a 4-bit weight
  EXPECT_THROW(weight_map(w, 1, 13), std::invalid_argument);
  EXPECT_THROW(weight_map(Matrix(2, 0), 1, 2), std::invalid_argument);
  EXPECT_THROW(act_map(x, 128, 0, 3), std::invalid_argument);
  EXPECT_THROW(act_map(x, 256, 0, 2), std::invalid_argument);
  EXPECT_THROW(act_map(mat(1, 2, {0, 256}), 0, 0, 2), std::invalid_argument);
}

// =========================================================================================================
// RLE
// =========================================================================================================

TEST(PanaceaRle, HandStreams) {
  // b = 2 (indices up to 3), v = 1, fill 0; C = 0 (compressed), U = 5.
  // C C C C C U: three skipped, the 4th C stored with index 3, one skipped, U with index 1.
  RleStream s = rle_encode(std::vector<int>{0, 0, 0, 0, 0, 5}, 1, 0, 2);
  EXPECT_EQ(s.length, 6);
  EXPECT_EQ(s.entries, (std::vector<RleEntry>{{3, {0}}, {1, {5}}}));
  EXPECT_EQ(rle_positions(s), (std::vector<int>{3, 5}));
  // U then eight C: U index 0, the 4th and 8th C stored (index 3 each), no trailing entry.
  s = rle_encode(std::vector<int>{5, 0, 0, 0, 0, 0, 0, 0, 0}, 1, 0, 2);
  EXPECT_EQ(s.entries, (std::vector<RleEntry>{{0, {5}}, {3, {0}}, {3, {0}}}));
  EXPECT_EQ(rle_positions(s), (std::vector<int>{0, 4, 8}));
  // b = 1: C C -> the 2nd stored with index 1; C alone -> nothing; C U -> U with index 1; C C U -> {1, C}, {0, U}.
  EXPECT_EQ(rle_encode(std::vector<int>{0, 0}, 1, 0, 1).entries, (std::vector<RleEntry>{{1, {0}}}));
  EXPECT_TRUE(rle_encode(std::vector<int>{0}, 1, 0, 1).entries.empty());
  EXPECT_EQ(rle_encode(std::vector<int>{0, 7}, 1, 0, 1).entries, (std::vector<RleEntry>{{1, {7}}}));
  EXPECT_EQ(rle_encode(std::vector<int>{0, 0, 7}, 1, 0, 1).entries, (std::vector<RleEntry>{{1, {0}}, {0, {7}}}));
  // v = 2, fill 3 (an activation r): (3,3) compressed; (3,4) and (0,0) are not.
  s = rle_encode(std::vector<int>{3, 3, 3, 4, 3, 3, 0, 0, 3, 3}, 2, 3, 4);
  EXPECT_EQ(s.entries, (std::vector<RleEntry>{{1, {3, 4}}, {1, {0, 0}}}));
  EXPECT_EQ(s.length, 5);
  EXPECT_EQ(rle_decode(s), (std::vector<int>{3, 3, 3, 4, 3, 3, 0, 0, 3, 3}));
  // An empty stream.
  EXPECT_TRUE(rle_encode(std::vector<int>{}, 4, 0, 4).entries.empty());
  EXPECT_TRUE(rle_decode(RleStream{4, 4, 0, 0, {}}).empty());
}

TEST(PanaceaRle, DecodeAcceptsNonCanonicalAndRejectsMalformed) {
  // A compressed vector stored with a short index still decodes.
  RleStream s{1, 2, 0, 4, {{1, {0}}, {0, {9}}}};
  EXPECT_EQ(rle_decode(s), (std::vector<int>{0, 0, 9, 0}));
  EXPECT_EQ(rle_positions(s), (std::vector<int>{1, 2}));
  RleStream past = s;
  past.entries.push_back({1, {2}});  // positions 1, 2, then 4 >= length 4
  EXPECT_THROW(rle_decode(past), std::invalid_argument);
  EXPECT_THROW(rle_positions(past), std::invalid_argument);
  RleStream big = s;
  big.entries[0].index = 4;  // > 2^2 - 1
  EXPECT_THROW(rle_decode(big), std::invalid_argument);
  RleStream neg = s;
  neg.entries[0].index = -1;
  EXPECT_THROW(rle_decode(neg), std::invalid_argument);
  RleStream wide = s;
  wide.entries[0].slices = {0, 0};
  EXPECT_THROW(rle_decode(wide), std::invalid_argument);
  EXPECT_THROW(rle_decode(RleStream{0, 2, 0, 1, {}}), std::invalid_argument);
  EXPECT_THROW(rle_decode(RleStream{1, 17, 0, 1, {}}), std::invalid_argument);
  EXPECT_THROW(rle_decode(RleStream{1, 2, 0, -1, {}}), std::invalid_argument);
  EXPECT_THROW(rle_encode(std::vector<int>{1, 2, 3}, 2, 0, 4), std::invalid_argument);
  EXPECT_THROW(rle_encode(std::vector<int>{1}, 1, 0, 0), std::invalid_argument);
  EXPECT_THROW(rle_encode(std::vector<int>{1}, 0, 0, 4), std::invalid_argument);
}

// Every stream of up to 12 vectors over a 2-vector alphabet (compressed / not), at b = 1, 2, 3 and v = 1, 2:
// round trip, index ranges, entry positions and count against the run rule, every index = the skipped count.
TEST(PanaceaRle, ExhaustiveSmallStreams) {
  for (int v = 1; v <= 2; ++v) {
    const int fill = v == 1 ? 0 : 6;
    const std::vector<int> comp_vec(static_cast<size_t>(v), fill);
    std::vector<int> other(static_cast<size_t>(v), fill);
    other[0] = fill + 1;  // one slice differs: not compressed
    for (int b = 1; b <= 3; ++b) {
      for (int len = 0; len <= 12; ++len) {
        for (uint32_t bits = 0; bits < (1u << len); ++bits) {
          std::vector<int> flat;
          std::vector<bool> compressed;
          for (int n = 0; n < len; ++n) {
            const bool c = ((bits >> n) & 1) != 0;
            compressed.push_back(c);
            const auto& vec = c ? comp_vec : other;
            flat.insert(flat.end(), vec.begin(), vec.end());
          }
          const RleStream s = rle_encode(flat, v, fill, b);
          const std::vector<bool> stored = ref_stored(compressed, b);
          std::vector<int> want_pos;
          for (int n = 0; n < len; ++n)
            if (stored[static_cast<size_t>(n)]) want_pos.push_back(n);
          bool ok = s.v == v && s.b == b && s.fill == fill && s.length == len && rle_decode(s) == flat &&
                    rle_positions(s) == want_pos && s.entries.size() == want_pos.size();
          int prev = -1;
          for (size_t e = 0; ok && e < s.entries.size(); ++e) {
            const int pos = want_pos[e];
            ok = s.entries[e].index == pos - prev - 1 && s.entries[e].index <= (1 << b) - 1 &&
                 s.entries[e].slices == (compressed[static_cast<size_t>(pos)] ? comp_vec : other);
            prev = pos;
          }
          // The trailing run holds fewer than 2^b vectors.
          ok = ok && len - 1 - prev < (1 << b);
          if (!ok) ADD_FAILURE() << "v " << v << " b " << b << " len " << len << " bits " << bits;
          if (!ok) return;
        }
      }
    }
  }
}

// =========================================================================================================
// Operand blocks and memory images
// =========================================================================================================

TEST(PanaceaImage, HandPackedWeightBlock) {
  // v = 2, b = 3, k_w = 1, W = [-9 3 8; 5 -1 0]. Slices (LO, HO): -9 (-1,-1), 3 (3,0), 8 (0,1), 5 (5,0),
  // -1 (-1,0), 0 (0,0). HO vectors: k0 (-1,0) stored, k1 (0,0) skipped, k2 (1,0) stored with index 1.
  const Matrix w = mat(2, 3, {-9, 3, 8, 5, -1, 0});
  const BlockSlices bl = weight_block(w, 1, 2, 0);
  EXPECT_EQ(bl.ho, (std::vector<int>{-1, 0, 0, 0, 1, 0}));
  EXPECT_EQ(bl.lo, (std::vector<int>{-1, 5, 3, -1, 0, 0}));
  EXPECT_TRUE(bl.is_signed);
  EXPECT_EQ(bl.fill, 0);
  EXPECT_EQ(bl.lo_planes, 1);
  const OperandImage im = pack(bl, 3);
  // Entry word: index in bits 0-2, slice 0 in bits 3-6, slice 1 in bits 7-10.
  //   {0, (-1, 0)}: 0 | 0xF << 3 = 120;  {1, (1, 0)}: 1 | 1 << 3 = 9.
  EXPECT_EQ(im.ho_words, (std::vector<uint64_t>{120, 9}));
  // LO word per k: slice 0 in bits 0-3, slice 1 in bits 4-7: (-1, 5) = 0x5F, (3, -1) = 0xF3, (0, 0) = 0.
  EXPECT_EQ(im.lo_words, (std::vector<uint64_t>{0x5F, 0xF3, 0}));
  EXPECT_EQ(stored_vectors(im), (std::vector<bool>{true, false, true}));
  EXPECT_EQ(unpack(im), bl);
}

TEST(PanaceaImage, HandPackedActivationBlock) {
  // v = 2, b = 3, t = 1, z = 100 (r = 3). X (3 x 2) rows: (100, 127), (255, 96), (0, 97).
  // HO = x >> 5: (3,3) skipped, (7,3) stored index 1, (0,3) stored index 0. LO = (x >> 1) & 15: (2,15), (15,0), (0,0).
  const Matrix x = mat(3, 2, {100, 127, 255, 96, 0, 97});
  const BlockSlices bl = act_block(x, 100, 1, 2, 0);
  EXPECT_EQ(bl.fill, 3);
  EXPECT_FALSE(bl.is_signed);
  EXPECT_EQ(bl.ho, (std::vector<int>{3, 3, 7, 3, 0, 3}));
  EXPECT_EQ(bl.lo, (std::vector<int>{2, 15, 15, 0, 0, 0}));
  const OperandImage im = pack(bl, 3);
  // {1, (7, 3)}: 1 | 7 << 3 | 3 << 7 = 441; {0, (0, 3)}: 3 << 7 = 384.
  EXPECT_EQ(im.ho_words, (std::vector<uint64_t>{441, 384}));
  EXPECT_EQ(im.lo_words, (std::vector<uint64_t>{0xF2, 0x0F, 0}));
  EXPECT_EQ(stored_vectors(im), (std::vector<bool>{false, true, true}));
  const BlockSlices back = unpack(im);
  EXPECT_EQ(back, bl);  // the skipped vector comes back as (r, r)
  // Column block 1 of a wider X takes columns 2-3.
  const Matrix x4 = mat(1, 4, {0, 0, 255, 17});
  EXPECT_EQ(act_block(x4, 0, 0, 2, 1).ho, (std::vector<int>{15, 1}));
  EXPECT_THROW(act_block(x4, 0, 0, 2, 2), std::invalid_argument);
  EXPECT_THROW(weight_block(mat(2, 1, {0, 0}), 1, 2, -1), std::invalid_argument);
  EXPECT_THROW(weight_block(mat(2, 1, {0, 0}), 1, 2, 1), std::invalid_argument);
}

// The HO and LO words of one operand block's image (is_w: W's row block, else X's column block), decoded bit by bit
// here: the HO entries' indices against the stored vectors, their slices against the references, nothing above the
// port width.
void check_image_words(const Config& c, int K, const Matrix& w, const Matrix& x, const OperandImage& im,
                       const std::vector<bool>& want_stored, bool is_w) {
  const int v = c.v, b = c.rle_bits;
  // HO words: index in [0, b), slice s in [b + 4s, b + 4s + 4), nothing above.
  auto field = [&](uint64_t word, int lsb) {
    const int u = static_cast<int>((word >> lsb) & 0xF);
    return (is_w && u >= 8) ? u - 16 : u;
  };
  size_t e = 0;
  int skipped = 0;
  for (int k = 0; k < K; ++k) {
    if (!want_stored[static_cast<size_t>(k)]) {
      ++skipped;
      continue;
    }
    ASSERT_LT(e, im.ho_words.size());
    const uint64_t word = im.ho_words[e++];
    EXPECT_EQ(static_cast<int>(word & ((uint64_t{1} << b) - 1)), skipped);
    if (b + 4 * v < 64) {
      EXPECT_EQ(word >> (b + 4 * v), 0u);
    }
    for (int s = 0; s < v; ++s) {
      const int want = is_w ? ref_w_ho(w.at(s, k), c.k_w) : ref_a_ho(x.at(k, s), c.t);
      EXPECT_EQ(field(word, b + 4 * s), want);
    }
    skipped = 0;
  }
  EXPECT_EQ(e, im.ho_words.size());
  // LO words: k major, then plane j; slice s in [4s, 4s + 4).
  ASSERT_EQ(im.lo_words.size(), static_cast<size_t>(K) * static_cast<size_t>(is_w ? c.k_w : 1));
  for (int k = 0; k < K; ++k) {
    for (int j = 0; j < (is_w ? c.k_w : 1); ++j) {
      const uint64_t word = im.lo_words[static_cast<size_t>(k * (is_w ? c.k_w : 1) + j)];
      if (4 * v < 64) {
        EXPECT_EQ(word >> (4 * v), 0u);
      }
      for (int s = 0; s < v; ++s) {
        const int want = is_w ? ref_sbr(w.at(s, k), c.k_w)[static_cast<size_t>(j)] : ref_a_lo(x.at(k, s), c.t);
        EXPECT_EQ(field(word, 4 * s), want);
      }
    }
  }
}

// The slices rebuild the operand: W exactly, X with its t low bits cleared.
void check_rebuild(const Config& c, int K, const Matrix& w, const Matrix& x, const BlockSlices& bl, bool is_w) {
  for (int k = 0; k < K; ++k) {
    for (int s = 0; s < c.v; ++s) {
      if (is_w) {
        int64_t rebuilt = static_cast<int64_t>(bl.ho_at(k, s)) * pow2(3 * c.k_w);
        for (int j = 0; j < c.k_w; ++j) rebuilt += static_cast<int64_t>(bl.lo_at(k, j, s)) * pow2(3 * j);
        EXPECT_EQ(rebuilt, w.at(s, k));
      } else {
        EXPECT_EQ(bl.ho_at(k, s) * pow2(4 + c.t) + bl.lo_at(k, 0, s) * pow2(c.t), ref_trunc(x.at(k, s), c.t));
      }
    }
  }
}

// Random blocks at every v (1..12) and b (1..16, b + 4v <= 64): the image decoded bit by bit here, the stored
// vectors against the run rule, the round trip, and the block's slices rebuilding W and X_t.
TEST(PanaceaImage, RandomBlocksAgainstBitLevelDecoding) {
  std::mt19937_64 rng(7);
  int checked = 0;
  for (int v = 1; v <= 12; ++v) {
    for (int b = 1; b <= 16; ++b) {
      if (b + 4 * v > 64) continue;
      for (int rep = 0; rep < 3; ++rep) {
        Config c;
        c.k_w = static_cast<int>(rng() % 3);
        c.t = static_cast<int>(rng() % 3);
        c.z = static_cast<int>(rng() % 256);
        c.v = v;
        c.rle_bits = b;
        const int K = 1 + static_cast<int>(rng() % 40);
        const double sw = static_cast<double>(rng() % 5) / 4.0, sx = static_cast<double>(rng() % 5) / 4.0;
        const Matrix w = gen_w(rng, v, K, c, sw);
        const Matrix x = gen_x(rng, K, v, c, sx);
        const RefMaps m = ref_maps(w, x, c);
        SCOPED_TRACE(cfg_name(c) + " K " + std::to_string(K));
        for (int op = 0; op < 2; ++op) {
          const bool is_w = op == 0;
          const BlockSlices bl = is_w ? weight_block(w, c.k_w, v, 0) : act_block(x, c.z, c.t, v, 0);
          const OperandImage im = pack(bl, b);
          const std::vector<bool> want_stored = ref_stored(is_w ? m.w_comp[0] : m.x_comp[0], b);
          ASSERT_EQ(stored_vectors(im), want_stored);
          ASSERT_EQ(unpack(im), bl);
          EXPECT_EQ(im.lo_planes, is_w ? c.k_w : 1);
          EXPECT_EQ(im.fill, is_w ? 0 : ref_r(c.z, c.t));
          ASSERT_NO_FATAL_FAILURE(check_image_words(c, K, w, x, im, want_stored, is_w));
          check_rebuild(c, K, w, x, bl, is_w);
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 500);
}

TEST(PanaceaImage, MalformedThrows) {
  const BlockSlices bl = weight_block(mat(2, 3, {-9, 3, 8, 5, -1, 0}), 1, 2, 0);
  const OperandImage im = pack(bl, 3);
  OperandImage bad = im;
  bad.ho_words[0] |= uint64_t{1} << 11;  // above b + 4v = 11 bits
  EXPECT_THROW(unpack(bad), std::invalid_argument);
  EXPECT_THROW(stored_vectors(bad), std::invalid_argument);
  bad = im;
  bad.lo_words[1] |= uint64_t{1} << 8;  // above 4v = 8 bits
  EXPECT_THROW(unpack(bad), std::invalid_argument);
  bad = im;
  bad.lo_words.pop_back();
  EXPECT_THROW(unpack(bad), std::invalid_argument);
  bad = im;
  bad.ho_words.push_back(0);  // a third entry at position 3 >= k
  EXPECT_THROW(unpack(bad), std::invalid_argument);
  EXPECT_THROW(stored_vectors(bad), std::invalid_argument);
  bad = im;
  bad.v = 13;
  EXPECT_THROW(unpack(bad), std::invalid_argument);
  bad = im;
  bad.fill = 8;  // not a signed 4-bit value
  EXPECT_THROW(unpack(bad), std::invalid_argument);
  bad = im;
  bad.k = 0;
  EXPECT_THROW(unpack(bad), std::invalid_argument);
  EXPECT_THROW(pack(bl, 0), std::invalid_argument);
  EXPECT_THROW(pack(bl, 17), std::invalid_argument);
  BlockSlices bb = bl;
  bb.ho[0] = 8;
  EXPECT_THROW(pack(bb, 3), std::invalid_argument);
  bb = bl;
  bb.lo.pop_back();
  EXPECT_THROW(pack(bb, 3), std::invalid_argument);
  bb = bl;
  bb.is_signed = false;  // -1 is not an unsigned slice
  EXPECT_THROW(pack(bb, 3), std::invalid_argument);
  bb = bl;
  bb.lo_planes = 3;
  EXPECT_THROW(pack(bb, 3), std::invalid_argument);
}

}  // namespace
}  // namespace bf::golden::panacea::panacea_test
