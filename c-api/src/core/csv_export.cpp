// export_csv: one SELECT whose rows are rendered and written as they are stepped,
// into a file that replaces the destination only once it is complete (output_file.hpp). Unlike
// Quiver 0.10, which truncates the destination first, a failed export leaves it as it was, and the
// database's own files are refused as destinations.
#include <filesystem>
#include <memory>

#include "csv.hpp"
#include "csv_format.hpp"
#include "error.hpp"
#include "metadata.hpp"
#include "output_file.hpp"
#include "progress.hpp"

namespace quiver {

namespace {

// One output column: where its value sits in the SELECT, and how integers/dates render.
struct ExportColumn {
    std::string name;            // header text; also the enum attribute name
    bool date = false;           // rule 5 applies to its text values
    int value_index = 0;
    int label_index = -1;        // FK: the referenced element's label, selected alongside
};

struct ExportPlan {
    std::vector<ExportColumn> columns;
    std::string sql;
};

// A foreign key renders as the target's label. The subquery is qualified so a target without a
// `label` column cannot silently bind to the outer table's; preparing upstream's own lookup first
// reports that case with upstream's message.
std::string label_subquery(Database& db, const ForeignKeyInfo& fk, const std::string& source) {
    Statement probe(db.sqlite(), "SELECT id, label FROM " + quote_identifier(fk.table));
    return "(SELECT r.label FROM " + quote_identifier(fk.table) + " r WHERE r.id = " + source + ")";
}

ExportPlan scalar_plan(Database& db, const TableInfo& table) {
    ExportPlan plan;
    std::string select;
    std::string extra;
    int next_extra = 0;
    for (const auto& c : table.columns) {
        if (c.name == "id") continue;
        ExportColumn col{.name = c.name, .date = c.type == DataType::DateTime,
                         .value_index = static_cast<int>(plan.columns.size())};
        select += (select.empty() ? "t." : ", t.") + quote_identifier(c.name);
        if (const ForeignKeyInfo* fk = table.foreign_key_for(c.name)) {
            extra += ", " + label_subquery(db, *fk, "t." + quote_identifier(c.name));
            col.label_index = next_extra++;
        }
        plan.columns.push_back(col);
    }
    int base = static_cast<int>(plan.columns.size());
    for (auto& col : plan.columns) {
        if (col.label_index >= 0) col.label_index += base;
    }
    plan.sql = "SELECT " + select + extra + " FROM " + quote_identifier(table.name) + " t ORDER BY t.rowid";
    return plan;
}

ExportPlan group_plan(Database& db, const std::string& collection, const TableInfo& table, TableKind kind) {
    std::string dimension;
    if (kind == TableKind::TimeSeries) dimension = dimension_column_of(table).name;

    ExportPlan plan;
    std::string select;
    std::string extra;
    int next_extra = 0;
    for (const auto& c : table.columns) {
        ExportColumn col{.name = c.name, .value_index = static_cast<int>(plan.columns.size())};
        if (c.name == "id") {
            select += select.empty() ? "C.label" : ", C.label";  // the owner's label
            plan.columns.push_back(col);
            continue;
        }
        // Upstream types the dimension by its name alone; other columns by the schema.
        col.date = c.name == dimension ? c.name.starts_with("date_") : c.type == DataType::DateTime;
        select += (select.empty() ? "G." : ", G.") + quote_identifier(c.name);
        if (const ForeignKeyInfo* fk = table.foreign_key_for(c.name)) {
            extra += ", " + label_subquery(db, *fk, "G." + quote_identifier(c.name));
            col.label_index = next_extra++;
        }
        plan.columns.push_back(col);
    }
    int base = static_cast<int>(plan.columns.size());
    for (auto& col : plan.columns) {
        if (col.label_index >= 0) col.label_index += base;
    }
    std::string order = "G.id";
    if (kind == TableKind::Vector) order += ", G.vector_index";
    if (kind == TableKind::TimeSeries) order += ", G." + quote_identifier(dimension);
    plan.sql = "SELECT " + select + extra + " FROM " + quote_identifier(table.name) + " G JOIN " +
               quote_identifier(collection) + " C ON C.id = G.id ORDER BY " + order;
    return plan;
}

void render_cell(std::string& out, const ExportColumn& col, const Statement& stmt, const CsvOptions& options) {
    switch (stmt.column_type(col.value_index)) {
        case SQLITE_INTEGER: {
            int64_t v = stmt.column_int64(col.value_index);
            if (col.label_index >= 0 && stmt.column_type(col.label_index) == SQLITE_TEXT) {
                csv::append_field(out, stmt.column_text(col.label_index));
            } else if (const std::string* label = options.enum_label_for(col.name, v)) {
                csv::append_field(out, *label);
            } else {
                csv::append_integer(out, v);
            }
            break;
        }
        case SQLITE_FLOAT: csv::append_float(out, stmt.column_double(col.value_index)); break;
        case SQLITE_TEXT: {
            std::string text = stmt.column_text(col.value_index);
            if (col.date && !options.date_time_format.empty()) {
                text = csv::format_stored_date_time(text, options.date_time_format);
            }
            csv::append_field(out, text);
            break;
        }
        default: break;  // NULL: empty field
    }
}

// Writing the export over the database, its journal, WAL or shared-memory file, or its log
// would destroy the database or its crash recovery; such a destination is refused.
void refuse_database_files(Database& db, const std::string& path) {
    const std::string& db_path = db.path();
    if (db_path.empty() || db_path == ":memory:" || db_path.starts_with("file:")) return;
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path target = fs::weakly_canonical(path, ec);
    if (ec) return;  // the open reports it
    const fs::path folder = fs::path(db_path).parent_path();
    const std::pair<fs::path, const char*> files[] = {
        {db_path, "the database file"},
        {db_path + "-journal", "the database's rollback journal"},
        {db_path + "-wal", "the database's write-ahead log"},
        {db_path + "-shm", "the database's shared-memory file"},
        {(folder.empty() ? fs::path(".") : folder) / "quiver_database.log", "the database's log file"},
    };
    for (const auto& [file, what] : files) {
        std::error_code e1, e2;
        bool same = fs::weakly_canonical(file, e1) == target && !e1;
        // Hard links and other spellings of an existing file.
        if (!same && fs::exists(target, e2) && fs::exists(file, e2)) same = fs::equivalent(target, file, e2) && !e2;
        if (same) fail("Cannot export_csv: " + path + " is " + what);
    }
}

}  // namespace

void export_csv(Database& db, const std::string& collection, const std::string& group, const std::string& path,
                const CsvOptions& options) {
    // Upstream creates the parent directories before anything else; a failure surfaces when the
    // file cannot be opened.
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);

