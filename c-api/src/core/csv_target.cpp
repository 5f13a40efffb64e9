#include "csv.hpp"

namespace quiver {

const TableInfo* csv_group_table(const Schema& schema, const std::string& collection, const std::string& group,
                                 TableKind& kind) {
    for (TableKind k : {TableKind::Vector, TableKind::Set, TableKind::TimeSeries}) {
        if (const TableInfo* table = schema.group_table(collection, k, group)) {
            kind = k;
            return table;
        }
    }
    return nullptr;
}

}  // namespace quiver
