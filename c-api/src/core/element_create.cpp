#include "element_create.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "date_time.hpp"
#include "element_write.hpp"
#include "error.hpp"
#include "sqlite.hpp"
#include "write_support.hpp"

namespace quiver {

namespace {

// Inside a row every message is create_element's own; create_elements puts the row in front.
constexpr const char* kSingleOp = "create_element";
constexpr std::string_view kBulkPrefix = "Cannot create_elements: ";
constexpr std::string_view kSinglePrefix = "Cannot create_element: ";

[[noreturn]] void single(const std::string& text) { fail(std::string(kSinglePrefix) + text); }
[[noreturn]] void bulk(const std::string& text) { fail(std::string(kBulkPrefix) + text); }

// "Cannot create_elements: row <r>: <reason>", the reason being create_element's message
// without its "Cannot create_element: " prefix.
std::string row_message(size_t row, const std::string& message) {
    std::string_view reason = message;
    if (reason.starts_with(kSinglePrefix)) reason.remove_prefix(kSinglePrefix.size());
    return std::string(kBulkPrefix) + "row " + std::to_string(row) + ": " + std::string(reason);
}

std::string_view trimmed(const char* s, size_t n) {
    size_t b = 0, e = n;
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (b < e && blank(s[b])) ++b;
    while (e > b && blank(s[e - 1])) --e;
    return {s + b, e - b};
}

Value to_value(const Cell& cell) {
    switch (cell.kind) {
        case Cell::Kind::Integer: return cell.integer;
        case Cell::Kind::Real: return cell.real;
        case Cell::Kind::Text: return std::string(cell.text, cell.size);
        default: return std::monostate{};
    }
}

// create_element's type rule for a scalar: the kind of the value against the column type.
void check_scalar(const ColumnInfo& info, const Cell& cell) {
    const bool text_column = info.type == DataType::Text || info.type == DataType::DateTime;
    const char* got = nullptr;
    switch (cell.kind) {
        case Cell::Kind::Integer: got = text_column ? "INTEGER" : nullptr; break;
        case Cell::Kind::Real: got = info.type == DataType::Real ? nullptr : "REAL"; break;
        case Cell::Kind::Text: got = text_column ? nullptr : "TEXT"; break;
        default: break;
    }
    if (got) {
        single("type mismatch for column '" + info.name + "': expected " + type_name(info.type) + ", got " + got);
    }
    if (cell.kind == Cell::Kind::Real && std::isnan(cell.real)) single("column '" + info.name + "': " + kNaNProblem);
    if (cell.kind == Cell::Kind::Text) {
        std::string_view text(cell.text, cell.size);
        if (text.find('\0') != std::string_view::npos) single("column '" + info.name + "': " + kNulProblem);
        if (info.type == DataType::DateTime) {
            std::string_view t = trimmed(cell.text, cell.size);
            if (!is_valid_date_time(t)) single("column '" + info.name + "': " + date_time_problem(t));
        }
    }
}

class BulkTransaction {
public:
    explicit BulkTransaction(Database& db) : db_(db), nested_(db.in_transaction()) {
        if (nested_) {
            exec("SAVEPOINT quiver_create_elements", "Failed to begin transaction: ");
        } else {
            tx_.emplace(db);
        }
    }
    ~BulkTransaction() {
        if (done_) return;
        if (nested_) {
            sqlite3_exec(db_.sqlite(), "ROLLBACK TO quiver_create_elements", nullptr, nullptr, nullptr);
            sqlite3_exec(db_.sqlite(), "RELEASE quiver_create_elements", nullptr, nullptr, nullptr);
        }
        // tx_ rolls back in its own destructor
    }
    void commit() {
        if (nested_) {
            exec("RELEASE quiver_create_elements", "Failed to commit transaction: ");
        } else {
            tx_->commit();
        }
        done_ = true;
    }
    BulkTransaction(const BulkTransaction&) = delete;
    BulkTransaction& operator=(const BulkTransaction&) = delete;

private:
    void exec(const char* sql, const char* prefix) {
        if (sqlite3_exec(db_.sqlite(), sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
            fail(prefix + sqlite_error(db_.sqlite()));
        }
    }
    Database& db_;
    bool nested_;
    bool done_ = false;
    std::optional<WriteTransaction> tx_;
};

}  // namespace

Cell Cell::of(const Value& v) {
    if (auto i = std::get_if<int64_t>(&v)) return of(*i);
    if (auto d = std::get_if<double>(&v)) return of(*d);
    if (auto s = std::get_if<std::string>(&v)) return of(s->data(), s->size());
    return null();
}

// ---- plans -------------------------------------------------------------------------------------

// A scalar attribute resolved against the collection table.
struct ScalarColumn {
    std::string name;
    const ColumnInfo* info = nullptr;    // nullptr: not a column (an error for rows giving it)
    const ForeignKeyInfo* fk = nullptr;  // labels given as text become the target's id
    std::unique_ptr<Statement> lookup;   // SELECT id FROM <target> WHERE label = ?, prepared on first use
    std::unordered_map<std::string, int64_t> ids_by_label;  // the current call's lookups only
};

// What create_element works out for one collection and set of scalar names (in name order).
struct CreatePlan {
    std::string collection;
    const TableInfo* table = nullptr;
    std::vector<ScalarColumn> scalars;
    std::unique_ptr<Statement> insert;  // one row giving every scalar, prepared on first use
    bool busy = false;
};

class CreateCache {
public:
    // The plan for `names` (pointers to the names, in name order), or nullptr.
    CreatePlan* find(const std::string& collection, const std::vector<const std::string*>& names) {
        for (auto& plan : plans_) {
            if (plan->collection != collection || plan->scalars.size() != names.size()) continue;
            bool same = true;
            for (size_t k = 0; k < names.size() && same; ++k) same = plan->scalars[k].name == *names[k];
            if (same) return plan.get();
        }
        return nullptr;
    }
    CreatePlan* add(std::unique_ptr<CreatePlan> plan) {
        if (plans_.size() >= kMaxPlans) {
            std::erase_if(plans_, [](const std::unique_ptr<CreatePlan>& p) { return !p->busy; });
        }
        plans_.push_back(std::move(plan));
        return plans_.back().get();
    }

private:
    static constexpr size_t kMaxPlans = 64;
    std::vector<std::unique_ptr<CreatePlan>> plans_;
};

void CreateCacheDeleter::operator()(CreateCache* cache) const { delete cache; }

CreateCache* new_create_cache() { return new CreateCache(); }

namespace {

std::unique_ptr<CreatePlan> make_plan(const TableInfo& table, const std::string& collection,
                                      const std::vector<const std::string*>& names) {
    auto plan = std::make_unique<CreatePlan>();
    plan->collection = collection;
    plan->table = &table;
    plan->scalars.reserve(names.size());
    for (const std::string* name : names) {
        ScalarColumn column;
        column.name = *name;
        column.info = table.find_column(*name);
        column.fk = table.foreign_key_for(*name);
        plan->scalars.push_back(std::move(column));
    }
    return plan;
}

// Holds the cached plan for the duration of one call (a nested call gets a plan of its own).
class PlanUse {
public:
    PlanUse(Database& db, const TableInfo& table, const std::string& collection,
            const std::vector<const std::string*>& names) {
        CreateCache& cache = db.create_cache();
        plan_ = cache.find(collection, names);
        if (plan_ && plan_->busy) {
            owned_ = make_plan(table, collection, names);
            plan_ = owned_.get();
        } else if (!plan_) {
            plan_ = cache.add(make_plan(table, collection, names));
        }
        plan_->busy = true;
        for (auto& column : plan_->scalars) column.ids_by_label.clear();
    }
    ~PlanUse() {
        plan_->busy = false;
        for (auto& column : plan_->scalars) column.ids_by_label.clear();
    }
    PlanUse(const PlanUse&) = delete;
    PlanUse& operator=(const PlanUse&) = delete;
    CreatePlan& operator*() const { return *plan_; }

private:
    std::unique_ptr<CreatePlan> owned_;
    CreatePlan* plan_ = nullptr;
};

int64_t resolve(Database& db, ScalarColumn& column, const Cell& cell) {
    std::string_view label = trimmed(cell.text, cell.size);
    std::string key(label);
    auto hit = column.ids_by_label.find(key);
    if (hit != column.ids_by_label.end()) return hit->second;
    if (!column.lookup) {
        column.lookup = std::make_unique<Statement>(db.sqlite(), "SELECT id FROM " + quote_identifier(column.fk->table) + " WHERE label = ?");
    }
    Statement& stmt = *column.lookup;
    if (key.find('\0') != std::string::npos) {
        fail("Failed to execute statement: text of parameter 1 contains a NUL character");
    }
    sqlite3_bind_text(stmt.raw(), 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
    bool found = false;
    int64_t id = 0;
    try {
        found = stmt.step();
        if (found) id = stmt.column_int64(0);
    } catch (...) {
        sqlite3_reset(stmt.raw());
        throw;
    }
    sqlite3_reset(stmt.raw());
    if (!found) {
        fail("Failed to resolve label '" + std::string(cell.text, cell.size) + "' to ID in table '" + column.fk->table + "'");
    }
    column.ids_by_label.emplace(std::move(key), id);
    return id;
}

using Arrays = std::map<std::string, std::vector<Value>>;

// A large call keeps its pages in memory instead of spilling them to the file before the commit
// (SQLite's default cache is 2 MB): the page cache is raised for the call and set back afterwards.
class LargerCache {
public:
    LargerCache(Database& db, size_t row_count) : db_(db) {
        if (row_count < kMinRows) return;
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db.sqlite(), "PRAGMA cache_size", -1, &stmt, nullptr) == SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW) {
            previous_ = sqlite3_column_int64(stmt, 0);
        }
        sqlite3_finalize(stmt);
        // Negative sizes are KiB, positive ones pages; only a smaller cache is raised.
        const int64_t bytes = previous_ < 0 ? -previous_ * 1024 : previous_ * 4096;
        if (previous_ == 0 || bytes >= kBytes) return;
        raised_ = sqlite3_exec(db.sqlite(), ("PRAGMA cache_size = -" + std::to_string(kBytes / 1024)).c_str(), nullptr,
                               nullptr, nullptr) == SQLITE_OK;
    }
    ~LargerCache() {
        if (raised_) {
            sqlite3_exec(db_.sqlite(), ("PRAGMA cache_size = " + std::to_string(previous_)).c_str(), nullptr, nullptr,
                         nullptr);
        }
    }
    LargerCache(const LargerCache&) = delete;
    LargerCache& operator=(const LargerCache&) = delete;

private:
    static constexpr size_t kMinRows = 10000;
    static constexpr int64_t kBytes = 64 * 1024 * 1024;
    Database& db_;
    int64_t previous_ = 0;
    bool raised_ = false;
};

// One create_element or create_elements call. Rows with the same given columns are inserted up to
// kBatchRows at a time by one multi-row INSERT when the new ids are certain to be consecutive (see
// can_batch); any failure of such an INSERT undoes just that statement, and its rows are then
// written one by one, so the error names the first failing row exactly as a row-by-row loop would.
class Creator {
public:
    Creator(Database& db, const TableInfo& table, const std::string& collection, const RowSource& rows, bool bulk_call)
        : db_(db), table_(table), collection_(collection), rows_(rows) {
        // Scalars in name order (create_element's order for labels and checks), arrays beside them.
        std::vector<std::pair<const std::string*, size_t>> scalars;
        for (size_t c = 0; c < rows_.column_count(); ++c) {
            if (rows_.is_array(c)) {
                arrays_.emplace_back(&rows_.name(c), c);
            } else {
                scalars.emplace_back(&rows_.name(c), c);
            }
        }
        auto by_name = [](const auto& a, const auto& b) { return *a.first < *b.first; };
        if (!std::is_sorted(scalars.begin(), scalars.end(), by_name)) std::sort(scalars.begin(), scalars.end(), by_name);
        if (!std::is_sorted(arrays_.begin(), arrays_.end(), by_name)) std::sort(arrays_.begin(), arrays_.end(), by_name);
        for (const auto* list : {&scalars, &arrays_}) {
            for (size_t i = 1; i < list->size(); ++i) {
                if (*(*list)[i].first != *(*list)[i - 1].first) continue;
                const std::string text = "column '" + *(*list)[i].first + "' is given twice";
                if (bulk_call) bulk(text);
                single(text);
            }
        }
        names_.reserve(scalars.size());
        source_.reserve(scalars.size());
        for (const auto& [name, c] : scalars) {
            names_.push_back(name);
            source_.push_back(c);
        }
    }

