#include "database.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "element_create.hpp"
#include "error.hpp"
#include "migrations.hpp"
#include "schema_apply.hpp"

namespace fs = std::filesystem;

namespace quiver {

StatementLease::StatementLease(StatementLease&& other) noexcept
    : owned_(std::move(other.owned_)), stmt_(other.stmt_), in_use_(other.in_use_) {
    other.stmt_ = nullptr;
    other.in_use_ = nullptr;
}

StatementLease::~StatementLease() {
    if (stmt_) stmt_->reset();
    if (in_use_) *in_use_ = false;
}

namespace {

// A file read whole; nullopt when it cannot be opened.
std::optional<std::string> read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void exec_or_fail(sqlite3* db, const char* sql, const std::string& prefix) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(prefix + sqlite_error(db));
}

bool is_file_path(const std::string& path) { return !path.empty() && path != ":memory:" && !path.starts_with("file:"); }

}  // namespace

Database::Database(sqlite3* db, std::string path, std::unique_ptr<Logger> logger, std::unique_ptr<BusyWait> busy)
    : busy_(std::move(busy)), db_(db), path_(std::move(path)), logger_(std::move(logger)) {}

Database::~Database() {
    create_cache_.reset();  // finalize before closing
    statements_.clear();
    sqlite3_close_v2(db_);
    if (logger_) logger_->info("database closed: " + path_);
}

std::unique_ptr<Database> Database::open(const std::string& path, const DatabaseOptions& options) {
    auto logger = std::make_unique<Logger>(path, options.console_level);
    auto busy = std::make_unique<BusyWait>();
    sqlite3* db = open_connection(path, options.read_only, *busy);
    logger->info("database opened: " + path);
    auto database = std::unique_ptr<Database>(new Database(db, path, std::move(logger), std::move(busy)));
    database->read_only_ = options.read_only;
    return database;
}

// Quiver 0.10 deletes the file and then applies the script, so a bad schema left a 0-byte file and
// another handle kept writing into the deleted one. Here the script is checked in memory first,
// and the file is emptied and given the schema in one transaction: a failure leaves it as it was,
// and other handles on the file see the new, empty database.
std::unique_ptr<Database> Database::from_schema(const std::string& db_path, const std::string& schema_path,
                                                const DatabaseOptions& options) {
    if (options.read_only) fail("Cannot from_schema: read_only mode (use Database constructor to open existing)");
    std::error_code ec;
    if (schema_path.empty() || !fs::exists(schema_path, ec)) fail("Schema file not found: " + schema_path);
    auto script = read_file(schema_path);
    if (!script) fail("Failed to apply_schema: could not open file: " + schema_path);
    if (script->empty()) fail("Cannot apply_schema: schema file is empty: " + schema_path);
    check_schema_script(*script);

    const bool created = is_file_path(db_path) && !fs::exists(db_path, ec);
    std::unique_ptr<Database> database;
    try {
        database = open(db_path, options);
        sqlite3* db = database->db_;
        // Dropping tables runs their foreign-key actions unless enforcement is off, and SQLite
        // ignores the pragma inside a transaction.
        const std::string cannot_empty = "Cannot from_schema: " + db_path + " cannot be emptied (";
        exec_or_fail(db, "PRAGMA foreign_keys = OFF", cannot_empty);
        try {
            exec_or_fail(db, "BEGIN IMMEDIATE", "");  // waits for other writers up to the busy timeout
        } catch (const Error& e) {
            fail(cannot_empty + e.what() + ")");
        }
        try {
            try {
                empty_database(db);
            } catch (const Error& e) {
                fail(cannot_empty + e.what() + ")");
            }
            execute_script(db, *script);
            database->load_schema_now();
            exec_or_fail(db, "COMMIT", "Failed to commit transaction: ");
        } catch (...) {
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            database->create_cache_.reset();
            database->schema_.reset();
            throw;
        }
        exec_or_fail(db, "PRAGMA foreign_keys = ON", "Failed to commit transaction: ");
    } catch (...) {
        database.reset();
        if (created) {  // never leave behind a file this call created
            fs::remove(db_path, ec);
            fs::remove(db_path + "-journal", ec);
        }
        throw;
    }
    database->logger().info("schema applied from " + schema_path);
    return database;
}

