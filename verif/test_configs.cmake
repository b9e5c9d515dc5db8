# Test configurations: each one is generated, linted (Verilator -Wall, Icarus, Yosys without latches) and
# verified cycle by cycle through a model built at build time by `bitforge model` (a custom command, because
# Verilator's CMake verilate() runs at configure time and cannot take RTL generated during the build).

set(BF_TEST_CONFIG_DIR ${PROJECT_BINARY_DIR}/test_configs)
set(BF_TEST_MODEL_DIR ${PROJECT_BINARY_DIR}/test_models)
set(BF_TEST_MODEL_LIST "")
set(BF_TEST_MODEL_STAMPS "")

# bf_lint_test(NAME CONFIG_FILE): the lint gate for one config.
function(bf_lint_test name cfg)
  add_test(NAME lint.${name} COMMAND bitforge lint ${cfg})
  set_tests_properties(lint.${name} PROPERTIES LABELS "lint")
endfunction()

# bf_test_config(NAME BLOCK PARAMS_JSON): writes the config, builds its model, adds its lint test and
# registers it with the RTL GoogleTest suite.
function(bf_test_config name block params)
  set(cfg ${BF_TEST_CONFIG_DIR}/${name}.json)
  file(CONFIGURE OUTPUT ${cfg} CONTENT "{\"block\": \"${block}\", \"name\": \"${name}\", \"params\": ${params}}\n")
  set(dir ${BF_TEST_MODEL_DIR}/${name})
  add_custom_command(
    OUTPUT ${dir}/model.stamp
    COMMAND bitforge model ${cfg} -o ${dir}
    COMMAND ${CMAKE_COMMAND} -E touch ${dir}/model.stamp
    DEPENDS bitforge bf_verilated ${cfg} ${CMAKE_CURRENT_SOURCE_DIR}/harness/dut_shim.hpp
            ${CMAKE_CURRENT_SOURCE_DIR}/harness/dut.hpp
    COMMENT "Verilator model ${name}"
    VERBATIM)
  bf_lint_test(${name} ${cfg})
  set(BF_TEST_MODEL_LIST "${BF_TEST_MODEL_LIST}  {\"${name}\", \"${cfg}\", \"${dir}\"},\n" PARENT_SCOPE)
  list(APPEND BF_TEST_MODEL_STAMPS ${dir}/model.stamp)
  set(BF_TEST_MODEL_STAMPS ${BF_TEST_MODEL_STAMPS} PARENT_SCOPE)
endfunction()

# SPARK codecs: every width, unsigned and signed, the encoder combinational and registered.
foreach(n 6 8 10 12 14 16)
  foreach(s false true)
    foreach(p 0 1)
      bf_test_config(spark_enc_n${n}_s${s}_p${p} spark_encoder "{\"bits\": ${n}, \"signed\": ${s}, \"pipeline\": ${p}}")
    endforeach()
    bf_test_config(spark_dec_n${n}_s${s} spark_decoder "{\"bits\": ${n}, \"signed\": ${s}}")
  endforeach()
endforeach()

