// File: fault_injection.hpp (private)
// Test hooks for the failures a national run must survive, driven by one environment variable
// (unset in production, so each hook costs one getenv per stage):
//   XJSLINK_FAULT=kill-after:<stage>          every rank is SIGKILLed once <stage> has completed
//   XJSLINK_FAULT=crash-rank:<rank>:<stage>   that rank exits abruptly (status 3) as <stage> starts
//   XJSLINK_FAULT=stall:<stage>               every rank sleeps 30 s as <stage> starts (a long
//                                             stage, for killing the launcher meanwhile)
// Stages: ingest, train, predict, cluster.
#pragma once

namespace xjslink {

namespace dist {
class Comm;
}

void fault_point_after(const dist::Comm& comm, const char* stage);
void fault_point_before(const dist::Comm& comm, const char* stage);

}  // namespace xjslink
