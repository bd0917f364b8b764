# The page's build (scripts/web.sh runs CMake through emcmake): GMP and MPFR compiled for
# WebAssembly into CHAINRULE_WEB_PREFIX (scripts/web_numbers.sh), MPFI from web/mpfi/, and
# the header-only Boost, CLI11 and nlohmann-json of the machine through links in
# PREFIX/include, because emscripten's sysroot does not see /usr/include (whose C library
# headers are the machine's, not WebAssembly's).
set(CHAINRULE_WEB_PREFIX "" CACHE PATH "where scripts/web_numbers.sh installed GMP and MPFR")
if(NOT EXISTS "${CHAINRULE_WEB_PREFIX}/lib/libmpfr.a")
  message(FATAL_ERROR "no WebAssembly MPFR in '${CHAINRULE_WEB_PREFIX}': run scripts/web.sh")
endif()
enable_language(C)
# Exceptions are how the engine and the commands report errors; emscripten turns them off
# unless asked. WebAssembly's own exceptions are the fast kind (Chromium and Node know them).
add_compile_options(-fwasm-exceptions)
add_link_options(-fwasm-exceptions)

set(include_dir "${CHAINRULE_WEB_PREFIX}/include")
foreach(library IN ITEMS gmp mpfr)
  set(CHAINRULE_${library}_LIBRARY "${CHAINRULE_WEB_PREFIX}/lib/lib${library}.a" CACHE FILEPATH "")
  set(CHAINRULE_${library}_INCLUDE_DIR "${include_dir}" CACHE PATH "")
endforeach()
add_library(chainrule_web_mpfi STATIC ${PROJECT_SOURCE_DIR}/web/mpfi/mpfi_subset.c)
target_include_directories(chainrule_web_mpfi SYSTEM PUBLIC "${include_dir}")
target_link_libraries(chainrule_web_mpfi PUBLIC chainrule::mpfr)
add_library(chainrule::mpfi ALIAS chainrule_web_mpfi)

foreach(target IN ITEMS Boost::headers CLI11::CLI11 nlohmann_json::nlohmann_json)
  add_library(${target} INTERFACE IMPORTED)
  set_target_properties(${target} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${include_dir}")
endforeach()
