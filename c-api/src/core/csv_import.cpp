// import_csv. The file is streamed: one pass validates every record (field counts
// first, then vector indices, then cells, in upstream's precedence), one pass writes, and scalar
// imports with self references make one more pass per self-referencing column; all of it in one
// transaction with foreign keys off. Memory holds label maps, never the file.
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>

#include "csv.hpp"
#include "csv_format.hpp"
#include "csv_reader.hpp"
#include "error.hpp"
#include "metadata.hpp"

namespace quiver {

namespace {

const std::string kPrefix = "Cannot import_csv: ";

// How a column's cells are validated and converted.
enum class CellKind { Text, Integer, Real, ForeignKey, SelfForeignKey, ParentLabel, VectorIndex };

struct ImportColumn {
    const ColumnInfo* info = nullptr;
    size_t field = 0;     // position in each record
    CellKind kind = CellKind::Text;
    bool date = false;    // DATE_TIME, or any column named date_* (upstream checks both)
    std::string target;   // ForeignKey / SelfForeignKey: the referenced table
};

std::string trimmed(const std::string& s) {
    size_t begin = s.find_first_not_of(" \t\n\r");
    if (begin == std::string::npos) return {};
    return s.substr(begin, s.find_last_not_of(" \t\n\r") - begin + 1);
}

// Turns PRAGMA foreign_keys off for the import and back on whatever happens. Outside a
// transaction only (SQLite ignores the pragma inside one), which import_csv has checked.
class ForeignKeysOff {
public:
    explicit ForeignKeysOff(Database& db) : db_(db) { execute_script(db_.sqlite(), "PRAGMA foreign_keys = OFF"); }
    ~ForeignKeysOff() { sqlite3_exec(db_.sqlite(), "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr); }
    ForeignKeysOff(const ForeignKeysOff&) = delete;
    ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;

private:
    Database& db_;
};

// label -> id lookups against one table, through a cached prepared statement.
class LabelLookup {
public:
    LabelLookup(Database& db, const std::string& table)
        : stmt_(db.prepare("SELECT id FROM " + quote_identifier(table) + " WHERE label = ?")) {}
    std::optional<int64_t> find(const std::string& label) {
        stmt_->bind(1, label);
        std::optional<int64_t> id;
        if (stmt_->step()) id = stmt_->column_int64(0);
        stmt_->reset();  // no read left open while the import writes
        return id;
    }

private:
    StatementLease stmt_;
};

class Importer {
public:
    Importer(Database& db, const std::string& collection, const std::string& group, const std::string& path,
             const CsvOptions& options)
        : db_(db), collection_(collection), group_(group), path_(path), options_(options) {}

    void run();

private:
    void resolve_table();
    void read_header();
    void classify_columns();
    size_t validate_file();
    void validate_vector_index(const std::vector<std::string>& fields);
    void validate_scalar_cell(const ImportColumn& col, const std::string& cell);
    void validate_group_cell(const ImportColumn& col, const std::string& cell);
    Value convert(const ImportColumn& col, const std::string& cell);
    std::string normalized_date(const std::string& cell) const;
    LabelLookup& lookup(const std::string& table);
    void write_rows();
    void write_self_references(const ImportColumn& col);
    bool next_record(std::vector<std::string>& fields) { return reader_.next(fields); }

    Database& db_;
    const std::string& collection_;
    const std::string& group_;
    const std::string& path_;
    const CsvOptions& options_;

    const TableInfo* table_ = nullptr;
    TableKind kind_ = TableKind::Collection;
    csv::Reader reader_;
    std::vector<std::string> header_;
    std::vector<ImportColumn> columns_;  // the table's columns in declaration order
    size_t label_field_ = 0;   // scalars: the `label` column
    size_t parent_field_ = 0;  // groups: the `id` column (owner labels)
    size_t index_field_ = 0;   // vectors: `vector_index`
    std::unordered_map<std::string, int64_t> vector_counts_;  // element label -> last vector_index
    std::map<std::string, std::unique_ptr<LabelLookup>> lookups_;
};

void Importer::resolve_table() {
    const TableInfo& collection_table = db_.require_table("import_csv", collection_);
    // PRAGMA foreign_keys is a no-op inside a transaction, so an open one (dry runs included)
    // cannot host the import.
    if (db_.in_transaction()) fail(kPrefix + "transaction already active");
    table_ = &collection_table;
    if (group_.empty()) return;
    table_ = csv_group_table(db_.schema(), collection_, group_, kind_);
    if (!table_) fail(kPrefix + "group not found: '" + group_ + "' in collection '" + collection_ + "'");
}

void Importer::read_header() {
    if (!reader_.open(path_)) fail(kPrefix + "could not open file: " + path_);
    if (!next_record(header_)) fail(kPrefix + "CSV file is empty.");

    std::vector<std::string> expected;
    for (const auto& c : table_->columns) {
        if (!(group_.empty() && c.name == "id")) expected.push_back(c.name);
    }
    if (group_.empty() && std::find(header_.begin(), header_.end(), "label") == header_.end()) {
        fail(kPrefix + "CSV file does not contain a 'label' column.");
    }
    if (header_.size() != expected.size()) {
        fail(kPrefix + "The number of columns in the CSV file does not match the number of columns in the database.");
    }
    // Same count, compared as sets: the file's column order is free.
    std::set<std::string> given(header_.begin(), header_.end());
    if (given != std::set<std::string>(expected.begin(), expected.end())) {
        fail(kPrefix + "The columns in the CSV file do not match the columns in the database.");
    }
}

void Importer::classify_columns() {
    std::unordered_map<std::string, size_t> field_of;
    for (size_t i = 0; i < header_.size(); ++i) field_of[header_[i]] = i;  // a repeated name: the last
    std::string dimension;
    if (kind_ == TableKind::TimeSeries) dimension = dimension_column_of(*table_).name;

    for (const auto& c : table_->columns) {
        if (group_.empty() && c.name == "id") continue;
        ImportColumn col;
        col.info = &c;
        col.field = field_of.at(c.name);
        if (!group_.empty() && c.name == "id") {
            col.kind = CellKind::ParentLabel;
        } else if (kind_ == TableKind::Vector && c.name == "vector_index") {
            col.kind = CellKind::VectorIndex;
        } else {
            if (const ForeignKeyInfo* fk = table_->foreign_key_for(c.name)) {
                col.target = fk->table;
                bool self = group_.empty() && fk->table == collection_;  // resolved in a second pass
                col.kind = self ? CellKind::SelfForeignKey : CellKind::ForeignKey;
            } else if (c.type == DataType::Integer) {
                col.kind = CellKind::Integer;
            } else if (c.type == DataType::Real) {
                col.kind = CellKind::Real;
            }
            // Upstream types a time-series dimension by its name; everything else by schema
            // type, and any date_* name is also read as a date.
            col.date = c.name == dimension ? c.name.starts_with("date_")
                                           : (c.type == DataType::DateTime || c.name.starts_with("date_"));
        }
        if (c.name == "label") label_field_ = col.field;
        if (col.kind == CellKind::ParentLabel) parent_field_ = col.field;
        if (col.kind == CellKind::VectorIndex) index_field_ = col.field;
        columns_.push_back(col);
    }
}

LabelLookup& Importer::lookup(const std::string& table) {
    auto& slot = lookups_[table];
    if (!slot) slot = std::make_unique<LabelLookup>(db_, table);
    return *slot;
}

std::string Importer::normalized_date(const std::string& cell) const {
    auto value = csv::normalize_date_time(cell, options_.date_time_format);
    if (!value) {
        const std::string& format =
            options_.date_time_format.empty() ? std::string("%Y-%m-%dT%H:%M:%S") : options_.date_time_format;
        fail(kPrefix + "Timestamp " + cell + " is not valid. Please provide a valid timestamp with format " + format +
             ".");
    }
    return *value;
}

void Importer::validate_scalar_cell(const ImportColumn& col, const std::string& cell) {
    if (cell.empty()) {
        if (col.info->not_null) fail(kPrefix + "Column " + col.info->name + " cannot be NULL.");
        return;
    }
    if (col.kind == CellKind::ForeignKey && !lookup(col.target).find(cell)) {
        fail(kPrefix + "Could not find an existing element from collection " + col.target + " with label " + cell +
             ".\nCreate the element before referencing it.");
    }
    if (col.date) normalized_date(cell);
    if (col.kind == CellKind::Integer) {
        int64_t v;
        if (!csv::parse_leading_integer(cell, v)) {
            if (!options_.has_enum(col.info->name)) {
                fail(kPrefix + "Invalid integer value '" + cell + "' for column '" + col.info->name + "'.");
            }
            if (!options_.enum_value_for(col.info->name, cell)) {
                fail(kPrefix + "Invalid enum value '" + cell + "' for column '" + col.info->name + "'.");
            }
        }
    }
    if (col.kind == CellKind::Real) {
        double v;
        if (!csv::parse_leading_float(cell, v)) {
            fail(kPrefix + "Invalid float value '" + cell + "' for column '" + col.info->name + "'.");
        }
    }
}

// Group cells: numbers are not checked before writing (upstream converts them in the write pass).
void Importer::validate_group_cell(const ImportColumn& col, const std::string& cell) {
    if (col.kind == CellKind::ParentLabel) {
        if (!lookup(collection_).find(cell)) {
            fail(kPrefix + "Element with id " + cell + " does not exist in collection " + collection_ + ".");
        }
        return;
    }
    if (cell.empty()) {
        if (col.info->not_null) fail(kPrefix + "Column " + col.info->name + " cannot be NULL.");
        return;
    }
    if (col.kind == CellKind::ForeignKey && !lookup(col.target).find(cell)) {
        fail(kPrefix + "Could not find an existing element from collection " + col.target + " with label " + cell +
             ".");
    }
    if (col.date && col.kind != CellKind::VectorIndex) normalized_date(cell);
}

// Per element label, vector_index must run 1, 2, 3, ... in file order.
void Importer::validate_vector_index(const std::vector<std::string>& fields) {
    int64_t v;
    if (!csv::parse_leading_integer(trimmed(fields[index_field_]), v)) {
        fail(kPrefix + "Column vector_index must be consecutive, unique and start at 1.");
    }
    int64_t& count = vector_counts_[trimmed(fields[parent_field_])];
    if (v != ++count) fail(kPrefix + "Column vector_index must be consecutive, unique and start at 1.");
}

// Returns the number of data rows. Upstream checks every row's field count, then (vectors) the
// indices of every row, then every cell; the first failure of the earliest stage is reported.
size_t Importer::validate_file() {
    std::optional<std::string> index_error;
    std::optional<std::string> cell_error;
    std::vector<std::string> fields;
    size_t rows = 0;
    while (next_record(fields)) {
        ++rows;
        if (fields.size() != header_.size()) {
            fail(kPrefix + "Row " + std::to_string(rows) + " has " + std::to_string(fields.size()) +
                 " columns, but the header has " + std::to_string(header_.size()) + ".");
        }
        if (kind_ == TableKind::Vector && !index_error) {
            try {
                validate_vector_index(fields);
            } catch (const Error& e) {
                index_error = e.what();
            }
        }
        if (cell_error) continue;
        try {
            for (const auto& col : columns_) {
                std::string cell = trimmed(fields[col.field]);
                if (group_.empty()) {
                    validate_scalar_cell(col, cell);
                } else {
                    validate_group_cell(col, cell);
                }
            }
        } catch (const Error& e) {
            cell_error = e.what();
        }
    }
    if (index_error) fail(*index_error);
    if (cell_error) fail(*cell_error);
    return rows;
}

Value Importer::convert(const ImportColumn& col, const std::string& cell) {
    if (col.kind == CellKind::ParentLabel) {
        auto id = lookup(collection_).find(cell);
        if (!id) fail(kPrefix + "Element with id " + cell + " does not exist in collection " + collection_ + ".");
        return *id;
    }
    if (cell.empty() || col.kind == CellKind::SelfForeignKey) return Value{};  // self references: second pass
    switch (col.kind) {
        case CellKind::VectorIndex: {
            int64_t v = 0;
            csv::parse_leading_integer(cell, v);
            return v;
        }
        case CellKind::ForeignKey: {
            auto id = lookup(col.target).find(cell);
            if (!id) {  // validated already; kept for safety
                fail(kPrefix + "Could not find an existing element from collection " + col.target + " with label " +
                     cell + ".");
            }
            return *id;
        }
        default: break;
    }
    if (col.date) return normalized_date(cell);
    if (col.kind == CellKind::Integer) {
        int64_t v;
        if (csv::parse_leading_integer(cell, v)) return v;
        // Upstream falls back to the enum labels here even without any for this column.
        if (auto e = options_.enum_value_for(col.info->name, cell)) return *e;
        fail(kPrefix + "Invalid enum value '" + cell + "' for column '" + col.info->name + "'.");
    }
    if (col.kind == CellKind::Real) {
        double v;
        // Upstream lets std::stod's exception ("stod") escape for group files; we word it like
        // the scalar check instead.
        if (!csv::parse_leading_float(cell, v)) {
            fail(kPrefix + "Invalid float value '" + cell + "' for column '" + col.info->name + "'.");
        }
        return v;
    }
    return cell;
}

void Importer::write_rows() {
    // Scalars: an element whose label already exists keeps its id (captured before the delete).
    std::unordered_map<std::string, int64_t> existing_ids;
    if (group_.empty()) {
        auto stmt = db_.prepare("SELECT id, label FROM " + quote_identifier(collection_));
        while (stmt->step()) {
            if (stmt->column_type(0) == SQLITE_INTEGER && stmt->column_type(1) == SQLITE_TEXT) {
                existing_ids[stmt->column_text(1)] = stmt->column_int64(0);
            }
        }
    }

    const std::string table = quote_identifier(table_->name);
    std::string names = group_.empty() ? "id" : "";
    std::string marks = group_.empty() ? "?" : "";
    for (const auto& col : columns_) {
        names += (names.empty() ? "" : ", ") + quote_identifier(col.info->name);
        marks += marks.empty() ? "?" : ", ?";
    }

    try {
        db_.prepare("DELETE FROM " + table)->step();
        auto insert = db_.prepare("INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")");
        reader_.rewind();
        std::vector<std::string> fields;
        next_record(fields);  // header
        while (next_record(fields)) {
            insert->reset();
            int index = 1;
            if (group_.empty()) {
                auto it = existing_ids.find(trimmed(fields[label_field_]));
                insert->bind(index++, it == existing_ids.end() ? Value{} : Value(it->second));
            }
            for (const auto& col : columns_) insert->bind(index++, convert(col, trimmed(fields[col.field])));
            insert->step();
        }
        for (const auto& col : columns_) {
            if (col.kind == CellKind::SelfForeignKey) write_self_references(col);
        }
    } catch (const Error& e) {
        if (std::string(e.what()).find("UNIQUE constraint") != std::string::npos) {
            fail(kPrefix + "There are duplicate entries in the CSV file.");
        }
        throw;
    }
}

// Second pass for a column referencing its own collection: every label now exists (or not).
void Importer::write_self_references(const ImportColumn& col) {
    auto update = db_.prepare("UPDATE " + quote_identifier(collection_) + " SET " + quote_identifier(col.info->name) +
                              " = ? WHERE id = ?");
    LabelLookup& labels = lookup(collection_);
    reader_.rewind();
    std::vector<std::string> fields;
    next_record(fields);  // header
    while (next_record(fields)) {
        std::string cell = trimmed(fields[col.field]);
        if (cell.empty()) continue;
        auto target = labels.find(cell);
        if (!target) {
            fail(kPrefix + "Could not find an existing element from collection " + collection_ + " with label " +
                 cell + ".\nCreate the element before referencing it.");
        }
        auto self = labels.find(trimmed(fields[label_field_]));
        update->reset();
        update->bind(1, *target);
        update->bind(2, self ? Value(*self) : Value{});
        update->step();
    }
}

void Importer::run() {
    resolve_table();
    read_header();
    classify_columns();
    // Validation runs inside the import's transaction too: its many label lookups then share
    // one read lock instead of locking the file once each. Any failure rolls everything back.
    ForeignKeysOff fk_off(db_);
    WriteTransaction txn(db_);
    if (validate_file() == 0) {
        // No data rows: the table is emptied (foreign keys off, so nothing cascades).
        db_.prepare("DELETE FROM " + quote_identifier(table_->name))->step();
    } else {
        write_rows();
    }
    txn.commit();
}

}  // namespace

void import_csv(Database& db, const std::string& collection, const std::string& group, const std::string& path,
                const CsvOptions& options) {
    Importer(db, collection, group, path, options).run();
}

}  // namespace quiver
