#include "binary_metadata.hpp"

#include <algorithm>
#include <limits>

#include "core/error.hpp"

namespace quiver::binary {

namespace {

// Size bounds of a time dimension inside its parent, by (child, parent) frequency.
struct Bounds {
    int64_t min;
    int64_t max;
};

std::optional<Bounds> size_bounds(Frequency child, Frequency parent) {
    using F = Frequency;
    if (parent == F::Yearly) {
        switch (child) {
        case F::Monthly: return Bounds{12, 12};
        case F::Weekly: return Bounds{52, 53};
        case F::Daily: return Bounds{365, 366};
        case F::Hourly: return Bounds{8760, 8784};
        default: return std::nullopt;
        }
    }
    if (parent == F::Monthly) {
        if (child == F::Daily) return Bounds{28, 31};
        if (child == F::Hourly) return Bounds{672, 744};
        return std::nullopt;
    }
    if (parent == F::Weekly) {
        if (child == F::Daily) return Bounds{7, 7};
        if (child == F::Hourly) return Bounds{168, 168};
        return std::nullopt;
    }
    if (parent == F::Daily && child == F::Hourly) return Bounds{24, 24};
    return std::nullopt;
}

void validate_time_dimensions(const BinaryMetadata& md) {
    std::vector<const Dimension*> times;
    for (const auto& d : md.dimensions) {
        if (d.is_time()) times.push_back(&d);
    }
    if (times.empty()) return;
    for (size_t i = 0; i < times.size(); ++i) {
        for (size_t j = i + 1; j < times.size(); ++j) {
            if (times[i]->time->frequency == times[j]->time->frequency) {
                fail(std::string("Time dimension frequencies must be unique. Duplicate: ") +
                     frequency_name(times[i]->time->frequency));
            }
        }
    }
    for (size_t i = 1; i < times.size(); ++i) {
        if (static_cast<int>(times[i]->time->frequency) <= static_cast<int>(times[i - 1]->time->frequency)) {
            fail("Time dimension frequencies must be ordered from lowest to highest frequency.");
        }
    }
    for (size_t i = 1; i < times.size(); ++i) {
        if (times[i]->time->frequency == Frequency::Weekly) {
            fail("If WEEKLY frequency is present, it must be the lowest frequency.");
        }
    }
    for (size_t i = 1; i < times.size(); ++i) {
        const Frequency child = times[i]->time->frequency;
        const Frequency parent = times[i - 1]->time->frequency;
        const auto bounds = size_bounds(child, parent);
        if (!bounds) {
            fail(std::string("Invalid parent/child frequency combination: ") + frequency_name(child) + " inside " +
                 frequency_name(parent));
        }
        const int64_t size = times[i]->size;
        if (size < bounds->min || size > bounds->max) {
            fail("Time dimension '" + times[i]->name + "' with frequency '" + frequency_name(child) + "' has size " +
                 std::to_string(size) + " which is out of bounds [" + std::to_string(bounds->min) + ", " +
                 std::to_string(bounds->max) + "] based on the next lower frequency: '" + frequency_name(parent) +
                 "'");
        }
    }
}

// The coordinate of initial_datetime inside the parent period of each non-outermost time
// dimension; the outermost always starts at 1.
void compute_initial_values(BinaryMetadata& md) {
    const Instant t = md.initial_datetime;
    const CivilDate date = civil_from_days(floor_days(t));
    const int64_t hour = hour_of_day(t) + 1;
    for (auto& d : md.dimensions) {
        if (!d.is_time()) continue;
        TimeProperties& tp = *d.time;
        if (tp.parent_index < 0) {
            tp.initial_value = 1;
            continue;
        }
        const Frequency parent = md.dimensions[static_cast<size_t>(tp.parent_index)].time->frequency;
        switch (tp.frequency) {
        case Frequency::Yearly:
            fail("YEARLY frequency not implemented. This function should only be used for inner time dimensions.");
        case Frequency::Weekly:
            fail("WEEKLY frequency not implemented. This function should only be used for inner time dimensions.");
        case Frequency::Monthly: tp.initial_value = date.month; break;
        case Frequency::Daily:
            if (parent == Frequency::Weekly) {
                tp.initial_value = day_of_week(t);
            } else if (parent == Frequency::Monthly) {
                tp.initial_value = date.day;
            } else if (parent == Frequency::Yearly) {
                tp.initial_value = day_of_year(t);
            } else {
                fail(std::string("Invalid parent frequency ") + frequency_name(parent) + " for DAILY dimension.");
            }
            break;
        case Frequency::Hourly:
            if (parent == Frequency::Daily) {
                tp.initial_value = hour;
            } else if (parent == Frequency::Weekly) {
                tp.initial_value = hour + (day_of_week(t) - 1) * 24;
            } else if (parent == Frequency::Monthly) {
                tp.initial_value = hour + (date.day - 1) * 24;
            } else if (parent == Frequency::Yearly) {
                tp.initial_value = hour + (day_of_year(t) - 1) * 24;
            } else {
                fail(std::string("Invalid parent frequency ") + frequency_name(parent) + " for HOURLY dimension.");
            }
            break;
        }
    }
}

}  // namespace

int64_t BinaryMetadata::number_of_time_dimensions() const {
    return std::count_if(dimensions.begin(), dimensions.end(), [](const Dimension& d) { return d.is_time(); });
}

int64_t BinaryMetadata::dimension_index(std::string_view name) const {
    for (size_t i = 0; i < dimensions.size(); ++i) {
        if (dimensions[i].name == name) return static_cast<int64_t>(i);
    }
    return -1;
}

void BinaryMetadata::add_dimension(const std::string& name, int64_t size) {
    dimensions.push_back({name, size, std::nullopt});
}

void BinaryMetadata::add_time_dimension(const std::string& name, int64_t size, const std::string& frequency) {
    const Frequency f = parse_frequency(frequency);
    int64_t parent = -1;
    for (size_t i = 0; i < dimensions.size(); ++i) {
        if (dimensions[i].is_time()) parent = static_cast<int64_t>(i);
    }
    dimensions.push_back({name, size, TimeProperties{f, 0, parent}});
}

void BinaryMetadata::validate() const {
    if (version != "1") fail("Incompatible file version: expected 1, got " + version);
    if (dimensions.empty()) fail("Number of dimensions must be positive, got 0");
    if (labels.empty()) fail("Number of labels must be positive, got 0");
    for (size_t i = 0; i < dimensions.size(); ++i) {
        if (dimensions[i].size <= 0) {
            fail("Dimension size at index " + std::to_string(i) + " must be positive, got " +
                 std::to_string(dimensions[i].size));
        }
    }
    for (size_t i = 0; i < dimensions.size(); ++i) {
        for (size_t j = i + 1; j < dimensions.size(); ++j) {
            if (dimensions[i].name == dimensions[j].name) {
                fail("Dimension names must be unique, duplicate: '" + dimensions[i].name + "'");
            }
        }
    }
    // Sorted copy: label lists can be long (one per plant), so no quadratic scan. The first label
    // (by position) that occurs again later is the one reported.
    std::vector<std::pair<std::string_view, size_t>> sorted;
    sorted.reserve(labels.size());
    for (size_t i = 0; i < labels.size(); ++i) sorted.emplace_back(labels[i], i);
    std::sort(sorted.begin(), sorted.end());
    size_t first_duplicate = labels.size();
    for (size_t i = 1; i < sorted.size(); ++i) {
        if (sorted[i].first == sorted[i - 1].first) {
            // The earliest position of a repeated name is sorted[k].second for the first k of its run.
            size_t k = i - 1;
            while (k > 0 && sorted[k - 1].first == sorted[i].first) --k;
            first_duplicate = std::min(first_duplicate, sorted[k].second);
        }
    }
    if (first_duplicate < labels.size()) {
        fail("Label names must be unique, duplicate: '" + labels[first_duplicate] + "'");
    }
    validate_time_dimensions(*this);
}

int64_t BinaryMetadata::cell_count() const {
    int64_t cells = 1;
    for (const auto& d : dimensions) {
        if (d.size <= 0 || __builtin_mul_overflow(cells, d.size, &cells)) fail("Binary file is too large");
    }
    return cells;
}

int64_t BinaryMetadata::value_count() const {
    int64_t values = 0;
    const auto label_count = static_cast<int64_t>(labels.size());
    constexpr int64_t kMaxValues = std::numeric_limits<int64_t>::max() / 8;  // byte offsets must fit
    if (__builtin_mul_overflow(cell_count(), label_count, &values) || values > kMaxValues) {
        fail("Binary file is too large");
    }
    return values;
}

BinaryMetadata build_metadata(const MetadataFields& f) {
    for (const auto& name : f.time_dimensions) {
        if (std::find(f.dimensions.begin(), f.dimensions.end(), name) == f.dimensions.end()) {
            fail("Error building metadata from toml: time dimension '" + name + "' is not in dimensions");
        }
    }
    size_t next = 0;  // time dimensions must be a subsequence of dimensions
    for (const auto& name : f.time_dimensions) {
        auto it = std::find(f.dimensions.begin() + static_cast<std::ptrdiff_t>(next), f.dimensions.end(), name);
        if (it == f.dimensions.end()) {
            fail("Error building metadata from toml: time dimensions must appear in the same order as dimensions");
        }
        next = static_cast<size_t>(it - f.dimensions.begin()) + 1;
    }

    BinaryMetadata md;
    md.version = f.version;
    md.unit = f.unit;
    md.labels = f.labels;
    const auto instant = parse_datetime(f.initial_datetime);
    if (!instant) fail("Failed to parse initial_datetime: " + f.initial_datetime);
    md.initial_datetime = *instant;

    size_t time_index = 0;
    int64_t previous_time = -1;
    for (size_t i = 0; i < f.dimensions.size(); ++i) {
        // Missing sizes or frequencies (shorter lists) read as 0 and "": validation reports them.
        const int64_t size = i < f.dimension_sizes.size() ? f.dimension_sizes[i] : 0;
        const bool is_time =
            std::find(f.time_dimensions.begin(), f.time_dimensions.end(), f.dimensions[i]) != f.time_dimensions.end();
        if (is_time) {
            const std::string frequency = time_index < f.frequencies.size() ? f.frequencies[time_index] : "";
            md.dimensions.push_back({f.dimensions[i], size, TimeProperties{parse_frequency(frequency), 0, previous_time}});
            ++time_index;
            previous_time = static_cast<int64_t>(i);
        } else {
            md.dimensions.push_back({f.dimensions[i], size, std::nullopt});
        }
    }
    compute_initial_values(md);
    md.validate();
    return md;
}

}  // namespace quiver::binary
