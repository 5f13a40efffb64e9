#pragma once
// The core reports every failure as quiver::Error carrying the final, user-visible message;
// the C layer copies what() into the thread-local last error unchanged.
#include <stdexcept>
#include <string>

namespace quiver {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

[[noreturn]] inline void fail(const std::string& message) { throw Error(message); }

}  // namespace quiver
