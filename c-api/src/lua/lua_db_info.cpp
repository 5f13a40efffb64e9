// db: information about the database.
#include "core/database.hpp"
#include "core/reads.hpp"
#include "core/reports.hpp"
#include "lua_db.hpp"

namespace quiver::lua {

namespace {

int is_healthy(Call& c) { return c.boolean(c.db().sqlite() != nullptr); }

int current_version(Call& c) { return c.integer(c.db().current_version()); }

int path(Call& c) { return c.string(c.db().path()); }

int number_of_elements(Call& c) {
    const std::string collection = c.string_arg(1);
    return c.integer(quiver::number_of_elements(c.db(), collection));
}

int describe(Call& c) { return c.string(quiver::describe(c.db())); }

int describe_collection(Call& c) {
    const std::string collection = c.string_arg(1);
    return c.string(quiver::describe_collection(c.db(), collection));
}

int summarize_collection(Call& c) {
    const std::string collection = c.string_arg(1);
    return c.string(quiver::summarize_collection(c.db(), collection));
}

constexpr Method kMethods[] = {
    {"is_healthy", is_healthy},
    {"current_version", current_version},
    {"path", path},
    {"number_of_elements", number_of_elements},
    {"describe", describe},
    {"describe_collection", describe_collection},
    {"summarize_collection", summarize_collection},
};

}  // namespace

std::span<const Method> info_methods() { return kMethods; }

}  // namespace quiver::lua