    // create_element: the one row, with create_element's messages and transaction.
    int64_t create_one() {
        PlanUse plan(db_, table_, collection_, names_);
        plan_ = &*plan;
        start_rows();
        prepare_row(0);
        WriteTransaction tx(db_);
        int64_t id = 0;
        insert_one(&id, cells_.data(), given_, row_arrays_);
        tx.commit();
        return id;
    }

    // create_elements: every row, all or nothing.
    void create_all(int64_t* ids, const BulkControl& control) {
        const size_t row_count = rows_.row_count();
        if (row_count == 0) return;
        PlanUse plan(db_, table_, collection_, names_);
        plan_ = &*plan;
        ids_ = ids;
        control_ = &control;
        start_rows();
        batch_rows_ = can_batch(row_count) ? batch_size() : 0;

        LargerCache cache(db_, row_count);  // set back after the transaction ends
        BulkTransaction tx(db_);
        for (size_t r = 0; r < row_count; ++r) {
            if (control.cancel &&
                std::atomic_ref<int32_t>(*const_cast<int32_t*>(control.cancel)).load(std::memory_order_relaxed) != 0) {
                bulk("cancelled after " + std::to_string(r) + " of " + std::to_string(row_count) + " rows");
            }
            try {
                prepare_row(r);
            } catch (const Error& e) {
                // A label may name an element still waiting in the batch: write the batch and retry.
                if (pending_rows_.empty()) fail(row_message(r, e.what()));
                flush();
                try {
                    prepare_row(r);
                } catch (const Error& again) {
                    fail(row_message(r, again.what()));
                }
            }
            if (batch_rows_ > 0 && !gives_primary_key()) {
                if (!pending_rows_.empty() && given_ != pending_given_) flush();
                if (pending_rows_.empty()) pending_given_ = given_;
                pending_rows_.push_back(r);
                pending_cells_.insert(pending_cells_.end(), cells_.begin(), cells_.end());
                if (!arrays_.empty()) pending_arrays_.push_back(std::move(row_arrays_));
                if (pending_rows_.size() == batch_rows_) flush();
            } else {
                flush();
                try {
                    insert_one(&ids_[r], cells_.data(), given_, row_arrays_);
                } catch (const Error& e) {
                    fail(row_message(r, e.what()));
                }
                report(r + 1);
            }
        }
        flush();
        tx.commit();
    }

private:
    static constexpr size_t kBatchRows = 64;

