// import_csv. The file is streamed: one pass validates every record (field counts
// first, then vector indices, then cells, in upstream's precedence), one pass writes, and scalar
// imports with self references make one more pass per self-referencing column; all of it in one
// transaction. Memory holds label maps, never the file.
//
// Where we depart from Quiver 0.10: foreign keys stay enforced. Upstream switches them off,
// deletes every element and inserts the file, which leaves references to dropped elements
// dangling and group rows orphaned. Here a scalar import updates the elements it keeps in place
// (same id), inserts new ones and deletes the ones the file drops, so the schema's ON DELETE rules
// apply to exactly those; an import a foreign key forbids fails and changes nothing. Numbers are
// read strictly (whole cell) and a bad cell names its row.
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "csv.hpp"
#include "csv_format.hpp"
#include "csv_reader.hpp"
#include "date_time.hpp"
#include "error.hpp"
#include "metadata.hpp"
#include "progress.hpp"
#include "write_support.hpp"

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

// Makes sure foreign keys are enforced during the import (a caller may have switched them off
// with a PRAGMA) and restores the previous setting afterwards. Outside a transaction only, where
// SQLite honours the pragma; import_csv has checked that.
class ForeignKeysOn {
public:
    explicit ForeignKeysOn(Database& db) : db_(db) {
        was_on_ = execute(db_.sqlite(), "PRAGMA foreign_keys").rows.at(0).at(0) == Value(int64_t{1});
        if (!was_on_) execute_script(db_.sqlite(), "PRAGMA foreign_keys = ON");
    }
    ~ForeignKeysOn() {
        if (!was_on_) sqlite3_exec(db_.sqlite(), "PRAGMA foreign_keys = OFF", nullptr, nullptr, nullptr);
    }
    ForeignKeysOn(const ForeignKeysOn&) = delete;
    ForeignKeysOn& operator=(const ForeignKeysOn&) = delete;

private:
    Database& db_;
    bool was_on_ = true;
};

bool is_unique_violation(const Error& e) { return std::string(e.what()).find("UNIQUE constraint") != std::string::npos; }

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
    void validate_file();
    void validate_vector_index(const std::vector<std::string>& fields);
    void validate_scalar_cell(const ImportColumn& col, const std::string& cell, size_t row);
    void validate_group_cell(const ImportColumn& col, const std::string& cell, size_t row);
    void validate_number(const ImportColumn& col, const std::string& cell, size_t row);
    Value convert(const ImportColumn& col, const std::string& cell);
    std::string normalized_date(const std::string& cell) const;
    LabelLookup& lookup(const std::string& table);
    void write_scalars();
    void write_group();
    void remove_element(int64_t id, const std::string& label);
    std::string referencing_column(int64_t id);
    void write_self_references(const ImportColumn& col);
    // Every pass reads through here; progress counts the bytes read over all passes.
    bool next_record(std::vector<std::string>& fields) {
        const bool more = reader_.next(fields);
        if (progress::active()) progress::report(static_cast<int64_t>(reader_.bytes_read()));
        return more;
    }

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
    std::unordered_set<std::string> file_labels_;  // scalars: every label of the file
    bool duplicate_label_ = false;
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
    // The parser checks each field's range only: 2024-02-30 must fail here too.
    if (!value || !is_valid_date_time(*value)) {
        const std::string& format =
            options_.date_time_format.empty() ? std::string("%Y-%m-%dT%H:%M:%S") : options_.date_time_format;
        fail(kPrefix + "Timestamp " + cell + " is not valid. Please provide a valid timestamp with format " + format +
             ".");
    }
    return *value;
}

void Importer::validate_number(const ImportColumn& col, const std::string& cell, size_t row) {
    const std::string where = "' for column '" + col.info->name + "' in row " + std::to_string(row) + ".";
    if (col.kind == CellKind::Integer) {
        int64_t v;
        if (csv::parse_integer(cell, v)) return;
        if (!options_.has_enum(col.info->name)) fail(kPrefix + "Invalid integer value '" + cell + where);
        if (!options_.enum_value_for(col.info->name, cell)) fail(kPrefix + "Invalid enum value '" + cell + where);
    } else if (col.kind == CellKind::Real) {
        double v;
        if (!csv::parse_float(cell, v)) fail(kPrefix + "Invalid float value '" + cell + where);
    }
}

