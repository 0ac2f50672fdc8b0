// File: dist/abort.hpp
// The last-resort exits that must reach every rank: used by XJS_CHECK and the CLI for bugs.
#pragma once

namespace xjslink::dist {

// This process's rank in MPI_COMM_WORLD, or 0 when MPI is not initialised.
int world_rank_or_zero();

// Abort every rank (MPI_Abort when MPI is up, std::exit otherwise). Never returns.
[[noreturn]] void abort_all(int exit_code);

}  // namespace xjslink::dist
