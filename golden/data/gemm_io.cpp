#include "data/gemm_io.hpp"

#include <algorithm>

namespace bf::data {

namespace gg = bf::golden::gemm;

gg::Matrix read_matrix(const nlohmann::json& j, int64_t lo, int64_t hi, const std::string& where,
                       const std::string& path) {
  if (!j.is_array() || j.empty()) throw InputError(where, path, "must be a non-empty array of rows");
  gg::Matrix m;
  for (size_t r = 0; r < j.size(); ++r) {
    const std::vector<int64_t> row = int_array(j[r], lo, hi, where, path + "/" + std::to_string(r));
    if (row.empty()) throw InputError(where, path + "/" + std::to_string(r), "must not be empty");
    if (r == 0) {
      m = gg::Matrix(static_cast<int>(j.size()), static_cast<int>(row.size()));
    } else if (static_cast<int>(row.size()) != m.cols) {
      throw InputError(where, path + "/" + std::to_string(r),
                       "has " + std::to_string(row.size()) + " elements, row 0 has " + std::to_string(m.cols));
    }
    for (size_t c = 0; c < row.size(); ++c) m.at(static_cast<int>(r), static_cast<int>(c)) = row[c];
  }
  return m;
}

nlohmann::json matrix_json(const gg::Matrix& m) {
  nlohmann::json rows = nlohmann::json::array();
  for (int r = 0; r < m.rows; ++r) {
    nlohmann::json row = nlohmann::json::array();
    for (int c = 0; c < m.cols; ++c) row.push_back(m.at(r, c));
    rows.push_back(row);
  }
  return rows;
}

void check_inner_dim(const gg::Matrix& a, const gg::Matrix& b, const std::string& where, const std::string& path) {
  if (b.rows != a.cols) {
    throw InputError(where, path + "/b",
                     "must have " + std::to_string(a.cols) + " rows (the columns of a), has " + std::to_string(b.rows));
  }
}

std::vector<GemmProblem> read_gemm_problems(const nlohmann::json& in, Range a, Range b, const std::string& where) {
  auto one = [&](const nlohmann::json& obj, const std::string& path) {
    allow_only(obj, {"a", "b"}, where, path);
    GemmProblem p{read_matrix(require_member(obj, "a", where, path), a.lo, a.hi, where, path + "/a"),
                  read_matrix(require_member(obj, "b", where, path), b.lo, b.hi, where, path + "/b")};
    check_inner_dim(p.a, p.b, where, path);
    return p;
  };
  return read_jobs<GemmProblem>(in, where, one);
}

golden::gemm::Matrix corner(const golden::gemm::Matrix& m, int rows, int cols) {
  golden::gemm::Matrix r(std::min(rows, m.rows), std::min(cols, m.cols));
  for (int i = 0; i < r.rows; ++i) {
    for (int j = 0; j < r.cols; ++j) r.at(i, j) = m.at(i, j);
  }
  return r;
}

}  // namespace bf::data
