// quiver_csv_converter_*: stateless conversions between a binary file and its CSV text.
#include "c/support.hpp"
#include "core/binary/csv_converter.hpp"
#include "quiver/c/binary/csv_converter.h"

using quiver::c::guarded;

extern "C" {

quiver_error_t quiver_csv_converter_bin_to_csv(const char* path, int aggregate_time_dimensions) {
    QUIVER_REQUIRE(path);
    return guarded([&] { quiver::binary::bin_to_csv(path, aggregate_time_dimensions != 0); });
}

quiver_error_t quiver_csv_converter_csv_to_bin(const char* path) {
    QUIVER_REQUIRE(path);
    return guarded([&] { quiver::binary::csv_to_bin(path); });
}

}  // extern "C"
