// File: dist/launcher_watch.hpp
// Ranks stop when their launcher dies. After `kill -9` of mpirun the ranks are orphans: nobody
// waits for them, yet they would run on and commit outputs into --out as if the run had
// finished. A watchdog thread polls the parent process id; when the launcher is gone the rank
// removes the temporary files of the output directory and exits (status 137, as if killed)
// without committing anything. PR_SET_PDEATHSIG is not used: it fires when the parent
// *thread* that forked exits, which Open MPI's launcher threads may do at any time.
#pragma once

#include <string>

namespace xjslink::dist {

// Starts the watchdog when this process was started by an MPI launcher (mpirun, srun): a
// process started from a shell (one rank, or nohup) keeps running when its shell goes. Call
// before MPI is initialised, once.
void watch_launcher();

// The directory whose "*.tmp" files an orphaned rank removes before it exits.
void set_orphan_cleanup_dir(const std::string& dir);

}  // namespace xjslink::dist