    std::vector<ScalarColumn>& scalars() { return plan_->scalars; }

    void start_rows() {
        cells_.resize(names_.size());
        given_.assign(names_.size(), '1');
    }

    // Consecutive new ids are certain when nothing but our INSERT can add or skip rows (no
    // triggers, no ON CONFLICT clause, a rowid table) and the largest rowid leaves room for every
    // row (SQLite picks random rowids once it reaches the maximum).
    bool can_batch(size_t row_count) {
        auto triggers = db_.prepare("SELECT 1 FROM sqlite_master WHERE type = 'trigger' LIMIT 1");
        if (triggers->step()) return false;
        auto sql = db_.prepare("SELECT lower(sql) FROM sqlite_master WHERE type = 'table' AND name = ?");
        sql->bind(1, table_.name);
        if (!sql->step() || sql->column_type(0) != SQLITE_TEXT) return false;
        const std::string text = sql->column_text(0);
        if (text.find("conflict") != std::string::npos || text.find("without") != std::string::npos) return false;
        auto max = db_.prepare("SELECT max(rowid) FROM " + quote_identifier(table_.name));
        if (!max->step()) return false;
        if (max->column_type(0) == SQLITE_NULL) return true;
        const int64_t highest = max->column_int64(0);
        return highest < INT64_MAX - static_cast<int64_t>(row_count) - 1;
    }

