// File: cli/commands.hpp
// The subcommand table. Each command parses its own options (Boost.Program_options), calls the
// library, and returns an exit status. Commands throw xjslink::Error for user mistakes.
#pragma once

#include <string>
#include <vector>

namespace xjslink::dist {
class Comm;
}

namespace xjslink::cli {

using Args = std::vector<std::string>;  // arguments after the subcommand name

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const Args& args, const dist::Comm& comm);
};

const std::vector<Command>& commands();

}  // namespace xjslink::cli
