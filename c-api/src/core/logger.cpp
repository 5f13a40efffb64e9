#include "logger.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>

namespace quiver {

namespace {

std::atomic<int> next_logger_id{1};

const char* level_name(LogLevel level) {
    switch (level) {
        case LogLevel::Debug: return "debug";
        case LogLevel::Info: return "info";
        case LogLevel::Warn: return "warning";
        case LogLevel::Error: return "error";
        default: return "off";
    }
}

std::string timestamp() {
    using namespace std::chrono;
    auto now = system_clock::now();
    std::time_t t = system_clock::to_time_t(now);
    auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    localtime_r(&t, &tm);
    // Sized for the widest possible int fields (GCC's -Wformat-truncation counts them), not the
    // usual 23 characters.
    char buf[80];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%03d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return buf;
}

}  // namespace

Logger::Logger(const std::string& db_path, int console_level)
    : console_level_(console_level >= 0 && console_level <= 4 ? console_level : 1), id_(next_logger_id++) {
    if (db_path == ":memory:" || db_path.empty()) {
        warn("in-memory database: no log file is written");
        return;
    }
    std::filesystem::path dir = std::filesystem::path(db_path).parent_path();
    std::filesystem::path file = (dir.empty() ? std::filesystem::path(".") : dir) / "quiver_database.log";
    // Remove and recreate rather than truncate in place: on ext4 closing a truncated file forces a
    // writeback, which made every open cost milliseconds.
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
    file_ = std::fopen(file.string().c_str(), "w");
    if (!file_) warn("cannot create log file " + file.string() + "; logging to the console only");
}

Logger::~Logger() {
    if (file_) std::fclose(file_);
}

void Logger::log(LogLevel level, const std::string& text) {
    int lv = static_cast<int>(level);
    if (!file_ && lv < console_level_) return;
    // Appended piecewise: `"[" + std::string&&` trips GCC 12's false -Wrestrict (PR 105329).
    std::string line;
    line.reserve(64 + text.size());
    line.append("[").append(timestamp()).append("] [quiver_database_").append(std::to_string(id_));
    line.append("] [").append(level_name(level)).append("] ").append(text).append("\n");
    if (lv >= console_level_ && console_level_ < static_cast<int>(LogLevel::Off)) std::fputs(line.c_str(), stderr);
    if (file_) {
        std::fputs(line.c_str(), file_);
        std::fflush(file_);
    }
}

}  // namespace quiver
