#pragma once
// Log lines go to stderr at or above the console level, and (file databases) every level to
// quiver_database.log beside the database file. Wording is not part of the contract.
#include <cstdio>
#include <string>

namespace quiver {

enum class LogLevel : int { Debug = 0, Info = 1, Warn = 2, Error = 3, Off = 4 };

class Logger {
public:
    Logger(const std::string& db_path, int console_level);
    ~Logger();
    void log(LogLevel level, const std::string& text);
    void debug(const std::string& t) { log(LogLevel::Debug, t); }
    void info(const std::string& t) { log(LogLevel::Info, t); }
    void warn(const std::string& t) { log(LogLevel::Warn, t); }

private:
    int console_level_;
    std::FILE* file_ = nullptr;
    int id_;
};

}  // namespace quiver
