// Basics, the element builder, lifecycle (schema files, a file database reopened), element
// writes, transactions, and error paths: NULL arguments, unknown names, hostile identifiers.
#include <cmath>
#include <filesystem>

#include "check.hpp"

namespace {

void basics_and_element() {
    CHECK_EQ(quiver_version(), "0.10.0");
    quiver_database_options_t options = quiver_database_options_default();
    CHECK_EQ(options.read_only, 0);
    CHECK_EQ(static_cast<int>(options.console_level), static_cast<int>(QUIVER_LOG_INFO));

    // The last error is sticky across successful calls until it is cleared.
    CHECK_ERR(quiver_element_destroy(nullptr), "Null argument: element");
    CHECK_OK(quiver_database_close(nullptr));
    CHECK_EQ(quiver_get_last_error(), "Null argument: element");
    quiver_clear_last_error();
    CHECK_EQ(quiver_get_last_error(), "");

    quiver_element_t* e = nullptr;
    REQUIRE(quiver_element_create(&e) == QUIVER_OK);
    CHECK_ERR(quiver_element_set_string(e, "x", nullptr), "Null argument: value");
    CHECK_ERR(quiver_element_set_integer(e, nullptr, 1), "Null argument: name");
    CHECK_ERR(quiver_element_set_array_integer(e, "x", nullptr, 2, nullptr), "Invalid values/count combination");
    int64_t one = 1;
    CHECK_ERR(quiver_element_set_array_integer(e, "x", &one, -1, nullptr), "Invalid values/count combination");
    CHECK_OK(quiver_element_set_array_integer(e, "x", nullptr, 0, nullptr));
    CHECK_OK(quiver_element_clear(e));

    // Scalars (one of them NULL) and arrays, printed in Quiver 0.10's element text format.
    CHECK_OK(quiver_element_set_string(e, "label", "P"));
    CHECK_OK(quiver_element_set_float(e, "area", 3.14));
    CHECK_OK(quiver_element_set_null(e, "owner"));
    double yields[] = {1.5, 2.5};
    CHECK_OK(quiver_element_set_array_float(e, "crop_yield", yields, 2, nullptr));
    const char* crops[] = {"a", nullptr};
    CHECK_OK(quiver_element_set_array_string(e, "crop", crops, 2, nullptr));
    CHECK_OK(quiver_element_set_array_integer(e, "empty", nullptr, 0, nullptr));
    char* text = nullptr;
    CHECK_OK(quiver_element_to_string(e, &text));
    CHECK_EQ(text,
             "Element {\n  scalars:\n    area: 3.140000\n    label: \"P\"\n    owner: null\n  arrays:\n"
             "    crop: [\"a\", null]\n    crop_yield: [1.500000, 2.500000]\n    empty: []\n}");
    CHECK_OK(quiver_database_free_string(text));
    size_t n = 0;
    int flag = 0;
    CHECK_OK(quiver_element_scalar_count(e, &n));
    CHECK_EQ(n, size_t{3});
    CHECK_OK(quiver_element_array_count(e, &n));
    CHECK_EQ(n, size_t{3});
    CHECK_OK(quiver_element_has_arrays(e, &flag));
    CHECK_EQ(flag, 1);
    CHECK_OK(quiver_element_clear(e));
    CHECK_OK(quiver_element_has_scalars(e, &flag));
    CHECK_EQ(flag, 0);
    CHECK_OK(quiver_element_to_string(e, &text));
    CHECK_EQ(text, "Element {\n}");
    CHECK_OK(quiver_database_free_string(text));
    CHECK_ERR(quiver_element_to_string(e, nullptr), "Null argument: out_string");
    CHECK_OK(quiver_element_destroy(e));
}

void lifecycle() {
    quiver_database_options_t quiet = quiver_database_options_default();
    quiet.console_level = QUIVER_LOG_OFF;
    quiver_database_t* db = nullptr;

    // The bundled example schema loads and is usable.
    REQUIRE(quiver_database_from_schema(":memory:", qt::example("energy.sql").c_str(), &quiet, &db) == QUIVER_OK);
    int64_t id = qt::make(db, "Bus", "North");
    CHECK_EQ(id, int64_t{1});
    int64_t count = 0;
    CHECK_OK(quiver_database_number_of_elements(db, "Plant", &count));
    CHECK_EQ(count, int64_t{0});
    CHECK_OK(quiver_database_close(db));
    db = nullptr;

    db = qt::open_fixture("farm.sql");
    REQUIRE(db != nullptr);
    int64_t version = -1;
    CHECK_OK(quiver_database_current_version(db, &version));
    CHECK_EQ(version, int64_t{0});
    const char* path = nullptr;
    CHECK_OK(quiver_database_path(db, &path));
    CHECK_EQ(path, ":memory:");
    int healthy = 0;
    CHECK_OK(quiver_database_is_healthy(db, &healthy));
    CHECK_EQ(healthy, 1);
    CHECK_OK(quiver_database_close(db));

    CHECK_ERR(quiver_database_from_schema(":memory:", "missing.sql", &quiet, &db), "Schema file not found: missing.sql");
    std::string empty = qt::temp_path("e.sql");
    qt::write_text(empty, "");
    CHECK_ERR(quiver_database_from_schema(":memory:", empty.c_str(), &quiet, &db),
              "Cannot apply_schema: schema file is empty: " + empty);
    quiver_database_options_t ro = quiet;
    ro.read_only = 1;
    CHECK_ERR(quiver_database_from_schema(":memory:", "missing.sql", &ro, &db),
              "Cannot from_schema: read_only mode (use Database constructor to open existing)");
    std::string absent = qt::temp_path("absent.db");
    CHECK_ERR(quiver_database_open(absent.c_str(), &ro, &db), "Failed to open database: unable to open database file");
    CHECK_ERR(quiver_database_open(nullptr, &quiet, &db), "Null argument: path");
    CHECK_ERR(quiver_database_open(":memory:", &quiet, nullptr), "Null argument: out_db");
    CHECK_ERR(quiver_database_from_schema(nullptr, "x", &quiet, &db), "Null argument: db_path");
    CHECK_ERR(quiver_database_from_schema(":memory:", nullptr, &quiet, &db), "Null argument: schema_path");

    // A file database survives close/open; the log file lands beside it.
    std::string file = qt::temp_path("farm.db");
    REQUIRE(quiver_database_from_schema(file.c_str(), qt::fixture("farm.sql").c_str(), &quiet, &db) == QUIVER_OK);
    qt::make(db, "Farm", "Persisted");
    CHECK_OK(quiver_database_close(db));
    db = nullptr;
    REQUIRE(quiver_database_open(file.c_str(), &quiet, &db) == QUIVER_OK);
    char* label = nullptr;
    int has = 0;
    CHECK_OK(quiver_database_read_scalar_string_by_id(db, "Farm", "label", 1, &label, &has));
    CHECK_EQ(has, 1);
    CHECK_EQ(label, "Persisted");
    CHECK_OK(quiver_database_free_string(label));
    CHECK_OK(quiver_database_close(db));
    CHECK(std::filesystem::exists(qt::temp_path("quiver_database.log")));
}

void writes(quiver_database_t* db) {
    quiver_element_t* e = nullptr;
    REQUIRE(quiver_element_create(&e) == QUIVER_OK);
    int64_t id = 0;

    CHECK_OK(quiver_element_set_string(e, "label", "  F1 "));
    CHECK_OK(quiver_database_create_element(db, "Farm", e, &id));
    CHECK_EQ(id, int64_t{1});
    CHECK_ERR(quiver_database_create_element(db, "Farm", e, &id),
              "Failed to execute statement: UNIQUE constraint failed: Farm.label");

    CHECK_OK(quiver_element_clear(e));
    CHECK_OK(quiver_element_set_string(e, "owner", "Ann"));
    CHECK_ERR(quiver_database_create_element(db, "Farm", e, &id),
              "Failed to execute statement: NOT NULL constraint failed: Farm.label");

    CHECK_OK(quiver_element_clear(e));
    CHECK_OK(quiver_element_set_string(e, "label", "F2"));
    CHECK_OK(quiver_element_set_float(e, "hectares", 3.0));
    CHECK_ERR(quiver_database_create_element(db, "Farm", e, &id),
              "Cannot create_element: type mismatch for column 'hectares': expected INTEGER, got REAL");
    CHECK_OK(quiver_element_set_null(e, "hectares"));
    CHECK_OK(quiver_element_set_integer(e, "area", 7));
    double yields[] = {1.0, 2.0};
    CHECK_OK(quiver_element_set_array_float(e, "crop_yield", yields, 2, nullptr));
    int64_t harvest[] = {5, 6};
    CHECK_OK(quiver_element_set_array_integer(e, "harvest_count", harvest, 2, nullptr));
    const char* crops[] = {"wheat", "corn"};
    CHECK_OK(quiver_element_set_array_string(e, "crop", crops, 2, nullptr));
    CHECK_OK(quiver_database_create_element(db, "Farm", e, &id));
    CHECK_EQ(id, int64_t{2});

    CHECK_OK(quiver_element_clear(e));
    CHECK_OK(quiver_element_set_string(e, "label", "F3"));
    double bad[] = {1.5};
    CHECK_OK(quiver_element_set_array_float(e, "nope", bad, 1, nullptr));
    CHECK_ERR(quiver_database_create_element(db, "Farm", e, &id),
              "Cannot create_element: array 'nope' does not match any vector, set, or time series table in collection 'Farm'");
    CHECK_ERR(quiver_database_create_element(db, "farm", e, &id), "Cannot create_element: collection not found: farm");

    // Update: scalars, arrays replace whole groups; errors leave things as they were.
    CHECK_OK(quiver_element_clear(e));
    CHECK_ERR(quiver_database_update_element(db, "Farm", 1, e),
              "Cannot update_element: element must have at least one attribute to update");
    CHECK_OK(quiver_element_set_integer(e, "hectares", 3));
    CHECK_ERR(quiver_database_update_element(db, "Farm", 999, e), "Element not found: 999 in collection 'Farm'");
    CHECK_ERR(quiver_database_update_element(db, "Nope", 1, e), "Cannot update_element: collection not found: Nope");
    CHECK_OK(quiver_database_update_element(db, "Farm", 1, e));
    int64_t hectares = 0;
    int has = 0;
    CHECK_OK(quiver_database_read_scalar_integer_by_id(db, "Farm", "hectares", 1, &hectares, &has));
    CHECK_EQ(hectares, int64_t{3});

    // Barn -> Farm by label, vector + set of references: a label array goes to every group table
// having that column.
    int64_t barn = qt::make(db, "Barn", "B1");
    CHECK_OK(quiver_element_clear(e));
    CHECK_OK(quiver_element_set_string(e, "farm_id", " F2 "));
    const char* links[] = {"F1", "F2"};
    CHECK_OK(quiver_element_set_array_string(e, "farm_link", links, 2, nullptr));
    CHECK_OK(quiver_database_update_element(db, "Barn", barn, e));
    CHECK_OK(quiver_database_read_scalar_integer_by_id(db, "Barn", "farm_id", barn, &hectares, &has));
    CHECK_EQ(hectares, int64_t{2});
    CHECK_OK(quiver_element_set_string(e, "farm_id", "Nope"));
    CHECK_ERR(quiver_database_update_element(db, "Barn", barn, e), "Failed to resolve label 'Nope' to ID in table 'Farm'");

    // Delete: the second call finds nothing.
    int64_t doomed = qt::make(db, "Farm", "Doomed");
    CHECK_OK(quiver_database_delete_element(db, "Farm", doomed));
    CHECK_ERR(quiver_database_delete_element(db, "Farm", doomed),
              "Element not found: " + std::to_string(doomed) + " in collection 'Farm'");
    CHECK_OK(quiver_element_destroy(e));
}

void transactions(quiver_database_t* db) {
    CHECK_ERR(quiver_database_commit(db), "Cannot commit: no active transaction");
    CHECK_ERR(quiver_database_rollback(db), "Cannot rollback: no active transaction");
    CHECK_ERR(quiver_database_end_dry_run(db), "Cannot end_dry_run: no active dry run");
    int active = 0;
    CHECK_OK(quiver_database_begin_transaction(db));
    CHECK_ERR(quiver_database_begin_transaction(db), "Cannot begin_transaction: transaction already active");
    CHECK_OK(quiver_database_in_transaction(db, &active));
    CHECK_EQ(active, 1);
    qt::make(db, "Farm", "RolledBack");
    CHECK_OK(quiver_database_rollback(db));

    CHECK_OK(quiver_database_begin_dry_run(db));
    CHECK_ERR(quiver_database_begin_dry_run(db), "Cannot begin_dry_run: dry run already active");
    CHECK_OK(quiver_database_in_dry_run(db, &active));
    CHECK_EQ(active, 1);
    qt::make(db, "Farm", "DRY");
    CHECK_OK(quiver_database_end_dry_run(db));
    CHECK_OK(quiver_database_in_dry_run(db, &active));
    CHECK_EQ(active, 0);

    int64_t n = -1;
    int has = 0;
    CHECK_OK(quiver_database_query_integer(db, "SELECT COUNT(*) FROM Farm WHERE label IN ('DRY', 'RolledBack')", &n, &has));
    CHECK_EQ(n, int64_t{0});
}

// Every entry point rejects NULL in header parameter order; a sample of each family.
void null_arguments(quiver_database_t* db) {
    int64_t i = 0;
    double f = 0;
    int has = 0;
    size_t n = 0;
    int64_t* ints = nullptr;
    uint8_t* mask = nullptr;
    char* s = nullptr;
    quiver_scalar_metadata_t meta{};
    CHECK_ERR(quiver_database_read_scalar_integers(nullptr, "Farm", "hectares", &ints, &mask, &n), "Null argument: db");
    CHECK_ERR(quiver_database_read_scalar_integers(db, nullptr, "hectares", &ints, &mask, &n), "Null argument: collection");
    CHECK_ERR(quiver_database_read_scalar_integers(db, "Farm", nullptr, &ints, &mask, &n), "Null argument: attribute");
    CHECK_ERR(quiver_database_read_scalar_integers(db, "Farm", "hectares", nullptr, &mask, &n), "Null argument: out_values");
    CHECK_ERR(quiver_database_read_scalar_integers(db, "Farm", "hectares", &ints, nullptr, &n), "Null argument: out_mask");
    CHECK_ERR(quiver_database_read_scalar_float_by_id(db, "Farm", "area", 1, &f, nullptr), "Null argument: out_has_value");
    CHECK_ERR(quiver_database_number_of_elements(db, "Farm", nullptr), "Null argument: out_count");
    CHECK_ERR(quiver_database_create_element(db, "Farm", nullptr, &i), "Null argument: element");
    CHECK_ERR(quiver_database_delete_element(db, nullptr, 1), "Null argument: collection");
    CHECK_ERR(quiver_database_query_integer(db, nullptr, &i, &has), "Null argument: sql");
    CHECK_ERR(quiver_database_query_string_params(db, "SELECT ?", nullptr, nullptr, 1, &s, &has), "Null argument: param_types");
    CHECK_ERR(quiver_database_get_scalar_metadata(db, "Farm", "label", nullptr), "Null argument: out_metadata");
    CHECK_ERR(quiver_database_free_scalar_metadata(nullptr), "Null argument: metadata");
    CHECK_ERR(quiver_database_describe(db, nullptr), "Null argument: out_report");
    CHECK_ERR(quiver_database_begin_transaction(nullptr), "Null argument: db");
    CHECK_ERR(quiver_database_export_csv(db, "Farm", "", nullptr, nullptr), "Null argument: path");
    CHECK_ERR(quiver_database_update_vector_group(db, "Farm", "yields", 1, nullptr, nullptr, nullptr, nullptr, 1, 1),
              "Null argument: column_names");
    CHECK(meta.name == nullptr);
    // The free functions of arrays and strings accept NULL.
    CHECK_OK(quiver_database_free_integer_array(nullptr));
    CHECK_OK(quiver_database_free_string_array(nullptr, 3));
    CHECK_OK(quiver_database_free_integer_vectors(nullptr, nullptr, 2));
    CHECK_OK(quiver_database_free_string(nullptr));
}

// Names are never spliced into SQL unchecked: a hostile one is just an unknown name.
void hostile_identifiers(quiver_database_t* db) {
    const char* evil = "x; DROP TABLE Configuration";
    int64_t n = 0;
    int64_t* ints = nullptr;
    uint8_t* mask = nullptr;
    size_t count = 0;
    CHECK_ERR(quiver_database_number_of_elements(db, evil, &n),
              "Cannot number_of_elements: collection not found: x; DROP TABLE Configuration");
    CHECK_ERR(quiver_database_read_scalar_integers(db, "Farm", evil, &ints, &mask, &count),
              "Cannot read_scalar_integers: column 'x; DROP TABLE Configuration' not found in table 'Farm'");
    CHECK_ERR(quiver_database_delete_element(db, evil, 1), "Cannot delete_element: collection not found: x; DROP TABLE Configuration");

    quiver_element_t* e = nullptr;
    REQUIRE(quiver_element_create(&e) == QUIVER_OK);
    CHECK_OK(quiver_element_set_string(e, "label", "Evil"));
    CHECK_OK(quiver_element_set_integer(e, evil, 1));
    int64_t id = 0;
    CHECK_ERR(quiver_database_create_element(db, "Farm", e, &id),
              "Column 'x; DROP TABLE Configuration' not found in table 'Farm'");
    CHECK_OK(quiver_element_destroy(e));

    quiver_scalar_metadata_t meta{};
    CHECK_ERR(quiver_database_get_scalar_metadata(db, "Farm", evil, &meta),
              "Scalar attribute not found: 'x; DROP TABLE Configuration' in collection 'Farm'");
    quiver_group_metadata_t group{};
    CHECK_ERR(quiver_database_get_vector_metadata(db, "Farm", evil, &group),
              "Vector group not found: 'x; DROP TABLE Configuration' in collection 'Farm'");
    CHECK_ERR(quiver_database_export_csv(db, "Farm", evil, qt::temp_path("evil.csv").c_str(), nullptr),
              "Cannot export_csv: group not found: 'x; DROP TABLE Configuration' in collection 'Farm'");

    // The table is still there.
    CHECK_OK(quiver_database_number_of_elements(db, "Configuration", &n));
    CHECK_EQ(n, int64_t{0});
}

}  // namespace

void test_core() {
    basics_and_element();
    lifecycle();
    quiver_database_t* db = qt::open_fixture("farm.sql");
    if (!db) return;
    writes(db);
    transactions(db);
    null_arguments(db);
    hostile_identifiers(db);
    CHECK_OK(quiver_database_close(db));
}