    size_t batch_size() const {
        const int limit = sqlite3_limit(db_.sqlite(), SQLITE_LIMIT_VARIABLE_NUMBER, -1);
        const size_t per_row = std::max<size_t>(1, names_.size());
        const size_t rows = std::min(kBatchRows, static_cast<size_t>(limit) / per_row);
        return rows >= 2 ? rows : 0;
    }

    bool gives_primary_key() {
        for (size_t k = 0; k < names_.size(); ++k) {
            if (given_[k] == '1' && scalars()[k].info && scalars()[k].info->primary_key) return true;
        }
        return false;
    }

    // Reads row r into cells_ / given_ / row_arrays_, resolves labels and checks every value, in
    // create_element's order and with its messages.
    void prepare_row(size_t r) {
        auto& columns = scalars();
        size_t given_count = 0;
        for (size_t k = 0; k < columns.size(); ++k) {
            cells_[k] = rows_.scalar(source_[k], r);
            const bool present = cells_[k].kind != Cell::Kind::Absent;
            given_[k] = present ? '1' : '0';
            given_count += present;
        }
        if (given_count == 0) single("element must have at least one scalar attribute");

        for (size_t k = 0; k < columns.size(); ++k) {
            Cell& cell = cells_[k];
            if (cell.kind != Cell::Kind::Text) continue;
            ScalarColumn& column = columns[k];
            if (column.fk) {
                cell = Cell::of(resolve(db_, column, cell));
            } else if (column.info && column.info->type == DataType::Integer) {
                fail("Cannot resolve attribute: '" + column.name + "' is INTEGER but received string '" +
                     std::string(cell.text, cell.size) + "' (not a foreign key)");
            }
        }
        row_arrays_.clear();
        for (const auto& [name, c] : arrays_) {
            const size_t n = rows_.array_size(c, r);
            if (n == 0) continue;  // empty arrays are skipped on create
            std::vector<Value> values;
            values.reserve(n);
            for (size_t i = 0; i < n; ++i) values.push_back(to_value(rows_.array_cell(c, r, i)));
            row_arrays_.emplace(*name, std::move(values));
        }
        if (!row_arrays_.empty()) resolve_array_labels(db_, collection_, row_arrays_);

        for (size_t k = 0; k < columns.size(); ++k) {
            if (given_[k] == '0') continue;
            if (!columns[k].info) fail("Column '" + columns[k].name + "' not found in table '" + table_.name + "'");
            check_scalar(*columns[k].info, cells_[k]);
        }
    }

