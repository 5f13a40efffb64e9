// What happens to files: exports that never leave a truncated file or touch the database's own
// files, imports that keep foreign keys, from_schema that never makes a file worse, migration
// folder names and versions beyond 32 bits, SQL-keyword names, busy timeouts and read-only opens
// of a database whose writer died mid-transaction.
#include <chrono>
#include <filesystem>
#include <string>

#include "check.hpp"
#include "quiver/c/extensions.h"

namespace {

namespace fs = std::filesystem;

quiver_database_t* from_schema(const std::string& db_path, const std::string& schema) {
    quiver_database_options_t options = quiver_database_options_default();
    options.console_level = QUIVER_LOG_OFF;
    quiver_database_t* db = nullptr;
    if (quiver_database_from_schema(db_path.c_str(), schema.c_str(), &options, &db) != QUIVER_OK) return nullptr;
    return db;
}

quiver_database_t* open_path(const std::string& path, int read_only) {
    quiver_database_options_t options = quiver_database_options_default();
    options.console_level = QUIVER_LOG_OFF;
    options.read_only = read_only;
    quiver_database_t* db = nullptr;
    if (quiver_database_open(path.c_str(), &options, &db) != QUIVER_OK) return nullptr;
    return db;
}

int64_t integer(quiver_database_t* db, const char* sql) {
    int64_t n = -1;
    int has = 0;
    quiver_database_query_integer(db, sql, &n, &has);
    return n;
}

void exports(const std::string& dir) {
    std::string path = dir + "/export.db";
    quiver_database_t* db = from_schema(path, qt::fixture("plant.sql"));
    REQUIRE(db != nullptr);
    qt::make(db, "Plant", "P1");
    auto size = fs::file_size(path);
    CHECK_ERR(quiver_database_export_csv(db, "Plant", "", path.c_str(), nullptr),
              "Cannot export_csv: " + path + " is the database file");
    std::string journal = path + "-journal";
    CHECK_ERR(quiver_database_export_csv(db, "Plant", "", journal.c_str(), nullptr),
              "Cannot export_csv: " + journal + " is the database's rollback journal");
    std::string log = dir + "/quiver_database.log";
    CHECK_ERR(quiver_database_export_csv(db, "Plant", "", log.c_str(), nullptr),
              "Cannot export_csv: " + log + " is the database's log file");
    CHECK_EQ(fs::file_size(path), size);
    CHECK_EQ(integer(db, "SELECT COUNT(*) FROM Plant"), int64_t{1});
#ifndef _WIN32  // a device that always reports a full disk
    CHECK_ERR(quiver_database_export_csv(db, "Plant", "", "/dev/full", nullptr),
              "Failed to export_csv: could not write file: /dev/full: No space left on device");
#endif
    std::string csv = dir + "/plants.csv";
    qt::write_text(csv, "old");
    CHECK_OK(quiver_database_export_csv(db, "Plant", "", csv.c_str(), nullptr));
    CHECK_EQ(qt::read_text(csv), "sep=,\nlabel,capacity,kind,date_built,owner_id\nP1,,,,\n");
    for (const auto& entry : fs::directory_iterator(dir)) CHECK(entry.path().extension() != ".tmp");
    CHECK_OK(quiver_database_close(db));
}

void imports_keep_foreign_keys(const std::string& dir) {
    quiver_database_t* db = from_schema(dir + "/fk.db", qt::fixture("plant.sql"));
    REQUIRE(db != nullptr);
    qt::make(db, "Owner", "O1");
    qt::make(db, "Owner", "O2");
    quiver_element_t* e = nullptr;
    REQUIRE(quiver_element_create(&e) == QUIVER_OK);
    int64_t plant = 0;
    double costs[] = {1, 2};
    quiver_element_set_string(e, "label", "P1");
    quiver_element_set_string(e, "owner_id", "O1");
    quiver_element_set_array_float(e, "cost", costs, 2, nullptr);
    CHECK_OK(quiver_database_create_element(db, "Plant", e, &plant));
    quiver_element_destroy(e);

    // Dropping O1 sets the plant's owner_id NULL (ON DELETE SET NULL); O2 keeps its id.
    std::string owners = dir + "/owners.csv";
    qt::write_text(owners, "sep=,\nlabel\nO2\nO3\n");
    CHECK_OK(quiver_database_import_csv(db, "Owner", "", owners.c_str(), nullptr));
    CHECK_EQ(integer(db, "SELECT COUNT(*) FROM Plant WHERE owner_id IS NULL"), int64_t{1});
    CHECK_EQ(integer(db, "SELECT id FROM Owner WHERE label = 'O2'"), int64_t{2});
    // A header-only Plant file removes the plant and, by cascade, its vector rows.
    std::string plants = dir + "/plants.csv";
    qt::write_text(plants, "sep=,\nlabel,capacity,kind,date_built,owner_id\n");
    CHECK_OK(quiver_database_import_csv(db, "Plant", "", plants.c_str(), nullptr));
    CHECK_EQ(integer(db, "SELECT COUNT(*) FROM Plant_vector_costs"), int64_t{0});
    CHECK_EQ(integer(db, "SELECT COUNT(*) FROM pragma_foreign_key_check"), int64_t{0});
    CHECK_OK(quiver_database_close(db));
}

void from_schema_never_worse(const std::string& dir) {
    std::string path = dir + "/schema.db";
    std::string bad = dir + "/bad.sql";
    qt::write_text(bad, "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;\nCREAT x;");
    quiver_database_options_t options = quiver_database_options_default();
    options.console_level = QUIVER_LOG_OFF;
    quiver_database_t* db = nullptr;
    CHECK_ERR(quiver_database_from_schema(path.c_str(), bad.c_str(), &options, &db),
              "Failed to execute SQL: near \"CREAT\": syntax error");
    CHECK(!fs::exists(path));

    db = from_schema(path, qt::fixture("plant.sql"));
    REQUIRE(db != nullptr);
    qt::make(db, "Plant", "P1");
    quiver_database_t* other = nullptr;
    CHECK_ERR(quiver_database_from_schema(path.c_str(), bad.c_str(), &options, &other),
              "Failed to execute SQL: near \"CREAT\": syntax error");
    CHECK_EQ(integer(db, "SELECT COUNT(*) FROM Plant"), int64_t{1});
    // A second from_schema empties the same file: the first handle sees it.
    other = from_schema(path, qt::fixture("plant.sql"));
    REQUIRE(other != nullptr);
    CHECK_EQ(integer(db, "SELECT COUNT(*) FROM Plant"), int64_t{0});
    CHECK_OK(quiver_database_close(other));
    CHECK_OK(quiver_database_close(db));

    std::string junk = dir + "/junk.db";
    qt::write_text(junk, std::string(2048, 'x'));
    CHECK_ERR(quiver_database_from_schema(junk.c_str(), qt::fixture("plant.sql").c_str(), &options, &other),
              "Cannot from_schema: " + junk + " cannot be emptied (file is not a database)");
    CHECK_EQ(fs::file_size(junk), uintmax_t{2048});
}

void migrations(const std::string& dir) {
    std::string folder = dir + "/migrations";
    fs::create_directories(folder + "/1");
    fs::create_directories(folder + "/4294967297");
    qt::write_text(folder + "/1/up.sql",
                   "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;");
    qt::write_text(folder + "/4294967297/up.sql",
                   "CREATE TABLE \"Order\" (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;");
    quiver_database_options_t options = quiver_database_options_default();
    options.console_level = QUIVER_LOG_OFF;
    std::string path = dir + "/migrated.db";
    quiver_database_t* db = nullptr;
    REQUIRE(quiver_database_from_migrations(path.c_str(), folder.c_str(), &options, &db) == QUIVER_OK);
    int64_t version = 0;
    CHECK_OK(quiver_database_current_version(db, &version));
    CHECK_EQ(version, int64_t{4294967297});
    CHECK(qt::make(db, "Order", "keyword collection") == 1);  // "Order" is an SQL keyword
    CHECK_OK(quiver_database_close(db));
    REQUIRE(quiver_database_from_migrations(path.c_str(), folder.c_str(), &options, &db) == QUIVER_OK);
    CHECK_OK(quiver_database_current_version(db, &version));
    CHECK_EQ(version, int64_t{4294967297});
    CHECK_OK(quiver_database_close(db));

    fs::create_directories(folder + "/01");
    CHECK_ERR(quiver_database_from_migrations(path.c_str(), folder.c_str(), &options, &db),
              "Cannot from_migrations: invalid migration folder name '01': a version is written in plain decimal "
              "from 1 to 9223372036854775807, without sign, spaces or leading zeros");
}

void busy_timeout(const std::string& dir) {
    std::string path = dir + "/busy.db";
    quiver_database_t* first = from_schema(path, qt::fixture("plant.sql"));
    REQUIRE(first != nullptr);
    quiver_database_t* second = open_path(path, 0);
    REQUIRE(second != nullptr);
    CHECK_ERR(quiver_database_set_busy_timeout(nullptr, 10), "Null argument: db");
    CHECK_ERR(quiver_database_set_busy_timeout(second, -1),
              "Cannot set_busy_timeout: timeout must be 0 or more milliseconds, got -1");
    CHECK_OK(quiver_database_set_busy_timeout(second, 100));
    CHECK_OK(quiver_database_begin_transaction(first));
    qt::make(first, "Plant", "pending");
    auto started = std::chrono::steady_clock::now();
    quiver_element_t* e = nullptr;
    REQUIRE(quiver_element_create(&e) == QUIVER_OK);
    quiver_element_set_string(e, "label", "blocked");
    int64_t id = 0;
    CHECK_ERR(quiver_database_create_element(second, "Plant", e, &id),
              "Failed to begin transaction: database is locked (another connection kept it locked for longer than the "
              "busy timeout)");
    quiver_element_destroy(e);
    CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(90));
    CHECK_OK(quiver_database_commit(first));
    CHECK_OK(quiver_database_close(second));
    CHECK_OK(quiver_database_close(first));
}

