// File: io/json_document.cpp
// A SAX handler in front of nlohmann's DOM builder: it tracks the JSON path, the depth and the
// keys of each open object, and turns parser errors into position-only messages.
#include "xjslink/io/json_document.hpp"

#include <sys/stat.h>

#include <fstream>
#include <optional>
#include <unordered_set>
#include <vector>

namespace xjslink {
namespace {

using json = nlohmann::json;

class CheckedSax {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  explicit CheckedSax(json& root) : dom_(root, /*allow_exceptions=*/false) {}

  bool null() { return begin_value() && dom_.null(); }
  bool boolean(bool v) { return begin_value() && dom_.boolean(v); }
  bool number_integer(number_integer_t v) { return begin_value() && dom_.number_integer(v); }
  bool number_unsigned(number_unsigned_t v) { return begin_value() && dom_.number_unsigned(v); }
  bool number_float(number_float_t v, const string_t& s) {
    return begin_value() && dom_.number_float(v, s);
  }
  bool string(string_t& v) { return begin_value() && dom_.string(v); }
  bool binary(binary_t& v) { return begin_value() && dom_.binary(v); }

  bool start_object(std::size_t n) {
    if (!begin_value() || !enter(true)) return false;
    return dom_.start_object(n);
  }
  bool key(string_t& k) {
    Frame& f = frames_.back();
    f.key = k;
    if (!f.keys.insert(k).second) {
      error_ = "a key appears twice in one object (remove one)";
      error_path_ = path();
      return false;
    }
    return dom_.key(k);
  }
  bool end_object() {
    frames_.pop_back();
    return dom_.end_object();
  }
  bool start_array(std::size_t n) {
    if (!begin_value() || !enter(false)) return false;
    return dom_.start_array(n);
  }
  bool end_array() {
    frames_.pop_back();
    return dom_.end_array();
  }

  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) {
    std::string text = ex.what();
    // Drop nlohmann's "[json.exception.parse_error.101] " tag, and the token it last read
    // (which is input text).
    if (const auto tag = text.find("] ");
        text.rfind("[json.exception.", 0) == 0 && tag != std::string::npos) {
      text.erase(0, tag + 2);
    }
    const std::string echo = "; last read: '" + last_token + "'";
    if (const auto at = text.find(echo); at != std::string::npos) text.erase(at, echo.size());
    if (ex.id == 406) {
      // Number overflow: nlohmann's message quotes the number; give its position instead.
      text = "a number is too large for a double at byte " + std::to_string(position);
    }
    error_ = text;
    return false;
  }

  const std::optional<std::string>& error() const { return error_; }
  const std::string& error_path() const { return error_path_; }

 private:
  struct Frame {
    bool object = false;
    std::string key;          // object: the current key
    std::size_t next = 0;     // array: index of the next element
    std::size_t current = 0;  // array: index of the element being read
    std::unordered_set<std::string> keys;
  };

  // Called as each value starts: inside an array it is the next element.
  bool begin_value() {
    if (!frames_.empty() && !frames_.back().object) frames_.back().current = frames_.back().next++;
    return true;
  }

  bool enter(bool object) {
    if (frames_.size() >= kMaxJsonDepth) {
      error_ = "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
      error_path_ = path();
      return false;
    }
    frames_.push_back(Frame{});
    frames_.back().object = object;
    return true;
  }

  std::string path() const {
    std::string out;
    for (const Frame& f : frames_) {
      if (f.object) {
        if (!out.empty()) out += '.';
        out += f.key;
      } else {
        out += "[" + std::to_string(f.current) + "]";
      }
    }
    return out;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::vector<Frame> frames_;
  std::optional<std::string> error_;
  std::string error_path_;
};

}  // namespace

std::string read_json_file(const std::string& path, const char* what, ErrorCode code) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    throw Error(ErrorCode::kIo, std::string("is a directory, not a ") + what, path);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kIo, std::string("cannot open ") + what, path);
  std::string text;
  char buffer[1 << 16];
  // Read at most one byte past the limit, so that /dev/zero or a huge data file stops early.
  while (in && text.size() <= kMaxJsonFileBytes) {
    in.read(buffer, sizeof(buffer));
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
  }
  if (text.size() > kMaxJsonFileBytes) {
    throw Error(code,
                std::string(what) + " is larger than " + std::to_string(kMaxJsonFileBytes >> 20) +
                    " MiB: is it the right file?",
                path);
  }
  if (in.bad()) throw Error(ErrorCode::kIo, std::string("cannot read ") + what, path);
  return text;
}

json parse_json_document(std::string_view text, const std::string& source, ErrorCode code,
                         const char* refusal, bool comments) {
  json doc;
  CheckedSax sax(doc);
  const bool ok =
      json::sax_parse(text, &sax, nlohmann::detail::input_format_t::json, /*strict=*/true,
                      /*ignore_comments=*/comments);
  if (!ok || sax.error()) {
    const std::string why = sax.error() ? *sax.error() : std::string("cannot be parsed");
    throw Error(code, std::string(refusal) + ": " + why, source, 0, sax.error_path());
  }
  return doc;
}

}  // namespace xjslink