void Importer::validate_scalar_cell(const ImportColumn& col, const std::string& cell, size_t row) {
    if (cell.empty()) {
        if (col.info->not_null) fail(kPrefix + "Column " + col.info->name + " cannot be NULL.");
        return;
    }
    if (col.kind == CellKind::ForeignKey && !lookup(col.target).find(cell)) {
        fail(kPrefix + "Could not find an existing element from collection " + col.target + " with label " + cell +
             ".\nCreate the element before referencing it.");
    }
    if (col.date) normalized_date(cell);
    validate_number(col, cell, row);
}

// Group cells: as scalar cells, with the parent's label in `id`.
void Importer::validate_group_cell(const ImportColumn& col, const std::string& cell, size_t row) {
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
    validate_number(col, cell, row);
}

// Per element label, vector_index must run 1, 2, 3, ... in file order.
void Importer::validate_vector_index(const std::vector<std::string>& fields) {
    int64_t v;
    if (!csv::parse_integer(trimmed(fields[index_field_]), v)) {
        fail(kPrefix + "Column vector_index must be consecutive, unique and start at 1.");
    }
    int64_t& count = vector_counts_[trimmed(fields[parent_field_])];
    if (v != ++count) fail(kPrefix + "Column vector_index must be consecutive, unique and start at 1.");
}

// Upstream checks every row's field count, then (vectors) the indices of every row, then every
// cell; the first failure of the earliest stage is reported. Duplicate labels come last, where
// upstream's insert would hit the UNIQUE constraint.
void Importer::validate_file() {
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
        if (group_.empty() && !file_labels_.insert(trimmed(fields[label_field_])).second) duplicate_label_ = true;
        if (cell_error) continue;
        try {
            for (const auto& col : columns_) {
                std::string cell = trimmed(fields[col.field]);
                // Text is read back through C strings, which would end at the NUL.
                if (cell.find('\0') != std::string::npos) {
                    fail(kPrefix + "Text for column '" + col.info->name + "' in row " + std::to_string(rows) +
                         " contains a NUL character.");
                }
                if (group_.empty()) {
                    validate_scalar_cell(col, cell, rows);
                } else {
                    validate_group_cell(col, cell, rows);
                }
            }
        } catch (const Error& e) {
            cell_error = e.what();
        }
    }
    if (index_error) fail(*index_error);
    if (cell_error) fail(*cell_error);
    if (duplicate_label_) fail(kPrefix + "There are duplicate entries in the CSV file.");
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
            csv::parse_integer(cell, v);
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
    // Numbers were validated strictly; these conversions cannot fail.
    if (col.kind == CellKind::Integer) {
        int64_t v;
        if (csv::parse_integer(cell, v)) return v;
        return options_.enum_value_for(col.info->name, cell).value_or(0);
    }
    if (col.kind == CellKind::Real) {
        double v = 0;
        csv::parse_float(cell, v);
        return v;
    }
    return cell;
}

