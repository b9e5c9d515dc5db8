// The error thrown by the synthesis / lint flow (gen/flow): an unreadable Liberty file, a failing yosys run,
// an inferred latch, a cell the Liberty does not know. A ToolError, so the CLI maps it to exit code 1.
#pragma once

#include <string>

#include "base/errors.hpp"

namespace bf::flow {

class FlowError : public bf::ToolError {
 public:
  explicit FlowError(const std::string& what) : bf::ToolError(what) {}
};

}  // namespace bf::flow