# int_array: edge shapes (1x1, 1xC, Rx1, tall R > C + 3, 32 columns), signedness, digit-serial PEs (pe_bits < operand width), wide
# operands, a narrow wrapping accumulator.
bf_test_config(ia_1x1 int_array "{\"rows\": 1, \"cols\": 1}")
bf_test_config(ia_1x5_u int_array "{\"rows\": 1, \"cols\": 5, \"a_signed\": false, \"b_signed\": false}")
bf_test_config(ia_4x1 int_array "{\"rows\": 4, \"cols\": 1, \"b_signed\": false}")
bf_test_config(ia_3x4 int_array "{\"rows\": 3, \"cols\": 4, \"a_signed\": false}")
bf_test_config(ia_4x4_pe4 int_array "{\"rows\": 4, \"cols\": 4, \"pe_bits\": 4}")
bf_test_config(ia_3x5_odd int_array "{\"rows\": 3, \"cols\": 5, \"a_bits\": 5, \"b_bits\": 7, \"a_signed\": false, \"pe_bits\": 3, \"acc_bits\": 20}")
bf_test_config(ia_2x2_w16 int_array "{\"rows\": 2, \"cols\": 2, \"a_bits\": 16, \"b_bits\": 16, \"acc_bits\": 40}")
bf_test_config(ia_2x3_w16_pe4 int_array "{\"rows\": 2, \"cols\": 3, \"a_bits\": 16, \"b_bits\": 12, \"b_signed\": false, \"acc_bits\": 48, \"pe_bits\": 4}")
bf_test_config(ia_3x3_acc8 int_array "{\"rows\": 3, \"cols\": 3, \"a_bits\": 4, \"b_bits\": 4, \"acc_bits\": 8}")
bf_test_config(ia_8x2 int_array "{\"rows\": 8, \"cols\": 2}")
bf_test_config(ia_6x1_pe4 int_array "{\"rows\": 6, \"cols\": 1, \"pe_bits\": 4, \"a_signed\": false}")
bf_test_config(ia_2x32_w2 int_array "{\"rows\": 2, \"cols\": 32, \"a_bits\": 2, \"b_bits\": 2, \"acc_bits\": 8}")
bf_test_config(ia_8x8 int_array "{\"rows\": 8, \"cols\": 8}")
bf_test_config(ia_8x8_pe4 int_array "{\"rows\": 8, \"cols\": 8, \"pe_bits\": 4}")

# ANT codecs: every width, signed and unsigned; the encoder at narrow, matching and wide input widths.
foreach(n 3 4 5 6 7 8)
  foreach(s false true)
    bf_test_config(flint_dec_n${n}_s${s} flint_decoder "{\"bits\": ${n}, \"signed\": ${s}}")
  endforeach()
endforeach()
foreach(n 3 4)
  foreach(s false true)
    bf_test_config(ant_dec_n${n}_s${s} ant_decoder "{\"bits\": ${n}, \"signed\": ${s}}")
  endforeach()
endforeach()
foreach(spec "4 false 4" "4 true 8" "4 false 12" "3 true 5" "6 true 10" "7 false 9" "8 false 16" "8 true 16" "5 true 2")
  separate_arguments(spec)
  list(GET spec 0 n)
  list(GET spec 1 s)
  list(GET spec 2 w)
  bf_test_config(flint_enc_n${n}_s${s}_w${w} flint_encoder "{\"bits\": ${n}, \"signed\": ${s}, \"in_bits\": ${w}}")
endforeach()

foreach(spec "4 false 32" "4 true 32" "3 true 12" "8 true 40" "5 false 16")
  separate_arguments(spec)
  list(GET spec 0 n)
  list(GET spec 1 s)
  list(GET spec 2 acc)
  bf_test_config(ant_pe_n${n}_s${s}_acc${acc} ant_pe "{\"bits\": ${n}, \"signed\": ${s}, \"acc_bits\": ${acc}}")
endforeach()

# ant_array: default signedness, both signed, 3-bit codes, a tall shape, a wrapping 16-bit accumulator.
bf_test_config(aa_3x4 ant_array "{\"rows\": 3, \"cols\": 4, \"int8_mode\": false}")
bf_test_config(aa_4x4_ss ant_array "{\"rows\": 4, \"cols\": 4, \"a_signed\": true}")
bf_test_config(aa_2x3_n3 ant_array "{\"rows\": 2, \"cols\": 3, \"bits\": 3, \"b_signed\": false, \"int8_mode\": false}")
bf_test_config(aa_6x2 ant_array "{\"rows\": 6, \"cols\": 2}")
bf_test_config(aa_2x2_acc16 ant_array "{\"rows\": 2, \"cols\": 2, \"a_signed\": true, \"acc_bits\": 16}")
bf_test_config(aa_4x6_uu ant_array "{\"rows\": 4, \"cols\": 6, \"b_signed\": false}")

