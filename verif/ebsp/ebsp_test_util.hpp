// Shared helpers of the EBSP golden model tests (golden/ebsp; golden_ebsp_*_test.cpp, one file per topic), against
// docs/ebsp.md, formats.md "EBSP" and paper 001 (Sec. 3.2 masking, Sec. 4.1 the LUT PE, Fig. 3a the execution
// flow).
//
// Expectations are derived by hand from the docs (the binary written out next to each case), or come from the
// independent references declared here, written with different arithmetic: conformity as "the span from the
// leading one to the lowest set bit is at most s bits", truncation as a bit-by-bit walk from the MSB, truncate /
// nearest as brute-force searches for the neighbouring conforming values, products as ordinary multiplications of
// the reference values. Nothing is copied from running the model.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ebsp/ebsp.hpp"
#include "gemm/gemm.hpp"

namespace bf::golden::ebsp::ebsp_test {

using gemm::wrap;

int64_t pow2(int n);
uint64_t upow2(int n);

// ---- independent references ----

// v conforms to s when v = 0 or the bits from its leading one down to its lowest set bit span at most s.
bool ref_conforms(uint64_t v, int s);

// Walks the bits from the MSB: after the leading one, keeps the next s - 1 positions and drops the rest.
uint64_t ref_truncate(uint64_t v, int s);

// The conforming value of `width` bits nearest to v by searching down and up; a tie goes up; no conforming value
// above v within the width: down.
uint64_t ref_nearest(uint64_t v, int s, int width);

// The signed value after the pattern.
int64_t ref_value(const Pattern& p, int64_t v, bool nearest_mode = false);

// Every integer of the pattern's domain.
std::vector<int64_t> domain(const Pattern& p);

// Every valid pattern up to `max_bits`.
std::vector<Pattern> patterns_up_to(int max_bits);

std::string name(const Pattern& p);

}  // namespace bf::golden::ebsp::ebsp_test