std::unique_ptr<Database> Database::from_migrations(const std::string& db_path, const std::string& migrations_path,
                                                    const DatabaseOptions& options) {
    if (options.read_only) fail("Cannot from_migrations: read_only mode (use Database constructor to open existing)");
    std::error_code ec;
    if (!fs::exists(migrations_path, ec)) fail("Migrations path not found: " + migrations_path);
    if (!fs::is_directory(migrations_path, ec)) fail("Cannot from_migrations: path is not a directory: " + migrations_path);
    auto migrations = list_migrations(migrations_path);

    auto database = open(db_path, options);
    if (migrations.empty()) return database;

    int64_t current = database->current_version();
    bool applied = false;
    sqlite3* db = database->db_;
    for (const auto& [version, dir] : migrations) {
        if (version <= current) continue;
        auto script = read_file(dir / "up.sql");
        if (!script || script->empty())
            fail("Cannot migrate_up: migration " + std::to_string(version) + " has no up.sql file");
        try {
            exec_or_fail(db, "BEGIN IMMEDIATE", "Failed to begin transaction: ");
            try {
                execute_script(db, *script);
                try {
                    write_version(db, version);
                } catch (const Error& e) {
                    fail(std::string("Failed to set user_version: ") + e.what());
                }
                exec_or_fail(db, "COMMIT", "Failed to commit transaction: ");
            } catch (...) {
                sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
                throw;
            }
        } catch (const Error& e) {
            fail("Failed to migrate_up: migration " + std::to_string(version) + ": " + e.what());
        }
        database->logger().info("applied migration " + std::to_string(version));
        applied = true;
    }
    if (applied) database->load_schema_now();
    return database;
}

int64_t Database::current_version() { return read_version(db_); }

void Database::set_busy_timeout(int timeout_ms) {
    if (timeout_ms < 0) fail("Cannot set_busy_timeout: timeout must be 0 or more milliseconds, got " + std::to_string(timeout_ms));
    busy_->timeout_ms = timeout_ms;
}

void Database::load_schema_now() {
    Schema loaded = load_schema(db_);
    validate_schema(loaded);
    create_cache_.reset();
    schema_ = std::move(loaded);
}

const Schema& Database::schema() {
    if (!schema_) load_schema_now();
    return *schema_;
}

const TableInfo& Database::require_table(const std::string& op, const std::string& name) {
    const TableInfo* table = schema().find(name);
    if (!table) fail("Cannot " + op + ": collection not found: " + name);
    return *table;
}

StatementLease Database::prepare(const std::string& sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
        auto stmt = std::make_unique<Statement>(db_, sql);
        it = statements_.emplace(sql, CacheEntry{std::move(stmt), false}).first;
    }
    if (it->second.in_use) return StatementLease(std::make_unique<Statement>(db_, sql));
    it->second.in_use = true;
    return StatementLease(it->second.stmt.get(), &it->second.in_use);
}

CreateCache& Database::create_cache() {
    if (!create_cache_) create_cache_.reset(new_create_cache());
    return *create_cache_;
}

void Database::begin_transaction() {
    if (dry_run_) return;
    if (in_transaction()) fail("Cannot begin_transaction: transaction already active");
    exec_or_fail(db_, begin_sql(), "Failed to begin transaction: ");
}

void Database::commit() {
    if (dry_run_) return;
    if (!in_transaction()) fail("Cannot commit: no active transaction");
    char* err = nullptr;
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, &err) == SQLITE_OK) return;
    std::string message = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    // SQLite keeps the transaction open after a failed COMMIT; a later commit would persist the
    // failed work together with whatever was written in between.
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    if (in_transaction()) fail("Failed to commit transaction: " + message + " (and the rollback failed: the transaction is still open)");
    fail("Failed to commit transaction: " + message + " (the transaction was rolled back)");
}

void Database::rollback() {
    if (dry_run_) return;
    if (!in_transaction()) fail("Cannot rollback: no active transaction");
    char* err = nullptr;
    if (sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, &err) != SQLITE_OK) {
        logger_->warn(std::string("rollback failed: ") + (err ? err : sqlite_error(db_)));
        sqlite3_free(err);
    }
}

void Database::begin_dry_run(const void* owner, const char* who) {
    if (dry_run_) fail("Cannot begin_dry_run: dry run already active");
    if (in_transaction()) fail("Cannot begin_dry_run: transaction already active");
    exec_or_fail(db_, begin_sql(), "Failed to begin transaction: ");
    dry_run_ = true;
    dry_run_owner_ = owner;
    dry_run_who_ = who;
}

void Database::end_dry_run(const void* owner) {
    if (!dry_run_) fail("Cannot end_dry_run: no active dry run");
    if (owner != dry_run_owner_) {
        fail(std::string("Cannot end_dry_run: the dry run was begun by ") + dry_run_who_ + ", which alone can end it");
    }
    if (in_transaction()) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    if (in_transaction()) fail("Failed to end_dry_run: rollback left the transaction open");
    dry_run_ = false;
    dry_run_owner_ = nullptr;
}

WriteTransaction::WriteTransaction(Database& db) : db_(db) {
    if (!db_.in_transaction()) {
        exec_or_fail(db_.sqlite(), db_.begin_sql(), "Failed to begin transaction: ");
        owns_ = true;
    }
}

void WriteTransaction::commit() {
    if (!owns_) return;
    exec_or_fail(db_.sqlite(), "COMMIT", "Failed to commit transaction: ");
    owns_ = false;
}

WriteTransaction::~WriteTransaction() {
    if (owns_) sqlite3_exec(db_.sqlite(), "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace quiver