# SPARK accelerator: the PE (exhaustive at 6 and 8 bits), the output encoder, and arrays: edge shapes, every
# signedness, FIFO depths 1..4, narrow accumulators, wide units, the output encoder.
bf_test_config(sp_pe_n8 spark_pe "{}")
bf_test_config(sp_pe_n6_ss spark_pe "{\"bits\": 6, \"a_signed\": true, \"acc_bits\": 10}")
bf_test_config(sp_pe_n6_uu spark_pe "{\"bits\": 6, \"b_signed\": false}")
bf_test_config(sp_pe_n16 spark_pe "{\"bits\": 16, \"a_signed\": true, \"acc_bits\": 40}")
bf_test_config(sp_oe_c8 spark_out_encoder "{}")
bf_test_config(sp_oe_c3_s spark_out_encoder "{\"cols\": 3, \"signed\": true, \"acc_bits\": 20}")
bf_test_config(sp_oe_c1_n16 spark_out_encoder "{\"cols\": 1, \"bits\": 16, \"acc_bits\": 64}")
bf_test_config(sa_1x1 spark_array "{\"rows\": 1, \"cols\": 1}")
bf_test_config(sa_1x5_d1 spark_array "{\"rows\": 1, \"cols\": 5, \"fifo_depth\": 1}")
bf_test_config(sa_4x1 spark_array "{\"rows\": 4, \"cols\": 1, \"a_signed\": true}")
bf_test_config(sa_3x4_uu spark_array "{\"rows\": 3, \"cols\": 4, \"b_signed\": false, \"fifo_depth\": 3}")
bf_test_config(sa_4x4_n6_acc10 spark_array "{\"rows\": 4, \"cols\": 4, \"bits\": 6, \"acc_bits\": 10}")
bf_test_config(sa_2x3_n16 spark_array "{\"rows\": 2, \"cols\": 3, \"bits\": 16, \"a_signed\": true, \"acc_bits\": 48}")
bf_test_config(sa_8x8 spark_array "{\"rows\": 8, \"cols\": 8}")
bf_test_config(sa_6x2_d4 spark_array "{\"rows\": 6, \"cols\": 2, \"fifo_depth\": 4}")
bf_test_config(sa_4x4_oe spark_array "{\"rows\": 4, \"cols\": 4, \"output_encoder\": true}")
bf_test_config(sa_2x3_oe_s spark_array "{\"rows\": 2, \"cols\": 3, \"a_signed\": true, \"output_encoder\": true, \"fifo_depth\": 1, \"acc_bits\": 24}")

# EBSP: the LUT PE exhaustive wherever both operands total 16 bits or fewer (the paper's (bits, pattern) points,
# patterns of length 1 and full length, a narrow accumulator), the multiplier baseline, and arrays.
bf_test_config(ep_5_3 ebsp_pe "{\"act_bits\": 5, \"act_pattern\": 3, \"wgt_bits\": 5, \"wgt_pattern\": 3}")
bf_test_config(ep_6_3 ebsp_pe "{\"act_bits\": 6, \"act_pattern\": 3, \"wgt_bits\": 6, \"wgt_pattern\": 3}")
bf_test_config(ep_8_4 ebsp_pe "{}")
bf_test_config(ep_8_5_acc12 ebsp_pe "{\"act_pattern\": 5, \"wgt_pattern\": 5, \"acc_bits\": 12}")
bf_test_config(ep_8_7 ebsp_pe "{\"act_pattern\": 7, \"wgt_pattern\": 7}")
bf_test_config(ep_4_1_w7_6 ebsp_pe "{\"act_bits\": 4, \"act_pattern\": 1, \"wgt_bits\": 7, \"wgt_pattern\": 6}")
bf_test_config(ep_12_2_w4_1 ebsp_pe "{\"act_bits\": 12, \"act_pattern\": 2, \"wgt_bits\": 4, \"wgt_pattern\": 1}")
bf_test_config(ep_12_7_w12_7 ebsp_pe "{\"act_bits\": 12, \"act_pattern\": 7, \"wgt_bits\": 12, \"wgt_pattern\": 7, \"acc_bits\": 40}")
bf_test_config(mp_8 mult_pe "{}")
bf_test_config(mp_5_acc8 mult_pe "{\"act_bits\": 5, \"wgt_bits\": 5, \"acc_bits\": 8}")
bf_test_config(ea_1x1 ebsp_array "{\"rows\": 1, \"lanes\": 1}")
bf_test_config(ea_4x8 ebsp_array "{\"rows\": 4, \"lanes\": 8}")
bf_test_config(ea_3x5_6_3 ebsp_array "{\"rows\": 3, \"lanes\": 5, \"act_bits\": 6, \"act_pattern\": 3, \"wgt_bits\": 6, \"wgt_pattern\": 2, \"acc_bits\": 14}")
bf_test_config(ea_8x2_1 ebsp_array "{\"rows\": 8, \"lanes\": 2, \"act_pattern\": 1, \"wgt_pattern\": 7}")

