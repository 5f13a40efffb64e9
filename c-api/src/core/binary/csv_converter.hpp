#pragma once
// Binary file <-> CSV text (P.qvr + P.toml <-> P.csv): one header line, then one line per cell in
// iteration order; values printed like printf("%.6g"), NULL as `null`.
#include <string>

namespace quiver::binary {

// With `aggregate_time` and at least one time dimension, the time dimensions become one leading
// `date` (or `datetime`, when a dimension is hourly) column.
void bin_to_csv(const std::string& base_path, bool aggregate_time);
// Reads P.toml and P.csv (either layout) and writes P.qvr, rewriting P.toml in canonical form.
void csv_to_bin(const std::string& base_path);

}  // namespace quiver::binary
