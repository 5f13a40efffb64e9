// quiver_build_source_hash(): which c-api sources this binary was built from.
// The hash is computed by scripts/source-hash.mjs, passed to CMake as -DQUIVER_SOURCE_HASH and
// written into the generated header below (only rewritten when it changes, so only this file
// recompiles). A plain CMake build without it reports "unknown".
#include "quiver/c/common.h"

#include "quiver_build_info.h"

extern "C" QUIVER_C_API const char* quiver_build_source_hash(void) {
    return QUIVER_BUILD_SOURCE_HASH;
}
