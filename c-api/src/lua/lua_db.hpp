#pragma once
// The methods of the `db` userdata (spec 40 §4), one list per area.
#include <span>

#include "lua_call.hpp"

namespace quiver::lua {

std::span<const Method> info_methods();         // lua_db_info.cpp
std::span<const Method> transaction_methods();  // lua_db_transaction.cpp
std::span<const Method> write_methods();        // lua_db_write.cpp
std::span<const Method> read_methods();         // lua_db_read.cpp
std::span<const Method> read_by_id_methods();   // lua_db_read_by_id.cpp
std::span<const Method> time_series_methods();  // lua_db_time_series.cpp
std::span<const Method> csv_methods();          // lua_db_csv.cpp
std::span<const Method> meta_methods();         // lua_db_meta.cpp
std::span<const Method> query_methods();        // lua_db_query.cpp
std::span<const Method> binary_methods();       // lua_binary_file.cpp

}  // namespace quiver::lua