void Importer::write_scalars() {
    // Every element before the import, in id order: label -> id.
    std::vector<std::pair<int64_t, std::string>> before;
    std::unordered_map<std::string, int64_t> existing_ids;
    {
        auto stmt = db_.prepare("SELECT id, label FROM " + quote_identifier(collection_) + " ORDER BY id");
        while (stmt->step()) {
            if (stmt->column_type(0) == SQLITE_INTEGER && stmt->column_type(1) == SQLITE_TEXT) {
                before.emplace_back(stmt->column_int64(0), stmt->column_text(1));
                existing_ids[before.back().second] = before.back().first;
            }
        }
    }
    const std::string table = quote_identifier(collection_);
    // Self references are cleared first, so that dropping an element cannot cascade through a
    // self reference onto an element the file keeps; the last pass sets them from the file.
    for (const auto& col : columns_) {
        if (col.kind != CellKind::SelfForeignKey) continue;
        const std::string column = quote_identifier(col.info->name);
        db_.prepare("UPDATE " + table + " SET " + column + " = NULL WHERE " + column + " IS NOT NULL")->step();
    }
    // The elements the file drops go first (their labels and unique values become free), one by
    // one so that a refusal names the element.
    for (const auto& [id, label] : before) {
        if (!file_labels_.count(label)) remove_element(id, label);
    }

    // A kept element's label does not change, so the update leaves it (and its index) alone.
    std::string sets;
    std::string names;
    std::string marks;
    for (const auto& col : columns_) {
        const std::string column = quote_identifier(col.info->name);
        if (col.field != label_field_) sets += (sets.empty() ? "" : ", ") + column + " = ?";
        names += (names.empty() ? "" : ", ") + column;
        marks += marks.empty() ? "?" : ", ?";
    }
    try {
        // A collection of labels only has nothing to update.
        std::optional<StatementLease> update;
        if (!sets.empty()) update.emplace(db_.prepare("UPDATE " + table + " SET " + sets + " WHERE id = ?"));
        auto insert = db_.prepare("INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")");
        reader_.rewind();
        std::vector<std::string> fields;
        next_record(fields);  // header
        while (next_record(fields)) {
            // An element whose label exists keeps its id (and its groups); a new one gets a fresh id.
            // (A unique value other than the label that two kept elements swap collides in these
            // row-by-row updates and is reported as a duplicate.)
            auto it = existing_ids.find(trimmed(fields[label_field_]));
            bool kept = it != existing_ids.end();
            if (kept && !update) continue;
            Statement& stmt = kept ? **update : *insert;
            stmt.reset();
            int index = 1;
            for (const auto& col : columns_) {
                if (kept && col.field == label_field_) continue;
                stmt.bind(index++, convert(col, trimmed(fields[col.field])));
            }
            if (kept) stmt.bind(index, it->second);
            stmt.step();
        }
        for (const auto& col : columns_) {
            if (col.kind == CellKind::SelfForeignKey) write_self_references(col);
        }
    } catch (const Error& e) {
        if (is_unique_violation(e)) fail(kPrefix + "There are duplicate entries in the CSV file.");
        throw;
    }
}

void Importer::write_group() {
    const std::string table = quote_identifier(table_->name);
    std::string names;
    std::string marks;
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
            for (const auto& col : columns_) insert->bind(index++, convert(col, trimmed(fields[col.field])));
            insert->step();
        }
    } catch (const Error& e) {
        if (is_unique_violation(e)) fail(kPrefix + "There are duplicate entries in the CSV file.");
        throw;
    }
}

// Deletes an element the file no longer lists; its vector, set and time-series rows and the rows
// referencing it follow their ON DELETE rules. A reference that forbids the delete fails the import.
void Importer::remove_element(int64_t id, const std::string& label) {
    auto del = db_.prepare("DELETE FROM " + quote_identifier(collection_) + " WHERE id = ?");
    del->bind(1, id);
    try {
        del->step();
    } catch (const Error& e) {
        if (std::string(e.what()).find("FOREIGN KEY constraint") == std::string::npos) throw;
        std::string by = referencing_column(id);
        fail(kPrefix + "Element " + label + " is not in the CSV file but " +
             (by.empty() ? std::string("other rows still reference it") : by + " still references it") +
             ", and its foreign key does not allow deleting it.");
    }
}

// "<table>.<column>" of a row referencing element `id` through a foreign key without a delete
// action (RESTRICT or NO ACTION), or "" when none is found.
std::string Importer::referencing_column(int64_t id) {
    for (const auto& [name, table] : db_.schema().tables) {
        for (const auto& fk : table.foreign_keys) {
            if (fk.table != collection_ || !(fk.to.empty() || fk.to == "id")) continue;
            if (fk.on_delete != "RESTRICT" && fk.on_delete != "NO ACTION") continue;
            auto stmt = db_.prepare("SELECT 1 FROM " + quote_identifier(name) + " WHERE " + quote_identifier(fk.from) +
                                    " = ? LIMIT 1");
            stmt->bind(1, id);
            if (stmt->step()) return name + "." + fk.from;
        }
    }
    return "";
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
    if (progress::active()) {
        // One pass validates, one writes, and each self-referencing column takes one more.
        int64_t passes = 2;
        for (const auto& col : columns_) passes += col.kind == CellKind::SelfForeignKey ? 1 : 0;
        progress::set_total(passes * static_cast<int64_t>(reader_.pass_bytes()));
    }
    ForeignKeysOn fk_on(db_);
    WriteTransaction txn(db_);
    validate_file();
    if (group_.empty()) {
        write_scalars();
    } else {
        write_group();
    }
    txn.commit();
}

}  // namespace

void import_csv(Database& db, const std::string& collection, const std::string& group, const std::string& path,
                const CsvOptions& options) {
    Importer(db, collection, group, path, options).run();
}

}  // namespace quiver
