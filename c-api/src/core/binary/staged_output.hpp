#pragma once
// A whole binary file produced front to back (expression save, CSV import): written under
// temporary names beside the target and renamed over P.qvr / P.toml only once complete, so a
// failure midway leaves the previous files (if any) untouched and never a half-written file that
// reads back as valid. Cells must arrive in file order (the iteration order is); the slots in
// between are filled with NaN on the way, so the data is written in one pass.
#include <cstdint>
#include <string>

#include "binary_metadata.hpp"
#include "data_file.hpp"
#include "write_registry.hpp"

namespace quiver::binary {

class StagedOutput {
public:
    // Registers P as open for writing (registry message), validates the metadata, creates the
    // temporary files ("File is not open: <P>" when its directory does not exist).
    StagedOutput(std::string base_path, BinaryMetadata metadata);
    ~StagedOutput();
    StagedOutput(const StagedOutput&) = delete;
    StagedOutput& operator=(const StagedOutput&) = delete;

    const BinaryMetadata& metadata() const { return metadata_; }

    // `cells` cells at the given coordinates (dimension order, back to back), label_count values
    // each. Time consistency is checked as for any write.
    void write_cells(const int64_t* coords, size_t cells, const double* values);
    // Fills the remaining slots, flushes, and renames the files into place.
    void commit();

private:
    void discard() noexcept;

    std::string base_path_;
    BinaryMetadata metadata_;
    WriteRegistration registration_;
    DataFile data_;
    std::string qvr_partial_;
    std::string toml_partial_;
    int64_t total_values_ = 0;
    int64_t next_value_ = 0;  // every slot before this one has been written
    bool committed_ = false;
    bool check_time_ = false;
};

}  // namespace quiver::binary
