// File: cli/main.cpp
// Entry point: initialise MPI, dispatch the subcommand, print user errors once (rank 0), and
// set the exit status. Bugs abort every rank so that no rank is left waiting in a collective.
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string>

#include "cli/commands.hpp"
#include "dist/abort.hpp"
#include "dist/comm.hpp"
#include "dist/launcher_watch.hpp"
#include "xjslink/error.hpp"
#include "xjslink/out_of_memory.hpp"

namespace {

void print_usage() {
  std::printf("xjslink %s: distributed Fellegi-Sunter record linkage\n\n", XJSLINK_VERSION);
  std::printf(
      "usage: xjslink <command> [options]   (xjslink <command> --help for its options)\n\n");
  std::printf("commands:\n");
  for (const auto& c : xjslink::cli::commands())
    std::printf("  %-10s %s\n", c.name, c.summary);
}

}  // namespace

int main(int argc, char** argv) {
  xjslink::dist::watch_launcher();
  xjslink::dist::Environment mpi(&argc, &argv);
  int status = 0;
  {
    xjslink::dist::Comm comm = xjslink::dist::Comm::world();
    if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
      if (comm.is_root()) print_usage();
      return argc < 2 ? 2 : 0;
    }
    if (std::strcmp(argv[1], "--version") == 0) {
      if (comm.is_root()) std::printf("xjslink %s\n", XJSLINK_VERSION);
      return 0;
    }
    const xjslink::cli::Command* command = nullptr;
    for (const auto& c : xjslink::cli::commands()) {
      if (std::strcmp(c.name, argv[1]) == 0) command = &c;
    }
    if (command == nullptr) {
      if (comm.is_root()) {
        std::fprintf(stderr, "xjslink: unknown command '%s'\n\n", argv[1]);
        print_usage();
      }
      return 2;
    }
    xjslink::cli::Args args(argv + 2, argv + argc);
    try {
      status = command->run(args, comm);
    } catch (const xjslink::Error& e) {
      // Every rank throws the same Error (agreed in dist), so printing on rank 0 is enough.
      if (comm.is_root()) std::fprintf(stderr, "%s\n", e.what());
      status = 1;
    } catch (const std::bad_alloc&) {
      // Out of memory outside a region whose errors ranks agree on: other ranks may be waiting
      // in a collective, so with several ranks every rank must be stopped.
      std::fprintf(stderr, "%s\n", xjslink::out_of_memory_error().what());
      std::fflush(stderr);
      if (comm.size() > 1) xjslink::dist::abort_all(1);
      status = 1;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "xjslink: unexpected error on rank %d: %s\n", comm.rank(), e.what());
      std::fflush(stderr);
      xjslink::dist::abort_all(70);
    }
    // A failed HDF5 close (a full disk) would crash MPI_Finalize; the error is printed already.
    if (xjslink::dist::finalize_unsafe()) xjslink::dist::exit_without_finalize(status);
  }
  return status;
}