# Panacea: the outer-product calculator at the paper's v = 4 and at the edges; PE arrays and cores with small
# buffers (kmax): Yosys' generic synthesis in the lint gate takes about a minute per PEA at kmax = 8 to 16.
bf_test_config(po_v4 panacea_opc "{}")
bf_test_config(po_v1 panacea_opc "{\"v\": 1}")
bf_test_config(po_v8 panacea_opc "{\"v\": 8}")
bf_test_config(pp_k8 panacea_pea "{\"kmax\": 8}")
bf_test_config(pc_p2 panacea_core "{\"peas\": 2, \"kmax\": 8}")
bf_test_config(pc_p3_kw0_v2 panacea_core "{\"peas\": 3, \"k_w\": 0, \"v\": 2, \"kmax\": 8}")
bf_test_config(pp_kw0 panacea_pea "{\"k_w\": 0, \"kmax\": 16}")
bf_test_config(pp_kw2_v2 panacea_pea "{\"k_w\": 2, \"v\": 2, \"swo\": 5, \"kmax\": 32}")
bf_test_config(pp_v1_b1 panacea_pea "{\"v\": 1, \"kmax\": 3, \"rle_bits\": 1}")
bf_test_config(pp_v3_acc20 panacea_pea "{\"k_w\": 2, \"v\": 3, \"kmax\": 20, \"swo\": 2, \"acc_bits\": 20, \"rle_bits\": 2}")
# Double-tile processing: the paper's operators (4 DWOs, 8 SWOs: 1 borrowed slot beside a dynamic step, 4 without);
# k_w = 2 with 1 and 0 borrowed slots beside a dynamic step (dwo 6, and dwo 5 where DWO 0 only serves the dynamic
# step); k_w = 0 (no static work: the lanes' dynamic items alternate); a core of two dtp PEAs.
bf_test_config(pp_dtp_k8 panacea_pea "{\"kmax\": 8, \"dtp\": true}")
bf_test_config(pp_dtp_kw2_v2 panacea_pea "{\"k_w\": 2, \"v\": 2, \"swo\": 3, \"dwo\": 6, \"kmax\": 12, \"dtp\": true}")
bf_test_config(pp_dtp_kw2_d5 panacea_pea "{\"k_w\": 2, \"v\": 1, \"swo\": 2, \"dwo\": 5, \"kmax\": 6, \"rle_bits\": 2, \"dtp\": true}")
bf_test_config(pp_dtp_kw0_v2 panacea_pea "{\"k_w\": 0, \"v\": 2, \"kmax\": 8, \"dtp\": true}")
bf_test_config(pc_p2_dtp_v2 panacea_core "{\"peas\": 2, \"v\": 2, \"kmax\": 8, \"dtp\": true}")
# Several dynamic items per cycle (dyn_items): the paper's operators without and with dtp; k_w = 2 with dtp (the
# greedy stops when an item's products do not fit); k_w = 0 (X-only items need no DWO); a core.
bf_test_config(pp_dyn4_k8 panacea_pea "{\"kmax\": 8, \"dyn_items\": 4}")
bf_test_config(pp_dtp_dyn4_v2 panacea_pea "{\"v\": 2, \"kmax\": 8, \"dtp\": true, \"dyn_items\": 4}")
bf_test_config(pp_dtp_kw2_dyn2 panacea_pea "{\"k_w\": 2, \"v\": 2, \"swo\": 5, \"dwo\": 5, \"kmax\": 8, \"dtp\": true, \"dyn_items\": 2}")
bf_test_config(pp_dtp_kw0_dyn3 panacea_pea "{\"k_w\": 0, \"v\": 2, \"kmax\": 8, \"dtp\": true, \"dyn_items\": 3}")
bf_test_config(pc_p2_dyn2_v2 panacea_core "{\"peas\": 2, \"v\": 2, \"kmax\": 6, \"dyn_items\": 2}")

