# MPFI, MPFR and GMP as imported targets, each naming the one it builds on, so that a static
# link line comes out in the order the linker needs (mpfi before mpfr before gmp) whatever
# order a consumer names chainrule's libraries in. Used by the build itself and, installed
# beside chainruleConfig.cmake, by every find_package(chainrule). None of the three ships a
# CMake package; Debian's mpfr.pc and gmp.pc would need pkg-config, so they are found the way
# FindXXX modules do, with find_library and find_path.
#
# Sets chainrule_DEPENDENCIES_FOUND, and chainrule_MISSING_DEPENDENCY to the first missing one.
set(chainrule_DEPENDENCIES_FOUND TRUE)
set(_chainrule_below "")
foreach(_chainrule_lib IN ITEMS gmp mpfr mpfi)
  if(NOT TARGET chainrule::${_chainrule_lib})
    find_library(CHAINRULE_${_chainrule_lib}_LIBRARY ${_chainrule_lib})
    find_path(CHAINRULE_${_chainrule_lib}_INCLUDE_DIR ${_chainrule_lib}.h)
    if(NOT CHAINRULE_${_chainrule_lib}_LIBRARY OR NOT CHAINRULE_${_chainrule_lib}_INCLUDE_DIR)
      set(chainrule_DEPENDENCIES_FOUND FALSE)
      set(chainrule_MISSING_DEPENDENCY ${_chainrule_lib})
      break()
    endif()
    add_library(chainrule::${_chainrule_lib} UNKNOWN IMPORTED)
    set_target_properties(chainrule::${_chainrule_lib} PROPERTIES
      IMPORTED_LOCATION "${CHAINRULE_${_chainrule_lib}_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${CHAINRULE_${_chainrule_lib}_INCLUDE_DIR}"
      INTERFACE_LINK_LIBRARIES "${_chainrule_below}")
  endif()
  set(_chainrule_below chainrule::${_chainrule_lib})
endforeach()
unset(_chainrule_below)
unset(_chainrule_lib)
