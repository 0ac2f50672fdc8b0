// File: cli/commands.cpp
// The table of subcommands; each lives in its own *_cmd.cpp.
#include "cli/commands.hpp"

namespace xjslink::cli {

int run_command(const Args& args, const dist::Comm& comm);
int train_command(const Args& args, const dist::Comm& comm);
int predict_command(const Args& args, const dist::Comm& comm);
int cluster_command(const Args& args, const dist::Comm& comm);
int evaluate_command(const Args& args, const dist::Comm& comm);
int report_command(const Args& args, const dist::Comm& comm);
int run_generate(const Args& args, const dist::Comm& comm);

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"run", "train, predict and cluster in one go (resumable)", run_command},
      {"train", "estimate the model (u, lambda, m) and write model.json", train_command},
      {"predict", "score blocked pairs with a trained model", predict_command},
      {"cluster", "join linked records into clusters (person IDs)", cluster_command},
      {"evaluate", "linkage quality against a ground truth, by subgroup", evaluate_command},
      {"report", "a self-contained HTML report of a run (and its quality)", report_command},
      {"generate", "make a synthetic Data First-style population with its truth", run_generate},
  };
  return table;
}

}  // namespace xjslink::cli
