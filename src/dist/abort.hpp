// File: dist/abort.hpp
// The last-resort exits that must reach every rank: used by XJS_CHECK and the CLI for bugs.
#pragma once

namespace xjslink::dist {

// This process's rank in MPI_COMM_WORLD, or 0 when MPI is not initialised.
int world_rank_or_zero();

// Abort every rank (MPI_Abort when MPI is up, std::exit otherwise). Never returns.
[[noreturn]] void abort_all(int exit_code);

// HDF5 1.10 cannot close a file whose close failed (a full disk): it keeps a half-destroyed
// file object, and its cleanup, which MPI_Finalize runs, crashes on it. Such a close marks
// the process, and it then ends with exit_without_finalize instead of returning from main.
void mark_finalize_unsafe();
bool finalize_unsafe();
// Flushes stdio and ends the process with `exit_code` without MPI_Finalize (one rank), or
// ends every rank with that code (several ranks). Never returns.
[[noreturn]] void exit_without_finalize(int exit_code);

}  // namespace xjslink::dist
