// File: cli/commands.cpp
// The table of subcommands; each lives in its own *_cmd.cpp.
#include "cli/commands.hpp"

namespace xjslink::cli {

int run_generate(const Args& args, const dist::Comm& comm);

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"generate", "make a synthetic Data First-style population with its truth", &run_generate},
  };
  return table;
}

}  // namespace xjslink::cli
