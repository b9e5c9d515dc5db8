// Shared helpers of the ANT golden model tests (golden/ant; golden_ant_*_test.cpp, one file per topic), against
// formats.md "ANT" and paper 002 (Tables II and III, Eq. 5-8, Algorithm 2). Every expectation is derived from the
// spec or the paper by hand, never from running the model. The reference value tables (ant_test_util.cpp) are
// written independently of the implementation: flint is rebuilt from the paper's float-style reading of first-one
// encoding (value intervals 2^(i-1) .. 2^i with an exponent field and i-dependent mantissa bits, Table II), not
// from the int-based base/exp table that the model implements.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ant/ant.hpp"

namespace bf::golden::ant::ant_test {

namespace an = bf::golden::ant;

int64_t pow2(int n);

// code -> value for any valid format: signed int two's complement; signed pot / flint sign-magnitude (the
// independent reference tables).
std::vector<int64_t> ref_values(const Format& f);

std::vector<Format> all_valid_formats();

std::string name(const Format& f);

// Distinct values ascending with their smallest code.
std::map<int64_t, uint32_t> ref_canonical(const std::vector<int64_t>& vals);

// The format's values (by the model), as a set.
std::set<int64_t> value_set(const Format& f);

// {m, -m} for every m.
std::set<int64_t> signed_set(std::initializer_list<int64_t> mags);

// Reference real quantizer: the largest distinct value whose lower midpoint y reaches (ties upward).
uint32_t ref_quantize_real(const std::map<int64_t, uint32_t>& canon, double y);

}  // namespace bf::golden::ant::ant_test