    std::string insert_sql(const std::string& given, size_t row_count) {
        std::string names, marks;
        for (size_t k = 0; k < names_.size(); ++k) {
            if (given[k] == '0') continue;
            if (!names.empty()) {
                names += ", ";
                marks += ", ";
            }
            names += quote_identifier(*names_[k]);
            marks += "?";
        }
        std::string values = "(" + marks + ")";
        for (size_t i = 1; i < row_count; ++i) values += ", (" + marks + ")";
        return "INSERT INTO " + quote_identifier(collection_) + " (" + names + ") VALUES " + values;
    }

    Statement& insert_for(const std::string& given, size_t row_count) {
        const bool all = given.find('0') == std::string::npos;
        if (row_count == 1 && all) {
            if (!plan_->insert) plan_->insert = std::make_unique<Statement>(db_.sqlite(), insert_sql(given, 1));
            return *plan_->insert;
        }
        auto& cache = row_count == 1 ? singles_ : batches_;
        auto it = cache.find(given);
        if (it != cache.end()) return *it->second;
        auto lease = db_.prepare(insert_sql(given, row_count));
        return *cache.emplace(given, std::move(lease)).first->second;
    }

    // Binds one row's given cells from parameter `index` on; returns the next free index.
    static int bind_row(sqlite3_stmt* stmt, int index, const Cell* cells, size_t count) {
        for (size_t k = 0; k < count; ++k) {
            const Cell& cell = cells[k];
            switch (cell.kind) {
                case Cell::Kind::Absent: continue;
                case Cell::Kind::Null: sqlite3_bind_null(stmt, index); break;
                case Cell::Kind::Integer: sqlite3_bind_int64(stmt, index, cell.integer); break;
                case Cell::Kind::Real: sqlite3_bind_double(stmt, index, cell.real); break;
                case Cell::Kind::Text: {
                    // The text outlives the step: it is the caller's, borrowed for the call.
                    std::string_view t = trimmed(cell.text, cell.size);
                    sqlite3_bind_text(stmt, index, t.data(), static_cast<int>(t.size()), SQLITE_STATIC);
                    break;
                }
            }
            ++index;
        }
        return index;
    }

    // Steps an INSERT; false (statement undone, error text in `error`) when it fails.
    bool step(sqlite3_stmt* stmt, std::string& error) {
        const bool ok = sqlite3_step(stmt) == SQLITE_DONE;
        if (!ok) error = sqlite_error(db_.sqlite());
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);  // no pointer into the caller's text stays behind
        return ok;
    }

    void insert_one(int64_t* id_out, const Cell* cells, const std::string& given, const Arrays& arrays) {
        sqlite3_stmt* stmt = insert_for(given, 1).raw();
        bind_row(stmt, 1, cells, names_.size());
        std::string error;
        if (!step(stmt, error)) fail("Failed to execute statement: " + error);
        const int64_t id = sqlite3_last_insert_rowid(db_.sqlite());
        if (!arrays.empty()) write_element_arrays(db_, kSingleOp, collection_, id, arrays);
        *id_out = id;
    }

