// Tests of the SPARK accelerator cycle models (golden/spark/array.hpp): being written.
#include "spark/array.hpp"
