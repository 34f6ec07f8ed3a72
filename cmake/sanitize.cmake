# ASan + UBSan over our code (-DTB_SANITIZE=ON): the loader library carries the flags to
# everything linked with it (tools, commands, unit and loader tests); libbcc and LLVM are
# prebuilt and not instrumented, and the workload programs in tests/progs are left alone
# (some are linked statically, which ASan cannot be). The runtime options and the leak
# suppressions for libbcc/LLVM are compiled in (tests/sanitize/options.c), so a plain
# `ctest --test-dir build-asan` runs with them; ASAN_OPTIONS & co. still override.
option(TB_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(TB_SANITIZE)
  set(TB_SANITIZE_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
      -fno-omit-frame-pointer)
  target_compile_options(tracebox PUBLIC ${TB_SANITIZE_FLAGS})
  target_link_options(tracebox PUBLIC ${TB_SANITIZE_FLAGS})
  target_sources(tracebox INTERFACE ${CMAKE_SOURCE_DIR}/tests/sanitize/options.c)
  target_compile_definitions(tracebox INTERFACE
    TB_LSAN_SUPP="${CMAKE_SOURCE_DIR}/tests/sanitize/lsan.supp")
endif()