# Every example config passes the same lint gate.
file(GLOB BF_EXAMPLES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/examples/*.json)
foreach(ex ${BF_EXAMPLES})
  get_filename_component(exname ${ex} NAME_WE)
  bf_lint_test(example.${exname} ${ex})
endforeach()

add_custom_target(bf_test_models ALL DEPENDS ${BF_TEST_MODEL_STAMPS})
file(CONFIGURE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/generated/test_models.inc
     CONTENT "// Generated by verif/test_configs.cmake: {name, config, model directory}.\n${BF_TEST_MODEL_LIST}")

# Unit tests of golden models, the generator core and the tool flows.
add_executable(unit_tests
  spark/golden_spark_test.cpp
  spark/golden_spark_pe_test.cpp
  spark/golden_spark_array_timing_test.cpp
  spark/golden_spark_array_property_test.cpp
  spark/golden_spark_out_encoder_test.cpp
  spark/spark_array_test_util.cpp
  gemm/golden_gemm_test.cpp
  ant/golden_ant_format_test.cpp
  ant/golden_ant_quantize_test.cpp
  ant/golden_ant_select_test.cpp
  ant/golden_ant_int8_test.cpp
  ant/ant_test_util.cpp
  ebsp/golden_ebsp_pattern_test.cpp
  ebsp/golden_ebsp_lut_test.cpp
  ebsp/golden_ebsp_pe_test.cpp
  ebsp/golden_ebsp_array_test.cpp
  ebsp/ebsp_test_util.cpp
  panacea/golden_panacea_slices_test.cpp
  panacea/golden_panacea_dbs_test.cpp
  panacea/golden_panacea_image_test.cpp
  panacea/golden_panacea_gemm_test.cpp
  panacea/golden_panacea_workload_test.cpp
  panacea/panacea_test_util.cpp
  panacea/golden_pea_timing_test.cpp
  panacea/golden_pea_random_test.cpp
  panacea/golden_pea_shape_test.cpp
  panacea/golden_pea_dtp_test.cpp
  panacea/golden_pea_dyn_items_test.cpp
  panacea/pea_test_util.cpp
  core/core_test.cpp
  flow/flow_test.cpp
  snapshot/snapshot_test.cpp)
target_link_libraries(unit_tests PRIVATE bf_verif GTest::gtest GTest::gtest_main)
target_compile_options(unit_tests PRIVATE ${BF_WARNINGS})
target_compile_definitions(unit_tests PRIVATE BF_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_test(NAME unit_tests COMMAND unit_tests)
set_tests_properties(unit_tests PROPERTIES LABELS "unit")

# Cycle-by-cycle verification of every test config's model, plus mutants that must be caught.
add_executable(rtl_tests rtl_test.cpp)
target_link_libraries(rtl_tests PRIVATE bf_verif GTest::gtest GTest::gtest_main)
target_compile_options(rtl_tests PRIVATE ${BF_WARNINGS})
add_dependencies(rtl_tests bf_test_models)
add_test(NAME rtl_tests COMMAND rtl_tests)
set_tests_properties(rtl_tests PROPERTIES LABELS "rtl")

# The long sweep (label `long`, not in the default run): every test config again with 20 more seeds and 1000
# random jobs each (BITFORGE_COUNT), about 5 minutes. Run it with `tools/bitforge test -L long`.
add_test(NAME long.rtl_sweep
         COMMAND bash -c "for s in $(seq 2 21); do BITFORGE_SEED=$s BITFORGE_COUNT=1000 $<TARGET_FILE:rtl_tests> --gtest_filter='TestConfigs/*' --gtest_brief=1 || exit 1; done")
set_tests_properties(long.rtl_sweep PROPERTIES LABELS "long" TIMEOUT 5400)

# The command line as a user meets it: exit codes, messages, nothing written on bad input, reproducible output.
add_test(NAME cli_tests COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/cli_test.sh $<TARGET_FILE:bitforge>
                                ${PROJECT_SOURCE_DIR})
set_tests_properties(cli_tests PROPERTIES LABELS "cli")