// A writer with a large open transaction has spilled pages into the file: a copy of the file and
// its journal taken now is what a crash leaves behind, a hot journal that a read-only open must
// roll back before it can read.
void read_only_after_crash(const std::string& dir) {
    std::string path = dir + "/live.db";
    std::string copy = dir + "/crash.db";
    quiver_database_t* writer = from_schema(path, qt::fixture("plant.sql"));
    REQUIRE(writer != nullptr);
    qt::make(writer, "Plant", "committed");
    int64_t n = 0;
    int has = 0;
    CHECK_OK(quiver_database_query_integer(writer, "PRAGMA cache_size = 2", &n, &has));
    CHECK_OK(quiver_database_begin_transaction(writer));
    for (int i = 0; i < 500; ++i) {
        quiver_database_query_integer(writer, "INSERT INTO Plant (label) VALUES (hex(randomblob(100)))", &n, &has);
    }
    fs::copy_file(path, copy);
    fs::copy_file(path + "-journal", copy + "-journal");
    CHECK_OK(quiver_database_rollback(writer));
    CHECK_OK(quiver_database_close(writer));

    quiver_database_t* reader = open_path(copy, 1);
    REQUIRE(reader != nullptr);
    CHECK_EQ(integer(reader, "SELECT COUNT(*) FROM Plant"), int64_t{1});
    char* check = nullptr;
    CHECK_OK(quiver_database_query_string(reader, "PRAGMA integrity_check", &check, &has));
    CHECK_EQ(check, "ok");
    CHECK_OK(quiver_database_free_string(check));
    CHECK_OK(quiver_database_close(reader));
    CHECK(!fs::exists(copy + "-journal"));
}

}  // namespace

void test_files() {
    std::string dir = qt::temp_path("files");
    fs::create_directories(dir);
    exports(dir);
    imports_keep_foreign_keys(dir);
    from_schema_never_worse(dir);
    migrations(dir);
    busy_timeout(dir);
    read_only_after_crash(dir);
}
