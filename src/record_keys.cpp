// File: record_keys.cpp
#include "xjslink/record_keys.hpp"

namespace xjslink {

std::string composite_key(const std::vector<std::string>& source_names, std::uint16_t source,
                          std::string_view uid) {
  if (source_names.size() == 1) return std::string(uid);
  std::string key = source_names[source];
  key += "-__-";
  key += uid;
  return key;
}

bool RecordKeys::key_less(std::size_t a, std::size_t b) const {
  const std::string& sa = source_name(a);
  const std::string& sb = source_name(b);
  if (sa != sb) return sa < sb;
  return uid(a) < uid(b);
}

}  // namespace xjslink
