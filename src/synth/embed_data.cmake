# Embeds the synthetic-data tables (data/names, data/synth) in the library at build time, so
# that `xjslink generate` works from a copied binary on a cluster with no data directory.
# Included from src/CMakeLists.txt after the xjslink_core target is defined.
set(XJSLINK_SYNTH_DATA_FILES
    names/forenames_ons_top100.csv
    names/forenames_ons_1997_england.csv
    names/surnames_us2010.csv
    names/surname_elements.csv
    names/group_names.csv
    names/nicknames.csv
    synth/postcode_areas.csv
    synth/default_config.json)
set(XJSLINK_SYNTH_DATA_PATHS "")
foreach(f IN LISTS XJSLINK_SYNTH_DATA_FILES)
  list(APPEND XJSLINK_SYNTH_DATA_PATHS ${PROJECT_SOURCE_DIR}/data/${f})
endforeach()
set(XJSLINK_SYNTH_EMBEDDED_CPP ${CMAKE_CURRENT_BINARY_DIR}/synth_embedded_data.cpp)
string(REPLACE ";" "," XJSLINK_SYNTH_DATA_LIST "${XJSLINK_SYNTH_DATA_FILES}")
add_custom_command(
  OUTPUT ${XJSLINK_SYNTH_EMBEDDED_CPP}
  COMMAND ${CMAKE_COMMAND} -DDATA_DIR=${PROJECT_SOURCE_DIR}/data
          -DOUT=${XJSLINK_SYNTH_EMBEDDED_CPP} -DFILES=${XJSLINK_SYNTH_DATA_LIST}
          -P ${CMAKE_CURRENT_SOURCE_DIR}/synth/embed_files.cmake
  DEPENDS ${XJSLINK_SYNTH_DATA_PATHS} ${CMAKE_CURRENT_SOURCE_DIR}/synth/embed_files.cmake
  COMMENT "Embedding synthetic-data tables"
  VERBATIM)
target_sources(xjslink_core PRIVATE ${XJSLINK_SYNTH_EMBEDDED_CPP})
