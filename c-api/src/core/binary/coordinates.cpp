#include "coordinates.hpp"

#include "core/error.hpp"

namespace quiver::binary {

namespace {

// Distinct names among the pairs, and for each metadata dimension the value of its last pair.
size_t distinct_names(std::span<const AddressPair> pairs) {
    size_t distinct = 0;
    for (size_t i = 0; i < pairs.size(); ++i) {
        bool seen_later = false;
        for (size_t j = i + 1; j < pairs.size() && !seen_later; ++j) seen_later = pairs[j].name == pairs[i].name;
        if (!seen_later) ++distinct;
    }
    return distinct;
}

const AddressPair* last_pair(std::span<const AddressPair> pairs, std::string_view name) {
    for (size_t i = pairs.size(); i-- > 0;) {
        if (pairs[i].name == name) return &pairs[i];
    }
    return nullptr;
}

void resolve_dimensions(const BinaryMetadata& md, std::span<const AddressPair> pairs, size_t count, int64_t* coords) {
    for (size_t i = 0; i < count; ++i) {
        const Dimension& d = md.dimensions[i];
        const AddressPair* pair = last_pair(pairs, d.name);
        if (!pair) fail("Missing required dimension: '" + d.name + "'");
        if (pair->value < 1 || pair->value > d.size) {
            fail("Dimension '" + d.name + "' value " + std::to_string(pair->value) + " is out of bounds [1, " +
                 std::to_string(d.size) + "]");
        }
        coords[i] = pair->value;
    }
}

}  // namespace

void resolve_address(const BinaryMetadata& md, std::span<const AddressPair> pairs, int64_t* coords) {
    const size_t distinct = distinct_names(pairs);
    if (distinct != md.dimensions.size()) {
        fail("Expected " + std::to_string(md.dimensions.size()) + " dimensions, got " + std::to_string(distinct));
    }
    resolve_dimensions(md, pairs, md.dimensions.size(), coords);
    check_time_consistency(md, coords);
}

size_t resolve_prefix(const BinaryMetadata& md, std::span<const AddressPair> pairs, int64_t* coords) {
    const size_t distinct = distinct_names(pairs);
    if (distinct >= md.dimensions.size()) {
        resolve_address(md, pairs, coords);
        return md.dimensions.size();
    }
    resolve_dimensions(md, pairs, distinct, coords);
    return distinct;
}

Instant cell_datetime(const BinaryMetadata& md, const int64_t* coords) {
    Instant t = md.initial_datetime;
    for (size_t i = 0; i < md.dimensions.size(); ++i) {
        const auto& time = md.dimensions[i].time;
        if (time) t = add_frequency_steps(t, time->frequency, coords[i] - time->initial_value);
    }
    return t;
}

void check_time_consistency(const BinaryMetadata& md, const int64_t* coords) {
    if (md.number_of_time_dimensions() <= 1) return;
    const Instant t = cell_datetime(md, coords);
    bool outermost = true;
    for (size_t i = 0; i < md.dimensions.size(); ++i) {
        const Dimension& d = md.dimensions[i];
        if (!d.is_time()) continue;
        if (outermost) {
            outermost = false;
            continue;
        }
        const int64_t implied = coordinate_of(t, d.time->frequency);
        if (implied != coords[i]) {
            fail("Invalid values for time dimensions: dimension '" + d.name + "' has value " +
                 std::to_string(coords[i]) + " but the resulting datetime implies " + std::to_string(implied));
        }
    }
}

int64_t cell_index(const BinaryMetadata& md, const int64_t* coords) {
    int64_t index = 0;
    for (size_t i = 0; i < md.dimensions.size(); ++i) index = index * md.dimensions[i].size + (coords[i] - 1);
    return index;
}

void period_sizes(const BinaryMetadata& md, const int64_t* coords, int64_t* sizes) {
    bool calendar = false;
    for (size_t i = 0; i < md.dimensions.size(); ++i) {
        sizes[i] = md.dimensions[i].size;
        calendar = calendar || (md.dimensions[i].is_time() && md.dimensions[i].time->parent_index >= 0);
    }
    if (!calendar) return;
    const CivilDate date = civil_from_days(floor_days(cell_datetime(md, coords)));
    for (size_t i = 0; i < md.dimensions.size(); ++i) {
        const auto& time = md.dimensions[i].time;
        if (!time || time->parent_index < 0) continue;
        const Frequency parent = md.dimensions[static_cast<size_t>(time->parent_index)].time->frequency;
        const int64_t hours = time->frequency == Frequency::Hourly ? 24 : 1;
        if (time->frequency != Frequency::Daily && time->frequency != Frequency::Hourly) continue;
        if (parent == Frequency::Monthly) sizes[i] = days_in_month(date.year, date.month) * hours;
        if (parent == Frequency::Yearly) sizes[i] = (is_leap_year(date.year) ? 366 : 365) * hours;
    }
}

CellIterator::CellIterator(const BinaryMetadata& md) : md_(md), sizes_(md.dimensions.size()) {
    coords_.reserve(md.dimensions.size());
    for (const auto& d : md.dimensions) coords_.push_back(d.is_time() ? d.time->initial_value : 1);
    done_ = md.dimensions.empty();
}

void CellIterator::next() {
    if (done_) return;
    period_sizes(md_, coords_.data(), sizes_.data());
    bool incremented = false;
    for (size_t i = coords_.size(); i-- > 0;) {
        if (coords_[i] < sizes_[i]) {
            ++coords_[i];
            incremented = true;
            break;
        }
        coords_[i] = 1;
    }
    if (!incremented) {
        done_ = true;
        return;
    }
    for (size_t i = 0; i < coords_.size(); ++i) {
        const auto& time = md_.dimensions[i].time;
        if (!time || time->parent_index < 0) continue;
        const auto parent = static_cast<size_t>(time->parent_index);
        if (coords_[i] < time->initial_value && coords_[parent] == md_.dimensions[parent].time->initial_value) {
            coords_[i] = time->initial_value;
        }
    }
}

}  // namespace quiver::binary
