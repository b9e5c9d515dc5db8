// The Verilator runtime headers every model includes, precompiled once at build time (verif/CMakeLists.txt writes
// model_pch.hpp.gch into the runtime directory). Each model's unity.cpp includes this file first; the compiler
// takes the .gch when its flags match and parses this header otherwise, so the precompiled header only ever
// saves time (about a second per model).
#pragma once

#include "verilated.h"
#include "verilated_vcd_c.h"
