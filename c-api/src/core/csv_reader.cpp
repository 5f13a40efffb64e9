#include "csv_reader.hpp"

#include <algorithm>
#include <cstring>

namespace quiver::csv {

namespace {

constexpr size_t kBlock = 1 << 16;

// Upstream removes as many trailing commas from each line as the header has (whitespace and CR
// around them go too), so spreadsheet padding does not add empty columns.
void strip_trailing_commas(std::string& line, size_t count) {
    size_t end = line.size();
    while (count > 0 && end > 0) {
        char ch = line[end - 1];
        if (ch == ' ' || ch == '\t' || ch == '\r') {
            --end;
        } else if (ch == ',') {
            --end;
            --count;
        } else {
            break;
        }
    }
    line.resize(end);
}

size_t count_trailing_commas(const std::string& header) {
    size_t count = 0;
    for (auto it = header.rbegin(); it != header.rend(); ++it) {
        if (*it == ',') {
            ++count;
        } else if (*it != ' ' && *it != '\t' && *it != '\r') {
            break;
        }
    }
    return count;
}

// A field wrapped in quotes loses them and its doubled quotes become single ones.
void unquote(std::string& cell) {
    if (cell.size() < 2 || cell.front() != '"' || cell.back() != '"') return;
    std::string inner;
    inner.reserve(cell.size() - 2);
    for (size_t i = 1; i + 1 < cell.size(); ++i) {
        inner.push_back(cell[i]);
        if (cell[i] == '"' && i + 2 < cell.size() && cell[i + 1] == '"') ++i;
    }
    cell = std::move(inner);
}

}  // namespace

Reader::~Reader() {
    if (file_) std::fclose(file_);
}

bool Reader::fill() {
    if (eof_) return false;
    buffer_len_ = std::fread(buffer_.data(), 1, buffer_.size(), file_);
    buffer_pos_ = 0;
    consumed_ += buffer_len_;
    if (buffer_len_ == 0) eof_ = true;  // a read error (e.g. a directory) reads as an empty file
    return buffer_len_ > 0;
}

bool Reader::read_line(std::string& line, bool& had_newline) {
    line.clear();
    had_newline = false;
    bool any = false;
    while (true) {
        if (buffer_pos_ >= buffer_len_ && !fill()) return any;
        const char* start = buffer_.data() + buffer_pos_;
        size_t available = buffer_len_ - buffer_pos_;
        const void* nl = std::memchr(start, '\n', available);
        size_t take = nl ? static_cast<size_t>(static_cast<const char*>(nl) - start) : available;
        line.append(start, take);
        any = true;
        buffer_pos_ += take;
        if (nl) {
            ++buffer_pos_;
            had_newline = true;
            return true;
        }
    }
}

bool Reader::open(const std::string& path) {
    file_ = std::fopen(path.c_str(), "rb");
    if (!file_) return false;
    buffer_.resize(kBlock);

    // "sep=<c>" line: dropped only when a line break follows somewhere; <c> is its 5th byte.
    char separator = ',';
    bool had_newline = false;
    std::string first;
    read_line(first, had_newline);
    if (first.starts_with("sep=") && had_newline) {
        if (first.size() >= 5) separator = first[4];
        data_start_ = static_cast<long>(first.size() + 1);
    }

    if (separator == ';') {
        semicolons_ = true;
    } else if (separator == ',') {
        // No comma anywhere but some semicolon: a semicolon-separated file.
        std::fseek(file_, data_start_, SEEK_SET);
        eof_ = false;
        buffer_pos_ = buffer_len_ = 0;
        bool semicolon = false;
        bool comma = false;
        while (!comma && fill()) {
            const char* block = buffer_.data();
            comma = std::memchr(block, ',', buffer_len_) != nullptr;
            semicolon = semicolon || std::memchr(block, ';', buffer_len_) != nullptr;
        }
        semicolons_ = semicolon && !comma;
    }

    start_data();
    std::string header;
    if (read_line(header, had_newline)) {
        if (semicolons_) std::replace(header.begin(), header.end(), ';', ',');
        trailing_commas_ = count_trailing_commas(header);
    }
    if (std::fseek(file_, 0, SEEK_END) == 0) {
        const long size = std::ftell(file_);
        pass_bytes_ = size > data_start_ ? static_cast<uint64_t>(size - data_start_) : 0;
    }
    start_data();
    consumed_ = 0;
    return true;
}

void Reader::start_data() {
    std::fseek(file_, data_start_, SEEK_SET);
    eof_ = false;
    buffer_pos_ = buffer_len_ = 0;
    first_line_ = true;
    done_ = false;
    pending_.clear();
    pending_pos_ = 0;
}

void Reader::rewind() { start_data(); }

bool Reader::next(std::vector<std::string>& fields) {
    fields.clear();
    if (done_) return false;
    std::string cell;
    bool quoted = false;
    while (true) {
        if (pending_pos_ >= pending_.size()) {
            bool had_newline = false;
            if (!read_line(line_, had_newline)) {
                done_ = true;
                if (fields.empty() && cell.empty()) return false;
                unquote(cell);
                fields.push_back(std::move(cell));
                return true;
            }
            if (semicolons_) std::replace(line_.begin(), line_.end(), ';', ',');
            pending_.clear();
            pending_pos_ = 0;
            if (trailing_commas_ > 0) {
                // Upstream re-joins the stripped lines with '\n' and drops the final line break.
                strip_trailing_commas(line_, trailing_commas_);
                if (!first_line_) pending_.push_back('\n');
                pending_ += line_;
            } else {
                pending_ += line_;
                if (had_newline) pending_.push_back('\n');
            }
            if (first_line_ && pending_.size() >= 3 && std::memcmp(pending_.data(), "\xEF\xBB\xBF", 3) == 0) {
                pending_pos_ = 3;
            }
            first_line_ = false;
            continue;
        }
        char c = pending_[pending_pos_++];
        switch (c) {
            case '"':
                if (cell.empty() || cell[0] == '"') quoted = !quoted;
                cell.push_back(c);
                break;
            case ',':
                if (quoted) {
                    cell.push_back(c);
                } else {
                    unquote(cell);
                    fields.push_back(std::move(cell));
                    cell.clear();
                }
                break;
            case '\r':
                if (quoted) cell.push_back(c);
                break;
            case '\n':
                if (quoted) {
                    cell.push_back(c);
                } else {
                    unquote(cell);
                    fields.push_back(std::move(cell));
                    return true;
                }
                break;
            default: cell.push_back(c); break;
        }
    }
}

}  // namespace quiver::csv
