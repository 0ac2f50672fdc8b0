// File: cli/commands.cpp
// The table of subcommands; each lives in its own *_cmd.cpp.
#include "cli/commands.hpp"

namespace xjslink::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {};
  return table;
}

}  // namespace xjslink::cli
