#include "quiver/c/common.h"

#include "support.hpp"

extern "C" {

const char* quiver_version(void) { return "0.10.0"; }

const char* quiver_get_last_error(void) { return quiver::c::last_error_text(); }

void quiver_clear_last_error(void) { quiver::c::clear_last_error(); }

int64_t quiver_debug_live_allocations(void) { return quiver::c::live_allocation_count(); }

}  // extern "C"
