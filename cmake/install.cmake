# `cmake --install build --prefix P`: the headers under P/include (engine/, nn/, verify/, so
# that #include "engine/tape.hpp" reads the same installed as in the tree), the three static
# libraries, the chainrule command, the CMake package P/lib/cmake/chainrule (targets
# chainrule::engine, chainrule::nn, chainrule::verify) and P/lib/pkgconfig/chainrule.pc.
include(CMakePackageConfigHelpers)

foreach(module IN ITEMS engine nn verify)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${module} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
          FILES_MATCHING PATTERN "*.hpp")
endforeach()

install(TARGETS chainrule_engine chainrule_verify chainrule_nn EXPORT chainruleTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS chainrule RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(chainrule_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/chainrule)
install(EXPORT chainruleTargets NAMESPACE chainrule:: DESTINATION ${chainrule_cmake_dir})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/chainruleConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/chainruleConfig.cmake
                              INSTALL_DESTINATION ${chainrule_cmake_dir})
# 0.x: a minor version may break the API, so only the same major.minor is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/chainruleConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/chainruleConfig.cmake
              ${PROJECT_BINARY_DIR}/chainruleConfigVersion.cmake
              ${CMAKE_CURRENT_LIST_DIR}/chainruleDependencies.cmake
        DESTINATION ${chainrule_cmake_dir})

# The .pc file finds its prefix from its own directory (pkgconf's ${pcfiledir}).
file(RELATIVE_PATH CHAINRULE_PC_PREFIX_FROM_PCFILEDIR /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig
     /prefix)
configure_file(${CMAKE_CURRENT_LIST_DIR}/chainrule.pc.in ${PROJECT_BINARY_DIR}/chainrule.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/chainrule.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
