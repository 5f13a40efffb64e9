#include "database.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "error.hpp"

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

sqlite3* open_connection(const std::string& path, bool read_only) {
    sqlite3* db = nullptr;
    int flags = (read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close_v2(db);
        fail("Failed to open database: " + msg);
    }
    sqlite3_extended_result_codes(db, 0);
    sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
    return db;
}

// A file read whole; nullopt when it cannot be opened.
std::optional<std::string> read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A migration folder name is a base-10 integer > 0 (strtoll rules, whole name).
std::optional<int64_t> migration_version(const std::string& name) {
    if (name.empty()) return std::nullopt;
    const char* begin = name.c_str();
    char* end = nullptr;
    errno = 0;
    long long v = std::strtoll(begin, &end, 10);
    if (end == begin || *end != '\0' || errno != 0 || v <= 0) return std::nullopt;
    return static_cast<int64_t>(v);
}

void exec_or_fail(sqlite3* db, const char* sql, const std::string& prefix) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errmsg(db);
        sqlite3_free(err);
        fail(prefix + msg);
    }
}

}  // namespace

Database::Database(sqlite3* db, std::string path, std::unique_ptr<Logger> logger)
    : db_(db), path_(std::move(path)), logger_(std::move(logger)) {}

Database::~Database() {
    statements_.clear();  // finalize before closing
    sqlite3_close_v2(db_);
    if (logger_) logger_->info("database closed: " + path_);
}

std::unique_ptr<Database> Database::open(const std::string& path, const DatabaseOptions& options) {
    auto logger = std::make_unique<Logger>(path, options.console_level);
    sqlite3* db = open_connection(path, options.read_only);
    logger->info("database opened: " + path);
    return std::unique_ptr<Database>(new Database(db, path, std::move(logger)));
}

std::unique_ptr<Database> Database::from_schema(const std::string& db_path, const std::string& schema_path,
                                                const DatabaseOptions& options) {
    if (options.read_only) fail("Cannot from_schema: read_only mode (use Database constructor to open existing)");
    std::error_code ec;
    if (schema_path.empty() || !fs::exists(schema_path, ec)) fail("Schema file not found: " + schema_path);
    if (db_path != ":memory:" && !db_path.empty()) fs::remove(db_path, ec);  // from_schema always starts empty

    auto database = open(db_path, options);
    auto script = read_file(schema_path);
    if (!script) fail("Failed to apply_schema: could not open file: " + schema_path);
    if (script->empty()) fail("Cannot apply_schema: schema file is empty: " + schema_path);

    sqlite3* db = database->db_;
    exec_or_fail(db, "BEGIN TRANSACTION", "Failed to begin transaction: ");
    try {
        execute_script(db, *script);
        database->load_schema_now();
        exec_or_fail(db, "COMMIT", "Failed to commit transaction: ");
    } catch (...) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        database->schema_.reset();
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

    auto database = open(db_path, options);

    std::vector<std::pair<int64_t, fs::path>> migrations;
    for (const auto& entry : fs::directory_iterator(migrations_path, ec)) {
        if (!entry.is_directory(ec)) continue;
        if (auto v = migration_version(entry.path().filename().string())) migrations.emplace_back(*v, entry.path());
    }
    std::stable_sort(migrations.begin(), migrations.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
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
            exec_or_fail(db, "BEGIN TRANSACTION", "Failed to begin transaction: ");
            try {
                execute_script(db, *script);
                exec_or_fail(db, ("PRAGMA user_version = " + std::to_string(version)).c_str(),
                             "Failed to set user_version: ");
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

int64_t Database::current_version() {
    Statement stmt(db_, "PRAGMA user_version");
    int rc = sqlite3_step(stmt.raw());
    if (rc != SQLITE_ROW) fail(std::string("Failed to read user_version: ") + sqlite3_errmsg(db_));
    return sqlite3_column_int64(stmt.raw(), 0);
}

void Database::load_schema_now() {
    Schema loaded = load_schema(db_);
    validate_schema(loaded);
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

void Database::begin_transaction() {
    if (dry_run_) return;
    if (in_transaction()) fail("Cannot begin_transaction: transaction already active");
    exec_or_fail(db_, "BEGIN TRANSACTION", "Failed to begin transaction: ");
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
        logger_->warn(std::string("rollback failed: ") + (err ? err : sqlite3_errmsg(db_)));
        sqlite3_free(err);
    }
}

void Database::begin_dry_run(const void* owner, const char* who) {
    if (dry_run_) fail("Cannot begin_dry_run: dry run already active");
    if (in_transaction()) fail("Cannot begin_dry_run: transaction already active");
    exec_or_fail(db_, "BEGIN TRANSACTION", "Failed to begin transaction: ");
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
        exec_or_fail(db_.sqlite(), "BEGIN TRANSACTION", "Failed to begin transaction: ");
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
