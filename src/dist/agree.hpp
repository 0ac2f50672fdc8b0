// File: dist/agree.hpp
// Agreement on user errors before a collective: ranks that found a problem hold it as a value;
// raise_if_any makes every rank throw the same Error (the one of the lowest failing rank), so
// all ranks leave by the same path and no rank is left waiting in a collective.
#pragma once

#include <new>
#include <optional>

#include "dist/comm.hpp"
#include "xjslink/error.hpp"
#include "xjslink/out_of_memory.hpp"

namespace xjslink::dist {

// Collective.
void raise_if_any(const Comm& comm, const std::optional<Error>& local_error);

// Runs f; an Error it throws is held and agreed on (collective, whether or not f throws).
// Running out of memory is agreed on the same way, as out_of_memory_error().
template <typename F>
void agree_on_errors(const Comm& comm, F&& f) {
  std::optional<Error> failure;
  try {
    f();
  } catch (const Error& e) {
    failure = e;
  } catch (const std::bad_alloc&) {
    failure = out_of_memory_error();
  }
  raise_if_any(comm, failure);
}

}  // namespace xjslink::dist
