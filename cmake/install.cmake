# Install and package: `cmake --install build` and `cpack` (a .deb). Layout, chosen to sit beside
# Debian's bpfcc-tools (/usr/sbin/X-bpfcc), bpftrace (/usr/sbin/X.bt) and perf-tools-unstable
# (/usr/sbin/X-perf) without a clash, and beside a libbpf-tools that takes the plain names:
#   lib/tracebox/bin/X          the tools under their own names (killsnoop, javagc: links)
#   sbin/X-tb                   each tool on PATH with Debian's suffix convention (TB_SUFFIX)
#   sbin/tbrun, tblist, tbdoctor   tracebox's own commands, whose names are already unique
#   share/man/man8/X-tb.8       man pages made from docs/X.md at build time (cmake/md2man.awk)
#   share/bash-completion/completions/X-tb   completion of each command's options
# Put lib/tracebox/bin first in PATH to call the tools by BCC's plain names.
include(GNUInstallDirs)
set(TB_SUFFIX "-tb" CACHE STRING "suffix of the tools' names in sbin/ and man8/")
set(TB_LIBEXEC ${CMAKE_INSTALL_LIBDIR}/tracebox/bin)
if(CMAKE_INSTALL_LIBDIR MATCHES "^lib/")
  set(TB_LIBEXEC lib/tracebox/bin) # not lib/x86_64-linux-gnu: the tools are not a library
endif()

# man pages: one per tool (aliases have docs of their own) and per command
set(TB_MAN_DIR ${CMAKE_BINARY_DIR}/man)
file(MAKE_DIRECTORY ${TB_MAN_DIR})
string(TIMESTAMP TB_MAN_DATE "%Y-%m-%d" UTC)
set(TB_MAN_PAGES)
set(tb_man_names ${TB_TOOLS})
foreach(alias ${TB_TOOL_ALIASES})
  string(REGEX REPLACE "=.*" "" link ${alias})
  list(APPEND tb_man_names ${link})
endforeach()
foreach(name ${tb_man_names} ${TB_COMMANDS})
  if(name IN_LIST TB_COMMANDS)
    set(page ${name})
  else()
    set(page ${name}${TB_SUFFIX})
  endif()
  add_custom_command(OUTPUT ${TB_MAN_DIR}/${page}.8
    COMMAND awk -v name=${page} -v date=${TB_MAN_DATE} -f ${CMAKE_SOURCE_DIR}/cmake/md2man.awk
            ${CMAKE_SOURCE_DIR}/docs/${name}.md > ${TB_MAN_DIR}/${page}.8
    DEPENDS ${CMAKE_SOURCE_DIR}/docs/${name}.md ${CMAKE_SOURCE_DIR}/cmake/md2man.awk VERBATIM)
  list(APPEND TB_MAN_PAGES ${TB_MAN_DIR}/${page}.8)
endforeach()
add_custom_target(man ALL DEPENDS ${TB_MAN_PAGES})
install(FILES ${TB_MAN_PAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)

# the tools, their links under the suffixed names, the commands, the completions
foreach(tool ${TB_TOOLS})
  install(TARGETS ${tool} RUNTIME DESTINATION ${TB_LIBEXEC})
endforeach()
install(TARGETS ${TB_COMMANDS} RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR})
install(FILES ${CMAKE_SOURCE_DIR}/packaging/bash-completion DESTINATION
        ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME tracebox)
file(RELATIVE_PATH tb_sbin_to_tools /${CMAKE_INSTALL_SBINDIR} /${TB_LIBEXEC})
foreach(alias ${TB_TOOL_ALIASES})
  string(REPLACE "=" ";" pair ${alias})
  list(GET pair 0 link)
  list(GET pair 1 tool)
  install(CODE "file(CREATE_LINK ${tool} \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${TB_LIBEXEC}/${link}\" SYMBOLIC)")
endforeach()
foreach(name ${tb_man_names})
  install(CODE "file(MAKE_DIRECTORY \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_SBINDIR}\")
file(CREATE_LINK ${tb_sbin_to_tools}/${name} \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_SBINDIR}/${name}${TB_SUFFIX}\" SYMBOLIC)")
endforeach()
foreach(name ${tb_man_names} ${TB_COMMANDS})
  if(name IN_LIST TB_COMMANDS)
    set(cmd ${name})
  else()
    set(cmd ${name}${TB_SUFFIX})
  endif()
  install(CODE "file(CREATE_LINK tracebox \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/bash-completion/completions/${cmd}\" SYMBOLIC)")
endforeach()

# cpack -G DEB (from the build folder): tracebox_VERSION_ARCH.deb
set(CPACK_PACKAGE_NAME tracebox)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "tracebox developers <tracebox@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "BCC-style BPF tracing tools in C, compiled on the target")
# (CPack puts the summary first and indents these lines itself)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "execsnoop, opensnoop, biolatency, runqlat, tcplife, profile, trace,
funccount and more, with BCC's flags and columns, as X-tb (plain names in
/usr/lib/tracebox/bin); no Python. Each tool compiles its BPF program at start-up
with libbcc, against the kernel's headers or a header tree made from its BTF.")
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# clang-14: the clang program of libbcc's own clang build precompiles classic kernel headers
# (loader/kernel/pch.c); the postinst fills the compile cache (tbdoctor --warm)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "bpftool, clang-14")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_SOURCE_DIR}/packaging/postinst)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
