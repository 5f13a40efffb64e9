// The sidecar text, byte for byte as Quiver 0.10 writes it (toml++'s default formatting of one
// flat table): sorted keys, `key = value` lines joined by '\n' with no final newline, arrays on
// one line unless their estimated width reaches 120, literal strings where TOML allows them.
// Written by hand so that our output never depends on a library's formatting choices.
#include <cstdio>

#include "binary_metadata.hpp"

namespace quiver::binary {

namespace {

bool is_control(unsigned char c) { return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F; }

void append_escaped(std::string& out, std::string_view text, bool keep_line_feeds) {
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\t': out += '\t'; break;
        case '\r': out += "\\r"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n':
            if (keep_line_feeds) {
                out += '\n';
            } else {
                out += "\\n";
            }
            break;
        default:
            if (c < 0x20 || c == 0x7F) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04X", c);
                out += buffer;
            } else {
                out += ch;
            }
        }
    }
}

void append_string(std::string& out, std::string_view text) {
    bool control = false;
    bool line_feed = false;
    bool quote = false;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        control = control || is_control(c);
        line_feed = line_feed || c == '\n';
        quote = quote || c == '\'';
    }
    if (!control && !line_feed && !quote) {
        out += '\'';
        out += text;
        out += '\'';
    } else if (!control && line_feed) {
        out += "'''";
        out += text;
        out += "'''";
    } else if (line_feed) {
        out += "\"\"\"";
        append_escaped(out, text, true);
        out += "\"\"\"";
    } else {
        out += '"';
        append_escaped(out, text, false);
        out += '"';
    }
}

size_t estimated_width(const std::string& s) { return s.size() + 2; }
size_t estimated_width(int64_t v) {
    size_t digits = v < 0 ? 2 : 1;
    for (uint64_t u = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v); u >= 10; u /= 10) ++digits;
    return digits;
}

void append_item(std::string& out, const std::string& s) { append_string(out, s); }
void append_item(std::string& out, int64_t v) { out += std::to_string(v); }

template <class T>
void append_array(std::string& out, const std::vector<T>& items) {
    if (items.empty()) {
        out += "[]";
        return;
    }
    size_t width = 3;
    for (const T& item : items) width += estimated_width(item) + 2;
    const bool multiline = width >= 120;
    out += multiline ? "[" : "[ ";
    for (size_t i = 0; i < items.size(); ++i) {
        if (multiline) {
            out += i == 0 ? "\n    " : ",\n    ";
        } else if (i > 0) {
            out += ", ";
        }
        append_item(out, items[i]);
    }
    out += multiline ? "\n]" : " ]";
}

}  // namespace

std::string metadata_to_toml(const BinaryMetadata& md) {
    md.validate();
    std::vector<int64_t> sizes;
    std::vector<std::string> names, time_names, frequencies;
    for (const auto& d : md.dimensions) {
        sizes.push_back(d.size);
        names.push_back(d.name);
        if (d.is_time()) {
            time_names.push_back(d.name);
            frequencies.emplace_back(frequency_name(d.time->frequency));
        }
    }
    std::string out;
    out += "dimension_sizes = ";
    append_array(out, sizes);
    out += "\ndimensions = ";
    append_array(out, names);
    out += "\nfrequencies = ";
    append_array(out, frequencies);
    out += "\ninitial_datetime = ";
    append_string(out, format_datetime(md.initial_datetime));
    out += "\nlabels = ";
    append_array(out, md.labels);
    out += "\ntime_dimensions = ";
    append_array(out, time_names);
    out += "\nunit = ";
    append_string(out, md.unit);
    out += "\nversion = ";
    append_string(out, md.version);
    return out;
}

}  // namespace quiver::binary
