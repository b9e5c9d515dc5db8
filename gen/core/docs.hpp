// docs/blocks.md, written from the block declarations (`bitforge docs`); a test keeps the file in step.
#pragma once

#include <string>

namespace bf {
std::string blocks_markdown();
}
