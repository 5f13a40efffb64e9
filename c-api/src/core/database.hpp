#pragma once
// The core Database: owns the SQLite connection, the lazily loaded schema model, the logger,
// the dry-run flag and a cache of prepared statements.
#include <sqlite3.h>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "connection.hpp"
#include "logger.hpp"
#include "schema.hpp"
#include "sqlite.hpp"

namespace quiver {

struct DatabaseOptions {
    bool read_only = false;
    int console_level = 1;  // quiver_log_level_t; out-of-range values behave like INFO
};

class Database;
class CreateCache;  // element_create.cpp
struct CreateCacheDeleter {
    void operator()(CreateCache* cache) const;
};

// A prepared statement borrowed from the database's cache; reset and released on destruction.
class StatementLease {
public:
    StatementLease(Statement* stmt, bool* in_use) : stmt_(stmt), in_use_(in_use) {}
    StatementLease(std::unique_ptr<Statement> owned) : owned_(std::move(owned)), stmt_(owned_.get()) {}
    StatementLease(StatementLease&& other) noexcept;
    StatementLease(const StatementLease&) = delete;
    ~StatementLease();
    Statement* operator->() const { return stmt_; }
    Statement& operator*() const { return *stmt_; }

private:
    std::unique_ptr<Statement> owned_;
    Statement* stmt_ = nullptr;
    bool* in_use_ = nullptr;
};

class Database {
public:
    static std::unique_ptr<Database> open(const std::string& path, const DatabaseOptions& options);
    static std::unique_ptr<Database> from_schema(const std::string& db_path, const std::string& schema_path,
                                                 const DatabaseOptions& options);
    static std::unique_ptr<Database> from_migrations(const std::string& db_path, const std::string& migrations_path,
                                                     const DatabaseOptions& options);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    sqlite3* sqlite() const { return db_; }
    const std::string& path() const { return path_; }
    Logger& logger() { return *logger_; }
    // The recorded schema version (migrations.hpp: versions beyond 32 bits are supported).
    int64_t current_version();
    // How long statements wait for another connection's lock (default kDefaultBusyTimeoutMs).
    void set_busy_timeout(int timeout_ms);
    // Write transactions take the write lock when they begin: a deferred one that reads first
    // and then has to wait for a writer would fail at once ("database is locked") to avoid a
    // deadlock, busy timeout or not. A read-only connection begins deferred, blocking nobody.
    const char* begin_sql() const { return read_only_ ? "BEGIN" : "BEGIN IMMEDIATE"; }

    // The validated model, loaded on first use and then never refreshed. A failed load is retried next time.
    const Schema& schema();
    // Loads the model and requires `name` to be a table of it (any table, as Quiver 0.10 does), else
    // "Cannot <op>: collection not found: <name>".
    const TableInfo& require_table(const std::string& op, const std::string& name);

    // Prepared statement from the per-connection cache (a fresh one when that SQL is in use).
    StatementLease prepare(const std::string& sql);
    // create_element's plans (element_create.hpp); they point into the schema model, so they are
    // dropped whenever it is reloaded, and their statements are finalized before the connection closes.
    CreateCache& create_cache();

    // Transactions and dry runs. A COMMIT that fails (e.g. "database is locked") rolls
    // the transaction back, so no failed work can be committed later by accident.
    void begin_transaction();
    void commit();
    void rollback();
    bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

    // A dry run belongs to whoever began it: only the same owner may end it, so a script cannot
    // end (and so keep the writes of) a dry run its caller began. `owner` identifies the party
    // (nullptr: the C API caller) and `who` names it in the error the others get.
    void begin_dry_run(const void* owner = nullptr, const char* who = "the caller");
    void end_dry_run(const void* owner = nullptr);
    bool in_dry_run() const { return dry_run_; }
    const void* dry_run_owner() const { return dry_run_owner_; }

private:
    Database(sqlite3* db, std::string path, std::unique_ptr<Logger> logger, std::unique_ptr<BusyWait> busy);
    void load_schema_now();

    std::unique_ptr<BusyWait> busy_;  // outlives db_ (destroyed after the destructor closes it)
    sqlite3* db_ = nullptr;
    std::string path_;
    std::unique_ptr<Logger> logger_;
    std::optional<Schema> schema_;
    bool read_only_ = false;
    bool dry_run_ = false;
    const void* dry_run_owner_ = nullptr;
    const char* dry_run_who_ = "";
    struct CacheEntry {
        std::unique_ptr<Statement> stmt;
        bool in_use = false;
    };
    std::unordered_map<std::string, CacheEntry> statements_;
    std::unique_ptr<CreateCache, CreateCacheDeleter> create_cache_;
};

// Begins a transaction only when SQLite is in autocommit mode; rolls it back on
// destruction unless commit() was called. Inside an open transaction it does nothing.
class WriteTransaction {
public:
    explicit WriteTransaction(Database& db);
    ~WriteTransaction();
    void commit();
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

private:
    Database& db_;
    bool owns_ = false;
};

}  // namespace quiver
