include(GoogleTest)

# One helper registers every test with CTest, labelled by suite.
#   ha_add_gtest(NAME name SOURCES a.cc b.cc LIBS lib... LABELS unit)
function(ha_add_gtest)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main)
  set_target_properties(${T_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  # Every test case is its own CTest test, so a suite's summary counts cases
  # and a skipped case (absent compat material) shows as skipped.
  gtest_discover_tests(${T_NAME} DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${T_LABELS}"
      SKIP_REGULAR_EXPRESSION "\\[  SKIPPED \\]")
endfunction()

# The external test material lives beside the repository in ../shared.
get_filename_component(_ha_shared "${CMAKE_SOURCE_DIR}/../shared" ABSOLUTE)
set(HA_SHARED_DIR "${_ha_shared}" CACHE PATH "Location of the shared compat material")

# A fuzz target is one file defining LLVMFuzzerTestOneInput. It always builds
# a regression runner (any compiler) that feeds every file of
# tests/fuzz/regressions/<NAME>/ through the target, registered as a CTest
# test labelled `fuzz`; with HA_FUZZ=ON (clang) it also builds the libFuzzer
# binary <NAME> into bin/fuzz/.
#   ha_add_fuzz(NAME hamsg_decode_fuzz SOURCES hamsg_decode_fuzz.cc LIBS ha_msg)
function(ha_add_fuzz)
  cmake_parse_arguments(F "" "NAME" "SOURCES;LIBS" ${ARGN})
  set(regdir ${CMAKE_SOURCE_DIR}/tests/fuzz/regressions/${F_NAME})
  add_executable(${F_NAME}_regress ${F_SOURCES} ${CMAKE_SOURCE_DIR}/tests/fuzz/regress_main.cc)
  target_link_libraries(${F_NAME}_regress PRIVATE ${F_LIBS})
  set_target_properties(${F_NAME}_regress PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  add_test(NAME ${F_NAME}_regress COMMAND ${F_NAME}_regress ${regdir})
  set_tests_properties(${F_NAME}_regress PROPERTIES LABELS "fuzz")
  if(HA_FUZZ)
    add_executable(${F_NAME} ${F_SOURCES})
    target_compile_options(${F_NAME} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_options(${F_NAME} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_libraries(${F_NAME} PRIVATE ${F_LIBS})
    set_target_properties(${F_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin/fuzz)
  endif()
endfunction()
