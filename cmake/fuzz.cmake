# libFuzzer targets (-DTB_FUZZ=ON, clang only): tests/fuzz/fuzz_NAME.c, each a bin/fuzz_NAME
# run over tests/fuzz/corpus/NAME by tests/fuzz/run.sh. The loader library is built with
# coverage, ASan and UBSan so a finding anywhere in it stops the run. Not for a normal build:
# every tool of that build is instrumented too.
option(TB_FUZZ "Build the libFuzzer targets (needs CC=clang)" OFF)
if(TB_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TB_FUZZ needs clang: CC=clang cmake -S . -B build-fuzz -DTB_FUZZ=ON")
  endif()
  set(TB_FUZZ_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
      -fno-omit-frame-pointer)
  target_compile_options(tracebox PUBLIC -fsanitize=fuzzer-no-link ${TB_FUZZ_FLAGS})
  target_link_options(tracebox PUBLIC ${TB_FUZZ_FLAGS})
  set(TB_FUZZ_TARGETS object layout tracepipe proc options net kconfig dns)
  foreach(name ${TB_FUZZ_TARGETS})
    add_executable(fuzz_${name} tests/fuzz/fuzz_${name}.c)
    target_include_directories(fuzz_${name} PRIVATE programs frontends loader)
    target_link_libraries(fuzz_${name} PRIVATE tracebox)
    target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
  endforeach()
endif()
