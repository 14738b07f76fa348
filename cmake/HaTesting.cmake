# One helper registers every test with CTest, labelled by suite.
#   ha_add_gtest(NAME name SOURCES a.cc b.cc LIBS lib... LABELS unit)
function(ha_add_gtest)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main)
  set_target_properties(${T_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}"
    ENVIRONMENT "HA_SHARED_DIR=${HA_SHARED_DIR};HA_SOURCE_DIR=${CMAKE_SOURCE_DIR};HA_BIN_DIR=${CMAKE_BINARY_DIR}/bin")
endfunction()

# The external test material lives beside the repository in ../shared.
get_filename_component(_ha_shared "${CMAKE_SOURCE_DIR}/../shared" ABSOLUTE)
set(HA_SHARED_DIR "${_ha_shared}" CACHE PATH "Location of the shared compat material")
