#pragma once
// Streaming CSV record reader for import_csv. Reproduces upstream's file
// preprocessing without holding the file in memory: an optional "sep=<c>" first line, ';' read as
// ',' (separator ';' or a file with ';' but no ','), trailing empty header columns stripped from
// every physical line, a UTF-8 BOM skipped, then the rapidcsv record grammar (quotes toggle only
// at the start of a field, "" inside quotes, quoted CR/LF kept, unquoted CR dropped).
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace quiver::csv {

class Reader {
public:
    Reader() = default;
    ~Reader();
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    // Opens `path` and runs the preprocessing scans; false when the file cannot be opened.
    bool open(const std::string& path);
    // Back to the first record (the header), for another pass over the file.
    void rewind();
    // The next record's fields, unquoted but not trimmed; false at the end of the file.
    bool next(std::vector<std::string>& fields);
    // Bytes of records read since open() finished, over every pass (at buffer granularity), and
    // the bytes one pass reads (the file minus a "sep=" line): for progress reports.
    uint64_t bytes_read() const { return consumed_ - (buffer_len_ - buffer_pos_); }
    uint64_t pass_bytes() const { return pass_bytes_; }

private:
    bool read_line(std::string& line, bool& had_newline);  // physical line, '\n' removed
    bool fill();
    void start_data();

    std::FILE* file_ = nullptr;
    std::vector<char> buffer_;
    size_t buffer_pos_ = 0;
    size_t buffer_len_ = 0;
    bool eof_ = false;
    uint64_t consumed_ = 0;    // bytes fread since open() finished
    uint64_t pass_bytes_ = 0;

    long data_start_ = 0;         // offset after the sep= line
    bool semicolons_ = false;     // map ';' to ','
    size_t trailing_commas_ = 0;  // stripped from every physical line when > 0
    bool first_line_ = true;
    bool done_ = false;
    std::string line_;
    std::string pending_;  // transformed text not yet tokenized
    size_t pending_pos_ = 0;
};

}  // namespace quiver::csv