    const TableInfo& collection_table = db.require_table("export_csv", collection);
    ExportPlan plan;
    if (group.empty()) {
        plan = scalar_plan(db, collection_table);
    } else {
        TableKind kind;
        const TableInfo* table = csv_group_table(db.schema(), collection, group, kind);
        if (!table) fail("Cannot export_csv: group not found: '" + group + "' in collection '" + collection + "'");
        plan = group_plan(db, collection, *table, kind);
    }
    if (progress::active()) {
        // Rows to write, for the progress report (only when someone follows it).
        auto count = db.prepare("SELECT COUNT(*) FROM (" + plan.sql + ")");
        if (count->step()) progress::set_total(count->column_int64(0));
    }
    auto stmt = db.prepare(plan.sql);

    refuse_database_files(db, path);
    OutputFile file("export_csv", path);

    std::string out = "sep=,\n";
    for (size_t i = 0; i < plan.columns.size(); ++i) {
        if (i) out.push_back(',');
        csv::append_field(out, plan.columns[i].name);
    }
    out.push_back('\n');
    while (stmt->step()) {
        for (size_t i = 0; i < plan.columns.size(); ++i) {
            if (i) out.push_back(',');
            render_cell(out, plan.columns[i], *stmt, options);
        }
        out.push_back('\n');
        progress::advance();
        if (out.size() >= (1u << 16)) {
            file.write(out);
            out.clear();
        }
    }
    file.write(out);
    file.commit();
}

}  // namespace quiver
