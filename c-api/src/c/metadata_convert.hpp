#pragma once
// Core metadata -> C structs. Every string comes from copy_string and every
// array from alloc_array, which is exactly what the metadata free functions of database_free.cpp
// release. On an allocation failure nothing leaks and the exception propagates.
#include <vector>

#include "core/metadata.hpp"
#include "quiver/c/database.h"

namespace quiver::c {

// Fully built C copies; absent optionals become NULL pointers.
quiver_scalar_metadata_t to_c(const ScalarMetadata& meta);
quiver_group_metadata_t to_c(const GroupMetadata& meta);

// Arrays for the list_* results: nullptr for an empty list, like every empty C result.
quiver_scalar_metadata_t* to_c_array(const std::vector<ScalarMetadata>& metas);
quiver_group_metadata_t* to_c_array(const std::vector<GroupMetadata>& metas);

}  // namespace quiver::c
