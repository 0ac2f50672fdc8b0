// File: dist/agree.cpp
#include "dist/agree.hpp"

namespace xjslink::dist {

void raise_if_any(const Comm& comm, const std::optional<Error>& local_error) {
  const int mine = local_error ? comm.rank() : comm.size();
  const int first = comm.allreduce<std::int32_t>(mine, Op::kMin);
  if (first == comm.size()) return;
  std::string text = comm.rank() == first ? local_error->serialise() : std::string();
  comm.bcast(text, first);
  throw Error::deserialise(text);
}

}  // namespace xjslink::dist
