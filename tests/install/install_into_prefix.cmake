# CTest fixture: `cmake --install BUILD_DIR --prefix PREFIX` into an emptied
# PREFIX, so the install tests see exactly what the install rules put there.
#   cmake -DBUILD_DIR=build -DPREFIX=build/tests/install_prefix -P install_into_prefix.cmake
if(NOT BUILD_DIR OR NOT PREFIX)
  message(FATAL_ERROR "usage: cmake -DBUILD_DIR=... -DPREFIX=... -P install_into_prefix.cmake")
endif()
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BUILD_DIR} --prefix ${PREFIX} failed (${rc})")
endif()