    void flush() {
        const size_t k = pending_rows_.size();
        if (k == 0) return;
        const size_t width = names_.size();
        bool written = false;
        if (k == batch_rows_) {
            sqlite3_stmt* stmt = insert_for(pending_given_, k).raw();
            int index = 1;
            for (size_t i = 0; i < k; ++i) index = bind_row(stmt, index, &pending_cells_[i * width], width);
            std::string error;
            if (step(stmt, error)) {
                const int64_t last = sqlite3_last_insert_rowid(db_.sqlite());
                for (size_t i = 0; i < k; ++i) ids_[pending_rows_[i]] = last - static_cast<int64_t>(k - 1 - i);
                for (size_t i = 0; i < pending_arrays_.size(); ++i) {
                    if (pending_arrays_[i].empty()) continue;
                    try {
                        write_element_arrays(db_, kSingleOp, collection_, ids_[pending_rows_[i]], pending_arrays_[i]);
                    } catch (const Error& e) {
                        fail(row_message(pending_rows_[i], e.what()));
                    }
                }
                written = true;
            }
        }
        if (!written) {
            static const Arrays kNone;
            for (size_t i = 0; i < k; ++i) {
                const Arrays& arrays = pending_arrays_.empty() ? kNone : pending_arrays_[i];
                try {
                    insert_one(&ids_[pending_rows_[i]], &pending_cells_[i * width], pending_given_, arrays);
                } catch (const Error& e) {
                    fail(row_message(pending_rows_[i], e.what()));
                }
            }
        }
        report(pending_rows_.back() + 1);
        pending_rows_.clear();
        pending_cells_.clear();
        pending_arrays_.clear();
    }

    void report(size_t done) {
        if (control_ && control_->done) {
            std::atomic_ref<int64_t>(*control_->done).store(static_cast<int64_t>(done), std::memory_order_relaxed);
        }
    }

    Database& db_;
    const TableInfo& table_;
    const std::string& collection_;
    const RowSource& rows_;
    int64_t* ids_ = nullptr;
    const BulkControl* control_ = nullptr;

    std::vector<const std::string*> names_;  // scalar names, name order
    std::vector<size_t> source_;             // their columns in rows_
    std::vector<std::pair<const std::string*, size_t>> arrays_;  // array columns, name order
    CreatePlan* plan_ = nullptr;
    size_t batch_rows_ = 0;  // 0: every row on its own
    std::unordered_map<std::string, StatementLease> singles_, batches_;

    std::vector<Cell> cells_;  // the current row
    std::string given_;        // '1' per scalar column the current row gives
    Arrays row_arrays_;

    std::string pending_given_;  // rows waiting for one multi-row INSERT
    std::vector<size_t> pending_rows_;
    std::vector<Cell> pending_cells_;
    std::vector<Arrays> pending_arrays_;
};

// An Element as a one-row source (create_element).
class ElementRow final : public RowSource {
public:
    explicit ElementRow(const Element& element) {
        for (const auto& entry : element.scalars()) scalars_.push_back(&entry);
        for (const auto& entry : element.arrays()) arrays_.push_back(&entry);
    }
    size_t row_count() const override { return 1; }
    size_t column_count() const override { return scalars_.size() + arrays_.size(); }
    const std::string& name(size_t c) const override {
        return c < scalars_.size() ? scalars_[c]->first : arrays_[c - scalars_.size()]->first;
    }
    bool is_array(size_t c) const override { return c >= scalars_.size(); }
    Cell scalar(size_t c, size_t) const override { return Cell::of(scalars_[c]->second); }
    size_t array_size(size_t c, size_t) const override { return arrays_[c - scalars_.size()]->second.size(); }
    Cell array_cell(size_t c, size_t, size_t index) const override {
        return Cell::of(arrays_[c - scalars_.size()]->second[index]);
    }

private:
    std::vector<const Element::Scalars::value_type*> scalars_;
    std::vector<const Element::Arrays::value_type*> arrays_;
};

}  // namespace

void create_elements(Database& db, const std::string& collection, const RowSource& rows, int64_t* ids,
                     const BulkControl& control) {
    const TableInfo& table = db.require_table("create_elements", collection);
    Creator(db, table, collection, rows, true).create_all(ids, control);
}

int64_t create_element_row(Database& db, const std::string& collection, const RowSource& row) {
    const TableInfo& table = db.require_table(kSingleOp, collection);
    return Creator(db, table, collection, row, false).create_one();
}

int64_t create_element_cached(Database& db, const std::string& collection, const Element& element) {
    const TableInfo& table = db.require_table(kSingleOp, collection);
    if (!element.has_scalars()) single("element must have at least one scalar attribute");
    ElementRow row(element);
    return Creator(db, table, collection, row, false).create_one();
}

}  // namespace quiver
